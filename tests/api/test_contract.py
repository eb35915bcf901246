"""The API reads no personal data. The import contract (pyproject.toml) forbids every import,
direct or indirect, of the modules that hold people, but for two gates: the selector modules
that read the kept counts beside them. Here the API is held to the functions of those gates
(and of campaigns.models) that give plain counts and replies, never a signature or a sheet row."""

import ast
from pathlib import Path

from doorstep.api.selectors import Breakdown
from doorstep.signatures.models import Tally

API = Path(__file__).resolve().parents[2] / "doorstep" / "api"
ALLOWED = {
    "doorstep.signatures.selectors.counts": {
        "Counts",
        "NamedAreaCount",
        "petition_areas",
        "petition_breakdown",
        "petition_counts",
        "petition_counts_many",
        "signatures_by_country",
    },
    "doorstep.paper.totals": {"petition_figures"},
    "doorstep.campaigns.models": {"HandIn", "Reply"},
}


def imported_names() -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for path in API.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.setdefault(node.module, set()).update(alias.name for alias in node.names)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    names.setdefault(alias.name, set()).add("*")
    return names


def test_the_api_takes_only_plain_counts_from_the_gates():
    names = imported_names()
    for module, allowed in ALLOWED.items():
        assert names.get(module, set()) <= allowed, f"{module}: {names[module] - allowed}"
    # Named one by one, never a whole module (which would let anything through unseen).
    assert (
        not {"doorstep.signatures", "doorstep.signatures.selectors", "doorstep.paper", "doorstep.campaigns"}
        & names.keys()
    )


def test_the_breakdowns_are_kept_tallies():
    assert set(Breakdown) <= set(Tally.Dimension.values)

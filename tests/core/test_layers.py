"""Views, tasks and commands read through selectors and write through services.

They may name a model (for its choices, or a type), but they never query one: no
`.objects`, no `get_object_or_404`, no queryset methods on a model class.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "doorstep"


def _thin(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return (
        path.stem.endswith("views")
        or "views" in parts
        or path.stem in {"tasks", "bundle", "receivers"}
        or "commands" in parts
    )


THIN = sorted(p for p in ROOT.rglob("*.py") if _thin(p) and p.name != "__init__.py")
QUERYING = {"get_object_or_404", "get_list_or_404"}


def queries(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Name) and node.id in QUERYING:
            found.append((node.lineno, node.id))
    return found


@pytest.mark.parametrize("path", THIN, ids=lambda p: str(p.relative_to(ROOT)))
def test_thin_layers_do_not_query_models(path):
    found = queries(path)
    assert not found, "\n".join(f"{path.relative_to(ROOT)}:{line}: {code}" for line, code in found)

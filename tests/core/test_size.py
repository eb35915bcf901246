"""Small enough to read: no module over 400 lines, no function over 50."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "doorstep"
MODULES = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_and_functions_are_small(path):
    source = path.read_text()
    assert source.count("\n") <= 400, f"{path.relative_to(ROOT)} has {source.count(chr(10))} lines: split it"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 50
    ]
    assert not long, f"{path.relative_to(ROOT)}: " + ", ".join(long)

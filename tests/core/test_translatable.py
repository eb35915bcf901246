"""Every user-facing string goes through Django's translation functions.

Templates: no words outside {% translate %} / {% blocktranslate %}, in text or in the
attributes people read (alt, title, aria-label, placeholder, content). Python: no
literal text where people read it (messages, form labels and errors, application errors,
email subjects). These checks fail with the file and line of each string left out.
"""

import ast
import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2] / "doorstep"
TEMPLATES = sorted(
    p for p in ROOT.rglob("templates/**/*") if p.suffix in {".html", ".txt"} and not p.stem.endswith("style")
)
PYTHON = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)

WORD = re.compile(r"[A-Za-z]{2,}")
# Whole tags, and the halves of a tag that a {{ variable }} splits.
TAG = re.compile(r"<[^>]*>|<[^>]*$|^[^<]*?[\"']>", re.S)
READ_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder|content)="([^"{]*[A-Za-z]{2,}[^"{]*)"')
HIDDEN = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")


def _untranslated(text: str, in_tag: bool = False) -> tuple[list[str], bool]:
    """Words a person would read in a stretch of template text outside a translate tag, and
    whether the stretch ends inside an HTML tag. `in_tag`: it starts inside one, the rest of a
    tag that a {{ variable }} or {% tag %} split (attributes: only those people read count)."""
    found = [m.group(1) for m in READ_ATTRIBUTE.finditer(text)]
    if in_tag:
        end = text.find(">")
        text = "" if end < 0 else text[end + 1 :]
        if end < 0:
            return found, True
    plain = ENTITY.sub(" ", TAG.sub(" ", HIDDEN.sub(" ", text)))
    found += [line.strip() for line in plain.splitlines() if WORD.search(line)]
    return found, text.rfind("<") > text.rfind(">")


def template_strings(path: Path) -> list[tuple[int, str]]:
    source = path.read_text()
    outside: list[tuple[int, str]] = []
    depth = 0
    in_tag = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in {"blocktranslate", "blocktrans"}:
                depth += 1
            elif name in {"endblocktranslate", "endblocktrans"}:
                depth -= 1
        elif token.token_type == TokenType.TEXT and depth == 0:
            found, in_tag = _untranslated(token.contents, in_tag)
            outside += [(token.lineno or 0, text) for text in found]
    return outside


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_text_is_translatable(path):
    left = template_strings(path)
    assert not left, "\n".join(f"{path.relative_to(ROOT)}:{line}: {text!r}" for line, text in left)


# Calls whose string arguments people read.
READ_CALLS = {"success", "error", "info", "warning", "ValidationError", "ApplicationError", "add_error"}
READ_KEYWORDS = {"label", "help_text", "subject", "message", "empty_label", "verbose_name_plural"}
TRANSLATORS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "format_lazy"}


def _is_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORD.search(node.value)) and " " in node.value.strip()
    return isinstance(node, ast.JoinedStr)


def python_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in TRANSLATORS or (name in {"getLogger", "info", "warning", "error"} and _is_logger(func)):
            continue
        candidates = list(node.args) if name in READ_CALLS else []
        candidates += [kw.value for kw in node.keywords if kw.arg in READ_KEYWORDS]
        found += [(arg.lineno, ast.unparse(arg)) for arg in candidates if _is_text(arg)]
    return found


def _is_logger(func: ast.AST) -> bool:
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in {"logger", "log"}


@pytest.mark.parametrize("path", PYTHON, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_text_is_translatable(path):
    left = python_strings(path)
    assert not left, "\n".join(f"{path.relative_to(ROOT)}:{line}: {text}" for line, text in left)

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
TAG = re.compile(r"<[^>]*>", re.S)
# A meta tag's content is read when it is prose (a description), not settings (a viewport's "width=...").
READ_ATTRIBUTE = re.compile(
    r'\b(?:alt|title|aria-label|placeholder)="([^"{]*[A-Za-z]{2,}[^"{]*)"|\bcontent="([^"{=]*[A-Za-z]{2,}[^"{=]*)"'
)
HIDDEN = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")
# Where a {{ variable }} or {% tag %} stood: no letters, quotes or brackets, so a tag that one
# splits is still one tag, and a read attribute that one splits is still read.
PLACEHOLDER = "\x00"
# Blocks whose text nobody reads untranslated: translated as a whole, or never shown.
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}


def _skeleton(source: str) -> str:
    """The template with each tag and variable replaced by PLACEHOLDER and the text inside
    translate blocks and comments dropped; line breaks are kept, so lines keep their numbers."""
    parts = []
    depth = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            depth += (name in SKIPPED_BLOCKS) - (name in SKIPPED_BLOCKS.values())
        if token.token_type == TokenType.TEXT and depth == 0:
            parts.append(token.contents)
        else:
            parts.append(PLACEHOLDER + "\n" * token.contents.count("\n"))
    return "".join(parts)


def _blank(match: re.Match[str]) -> str:
    return " " + "\n" * match.group(0).count("\n")


def template_strings(path: Path) -> list[tuple[int, str]]:
    """Words a person would read outside a translate tag, with their line numbers."""
    text = _skeleton(path.read_text())
    found = [(text.count("\n", 0, m.start()) + 1, m.group(1) or m.group(2)) for m in READ_ATTRIBUTE.finditer(text)]
    plain = ENTITY.sub(" ", TAG.sub(_blank, HIDDEN.sub(_blank, text)))
    found += [(number, line.strip()) for number, line in enumerate(plain.splitlines(), 1) if WORD.search(line)]
    return [(number, " ".join(text.replace(PLACEHOLDER, " {…} ").split())) for number, text in found]


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

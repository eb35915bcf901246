"""The Welsh catalogue is complete: every string the English one has is translated, none
is fuzzy, every placeholder and tag survives, plurals have Welsh's six forms, and the
compiled .mo files committed beside the catalogues are what their .po files make."""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.utils import translation

from doorstep.core.catalogues import catalogue_compile

LOCALE = Path(__file__).resolve().parents[2] / "doorstep" / "locale"
WELSH = LOCALE / "cy" / "LC_MESSAGES" / "django.po"
ENGLISH = LOCALE / "en" / "LC_MESSAGES" / "django.po"
# What must come through a translation unchanged: %(name)s and %s, %% and {name}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdr]|%%|\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
WELSH_PLURALS = 6  # zero, one, two, few, many, other (CLDR)


def _welsh() -> polib.POFile:
    return polib.pofile(str(WELSH), wrapwidth=0)


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: the singular for Welsh's form "one", the plural for the others."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [
        (entry.msgid if form == 1 else entry.msgid_plural, text) for form, text in sorted(entry.msgstr_plural.items())
    ]


def _where(entry: polib.POEntry) -> str:
    return f"{entry.msgid[:70]!r} ({', '.join(sorted({path for path, _ in entry.occurrences}))})"


def test_every_english_string_is_in_the_welsh_catalogue():
    english = {_key(e) for e in polib.pofile(str(ENGLISH), wrapwidth=0)}
    welsh = {_key(e) for e in _welsh() if not e.obsolete}
    assert english - welsh == set(), "run 'make messages': the Welsh catalogue lacks strings the English one has"


def welsh_problems(catalogue: polib.POFile) -> list[str]:
    """What is wrong with a Welsh catalogue: fuzzy or untranslated strings, the wrong number of
    plural forms, placeholders or tags that differ from the English."""
    problems = []
    for entry in (e for e in catalogue if not e.obsolete):
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {_where(entry)}")
        if entry.msgid_plural and len(entry.msgstr_plural) != WELSH_PLURALS:
            problems.append(f"{len(entry.msgstr_plural)} plural forms: {_where(entry)}")
        for source, text in _translations(entry):
            if not text.strip():
                problems.append(f"untranslated: {_where(entry)}")
            elif set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(text)):
                problems.append(f"placeholders {sorted(set(PLACEHOLDER.findall(text)))}: {_where(entry)}")
            elif Counter(TAG.findall(source)) != Counter(TAG.findall(text)):
                problems.append(f"tags {TAG.findall(text)}: {_where(entry)}")
    return problems


def test_every_welsh_string_is_translated_faithfully():
    catalogue = _welsh()
    assert catalogue.metadata["Language"] == "cy"
    assert catalogue.metadata["Plural-Forms"].startswith(f"nplurals={WELSH_PLURALS}; ")
    problems = welsh_problems(catalogue)
    assert not problems, "\n".join(problems)


def test_the_check_finds_each_kind_of_problem():
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Sign", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Close", msgstr="Cau", flags=["fuzzy"]))
    catalogue.append(polib.POEntry(msgid="Dear %(name)s,", msgstr="Annwyl %(enw)s,"))
    catalogue.append(polib.POEntry(msgid="Hi {name}", msgstr="Helo"))
    catalogue.append(polib.POEntry(msgid="<strong>%(n)s</strong>", msgstr="%(n)s"))
    catalogue.append(
        polib.POEntry(msgid="%(n)s day", msgid_plural="%(n)s days", msgstr_plural={0: "%(n)s diwrnod", 1: "diwrnod"})
    )
    found = welsh_problems(catalogue)
    kinds = [problem.split(":")[0].split(" ")[0] for problem in found]
    assert kinds == ["untranslated", "fuzzy", "placeholders", "placeholders", "tags", "2", "placeholders"], found


@pytest.mark.parametrize("po_path", sorted(LOCALE.glob("*/LC_MESSAGES/django.po")), ids=lambda p: p.parts[-3])
def test_committed_mo_is_compiled_from_its_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run 'make messages'"
    assert mo_path.read_bytes() == catalogue_compile(po_path=po_path), f"{mo_path} is stale: run 'make messages'"


def test_django_speaks_welsh_with_its_plurals():
    with translation.override("cy"):
        assert translation.gettext("Sign this petition") == "Llofnodi'r ddeiseb hon"
        forms = [
            translation.ngettext("%(count)s signature", "%(count)s signatures", n) % {"count": n} for n in (1, 2, 5)
        ]
    assert forms == ["1 llofnod", "2 lofnod", "5 llofnod"]

"""The Swedish catalogue must be complete: every string in code and templates is translated.

Strings are extracted here in pure Python (Django's own ``templatize`` for templates, ``ast``
for code), so the check needs no GNU gettext on the machine.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[2]
PO_PATH = PACKAGE / "locale" / "sv" / "LC_MESSAGES" / "django.po"
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "_lazy", "pgettext", "pgettext_lazy"}
PLURAL_NAMES = {"ngettext", "ngettext_lazy"}
SKIP_PARTS = {"tests", "browser_tests", "migrations"}


def _sources(suffix: str) -> list[Path]:
    return [
        p for p in PACKAGE.rglob(f"*{suffix}") if not SKIP_PARTS & set(p.relative_to(PACKAGE).parts)
    ]


def _python_msgids() -> set[str]:
    found: set[str] = set()
    for path in _sources(".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if (
                name in GETTEXT_NAMES | PLURAL_NAMES
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.add(first.value)
    return found


_CALL = re.compile(r"\b(n?gettext|pgettext)\(")


def _calls(code: str) -> list[ast.Call]:
    """Parse each gettext call in templatize's output (the shortest prefix that is valid)."""
    calls = []
    for match in _CALL.finditer(code):
        end = match.end()
        while (end := code.find(")", end) + 1) > 0:
            try:
                node = ast.parse(code[match.start() : end], mode="eval").body
            except SyntaxError:
                continue
            if isinstance(node, ast.Call):
                calls.append(node)
            break
    return calls


def _template_msgids() -> set[str]:
    found: set[str] = set()
    for path in _sources(".html") + _sources(".txt"):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for call in _calls(code):
            strings = [
                a.value
                for a in call.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if strings:
                found.add(strings[1] if getattr(call.func, "id", "") == "pgettext" else strings[0])
    return found


def _catalogue() -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(PO_PATH)) if not entry.obsolete}


def test_it_has_a_swedish_translation_for_every_string_in_the_code():
    catalogue = _catalogue()
    missing = sorted(m for m in _python_msgids() if m not in catalogue)
    assert missing == [], f"Run `make messages` and translate: {missing}"


def test_it_has_a_swedish_translation_for_every_string_in_the_templates():
    catalogue = _catalogue()
    missing = sorted(m for m in _template_msgids() if m not in catalogue)
    assert missing == [], f"Run `make messages` and translate: {missing}"


def test_it_leaves_no_entry_untranslated_or_fuzzy():
    po = polib.pofile(str(PO_PATH))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_it_ships_a_compiled_catalogue_that_matches_the_source():
    po = {
        e.msgid: e.msgstr or e.msgstr_plural for e in polib.pofile(str(PO_PATH)) if not e.obsolete
    }
    mo = {
        e.msgid: e.msgstr or e.msgstr_plural for e in polib.mofile(str(PO_PATH.with_suffix(".mo")))
    }
    mo.pop("", None)
    assert {k: v for k, v in po.items()} == mo, "Recompile the catalogue (`make messages`)."


def test_the_extractor_finds_known_strings():
    # Guards the test itself: if extraction silently found nothing, the checks above would pass.
    assert "Sign in to Läget" in _template_msgids()
    assert "The point lies outside %(municipality)s municipality." in _python_msgids()


_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


def test_every_translation_keeps_the_placeholders_of_its_source():
    # A translation with another placeholder crashes the page (KeyError) when it is formatted.
    wrong = []
    for entry in polib.pofile(str(PO_PATH)):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            allowed = set(_PLACEHOLDER.findall(entry.msgid_plural))
            for text in entry.msgstr_plural.values():
                if not set(_PLACEHOLDER.findall(text)) <= allowed:
                    wrong.append((entry.msgid, text))
        elif set(_PLACEHOLDER.findall(entry.msgid)) != set(_PLACEHOLDER.findall(entry.msgstr)):
            wrong.append((entry.msgid, entry.msgstr))
    assert wrong == []

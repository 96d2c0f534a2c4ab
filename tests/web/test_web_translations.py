"""The Spanish interface is complete, and the committed .mo catalogues match their .po sources."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import tipreg.web

LOCALE = Path(tipreg.web.__file__).parent / "locale"


def po_entries(path: Path) -> dict[str, list[str]]:
    """{msgid: [msgstr…]} of a .po file (plural forms in order); the header entry left out."""
    entries: dict[str, list[str]] = {}
    field, current = None, {}

    def flush() -> None:
        if current.get("msgid"):
            entries[current["msgid"]] = [value for key, value in sorted(current.items()) if key.startswith("msgstr")]

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            flush()
            current = {}
        if line.startswith("msg"):
            field, _, literal = line.partition(" ")
            current[field] = ast.literal_eval(literal)
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
    flush()
    return entries


def test_every_interface_string_has_a_spanish_translation():
    entries = po_entries(LOCALE / "es" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 50
    untranslated = [msgid for msgid, translations in entries.items() if not all(translations)]
    assert untranslated == []


def test_the_compiled_catalogue_is_the_po_file_compiled():
    entries = po_entries(LOCALE / "es" / "LC_MESSAGES" / "django.po")
    with (LOCALE / "es" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for msgid, translations in entries.items():
        if len(translations) == 1:
            assert catalogue.gettext(msgid) == translations[0], msgid
    assert catalogue.gettext("The register at a glance") == "El registro de un vistazo"
    assert catalogue.ngettext("%(counter)s result", "%(counter)s results", 2) == "%(counter)s resultados"

"""Every catalogue is complete, and the compiled .mo files match their .po sources."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = ["nb", "it"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_up_to_date(language):
    folder = LOCALE / language / "LC_MESSAGES"
    po = polib.pofile(folder / "django.po")
    mo = polib.mofile(folder / "django.mo")
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (
            entry.msgstr,
            {int(k): v for k, v in entry.msgstr_plural.items()},
        ), f"{language}: {entry.msgid!r} is not compiled; run `make messages`"

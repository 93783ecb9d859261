"""
The Traditional Chinese catalogue cannot rot: every message of the code and
templates is in it, translated, not fuzzy, with the same placeholders, and the
compiled .mo the site reads is the .po's (docs/i18n.md).
"""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\}")


def _name(entry):
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def _translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    assert len(catalogue) > 100
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == "zh_Hant"
    untranslated = [_name(entry) for entry in catalogue if not all(_translations(entry))]
    fuzzy = [_name(entry) for entry in catalogue if "fuzzy" in entry.flags]
    obsolete = [_name(entry) for entry in catalogue if entry.obsolete]
    assert untranslated == [] and fuzzy == [] and obsolete == []


def test_every_translation_keeps_the_placeholders_of_its_message():
    for entry in polib.pofile(str(PO)):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for translation in _translations(entry):
            assert sorted(PLACEHOLDER.findall(translation)) == wanted, _name(entry)
            # Markup is kept too: a reader's page must not lose a link or an isolate.
            for tag in ("<a ", "</a>", "<bdi", "</bdi>", "<code", "</code>"):
                assert translation.count(tag) == entry.msgid.count(tag), (_name(entry), tag)


def test_the_compiled_catalogue_is_the_po_files():
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "locale/*.mo is missing: `make test` (or `make run`) builds it"
    compiled = {(entry.msgctxt, entry.msgid): _translations(entry) for entry in polib.mofile(mo)}
    source = {
        (entry.msgctxt, entry.msgid): _translations(entry)
        for entry in polib.pofile(str(PO)).translated_entries()
    }
    compiled.pop((None, ""), None)  # the header
    assert compiled == source, "locale/*.mo is older than its .po: run `make test` to rebuild it"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext's msgfmt is not installed")
def test_gnu_gettext_accepts_the_catalogue(tmp_path):
    checked = subprocess.run(
        ["msgfmt", "--check", "--output-file", str(tmp_path / "django.mo"), str(PO)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext's xgettext is not installed")
def test_the_catalogue_holds_every_message_of_the_code_and_templates(settings):
    """
    makemessages, run into a copy of the catalogue, finds nothing new: a
    string marked for translation on any page is in the .po, translated.
    """
    # makemessages writes a file's messages to the first of LOCALE_PATHS whose
    # parent holds the file, putting any folder named locale it walks into
    # first: so the copy's folder sits in the project's own, and the real
    # locale/ is not walked, or the real catalogue would be written.
    check = Path(tempfile.mkdtemp(prefix=".catalogue-check-", dir=settings.BASE_DIR))
    copy = check / "zh_Hant" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copy(PO, copy)
    settings.LOCALE_PATHS = [check]
    before = PO.read_bytes()
    try:
        call_command(
            "makemessages",
            locale=["zh_Hant"],
            ignore_patterns=[".venv", "tests", "bench", "build", "locale", ".catalogue-check-*"],
            no_obsolete=True,
            verbosity=0,
        )
        extracted = polib.pofile(str(copy))
    finally:
        shutil.rmtree(check)
    assert PO.read_bytes() == before, "the check must not write into the real catalogue"
    missing = [_name(entry) for entry in extracted if not all(_translations(entry))]
    assert missing == [], "add these to locale/zh_Hant/LC_MESSAGES/django.po, translated"


def test_a_language_whose_catalogue_is_not_compiled_is_warned_of(settings, tmp_path):
    from django.core import checks

    messages = tmp_path / "zh_Hant" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]

    warned = [m for m in checks.run_checks() if m.id == "claims.W003"]
    assert [str(messages / "django.po") in m.msg for m in warned] == [True]

    (messages / "django.mo").write_bytes(b"")
    assert "claims.W003" not in {m.id for m in checks.run_checks()}

"""English is complete: every Dutch source string has a translation, and it reaches the pages.

The source strings (msgids) are Dutch and the nl catalogue stays empty: Django falls back to
the msgid. English must be complete, so the first test extracts the strings from the source
the way `make messages` does, into a temporary copy of opbouw/locale (never the committed
one), and lists every string the committed en catalogue does not translate.

A failure here means: run `make messages`, translate what `scripts/translate_check.py` lists
in opbouw/locale/en/LC_MESSAGES/django.po, and commit the .po files.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "opbouw" / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"


def _load_checker():
    spec = importlib.util.spec_from_file_location(
        "translate_check", ROOT / "scripts" / "translate_check.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


checker = _load_checker()


def _key(entry) -> tuple[str | None, str, str | None]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _makemessages_ignores() -> list[str]:
    """The --ignore patterns of the Makefile's `messages` target: one list for both."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^messages:.*?(?=^\S|\Z)", makefile, re.M | re.S)
    assert recipe, "the Makefile has no `messages` target"
    ignores = [p.strip("'\"") for p in re.findall(r"--ignore=(\S+)", recipe.group(0))]
    assert ignores, "the `messages` target passes no --ignore patterns to makemessages"
    return ignores


def _copy_locale(tmp_path: Path) -> Path:
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy, ignore=shutil.ignore_patterns("*.mo"))
    return copy


def test_every_source_string_has_an_english_translation(tmp_path, monkeypatch, settings):
    copy = _copy_locale(tmp_path)
    committed_before = EN_PO.read_bytes()
    settings.LOCALE_PATHS = [str(copy)]
    monkeypatch.chdir(ROOT)  # makemessages scans the working directory, as the Makefile does
    call_command(
        "makemessages",
        locale=["en"],
        no_obsolete=True,
        # The committed opbouw/locale is skipped, so every string lands in the copy.
        ignore_patterns=[*_makemessages_ignores(), "opbouw/locale"],
        verbosity=0,
    )
    assert EN_PO.read_bytes() == committed_before, "makemessages wrote to the committed catalogue"

    extracted = [
        e for e in checker.parse_po(copy / "en" / "LC_MESSAGES" / "django.po") if not e.is_header
    ]
    assert len(extracted) > 100, "makemessages found almost no strings: is the scan broken?"
    translated = {
        _key(e) for e in checker.parse_po(EN_PO) if not e.is_header and e.translated and not e.fuzzy
    }
    missing = [e for e in extracted if _key(e) not in translated]
    assert not missing, (
        f"{len(missing)} source string(s) lack an English translation; run `make messages` "
        "and translate them in opbouw/locale/en/LC_MESSAGES/django.po:\n"
        + "\n".join(f"  {e.msgid!r}  ({', '.join(e.references[:2])})" for e in missing)
    )


def test_the_committed_english_catalogue_passes_the_check():
    """No fuzzy entries, and no translation that drops or invents a placeholder."""
    found = checker.problems(checker.parse_po(EN_PO))
    assert not found, "\n".join(f"{e.msgid!r}: {reason}" for e, reason in found)


@pytest.fixture
def compiled_catalogues(tmp_path, settings):
    """The committed catalogues, compiled afresh as `make compile-messages` does."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt not found: install GNU gettext (see docs/operations.md)")
    copy = _copy_locale(tmp_path)
    for po in copy.glob("*/LC_MESSAGES/django.po"):
        subprocess.run(
            [msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True
        )
    settings.LOCALE_PATHS = [str(copy)]  # the change also empties Django's translation cache
    return copy


def test_ui_strings_are_english_when_english_is_active(compiled_catalogues):
    with translation.override("en"):
        assert translation.gettext("Nieuwe logboekregel") == "New journal entry"
        assert translation.gettext("Vandaag") == "Today"
        assert translation.gettext("opbouwwerker") == "community worker"
        minutes = translation.ngettext("%(n)s minuut", "%(n)s minuten", 5) % {"n": 5}
        assert minutes == "5 minutes"
    with translation.override("nl"):
        assert translation.gettext("Nieuwe logboekregel") == "Nieuwe logboekregel"


def test_the_new_entry_page_speaks_english_to_a_worker_who_chose_it(
    compiled_catalogues, worker_client, settings
):
    worker_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = worker_client.get(reverse("journal:create"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    for english in ("New journal entry", "Today", "Journal", "Log out", "Follow-up"):
        assert english in html
    for dutch in ("Nieuwe logboekregel", "Uitloggen", "Vervolgactie"):
        assert dutch not in html

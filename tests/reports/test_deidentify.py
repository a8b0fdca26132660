"""deduce's lookup structures: built at install time (manage.py deduce_cache), found in the
configured directory, flagged by a system check when missing, loaded ahead of requests."""

import importlib.metadata

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from opbouw.analysis.disclosure import text
from opbouw.reports import deidentify


@pytest.fixture
def empty_cache_dir(tmp_path):
    text.use_cache_dir(tmp_path / "deduce")
    yield tmp_path / "deduce"
    deidentify.configure()


def _fake_cache(directory, version: str | None) -> None:
    (directory / "cache").mkdir(parents=True, exist_ok=True)
    (directory / "cache" / "lookup_structs.pickle").write_bytes(b"not really a pickle")
    if version is not None:
        (directory / "cache" / "opbouw-built-for-deduce.txt").write_text(version + "\n")


def test_the_configured_directory_is_used_and_a_missing_cache_is_reported(empty_cache_dir):
    assert text.cache_file() == empty_cache_dir / "cache" / "lookup_structs.pickle"
    assert not text.cache_is_built()
    [warning] = deidentify.check_cache()
    assert warning.id == "opbouw.reports.W001" and "deduce_cache" in warning.hint
    with pytest.raises(CommandError, match="not built"):
        call_command("deduce_cache", "--check")


def test_a_cache_built_for_another_deduce_version_counts_as_missing(empty_cache_dir, capsys):
    _fake_cache(empty_cache_dir, "0.0.1")
    assert not text.cache_is_built()
    _fake_cache(empty_cache_dir, importlib.metadata.version("deduce"))
    assert text.cache_is_built()
    assert deidentify.check_cache() == []
    call_command("deduce_cache", "--check")
    assert "built:" in capsys.readouterr().out
    # Built already: the command does not build again.
    call_command("deduce_cache")
    assert "already built" in capsys.readouterr().out


def test_the_installed_cache_is_there_so_no_request_builds_it():
    """`make test-deps` ran `manage.py deduce_cache` for the settings in use."""
    deidentify.configure()
    assert text.cache_is_built(), text.cache_file()


def test_warm_up_loads_the_deidentifier_in_the_background(settings):
    settings.OPBOUW_DEDUCE_WARM_UP = False
    assert deidentify.warm_up() is None
    settings.OPBOUW_DEDUCE_WARM_UP = True
    thread = deidentify.warm_up()
    assert thread is not None and thread.daemon
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert text.deidentifier_loaded()
    assert text.find_with_deduce("Bel Jan de Vries op 06-12345678.")


def test_production_keeps_the_cache_outside_site_packages(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("DJANGO_SECRET_KEY", "p" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "opbouw.example.nl")
    monkeypatch.delenv("OPBOUW_DEDUCE_CACHE_DIR", raising=False)
    # Read afresh with these variables (base reads the environment when imported).
    monkeypatch.delitem(sys.modules, "config.settings.prod", raising=False)
    monkeypatch.delitem(sys.modules, "config.settings.base", raising=False)
    prod = importlib.import_module("config.settings.prod")
    assert str(prod.VAR_DIR / "cache" / "deduce") == prod.OPBOUW_DEDUCE_CACHE_DIR
    assert "site-packages" not in prod.OPBOUW_DEDUCE_CACHE_DIR


def test_the_loaded_deidentifier_is_kept_out_of_the_garbage_collector():
    """Its millions of objects are frozen (gc.freeze): a full collection no longer walks them
    (issue 11, item 14; benchmarks/gc measures the pause)."""
    import gc

    deduce = text._deidentifier()
    tracked = {id(obj) for obj in gc.get_objects()}
    assert id(deduce) not in tracked
    assert id(deduce.lookup_structs) not in tracked
    assert gc.get_freeze_count() > 1_000_000
    assert len(tracked) < gc.get_freeze_count()

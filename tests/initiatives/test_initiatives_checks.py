"""The system check that keeps receipts and photos out of the web root."""

from django.core.checks import run_checks

from opbouw.initiatives.checks import upload_root_outside_web_root


def _ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_the_default_upload_root_is_outside_the_web_root(settings):
    assert upload_root_outside_web_root() == []
    assert "opbouw.initiatives.E001" not in _ids(run_checks())


def test_an_upload_root_inside_media_root_is_an_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPBOUW_UPLOAD_ROOT = tmp_path / "media" / "bonnen"
    messages = upload_root_outside_web_root()
    assert _ids(messages) == ["opbouw.initiatives.E001"]
    assert "MEDIA_ROOT" in messages[0].msg
    assert "opbouw.initiatives.E001" in _ids(run_checks())


def test_an_upload_root_that_contains_static_root_is_an_error(settings, tmp_path):
    settings.OPBOUW_UPLOAD_ROOT = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    assert _ids(upload_root_outside_web_root()) == ["opbouw.initiatives.E001"]

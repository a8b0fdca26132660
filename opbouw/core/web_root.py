"""Directories that hold private files (receipts, exports) must lie outside the web root.

Shared by the system checks of the apps that store such files: a directory inside (or
containing) STATIC_ROOT or MEDIA_ROOT could be served to anyone by the web server, bypassing
the permission-checked views.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import CheckMessage, Error


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def outside_web_root(setting: str, *, check_id: str, served_by: str) -> list[CheckMessage]:
    """An error per served directory that overlaps the directory in `setting`."""
    private = Path(getattr(settings, setting)).resolve()
    errors: list[CheckMessage] = []
    for name in ("STATIC_ROOT", "MEDIA_ROOT"):
        raw = getattr(settings, name, None)
        if not raw:
            continue
        served = Path(raw).resolve()
        if _inside(private, served) or _inside(served, private):
            errors.append(
                Error(
                    f"{setting} ({private}) overlaps {name} ({served}), which the web "
                    "server may serve to anyone.",
                    hint=f"Point {setting} to a directory outside the web root ({served_by}).",
                    id=check_id,
                )
            )
    return errors

"""System checks: receipts and photos must live outside every directory the web server serves."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


@register()
def upload_root_outside_web_root(**_kwargs: Any) -> list[CheckMessage]:
    """OPBOUW_UPLOAD_ROOT may not be (in) STATIC_ROOT or MEDIA_ROOT, nor contain them."""
    upload = Path(settings.OPBOUW_UPLOAD_ROOT).resolve()
    errors: list[CheckMessage] = []
    for name in ("STATIC_ROOT", "MEDIA_ROOT"):
        raw = getattr(settings, name, None)
        if not raw:
            continue
        served = Path(raw).resolve()
        if _inside(upload, served) or _inside(served, upload):
            errors.append(
                Error(
                    f"OPBOUW_UPLOAD_ROOT ({upload}) overlaps {name} ({served}), which the web "
                    "server may serve to anyone.",
                    hint="Point OPBOUW_UPLOAD_ROOT to a directory outside the web root "
                    "(receipts and photos are served only through the permission-checked view).",
                    id="opbouw.initiatives.E001",
                )
            )
    return errors

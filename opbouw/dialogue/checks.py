"""System check: conversation exports must live outside every directory the web server serves."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


@register()
def export_root_outside_web_root(**_kwargs: Any) -> list[CheckMessage]:
    """OPBOUW_EXPORT_ROOT may not be (in) STATIC_ROOT or MEDIA_ROOT, nor contain them."""
    exports = Path(settings.OPBOUW_EXPORT_ROOT).resolve()
    errors: list[CheckMessage] = []
    for name in ("STATIC_ROOT", "MEDIA_ROOT"):
        raw = getattr(settings, name, None)
        if not raw:
            continue
        served = Path(raw).resolve()
        if _inside(exports, served) or _inside(served, exports):
            errors.append(
                Error(
                    f"OPBOUW_EXPORT_ROOT ({exports}) overlaps {name} ({served}), which the web "
                    "server may serve to anyone.",
                    hint="Point OPBOUW_EXPORT_ROOT to a directory outside the web root "
                    "(exports are served only through permission-checked views).",
                    id="opbouw.dialogue.E001",
                )
            )
    return errors

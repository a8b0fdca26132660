"""System check: conversation exports must live outside every directory the web server serves."""

from typing import Any

from django.core.checks import CheckMessage, register

from opbouw.core.web_root import outside_web_root


@register()
def export_root_outside_web_root(**_kwargs: Any) -> list[CheckMessage]:
    """OPBOUW_EXPORT_ROOT may not be (in) STATIC_ROOT or MEDIA_ROOT, nor contain them."""
    return outside_web_root(
        "OPBOUW_EXPORT_ROOT",
        check_id="opbouw.dialogue.E001",
        served_by="exports are served only through permission-checked views",
    )

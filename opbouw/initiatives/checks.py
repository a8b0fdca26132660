"""System check: receipts and photos must live outside every directory the web server serves."""

from typing import Any

from django.core.checks import CheckMessage, register

from opbouw.core.web_root import outside_web_root


@register()
def upload_root_outside_web_root(**_kwargs: Any) -> list[CheckMessage]:
    """OPBOUW_UPLOAD_ROOT may not be (in) STATIC_ROOT or MEDIA_ROOT, nor contain them."""
    return outside_web_root(
        "OPBOUW_UPLOAD_ROOT",
        check_id="opbouw.initiatives.E001",
        served_by="receipts and photos are served only through the permission-checked view",
    )

"""The de-identifier (deduce) as a part of the running site: where its built lookup structures
live (settings.OPBOUW_DEDUCE_CACHE_DIR), loading it ahead of the first request, and a system
check that says when the build step of the installation was skipped. See docs/operations.md.
"""

import logging
import threading
from typing import Any

from django.conf import settings
from django.core import checks

from opbouw.analysis.disclosure import text

logger = logging.getLogger("opbouw.reports")


def configure() -> None:
    """Point deduce at the configured cache directory (cheap: nothing is loaded)."""
    text.use_cache_dir(settings.OPBOUW_DEDUCE_CACHE_DIR or None)


def _warm_pdf() -> None:
    """The PDF's cold start (importing WeasyPrint, starting vl-convert's JavaScript engine)
    costs seconds once per process: pay it here rather than in the first PDF request."""
    import weasyprint  # noqa: F401

    from .charts import stage_bars, to_svg

    to_svg(stage_bars([{"stage": "idee", "count": 1}]))


def _warm_all() -> None:
    text._deidentifier()
    try:
        _warm_pdf()
    except Exception:  # a warm-up must never take the site down; the request will say why
        logger.exception("warming up the PDF renderer failed")


def warm_up() -> threading.Thread | None:
    """Called when the application server loads opbouw (config/wsgi.py, config/asgi.py): load
    deduce and the PDF renderer in a background thread, so that neither the first story
    release nor the first PDF waits for them."""
    if not settings.OPBOUW_DEDUCE_WARM_UP:
        return None
    if not text.cache_is_built():
        logger.warning(
            "deduce's lookup cache is missing (%s): it is being built in the background; "
            "run `manage.py deduce_cache` when installing",
            text.cache_file(),
        )
    thread = threading.Thread(target=_warm_all, name="opbouw-reports-warm-up", daemon=True)
    thread.start()
    return thread


def check_cache(**kwargs: Any) -> list[checks.CheckMessage]:
    if text.cache_is_built():
        return []
    return [
        checks.Warning(
            "deduce's lookup structures are not built yet.",
            hint=(
                "Run `manage.py deduce_cache` when installing or upgrading; otherwise the "
                "first release of a story text spends one to two minutes building them. "
                f"Cache: {text.cache_file()}"
            ),
            id="opbouw.reports.W001",
        )
    ]

"""Answering htmx requests with a fragment of the same template (template partials)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_partial(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str,
    status: int = 200,
) -> HttpResponse:
    """The full page normally; only the named partial when htmx asks for it."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, f"{template}#{partial}", context, status=status)
    return render(request, template, context, status=status)

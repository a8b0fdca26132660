"""Template helpers shared by every page."""

from typing import Any

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def day(value: Any, mode: str = "") -> str:
    """A date in the active language; the year when it is not this year, always with "jaar".

    ``{{ follow_up.due_on|day }}`` → "2 januari" this year, "2 januari 2025" otherwise;
    ``{{ month|day:"maand" }}`` → "juli 2026".
    """
    from opbouw.core.dates import format_day

    if mode == "maand":
        return format_day(value, month=True)
    return format_day(value, year=True if mode == "jaar" else None)


@register.filter
def number(value: Any) -> str:
    """A number in the active language with its thousands grouped: "2.500" / "2,500"."""
    from opbouw.core.dates import format_number

    return format_number(value)


@register.simple_tag
def submission_token() -> str:
    """A one-time token for a create form (opbouw.core.submission): posting it twice stores
    one object."""
    from django.utils.html import format_html

    from opbouw.core.submission import FIELD, new_token

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms: Any) -> dict[str, Any]:
    """The error summary of one or more forms (and formsets): every error, linked to its field."""
    from opbouw.core.forms import error_summary_items

    items = [item for form in forms if form is not None for item in error_summary_items(form)]
    return {"items": items}

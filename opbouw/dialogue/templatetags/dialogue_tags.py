"""Template helpers of the conversation pages."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def step5(percentage: Any) -> int:
    """A percentage rounded to a multiple of 5, for the .opbouw-w-* width classes."""
    try:
        value = float(percentage)
    except (TypeError, ValueError):
        return 0
    return int(min(max(round(value / 5) * 5, 0), 100))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None

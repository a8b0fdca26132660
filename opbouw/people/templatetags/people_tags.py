"""Showing people: names only to those who may see them."""

from typing import Any

from django import template

from opbouw.people.permissions import display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context: dict[str, Any], person: Any) -> str:
    """A person's name, or their pseudonym when the viewer may not see it (auto-escaped)."""
    return display_name(context["request"].user, person)

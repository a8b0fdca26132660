"""Every htmx swap in the product says where focus goes and what is announced (issue 11,
item 25): app.js does both from attributes on the swapping element (docs/frontend.md), so
every element with hx-get / hx-post / … must carry data-swap-announce ("" when a swap has
nothing to say, e.g. content loaded with the page)."""

import re
from pathlib import Path

from django.conf import settings

OPBOUW = Path(settings.BASE_DIR) / "opbouw"
REQUEST_ATTRIBUTE = re.compile(r"\bhx-(get|post|put|patch|delete)=")
TAG = re.compile(r"<[a-zA-Z][^<>]*(?:\{[%{].*?[%}]\}[^<>]*)*>", re.S)


def swapping_tags(text: str) -> list[str]:
    return [tag for tag in TAG.findall(text) if REQUEST_ATTRIBUTE.search(tag)]


def test_every_swapping_element_in_a_template_says_what_to_announce():
    missing, found = [], 0
    for template in sorted(OPBOUW.rglob("templates/**/*.html")):
        for tag in swapping_tags(template.read_text()):
            found += 1
            if "data-swap-announce=" not in tag:
                missing.append(f"{template.relative_to(OPBOUW)}: {tag[:160]}")
    assert found >= 8, found  # the walk reached the templates
    assert not missing, "htmx swaps without data-swap-announce:\n" + "\n".join(missing)


def test_every_swapping_widget_built_in_python_says_what_to_announce():
    missing = []
    for module in sorted(OPBOUW.rglob("*.py")):
        text = module.read_text()
        requests = len(re.findall(r"[\"']hx-(?:get|post|put|patch|delete)[\"']", text))
        announced = len(re.findall(r"[\"']data-swap-announce[\"']", text))
        if requests != announced:
            missing.append(f"{module.relative_to(OPBOUW)}: {requests} swaps, {announced} said")
    assert not missing, "\n".join(missing)


def test_the_check_sees_a_swap_without_the_attribute():
    html = (
        '<form hx-post="{% url "x" %}" hx-target="#a">…</form>'
        '<div hx-get="/y" data-swap-announce="">'
    )
    tags = swapping_tags(html)
    assert len(tags) == 2
    assert "data-swap-announce=" not in tags[0] and "data-swap-announce=" in tags[1]

"""The map's accessibility without a browser: colour contrast of the marker and cluster
colours (assets.css, the legend's KIND_STYLES), and the counted texts map.js speaks, in both
languages and both plural forms (the browser side: tests/browser/test_browser_map_a11y.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from opbouw.assets.models import AssetKind
from opbouw.assets.views import KIND_STYLES

CSS = Path(settings.BASE_DIR) / "opbouw" / "assets" / "static" / "assets" / "assets.css"


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.1)."""
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_backgrounds() -> dict[str, str]:
    """kind -> the background colour that assets.css gives `.assets-marker--<kind>`."""
    text = CSS.read_text()
    found = {}
    for selectors, colour in re.findall(r"([^{}]+)\{\s*background-color:\s*(#[0-9a-fA-F]+);", text):
        for kind in re.findall(r"\.assets-marker--(\w+)", selectors):
            found[kind] = colour
    return found


def test_the_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just under AA


def test_white_letters_and_counts_have_at_least_4_5_to_1_on_every_kind():
    """Marker letters and cluster counts are white, bold 13 px: normal-size text (AA 4.5:1)."""
    assert ".assets-cluster {" in CSS.read_text() and "color: #fff;" in CSS.read_text()
    backgrounds = css_backgrounds()
    assert set(AssetKind.values) | {"pick"} <= set(backgrounds)
    ratios = {kind: round(contrast(colour, "#ffffff"), 2) for kind, colour in backgrounds.items()}
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios


def test_markers_stand_out_from_the_map_by_at_least_3_to_1():
    """Non-text contrast (WCAG 1.4.11): each kind's colour against the map's background
    without tiles (app.css gives .opbouw-map the theme's neutral colour)."""
    theme = (CSS.parents[3] / "static" / "opbouw" / "theme.css").read_text()
    app = (CSS.parents[3] / "static" / "opbouw" / "app.css").read_text()
    assert re.search(r"\.opbouw-map \{[^}]*background-color: var\(--opbouw-color-neutral\)", app)
    neutral = re.search(r"--opbouw-color-neutral:\s*(#[0-9a-fA-F]+);", theme).group(1)
    ratios = {
        kind: round(contrast(colour, neutral), 2) for kind, colour in css_backgrounds().items()
    }
    assert all(ratio >= 3 for ratio in ratios.values()), ratios


def test_the_legend_uses_the_same_colours_as_the_map():
    backgrounds = css_backgrounds()
    for kind, (colour, _letter) in KIND_STYLES.items():
        assert backgrounds[kind.value].lower() == colour.lower(), kind


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            {
                "cluster-one": "%(count)s krachtbron van het soort %(kind)s — inzoomen",
                "cluster-other": "%(count)s krachtbronnen van het soort %(kind)s — inzoomen",
                "stack-other": (
                    "%(count)s krachtbronnen van het soort %(kind)s op één plek — toon de lijst"
                ),
                "zoomed-one": "Ingezoomd: %(count)s krachtbron in beeld",
                "zoomed-other": "Ingezoomd: %(count)s krachtbronnen in beeld",
                "close": "Sluiten",
                "zoom-in": "Inzoomen",
            },
        ),
        (
            "en",
            {
                "cluster-one": "%(count)s asset of the kind %(kind)s — zoom in",
                "cluster-other": "%(count)s assets of the kind %(kind)s — zoom in",
                "stack-other": "%(count)s assets of the kind %(kind)s in one spot — show the list",
                "zoomed-one": "Zoomed in: %(count)s asset in view",
                "zoomed-other": "Zoomed in: %(count)s assets in view",
                "close": "Close",
                "zoom-in": "Zoom in",
            },
        ),
    ],
)
def test_the_map_pages_carry_the_counted_texts(worker_client, areas, language, expected):
    """map.js reads these data attributes (no inline script under the CSP); every page with a
    map has them, in the page's language, with both plural forms."""
    worker_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    # The middleware activates the cookie's language in this thread: override() puts the
    # previous one back afterwards, so later tests do not read English names.
    with translation.override(settings.LANGUAGE_CODE):
        pages = [
            worker_client.get(url) for url in (reverse("assets:map"), reverse("assets:create"))
        ]
    for page in pages:
        html = page.content.decode()
        for name, text in expected.items():
            assert f'data-text-{name}="{escape(text)}"' in html, (page.wsgi_request.path, name)

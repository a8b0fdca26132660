"""Vega-Lite specs for the wijkprofiel: an area beside its wijk and gemeente, one year.

Plain dicts in Vega-Lite 6 (what the vendored vega-lite renders; charts.js draws them under
the strict CSP). Each chart has a table beside it on the page for screen readers.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from opbouw.core.chart_locale import localised

from .figures import BY_KEY
from .profile import Column, Profile

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# opbouw's palette (theme.css): teal, terracotta, plum — each ≥ 3:1 against white.
COLOURS = ["#005f66", "#b3471d", "#6a3d8f", "#5a3414"]


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    spec: dict[str, Any]


CHARTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "age",
        ("age_0_15_pct", "age_15_25_pct", "age_25_45_pct", "age_45_65_pct", "age_65_plus_pct"),
        "% van de inwoners",
    ),
    (
        "households",
        ("single_pct", "couples_pct", "families_pct"),
        "% van de huishoudens",
    ),
    (
        "housing",
        ("owner_pct", "rented_pct", "corporation_pct", "single_family_pct", "multi_family_pct"),
        "% van de woningen",
    ),
    (
        "income",
        ("low_income_households_pct", "social_minimum_pct"),
        "% van de huishoudens",
    ),
)


def _short_labels() -> dict[str, str]:
    """Category names short enough for an axis (the tables carry the full names)."""
    return {
        "single_pct": _("alleen"),
        "couples_pct": _("zonder kinderen"),
        "families_pct": _("met kinderen"),
        "owner_pct": _("koop"),
        "rented_pct": _("huur"),
        "corporation_pct": _("corporatie"),
        "single_family_pct": _("eengezins"),
        "multi_family_pct": _("meergezins"),
        "low_income_households_pct": _("laag inkomen"),
        "social_minimum_pct": _("rond sociaal minimum"),
    }


def _titles() -> dict[str, str]:
    # Translated when called, not at import: the page's language decides.
    return {
        "age": _("Leeftijdsopbouw"),
        "households": _("Huishoudens"),
        "housing": _("Woningen"),
        "income": _("Inkomen"),
        "% van de inwoners": _("% van de inwoners"),
        "% van de huishoudens": _("% van de huishoudens"),
        "% van de woningen": _("% van de woningen"),
    }


def grouped_bars(
    *, columns: list[Column], keys: tuple[str, ...], y_title: str, description: str
) -> dict[str, Any] | None:
    values = []
    series = []
    short = _short_labels()
    for column in columns:
        label = column.label + (" " + _("berekend") if column.derived else "")
        added = False
        for order, key in enumerate(keys):
            value = column.values.get(key)
            if value is None:
                continue
            values.append(
                {
                    "categorie": short.get(key) or str(BY_KEY[key].label),
                    "volgorde": order,
                    "gebied": label,
                    "waarde": value,
                }  # fmt: skip
            )
            added = True
        if added:
            series.append(label)
    if not values:
        return None
    return localised(
        {
            "$schema": SCHEMA,
            "description": description,
            "width": "container",
            "height": 240,
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": values},
            "mark": {"type": "bar", "cornerRadiusEnd": 2},
            "encoding": {
                "x": {
                    "field": "categorie",
                    "type": "nominal",
                    "sort": {"field": "volgorde"},
                    "title": None,
                    "axis": {"labelAngle": 0, "labelLimit": 110},
                },
                "xOffset": {"field": "gebied", "type": "nominal", "sort": series},
                "y": {"field": "waarde", "type": "quantitative", "title": y_title},
                "color": {
                    "field": "gebied",
                    "type": "nominal",
                    "sort": series,
                    "title": None,
                    "scale": {"domain": series, "range": COLOURS[: len(series)]},
                    "legend": {
                        "orient": "bottom",
                        "direction": "vertical",
                        "labelLimit": 400,
                        "labelFontSize": 13,
                        "symbolSize": 120,
                    },  # fmt: skip
                },
                "tooltip": [
                    {"field": "gebied", "type": "nominal", "title": _("Gebied")},
                    {"field": "categorie", "type": "nominal", "title": _("Groep")},
                    {"field": "waarde", "type": "quantitative", "title": "%", "format": ".1f"},
                ],
            },
            "config": {
                "view": {"stroke": None},
                "axis": {"labelFontSize": 13, "titleFontSize": 13},
            },
        }
    )


def profile_charts(profile: Profile) -> list[Chart]:
    titles = _titles()
    charts = []
    for slug, keys, y_title in CHARTS:
        description = _("%(title)s: %(areas)s") % {
            "title": titles[slug],
            "areas": ", ".join(column.label for column in profile.columns),
        }
        spec = grouped_bars(
            columns=profile.columns, keys=keys, y_title=titles[y_title], description=description
        )
        if spec is not None:
            charts.append(Chart(slug, titles[slug], spec))
    return charts

"""The network's metrics over time as Vega-Lite 6 specs (rendered by static/opbouw/charts.js).

Each chart has a table next to it on the page (the non-visual equivalent), so the specs
carry no information the table lacks.
"""

from typing import Any

from django.utils.translation import gettext as _

from opbouw.core.chart_locale import MONTH_FORMAT, localised

# Distinct hues, each at least 4.5:1 on white; dashes too, for colour-blind readers.
COLOURS = ["#00727c", "#b3471d", "#6a3d8f", "#4d7a1f"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]


def _line_chart(
    rows: list[dict[str, Any]], series: list[tuple[str, str]], *, title: str, percent: bool
) -> dict[str, Any]:
    labels = [label for _key, label in series]
    values = [
        {"maand": row["month"], "maat": label, "waarde": row[key]}
        for row in rows
        for key, label in series
    ]
    return localised(
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "description": title,
            "width": "container",
            "height": 220,
            "autosize": {"type": "fit", "contains": "padding"},
            "background": "#ffffff",
            "padding": 8,
            "data": {"values": values},
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": {
                    "field": "maand",
                    "type": "temporal",
                    "timeUnit": "yearmonth",
                    "title": _("Maand"),
                    "axis": {"format": MONTH_FORMAT, "labelAngle": 0, "tickCount": 8},
                },
                "y": {
                    "field": "waarde",
                    "type": "quantitative",
                    "title": None,
                    **({"axis": {"format": ".0%"}} if percent else {}),
                },
                "color": {
                    "field": "maat",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": labels, "range": COLOURS[: len(labels)]},
                    "legend": {"orient": "bottom", "direction": "horizontal", "labelFontSize": 13},
                },
                "strokeDash": {
                    "field": "maat",
                    "type": "nominal",
                    "scale": {"domain": labels, "range": DASHES[: len(labels)]},
                    "legend": None,
                },
                "tooltip": [
                    {
                        "field": "maand",
                        "type": "temporal",
                        "timeUnit": "yearmonth",
                        "title": _("Maand"),
                    },
                    {"field": "maat", "type": "nominal", "title": _("Maat")},
                    {
                        "field": "waarde",
                        "type": "quantitative",
                        "title": _("Waarde"),
                        "format": ".0%" if percent else ",d",
                    },
                ],
            },
        }
    )


def metric_charts(series: list[Any]) -> list[dict[str, Any]]:
    """Two charts: how many (people, ties, new ties, isolated) and how connected (shares)."""
    if not series:
        return []
    rows = [
        {
            "month": item.month.isoformat(),
            "people_active": item.people_active,
            "ties": item.ties,
            "new_ties": item.new_ties,
            "isolated": item.isolated,
            "density": item.density,
            "largest_component_share": item.largest_component_share,
        }
        for item in series
    ]
    counts = _line_chart(
        rows,
        [
            ("people_active", _("actieve mensen")),
            ("ties", _("verbindingen")),
            ("new_ties", _("nieuwe verbindingen")),
            ("isolated", _("niet samen vastgelegd")),
        ],
        title=_("Mensen en verbindingen per maand"),
        percent=False,
    )
    shares = _line_chart(
        rows,
        [
            ("largest_component_share", _("in het grootste deel")),
            ("density", _("dichtheid")),
        ],
        title=_("Hoe verbonden de buurt is, per maand"),
        percent=True,
    )
    return [
        {"id": "netwerk-aantallen", "title": counts["description"], "spec": counts},
        {"id": "netwerk-samenhang", "title": shares["description"], "spec": shares},
    ]

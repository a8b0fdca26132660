"""The report's charts as Vega-Lite 6 specs: the same spec is drawn in the page (charts.js)
and, rendered to SVG on the server with vl-convert, in the PDF. Fixed sizes, so both look
the same. Each chart has a table beside it (the non-visual equivalent).
"""

import base64
from typing import Any

from django.utils.translation import gettext as _

from opbouw.core.chart_locale import MONTH_FORMAT, localised

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
VEGA_LITE_VERSION = "6.4"
COLOURS = ["#005f66", "#b3471d", "#6a3d8f", "#4d7a1f"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]
WIDTH = 640
FONT = "DejaVu Sans, Arial, sans-serif"


def _base(title: str, values: list[dict[str, Any]]) -> dict[str, Any]:
    return localised(
        {
            "$schema": SCHEMA,
            "description": title,
            "width": WIDTH,
            "height": 200,
            "background": "#ffffff",
            "padding": 8,
            "config": {"font": FONT, "view": {"stroke": None}},
            "data": {"values": values},
        }
    )


def network_curve(months: list[dict[str, Any]]) -> dict[str, Any]:
    series = [
        ("people_active", _("actieve mensen")),
        ("ties", _("verbindingen")),
        ("bridging_ties", _("bruggen tussen groepen")),
        ("isolated", _("niet samen vastgelegd")),
    ]
    labels = [label for _key, label in series]
    values = [
        {"maand": m["month"], "maat": label, "waarde": m[key]}
        for m in months
        for key, label in series
    ]
    spec = _base(_("Het netwerk per maand"), values)
    spec.update(
        {
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": {
                    "field": "maand",
                    "type": "temporal",
                    "timeUnit": "yearmonth",
                    "title": _("Maand"),
                    "axis": {"format": MONTH_FORMAT, "labelAngle": 0},
                },
                "y": {"field": "waarde", "type": "quantitative", "title": None},
                "color": {
                    "field": "maat",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": labels, "range": COLOURS},
                    "legend": {"orient": "bottom", "direction": "horizontal", "columns": 2},
                },
                "strokeDash": {
                    "field": "maat",
                    "type": "nominal",
                    "scale": {"domain": labels, "range": DASHES},
                    "legend": None,
                },
            },
        }
    )
    return spec


# Up to this many initiatives in the largest stage the axis gets a tick per whole number:
# Vega's own ticks on a domain of 0-1 include 0.5, which the "d" format shows as a second "1".
WHOLE_TICKS_UP_TO = 10


def stage_bars(stages: list[dict[str, Any]]) -> dict[str, Any]:
    spec = _base(
        _("Initiatieven per fase"), [{"fase": s["stage"], "aantal": s["count"]} for s in stages]
    )
    axis: dict[str, Any] = {"tickMinStep": 1, "format": "d"}
    largest = max((s["count"] for s in stages), default=0)
    if largest <= WHOLE_TICKS_UP_TO:
        axis["values"] = list(range(largest + 1))
    spec.update(
        {
            "mark": {"type": "bar", "color": COLOURS[0]},
            "encoding": {
                "y": {"field": "fase", "type": "nominal", "sort": None, "title": None},
                "x": {
                    "field": "aantal",
                    "type": "quantitative",
                    "title": _("aantal"),
                    "axis": axis,
                },
            },
        }
    )
    spec["height"] = 140
    return spec


def collective_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    sides = {
        "collective": _("collectief"),
        "individual": _("individueel"),
        "network": _("netwerkonderhoud"),
    }
    values = [
        {
            "maand": row["month"],
            "organisatie": row["organisation"],
            "soort": label,
            "uren": row[f"{side}_hours"],
        }
        for row in rows
        for side, label in sides.items()
    ]
    spec = _base(_("Uren collectief en individueel werk per maand"), values)
    spec.update(
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {"field": "maand", "type": "ordinal", "title": _("Maand")},
                "y": {
                    "field": "uren",
                    "type": "quantitative",
                    "aggregate": "sum",
                    "title": _("uren"),
                },
                "color": {
                    "field": "soort",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": list(sides.values()), "range": COLOURS[:3]},
                    "legend": {"orient": "bottom"},
                },
            },
        }
    )
    return spec


def to_svg(spec: dict[str, Any]) -> str:
    """The spec drawn as SVG, on the server and offline (vl-convert bundles Vega)."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION))


def to_data_uri(spec: dict[str, Any]) -> str:
    svg = to_svg(spec).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()

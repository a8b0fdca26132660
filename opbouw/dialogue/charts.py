"""The opinion map as a Vega-Lite 6 spec (plain dicts; rendered by static/opbouw/charts.js).

Participants are dots coloured (and shaped, for colour-blind readers) by opinion group;
statements are their numbers placed by their projection; the viewer is a ring labelled
"jij staat hier". The axes of a PCA mean nothing to a reader, so there are none.
"""

from typing import Any

from django.utils.translation import gettext as _

from opbouw.core.chart_locale import localised

# Group colours: distinct hues, each at least 4.5:1 on white (so also as text on white).
GROUP_COLOURS = ["#00727c", "#b3471d", "#6a3d8f", "#4d7a1f", "#1f5fa8", "#8a5a00", "#a3161b"]
GROUP_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge"]
INK = "#1d2b2f"
YOU = "#111111"


def group_colour(index: int) -> str:
    return GROUP_COLOURS[index % len(GROUP_COLOURS)]


def group_shape(index: int) -> str:
    return GROUP_SHAPES[index % len(GROUP_SHAPES)]


def opinion_map_spec(
    *,
    participants: list[dict[str, Any]],
    statements: list[dict[str, Any]],
    you: dict[str, Any] | None,
    group_labels: list[str],
    group_indexes: list[int],
    domain_x: tuple[float, float],
    domain_y: tuple[float, float],
    description: str,
) -> dict[str, Any]:
    """The spec; rows: ``participants`` {x, y, groep}, ``statements`` {x, y, nummer,
    stelling}, ``you`` {x, y} (or None: the viewer is not on the map)."""

    def position() -> dict[str, Any]:
        return {
            "x": {
                "field": "x",
                "type": "quantitative",
                "axis": None,
                "scale": {"domain": list(domain_x), "nice": False, "zero": False},
            },
            "y": {
                "field": "y",
                "type": "quantitative",
                "axis": None,
                "scale": {"domain": list(domain_y), "nice": False, "zero": False},
            },
        }

    group_title = _("Groep")
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": participants},
            "mark": {"type": "point", "filled": True, "size": 45, "opacity": 0.75},
            "encoding": {
                **position(),
                "color": {
                    "field": "groep",
                    "type": "nominal",
                    "title": group_title,
                    "scale": {
                        "domain": group_labels,
                        "range": [group_colour(i) for i in group_indexes],
                    },
                    "legend": {"orient": "bottom", "direction": "horizontal"},
                },
                "shape": {
                    "field": "groep",
                    "type": "nominal",
                    "title": group_title,
                    "scale": {
                        "domain": group_labels,
                        "range": [group_shape(i) for i in group_indexes],
                    },
                },
                "tooltip": [{"field": "groep", "type": "nominal", "title": group_title}],
            },
        }
    ]
    if statements:
        layers.append(
            {
                "data": {"values": statements},
                "mark": {"type": "text", "fontSize": 12, "fontWeight": "bold", "color": INK},
                "encoding": {
                    **position(),
                    "text": {"field": "nummer", "type": "nominal"},
                    "tooltip": [
                        {"field": "nummer", "type": "nominal", "title": _("Nummer")},
                        {"field": "stelling", "type": "nominal", "title": _("Stelling")},
                    ],
                },
            }
        )
    if you is not None:
        label = _("jij staat hier")
        here = [{**you, "label": label}]
        layers += [
            {
                "data": {"values": here},
                "mark": {
                    "type": "point",
                    "shape": "circle",
                    "size": 500,
                    "filled": False,
                    "strokeWidth": 3,
                    "color": YOU,
                },
                "encoding": position(),
            },
            {
                "data": {"values": here},
                "mark": {
                    "type": "text",
                    "dy": -22,
                    "fontSize": 15,
                    "fontWeight": "bold",
                    "color": YOU,
                },
                "encoding": {**position(), "text": {"field": "label", "type": "nominal"}},
            },
        ]
    return localised(
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "description": description,
            "width": "container",
            "height": 420,
            "autosize": {"type": "fit", "contains": "padding"},
            "background": "#ffffff",
            "padding": 12,
            "config": {
                "view": {"stroke": None},
                "legend": {"labelFontSize": 14, "titleFontSize": 14},
            },
            "layer": layers,
        }
    )

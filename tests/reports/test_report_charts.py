"""The stage chart's axis as drawn (the SVG the PDF carries): whole numbers only, each once."""

import re

from opbouw.reports import charts


def _axis_labels(svg: str) -> list[str]:
    # Vega draws the x axis's labels as <text> in the group of role "axis-label".
    labels = re.search(r"role-axis-label.*?</g>", svg, re.S)
    assert labels is not None, "no axis labels in the SVG"
    return re.findall(r">([^<>]+)</text>", labels.group(0))


def test_one_initiative_gets_ticks_0_and_1_not_a_second_1():
    spec = charts.stage_bars([{"stage": "idee", "count": 1}, {"stage": "zelfstandig", "count": 0}])
    assert _axis_labels(charts.to_svg(spec)) == ["0", "1"]


def test_a_few_initiatives_get_every_whole_number():
    spec = charts.stage_bars([{"stage": "idee", "count": 3}, {"stage": "actief", "count": 2}])
    assert _axis_labels(charts.to_svg(spec)) == ["0", "1", "2", "3"]


def test_many_initiatives_leave_the_ticks_to_vega_in_whole_numbers():
    spec = charts.stage_bars([{"stage": "idee", "count": 40}])
    labels = _axis_labels(charts.to_svg(spec))
    assert labels[0] == "0" and labels[-1] == "40"
    assert len(labels) == len(set(labels)) and all(label.isdigit() for label in labels)

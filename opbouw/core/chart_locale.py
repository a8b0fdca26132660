"""The number and date locale of every Vega-Lite chart, in the active language.

Vega-Lite's ``config.locale`` (number and time format definitions) is honoured by Vega in
the page and by vl-convert for the PDF, so one spec shows "2.500" and "juli 2026" in Dutch,
"2,500" and "July 2026" in English, wherever it is drawn. Chart builders call ``localised``
on the specs they return.
"""

from typing import Any

from django.utils import translation

_NL = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "time": {
        "dateTime": "%A %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": [
            "januari", "februari", "maart", "april", "mei", "juni",
            "juli", "augustus", "september", "oktober", "november", "december",
        ],
        "shortMonths": [
            "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ],
    },
}  # fmt: skip
_EN = {
    "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
    "time": {
        "dateTime": "%A, %e %B %Y %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        ],
        "shortMonths": [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
    },
}  # fmt: skip
# A month on a time axis: "jul 2026" / "Jul 2026" (never "07-2026").
MONTH_FORMAT = "%b %Y"


def chart_locale(language: str | None = None) -> dict[str, Any]:
    language = (language or translation.get_language() or "nl").split("-")[0]
    return _EN if language == "en" else _NL


def localised(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with the active language's number and time locale in its config."""
    spec.setdefault("config", {})["locale"] = chart_locale()
    return spec

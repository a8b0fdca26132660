"""One way to write a date (and a number) for people, in the active language (Dutch
"2 januari 2025", "2.500"; English "2 January 2025", "2,500").

The year is shown when the date is not in the current year (or when asked): "uiterlijk
2 januari" must not hide that it was 2 January of last year. Pages use the template filter
``day`` (opbouw.core.templatetags.opbouw), PDFs the same templates, Python code this function.
"""

import datetime as dt
from typing import Any

from django.utils import dateformat, timezone
from django.utils.dateparse import parse_date
from django.utils.formats import number_format


def format_day(
    value: dt.date | dt.datetime | str | None, *, year: bool | None = None, month: bool = False
) -> str:
    """The date as a day and month, with the year when it is not this year (or ``year``).

    An ISO string (as frozen report versions keep their dates) is read as that date; any
    other string is returned as it is.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        parsed = parse_date(value[:10] if len(value) != 7 else f"{value}-01")  # "2026-07"
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if month:
        return dateformat.format(value, "F Y")  # "juli 2026"
    show_year = year if year is not None else value.year != timezone.localdate().year
    return dateformat.format(value, "j F Y" if show_year else "j F")


def format_number(value: Any) -> str:
    """A number in the active language, thousands grouped: "2.500" / "2,500", "2,5" / "2.5"."""
    if value is None or value == "":
        return ""
    return number_format(value, use_l10n=True, force_grouping=True)

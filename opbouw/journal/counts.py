"""Participants as counts by category, with nobody named (docs/practice.md, "Tellen vóór namen").

The anonymous total (JournalEntry.anonymous_count) is the number of people present without a
name; each dimension (age bands, new/known) splits that total, so its categories add up to at
most the total. A worker who fills in only categories gets the largest dimension as the total.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import (
    COUNT_DIMENSIONS,
    COUNTS_ONLY_KINDS,
    DOOR_CATEGORIES,
    CountCategory,
    JournalEntry,
    ParticipantCount,
)

MAX_COUNT = 10_000


def count_field(category: str) -> str:
    """The form field (and error key) of one category."""
    return f"count_{category}"


def validate_counts(*, kind: str, anonymous_count: int, counts: Mapping[str, int]) -> int:
    """Check the counts and return the anonymous total they imply (never less than given)."""
    errors: dict[str, str] = {}
    for category, value in counts.items():
        if category not in CountCategory.values:
            errors["anonymous_count"] = _("Onbekende categorie: %(c)s.") % {"c": category}
        elif value < 0 or value > MAX_COUNT:
            errors[count_field(category)] = _("Vul een aantal tussen 0 en 10.000 in.")
    if errors:
        raise ValidationError(errors)
    doors = counts.get(CountCategory.DOORS_KNOCKED, 0)
    opened = counts.get(CountCategory.DOORS_OPENED, 0)
    if kind in COUNTS_ONLY_KINDS:
        if doors <= 0:
            errors[count_field(CountCategory.DOORS_KNOCKED)] = _(
                "Bij welk aantal deuren hebt u aangebeld?"
            )
        elif opened > doors:
            errors[count_field(CountCategory.DOORS_OPENED)] = _(
                "Er kunnen niet meer deuren open zijn gegaan dan u hebt aangebeld."
            )
    else:
        for category in DOOR_CATEGORIES:
            if counts.get(category, 0):
                errors[count_field(category)] = _(
                    "Deuren tellen hoort bij een deur-aan-deur- of portiekronde."
                )
    total = anonymous_count
    sums = {name: sum(counts.get(c, 0) for c in cats) for name, cats in COUNT_DIMENSIONS.items()}
    if total == 0:
        total = max(sums.values(), default=0)
    for name, cats in COUNT_DIMENSIONS.items():
        if sums[name] > total:
            errors[count_field(cats[0])] = _(
                "Deze aantallen tellen op tot %(sum)d: meer dan de %(total)d anonieme "
                "aanwezigen. Verhoog het totaal of verlaag de aantallen."
            ) % {"sum": sums[name], "total": total}
    if errors:
        raise ValidationError(errors)
    return total


def write_counts(entry: JournalEntry, counts: Mapping[str, int]) -> None:
    """Replace the entry's counts by the given ones (zeros are not stored)."""
    ParticipantCount.objects.filter(entry=entry).delete()
    ParticipantCount.objects.bulk_create(
        ParticipantCount(entry=entry, category=category, count=value)
        for category, value in sorted(counts.items())
        if value
    )

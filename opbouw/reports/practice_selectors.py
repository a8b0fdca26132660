"""Reads for the practice sections of reports (docs/practice.md): the split of worker time by
what the work was for, and the signals to policy. Kept apart from selectors.py, which imports
them; nothing here imports selectors.py.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from opbouw.areas.models import Area
from opbouw.journal.models import BundledSignal, JournalEntry, Purpose

from . import charts

# The three purposes an entry can have, in the order reports show them.
SPLIT_SIDES: tuple[str, ...] = (
    Purpose.COLLECTIVE.value,
    Purpose.INDIVIDUAL.value,
    Purpose.NETWORK.value,
)


def entries_for_collective(
    area_ids: frozenset[int], start: dt.date, end: dt.date
) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(area_id__in=area_ids, occurred_on__range=(start, end))


def collective_split(area_ids: frozenset[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """Per organisation and month: worker time and entries by what they were for.

    Each entry carries its purpose, chosen by the worker (JournalEntry.purpose): a shared
    issue or collective capacity, an individual question, or network upkeep. Signalling counts
    as collective. The share is collective time over all time with a purpose. Entries whose
    purpose the migration guessed from the old headcount rule are counted too, and said.
    One grouped query, whatever the number of entries.
    """
    rows = (
        entries_for_collective(area_ids, start, end)
        .annotate(month=TruncMonth("occurred_on"))
        .values("author__organisation__name", "month", "purpose")
        .annotate(
            n=Count("id"),
            minutes=Sum("duration_minutes"),
            guessed=Count("id", filter=Q(purpose_guessed=True)),
        )
        .order_by()
    )
    table: dict[tuple[str, str], dict[str, int]] = {}
    guessed = 0
    for row in rows:
        side = row["purpose"]
        if side not in SPLIT_SIDES:
            continue
        key = (
            row["author__organisation__name"] or _("zonder organisatie"),
            f"{row['month']:%Y-%m}",
        )
        cell = table.setdefault(
            key, {f"{name}{suffix}": 0 for name in SPLIT_SIDES for suffix in ("", "_minutes")}
        )
        cell[side] += row["n"]
        cell[f"{side}_minutes"] += row["minutes"] or 0
        guessed += row["guessed"]
    result = []
    for (org, month), cell in sorted(table.items()):
        minutes = sum(cell[f"{side}_minutes"] for side in SPLIT_SIDES)
        result.append(
            {
                "organisation": org,
                "month": month,
                **{f"{side}_hours": round(cell[f"{side}_minutes"] / 60, 1) for side in SPLIT_SIDES},
                **{f"{side}_contacts": cell[side] for side in SPLIT_SIDES},
                "collective_share": round(100 * cell["collective_minutes"] / minutes)
                if minutes
                else None,
            }
        )
    return {"rows": result, "chart": charts.collective_bars(result), "guessed": guessed}


def purpose_split(entries: QuerySet[JournalEntry]) -> dict[str, Any]:
    """Worker time in a report's entries by purpose: what a report releases to policy."""
    rows = (
        entries.values("purpose")
        .annotate(
            minutes=Sum("duration_minutes"),
            n=Count("id"),
            guessed=Count("id", filter=Q(purpose_guessed=True)),
        )
        .order_by()
    )
    minutes = dict.fromkeys(SPLIT_SIDES, 0)
    counts = dict.fromkeys(SPLIT_SIDES, 0)
    guessed = 0
    for row in rows:
        if row["purpose"] in minutes:
            minutes[row["purpose"]] += row["minutes"] or 0
            counts[row["purpose"]] += row["n"]
            guessed += row["guessed"]
    total = sum(minutes.values())
    return {
        "hours": {side: round(minutes[side] / 60, 1) for side in SPLIT_SIDES},
        "entries": counts,
        "share": round(100 * minutes["collective"] / total) if total else None,
        "guessed": guessed,
    }


def bundled_signals_in(
    area: Area, start: dt.date, end: dt.date, entries: QuerySet[JournalEntry] | None = None
) -> list[dict[str, Any]]:
    """Signals to policy open at some point in the period (created by its end, not fed back
    before its start): the issue, its households, evidence, residents' words (only with their
    consent), who presented it, the municipality's answer and the feedback to residents.
    With entries (a report on an initiative): only the signals bundled from those."""
    bundles = BundledSignal.objects.filter(
        area__path__startswith=area.path, created_at__date__lte=end
    ).exclude(feedback_on__lt=start)
    if entries is not None:
        bundles = bundles.filter(entries__in=entries).distinct()

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return [
        {
            "title": b.title,
            "households": b.households,
            "evidence": b.evidence,
            "residents_words": b.residents_words if b.residents_words_consent else "",
            "presented_by": b.presented_by,
            "addressed_to": b.addressed_to,
            "presented_on": day(b.presented_on),
            "answer": b.answer,
            "answered_on": day(b.answered_on),
            "answer_deadline": day(b.answer_deadline),
            "feedback": b.feedback,
            "feedback_on": day(b.feedback_on),
            "stage": b.stage,
        }
        for b in bundles.order_by("created_at", "id")
    ]

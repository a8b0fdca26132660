"""Reads for reports: everything a report shows besides the reflection, stories and outcomes is
derived here from what was already recorded (journal, network, initiatives, conversations).

`report_content` returns plain JSON-able data: it is both what a draft shows and, frozen, what
an issued version stores.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from opbouw.analysis.disclosure import protect_table, round_to_base
from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser
from opbouw.dialogue.models import Conversation
from opbouw.dialogue.results import results_get
from opbouw.initiatives.models import Initiative, Stage, StageChange, SupportMoment
from opbouw.journal.models import (
    CountCategory,
    EntryKind,
    JournalEntry,
    ParticipantCount,
    Signal,
)
from opbouw.network.selectors import initiative_metric_series, metric_series
from opbouw.people.models import Person

from . import charts
from .models import Domain, Outcome, Report, Story, Teller
from .permissions import outcomes_visible, reports_visible, stories_visible, work_area_ids
from .practice_selectors import bundled_signals_in, purpose_split

THRESHOLD = 10
BASE = 5
AREA_DOCUMENTS = ("boundary", "key_figures")
INDIVIDUAL_KINDS = (EntryKind.CONTACT, EntryKind.HOME_VISIT)


def story_list(user: AnyUser, *, area: Area | None = None) -> QuerySet[Story]:
    stories = stories_visible(user)
    if area is not None:
        stories = stories.filter(area__path__startswith=area.path)
    return stories.select_related("area").defer(*(f"area__{f}" for f in AREA_DOCUMENTS))


def outcome_list(user: AnyUser, *, area: Area | None = None) -> QuerySet[Outcome]:
    outcomes = outcomes_visible(user)
    if area is not None:
        outcomes = outcomes.filter(area__path__startswith=area.path)
    return outcomes.select_related("area", "initiative").defer(
        *(f"area__{f}" for f in AREA_DOCUMENTS)
    )


def report_list(user: AnyUser) -> QuerySet[Report]:
    return (
        reports_visible(user)
        .select_related("area", "initiative")
        .defer(*(f"area__{f}" for f in AREA_DOCUMENTS))
        .annotate(version_count=Count("versions", distinct=True))
        .order_by("-period_end", "-id")
    )


MAX_YEARS_OFFERED = 6


def report_span(user: AnyUser, today: dt.date, area: Area | None = None) -> tuple[dt.date, dt.date]:
    """The first and the last day a report on `area` (and the areas below it) can cover: from
    the first journal entry, story or outcome there (at most six calendar years back) to today.
    Without an area: over all the worker's areas. Three index walks, not a scan."""
    area_ids = _area_ids(area) if area is not None else work_area_ids(user)
    first = _first_work_day(area_ids) or today
    oldest = dt.date(today.year - MAX_YEARS_OFFERED + 1, 1, 1)
    return min(max(first, oldest), today), today


def _first_work_day(area_ids: Iterable[int]) -> dt.date | None:
    """The day of the first journal entry, story or outcome in these areas (None: nothing)."""
    area_ids = list(area_ids)
    firsts = [
        model.objects.filter(area_id__in=area_ids)
        .order_by(field)
        .values_list(field, flat=True)
        .first()
        for model, field in (
            (JournalEntry, "occurred_on"),
            (Story, "told_on"),
            (Outcome, "occurred_on"),
        )
    ]
    return min([day for day in firsts if day is not None], default=None)


def first_work_day(area: Area) -> dt.date | None:
    """The first day anything was recorded in the area or below: a report can say nothing
    about the time before (a period that lies wholly before it is refused, one that starts
    before it says so)."""
    return _first_work_day(_area_ids(area))


def candidate_stories(report: Report) -> QuerySet[Story]:
    """Stories of the report's area (and below) told in its period; in a report on an
    initiative, those about that initiative."""
    stories = Story.objects.filter(
        area__path__startswith=report.area.path,
        told_on__range=(report.period_start, report.period_end),
    )
    if report.initiative_id:
        stories = stories.filter(initiative_id=report.initiative_id)
    return stories.order_by("-told_on", "-id")


def candidate_outcomes(report: Report) -> QuerySet[Outcome]:
    outcomes = Outcome.objects.filter(
        area__path__startswith=report.area.path,
        occurred_on__range=(report.period_start, report.period_end),
    )
    if report.initiative_id:
        outcomes = outcomes.filter(initiative_id=report.initiative_id)
    return outcomes.order_by("-occurred_on", "-id")


def issued_reports_with(
    *, story: Story | None = None, outcome: Outcome | None = None
) -> list[dict[str, Any]]:
    """The reports with an issued version that took in this story or outcome: an edit does
    not change those versions, and the edit page says so."""
    reports = Report.objects.filter(versions__isnull=False)
    if story is not None:
        reports = reports.filter(stories=story)
    if outcome is not None:
        reports = reports.filter(outcomes=outcome)
    rows = (
        reports.annotate(latest=Max("versions__number"))
        .order_by("-period_end", "-id")
        .values_list("id", "title", "latest")
    )
    return [{"id": pk, "title": title, "latest": latest} for pk, title, latest in rows]


def publish_count(value: int) -> int | None:
    """A count of people as a report may show it: rounded to 5; None when under 10."""
    return None if 0 < value < THRESHOLD else round_to_base(value, BASE, threshold=THRESHOLD)


def _area_ids(area: Area) -> list[int]:
    """The area and every area below it. Filtering entries by these ids (rather than joining
    the area table with a LIKE on its path) lets the database walk the entries' (area, date)
    index once per area."""
    return list(Area.objects.filter(path__startswith=area.path).values_list("id", flat=True))


def _entries(area: Area, start: dt.date, end: dt.date) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(area_id__in=_area_ids(area), occurred_on__range=(start, end))


def _report_entries(report: Report) -> QuerySet[JournalEntry]:
    """The journal entries a report counts: those of its area and period; in a report on an
    initiative, only those linked to the initiative (its support moments)."""
    entries = _entries(report.area, report.period_start, report.period_end)
    if report.initiative_id:
        linked = SupportMoment.objects.filter(initiative_id=report.initiative_id)
        entries = entries.filter(id__in=linked.values("entry_id"))
    return entries


def _stories(report: Report) -> list[dict[str, Any]]:
    selected: dict[int, list[str]] = {}
    stories = list(report.stories.prefetch_related("selections").order_by("told_on", "id"))
    for story in stories:
        selected[story.pk] = [s.reason for s in story.selections.all()]
    return [
        {
            "title": story.title,
            "domain": str(Domain(story.domain).label),
            "teller": str(Teller(story.teller_role).label),
            "told_on": story.told_on.isoformat(),
            # Only a released (de-identified, confirmed) text ever leaves the area.
            "text": story.released_text if story.is_released else None,
            "selected_because": selected[story.pk],
        }
        for story in stories
    ]


def _outcomes(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "actor": o.actor,
            "change": o.change,
            "occurred_on": o.occurred_on.isoformat(),
            "place": o.place,
            "significance": o.significance,
            "contribution": o.contribution,
            "substantiated_by": o.substantiated_by,
            "change_type": str(o.get_change_type_display()) if o.change_type else "",
            "substantiation": str(o.get_substantiation_display()),
        }
        for o in report.outcomes.order_by("occurred_on", "id")
    ]


def _network(user: AnyUser, report: Report) -> list[dict[str, Any]]:
    area, start, end = report.area, report.period_start, report.period_end
    if report.initiative is not None:
        series = initiative_metric_series(user, report.initiative, area, start, end)
    else:
        series = metric_series(user, area, start, end)
    return [
        {
            "month": m.month.isoformat(),
            "people_active": m.people_active,
            "ties": m.ties,
            "new_ties": m.new_ties,
            "lasting_ties": m.lasting_ties,
            "bridging_ties": m.bridging_ties,
            "isolated": m.isolated,
            "community_count": m.community_count,
            "largest_component_share": round(m.largest_component_share, 3),
        }
        for m in series
    ]


def _initiatives(report: Report) -> dict[str, Any]:
    initiatives = Initiative.objects.filter(area__path__startswith=report.area.path)
    if report.initiative_id:
        initiatives = initiatives.filter(pk=report.initiative_id)
    changes = (
        StageChange.objects.filter(
            initiative__in=initiatives,
            changed_on__range=(report.period_start, report.period_end),
        )
        .select_related("initiative")
        .order_by("changed_on", "id")
    )
    # Each initiative's stage at the end of the period: its last stage change up to then, or,
    # without one, its current stage if it had it by then.
    at_end: dict[int, str] = {}
    for initiative_id, stage, since in initiatives.values_list("id", "stage", "stage_since"):
        if since <= report.period_end:
            at_end[initiative_id] = stage
    history = StageChange.objects.filter(
        initiative__in=initiatives, changed_on__lte=report.period_end
    ).order_by("changed_on", "id")
    for initiative_id, to_stage in history.values_list("initiative_id", "to_stage"):
        at_end[initiative_id] = to_stage
    by_stage: dict[str, int] = {}
    for stage in at_end.values():
        by_stage[stage] = by_stage.get(stage, 0) + 1
    return {
        "stages": [{"stage": str(s.label), "count": by_stage.get(s.value, 0)} for s in Stage],
        "changes": [
            {
                "initiative": c.initiative.title,
                "from": str(Stage(c.from_stage).label) if c.from_stage else "",
                "to": str(Stage(c.to_stage).label),
                "on": c.changed_on.isoformat(),
            }
            for c in changes
        ],
    }


def _conversations(report: Report) -> list[dict[str, Any]]:
    start = dt.datetime.combine(report.period_start, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(report.period_end, dt.time.max, tzinfo=dt.UTC)
    conversations = Conversation.objects.filter(area__path__startswith=report.area.path).filter(
        Q(opens_at__lte=end) | Q(opens_at__isnull=True, created_at__lte=end),
        Q(closes_at__gte=start) | Q(closes_at__isnull=True),
    )
    result = []
    for conversation in conversations.order_by("created_at", "id")[:10]:
        results = results_get(conversation)
        result.append(
            {
                "question": conversation.question,
                "participants": publish_count(results.participants),
                "groups": len(results.groups),
                "consensus": [c.statement.text for c in results.consensus_agree[:3]],
            }
        )
    return result


def _signals(report: Report) -> dict[str, Any]:
    """Signals forwarded in the period, per organisation and status: one grouped query."""
    signals = Signal.objects.filter(
        entry__area__path__startswith=report.area.path,
        entry__occurred_on__range=(report.period_start, report.period_end),
    )
    if report.initiative_id:
        signals = signals.filter(entry__in=_report_entries(report))
    rows = (
        signals.values("organisation__name", "status")
        .annotate(n=Count("id"))
        .order_by("organisation__name", "status")
    )
    table: dict[str, dict[str, int]] = {}
    total = resolved = 0
    for row in rows:
        table.setdefault(row["organisation__name"], {})[row["status"]] = row["n"]
        total += row["n"]
        resolved += row["n"] if row["status"] == Signal.Status.RESOLVED else 0
    statuses = list(Signal.Status)
    return {
        "statuses": [str(s.label) for s in statuses],
        "rows": [
            {"organisation": name, "counts": [counts.get(s.value, 0) for s in statuses]}
            for name, counts in table.items()
        ],
        "total": total,
        "resolved": resolved,
    }


def _outputs(report: Report) -> dict[str, Any]:
    """Output counts in two queries, whatever the number of entries: one pass over the
    period's entries with conditional aggregates, and the distinct people at activities."""
    entries = _report_entries(report)
    meeting = Q(kind=EntryKind.MEETING)
    counts = entries.aggregate(
        activities=Count("id", filter=meeting),
        anonymous=Sum("anonymous_count", filter=meeting),
        contacts=Count("id", filter=Q(kind__in=INDIVIDUAL_KINDS)),
    )
    # Distinct named people, counted on the link table (no person rows are read).
    named = (
        JournalEntry.people.through.objects.filter(journalentry__in=entries.filter(meeting))
        .values("person_id")
        .distinct()
        .count()
        if counts["activities"]
        else 0
    )
    # Counts before names: everyone counted without a name, over every kind of entry, and
    # per category (age band, new or known, doors of a round); rounded like the rest.
    anonymous_total = entries.aggregate(n=Sum("anonymous_count"))["n"] or 0
    by_category = dict(
        ParticipantCount.objects.filter(entry__in=entries)
        .values_list("category")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return {
        "activities": counts["activities"],
        # Distinct named people; people present without a name are counted per activity.
        "participants": publish_count(named),
        "anonymous_attendance": round_to_base(counts["anonymous"] or 0, BASE),
        "contacts": counts["contacts"],
        "anonymous_total": round_to_base(anonymous_total, BASE),
        "by_category": [
            {"label": str(category.label), "count": round_to_base(by_category[category], BASE)}
            for category in CountCategory
            if by_category.get(category)
        ],
    }


# What each section of a report on an initiative is about: that initiative, or (where nothing
# links the records to an initiative) the whole area, which the report then says.
INITIATIVE_SCOPE = {
    "stories": "initiative",  # stories about the initiative
    "outcomes": "initiative",  # outcomes about the initiative
    "network": "initiative",  # its participants and the ties among them
    "initiatives": "initiative",  # its stage changes
    "conversations": "area",  # a conversation belongs to an area, not to an initiative
    "signals": "initiative",  # forwarded from the journal entries linked to it
    "bundled_signals": "initiative",  # bundled from the journal entries linked to it
    "collective": "initiative",  # the purposes of the journal entries linked to it
    "outputs": "initiative",  # counted over the journal entries linked to it
}


def _data_from(report: Report) -> str | None:
    """The first day with recorded work when the period starts before it (the report says
    that there is no data before then); None when there is data from the period's start."""
    first = first_work_day(report.area)
    if first is not None and report.period_start < first:
        return first.isoformat()
    return None


def report_content(user: AnyUser, report: Report) -> dict[str, Any]:
    """Everything the report shows, as JSON-able data (what an issued version freezes).

    Versions issued before "scope" and "data_from" existed lack those keys; the templates
    show them as they were (without the notes)."""
    area = report.area
    network = _network(user, report)
    initiatives = _initiatives(report)
    content: dict[str, Any] = {
        "title": report.title,
        "area": area.name,
        "area_code": area.code,
        "initiative": report.initiative.title if report.initiative else None,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "data_from": _data_from(report),
        "scope": dict(INITIATIVE_SCOPE) if report.initiative_id else None,
        "reflection": report.reflection,
        "stories": _stories(report),
        "outcomes": _outcomes(report),
        "network": network,
        "initiatives": initiatives,
        "conversations": _conversations(report),
        "signals": _signals(report),
        "bundled_signals": bundled_signals_in(
            report.area,
            report.period_start,
            report.period_end,
            _report_entries(report) if report.initiative_id else None,
        ),
        "collective": purpose_split(_report_entries(report)),
        "outputs": _outputs(report),
    }
    content["charts"] = {
        "network": charts.network_curve(network),
        "stages": charts.stage_bars(initiatives["stages"]),
    }
    return content


def dashboard_table(area_ids: frozenset[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """People reached per wijk (rows) and organisation (columns), protected for publication.

    A person counts once per cell (distinct people in the journal entries of that
    organisation's workers in that wijk), so the cells count people, not contacts.
    """
    wijken = list(
        Area.objects.filter(id__in=area_ids, level="wijk").defer(*AREA_DOCUMENTS).order_by("name")
    )
    pairs = (
        JournalEntry.people.through.objects.filter(
            journalentry__area_id__in=area_ids,
            journalentry__occurred_on__range=(start, end),
        )
        .values_list(
            "journalentry__area__path", "journalentry__author__organisation__name", "person_id"
        )
        .distinct()
    )
    organisations: set[str] = set()
    people: dict[tuple[int, str], set[int]] = {}
    for path, org, person_id in pairs.iterator():
        wijk_index = next((i for i, wijk in enumerate(wijken) if path.startswith(wijk.path)), None)
        if wijk_index is None:
            continue
        name = org or _("zonder organisatie")
        organisations.add(name)
        people.setdefault((wijk_index, name), set()).add(person_id)
    columns = sorted(organisations)
    if not wijken or not columns:
        return {"rows": [], "columns": columns, "table": None}
    counts = [[len(people.get((i, org), ())) for org in columns] for i in range(len(wijken))]
    table = protect_table(
        counts, rows=[w.name for w in wijken], columns=columns, threshold=THRESHOLD, base=BASE
    )
    return {"rows": [w.name for w in wijken], "columns": columns, "table": table}


def released_stories(area_ids: frozenset[int], start: dt.date, end: dt.date) -> QuerySet[Story]:
    return (
        Story.objects.filter(
            area_id__in=area_ids, released_at__isnull=False, told_on__range=(start, end)
        )
        .select_related("area")
        .defer(*(f"area__{f}" for f in AREA_DOCUMENTS))
        .order_by("-told_on", "-id")
    )


def known_names(area: Area) -> list[str]:
    """The names of the people of the area and below (what a released text must not contain)."""
    top = area
    # A story in a buurt may name people of the whole wijk.
    if area.level == "buurt" and area.parent_id:
        top = Area.objects.only("path").get(pk=area.parent_id)
    return list(
        Person.objects.filter(area__path__startswith=top.path).values_list("name", flat=True)
    )

"""The small path: every planned entry saved through the journal services, like the UI does.

So the demo passes the same validation (scope, dates, lengths) and the full-text index is
kept up to date by the services themselves.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from django.utils import timezone

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area, Place
from opbouw.core.models import Theme
from opbouw.journal.models import FollowUp, JournalEntry, Signal, SignalConsent
from opbouw.journal.services import (
    FollowUpInput,
    SignalInput,
    entry_create,
    follow_up_complete,
    signal_set_status,
)
from opbouw.people.models import Group, Person

from .journal_plan import EntryPlan, demo_purpose
from .notes import sensitive_category_for


def moment(date: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(hour, 0), tzinfo=timezone.get_default_timezone())


def create_entries(
    *,
    plans: Iterable[EntryPlan],
    areas: dict[str, Area],
    users: dict[str, User],
    places: dict[str, Place],
    groups: Sequence[Group],
    organisations: dict[str, Organisation],
    person_ids: Sequence[int],
    day: Callable[[int], dt.date],
    progress: Callable[[int], None],
) -> int:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    people = Person.objects.only("id", "area_id").in_bulk(list(person_ids))
    entries: list[JournalEntry] = []
    follow_ups: list[FollowUp] = []
    signals: list[Signal] = []
    for plan in plans:
        occurred_on = day(plan.day)
        follow_up = plan.follow_up
        signal = plan.signal
        entry = entry_create(
            author=users[plan.author],
            kind=plan.kind,
            occurred_on=occurred_on,
            area=areas[plan.area_code],
            note=plan.note,
            duration_minutes=plan.duration,
            place=places[plan.place] if plan.place else None,
            people=[people[person_ids[index]] for index in plan.people],
            groups=[groups[plan.group]] if plan.group is not None else [],
            organisations=[organisations[key] for key in plan.organisations],
            themes=[themes[slug] for slug in plan.themes],
            anonymous_count=plan.anonymous,
            purpose=demo_purpose(plan),
            sensitive_category=sensitive_category_for(plan.note),
            follow_ups=[FollowUpInput(follow_up.description, day(follow_up.due_day))]
            if follow_up
            else [],
            signals=[
                SignalInput(
                    organisations[signal.organisation],
                    signal.description,
                    SignalConsent.NOT_PERSONAL,  # the demo's signals are about shared issues
                )
            ]
            if signal
            else [],
        )
        created = moment(occurred_on, plan.hour)
        entry.created_at = created
        entries.append(entry)
        if follow_up:
            saved = entry.follow_ups.get()
            if follow_up.done_day is not None:
                follow_up_complete(follow_up=saved, done_on=day(follow_up.done_day))
            saved.created_at = created
            follow_ups.append(saved)
        if signal:
            saved_signal = entry.signals.get()
            if signal.status != Signal.Status.OPEN:
                signal_set_status(
                    signal=saved_signal, status=signal.status, note=signal.status_note
                )
            saved_signal.created_at = created
            signals.append(saved_signal)
        if len(entries) % 500 == 0:
            progress(len(entries))
    # The services stamp "now"; the journal of a demo that has run for two years needs the
    # moments the entries were written (the "today" page sorts signals by them).
    JournalEntry.objects.bulk_update(entries, ["created_at"], batch_size=500)
    FollowUp.objects.bulk_update(follow_ups, ["created_at"], batch_size=500)
    Signal.objects.bulk_update(signals, ["created_at"], batch_size=500)
    return len(entries)

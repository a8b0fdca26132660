"""What the journal holds about a person, for export and erasure (opbouw.core.personal_data).

Erasure keeps every entry and its participant count (the erased person stays a participant,
as "verwijderde bewoner"); the person's name, e-mail and phone are replaced by "[verwijderd]"
in the notes, follow-ups and signals of their own entries and of every entry in their wijk.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role

from .models import BundledSignal, FollowUp, JournalEntry, ParticipantCount, Signal
from .search import index_entries

pd.register_processing(
    pd.Processing(
        key="journal",
        name=_("Logboek van het opbouwwerk"),
        purpose=_(
            "Gesprekken, huisbezoeken, bijeenkomsten en signalen vastleggen om bewoners te "
            "ondersteunen, af te spreken wat er volgt en signalen door te geven aan partners."
        ),
        basis=_("Publieke taak (welzijnswerk in opdracht van de gemeente, Wmo 2015)."),
        data_subjects=_("Bewoners en contacten die aan een gesprek of activiteit deelnamen."),
        recipients=[Role.WORKER, Role.COORDINATOR, Role.ADMIN],
        retention=["journal_person_notes"],
        note=_("Een signaal gaat naar de gekozen partnerorganisatie, zonder de notitie zelf."),
    )
)


def _entries(subject: pd.Subject) -> QuerySet[JournalEntry]:
    if subject.person_id is None:
        return JournalEntry.objects.none()
    return JournalEntry.objects.filter(people=subject.person_id)


def _in_scope(subject: pd.Subject) -> Q:
    """Entries that may mention the person: their own, and those in their wijk."""
    return Q(pk__in=_entries(subject).values("pk")) | Q(area_id__in=subject.area_ids)


def _entry_rows(subject: pd.Subject) -> QuerySet[JournalEntry]:
    return (
        _entries(subject)
        .select_related("area", "place")
        .prefetch_related("themes", "people")
        .order_by("occurred_on", "pk")
    )


def _entry_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    ids = scrub.changed_pks(JournalEntry.objects.filter(_in_scope(subject)), ["note"])
    index_entries(ids)
    if ids:
        _forget_old_words()
    return len(ids)


def _forget_old_words() -> None:
    """SQLite's FTS5 keeps replaced words in older index segments until they are merged:
    merge them all now, so the erased name and number are gone from the index's own tables
    too. (This rewrites the index: seconds on a large journal; erasures are rare.)"""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO journal_entry_fts(journal_entry_fts) VALUES('optimize')")


pd.register(
    "journal.JournalEntry",
    processing="journal",
    links={"people": pd.SUBJECT, "author": pd.ACTOR},
    fields=("kind", "occurred_on", "duration_minutes", "area", "place", "themes", "note"),
    extra={
        "participant_count": (
            _("aantal deelnemers met naam (namen van anderen worden niet meegegeven)"),
            lambda entry: len(entry.people.all()),
        ),
        "anonymous_count": (_("anonieme aanwezigen"), lambda entry: entry.anonymous_count),
    },
    rows=_entry_rows,
    erase=_entry_erase,
    withheld=("note",),
    description=_("Logboekregels waarin de persoon voorkomt"),
)


def _follow_up_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    scope = FollowUp.objects.filter(entry__in=JournalEntry.objects.filter(_in_scope(subject)))
    return scrub.rows(scope, ["description"])


pd.register(
    "journal.FollowUp",
    processing="journal",
    links={"entry": pd.CONTEXT, "assignee": pd.ACTOR},
    fields=("entry", "description", "due_on", "done_on"),
    rows=lambda subject: FollowUp.objects.filter(entry__in=_entries(subject)).order_by("pk"),
    erase=_follow_up_erase,
    withheld=("description",),
    description=_("Vervolgacties bij die logboekregels"),
)


def _signal_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    scope = Signal.objects.filter(entry__in=JournalEntry.objects.filter(_in_scope(subject)))
    return scrub.rows(scope, ["description", "status_note"])


pd.register(
    "journal.Signal",
    processing="journal",
    links={"entry": pd.CONTEXT},
    fields=("entry", "organisation", "description", "status", "status_note", "created_at"),
    rows=lambda subject: (
        Signal.objects.filter(entry__in=_entries(subject))
        .select_related("organisation")
        .order_by("pk")
    ),
    erase=_signal_erase,
    withheld=("description", "status_note"),
    description=_("Signalen bij die logboekregels"),
)


pd.register(
    "journal.ParticipantCount",
    processing="journal",
    links={"entry": pd.CONTEXT},
    fields=("entry", "category", "count"),
    rows=lambda subject: ParticipantCount.objects.filter(entry__in=_entries(subject)).order_by(
        "pk"
    ),
    # Counts name nobody: nothing to scrub; they go with their entry.
    erase=lambda subject, scrub: 0,
    description=_("Aantallen zonder namen bij die logboekregels"),
)


def _bundle_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    scope = BundledSignal.objects.filter(
        Q(entries__in=_entries(subject)) | Q(area_id__in=subject.area_ids)
    ).distinct()
    return scrub.rows(
        BundledSignal.objects.filter(pk__in=scope.values("pk")),
        ["title", "evidence", "residents_words", "presented_by", "answer", "feedback"],
    )


pd.register(
    "journal.BundledSignal",
    processing="journal",
    links={"author": pd.ACTOR, "entries": pd.CONTEXT},
    fields=(
        "area",
        "title",
        "households",
        "evidence",
        "residents_words",
        "presented_by",
        "addressed_to",
        "presented_on",
        "answer",
        "answered_on",
        "answer_deadline",
        "feedback",
        "feedback_on",
    ),  # fmt: skip
    rows=lambda subject: (
        BundledSignal.objects.filter(entries__in=_entries(subject)).distinct().order_by("pk")
    ),
    erase=_bundle_erase,
    description=_("Signalen aan beleid die op die logboekregels steunen"),
)


# --- retention: notes about people, some time after the last contact ------------------------


def notes_due(days: int) -> QuerySet[JournalEntry]:
    """Entries with people whose notes are past due: no participant had contact since."""
    import datetime as dt

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    cutoff = timezone.localdate() - dt.timedelta(days=days)
    through = JournalEntry.people.through
    recent_contact = through.objects.filter(
        journalentry__occurred_on__gt=cutoff,
        person_id__in=through.objects.filter(journalentry_id=OuterRef(OuterRef("pk"))).values(
            "person_id"
        ),
    )
    return (
        JournalEntry.objects.filter(occurred_on__lte=cutoff, people__isnull=False)
        .exclude(note="")
        .exclude(Exists(recent_contact))
        .distinct()
    )


def _notes_apply(days: int) -> int:
    ids = list(notes_due(days).values_list("pk", flat=True))
    JournalEntry.objects.filter(pk__in=ids).update(note="")
    index_entries(ids)
    return len(ids)


pd.register_retention(
    pd.RetentionRule(
        category="journal_person_notes",
        description=_("Notities van logboekregels met personen, na het laatste contact"),
        action=_("notitie leeggemaakt; datum, soort, deelnemers en thema's blijven"),
        due=lambda days: notes_due(days).count(),
        apply=_notes_apply,
    )
)

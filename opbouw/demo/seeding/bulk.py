"""The large path: people and a million journal entries straight into the tables.

The services would take hours for this; here the same plans become rows, written with COPY on
PostgreSQL and executemany on SQLite, in batches, with ids we assign ourselves so the rows of
the many-to-many tables can be written in the same pass. Values are adapted once per distinct
value (there are only 730 days) instead of once per row.
"""

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models

from opbouw.accounts.models import Organisation
from opbouw.areas.models import Area, Place
from opbouw.core.models import Tag, Theme
from opbouw.journal.models import FollowUp, JournalEntry, Signal, SignalConsent
from opbouw.people.models import Consent, Group, Person

from .journal import moment
from .journal_plan import EntryPlan, demo_purpose
from .notes import sensitive_category_for
from .people import PersonPlan, record_basis

BATCH = 20_000


@contextlib.contextmanager
def fast_load() -> Iterator[None]:
    """Relax durability while loading; run outside the transaction (SQLite needs that).

    synchronous=OFF: a crash during the seed can corrupt the file, which is fine for a
    database that is being filled from scratch and can be seeded again.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield  # inside a transaction (tests) SQLite refuses to change these
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB page cache for the indexes
        cursor.execute("PRAGMA temp_store=MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-2000")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class Table:
    """Insert rows into one table, by column names, the fastest way the backend offers."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self.table, self.columns = table, list(columns)
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0
        self.parents: list[Table] = []

    def after(self, *parents: "Table") -> "Table":
        """Write these tables' pending rows before ours.

        A row must never reach the database before the row it refers to: SQLite counts such
        deferred violations, and while any is outstanding it scans every referring table on
        each insert into the referred one (quadratic, and without the dropped indexes).
        """
        self.parents.extend(parents)
        return self

    @classmethod
    def for_model(cls, model: type[models.Model], fields: Sequence[str]) -> "Table":
        meta = model._meta
        return cls(meta.db_table, [str(meta.get_field(name).column) for name in fields])  # type: ignore[union-attr]  # noqa: E501

    @classmethod
    def for_m2m(cls, model: type[models.Model], name: str) -> "Table":
        field = model._meta.get_field(name)
        through = field.remote_field.through._meta  # type: ignore[union-attr]
        return cls(through.db_table, [field.m2m_column_name(), field.m2m_reverse_name()])  # type: ignore[union-attr]  # noqa: E501

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        for parent in self.parents:
            parent.flush()
        if not self.rows:
            return
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg 3: COPY is several times faster than INSERT
                with raw.copy(f"COPY {self.table} ({quoted}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("%s" for _ in self.columns)
                cursor.executemany(
                    f"INSERT INTO {self.table} ({quoted}) VALUES ({marks})",  # noqa: S608
                    self.rows,
                )
        self.count += len(self.rows)
        self.rows = []


def next_id(model: type[models.Model]) -> int:
    latest = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(latest or 0) + 1


def reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    """After explicit ids, PostgreSQL's sequences must move past them (SQLite does it itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Adapted:
    """Database-ready dates and timestamps, computed once per distinct value."""

    def __init__(self, day: Callable[[int], dt.date]) -> None:
        self.day = day
        self._dates: dict[int, Any] = {}
        self._moments: dict[tuple[int, int], Any] = {}

    def date(self, offset: int | None) -> Any:
        if offset is None:
            return None
        if offset not in self._dates:
            self._dates[offset] = connection.ops.adapt_datefield_value(self.day(offset))
        return self._dates[offset]

    def moment(self, offset: int, hour: int) -> Any:
        key = (offset, hour)
        if key not in self._moments:
            value = moment(self.day(offset), hour)
            self._moments[key] = connection.ops.adapt_datetimefield_value(value)
        return self._moments[key]


def insert_people(
    *,
    plans: Sequence[PersonPlan],
    areas: dict[str, Area],
    creator_for: Callable[[str], int],
    adapted: Adapted,
) -> list[int]:
    tags = dict(Tag.objects.values_list("slug", "id"))
    people = Table.for_model(
        Person,
        ["id", "name", "email", "phone", "address", "area", "languages", "gifts_text",
         "interests_text", "wishes_text", "user", "created_by", "created_at", "updated_at",
         "record_basis", "informed_on"],
    )  # fmt: skip
    tag_tables = {
        name: Table.for_m2m(Person, name).after(people) for name in ("gifts", "interests", "wishes")
    }
    consents = Table.for_model(
        Consent,
        ["person", "purpose", "basis", "given_on", "source", "notice_version", "recorded_by",
         "withdrawn_on", "withdrawn_by", "created_at", "updated_at"],
    ).after(people)  # fmt: skip
    languages_json: dict[tuple[str, ...], str] = {}
    ids = []
    person_id = next_id(Person)
    for plan in plans:
        creator = creator_for(plan.area_code)
        created = adapted.moment(plan.first_met, 10)
        if plan.languages not in languages_json:
            languages_json[plan.languages] = json.dumps(list(plan.languages))
        people.add(
            (person_id, plan.name, plan.email, "", "", areas[plan.area_code].pk,
             languages_json[plan.languages], plan.gifts_text, plan.interests_text,
             plan.wishes_text, None, creator, created, created, record_basis(plan),
             adapted.date(plan.first_met))
        )  # fmt: skip
        for name, slugs in (
            ("gifts", plan.gifts),
            ("interests", plan.interests),
            ("wishes", plan.wishes),
        ):
            for slug in slugs:
                tag_tables[name].add((person_id, tags[slug]))
        for consent in plan.consents:
            withdrawn = consent.withdrawn_day
            consents.add(
                (person_id, consent.purpose, consent.basis, adapted.date(consent.given_day),
                 consent.source, settings.OPBOUW_NOTICE_VERSION, creator, adapted.date(withdrawn),
                 creator if withdrawn is not None else None, created, created)
            )  # fmt: skip
        ids.append(person_id)
        person_id += 1
    for table in (people, *tag_tables.values(), consents):
        table.flush()
    reset_sequences([Person])
    return ids


def insert_entries(
    *,
    plans: Iterable[EntryPlan],
    areas: dict[str, Area],
    user_ids: dict[str, int],
    places: dict[str, Place],
    groups: Sequence[Group],
    organisations: dict[str, Organisation],
    person_ids: Sequence[int],
    adapted: Adapted,
    progress: Callable[[int], None],
) -> int:
    theme_ids = dict(Theme.objects.values_list("slug", "id"))
    area_ids = {code: area.pk for code, area in areas.items()}
    place_ids = {key: place.pk for key, place in places.items()}
    group_ids = [group.pk for group in groups]
    organisation_ids = {key: organisation.pk for key, organisation in organisations.items()}
    entries = Table.for_model(
        JournalEntry,
        ["id", "kind", "occurred_on", "duration_minutes", "area", "place", "anonymous_count",
         "note", "author", "sensitive_category", "created_at", "updated_at", "purpose",
         "purpose_guessed"],
    )  # fmt: skip
    people = Table.for_m2m(JournalEntry, "people").after(entries)
    entry_groups = Table.for_m2m(JournalEntry, "groups").after(entries)
    entry_organisations = Table.for_m2m(JournalEntry, "organisations").after(entries)
    themes = Table.for_m2m(JournalEntry, "themes").after(entries)
    follow_ups = Table.for_model(
        FollowUp,
        ["entry", "description", "due_on", "assignee", "done_on", "created_at", "updated_at"],
    ).after(entries)
    signals = Table.for_model(
        Signal,
        ["entry", "organisation", "description", "status", "status_note", "created_at",
         "updated_at", "consent"],
    ).after(entries)  # fmt: skip
    entry_id = next_id(JournalEntry)
    first_id = entry_id
    for plan in plans:
        author = user_ids[plan.author]
        created = adapted.moment(plan.day, plan.hour)
        entries.add(
            (entry_id, plan.kind, adapted.date(plan.day), plan.duration,
             area_ids[plan.area_code], place_ids[plan.place] if plan.place else None,
             plan.anonymous, plan.note, author, sensitive_category_for(plan.note), created,
             created, demo_purpose(plan), False)
        )  # fmt: skip
        for index in plan.people:
            people.add((entry_id, person_ids[index]))
        if plan.group is not None:
            entry_groups.add((entry_id, group_ids[plan.group]))
        for key in plan.organisations:
            entry_organisations.add((entry_id, organisation_ids[key]))
        for slug in plan.themes:
            themes.add((entry_id, theme_ids[slug]))
        follow_up = plan.follow_up
        if follow_up is not None:
            follow_ups.add(
                (entry_id, follow_up.description, adapted.date(follow_up.due_day), author,
                 adapted.date(follow_up.done_day), created, created)
            )  # fmt: skip
        signal = plan.signal
        if signal is not None:
            signals.add(
                (entry_id, organisation_ids[signal.organisation], signal.description,
                 signal.status, signal.status_note, created, created,
                 SignalConsent.NOT_PERSONAL.value)
            )  # fmt: skip
        entry_id += 1
        if (entry_id - first_id) % 100_000 == 0:
            progress(entry_id - first_id)
    for table in (entries, people, entry_groups, entry_organisations, themes, follow_ups, signals):
        table.flush()
    reset_sequences([JournalEntry])
    return entry_id - first_id


def analyze() -> None:
    """Fresh statistics for the query planner after a load.

    PostgreSQL would plan for nearly empty tables until autovacuum catches up. SQLite keeps
    no statistics unless asked; with them it picks the right index for every timeline
    filter (without, a few filters fall back to slower plans; see journal/selectors.py).
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

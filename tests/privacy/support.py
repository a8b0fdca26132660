"""A resident with a distinctive name, e-mail and phone, spread through every app."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from opbouw.accounts.models import User
from opbouw.assets.models import Asset, FigureNote
from opbouw.core.models import Tag
from opbouw.dialogue.models import Participant, Statement, Vote
from opbouw.dialogue.services import Voter, conversation_create, vote_cast
from opbouw.initiatives.models import (
    Attachment,
    GrantApplication,
    Initiative,
    Member,
    Stage,
    StageChange,
    Supporter,
)
from opbouw.journal.models import FollowUp, JournalEntry, Signal
from opbouw.people.models import Consent, Person
from tests.factories import (
    ConsentFactory,
    GroupFactory,
    JournalEntryFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

NAME = "Zoë Wissinkveld"
EMAIL = "zoe.wissinkveld@example.org"
PHONE = "06-98765432"
PHONE_COMPACT = "0698765432"
# SQLite lowers ASCII only: the upper-case spelling is searched for as well.
NEEDLES = [NAME, NAME.upper(), EMAIL, PHONE, PHONE_COMPACT]


@dataclass
class Spread:
    person: Person
    user: User
    neighbour: Person
    entries: list[JournalEntry]
    conversation: Any
    initiative: Initiative
    client: Client
    extra: dict[str, Any] = field(default_factory=dict)


def spread(areas, users, upload_root) -> Spread:
    """Put the resident everywhere a person can appear; return what the tests check."""
    worker = users["worker"]
    user = UserFactory(
        username="bewoner-zw", first_name="Zoë", last_name="Wissinkveld", email=EMAIL
    )
    from tests.factories import MembershipFactory

    MembershipFactory(user=user, area=areas.wijk, role="resident")
    person = PersonFactory(
        name=NAME,
        email=EMAIL,
        phone=PHONE,
        address="Berflostraat 12",
        area=areas.buurt,
        user=user,
        gifts_text=f"koken; bel {PHONE_COMPACT}",
        languages=["nl", "tr"],
    )
    tag = Tag.objects.create(slug="koken-test", name_nl="koken", name_en="cooking")
    person.gifts.add(tag)
    person.interests.add(tag)
    for purpose in (Consent.Purpose.SHARING, Consent.Purpose.PROFILE, Consent.Purpose.MATCHING):
        ConsentFactory(person=person, purpose=purpose)
    neighbour = PersonFactory(name="Henk de Buurman", area=areas.buurt)
    group = GroupFactory(area=areas.wijk, name="Kookclub", members=[person, neighbour])
    group.description = f"Opgericht door {NAME}."
    group.save()

    entries = [
        JournalEntryFactory(
            area=areas.buurt,
            author=worker,
            people=[person, neighbour],
            note=f"Huisbezoek bij {NAME}; zij is bereikbaar op {PHONE} of {EMAIL}.",
            anonymous_count=2,
        ),
        JournalEntryFactory(
            area=areas.buurt,
            author=worker,
            people=[person],
            note="Kort contact bij de kookclub.",
        ),
        # Not with her, but mentioning her (in her wijk): the name goes here too.
        JournalEntryFactory(
            area=areas.wijk,
            author=worker,
            people=[neighbour],
            note=f"Henk vertelde dat {NAME.upper()} ({PHONE_COMPACT}) wil helpen koken.",
        ),
    ]
    FollowUp.objects.create(
        entry=entries[0],
        description=f"{NAME} terugbellen",
        due_on=timezone.localdate() + dt.timedelta(days=3),
        assignee=worker,
    )
    Signal.objects.create(
        entry=entries[0],
        organisation=OrganisationFactory(),
        description=f"Lekkage bij {NAME}",
        status_note=f"Doorgegeven, contact via {EMAIL}",
    )

    conversation = conversation_create(
        created_by=worker,
        area=areas.wijk,
        question="Wat wil de buurt?",
        seed_statements=["Meer groen.", "Meer bankjes."],
        moderation="permissive",
    )
    voter = Voter(user=user, key="k-zoe")
    for statement in conversation.statements.all():
        vote_cast(conversation=conversation, voter=voter, statement_id=statement.pk, value=1)
    other = Voter(user=None, key="k-anon")
    for statement in conversation.statements.all():
        vote_cast(conversation=conversation, voter=other, statement_id=statement.pk, value=-1)
    participant = Participant.objects.get(conversation=conversation, user=user)
    Statement.objects.create(
        conversation=conversation,
        number=99,
        text=f"Ik ben {NAME} en ik wil een moestuin.",
        author=participant,
        status=Statement.Status.APPROVED,
    )

    initiative = Initiative.objects.create(
        title="Samen koken",
        goal=f"Koken met buren, getrokken door {NAME}.",
        area=areas.buurt,
        stage=Stage.ACTION,
        stage_since=dt.date(2025, 1, 1),
        created_by=user,
    )
    StageChange.objects.create(
        initiative=initiative,
        to_stage=Stage.ACTION,
        changed_on=dt.date(2025, 1, 1),
        note=f"{NAME} heeft de sleutel.",
        changed_by=worker,
    )
    Member.objects.create(
        initiative=initiative, person=person, role="lead", since=dt.date(2025, 1, 1)
    )
    Member.objects.create(
        initiative=initiative, person=neighbour, role="participant", since=dt.date(2025, 1, 1)
    )
    grant = GrantApplication.objects.create(
        initiative=initiative,
        title="Kookpannen",
        goal="Pannen kopen.",
        report=f"Verantwoord door {NAME}",
        created_by=user,
    )
    Supporter.objects.create(application=grant, name=NAME, added_on=dt.date(2025, 2, 1))
    attachment = Attachment(
        application=grant,
        kind="receipt",
        original_name=f"bon {NAME}.pdf",
        description=f"Bon, betaald door {NAME}",
        content_type="application/pdf",
        size=4,
        uploaded_by=user,
    )
    attachment.file.save("bon.pdf", ContentFile(b"%PDF"), save=True)

    Asset.objects.create(
        kind="thing",
        name="Bakfiets",
        area=areas.buurt,
        latitude=52.26,
        longitude=6.79,
        contact=f"Bel {NAME}: {PHONE}",
        created_by=user,
    )
    FigureNote.objects.create(
        area=areas.buurt,
        key="inhabitants",
        text=f"Ik, {NAME}, zie veel nieuwe gezichten.",
        author=user,
        author_role="resident",
    )

    extra: dict[str, Any] = {}
    if apps.is_installed("opbouw.network"):
        from opbouw.network.models import DirectTie, Introduction

        extra["tie"] = DirectTie.objects.create(
            person_a=person,
            person_b=neighbour,
            kind="helps",
            since=dt.date(2025, 1, 1),
            note=f"{NAME} helpt Henk met koken.",
            recorded_by=worker,
        )
        Introduction.objects.create(
            proposer=worker,
            person_a=neighbour,
            person_b=person,
            reason=f"Henk zoekt iemand zoals {NAME}.",
            proposed_on=dt.date(2025, 1, 2),
        )
    if apps.is_installed("opbouw.reports"):
        from opbouw.reports.models import Story

        Story.objects.create(
            area=areas.buurt,
            domain="connection",
            title="Samen koken",
            text=f"{NAME} vertelde hoe de kookclub haar leven veranderde.",
            teller_role="resident",
            teller_name=NAME,
            told_on=dt.date(2025, 3, 1),
            recorded_by=worker,
        )
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        extra["device"] = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)

    client = Client()
    client.force_login(user)
    client.get("/")  # a live session in the session table
    return Spread(
        person=person,
        user=user,
        neighbour=neighbour,
        entries=entries,
        conversation=conversation,
        initiative=initiative,
        client=client,
        extra=extra,
    )


def text_hits(needles: list[str]) -> list[str]:
    """Every table × column whose text contains a needle (case-insensitive), by introspection.

    Every column of every table, cast to text: also JSON, the SQLite full-text index's own
    tables, sessions and the third-party apps' tables.
    """
    hits = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
        for table in tables:
            try:
                columns = [
                    c.name for c in connection.introspection.get_table_description(cursor, table)
                ]
            except Exception:  # noqa: BLE001, S112 — a virtual table without a description
                continue
            for column in columns:
                expression = f"LOWER(CAST({quote(column)} AS TEXT))"
                conditions = [f"{expression} LIKE %s" for _ in needles]
                params = [f"%{n.lower()}%" for n in needles]
                if connection.vendor == "sqlite":
                    # Bytes too: a blob (such as a full-text index segment) may hold a
                    # lower-cased word after a NUL byte, where LIKE stops reading.
                    raw = f"CAST({quote(column)} AS BLOB)"
                    conditions += [f"instr({raw}, CAST(%s AS BLOB)) > 0" for _ in needles]
                    params += [n.lower() for n in needles]
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} WHERE {' OR '.join(conditions)}",  # noqa: S608
                    params,
                )
                if cursor.fetchone()[0]:
                    hits.append(f"{table}.{column}")
    return hits


def aggregates(spread: Spread) -> dict[str, Any]:
    """The counts an erasure must leave true."""
    return {
        "participants": [e.people.count() for e in spread.entries],
        "anonymous": [e.anonymous_count for e in spread.entries],
        "votes": Vote.objects.filter(conversation=spread.conversation).count(),
        "agree": Vote.objects.filter(conversation=spread.conversation, value=1).count(),
        "participants_conversation": Participant.objects.filter(
            conversation=spread.conversation
        ).count(),
        "members": Member.objects.filter(initiative=spread.initiative).count(),
        "group_members": spread.person.groups.get().memberships.count(),
        "entries": JournalEntry.objects.count(),
    }

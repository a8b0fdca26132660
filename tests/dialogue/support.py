"""Helpers for the conversation tests (also used by the browser test): planted votes."""

import datetime as dt
import random

from django.utils import timezone

from opbouw.dialogue.models import (
    Conversation,
    DeclaredRole,
    Participant,
    Statement,
    Vote,
    VoteEvent,
)

SEEDS = [
    "Er moeten meer bomen komen in de straat.",
    "Parkeerplaatsen mogen plaatsmaken voor groen.",
    "Parkeren is nu al lastig genoeg.",
    "De gemeente moet het groen onderhouden.",
    "Ik wil meehelpen in een buurttuin.",
    "Er moeten meer bankjes komen voor ouderen.",
    "Het park is 's avonds te donker.",
    "Jongeren hebben een eigen plek nodig.",
    "Hondenpoep is het grootste probleem.",
    "Een moestuin bij het buurthuis is een goed idee.",
]
# Two hidden points of view; the last two statements everyone agrees with.
STANCES = [
    (1, -1),
    (1, -1),
    (-1, 1),
    (-1, 1),
    (1, -1),
    (1, 1),
    (-1, 1),
    (1, -1),
    (-1, 1),
    (1, 1),
]


def plant_votes(
    conversation: Conversation,
    *,
    participants: int = 40,
    seed: int = 1,
    roles: tuple[str, ...] = (DeclaredRole.RESIDENT, DeclaredRole.PROFESSIONAL),
) -> list[Participant]:
    """Participants in two camps voting along STANCES (with a little noise), bulk-loaded.

    Camp 0 declares the first role, camp 1 the second, so the role breakdown differs too.
    """
    rng = random.Random(seed)
    statements = list(conversation.statements.order_by("number"))
    made = Participant.objects.bulk_create(
        Participant(conversation=conversation, declared_role=roles[i % 2])
        for i in range(participants)
    )
    made = list(Participant.objects.filter(conversation=conversation).order_by("id"))[
        -participants:
    ]
    triples = []
    for i, participant in enumerate(made):
        camp = i % 2
        for statement, stance in zip(statements, STANCES, strict=False):
            value = stance[camp] if rng.random() < 0.9 else 0
            triples.append((participant, statement, value))
    bulk_votes(conversation, triples)
    return made


def counts() -> tuple[int, int, int, int]:
    """(participants, statements, votes, vote events): 'nothing stored' is these unchanged."""
    return (
        Participant.objects.count(),
        Statement.objects.count(),
        Vote.objects.count(),
        VoteEvent.objects.count(),
    )


def bulk_votes(conversation, triples) -> None:
    """Votes and their vote events for (participant, statement, value) triples, bulk-loaded an
    hour ago (as a live conversation would have written them, one event per vote)."""
    moment = timezone.now() - dt.timedelta(hours=1)
    Vote.objects.bulk_create(
        Vote(conversation=conversation, participant=participant, statement=statement,
             value=value, updated_at=moment)
        for participant, statement, value in triples
    )  # fmt: skip
    VoteEvent.objects.bulk_create(
        VoteEvent(conversation=conversation, participant=participant, statement=statement,
                  value=value, source="web", created_at=moment)
        for participant, statement, value in triples
    )  # fmt: skip

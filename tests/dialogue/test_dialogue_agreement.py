"""What the results pages put under agreement and under difference (issue 11, item 21).

Consensus is consensus across the opinion groups (spec section 6): a majority of every group,
so one statement is never both "agreed" and "divided"; a role's share is shown only from the
disclosure threshold; every figure says what it is.
"""

import random

import pytest
from django.urls import reverse

from opbouw.dialogue import snapshots
from opbouw.dialogue.models import DeclaredRole, Participant
from opbouw.dialogue.results import results_get
from tests.dialogue.support import STANCES, bulk_votes

pytestmark = pytest.mark.django_db


def vote(conversation, participants, statements, stance_of, *, skip=lambda p, s: False):
    rng = random.Random(7)
    triples = []
    for i, participant in enumerate(participants):
        for n, statement in enumerate(statements):
            if skip(i, n):
                continue
            value = stance_of(i, n) if rng.random() < 0.95 else 0
            triples.append((participant, statement, value))
    bulk_votes(conversation, triples)


def people(conversation, n, role):
    before = set(Participant.objects.values_list("pk", flat=True))
    Participant.objects.bulk_create(
        Participant(conversation=conversation, declared_role=role) for _ in range(n)
    )
    return list(Participant.objects.exclude(pk__in=before).order_by("pk"))


@pytest.fixture
def lopsided(conversation, statements):
    """A large camp (36) and a small one (14): statement 1 is the large camp's, so over
    everyone about 65 % agree (the whole-conversation consensus of spec section 5 takes it),
    while the small camp disagrees."""
    big = people(conversation, 36, DeclaredRole.RESIDENT)
    small = people(conversation, 14, DeclaredRole.PROFESSIONAL)
    vote(conversation, big, statements, lambda i, n: STANCES[n][0])
    vote(conversation, small, statements, lambda i, n: STANCES[n][1])
    snapshots.snapshot_compute(conversation_id=conversation.pk)
    return results_get(conversation, include_roles=True)


def test_a_statement_is_never_both_agreed_on_and_divided_over(lopsided):
    agreed = {c.statement.number for c in lopsided.consensus_agree + lopsided.consensus_disagree}
    divided = {d.statement.number for d in lopsided.divisive}
    assert lopsided.groups and len(lopsided.groups) == 2
    assert divided, "the camps differ on most statements"
    assert not agreed & divided
    # The large camp's statements (1, 2, 5, 8) pass the whole-conversation test of section 5,
    # but the small camp disagrees with them: not agreement.
    everyone = snapshots.snapshot_result(lopsided.snapshot).summary.consensus.agree
    numbers = {s.pk: s.number for s in lopsided.conversation.statements.all()}
    whole_conversation = {numbers[item.statement_id] for item in everyone}
    assert {1, 2, 5, 8} & whole_conversation
    assert not {1, 2, 5, 8} & agreed
    # The statements both camps agree with (6 and 10) are the agreement.
    assert {c.statement.number for c in lopsided.consensus_agree} == {6, 10}


def test_agreement_means_a_majority_of_every_group(lopsided):
    for item in lopsided.consensus_agree:
        assert len(item.by_group) == len(lopsided.groups)
        assert all(share.agree > 50 for _label, share in item.by_group), item
    for item in lopsided.consensus_disagree:
        assert all(share.disagree > 50 for _label, share in item.by_group), item


def test_a_role_share_below_the_disclosure_threshold_is_not_shown(conversation, statements):
    """Five municipal participants make a column, but only three of them voted on statement
    1: that cell (which would show how three known people voted) stays empty."""
    residents = people(conversation, 20, DeclaredRole.RESIDENT)
    municipal = people(conversation, 5, DeclaredRole.MUNICIPALITY)
    vote(conversation, residents, statements, lambda i, n: STANCES[n][0])
    vote(
        conversation,
        municipal,
        statements,
        lambda i, n: STANCES[n][1],
        skip=lambda i, n: n == 0 and i >= 3,
    )
    snapshot = snapshots.snapshot_compute(conversation_id=conversation.pk)
    threshold = snapshot.summary["roles"]["min_participants"]
    assert threshold == 5 and "municipality" in snapshot.summary["roles"]["shown"]
    for row in snapshot.summary["roles"]["differ"]:
        assert all(cell["votes"] >= threshold for cell in row["by"].values()), row
    roles = results_get(conversation, include_roles=True).roles
    assert roles is not None and roles.rows
    for row in roles.rows:
        assert row.statement.number != 1  # only one role left with enough votes: no comparison
        assert all(share is None or share.votes >= threshold for _label, share in row.shares)
        shown = [share.agree for _label, share in row.shares if share is not None]
        assert row.spread == max(shown) - min(shown)  # the difference of the shown figures


def test_the_worker_page_says_what_each_figure_is(worker_client, conversation, statements):
    residents = people(conversation, 20, DeclaredRole.RESIDENT)
    professionals = people(conversation, 20, DeclaredRole.PROFESSIONAL)
    entrepreneurs = people(conversation, 3, DeclaredRole.ENTREPRENEUR)
    vote(conversation, residents, statements, lambda i, n: STANCES[n][0])
    vote(conversation, professionals + entrepreneurs, statements, lambda i, n: STANCES[n][1])
    snapshots.snapshot_compute(conversation_id=conversation.pk)
    html = worker_client.get(reverse("dialogue:results", args=[conversation.pk])).content.decode()
    assert "Verschil (procentpunten)" in html
    assert "Waar alle groepen het over eens zijn" in html and "Eens per groep:" in html
    assert "Minder dan 5 deelnemers, dus niet apart getoond:" in html
    # The small role is named, not counted, and has no column.
    assert "ondernemer (3)" not in html.lower()

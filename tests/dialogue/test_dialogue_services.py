"""The services: conversations, statements, moderation, participants and votes.

Every refused write is checked twice: the message names the problem, and nothing is stored.
"""

import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opbouw.dialogue import selectors, services, snapshots
from opbouw.dialogue.models import (
    Conversation,
    Participant,
    Statement,
    Vote,
    VoteEvent,
)
from tests.dialogue.support import SEEDS, counts


def test_a_conversation_starts_with_numbered_visible_seed_statements(conversation):
    statements = list(conversation.statements.order_by("number"))
    assert [s.number for s in statements] == list(range(1, len(SEEDS) + 1))
    assert all(s.is_seed and s.status == Statement.Status.APPROVED for s in statements)
    assert conversation.invite_token and len(conversation.invite_token) >= 16
    assert conversation.is_open()


def test_a_worker_cannot_create_a_conversation_outside_their_areas(other_worker, areas):
    with pytest.raises(ValidationError) as error:
        services.conversation_create(
            created_by=other_worker, area=areas.wijk, question="Niet mijn wijk?"
        )
    assert "U werkt niet in dit gebied." in error.value.messages
    assert Conversation.objects.count() == 0


def test_closing_before_opening_is_refused(worker, areas):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.conversation_create(
            created_by=worker, area=areas.wijk, question="Vraag?", opens_at=now, closes_at=now
        )
    assert "Het gesprek moet sluiten na het begin." in error.value.messages
    assert Conversation.objects.count() == 0


# --- statements ----------------------------------------------------------------------------


def test_a_submitted_statement_waits_for_approval_under_strict_moderation(conversation, voter):
    statement = services.statement_submit(
        conversation=conversation, voter=voter, text="  Meer   fietsenrekken bij de school. "
    )
    assert statement.status == Statement.Status.PENDING
    assert statement.text == "Meer fietsenrekken bij de school."
    assert statement.number == len(SEEDS) + 1
    assert statement.author.key == voter.key


def test_a_submitted_statement_shows_at_once_under_permissive_moderation(conversation, voter):
    conversation.moderation = Conversation.Moderation.PERMISSIVE
    conversation.save()
    statement = services.statement_submit(
        conversation=conversation, voter=voter, text="Meer fietsenrekken bij de school."
    )
    assert statement.status == Statement.Status.APPROVED
    assert statement.near_duplicate_of is None


def test_a_near_duplicate_is_flagged_and_waits_even_when_permissive(conversation, voter):
    conversation.moderation = Conversation.Moderation.PERMISSIVE
    conversation.save()
    statement = services.statement_submit(
        conversation=conversation, voter=voter, text="Er moeten meer bomen in de straat komen!"
    )
    assert statement.near_duplicate_of.number == 1
    assert statement.status == Statement.Status.PENDING


def test_an_exact_duplicate_is_refused_and_points_to_the_existing_one(conversation, voter):
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.statement_submit(
            conversation=conversation, voter=voter, text="er moeten MEER bomen komen in de straat"
        )
    assert "Deze stelling staat er al" in " ".join(error.value.messages)
    assert counts() == before


def test_a_statement_over_280_characters_is_refused_and_nothing_is_stored(conversation, voter):
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.statement_submit(conversation=conversation, voter=voter, text="a" * 281)
    assert error.value.message_dict["text"] == [
        "De stelling is te lang: 281 tekens, maximaal 280. "
        "Maak hem korter of splits hem in twee stellingen."
    ]
    assert counts() == before  # also no participant was created


def test_280_characters_is_fine_and_fewer_than_3_is_not(conversation, voter):
    assert (
        len(services.statement_submit(conversation=conversation, voter=voter, text="b" * 280).text)
        == 280
    )
    with pytest.raises(ValidationError, match="minstens 3 tekens"):
        services.statement_submit(conversation=conversation, voter=voter, text=" ja ")


def test_no_statements_when_the_conversation_does_not_accept_them(conversation, voter):
    conversation.accepts_statements = False
    conversation.save()
    before = counts()
    with pytest.raises(ValidationError, match="geen eigen stellingen"):
        services.statement_submit(conversation=conversation, voter=voter, text="Iets nieuws hier.")
    assert counts() == before


def test_seed_statements_are_checked_for_length_too(conversation, worker):
    with pytest.raises(ValidationError, match="te lang: 300 tekens"):
        services.statement_add_seed(conversation=conversation, added_by=worker, text="c" * 300)
    assert conversation.statements.count() == len(SEEDS)


def test_moderation_approves_and_hides(conversation, voter, worker, other_worker):
    statement = services.statement_submit(
        conversation=conversation, voter=voter, text="Meer fietsenrekken bij de school."
    )
    services.statement_moderate(statement=statement, moderator=worker, action="approve")
    assert Statement.objects.get(pk=statement.pk).status == Statement.Status.APPROVED
    services.statement_moderate(statement=statement, moderator=worker, action="hide")
    assert Statement.objects.get(pk=statement.pk).status == Statement.Status.HIDDEN
    with pytest.raises(ValidationError):
        services.statement_moderate(statement=statement, moderator=other_worker, action="approve")
    with pytest.raises(ValidationError, match="Onbekende moderatieactie"):
        services.statement_moderate(statement=statement, moderator=worker, action="delete")
    assert Statement.objects.get(pk=statement.pk).status == Statement.Status.HIDDEN


# --- votes ---------------------------------------------------------------------------------


def test_the_first_vote_creates_the_participant_and_the_latest_vote_counts(
    conversation, statements, voter
):
    participant = services.vote_cast(
        conversation=conversation, voter=voter, statement_id=statements[0].pk, value="1"
    )
    assert participant.key == voter.key and participant.user is None
    assert participant.source == Participant.Source.WEB
    services.vote_cast(
        conversation=conversation, voter=voter, statement_id=statements[0].pk, value=-1
    )
    vote = Vote.objects.get()
    assert (vote.participant_id, vote.statement_id, vote.value) == (
        participant.pk,
        statements[0].pk,
        -1,
    )
    assert list(VoteEvent.objects.order_by("id").values_list("value", flat=True)) == [1, -1]
    assert Participant.objects.count() == 1


def test_a_logged_in_participant_is_their_account(conversation, statements, users):
    account = services.Voter(user=users["partner"], key="ongebruikte-sleutel-1234")
    first = services.vote_cast(
        conversation=conversation, voter=account, statement_id=statements[0].pk, value=0
    )
    again = services.vote_cast(
        conversation=conversation, voter=account, statement_id=statements[1].pk, value=1
    )
    assert first.pk == again.pk and first.user == users["partner"]


@pytest.mark.parametrize("value", [2, "2", "-2", "abc", "", None, "1.5"])
def test_a_vote_outside_minus_one_zero_one_is_refused(conversation, statements, voter, value):
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.vote_cast(
            conversation=conversation, voter=voter, statement_id=statements[0].pk, value=value
        )
    message = error.value.message_dict["vote"][0]
    assert message.startswith("Een stem is 1 (eens), -1 (oneens) of 0 (overslaan), niet “")
    assert "je stem is niet opgeslagen" in message
    assert counts() == before


def test_a_vote_on_a_closed_conversation_is_refused(conversation, statements, voter):
    conversation.closes_at = timezone.now() - dt.timedelta(minutes=5)
    conversation.save()
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.vote_cast(
            conversation=conversation, voter=voter, statement_id=statements[0].pk, value=1
        )
    message = error.value.message_dict["conversation"][0]
    assert message.startswith("Dit gesprek is gesloten sinds ")
    assert message.endswith("; je stem is niet opgeslagen.")
    assert counts() == before


def test_a_vote_before_the_conversation_opens_is_refused(conversation, statements, voter):
    conversation.opens_at = timezone.now() + dt.timedelta(days=2)
    conversation.save()
    before = counts()
    with pytest.raises(ValidationError, match="Dit gesprek begint op"):
        services.vote_cast(
            conversation=conversation, voter=voter, statement_id=statements[0].pk, value=1
        )
    assert counts() == before


def test_a_vote_on_a_hidden_statement_is_refused(conversation, statements, voter, worker):
    services.statement_moderate(statement=statements[2], moderator=worker, action="hide")
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.vote_cast(
            conversation=conversation, voter=voter, statement_id=statements[2].pk, value=1
        )
    assert error.value.message_dict["statement"] == [
        "De gespreksleider heeft deze stelling verborgen; je stem is niet opgeslagen."
    ]
    assert counts() == before


def test_a_vote_on_a_waiting_or_foreign_statement_is_refused(conversation, voter, worker, areas):
    pending = services.statement_submit(
        conversation=conversation,
        voter=services.Voter(user=None, key="andere-sleutel-abcdef0123"),
        text="Een nieuwe stelling van iemand.",
    )
    other = services.conversation_create(
        created_by=worker, area=areas.buurt, question="Ander gesprek?", seed_statements=["Elders."]
    )
    before = counts()
    with pytest.raises(ValidationError, match="wacht nog op goedkeuring"):
        services.vote_cast(conversation=conversation, voter=voter, statement_id=pending.pk, value=1)
    foreign = other.statements.get()
    with pytest.raises(ValidationError, match="hoort niet bij dit gesprek"):
        services.vote_cast(conversation=conversation, voter=voter, statement_id=foreign.pk, value=1)
    with pytest.raises(ValidationError, match="hoort niet bij dit gesprek"):
        services.vote_cast(conversation=conversation, voter=voter, statement_id="x", value=1)
    assert counts() == before


def test_declaring_a_role_and_buurt(conversation, voter, areas):
    participant = services.participant_declare(
        conversation=conversation,
        voter=voter,
        declared_role="professional",
        buurt_id=areas.buurt2.pk,
    )
    assert (participant.declared_role, participant.buurt) == ("professional", areas.buurt2)
    services.participant_declare(
        conversation=conversation, voter=voter, declared_role="", buurt_id=None
    )
    participant.refresh_from_db()
    assert (participant.declared_role, participant.buurt) == ("", None)


def test_a_buurt_outside_the_conversation_or_an_unknown_role_is_refused(conversation, voter, areas):
    before = counts()
    with pytest.raises(ValidationError, match="Kies een buurt uit de lijst"):
        services.participant_declare(
            conversation=conversation, voter=voter, declared_role="", buurt_id=areas.other_buurt.pk
        )
    with pytest.raises(ValidationError, match="Kies een van de rollen"):
        services.participant_declare(
            conversation=conversation, voter=voter, declared_role="burgemeester", buurt_id=None
        )
    assert counts() == before


# --- the next statement --------------------------------------------------------------------


def test_the_next_statement_is_never_one_already_voted_on_or_hidden(
    conversation, statements, voter, worker
):
    services.statement_moderate(statement=statements[3], moderator=worker, action="hide")
    participant = None
    seen = []
    for _ in range(len(statements) - 1):
        card = selectors.next_card(conversation, participant)
        assert card.statement is not None
        assert card.statement.pk not in seen and card.statement.pk != statements[3].pk
        seen.append(card.statement.pk)
        participant = services.vote_cast(
            conversation=conversation, voter=voter, statement_id=card.statement.pk, value=1
        )
    card = selectors.next_card(conversation, participant)
    assert card.statement is None
    assert (card.voted, card.total) == (len(statements) - 1, len(statements) - 1)


def test_the_draw_follows_the_pol_is_priorities():
    candidates = [(1, False), (2, False), (3, True), (4, False)]
    priorities = {1: 100.0, 2: 1.0, 4: 0.0}  # 3 is meta (49); 4 was hidden at the snapshot
    rng = np.random.default_rng(7)
    draws = [
        snapshots.choose_statement(
            candidates=candidates, voted=set(), priorities=priorities, rng=rng
        )
        for _ in range(4000)
    ]
    share = {pk: draws.count(pk) / len(draws) for pk in (1, 2, 3, 4)}
    total = 100 + 1 + snapshots.META_PRIORITY + snapshots.NEW_STATEMENT_PRIORITY
    assert share[1] == pytest.approx(100 / total, abs=0.03)
    assert share[3] == pytest.approx(snapshots.META_PRIORITY / total, abs=0.03)
    assert share[4] == pytest.approx(snapshots.NEW_STATEMENT_PRIORITY / total, abs=0.02)
    assert (
        snapshots.choose_statement(candidates=candidates, voted={1, 2, 3, 4}, priorities=priorities)
        is None
    )


def test_a_new_statement_gets_the_priority_of_a_statement_without_votes():
    # Spec section 7 with A = D = S = 0 and extremity 0: ((1 - 1/2) * 1 * 1/2 * 9) ** 2.
    assert pytest.approx((0.5 * 0.5 * 9) ** 2) == snapshots.NEW_STATEMENT_PRIORITY
    assert snapshots.META_PRIORITY == 49.0

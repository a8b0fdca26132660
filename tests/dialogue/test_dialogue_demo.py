"""The demo conversations: believable, with real opinion structure, idempotent."""

from opbouw.dialogue.demo import PARTICIPANTS, seed_dialogue_demo
from opbouw.dialogue.models import Conversation, Participant, Vote
from opbouw.dialogue.results import results_get


def test_the_demo_has_two_conversations_with_groups_and_roles(areas, worker):
    made = seed_dialogue_demo(seed=1)
    assert len(made) == 2
    for conversation in made:
        assert conversation.area.code == "WK016405" and conversation.is_open()
        assert conversation.created_by == worker
        assert Participant.objects.filter(conversation=conversation).count() == PARTICIPANTS
        assert Vote.objects.filter(conversation=conversation).count() > PARTICIPANTS * 5
        assert conversation.statements.filter(status="pending").count() == 1
        results = results_get(conversation, include_roles=True)
        assert len(results.groups) >= 2
        assert all(group.statements for group in results.groups)
        assert results.consensus_agree
        assert len(results.roles.columns) >= 2 and results.roles.rows
        assert results.map_spec is not None
    # Idempotent: a second run finds them.
    again = seed_dialogue_demo(seed=1)
    assert [c.pk for c in again] == [c.pk for c in made]
    assert Conversation.objects.count() == 2


def _votes(conversation) -> list[tuple[int, int]]:
    rows = Vote.objects.filter(conversation=conversation)
    return sorted(rows.values_list("statement__number", "value"))


def test_the_same_seed_gives_the_same_votes(areas, worker):
    first = _votes(seed_dialogue_demo(seed=3)[0])
    Conversation.objects.all().delete()
    assert _votes(seed_dialogue_demo(seed=3)[0]) == first

"""Fixtures for the conversation tests: a conversation in the own wijk and planted votes.

Reuses the area tree and the users per role from tests/conftest.py.
"""

import pytest

from opbouw.dialogue import services
from opbouw.dialogue.models import Conversation, Statement
from tests.dialogue.support import SEEDS


@pytest.fixture
def conversation(worker, areas) -> Conversation:
    return services.conversation_create(
        created_by=worker,
        area=areas.wijk,
        question="Hoe maken we Berflo Es groener?",
        description="Een gesprek over groen in de wijk.",
        seed_statements=SEEDS,
    )


@pytest.fixture
def statements(conversation) -> list[Statement]:
    return list(conversation.statements.order_by("number"))


@pytest.fixture
def voter() -> services.Voter:
    return services.Voter(user=None, key="testsleutel-0123456789abcdef")

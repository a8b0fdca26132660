"""Fixtures for the network tests: a small Berflo Es with a journal, groups and an initiative.

Reuses the area tree and the users per role from tests/conftest.py.
"""

import pytest

from tests.factories import PersonFactory


@pytest.fixture
def people(areas, users):
    """Kees, Fatima, Ans, Piet in Berflo Es Noord; Wim in Zuid; Olga in the other wijk."""
    result = {
        "kees": PersonFactory(
            name="Kees Jansen", area=areas.buurt, gifts_text="Geeft graag fietsles",
            languages=["nl"],
        ),
        "fatima": PersonFactory(
            name="Fatima El Amrani", area=areas.buurt, wishes_text="Wil leren fietsen",
            languages=["ar", "nl"],
        ),
        "ans": PersonFactory(name="Ans de Vries", area=areas.buurt),
        "piet": PersonFactory(name="Piet Bos", area=areas.buurt),
        "wim": PersonFactory(name="Wim Zuid", area=areas.buurt2),
        "olga": PersonFactory(name="Olga Anders", area=areas.other_buurt),
    }  # fmt: skip
    return result

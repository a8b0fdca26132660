"""The day a person became known is a day in Amsterdam, like the journal's days: someone
recorded at 00:30 on 1 December (23:30 UTC on 30 November) belongs to December."""

import datetime as dt

from opbouw.network.history import load_history, load_reach_basis
from opbouw.network.ties import PERSON, node_key
from opbouw.people.models import Person
from tests.factories import PersonFactory

HALF_PAST_MIDNIGHT_IN_AMSTERDAM = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)


def test_known_since_is_the_local_day(areas):
    person = PersonFactory(area=areas.buurt, name="Nachtbraker")
    Person.objects.filter(pk=person.pk).update(created_at=HALF_PAST_MIDNIGHT_IN_AMSTERDAM)
    key = node_key(PERSON, person.pk)
    day = dt.date(2026, 12, 31)

    history = load_history(areas.wijk, start=dt.date(2026, 1, 1), end=day)
    assert history.nodes[key].known_since == dt.date(2026, 12, 1)
    assert load_reach_basis(areas.wijk, day=day).nodes[key].known_since == dt.date(2026, 12, 1)

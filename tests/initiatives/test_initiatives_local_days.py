"""The initiative's timeline dates a grant's steps by the day in Amsterdam, as it dates the
stages: a decision at 00:30 on 1 December (23:30 UTC on 30 November) is on 1 December."""

import datetime as dt

from opbouw.initiatives import grants, selectors
from opbouw.initiatives.models import GrantStatusChange
from tests.initiatives.helpers import grant_for, support

HALF_PAST_MIDNIGHT_IN_AMSTERDAM = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)


def test_a_grant_step_is_dated_by_the_local_day(active, users):
    worker = users["worker"]
    grant = grant_for(active, worker)
    support(grant, worker)
    grants.grant_submit(application=grant, submitted_by=worker)
    GrantStatusChange.objects.filter(application=grant).update(
        changed_at=HALF_PAST_MIDNIGHT_IN_AMSTERDAM
    )

    steps = [event for event in selectors.timeline(worker, active) if event.kind == "grant"]
    assert steps and {event.date for event in steps} == {dt.date(2026, 12, 1)}

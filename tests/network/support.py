"""Helpers for the network tests (fixtures are in conftest.py)."""

import datetime as dt

from django.utils import timezone

from opbouw.people.models import Consent
from tests.factories import ConsentFactory


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def matching_consent(person):
    return ConsentFactory(person=person, purpose=Consent.Purpose.MATCHING)


def key(person) -> str:
    return f"p{person.pk}"

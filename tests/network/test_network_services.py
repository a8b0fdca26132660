"""Recording ties and introductions: the rules, and bad input that stores nothing."""

import pytest
from django.core.exceptions import ValidationError

from opbouw.journal.models import JournalEntry
from opbouw.network import services
from opbouw.network.models import DirectTie, Introduction, IntroductionStatus, TieKind, TieSource
from opbouw.people.models import Consent
from tests.network.support import days_ago

pytestmark = pytest.mark.django_db


def test_a_worker_records_a_tie(worker, people):
    tie = services.direct_tie_create(
        recorded_by=worker, a=people["kees"], b=people["wim"],
        kind=TieKind.WORKS_WITH, since=days_ago(3), note="Samen de moestuin",
    )  # fmt: skip
    assert tie.source == TieSource.RECORDED and tie.since == days_ago(3)
    assert DirectTie.objects.count() == 1


def test_a_tie_to_oneself_is_refused_and_nothing_is_stored(worker, people):
    with pytest.raises(ValidationError) as error:
        services.direct_tie_create(
            recorded_by=worker, a=people["kees"], b=people["kees"],
            kind=TieKind.KNOWS,
        )  # fmt: skip
    assert "twee verschillende mensen" in str(error.value)
    assert DirectTie.objects.count() == 0


def test_a_tie_with_someone_outside_ones_areas_is_refused(worker, other_worker, people):
    with pytest.raises(ValidationError) as error:
        services.direct_tie_create(
            recorded_by=worker, a=people["kees"], b=people["olga"],
            kind=TieKind.KNOWS,
        )  # fmt: skip
    assert "uw gebieden" in str(error.value)
    with pytest.raises(ValidationError):
        services.direct_tie_create(
            recorded_by=other_worker, a=people["olga"], b=people["kees"],
            kind=TieKind.KNOWS,
        )  # fmt: skip
    assert DirectTie.objects.count() == 0


def test_a_tie_in_the_future_is_refused(worker, people):
    with pytest.raises(ValidationError):
        services.direct_tie_create(
            recorded_by=worker, a=people["kees"], b=people["ans"],
            kind=TieKind.KNOWS, since=days_ago(-3),
        )  # fmt: skip
    assert DirectTie.objects.count() == 0


def _propose(worker, people, a="kees", b="fatima"):
    return services.introduction_propose(
        proposer=worker, person_a=people[a], person_b=people[b],
        reason="Kees geeft fietsles, Fatima wil leren fietsen.", proposed_on=days_ago(10),
    )  # fmt: skip


def test_both_say_yes_then_it_becomes_a_tie_and_a_journal_entry(worker, people):
    introduction = _propose(worker, people)
    introduction = services.introduction_answer(
        introduction=introduction, person=people["fatima"], accepted=True, recorded_by=worker,
        source=Consent.Source.PHONE, answered_on=days_ago(8),
    )  # fmt: skip
    assert introduction.status == IntroductionStatus.ACCEPTED_BY_B
    assert DirectTie.objects.count() == 0 and JournalEntry.objects.count() == 0
    introduction = services.introduction_answer(
        introduction=introduction, person=people["kees"], accepted=True, recorded_by=worker,
        source=Consent.Source.IN_PERSON, answered_on=days_ago(5),
    )  # fmt: skip
    assert introduction.status == IntroductionStatus.DONE
    assert introduction.closed_on == days_ago(5)
    tie = DirectTie.objects.get()
    assert (tie.person_a, tie.person_b) == (people["kees"], people["fatima"])
    assert tie.source == TieSource.INTRODUCTION and tie.since == days_ago(5)
    entry = JournalEntry.objects.get()
    assert set(entry.people.all()) == {people["kees"], people["fatima"]}
    assert "Kennismaking" in entry.note and entry.occurred_on == days_ago(5)
    assert introduction.tie == tie and introduction.entry == entry
    # The consents are on record: when, how, and who recorded them.
    assert (introduction.a_source, introduction.b_source) == ("in_person", "phone")
    assert introduction.a_recorded_by == worker


def test_a_no_closes_it_for_good_and_it_is_not_proposed_again(worker, people):
    introduction = _propose(worker, people)
    services.introduction_answer(
        introduction=introduction, person=people["kees"], accepted=False, recorded_by=worker,
        source=Consent.Source.PHONE,
    )  # fmt: skip
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.DECLINED
    with pytest.raises(ValidationError) as error:
        services.introduction_answer(
            introduction=introduction, person=people["fatima"], accepted=True,
            recorded_by=worker, source=Consent.Source.PHONE,
        )  # fmt: skip
    assert "al afgerond" in str(error.value)
    with pytest.raises(ValidationError) as error:
        _propose(worker, people, a="fatima", b="kees")  # the other way round, too
    assert "nee" in str(error.value)
    assert Introduction.objects.count() == 1
    assert DirectTie.objects.count() == 0


def test_bad_introductions_are_refused_and_nothing_is_stored(worker, people):
    with pytest.raises(ValidationError):
        _propose(worker, people, a="kees", b="kees")
    with pytest.raises(ValidationError):
        _propose(worker, people, a="kees", b="olga")
    _propose(worker, people)
    with pytest.raises(ValidationError) as error:
        _propose(worker, people)
    assert "al aan elkaar voorgesteld" in str(error.value)
    assert Introduction.objects.count() == 1


def test_an_answer_for_someone_else_or_twice_is_refused(worker, people):
    introduction = _propose(worker, people)
    with pytest.raises(ValidationError):
        services.introduction_answer(
            introduction=introduction, person=people["ans"], accepted=True, recorded_by=worker,
            source=Consent.Source.PHONE,
        )  # fmt: skip
    services.introduction_answer(
        introduction=introduction, person=people["kees"], accepted=True, recorded_by=worker,
        source=Consent.Source.PHONE,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.introduction_answer(
            introduction=introduction, person=people["kees"], accepted=False, recorded_by=worker,
            source=Consent.Source.PHONE,
        )  # fmt: skip
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.ACCEPTED_BY_A

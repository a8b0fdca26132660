"""The background analysis: snapshots, the codec, warm starts and the recompute debounce."""

import datetime as dt

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from opbouw.analysis.opinion import AnalysisResult
from opbouw.dialogue import services, snapshots
from opbouw.dialogue.codec import SnapshotFormatError, decode_result, encode_result
from opbouw.dialogue.models import AnalysisSnapshot, Conversation
from opbouw.dialogue.results import results_get
from tests.dialogue.support import plant_votes


@pytest.fixture
def analysed(conversation):
    participants = plant_votes(conversation, participants=40)
    snapshot = snapshots.snapshot_compute(conversation_id=conversation.pk)
    conversation.refresh_from_db()
    return conversation, participants, snapshot


def test_a_snapshot_finds_the_two_camps(analysed):
    conversation, participants, snapshot = analysed
    assert snapshot.group_count == 2
    assert snapshot.vote_count == 400 and snapshot.participant_count == 40
    result = snapshots.snapshot_result(snapshot)
    groups = result.groups_by_participant()
    camp_of = {p.pk: i % 2 for i, p in enumerate(participants)}
    # Everyone in one camp shares a group, and the camps differ.
    pairs = {(camp_of[pk], group) for pk, group in groups.items()}
    assert len(pairs) == 2 and len({g for _c, g in pairs}) == 2
    summary = snapshot.summary
    assert summary["k"] == 2 and len(summary["groups"]) == 2
    assert sum(g["size"] for g in summary["groups"]) == 40
    assert all(g["statements"] for g in summary["groups"])
    assert set(snapshot.priorities) == {str(s.pk) for s in conversation.statements.all()}
    assert conversation.analysed_at == snapshot.computed_at
    assert conversation.analysed_event_id == snapshot.last_event_id > 0
    assert conversation.analysis_queued_at is None


def test_consensus_and_divisive_statements(analysed):
    conversation, _participants, _snapshot = analysed
    results = results_get(conversation)
    consensus = {c.statement.number for c in results.consensus_agree}
    assert consensus & {6, 10}  # the two statements both camps agree with
    divisive = [d.statement.number for d in results.divisive]
    assert divisive and not {6, 10} & set(divisive[:3])
    assert all(d.spread >= 50 for d in results.divisive[:3])


def test_the_role_breakdown_compares_roles_with_enough_participants(analysed):
    conversation, _participants, snapshot = analysed
    roles = snapshot.summary["roles"]
    assert roles["participants"] == {"resident": 20, "professional": 20}
    assert roles["shown"] == ["resident", "professional"]
    assert roles["differ"] and roles["differ"][0]["spread"] > 0.5
    breakdown = results_get(conversation, include_roles=True).roles
    assert [label for label, _n in breakdown.columns] == ["bewoner", "professional"]


def test_a_role_with_fewer_than_five_participants_is_not_shown(conversation):
    plant_votes(conversation, participants=8, roles=("resident", "municipality"))
    snapshot = snapshots.snapshot_compute(conversation_id=conversation.pk)
    roles = snapshot.summary["roles"]
    assert roles["participants"] == {"resident": 4, "municipality": 4}
    assert roles["shown"] == [] and roles["differ"] == []
    breakdown = results_get(conversation, include_roles=True).roles
    assert breakdown.too_small == [("bewoner", 4), ("gemeente", 4)]


def test_the_codec_round_trips_a_result_without_pickle(analysed):
    _conversation, _participants, snapshot = analysed
    result = snapshots.snapshot_result(snapshot)
    blob = encode_result(result)
    again = decode_result(blob)
    assert isinstance(again, AnalysisResult)
    np.testing.assert_array_equal(again.projections, result.projections)
    np.testing.assert_array_equal(again.state.group_labels, result.state.group_labels)
    assert again.summary.repness == result.summary.repness
    assert again.state.k_smoother == result.state.k_smoother
    assert b"pickle" not in blob


def test_a_damaged_snapshot_is_refused_and_the_next_analysis_starts_cold(analysed):
    conversation, _participants, snapshot = analysed
    with pytest.raises(SnapshotFormatError):
        decode_result(b"not an npz")
    AnalysisSnapshot.objects.filter(pk=snapshot.pk).update(result=b"garbage")
    fresh = snapshots.snapshot_compute(conversation_id=conversation.pk)
    assert fresh.group_count == 2


def test_an_update_warm_starts_from_the_previous_snapshot(analysed, monkeypatch):
    conversation, _participants, snapshot = analysed
    seen = {}
    real = snapshots.analyse

    def spy(votes, statements, previous=None, **options):
        seen["previous"] = previous
        seen["options"] = options
        return real(votes, statements, previous=previous, **options)

    monkeypatch.setattr(snapshots, "analyse", spy)
    update = snapshots.snapshot_compute(conversation_id=conversation.pk)
    previous_state = snapshots.snapshot_result(snapshot).state
    np.testing.assert_array_equal(seen["previous"].components, previous_state.components)
    # The live path is Pol.is's incremental one, carrying its state from the stored blob.
    assert seen["options"]["incremental"] is True
    assert seen["previous"].polis is not None
    assert update.updates == snapshot.updates + 1
    before = snapshots.snapshot_result(snapshot).groups_by_participant()
    after = snapshots.snapshot_result(update).groups_by_participant()
    assert before == after  # same votes, same groups, same numbers


def test_only_the_last_snapshots_are_kept(analysed):
    conversation, _participants, _snapshot = analysed
    for _ in range(5):
        snapshots.snapshot_compute(conversation_id=conversation.pk)
    assert conversation.snapshots.count() == snapshots.SNAPSHOTS_KEPT


def test_no_votes_no_snapshot(conversation):
    assert snapshots.snapshot_compute(conversation_id=conversation.pk) is None
    assert not AnalysisSnapshot.objects.exists()


# --- the debounce --------------------------------------------------------------------------


def _vote(conversation, statements, key, value=1, index=0):
    voter = services.Voter(user=None, key=key)
    return services.vote_cast(
        conversation=conversation, voter=voter, statement_id=statements[index].pk, value=value
    )


def test_the_first_vote_starts_an_analysis_after_commit(
    conversation, statements, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _vote(conversation, statements, "sleutel-aaaaaaaaaaaaaaaa")
    assert len(callbacks) == 1
    assert AnalysisSnapshot.objects.filter(conversation=conversation).count() == 1


def test_a_burst_of_votes_starts_one_analysis_per_interval(
    conversation, statements, django_capture_on_commit_callbacks, settings
):
    settings.OPBOUW_DIALOGUE_RECOMPUTE_SECONDS = 60
    for i in range(12):
        conversation.refresh_from_db()
        # Each vote is its own request: its on-commit callbacks run when it is done.
        with django_capture_on_commit_callbacks(execute=True):
            _vote(conversation, statements, f"sleutel-burst-{i:010d}", index=i % 10)
    assert AnalysisSnapshot.objects.filter(conversation=conversation).count() == 1
    conversation.refresh_from_db()
    # The last eleven votes wait; the page view after the interval picks them up.
    assert snapshots.has_unanalysed_votes(conversation)
    assert not snapshots.recompute_if_stale(conversation)
    later = conversation.analysed_at - dt.timedelta(seconds=61)
    Conversation.objects.filter(pk=conversation.pk).update(analysed_at=later)
    conversation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert snapshots.recompute_if_stale(conversation)
    latest = snapshots.latest_snapshot(conversation.pk)
    assert latest.summary["participants"] == 12
    conversation.refresh_from_db()
    assert not snapshots.has_unanalysed_votes(conversation)


def test_the_interval_grows_with_the_cost_of_the_analysis(conversation, settings):
    settings.OPBOUW_DIALOGUE_RECOMPUTE_SECONDS = 10
    conversation.analysis_seconds = 4.0
    assert snapshots.recompute_interval(conversation) == dt.timedelta(seconds=20)
    conversation.analysis_seconds = 0.01
    assert snapshots.recompute_interval(conversation) == dt.timedelta(seconds=10)


def test_one_claim_at_a_time_and_a_stale_claim_can_be_taken_over(conversation):
    now = timezone.now()
    assert snapshots.request_recompute(conversation=conversation, force=True, now=now)
    stale_copy = Conversation.objects.get(pk=conversation.pk)
    stale_copy.analysis_queued_at = None  # an out-of-date copy still thinks it is free
    assert not snapshots.request_recompute(conversation=stale_copy, force=True, now=now)
    much_later = now + snapshots.CLAIM_STALE + dt.timedelta(seconds=1)
    assert snapshots.request_recompute(conversation=stale_copy, force=True, now=much_later)


def test_the_cron_command_analyses_what_has_new_votes(
    conversation, statements, django_capture_on_commit_callbacks, settings
):
    settings.OPBOUW_DIALOGUE_RECOMPUTE_SECONDS = 3600
    plant_votes(conversation, participants=20)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("dialogue_recompute", verbosity=0)
    assert conversation.snapshots.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("dialogue_recompute", verbosity=0)  # nothing new: nothing done
    assert conversation.snapshots.count() == 1


def test_hiding_a_statement_recomputes_without_new_votes(
    analysed, worker, django_capture_on_commit_callbacks
):
    conversation, _participants, _snapshot = analysed
    statement = conversation.statements.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_moderate(statement=statement, moderator=worker, action="hide")
    latest = snapshots.latest_snapshot(conversation.pk)
    assert latest.priorities[str(statement.pk)] == 0.0
    results = results_get(conversation)
    shown = [s.statement.pk for g in results.groups for s in g.statements]
    assert statement.pk not in shown

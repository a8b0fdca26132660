"""Background work: recomputing a conversation's analysis (see snapshots.py for the debounce)."""

from django_tasks import task

from . import snapshots


@task()
def recompute_conversation(conversation_id: int) -> int | None:
    """Analyse the conversation and store a snapshot; returns the snapshot id (or None).

    Idempotent: it analyses whatever is stored when it runs.
    """
    snapshot = snapshots.snapshot_compute(conversation_id=conversation_id)
    return None if snapshot is None else snapshot.pk

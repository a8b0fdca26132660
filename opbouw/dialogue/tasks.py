"""Background work: recomputing a conversation's analysis (see snapshots.py for the debounce)
and building Pol.is exports (see exports.py)."""

from django_tasks import task

from . import exports, snapshots


@task()
def recompute_conversation(conversation_id: int) -> int | None:
    """Analyse the conversation and store a snapshot; returns the snapshot id (or None).

    Idempotent: it analyses whatever is stored when it runs.
    """
    snapshot = snapshots.snapshot_compute(conversation_id=conversation_id)
    return None if snapshot is None else snapshot.pk


@task()
def build_conversation_export(export_id: int, url: str = "") -> int | None:
    """Build a requested Pol.is export (exports.py); returns the export id when it was built.

    Idempotent: an export that is not queued any more (built, running elsewhere, removed)
    is left alone.
    """
    export = exports.export_build(export_id=export_id, url=url)
    return None if export is None else export.pk

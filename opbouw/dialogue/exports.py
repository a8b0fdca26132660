"""Pol.is exports as files: asked for in a request, built by the task worker, downloaded later.

A large conversation takes minutes to export (100k participants: 5 M vote events and a
participants-votes.csv of 100k rows x 2,000 columns), far longer than a browser waits. So:

* ``export_request`` (the worker's POST) records who asked (audit trail: "geëxporteerd"),
  creates a ``ConversationExport`` and enqueues ``tasks.build_conversation_export`` on commit.
  A conversation with at most ``OPBOUW_DIALOGUE_EXPORT_DIRECT_VOTES`` vote events (default
  20,000: a neighbourhood meeting, well under a second) is built in the request itself, so
  the usual case needs no worker and no waiting; the result is the same stored file.
* One export per person and conversation is made at a time (a unique constraint on the
  pending ones): asking again while it runs returns the running one, no second task.
* ``export_build`` (the task) claims the export (queued → running with one conditional
  UPDATE, so it is idempotent), writes the ZIP under a temporary name and renames it when
  complete. On success the requester's older exports of the conversation go.
* Files live under ``OPBOUW_EXPORT_ROOT/dialogue`` (outside the web root, system check
  ``opbouw.dialogue.E001``), under a random name, served only by ``views.export_download``.
  They expire after ``OPBOUW_RETENTION["conversation_exports"]`` days (default 2). Expired
  files are removed by the next export request, by ``manage.py dialogue_exports_prune`` and
  by the retention run (``manage.py retention``), which both call ``exports_prune``.
* An export queued or running for longer than ``STALE`` (a worker that died) counts as
  failed, so the person can ask again.
"""

import datetime as dt
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from opbouw.accounts.models import User
from opbouw.audit.models import Action, ObjectType
from opbouw.audit.services import record_change

from .export import write_polis_export
from .models import Conversation, ConversationExport, VoteEvent

logger = logging.getLogger(__name__)

DEFAULT_DIRECT_VOTES = 20_000
DEFAULT_DAYS = 2
STALE = dt.timedelta(hours=2)
SUBFOLDER = "dialogue"


def export_root() -> Path:
    return Path(settings.OPBOUW_EXPORT_ROOT) / SUBFOLDER


def export_days() -> int:
    return int(settings.OPBOUW_RETENTION.get("conversation_exports", DEFAULT_DAYS))


def direct_limit() -> int:
    return int(getattr(settings, "OPBOUW_DIALOGUE_EXPORT_DIRECT_VOTES", DEFAULT_DIRECT_VOTES))


def export_path(export: ConversationExport) -> Path:
    return export_root() / export.file_name


def is_small(conversation: Conversation) -> bool:
    """At most direct_limit() vote events (counts at most that many rows)."""
    limit = direct_limit()
    events = VoteEvent.objects.filter(conversation=conversation).values("id")[: limit + 1]
    return events.count() <= limit


def export_latest(conversation: Conversation, user: User) -> ConversationExport | None:
    """The person's most recent export of the conversation (any status)."""
    return (
        ConversationExport.objects.filter(conversation=conversation, requested_by=user)
        .order_by("-requested_at", "-id")
        .first()
    )


def _mark_stale(now: dt.datetime, scope: QuerySet[ConversationExport]) -> int:
    return scope.filter(status__in=ConversationExport.PENDING, requested_at__lt=now - STALE).update(
        status=ConversationExport.Status.FAILED, finished_at=now
    )


def export_request(
    *, conversation: Conversation, requested_by: User, url: str = ""
) -> tuple[ConversationExport, bool]:
    """Ask for an export; returns (the export, whether it is new).

    Not new: one of this person for this conversation is still being made (nothing else
    happens). New: recorded in the audit trail, and built now (small) or by the worker.
    """
    now = timezone.now()
    mine = ConversationExport.objects.filter(conversation=conversation, requested_by=requested_by)
    exports_prune(now=now)
    _mark_stale(now, mine)
    running = mine.filter(status__in=ConversationExport.PENDING).first()
    if running is not None:
        return running, False
    try:
        with transaction.atomic():
            export = ConversationExport.objects.create(
                conversation=conversation, requested_by=requested_by, requested_at=now
            )
    except IntegrityError:  # the same person asked twice at the same moment
        running = mine.filter(status__in=ConversationExport.PENDING).first()
        if running is None:
            raise
        return running, False
    record_change(
        requested_by,
        conversation,
        action=Action.EXPORT,
        object_type=ObjectType.CONVERSATION,
    )
    if is_small(conversation):
        built = export_build(export_id=export.pk, url=url)
        return built or export, True
    export_id = export.pk

    def enqueue() -> None:
        from .tasks import build_conversation_export  # the task module imports this one

        build_conversation_export.enqueue(export_id, url)

    transaction.on_commit(enqueue)
    return export, True


def _write(export: ConversationExport, url: str) -> tuple[str, int, int, int]:
    """The ZIP under a random name (complete or not at all): name, size, participants, votes."""
    root = export_root()
    root.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.zip"
    partial = root / f"{name}.part"
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            counts = write_polis_export(export.conversation, out, url=url)
        partial.replace(root / name)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return name, (root / name).stat().st_size, counts.participants, counts.votes


def export_build(*, export_id: int, url: str = "") -> ConversationExport | None:
    """Build a queued export (the task's body). Idempotent: anything not queued is left."""
    started = timezone.now()
    claimed = ConversationExport.objects.filter(
        pk=export_id, status=ConversationExport.Status.QUEUED
    ).update(status=ConversationExport.Status.RUNNING, started_at=started)
    if not claimed:
        return None
    export = ConversationExport.objects.select_related("conversation").get(pk=export_id)
    clock = time.perf_counter()
    try:
        name, size, participants, votes = _write(export, url)
    except Exception:
        logger.exception("Export %s of conversation %s failed", export_id, export.conversation_id)
        ConversationExport.objects.filter(pk=export_id).update(
            status=ConversationExport.Status.FAILED, finished_at=timezone.now()
        )
        export.refresh_from_db()
        return export
    finished = timezone.now()
    stored = ConversationExport.objects.filter(
        pk=export_id, status=ConversationExport.Status.RUNNING
    ).update(
        status=ConversationExport.Status.READY,
        file_name=name,
        size=size,
        participant_count=participants,
        vote_count=votes,
        seconds=time.perf_counter() - clock,
        finished_at=finished,
        expires_at=finished + dt.timedelta(days=export_days()),
    )
    if not stored:  # removed (or given up as stale) meanwhile: the file has no owner
        (export_root() / name).unlink(missing_ok=True)
        return None
    export.refresh_from_db()
    older = ConversationExport.objects.filter(
        conversation_id=export.conversation_id, requested_by_id=export.requested_by_id
    ).exclude(Q(pk=export.pk) | Q(status__in=ConversationExport.PENDING))
    for previous in older:
        export_delete(export=previous)
    return export


def export_delete(*, export: ConversationExport) -> None:
    if export.file_name:
        export_path(export).unlink(missing_ok=True)
    export.delete()


def exports_due(now: dt.datetime | None = None) -> QuerySet[ConversationExport]:
    """Expired exports, and failed ones older than the download period."""
    moment = now or timezone.now()
    return ConversationExport.objects.filter(
        Q(expires_at__lte=moment)
        | Q(
            status=ConversationExport.Status.FAILED,
            requested_at__lte=moment - dt.timedelta(days=export_days()),
        )
    )


def exports_prune(*, now: dt.datetime | None = None) -> int:
    """Remove expired exports (file and row), give up stale ones, remove stray files.

    Stray files: a ``.part`` or ZIP no export refers to, older than STALE (a build that
    died half-way). Returns the number of exports removed.
    """
    moment = now or timezone.now()
    removed = 0
    for export in exports_due(moment):
        export_delete(export=export)
        removed += 1
    _mark_stale(moment, ConversationExport.objects.all())
    root = export_root()
    if root.is_dir():
        known = set(
            ConversationExport.objects.exclude(file_name="").values_list("file_name", flat=True)
        )
        cutoff = (moment - STALE).timestamp()
        for path in root.iterdir():
            if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
    return removed

"""Pol.is exports as files: asked for, made (in the request or by the worker), downloaded.

The worker test runs django-tasks' DatabaseBackend and `manage.py db_worker` for real, as
production does (docs/operations.md); the others use the tests' ImmediateBackend.
"""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opbouw.analysis.opinion import read_polis_export
from opbouw.audit.models import AuditEvent
from opbouw.dialogue import exports
from opbouw.dialogue.models import ConversationExport, Vote
from opbouw.privacy.retention import retention_run
from tests.dialogue.support import plant_votes

MEMBERS = ["comments.csv", "participants-votes.csv", "summary.csv", "votes.csv"]


@pytest.fixture(autouse=True)
def export_root(settings, tmp_path):
    settings.OPBOUW_EXPORT_ROOT = tmp_path / "exports"
    return tmp_path / "exports" / "dialogue"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    """The messages this request added (earlier ones wait, unread, in the session)."""
    return [str(m) for m in get_messages(response.wsgi_request)._queued_messages]


def _create(client, conversation):
    return client.post(reverse("dialogue:export_create", args=[conversation.pk]))


def _page(client, conversation, **extra):
    return client.get(reverse("dialogue:export", args=[conversation.pk]), **extra)


def _download(client, export):
    return client.get(reverse("dialogue:export_download", args=[export.pk]))


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_a_small_conversation_is_made_at_once_and_downloaded(
    worker_client, worker, conversation, export_root
):
    plant_votes(conversation, participants=6)
    page = _page(worker_client, conversation)
    assert page.status_code == 200
    assert "Je hebt nog geen export van dit gesprek." in page.content.decode()

    response = _create(worker_client, conversation)
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogue:export", args=[conversation.pk])
    assert _messages(response) == ["De export is klaar om te downloaden."]
    export = ConversationExport.objects.get()
    assert export.status == ConversationExport.Status.READY and export.requested_by == worker
    assert export.participant_count == 6 and export.vote_count == 60
    assert export.expires_at == export.finished_at + dt.timedelta(days=exports.export_days())
    path = exports.export_path(export)
    assert path.parent == export_root and path.is_file()
    assert path.stat().st_mode & 0o777 == 0o600  # pseudonymous data: not for other users
    assert re.fullmatch(r"[0-9a-f]{32}\.zip", export.file_name)  # random, says nothing

    html = _page(worker_client, conversation).content.decode()
    assert "Gemaakt op" in html and "6 deelnemers, 60 stemmen" in html
    assert reverse("dialogue:export_download", args=[export.pk]) in html
    assert "hx-trigger" not in html  # nothing to wait for

    download = _download(worker_client, export)
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert f"gesprek-{conversation.pk}-polis-" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
    assert sorted(_zip(download).namelist()) == MEMBERS

    # The export is in the audit trail like other exports: who, which conversation, its area.
    event = AuditEvent.objects.get(action="export")
    assert (event.user, event.object_type, event.object_id, event.area_id) == (
        worker,
        "dialogue.conversation",
        conversation.pk,
        conversation.area_id,
    )


# Real commits: the worker checks its connection between tasks (close_old_connections),
# which on PostgreSQL would close a test wrapped in a transaction.
@pytest.mark.django_db(transaction=True)
def test_a_large_conversation_is_made_by_the_worker_while_the_page_waits(
    settings, worker, conversation, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OPBOUW_DIALOGUE_EXPORT_DIRECT_VOTES = 50  # "large" from 51 vote events
    plant_votes(conversation, participants=8)  # 80 vote events
    client = client_for(worker)

    response = _create(client, conversation)
    assert response.status_code == 302
    assert _messages(response) == [
        "De export wordt op de achtergrond gemaakt. Dat kan enkele minuten duren."
    ]
    export = ConversationExport.objects.get()
    assert export.status == ConversationExport.Status.QUEUED
    task = DBTaskResult.objects.get()
    assert task.task_path == "opbouw.dialogue.tasks.build_conversation_export"
    assert task.status == "READY"

    # The page says it is being made: htmx polls, and a plain link works without JavaScript.
    page = _page(client, conversation)
    html = page.content.decode()
    assert "De export wordt gemaakt" in html and "Pagina vernieuwen" in html
    assert 'hx-trigger="every 3s"' in html
    assert "Dit gesprek is groot" in html
    fragment = _page(client, conversation, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section id="export-status"') and "<html" not in fragment
    # Not downloadable yet: a message, no file.
    early = _download(client, export)
    assert early.status_code == 302 and _messages(early) == ["Deze export is nog niet klaar."]

    # Asking again while it is queued: the same export, no second task, a clear message.
    again = _create(client, conversation)
    assert _messages(again) == [
        "Je export van dit gesprek wordt al gemaakt. Wacht tot hij klaar is."
    ]
    assert ConversationExport.objects.count() == 1 and DBTaskResult.objects.count() == 1

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    export.refresh_from_db()
    assert export.status == ConversationExport.Status.READY
    html = _page(client, conversation).content.decode()
    assert "hx-trigger" not in html and "ZIP downloaden" in html
    with _zip(_download(client, export)) as archive:
        archive.extractall(tmp_path / "back")
    back = read_polis_export(tmp_path / "back")
    assert back.votes.nnz == Vote.objects.count() == 80


def test_someone_elses_export_and_other_areas_are_404(
    users, worker, conversation, areas, export_root
):
    plant_votes(conversation, participants=3)
    _create(client_for(worker), conversation)
    export = ConversationExport.objects.get()
    # A colleague who runs the same conversation: not their export (the trail names the worker).
    assert _download(client_for(users["coordinator"]), export).status_code == 404
    other = client_for(users["other_worker"])
    assert _download(other, export).status_code == 404
    assert _page(other, conversation).status_code == 404
    assert _create(other, conversation).status_code == 404
    # Partners see the conversation, but do not export it.
    assert _create(client_for(users["partner"]), conversation).status_code == 404
    assert ConversationExport.objects.count() == 1
    assert AuditEvent.objects.filter(action="export").count() == 1
    # The worker who moved away from the area loses the download too.
    worker.memberships.all().delete()
    assert _download(client_for(worker), export).status_code == 404


def test_an_expired_export_is_refused_with_a_message_and_pruned(
    worker_client, conversation, export_root
):
    plant_votes(conversation, participants=3)
    _create(worker_client, conversation)
    export = ConversationExport.objects.get()
    path = exports.export_path(export)
    ConversationExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = _download(worker_client, export)
    assert response.status_code == 302
    assert _messages(response) == ["Deze export is verlopen. Maak een nieuwe export."]
    html = _page(worker_client, conversation).content.decode()
    assert "Je vorige export is verlopen" in html and "Nieuwe export maken" in html
    assert path.is_file()  # refusing changes nothing; the prune removes it

    call_command("dialogue_exports_prune", verbosity=0)
    assert not ConversationExport.objects.exists() and not path.exists()
    assert _download(worker_client, export).status_code == 404


def test_the_retention_run_removes_expired_exports(worker, conversation, export_root):
    export, _new = exports.export_request(conversation=conversation, requested_by=worker)
    path = exports.export_path(export)
    assert path.is_file()
    lines = {line.category: line for line in retention_run(dry_run=True)}
    assert lines["conversation_exports"].registered and lines["conversation_exports"].due == 0
    ConversationExport.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    lines = {line.category: line for line in retention_run()}
    assert lines["conversation_exports"].done == 1
    assert not path.exists() and not ConversationExport.objects.exists()


def test_a_new_export_replaces_the_previous_one(worker_client, conversation, export_root):
    plant_votes(conversation, participants=3)
    _create(worker_client, conversation)
    first = ConversationExport.objects.get()
    _create(worker_client, conversation)
    second = ConversationExport.objects.get()
    assert second.pk != first.pk
    assert sorted(p.name for p in export_root.iterdir()) == [second.file_name]


def test_a_stuck_export_does_not_block_a_new_one(worker, conversation):
    """A worker that died leaves an export 'running': after STALE it counts as failed."""
    stuck = ConversationExport.objects.create(
        conversation=conversation,
        requested_by=worker,
        status=ConversationExport.Status.RUNNING,
        requested_at=timezone.now() - exports.STALE - dt.timedelta(minutes=1),
    )
    export, new = exports.export_request(conversation=conversation, requested_by=worker)
    assert new and export.status == ConversationExport.Status.READY
    # The failed one goes with the successful build (a new export replaces the previous).
    assert not ConversationExport.objects.filter(pk=stuck.pk).exists()


def test_one_pending_export_per_person_and_conversation_in_the_database(worker, conversation):
    ConversationExport.objects.create(conversation=conversation, requested_by=worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConversationExport.objects.create(conversation=conversation, requested_by=worker)


def test_the_task_is_idempotent(worker, conversation, export_root):
    export, _new = exports.export_request(conversation=conversation, requested_by=worker)
    files = sorted(export_root.iterdir())
    assert exports.export_build(export_id=export.pk) is None  # already built: left alone
    assert sorted(export_root.iterdir()) == files


def test_an_export_root_inside_the_web_root_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPBOUW_EXPORT_ROOT = tmp_path / "media" / "exports"
    assert "opbouw.dialogue.E001" in [message.id for message in run_checks()]
    settings.OPBOUW_EXPORT_ROOT = tmp_path / "elsewhere"
    assert "opbouw.dialogue.E001" not in [message.id for message in run_checks()]


def test_the_datetime_column_is_written_as_pol_is_writes_it():
    import time

    from opbouw.dialogue.export import _text

    moments = [0, 951_782_400, 1_709_164_799, 1_795_899_745, 4_102_444_799]  # incl. 29 Feb
    moments += list(range(1_700_000_000, 1_700_000_000 + 400 * 86_400, 86_399))
    for seconds in moments:
        assert _text(seconds) == time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(seconds))

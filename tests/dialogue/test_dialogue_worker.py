"""Production's task backend: a vote queues the analysis in the database; a worker runs it.

Dev and tests use the ImmediateBackend (the task runs inline after the commit); production
(config/settings/prod.py) uses django-tasks-db's DatabaseBackend with `manage.py db_worker`.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from opbouw.dialogue import services
from opbouw.dialogue.models import AnalysisSnapshot

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


# Real commits: the worker checks its connection between tasks (close_old_connections),
# which on PostgreSQL would close a test wrapped in a transaction.
@pytest.mark.django_db(transaction=True)
def test_a_vote_queues_the_analysis_and_the_worker_runs_it(
    database_tasks, conversation, statements
):
    voter = services.Voter(user=None, key="sleutel-worker-0123456789")
    services.vote_cast(
        conversation=conversation, voter=voter, statement_id=statements[0].pk, value=1
    )

    # The vote is stored and the analysis waits in the queue: the voter did not wait for it.
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "opbouw.dialogue.tasks.recompute_conversation"
    assert queued.status == "READY"
    assert not AnalysisSnapshot.objects.filter(conversation=conversation).exists()

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    snapshot = AnalysisSnapshot.objects.get(conversation=conversation)
    assert snapshot.vote_count == 1
    conversation.refresh_from_db()
    assert conversation.analysis_queued_at is None


def test_production_settings_queue_tasks_in_the_database(settings):
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")  # tests: inline
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    code = "from django.conf import settings as s; print(s.TASKS['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "DJANGO_ALLOWED_HOSTS": "opbouw.hengelo.example",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django_tasks_db.DatabaseBackend"

"""The task worker survives a PostgreSQL restart; stale RUNNING tasks are put right.

The restart test runs a real throwaway PostgreSQL server of its own (the binaries of
scripts/throwaway_postgres.py), a real `manage.py task_worker`, and kills the server under it.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opbouw.core.task_worker import STALE_EXCEPTION, recover_stale_tasks
from tests.core.worker_tasks import leave_mark

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _wait_for(predicate, what: str, attempts: int = 1_500) -> None:
    """Wait for a state (not for a time): checks every 0.2 s, gives up after five minutes."""
    for _attempt in range(attempts):
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"never happened: {what}")


# --- stale RUNNING tasks -------------------------------------------------------------------


@pytest.fixture
def queued(settings, tmp_path, monkeypatch):
    settings.TASKS = DATABASE_BACKEND
    monkeypatch.setenv("OPBOUW_TEST_MARK_DIR", str(tmp_path))
    return tmp_path


def _killed_mid_run(name: str, *, minutes_ago: int, attempts: int = 1) -> DBTaskResult:
    result = leave_mark.enqueue(name)
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=[f"killed-{i}" for i in range(attempts)],
    )
    return DBTaskResult.objects.get(id=result.id)


@pytest.mark.django_db(transaction=True)
def test_a_task_killed_mid_run_is_queued_again_and_then_run(queued, settings):
    settings.OPBOUW_TASK_STALE_MINUTES = 30
    stale = _killed_mid_run("stale", minutes_ago=45)
    busy = _killed_mid_run("busy", minutes_ago=5)  # may well be running right now
    recovery = recover_stale_tasks()
    assert (recovery.requeued, recovery.failed) == (1, 0)
    stale.refresh_from_db()
    busy.refresh_from_db()
    assert stale.status == TaskResultStatus.READY
    assert busy.status == TaskResultStatus.RUNNING
    call_command("task_worker", batch=True, startup_delay=False, verbosity=0)
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.SUCCESSFUL
    assert (queued / "stale").read_text() == "done"


@pytest.mark.django_db(transaction=True)
def test_a_task_killed_too_often_fails_with_a_reason(queued, settings):
    settings.OPBOUW_TASK_MAX_ATTEMPTS = 3
    doomed = _killed_mid_run("doomed", minutes_ago=120, attempts=3)
    out = []
    call_command("tasks_recover_stale", stdout=type("W", (), {"write": out.append})())
    doomed.refresh_from_db()
    assert doomed.status == TaskResultStatus.FAILED
    assert doomed.exception_class_path == STALE_EXCEPTION
    assert "after 3 attempts" in doomed.traceback
    assert "1 mislukt" in "".join(out)


@pytest.mark.django_db(transaction=True)
def test_the_worker_recovers_stale_tasks_when_it_starts(queued):
    stale = _killed_mid_run("bij-de-start", minutes_ago=600)
    call_command("task_worker", batch=True, startup_delay=False, verbosity=0)
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.SUCCESSFUL


# --- a real PostgreSQL restart under a running worker ------------------------------------


def _throwaway_postgres():
    spec = importlib.util.spec_from_file_location(
        "throwaway_postgres", ROOT / "scripts" / "throwaway_postgres.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def postgres():
    tp = _throwaway_postgres()
    try:
        bindir = tp.find_bindir()
    except tp.SetupError as error:
        pytest.skip(f"no PostgreSQL server binaries here: {error}")
    # In /tmp, as the script does: the server user must reach it (pytest's tmp_path is 0700).
    root = Path(tempfile.mkdtemp(prefix="opbouw-pg-worker-"))
    server = tp.Server(bindir, root, tp.server_user())
    try:
        server.initdb()
        server.start()
        server.create_database()
        yield tp, server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _manage(env, *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]


def _enqueue(env, name: str) -> None:
    _manage(
        env, "shell", "-c",
        f"from tests.core.worker_tasks import leave_mark; leave_mark.enqueue({name!r})",
    )  # fmt: skip


def test_the_worker_survives_a_postgresql_restart(postgres, tmp_path):
    tp, server = postgres
    marks = tmp_path / "marks"
    marks.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.core.worker_settings",
        "DATABASE_URL": server.url,
        "OPBOUW_TEST_MARK_DIR": str(marks),
        "OPBOUW_DEDUCE_WARM_UP": "0",
    }
    _manage(env, "migrate", "django_tasks_database", "--verbosity", "0")
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "task_worker", "--interval", "0.2",
         "--no-startup-delay"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _enqueue(env, "before")
        _wait_for(lambda: (marks / "before").exists(), "the task before the restart ran")

        # The server goes down hard (as in a crash or a failover) and comes back on its port.
        port = server.port
        server.stop()
        _wait_for(
            lambda: "Lost the database" in (tmp_path / "worker.log").read_text(),
            "the worker noticed",
        )
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        tp.free_port = lambda: port
        server.start()
        assert server.port == port

        _enqueue(env, "after")
        _wait_for(lambda: (marks / "after").exists(), "the task after the restart ran")
        assert worker.poll() is None  # the same worker process, still running
        assert "The database is back" in (tmp_path / "worker.log").read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()

#!/usr/bin/env python3
"""Casting a vote with a 100,000-participant conversation in the database (target p95 < 50 ms).

Loads a synthetic conversation of 100,000 participants x 2,000 statements x 5,000,000 votes
(benchmarks/opinion/synthetic.py: planted opinion groups, a long tail of light voters) into
the database - latest votes and their history - stores one analysis of it (loaded from the
database, as the background task does), then casts votes through Django's test client
(in-process: server time, no network) as random existing participants, identified by their
signed cookie, on random visible statements (new votes and changed votes both occur):

- htmx: the phone's path: POST, answered with the next statement card (Pol.is priority draw);
- plain: the no-JavaScript path: POST answered with a 303 back to the page.

Server time is the WSGI application's time for the request (middleware, CSRF check, view,
queries, template), measured in-process: no network and no WSGI server around it.

SQLite (the database goes to var/bench/dialogue.sqlite3, reused unless --fresh):
    .venv/bin/python benchmarks/dialogue/bench_vote.py [--fresh] [--conn-max-age 0]
PostgreSQL (a throwaway server, loaded each time):
    .venv/bin/python scripts/throwaway_postgres.py -- .venv/bin/python benchmarks/dialogue/bench_vote.py
Smaller, for a quick look: --participants 10000 --statements 500 --votes 300000
Results are appended to benchmarks/dialogue/RESULTS.md (--no-record to skip).
"""  # noqa: E501

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "opinion"))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.dialogue.settings"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TARGET_P95_MS = 50.0
QUESTION = "Benchmark: {participants} deelnemers, {statements} stellingen, {votes} stemmen"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def setup_django() -> None:
    import django

    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    django.setup()


def _database() -> str:
    from django.db import connection

    age = connection.settings_dict.get("CONN_MAX_AGE")
    return f"{_database_version()}, CONN_MAX_AGE {age}"


def _database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


# --- loading -------------------------------------------------------------------------------


def _copy_rows(table: str, columns: list[str], rows: Any) -> None:
    """Bulk insert: COPY on PostgreSQL, executemany in one transaction on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(map(str, row)) + "\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # noqa: S608
                while chunk := buffer.read(1 << 20):
                    copy.write(chunk)
    else:
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                list(rows),
            )


def load(args: argparse.Namespace) -> tuple[int, dict[str, float]]:
    """The conversation's id, loading it first if it is not in the database yet."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from synthetic import synthetic_conversation

    from opbouw.areas.models import Area, Level
    from opbouw.dialogue.models import Conversation, Participant, Statement

    timings: dict[str, float] = {}
    call_command("migrate", verbosity=0)
    question = QUESTION.format(
        participants=args.participants, statements=args.statements, votes=args.votes
    )
    existing = Conversation.objects.filter(question=question).first()
    if existing is not None and not args.fresh:
        log(f"reusing conversation {existing.pk}: {question}")
        return existing.pk, timings
    Conversation.objects.filter(question=question).delete()

    started = time.perf_counter()
    synthetic = synthetic_conversation(args.participants, args.statements, args.votes, seed=0)
    matrix = synthetic.votes
    timings["generate_s"] = time.perf_counter() - started
    log(f"generated {matrix.nnz:,} votes in {timings['generate_s']:.1f} s")

    started = time.perf_counter()
    area, _created = Area.objects.get_or_create(
        code="GM9999", defaults={"name": "Benchmarkstad", "level": Level.MUNICIPALITY}
    )
    with transaction.atomic():
        conversation = Conversation.objects.create(area=area, question=question)
        Statement.objects.bulk_create(
            (
                Statement(
                    conversation=conversation,
                    number=i + 1,
                    text=f"Stelling {i + 1} over de buurt, om over te stemmen.",
                    is_seed=True,
                    status=(
                        Statement.Status.HIDDEN
                        if synthetic.statements[i].moderated_out
                        else Statement.Status.APPROVED
                    ),
                )
                for i in range(args.statements)
            ),
            batch_size=2000,
        )
        Participant.objects.bulk_create(
            (Participant(conversation=conversation) for _ in range(args.participants)),
            batch_size=10_000,
        )
    statement_pk = np.array(
        Statement.objects.filter(conversation=conversation)
        .order_by("number")
        .values_list("id", flat=True),
        dtype=np.int64,
    )
    participant_pk = np.array(
        Participant.objects.filter(conversation=conversation)
        .order_by("id")
        .values_list("id", flat=True),
        dtype=np.int64,
    )
    timings["load_rows_s"] = time.perf_counter() - started

    started = time.perf_counter()
    now = timezone.now().isoformat()
    indptr, indices, values = matrix.codes.indptr, matrix.codes.indices, matrix.vote_values()
    chunk = 20_000
    with transaction.atomic():
        for start in range(0, args.participants, chunk):
            end = min(start + chunk, args.participants)
            lo, hi = int(indptr[start]), int(indptr[end])
            rows = np.repeat(participant_pk[start:end], np.diff(indptr[start : end + 1]))
            cols = statement_pk[indices[lo:hi]]
            vals = values[lo:hi]
            triples = list(zip(rows.tolist(), cols.tolist(), vals.tolist(), strict=True))
            _copy_rows(
                "dialogue_vote",
                ["conversation_id", "participant_id", "statement_id", "value", "updated_at"],
                ((conversation.pk, p, s, v, now) for p, s, v in triples),
            )
            _copy_rows(
                "dialogue_voteevent",
                [
                    "conversation_id",
                    "participant_id",
                    "statement_id",
                    "value",
                    "source",
                    "created_at",
                ],
                ((conversation.pk, p, s, v, "web", now) for p, s, v in triples),
            )
            log(f"  votes of participants {start:,}-{end:,} loaded")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    timings["load_votes_s"] = time.perf_counter() - started
    log(f"loaded {matrix.nnz:,} votes (+ history) in {timings['load_votes_s']:.1f} s")

    from opbouw.dialogue.snapshots import load_statements, load_votes, snapshot_compute

    started = time.perf_counter()
    load_votes(conversation.pk, load_statements(conversation.pk))
    timings["read_matrix_s"] = time.perf_counter() - started
    started = time.perf_counter()
    snapshot = snapshot_compute(conversation_id=conversation.pk)
    timings["snapshot_s"] = time.perf_counter() - started
    timings["analysis_s"] = snapshot.seconds if snapshot else float("nan")
    log(
        f"snapshot (read from the database + analyse + store) in {timings['snapshot_s']:.1f} s, "
        f"of which analysis {timings['analysis_s']:.1f} s; "
        f"k = {snapshot.group_count if snapshot else 0}"
    )
    return conversation.pk, timings


# --- casting -------------------------------------------------------------------------------


def cast_votes(conversation_id: int, casts: int, htmx: bool, seed: int) -> dict[str, Any]:
    """Time the WSGI application itself, as a server would call it (CSRF checked and all).

    Not Django's test Client: it instruments template rendering (copying every context for
    the test's inspection), which would be measured as if it were the server's work.
    """
    from django.core import signing
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection, reset_queries
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from opbouw.dialogue.models import Conversation, Participant, Statement, Vote
    from opbouw.dialogue.participation import COOKIE_SALT, cookie_name

    conversation = Conversation.objects.get(pk=conversation_id)
    url = f"/gesprekken/doe-mee/{conversation.invite_token}/stem/"
    name = cookie_name(conversation)
    signer = signing.get_cookie_signer(salt=signing._cookie_signer_salt(name, COOKIE_SALT))
    participants = list(
        Participant.objects.filter(conversation=conversation).values_list("key", flat=True)
    )
    visible = list(
        Statement.objects.filter(conversation=conversation, status="approved").values_list(
            "id", flat=True
        )
    )
    rng = random.Random(seed)
    handler = WSGIHandler()
    factory = RequestFactory()
    csrf = _get_new_csrf_string()
    expected = "200" if htmx else "303"
    votes_before = Vote.objects.filter(conversation=conversation).count()
    timings: list[float] = []
    cpu: list[float] = []
    queries: list[int] = []
    warmup = 30
    for i in range(casts + warmup):
        key = rng.choice(participants)
        data = {"statement": rng.choice(visible), "vote": rng.choice(("1", "-1", "0"))}
        environ = factory.post(url, data).environ
        environ["HTTP_COOKIE"] = f"{name}={signer.sign(key)}; csrftoken={csrf}"
        environ["HTTP_X_CSRFTOKEN"] = csrf
        if htmx:
            environ["HTTP_HX_REQUEST"] = "true"
        status: list[str] = []

        def start_response(line: str, headers: Any, *rest: Any, status: list[str] = status) -> None:
            status.append(line)

        reset_queries()  # the query log is a bounded deque; keep the count exact
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            body = b"".join(handler(environ, start_response))
            elapsed = time.perf_counter() - started
            cpu_elapsed = time.process_time() - cpu_started
        if not status[0].startswith(expected):
            raise SystemExit(f"cast {i}: HTTP {status[0]}: {body[:300]!r}")
        if i >= warmup:
            timings.append(elapsed * 1000)
            cpu.append(cpu_elapsed * 1000)
            queries.append(len(captured))
    new_votes = Vote.objects.filter(conversation=conversation).count() - votes_before
    timings.sort()
    cpu.sort()
    return {
        "path": "htmx (next card)" if htmx else "plain POST (303)",
        "casts": casts,
        "new_votes": new_votes,
        "p50": statistics.median(timings),
        "p95": timings[int(0.95 * (len(timings) - 1))],
        "p99": timings[int(0.99 * (len(timings) - 1))],
        "max": timings[-1],
        "mean": statistics.fmean(timings),
        "queries": statistics.median(queries),
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": cpu[int(0.95 * (len(cpu) - 1))],
    }


def record(
    args: argparse.Namespace, database: str, timings: dict[str, float], runs: list[dict[str, Any]]
) -> str:
    from django_tasks import default_task_backend

    requested = len(getattr(default_task_backend, "results", []))
    command = " ".join(["python", *sys.argv])
    lines = [
        f"### {time.strftime('%Y-%m-%d %H:%M')} · {database}",
        "",
        f"`{command}`  ",
        f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end (the machine "
        f"is shared). Conversation: {args.participants:,} participants x "
        f"{args.statements:,} statements x {args.votes:,} votes "
        "(+ the same number of history rows).",
        "",
    ]
    if timings:
        lines += [
            "Load: "
            + ", ".join(
                f"{k.removesuffix('_s').replace('_', ' ')} {v:.1f} s" for k, v in timings.items()
            ),
            "",
        ]
    lines += [
        "| path | casts | p50 ms | p95 ms | p99 ms | max ms | mean ms | CPU p50 / p95 ms¹ "
        "| queries | p95 < 50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        ok = "yes" if run["p95"] < TARGET_P95_MS else "**no**"
        lines.append(
            f"| {run['path']} | {run['casts']} | {run['p50']:.1f} | {run['p95']:.1f} | "
            f"{run['p99']:.1f} | {run['max']:.1f} | {run['mean']:.1f} | "
            f"{run['cpu_p50']:.1f} / {run['cpu_p95']:.1f} | {run['queries']:.0f} | {ok} |"
        )
    lines += [
        "",
        "Recomputes requested during the casts (run by a worker, not in the request): "
        f"{requested}.",
        "",
        "¹ CPU time of this process per cast: on SQLite the database's work included, on "
        "PostgreSQL without the server's. It does not grow with the load average as wall "
        "time does.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=2_000)
    parser.add_argument("--votes", type=int, default=5_000_000)
    parser.add_argument("--casts", type=int, default=1_000)
    parser.add_argument("--fresh", action="store_true", help="reload the conversation")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    parser.add_argument(
        "--persistent-connections",
        action="store_true",
        help="CONN_MAX_AGE 60 (the base settings' value since 2026-11-28; kept for old commands)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="override CONN_MAX_AGE, e.g. 0 for a new connection per request (the old SQLite)",
    )
    args = parser.parse_args()
    if args.persistent_connections:
        os.environ["BENCH_PERSISTENT_CONNECTIONS"] = "1"
    if args.conn_max_age is not None:
        os.environ["BENCH_CONN_MAX_AGE"] = str(args.conn_max_age)
    setup_django()
    database = _database()
    log(f"database: {database}")
    conversation_id, timings = load(args)
    runs = [
        cast_votes(conversation_id, args.casts, htmx, seed)
        for seed, htmx in ((1, True), (2, False))
    ]
    text = record(args, database, timings, runs)
    print(text)
    if not args.no_record:
        header = "" if RESULTS.exists() else "# Casting a vote: benchmark results\n\n"
        with RESULTS.open("a") as handle:
            handle.write(header + text + "\n")


if __name__ == "__main__":
    main()

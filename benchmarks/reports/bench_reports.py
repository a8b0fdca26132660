#!/usr/bin/env python3
"""A year report for a wijk of the demo: the HTML page (< 2 s) and the PDF (< 10 s).

The database: --sqlite PATH (a copy of an already seeded large demo, e.g. made with
--copy-from; the benchmark writes to it: a migration, a report, snapshots), or else it seeds
the demo (`seed_demo --seed 1 --scale large|small`) into its own database:
var/bench/reports.sqlite3, or DATABASE_URL when set, which is how it runs on PostgreSQL
(scripts/throwaway_postgres.py starts an empty server and sets DATABASE_URL; the large demo
is then seeded first, ~4 minutes on a quiet machine, and timed).

It takes the busiest wijk (most journal entries in the year; or --wijk CODE) and a calendar
year (the last complete year with journal entries, or --year), makes sure the wijk's monthly
network snapshots of that year are stored (as the nightly `network_snapshots` would have),
composes a year report for it (reused when it is there) and issues it once. Then, through
Django's test client (in-process: routing, middleware, sessions, permissions, queries,
templates, PDF; no network), it asks for:

- draft HTML as a worker of the wijk: everything derived live (network curve from the stored
  snapshots, initiatives, conversations, signals, outputs): the expensive path;
- issued HTML as policy: the frozen version (JSON) rendered;
- draft PDF as the worker: derived live, charts rendered to SVG (vl-convert), WeasyPrint;
- issued PDF as policy.

Each is asked --runs times after one warm-up; wall and CPU time (this process, all its
threads, plus on PostgreSQL the CPU time of the database backend serving it, as the journal
benchmark counts it) reported. --profile DIR writes a cProfile of one draft HTML and one draft
PDF.

    # once: a private copy of the seeded large demo (never write to the original)
    .venv/bin/python benchmarks/reports/bench_reports.py \\
        --copy-from /work/bench/var/bench/journal.sqlite3 --sqlite var/bench/reports-large.sqlite3
    # again later (the copy is reused):
    .venv/bin/python benchmarks/reports/bench_reports.py --sqlite var/bench/reports-large.sqlite3
    # PostgreSQL: a throwaway server (gone afterwards, so the large demo is seeded each time)
    .venv/bin/python scripts/throwaway_postgres.py -- \\
        .venv/bin/python benchmarks/reports/bench_reports.py --scale large

Results are appended to benchmarks/reports/RESULTS.md (--no-record to skip).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import platform
import pstats
import shlex
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.reports.settings"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TARGETS = {"html": 2.0, "pdf": 10.0}

# The journal benchmark's clock: wall time, and CPU time of this process plus (PostgreSQL)
# the database backend serving it, read from /proc.
from benchmarks.journal.bench_journal import Clock  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy with SQLite's online backup API (the -wal is included)."""
    if not source.is_file():
        sys.exit(f"--copy-from: no such database: {source}")
    if source.resolve() == target.resolve():
        sys.exit("--copy-from and --sqlite are the same file: the benchmark writes to --sqlite")
    target.parent.mkdir(parents=True, exist_ok=True)
    log(f"copying {source} to {target} …")
    started = time.monotonic()
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
        sqlite3.connect(partial) as dst,
    ):
        src.backup(dst)
    os.replace(partial, target)
    log(f"copied in {time.monotonic() - started:.0f} s")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="large", choices=["small", "medium", "large"])
    parser.add_argument(
        "--sqlite", type=Path, help="an SQLite database holding a seeded demo (written to)"
    )
    parser.add_argument(
        "--copy-from",
        type=Path,
        help="copy this seeded database to --sqlite first (when --sqlite does not exist yet)",
    )
    parser.add_argument("--fresh", action="store_true", help="seed again even if seeded")
    parser.add_argument("--wijk", default="busiest", help="CBS code, or 'busiest' (default)")
    parser.add_argument("--year", type=int, help="default: the last complete year with entries")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="write cProfile stats to this directory")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    if args.copy_from and not args.sqlite:
        parser.error("--copy-from needs --sqlite (where the copy goes)")
    return args


def busiest_wijk(year: int) -> tuple[Any, int]:
    """The wijk with the most journal entries in the year (one grouped query)."""
    from django.db.models import Count

    from opbouw.areas.models import Area
    from opbouw.journal.models import JournalEntry

    per_area = dict(
        JournalEntry.objects.filter(occurred_on__year=year)
        .values_list("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    areas = Area.objects.filter(id__in=per_area).values_list("id", "level", "parent_id")
    per_wijk: dict[int, int] = {}
    for area_id, level, parent_id in areas:
        wijk_id = area_id if level == "wijk" else parent_id
        if wijk_id is not None:
            per_wijk[wijk_id] = per_wijk.get(wijk_id, 0) + per_area[area_id]
    wijk_id = max(per_wijk, key=lambda k: per_wijk[k])
    wijk = Area.objects.defer("boundary").get(pk=wijk_id)
    if wijk.level != "wijk":
        sys.exit(f"busiest area {wijk.code} is not a wijk")
    return wijk, per_wijk[wijk_id]


def default_year() -> int:
    from django.utils import timezone

    from opbouw.journal.models import JournalEntry

    today = timezone.localdate()
    last = (
        JournalEntry.objects.filter(occurred_on__lt=dt.date(today.year, 1, 1))
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    return last.year if last else today.year


def worker_for(wijk: Any) -> Any:
    """A worker of the wijk (a membership in it or above); made for the benchmark if none."""
    from opbouw.accounts.models import User
    from opbouw.areas.models import Membership

    memberships = Membership.objects.filter(role="worker").select_related("user", "area")
    for membership in memberships.defer("area__boundary", "area__key_figures"):
        if wijk.path.startswith(membership.area.path):
            return membership.user
    user, _created = User.objects.get_or_create(username="bench-werker")
    Membership.objects.get_or_create(user=user, area=wijk, role="worker")
    return user


def ensure_snapshots(wijk: Any, year: int) -> tuple[int, Clock | None]:
    """The wijk's monthly network snapshots of the year, as the nightly job stores them."""
    from opbouw.network.models import NetworkSnapshot
    from opbouw.network.snapshots import snapshots_compute

    stored = NetworkSnapshot.objects.filter(area=wijk, period="month", starts_on__year=year).count()
    if stored >= 12:
        return stored, None
    log(f"{wijk.code}: {stored} monthly snapshots of {year} stored; computing them …")
    with Clock() as clock:
        snapshots_compute(area=wijk, since=dt.date(year, 1, 1), until=dt.date(year, 12, 31))
    log(f"snapshots computed in {clock.wall_ms / 1000:.0f} s (CPU {clock.cpu_ms / 1000:.0f} s)")
    stored = NetworkSnapshot.objects.filter(area=wijk, period="month", starts_on__year=year).count()
    return stored, clock


def year_report(wijk: Any, year: int, worker: Any) -> Any:
    from opbouw.reports import selectors, services
    from opbouw.reports.models import Report

    title = f"Jaarverslag {year} {wijk.name} (benchmark)"
    report = Report.objects.filter(area=wijk, title=title, initiative=None).first()
    if report is None:
        report = services.report_create(
            created_by=worker,
            area=wijk,
            title=title,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
        )
        report.stories.set(selectors.candidate_stories(report)[:5])
        report.outcomes.set(selectors.candidate_outcomes(report)[:5])
    if not report.versions.exists():
        started = time.monotonic()
        services.freeze_version(
            report=report, issued_by=worker, content=selectors.report_content(worker, report)
        )
        log(f"issued version 1 in {time.monotonic() - started:.1f} s")
    return report


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return str(cursor.fetchone()[0]).split(" ", 1)[0]


def profile(client: Any, url: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    profiler = cProfile.Profile()
    profiler.enable()
    response = client.get(url)
    profiler.disable()
    assert response.status_code == 200, (url, response.status_code)
    profiler.dump_stats(path)
    log(f"profile of {url}: {path}")
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(25)


def main() -> None:
    args = parse_args()
    if args.sqlite:
        target = args.sqlite.resolve()
        if args.copy_from and not target.exists():
            copy_database(args.copy_from.resolve(), target)
        if not target.exists():
            sys.exit(f"--sqlite: no such database: {target} (use --copy-from to make it)")
        os.environ["DATABASE_URL"] = f"sqlite:///{target}"

    import django

    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from benchmarks.logins import logged_in_client
    from opbouw.accounts.models import User
    from opbouw.demo.models import DemoDataset
    from opbouw.journal.models import JournalEntry

    database = settings.DATABASES["default"]
    log(f"database: {database['ENGINE']} {database['NAME']}")
    # Import every view now, not after the long seed: the code measured is the code as it was
    # when the run started, even while the checkout is being edited.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    call_command("migrate", verbosity=0)
    version = database_version()
    existing = DemoDataset.objects.order_by("-id").first()
    seeded: Clock | None = None
    if args.sqlite and existing is None:
        sys.exit("--sqlite: the database holds no seeded demo")
    if not args.sqlite and (args.fresh or existing is None or existing.scale != args.scale):
        log(f"seeding the {args.scale} demo (this takes a while)…")
        with Clock() as seeded:
            call_command("seed_demo", seed=1, scale=args.scale, reset=True, verbosity=0)
        log(f"seeded in {seeded.wall_ms / 1000:.0f} s (CPU {seeded.cpu_ms / 1000:.0f} s)")
    dataset = DemoDataset.objects.order_by("-id").first()
    assert dataset is not None

    year = args.year or default_year()
    if args.wijk == "busiest":
        wijk, entries = busiest_wijk(year)
    else:
        from opbouw.areas.models import Area

        wijk = Area.objects.defer("boundary").get(code=args.wijk)
        entries = JournalEntry.objects.filter(
            area__path__startswith=wijk.path, occurred_on__year=year
        ).count()
    log(f"wijk {wijk.code} {wijk.name}, {year}: {entries:,} journal entries")
    worker = worker_for(wijk)
    policy = User.objects.get(username="beleid")
    snapshots, snapshot_clock = ensure_snapshots(wijk, year)
    report = year_report(wijk, year, worker)
    log(f"report {report.pk}: {report.title}")

    def client_for(user: User) -> Client:
        client: Client = logged_in_client(user)
        return client

    detail, pdf = report.get_absolute_url(), f"/verantwoording/{report.pk}/pdf/"
    cases = [
        ("html", "draft HTML (worker, derived live)", client_for(worker), detail),
        ("html", "issued HTML (policy, frozen)", client_for(policy), detail),
        ("pdf", "draft PDF (worker, derived live)", client_for(worker), pdf),
        ("pdf", "issued PDF (policy, frozen)", client_for(policy), pdf),
    ]
    if args.profile:
        profile(cases[0][2], detail, args.profile / "draft-html.prof")
        profile(cases[2][2], pdf, args.profile / "draft-pdf.prof")
    rows = []
    for kind, label, client, url in cases:
        walls, cpus = [], []
        for run in range(args.runs + 1):
            with Clock() as clock:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if run:  # the first is the warm-up
                walls.append(clock.wall_ms / 1000)
                cpus.append(clock.cpu_ms / 1000)
        size = len(response.content)
        row = (label, statistics.median(walls), max(walls), statistics.median(cpus))
        rows.append((*row, TARGETS[kind], size))
        log(f"{label}: median {row[1]:.2f} s, max {row[2]:.2f} s, CPU {row[3]:.2f} s, {size} bytes")

    if args.no_record:
        return
    load = os.getloadavg()
    command = shlex.join([".venv/bin/python", "benchmarks/reports/bench_reports.py", *sys.argv[1:]])
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine == "postgresql" and "PGPORT" in os.environ:  # set by scripts/throwaway_postgres.py
        command = f".venv/bin/python scripts/throwaway_postgres.py -- {command}"
    cpu_note = "this process + the database backend" if engine == "postgresql" else "in-process"
    lines = [
        f"\n## {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — {dataset.scale} demo, "
        f"{engine} {version}\n",
        f"Command: `{command}`  ",
        f"Demo: {dataset.people_count:,} people, {dataset.entry_count:,} entries. "
        f"Report: {wijk.name} ({wijk.code}, the busiest wijk) {year}: {entries:,} journal "
        f"entries; {snapshots} monthly network snapshots stored"
        + (
            f" (computed first, {snapshot_clock.wall_ms / 1000:.0f} s, "
            f"CPU {snapshot_clock.cpu_ms / 1000:.0f} s)"
            if snapshot_clock
            else ""
        )
        + ".  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
        + (
            f"; seed took {seeded.wall_ms / 1000:.0f} s, CPU {seeded.cpu_ms / 1000:.0f} s"
            if seeded
            else ""
        )
        + f". CPU: {cpu_note}.\n",
        "| what | median wall | max wall | median CPU | target | size | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, median, worst, cpu, target, size in rows:
        met = "yes" if worst < target else ("CPU yes, wall no" if cpu < target else "no")
        lines.append(
            f"| {label} | {median:.2f} s | {worst:.2f} s | {cpu:.2f} s | < {target:.0f} s "
            f"| {size:,} B | {met} |"
        )
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    log(f"recorded in {RESULTS}")


if __name__ == "__main__":
    main()

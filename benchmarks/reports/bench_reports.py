#!/usr/bin/env python3
"""A year report for a wijk of the demo: the HTML page (< 2 s) and the PDF (< 10 s).

Seeds the demo (`seed_demo --seed 1 --scale large`, or --scale small) into its own database
(var/bench/reports.sqlite3 unless DATABASE_URL is set), then, through Django's test client
(in-process: server time, no network), asks for the demo's year report of Berflo Es:

- draft HTML as the worker: everything derived live (network curve, initiatives,
  conversations, signals, outputs) — the expensive path;
- issued HTML as policy: the frozen version (JSON) rendered;
- draft PDF as the worker: derived live, charts rendered to SVG (vl-convert), WeasyPrint;
- issued PDF as policy.

Each is asked --runs times after one warm-up; wall and CPU time (this process) reported.

    .venv/bin/python benchmarks/reports/bench_reports.py [--scale large|small] [--fresh] [--runs 5]
Results are appended to benchmarks/reports/RESULTS.md (--no-record to skip).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.reports.settings"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TARGETS = {"html": 2.0, "pdf": 10.0}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="large", choices=["small", "medium", "large"])
    parser.add_argument(
        "--fresh", action="store_true", help="seed again even if the database exists"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()

    import django

    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from opbouw.accounts.models import User
    from opbouw.demo.models import DemoDataset
    from opbouw.journal.models import JournalEntry
    from opbouw.reports.models import Report

    database = settings.DATABASES["default"]
    log(f"database: {database['ENGINE']} {database['NAME']}")
    call_command("migrate", verbosity=0)
    existing = DemoDataset.objects.order_by("-id").first()
    seed_seconds = None
    if args.fresh or existing is None or existing.scale != args.scale:
        log(f"seeding the {args.scale} demo (this takes a while)…")
        started = time.monotonic()
        call_command("seed_demo", seed=1, scale=args.scale, reset=True, verbosity=0)
        seed_seconds = time.monotonic() - started
        log(f"seeded in {seed_seconds:.0f} s")
    dataset = DemoDataset.objects.order_by("-id").first()
    assert dataset is not None
    report = Report.objects.filter(area__code="WK016405").order_by("-id").first()
    if report is None:
        sys.exit("no demo report for Berflo Es: is opbouw.reports.demo in the seed?")
    worker, policy = User.objects.get(username="werker"), User.objects.get(username="beleid")
    entries = JournalEntry.objects.filter(
        area__path__startswith=report.area.path,
        occurred_on__range=(report.period_start, report.period_end),
    ).count()
    log(f"report {report.pk}: {report.title}, {entries} journal entries in its wijk and year")

    def client_for(user: User) -> Client:
        from benchmarks.logins import logged_in_client

        client: Client = logged_in_client(user)
        return client

    cases = [
        (
            "html",
            "draft HTML (worker, derived live)",
            client_for(worker),
            report.get_absolute_url(),
        ),
        ("html", "issued HTML (policy, frozen)", client_for(policy), report.get_absolute_url()),
        (
            "pdf",
            "draft PDF (worker, derived live)",
            client_for(worker),
            f"/verantwoording/{report.pk}/pdf/",
        ),
        (
            "pdf",
            "issued PDF (policy, frozen)",
            client_for(policy),
            f"/verantwoording/{report.pk}/pdf/",
        ),
    ]
    rows = []
    for kind, label, client, url in cases:
        walls, cpus = [], []
        for run in range(args.runs + 1):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            assert response.status_code == 200, (url, response.status_code)
            if run:  # the first is the warm-up
                walls.append(wall)
                cpus.append(cpu)
        size = len(response.content)
        row = (
            label,
            statistics.median(walls),
            max(walls),
            statistics.median(cpus),
            TARGETS[kind],
            size,
        )
        rows.append(row)
        log(f"{label}: median {row[1]:.2f} s, max {row[2]:.2f} s, CPU {row[3]:.2f} s, {size} bytes")

    if args.no_record:
        return
    load = os.getloadavg()
    lines = [
        f"\n## {time.strftime('%Y-%m-%d %H:%M')} — {args.scale} demo, {database['ENGINE'].rsplit('.', 1)[-1]}\n",
        f"Command: `.venv/bin/python benchmarks/reports/bench_reports.py --scale {args.scale} --runs {args.runs}`  ",
        f"Demo: {dataset.people_count:,} people, {dataset.entry_count:,} entries; the report's wijk and year: {entries:,} entries.  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
        + (f"; seed took {seed_seconds:.0f} s" if seed_seconds else "")
        + ".\n",
        "| what | median wall | max wall | median CPU | target | size | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, median, worst, cpu, target, size in rows:
        lines.append(
            f"| {label} | {median:.2f} s | {worst:.2f} s | {cpu:.2f} s | < {target:.0f} s | {size:,} B | {'yes' if worst < target else 'no'} |"
        )
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    log(f"recorded in {RESULTS}")


if __name__ == "__main__":
    main()

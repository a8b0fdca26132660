#!/usr/bin/env python3
"""A report on an initiative of the large demo: what its draft derives (report_content: the
participants' network month by month, the linked journal entries' counts and signals, the
stages), for the initiative with the most members, over the last twelve months.

The participants' network is loaded for them alone (network.history.load_among), not from the
whole wijk (load_history): on the large demo's Berflo Es that was ~3.9 s CPU per draft, now
~0.1 s. Everything runs inside a transaction that is rolled back: the database is left as it
was (it is only read).

    .venv/bin/python benchmarks/reports/bench_initiative_report.py \\
        --sqlite var/bench/reports-large.sqlite3 [--runs 5]
    # PostgreSQL (a seeded large demo at DATABASE_URL):
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/reports/bench_initiative_report.py

Prints wall and CPU time (this process) per run and the median; not recorded in RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.reports.settings"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", type=Path, help="an SQLite database with the large demo")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite.resolve()}"

    import django

    django.setup()
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from opbouw.areas.models import Area, Membership
    from opbouw.initiatives.models import Initiative
    from opbouw.reports import selectors
    from opbouw.reports.models import Report

    initiative = (
        Initiative.objects.annotate(n=Count("members")).order_by("-n", "id").select_related("area")
    ).first()
    if initiative is None:
        sys.exit("no initiative in this database: seed the demo first")
    path = initiative.area.path
    ancestors = [path[:i] for i in range(1, len(path) + 1)]
    wijk = Area.objects.filter(level="wijk", path__in=ancestors).first() or initiative.area
    worker = (
        Membership.objects.filter(role="worker", area__path__in=ancestors)
        .select_related("user")
        .first()
    )
    if worker is None:
        sys.exit(f"no worker of {wijk.name}")
    today = timezone.localdate()
    start = today.replace(day=1) - dt.timedelta(days=335)
    print(f"{initiative.title} ({initiative.n} members) in {wijk.name}, {start} – {today}")
    walls, cpus = [], []
    with transaction.atomic():
        report = Report.objects.create(
            area=wijk, initiative=initiative, title="benchmark (rolled back)",
            period_start=start.replace(day=1), period_end=today, created_by=worker.user,
        )  # fmt: skip
        for run in range(args.runs + 1):
            wall, cpu = time.perf_counter(), time.process_time()
            content = selectors.report_content(worker.user, report)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            label = "warm-up" if run == 0 else f"run {run}"
            print(f"{label}: wall {wall:.3f} s, CPU {cpu:.3f} s")
            if run:
                walls.append(wall)
                cpus.append(cpu)
        last = content["network"][-1] if content["network"] else {}
        print(f"last month: {last}; activities {content['outputs']['activities']}")
        transaction.set_rollback(True)
    print(f"median: wall {statistics.median(walls):.3f} s, CPU {statistics.median(cpus):.3f} s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Network page benchmark: the busiest buurt of the large demo, in Chromium.

Needs a database with the large demo (`manage.py seed_demo --scale large`, 100,000 people and
a million journal entries); pass it as DATABASE_URL, or --sqlite PATH. The benchmark
- migrates it (adds the network tables when the demo is older) and finds the buurt with the
  most journal entries in the last year;
- stores that buurt's monthly snapshots (manage.py network_snapshots --area CODE) once, as
  the nightly job does, unless they are there (their computing time is reported, not part of
  the page);
- server: GET /netwerk/<buurt>/ and /netwerk/<buurt>/graaf.json with Django's test client
  (median of --runs);
- browser: Chromium (Playwright, /usr/bin/chromium) against a live server on the same
  database: navigation → the network drawn (data-network-ready), and a step of the time
  slider → the month redrawn. Target: usable under 2 s.

    .venv/bin/python benchmarks/network/bench_page.py --sqlite var/bench/network-large.sqlite3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
TARGET_MS = 2000.0
TIMELINE_JS = (
    "() => { const n = performance.getEntriesByType('navigation')[0];"
    " const r = {html_received: n.responseEnd, dom_content_loaded: n.domContentLoadedEventEnd};"
    " for (const m of performance.getEntriesByType('mark')) {"
    "   if (m.name.startsWith('opbouw-network:')) r[m.name.slice(15)] = m.startTime; }"
    " return r; }"
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "max_ms": round(ordered[-1], 1),
        "runs": len(ordered),
    }


def busiest_buurt() -> Any:
    import datetime as dt

    from django.db.models import Count
    from django.utils import timezone

    from opbouw.areas.models import Area, Level
    from opbouw.journal.models import JournalEntry

    since = timezone.localdate() - dt.timedelta(days=365)
    row = (
        JournalEntry.objects.filter(occurred_on__gte=since, area__level=Level.NEIGHBOURHOOD)
        .values("area_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if row is None:
        raise SystemExit("No journal in the last year: is this the large demo?")
    return Area.objects.get(pk=row["area_id"]), row["n"]


def logged_in(username: str) -> Any:
    """A test client logged in with both factors (as django_otp.login() marks the session)."""
    from benchmarks.logins import logged_in_client
    from opbouw.accounts.models import User

    return logged_in_client(User.objects.get(username=username))


def bench_server(code: str, username: str, runs: int) -> dict[str, Any]:
    client = logged_in(username)
    result: dict[str, Any] = {}
    for name, url in [("page", f"/netwerk/{code}/"), ("graph_json", f"/netwerk/{code}/graaf.json")]:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        result[name] = summary(times)
        if name == "graph_json":
            data = response.json()
            result["nodes_drawn"] = data["drawn"]
            result["nodes_total"] = data["total"]
            result["edges"] = len(data["elements"]["edges"])
    return result


def bench_browser(code: str, username: str, runs: int) -> dict[str, Any]:
    from django.conf import settings
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    server = LiveServerThread("127.0.0.1", lambda app: app, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    client = logged_in(username)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    loads: list[float] = []
    steps: list[float] = []
    timings: list[dict[str, float]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}]
            )
            for index in range(runs + 1):
                page = context.new_page()
                started = time.perf_counter()
                page.goto(f"{base}/netwerk/{code}/")
                page.wait_for_selector("[data-network-ready]", timeout=60_000)
                elapsed = (time.perf_counter() - started) * 1000
                timing = page.evaluate(TIMELINE_JS)
                before = page.get_attribute("[data-network]", "data-network-month")
                slider = page.locator("[data-network-slider]")
                slider.focus()
                started = time.perf_counter()
                page.keyboard.press("ArrowLeft")
                page.wait_for_function(
                    "(before) => document.querySelector('[data-network]')"
                    ".getAttribute('data-network-month') !== before",
                    arg=before,
                    timeout=60_000,
                )
                step = (time.perf_counter() - started) * 1000
                if index:  # the first run fills the browser's cache of static files
                    loads.append(elapsed)
                    steps.append(step)
                    timings.append(timing)
                page.close()
            browser.close()
    finally:
        server.terminate()
    return {
        "page_to_network_drawn": summary(loads),
        # Includes the slider's 200 ms debounce (it waits for the hand to rest).
        "slider_step_to_month_drawn": summary(steps),
        "under_target": bool(loads) and max(loads) < TARGET_MS,
        # One load (the median) from the page's own Performance timeline, ms from navigation.
        "timeline_ms": {
            key: round(value, 1)
            for key, value in (
                sorted(timings, key=lambda t: t["ready"])[len(timings) // 2] if timings else {}
            ).items()
        },  # fmt: skip
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sqlite", help="path of a SQLite database with the large demo")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--username", help="a user who sees the buurt (default: its area worker, werker-<code>)"
    )
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.sqlite).resolve()}"
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Give --sqlite PATH or DATABASE_URL (a database with the large demo).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.network.page_settings")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), *command], env=env, check=True
        )
    import django

    django.setup()
    from django.db import connection

    area, entries = busiest_buurt()
    log(f"busiest buurt: {area.code} {area.name}, {entries} journal entries in the last year")
    from django.db.models import Sum

    from opbouw.network.models import NetworkSnapshot

    stored = NetworkSnapshot.objects.filter(area=area)
    if not stored.exists():  # the nightly job's work, once: it takes minutes for a busy buurt
        subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "network_snapshots", "--area", area.code],
            env=env,
            check=True,
        )
    snapshot_seconds = stored.aggregate(total=Sum("seconds"))["total"] or 0.0
    results: dict[str, Any] = {
        # Wall times on a shared machine: the load says how shared it was.
        "load_average_before": [round(value, 1) for value in os.getloadavg()],
        "database": connection.vendor,
        "buurt": f"{area.code} {area.name}",
        "journal_entries_last_year": entries,
        "snapshots_seconds": round(snapshot_seconds, 1),
    }
    username = args.username or f"werker-{area.code.lower()}"
    results["server"] = bench_server(area.code, username, args.runs)
    if not args.no_browser:
        results["browser"] = bench_browser(area.code, username, args.runs)
    results["load_average_after"] = [round(value, 1) for value in os.getloadavg()]
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

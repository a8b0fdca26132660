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
  (median of --runs; wall and CPU time of this process, response size, queries);
  --profile FILE also writes a cProfile of one of each (top functions by cumulative time);
- browser: Chromium (Playwright, /usr/bin/chromium) against a live server on the same
  database: navigation → the network drawn (its first frame painted, data-network-ready; the
  page's own performance marks give the breakdown), the charts drawn after it, the renderer's
  main-thread busy time (DevTools TaskDuration) and Chromium's CPU time (all its processes,
  DevTools SystemInfo), and a step of the time slider → the month
  redrawn. Target: usable under 2 s.

    .venv/bin/python benchmarks/network/bench_page.py --sqlite var/bench/network-large.sqlite3
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
TARGET_MS = 2000.0
# The page's own timeline, ms from the start of navigation.
TIMELINE_JS = (
    "() => { const n = performance.getEntriesByType('navigation')[0];"
    " const r = {html_received: n.responseEnd, dom_content_loaded: n.domContentLoadedEventEnd,"
    " load_event: n.loadEventEnd};"
    " for (const p of performance.getEntriesByType('paint')) r[p.name] = p.startTime;"
    " for (const e of performance.getEntriesByType('resource')) {"
    "   if (/cytoscape|network[.][0-9a-f]*[.]js/.test(e.name))"
    "     r[(e.name.includes('cytoscape') ? 'cytoscape' : 'network') + '_js_loaded'] = e.responseEnd; }"
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


def busiest_theme(area: Any) -> str:
    """The theme of most of the buurt's journal entries in the last year (its slug)."""
    import datetime as dt

    from django.db.models import Count
    from django.utils import timezone

    from opbouw.core.models import Theme
    from opbouw.journal.models import JournalEntry

    since = timezone.localdate() - dt.timedelta(days=365)
    row = (
        JournalEntry.themes.through.objects.filter(
            journalentry__area=area, journalentry__occurred_on__gte=since
        )
        .values("theme_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    theme = Theme.objects.get(pk=row["theme_id"]) if row else Theme.objects.first()
    if theme is None:
        raise SystemExit("No themes in this database.")
    return str(theme.slug)


def bench_server(
    code: str, username: str, runs: int, profile: str | None, theme: str | None = None
) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from opbouw.network.models import NetworkThemeTies

    client = logged_in(username)
    result: dict[str, Any] = {}
    profiles = []
    contents: dict[str, bytes] = {}
    cases = [("page", f"/netwerk/{code}/"), ("graph_json", f"/netwerk/{code}/graaf.json")]
    if theme:
        # Filtered by a theme: from the month's stored ties of the theme (as the page does;
        # "cold": the cache emptied before each run, so they are measured and drawn; then
        # from the cache), and, for comparison in the same run, derived from the journal as
        # before (the stored rows hidden in a transaction that is rolled back: the page's
        # fallback path).
        themed = f"/netwerk/{code}/graaf.json?thema={theme}"
        cases += [
            ("graph_json_theme_cold", themed),
            ("graph_json_theme", themed),
            ("page_theme", f"/netwerk/{code}/?thema={theme}"),
            # The whole list of people without a tie, its second page (50 a page).
            ("isolated_list_theme", f"/netwerk/{code}/zonder-verbinding/?thema={theme}&page=2"),
            ("graph_json_theme_derived", themed),
        ]
        result["theme"] = theme
    for name, url in cases:
        times, cpu = [], []
        derived = name.endswith("_derived")
        for _ in range(runs):
            if name.endswith("_cold"):
                cache.clear()
            with transaction.atomic() if derived else contextlib.nullcontext():
                if derived:
                    NetworkThemeTies.objects.filter(snapshot__area__code=code).delete()
                started, started_cpu = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                if derived:
                    transaction.set_rollback(True)  # the stored rows are back
            assert response.status_code == 200, (url, response.status_code)
        result[name] = {
            **summary(times),
            "cpu_median_ms": round(statistics.median(cpu), 1),
            "bytes": len(response.content),
            "queries": len(queries),
        }
        if name == "graph_json":
            data = response.json()
            assert not data.get("pending"), "the month is not stored: run network_snapshots"
            result["nodes_drawn"] = data["drawn"]
            result["nodes_total"] = data["total"]
            # ("elements": the payload before November 2026, for a baseline run of old code)
            result["edges_drawn"] = len((data.get("graph") or data.get("elements"))["edges"])
            result["brokers_listed"] = len(data["brokers"])
            result["other_brokers_listed"] = len(data.get("other_brokers", []))
            result["isolated_listed"] = len(data["isolated"])
            # (all of them before the list was capped at selectors.ISOLATED_SHOWN)
            result["isolated_total"] = data.get("isolated_total", len(data["isolated"]))
        if name == "graph_json_theme":
            data = response.json()
            result["theme_isolated_listed"] = len(data["isolated"])
            result["theme_isolated_total"] = data.get("isolated_total", len(data["isolated"]))
        if name.startswith("graph_json_theme"):
            data = response.json()
            result[f"{name}_ties"] = data["summary"]["ties"]
            result[f"{name}_drawn"] = data["drawn"]
            contents[name] = response.content
        if name == "graph_json_theme_derived":
            # The same answer either way (the tests check it on fixtures; this on the demo).
            result["theme_stored_equals_derived"] = (
                contents["graph_json_theme_cold"] == contents[name]
            )
        if profile and name in ("page", "graph_json", "graph_json_theme_derived"):
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
            profiles.append(f"=== {name}: {url}\n{text.getvalue()}")
    if profile:
        Path(profile).write_text("\n".join(profiles))
        log(f"profiles written to {profile}")
    return result


def bench_browser(
    code: str,
    username: str,
    runs: int,
    screenshot: str | None = None,
    traced: int = 3,
    trace_file: str | None = None,
    settle_ms: float = 0.0,
) -> dict[str, Any]:
    from django.conf import settings
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    from benchmarks.assets.bench_map import TRACE_CATEGORIES, _median_trace, main_thread_cpu

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
    charts: list[float] = []
    busy: list[float] = []
    cpu: list[float] = []
    plain: list[float] = []
    plain_cpus: list[float] = []
    steps: list[float] = []
    timings: list[dict[str, float]] = []
    drawn_elements: dict[str, int] = {}
    traces: list[dict[str, Any]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}]
            )
            system = browser.new_browser_cdp_session()

            def settle(page: Any) -> None:
                """--settle: let a new tab finish starting up before the clock starts. Headless
                Chromium starts a renderer for the omnibox popup (chrome://omnibox-popup) with
                each new tab, ~0.6 s of CPU that otherwise competes with the page on 2 cores;
                a link followed in an open tab does not pay it."""
                if settle_ms:
                    page.wait_for_timeout(settle_ms)

            def chromium_cpu() -> float:
                """CPU seconds used so far by all of Chromium's processes (DevTools)."""
                info = system.send("SystemInfo.getProcessInfo")["processInfo"]
                return sum(process["cpuTime"] for process in info)

            for index in range(runs + 1):
                page = context.new_page()
                settle(page)
                devtools = context.new_cdp_session(page)
                devtools.send("Performance.enable")
                cpu_before = chromium_cpu()
                started = time.perf_counter()
                page.goto(f"{base}/netwerk/{code}/", wait_until="commit")
                page.wait_for_selector("[data-network-ready]", timeout=60_000)
                elapsed = (time.perf_counter() - started) * 1000
                cpu_used = (chromium_cpu() - cpu_before) * 1000
                metrics = {
                    m["name"]: m["value"]
                    for m in devtools.send("Performance.getMetrics")["metrics"]
                }
                # The charts' scripts load when the charts come near the screen: scroll there.
                page.locator("figure[data-vega-spec]").first.scroll_into_view_if_needed()
                page.wait_for_selector("figure[data-vega-spec] svg", timeout=60_000)
                charted = (time.perf_counter() - started) * 1000
                page.evaluate("window.scrollTo(0, 0)")
                timing = page.evaluate(TIMELINE_JS)
                drawn_elements = page.evaluate(
                    "() => { const cy = document.querySelector('[data-network]').cy;"
                    " return {nodes: cy.nodes().length, edges: cy.edges().length}; }"
                )
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
                if screenshot and index == runs:
                    page.wait_for_selector("[data-network]:not([aria-busy])")
                    page.screenshot(path=screenshot, full_page=True)
                page.close()
                # A reference in the same harness: the plain list of areas (/netwerk/), from a
                # new tab to its heading. What any page costs here, network or not.
                page = context.new_page()
                settle(page)
                cpu_before = chromium_cpu()
                plain_started = time.perf_counter()
                page.goto(f"{base}/netwerk/", wait_until="commit")
                page.wait_for_selector("h1")
                plain_ms = (time.perf_counter() - plain_started) * 1000
                plain_cpu = (chromium_cpu() - cpu_before) * 1000
                if index:  # the first run fills the browser's cache of static files
                    plain.append(plain_ms)
                    plain_cpus.append(plain_cpu)
                    loads.append(elapsed)
                    charts.append(charted)
                    busy.append(metrics.get("TaskDuration", 0.0) * 1000)
                    cpu.append(cpu_used)
                    steps.append(step)
                    timings.append(timing)
                page.close()
            # Traced loads (tracing costs time itself, so these are not in the figures above):
            # the renderer main thread's CPU time up to the network drawn, and on what.
            for index in range(traced):
                page = context.new_page()
                settle(page)
                browser.start_tracing(categories=TRACE_CATEGORIES)
                page.goto(f"{base}/netwerk/{code}/", wait_until="commit")
                page.wait_for_selector("[data-network-ready]", timeout=60_000)
                raw = browser.stop_tracing()
                if trace_file and index == traced - 1:
                    Path(trace_file).write_bytes(raw)
                traces.append(main_thread_cpu(json.loads(raw), "opbouw-network:drawn"))
                page.close()
            browser.close()
    finally:
        server.terminate()
    return {
        "page_to_network_drawn": summary(loads),
        # Navigation, the network drawn, then scrolled to the charts until they are drawn.
        "page_to_charts_drawn": summary(charts),
        # CPU time of all Chromium processes from navigation until the network was drawn: the
        # browser's work, whatever the load (the wall times above include waiting for a core).
        "chromium_cpu_until_drawn": summary(cpu),
        "reference_plain_page": summary(plain),
        "reference_plain_page_chromium_cpu": summary(plain_cpus),
        # The renderer's main thread, busy from navigation until the network was drawn: CPU
        # work (parsing, scripts, style, paint), not waiting for a core.
        "renderer_busy_until_drawn": summary(busy),
        # The same from a Chromium trace (thread time: hardly grows under load), median of the
        # traced loads, with the self time per trace event (what the thread spent it on).
        "renderer_main_thread_cpu_until_drawn": _median_trace([t for t in traces if t]),
        # Includes the slider's 200 ms debounce (it waits for the hand to rest).
        "slider_step_to_month_drawn": summary(steps),
        "under_target": bool(loads) and max(loads) < TARGET_MS,
        "drawn": drawn_elements,
        # One load (the median) from the page's own Performance timeline, ms from navigation.
        "timeline_ms": {
            key: round(value, 1)
            for key, value in (
                sorted(timings, key=lambda t: t.get("drawn", 0.0))[len(timings) // 2]
                if timings
                else {}
            ).items()
        },  # fmt: skip
    }


RESULTS_MD = Path(__file__).resolve().parent / "RESULTS.md"
PAGE_MARKER = "<!-- the network page: written by bench_page.py --record -->"


def render(results: dict[str, Any], baseline: dict[str, Any] | None, command: str) -> str:
    """The page's section of RESULTS.md: this run, and a baseline run beside it if given."""
    runs = [("this run", results)]
    if baseline:
        runs.append((f"{baseline.get('label', 'baseline')}, {baseline.get('when', '')}", baseline))

    def row(label: str, get: Any) -> str:
        cells = []
        for _name, data in runs:
            try:
                cells.append(str(get(data)))
            except (KeyError, TypeError):
                cells.append("–")
        return f"| {label} | " + " | ".join(cells) + " |"

    def ms(part: str, key: str) -> Any:
        return lambda d: f"{d[part][key]['median_ms']:.0f} ms (max {d[part][key]['max_ms']:.0f})"

    server, browser = results["server"], results.get("browser", {})
    verdict = "met" if browser.get("under_target") else "not met"
    loads = browser.get("page_to_network_drawn", {}).get("runs", 0)
    lines = [
        PAGE_MARKER,
        "",
        "### The network page (bench_page.py)",
        "",
        f"Recorded {results['when']}. Command: `{command}`. Large demo (100,000 people,"
        " 1,000,000 journal entries), SQLite; busiest buurt"
        f" {results['buurt']} ({results['journal_entries_last_year']:,} journal entries in the"
        f" last year, {server['nodes_total']:,} nodes in its network), served from its stored"
        f" monthly snapshot (the buurt's 28 snapshots took {results['snapshots_seconds']} s, the"
        " nightly job's work). Chromium and the server (a thread of the benchmark) share the"
        " machine, so wall times include waiting for a core; Chromium's CPU time does not.",
        "",
        "| | " + " | ".join(name for name, _d in runs) + " |",
        "|---|" + "---|" * len(runs),
        row("load average before / after", lambda d: f"{d['load_average_before']} / "
            f"{d['load_average_after']}"),
        row("nodes / ties drawn", lambda d: f"{d['server']['nodes_drawn']} / "
            f"{d['server']['edges_drawn']}"),
        row("**navigation → network drawn**", ms("browser", "page_to_network_drawn")),
        row("Chromium CPU time until drawn (all its processes)",
            ms("browser", "chromium_cpu_until_drawn")),
        row("reference: a plain page (/netwerk/), new tab → heading",
            ms("browser", "reference_plain_page")),
        row("reference: its Chromium CPU time", ms("browser", "reference_plain_page_chromium_cpu")),
        row("renderer main thread busy until drawn (wall)",
            ms("browser", "renderer_busy_until_drawn")),
        row("… then scrolled to the charts, drawn", ms("browser", "page_to_charts_drawn")),
        row("slider step → month drawn (incl. 200 ms debounce)",
            ms("browser", "slider_step_to_month_drawn")),
        row("server: page (test client)", lambda d: f"{d['server']['page']['median_ms']:.0f} ms,"
            f" CPU {d['server']['page']['cpu_median_ms']:.0f} ms,"
            f" {d['server']['page']['bytes'] // 1000} kB, {d['server']['page']['queries']} queries"),
        row("server: graaf.json", lambda d: f"{d['server']['graph_json']['median_ms']:.0f} ms,"
            f" CPU {d['server']['graph_json']['cpu_median_ms']:.0f} ms,"
            f" {d['server']['graph_json']['bytes'] // 1000} kB"),
        row("server: graaf.json filtered by a theme, from its stored ties",
            lambda d: f"{d['server']['graph_json_theme_cold']['median_ms']:.0f} ms,"
            f" CPU {d['server']['graph_json_theme_cold']['cpu_median_ms']:.0f} ms"
            f" ({d['server']['theme']}, {d['server']['graph_json_theme_ties']:,} ties)"),
        row("… asked again (from the cache)",
            lambda d: f"{d['server']['graph_json_theme']['median_ms']:.0f} ms,"
            f" CPU {d['server']['graph_json_theme']['cpu_median_ms']:.0f} ms"),
        row("… the same derived from the journal (the fallback; before December 2026)",
            lambda d: f"{d['server']['graph_json_theme_derived']['median_ms']:.0f} ms,"
            f" CPU {d['server']['graph_json_theme_derived']['cpu_median_ms']:.0f} ms"),
        row("server: page filtered by a theme",
            lambda d: f"{d['server']['page_theme']['median_ms']:.0f} ms,"
            f" CPU {d['server']['page_theme']['cpu_median_ms']:.0f} ms,"
            f" {d['server']['page_theme']['bytes'] // 1000} kB"),
        row("timeline (ms from navigation, median load)", lambda d: ", ".join(
            f"{key} {value:.0f}" for key, value in d["browser"]["timeline_ms"].items())),
        "",
        f"Target: the network usable (drawn) under 2 s: **{verdict}** in this run (slowest of"
        f" {loads} loads).",
        "",
        "How: the page reads the month's stored snapshot (positions computed on the server, a"
        " preset layout in the browser) and sends the graph compactly (rows of arrays, ties by"
        " node index, the lists as HTML rather than twice); it draws the 500 most strongly tied"
        " nodes (plus the brokers) and, when there are over 1,000 ties between them, each node's"
        " three strongest ties, and says so under the picture; Cytoscape gets numbers instead"
        " of mapData and opaque ties; data-network-ready is set when the first frame is painted;"
        " the charts' 1 MB of Vega loads when the charts come near the screen. A slider step"
        " fetches that month and changes only what changed; consecutive months are laid out"
        " from the month before, so the picture grows instead of being reshuffled. A month not"
        " stored yet is never derived in the request: it is queued (compute_network_month) and"
        " the nearest stored month is shown with a note that it is being computed.",
    ]  # fmt: skip
    return "\n".join(lines)


def record(results: dict[str, Any], baseline_path: str | None, command: str) -> None:
    baseline = json.loads(Path(baseline_path).read_text()) if baseline_path else None
    text = RESULTS_MD.read_text() if RESULTS_MD.exists() else ""
    head = text[: text.index(PAGE_MARKER)] if PAGE_MARKER in text else text.rstrip() + "\n\n"
    RESULTS_MD.write_text(head + render(results, baseline, command) + "\n")
    log(f"recorded in {RESULTS_MD}")


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
    parser.add_argument(
        "--theme",
        help="slug of the theme to filter by on the server (default: the theme of most of the"
        " buurt's journal entries in the last year; 'none' for no theme cases)",
    )
    parser.add_argument("--profile", help="write cProfile output of the two requests here")
    parser.add_argument("--screenshot", help="save the page (after a slider step) here (PNG)")
    parser.add_argument("--json", help="write the results here too")
    parser.add_argument(
        "--traced", type=int, default=3, help="traced loads for the main thread's CPU time"
    )
    parser.add_argument("--trace-file", help="write the last traced load's Chromium trace here")
    parser.add_argument(
        "--settle",
        type=float,
        default=0.0,
        metavar="MS",
        help="wait this long in each new tab before navigating (default 0: a cold new tab)",
    )
    parser.add_argument(
        "--record", action="store_true", help="write the page's section of RESULTS.md"
    )
    parser.add_argument(
        "--baseline", help="a results JSON of an earlier run to show beside this one (--record)"
    )
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

    from opbouw.network.models import NetworkSnapshot, NetworkThemeTies

    stored = NetworkSnapshot.objects.filter(area=area)
    # The nightly job's work, once: it takes minutes for a busy buurt. Again when the months
    # were stored before their ties per theme were (the theme filter reads those).
    if not stored.exists() or not NetworkThemeTies.objects.filter(snapshot__area=area).exists():
        subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "network_snapshots", "--area", area.code],
            env=env,
            check=True,
        )
    snapshot_seconds = stored.aggregate(total=Sum("seconds"))["total"] or 0.0
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        # Wall times on a shared machine: the load says how shared it was.
        "load_average_before": [round(value, 1) for value in os.getloadavg()],
        "database": connection.vendor,
        "buurt": f"{area.code} {area.name}",
        "journal_entries_last_year": entries,
        "snapshots_seconds": round(snapshot_seconds, 1),
        "settle_ms": args.settle,
    }
    username = args.username or f"werker-{area.code.lower()}"
    theme = None if args.theme == "none" else (args.theme or busiest_theme(area))
    results["server"] = bench_server(area.code, username, args.runs, args.profile, theme)
    if not args.no_browser:
        results["browser"] = bench_browser(
            area.code,
            username,
            args.runs,
            args.screenshot,
            args.traced,
            args.trace_file,
            args.settle,
        )
    results["load_average_after"] = [round(value, 1) for value in os.getloadavg()]
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    if args.record:
        command = " ".join(["benchmarks/network/bench_page.py", *sys.argv[1:]])
        record(results, args.baseline, f".venv/bin/python {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

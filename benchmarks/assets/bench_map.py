#!/usr/bin/env python3
"""Asset map benchmark: the map's data endpoint with 10,000 assets, and the page in Chromium.

The data: Hengelo's real CBS tree (62 buurten with their boundaries), 10,000 assets of every
stored kind at reproducible points inside the buurten, and 5,000 residents with talents (half
of them with the consents that put their talents on the map). A worker with a membership for
the whole gemeente asks for the whole gemeente: every asset in one response.

Measures, in-process with Django's test client (server time: middleware, session, permission
checks, queries, JSON; no network):
- endpoint: GET /buurtbeeld/kaart.json?gebied=GM0164, the compact data the page draws
  (target p95 < 300 ms), and the same data as the GeoJSON export, /buurtbeeld/kaart.geojson
  (what the page loaded until 2026-11-28 22:00 UTC): time, CPU time and bytes of each;
- the same FeatureCollection built two other ways, for comparison (same rows, same output):
  - "naive": what a DRF ModelSerializer-style loop does: model instances, `get_kind_display()`,
    `asset.area.name` per row (a query each, no select_related), themes per row;
  - "model dicts": `model_to_dict()` of each instance (with select_related), then
    `json.dumps` of the whole;
- with --browser: Chromium (Playwright, /usr/bin/chromium) against a live server on the same
  database: from navigation start to the map drawn, from the page's own Performance marks
  (`opbouw-map:drawn`: markers and clusters on the map and the list beside it filled, set after
  that frame has been painted), over --loads fresh tabs (return visits: the browser's cache
  holds the static files and revalidates the map data); --first-visits loads in a new browser
  profile each (nothing cached); and a search redraw
  (target: usable < 1 s). Then --traced more loads under a Chromium trace, return visits and
  first visits: the renderer main thread's CPU time up to the map drawn (thread time, which
  hardly grows with the machine's load as wall time does), its long tasks, and where the time
  went.

SQLite (the database goes to var/bench/assets.sqlite3, never the demo database):
    .venv/bin/python benchmarks/assets/bench_map.py --fresh --browser
PostgreSQL (a throwaway server; it is gone afterwards):
    .venv/bin/python scripts/throwaway_postgres.py -- .venv/bin/python benchmarks/assets/bench_map.py --fresh
"""  # noqa: E501

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SETTINGS = "benchmarks.assets.settings"
DATA = ROOT / "opbouw" / "demo" / "data"
TARGET_MS = 300.0
BROWSER_TARGET_MS = 1000.0
URL = "/buurtbeeld/kaart.json?gebied=GM0164"  # the page's data (compact)
EXPORT_URL = "/buurtbeeld/kaart.geojson?gebied=GM0164"  # the same as GeoJSON


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare(fresh: bool) -> None:
    if not os.environ.get("DATABASE_URL"):
        from benchmarks.assets.settings import BENCH_DIR

        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                (BENCH_DIR / f"assets.sqlite3{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": str(ROOT)}
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), *command], env=env, check=True
        )


def build(assets: int, people: int) -> dict[str, Any]:
    """Areas, a worker, `assets` assets and `people` residents with talents (bulk inserts)."""
    from django.db import transaction
    from django.utils import timezone

    from opbouw.accounts.models import User
    from opbouw.areas import geo
    from opbouw.areas.importers import import_areas
    from opbouw.areas.models import Area, Level, Membership
    from opbouw.assets.models import STORED_KINDS, Asset
    from opbouw.core.models import Tag
    from opbouw.people.models import Consent, Person

    started = time.perf_counter()
    if Asset.objects.count() >= assets:
        log("   (data present)")
        return {"seconds": 0.0, "reused": True}
    with transaction.atomic():
        for name in ("hengelo-wijken.geojson", "hengelo-buurten.geojson"):
            import_areas(json.loads((DATA / name).read_text()), with_figures=False)
        user, _ = User.objects.get_or_create(username="bench-worker")
        gemeente = Area.objects.get(code="GM0164")
        Membership.objects.get_or_create(user=user, area=gemeente, role="worker")
        buurten = list(Area.objects.filter(level=Level.NEIGHBOURHOOD, boundary__isnull=False))
        rng = random.Random(1)
        kinds = [kind.value for kind in STORED_KINDS]
        rows = []
        for index in range(assets):
            buurt = buurten[index % len(buurten)]
            lat, lon = geo.random_point(buurt.boundary, rng)  # type: ignore[misc]
            rows.append(
                Asset(
                    kind=kinds[index % len(kinds)],
                    name=f"{rng.choice(['Bakfiets', 'Moestuin', 'Taalcafé', 'Bakkerij', 'Partytent', 'Buurthuis'])} {index}",  # noqa: E501
                    area=buurt,
                    latitude=lat,
                    longitude=lon,
                    description="Krachtbron voor de benchmark.",
                )
            )
        Asset.objects.bulk_create(rows, batch_size=2000)
        tags = list(Tag.objects.all())
        persons = Person.objects.bulk_create(
            [Person(name=f"Bewoner {i}", area=buurten[i % len(buurten)]) for i in range(people)],
            batch_size=2000,
        )
        through = Person.gifts.through
        through.objects.bulk_create(
            [
                through(person_id=person.pk, tag_id=tag.pk)
                for person in persons
                for tag in rng.sample(tags, rng.randint(1, 3))
            ],
            batch_size=5000,
        )
        today = timezone.localdate()
        Consent.objects.bulk_create(
            [
                Consent(
                    person=person,
                    purpose=purpose,
                    basis="consent",
                    source="paper",
                    given_on=today,
                    notice_version="bench",
                )
                for person in persons[::2]
                for purpose in (Consent.Purpose.PROFILE, Consent.Purpose.MATCHING)
            ],
            batch_size=5000,
        )
    return {"seconds": round(time.perf_counter() - started, 1), "reused": False}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(times: list[float]) -> dict[str, float]:
    return {
        "runs": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
    }


def backend_cpu_ns() -> int:
    """CPU time of the PostgreSQL backend serving us, from /proc (0 for SQLite: in-process).

    On a shared machine wall time carries other people's load; CPU time (this process plus
    the database server's backend) does not, and is reported beside it.
    """
    from django.db import connection

    if connection.vendor != "postgresql" or connection.connection is None:
        return 0
    try:
        pid = connection.connection.info.backend_pid
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, AttributeError):
        return 0


def count_kinds(data: dict[str, Any]) -> dict[str, int]:
    """Points per kind, from either format (compact layers or GeoJSON features)."""
    if "layers" in data:
        return {layer["kind"]: len(layer["name"]) for layer in data["layers"]}
    kinds: dict[str, int] = {}
    for feature in data["features"]:
        kinds[feature["properties"]["kind"]] = kinds.get(feature["properties"]["kind"], 0) + 1
    return kinds


def bench_endpoint(runs: int, url: str = URL) -> dict[str, Any]:
    from django.db import connection

    from benchmarks.logins import logged_in_client
    from opbouw.accounts.models import User

    client = logged_in_client(User.objects.get(username="bench-worker"))
    for _ in range(3):
        client.get(url)  # warm: templates, query plans, the user's area cache is per request
    times, cpu = [], []
    for _ in range(runs):
        backend, process = backend_cpu_ns(), time.process_time()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - process) * 1000 + (backend_cpu_ns() - backend) / 1e6)
        assert response.status_code == 200
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    body = response.content
    kinds = count_kinds(json.loads(body))
    return {
        **summary(times),
        "url": url,
        "queries": counter.count,
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        "features": sum(kinds.values()),
        "by_kind": kinds,
        "bytes": len(body),
        "under_target": percentile(times, 0.95) < TARGET_MS,
    }


def _feature(pk: int, kind: str, name: str, lat: float, lon: float, area: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": pk,
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {"kind": kind, "name": name, "area": area},
    }


def naive() -> str:
    """A serializer-style loop over model instances: the usual first version of an endpoint."""
    from opbouw.assets.models import Asset

    features = []
    for asset in Asset.objects.all().order_by("id"):
        feature = _feature(
            asset.pk, asset.kind, asset.name, asset.latitude, asset.longitude, asset.area.name
        )
        feature["properties"]["kind_label"] = asset.get_kind_display()
        feature["properties"]["themes"] = [theme.slug for theme in asset.themes.all()]
        features.append(feature)
    return json.dumps({"type": "FeatureCollection", "features": features})


def model_dicts() -> str:
    """`model_to_dict` of each instance (select_related, no N+1), then one json.dumps."""
    from django.forms.models import model_to_dict

    from opbouw.assets.models import Asset

    features = []
    # Fair to this variant: the area's large boundary document is left out of the join.
    fields = ["id", "kind", "name", "latitude", "longitude", "area__name", "description",
              "contact", "schedule", "lendable", "group", "organisation", "place",
              "created_by"]  # fmt: skip
    for asset in Asset.objects.select_related("area").only(*fields).order_by("id"):
        row = model_to_dict(asset, exclude=["themes"])
        features.append(
            _feature(
                row["id"],
                row["kind"],
                row["name"],
                row["latitude"],
                row["longitude"],
                asset.area.name,
            )
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, default=str)


def selector_only() -> str:
    from opbouw.accounts.models import User
    from opbouw.assets import selectors
    from opbouw.assets.models import AssetKind

    user = User.objects.get(username="bench-worker")
    scope = selectors.map_scope(user, "GM0164")
    return selectors.map_features_json(user, scope=scope, kinds=[k.value for k in AssetKind])


def compact_only() -> str:
    from opbouw.accounts.models import User
    from opbouw.assets import selectors
    from opbouw.assets.models import AssetKind

    user = User.objects.get(username="bench-worker")
    scope = selectors.map_scope(user, "GM0164")
    return selectors.map_data_json(user, scope=scope, kinds=[k.value for k in AssetKind])


class QueryCounter:
    """A database execute wrapper that counts (DEBUG's query log stops at 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def bench_builders(runs: int) -> dict[str, Any]:
    from django.db import connection

    result = {}
    for name, builder in (("selector", selector_only), ("compact", compact_only),
                          ("model_dicts", model_dicts), ("naive", naive)):  # fmt: skip
        builder()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            builder()
            times.append((time.perf_counter() - started) * 1000)
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            builder()
        result[name] = {**summary(times), "queries": counter.count}
    return result


TRACE_CATEGORIES = ["toplevel", "devtools.timeline", "blink.user_timing", "v8", "v8.execute"]


def main_thread_cpu(trace: dict[str, Any], until_mark: str = "opbouw-map:drawn") -> dict[str, Any]:
    """The page's main-thread CPU time from a Chromium trace, up to a Performance mark.

    Thread time (`tdur`) counts only when the renderer's main thread ran, so unlike wall time it
    hardly grows when other processes compete for the CPU. Returns the total of the top-level
    tasks up to the mark (from the trace's start: the navigation is part of it), the long tasks
    (> 50 ms wall) among them, and the self time per event name (what the thread spent it on).
    """
    events = trace.get("traceEvents", trace) if isinstance(trace, dict) else trace
    marks = [
        e
        for e in events
        if e.get("name") == until_mark and e.get("cat", "").startswith("blink.user_timing")
    ]
    if not marks:
        return {}
    pid = marks[0]["pid"]
    names = {e["tid"]: e.get("args", {}).get("name") for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name" and e.get("pid") == pid}  # fmt: skip
    tid = next((t for t, n in names.items() if n == "CrRendererMain"), marks[0]["tid"])
    end = marks[0]["ts"]
    spans = sorted(
        (e for e in events
         if e.get("pid") == pid and e.get("tid") == tid and e.get("ph") == "X" and e["ts"] <= end
         and "dur" in e),
        key=lambda e: (e["ts"], -e["dur"]),
    )  # fmt: skip
    total = long_total = 0.0
    long_count = 0
    self_time: dict[str, float] = {}
    stack: list[list[Any]] = []  # [end_ts, name, tdur, children_tdur]

    def close(item: list[Any]) -> None:
        self_time[item[1]] = self_time.get(item[1], 0.0) + max(0.0, item[2] - item[3])
        if stack:
            stack[-1][3] += item[2]

    for event in spans:
        while stack and stack[-1][0] <= event["ts"]:
            close(stack.pop())
        cpu = event.get("tdur", event["dur"]) / 1000
        if not stack and event["name"] in ("ThreadControllerImpl::RunTask", "RunTask"):
            total += cpu
            if event["dur"] > 50_000:
                long_count += 1
                long_total += event["dur"] / 1000
        stack.append([event["ts"] + event["dur"], event["name"], cpu, 0.0])
    while stack:
        close(stack.pop())
    self_time.pop("ThreadControllerImpl::RunTask", None)
    self_time.pop("RunTask", None)
    top = sorted(self_time.items(), key=lambda item: -item[1])[:8]
    return {
        "cpu_ms": round(total, 1),
        "long_tasks": long_count,
        "long_tasks_ms": round(long_total, 1),
        "self_ms": {name: round(ms, 1) for name, ms in top},
    }


def bench_browser(
    runs: int, traced: int = 3, first_visits: int = 5, settle_ms: float = 0.0
) -> dict[str, Any]:
    """Chromium against a live server on this database: navigation → map drawn."""
    from django.conf import settings
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    from benchmarks.logins import logged_in_client
    from opbouw.accounts.models import User

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # WhiteNoise (in the middleware) serves the collected static files, as in production.
    server = LiveServerThread("127.0.0.1", lambda app: app, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    client = logged_in_client(User.objects.get(username="bench-worker"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    loads, drawn, searches, timings, traces, first = [], [], [], [], [], []
    first_traces: list[dict[str, Any]] = []
    timeline_js = (
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " const r = {html: n.responseEnd, dom_content_loaded: n.domContentLoadedEventEnd,"
        " load: n.loadEventEnd};"
        " for (const e of performance.getEntriesByType('resource')) {"
        "   if (e.name.includes('/buurtbeeld/kaart') || e.name.includes('grenzen')) {"
        "     const k = e.name.includes('grenzen') ? 'boundaries' : 'features';"
        "     r[k + '_start'] = e.startTime; r[k + '_end'] = e.responseEnd; } }"
        " for (const m of performance.getEntriesByType('mark')) {"
        "   if (m.name.startsWith('opbouw-map:')) r[m.name.slice(11)] = m.startTime; }"
        " return r; }"
    )
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
                # A new tab each time: tearing down the previous map is not this page's cost.
                page = context.new_page()
                if settle_ms:  # see --settle
                    page.wait_for_timeout(settle_ms)
                started = time.perf_counter()
                page.goto(f"{base}/buurtbeeld/?gebied=GM0164")
                page.wait_for_selector("[data-map-ready]", timeout=30_000)
                elapsed = (time.perf_counter() - started) * 1000
                timing = page.evaluate(timeline_js)
                if index:  # the first run fills the browser's cache of static files
                    loads.append(elapsed)
                    drawn.append(timing["drawn"])
                    timings.append(timing)
                count = int(page.get_attribute("[data-asset-map]", "data-feature-count") or 0)
                before = page.text_content("[data-map-count]")
                started = time.perf_counter()
                page.get_by_label("Zoeken op de kaart").fill("bakfiets 12")
                page.wait_for_function(
                    "(before) => document.querySelector('[data-map-count]').textContent !== before",
                    arg=before,
                )
                searches.append((time.perf_counter() - started) * 1000)
                page.close()
            # First visits: a new browser profile each time, so nothing is cached (no static
            # files, no map data to revalidate): what someone opening the map for the first
            # time waits for. The loads above are return visits (a new tab, the browser's cache).
            for _ in range(first_visits):
                fresh = browser.new_context(viewport={"width": 1280, "height": 900})
                fresh.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}]
                )
                page = fresh.new_page()
                if settle_ms:
                    page.wait_for_timeout(settle_ms)
                page.goto(f"{base}/buurtbeeld/?gebied=GM0164")
                page.wait_for_selector("[data-map-ready]", timeout=30_000)
                first.append(page.evaluate(timeline_js)["drawn"])
                fresh.close()
            # Traced loads (tracing costs time itself, so these are not in the figures above):
            # the main thread's CPU time up to the map drawn, independent of the machine's load.
            for _ in range(traced):
                page = context.new_page()
                browser.start_tracing(categories=TRACE_CATEGORIES)
                page.goto(f"{base}/buurtbeeld/?gebied=GM0164")
                page.wait_for_selector("[data-map-ready]", timeout=30_000)
                traces.append(main_thread_cpu(json.loads(browser.stop_tracing())))
                page.close()
            # And traced first visits: what an empty cache adds to the main thread's work.
            for _ in range(traced if first_visits else 0):
                fresh = browser.new_context(viewport={"width": 1280, "height": 900})
                fresh.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}]
                )
                page = fresh.new_page()
                browser.start_tracing(categories=TRACE_CATEGORIES)
                page.goto(f"{base}/buurtbeeld/?gebied=GM0164")
                page.wait_for_selector("[data-map-ready]", timeout=30_000)
                first_traces.append(main_thread_cpu(json.loads(browser.stop_tracing())))
                fresh.close()
            browser.close()
    finally:
        server.terminate()
    median = timings[len(timings) // 2] if timings else {}
    return {
        "features": count,
        # From the page's own Performance timeline: navigation start → the map drawn.
        "to_map_drawn": summary(drawn),
        # Wall clock around Playwright's goto + wait (adds the driver's round trips).
        "playwright_wall": summary(loads),
        "search_redraw": summary(searches),
        "timeline_of_one_load_ms": {key: round(value, 1) for key, value in median.items()},
        "under_target": percentile(drawn, 0.95) < BROWSER_TARGET_MS,
        "first_visit_drawn": summary(first) if first else {},
        "first_visit_under_target": bool(first) and percentile(first, 0.95) < BROWSER_TARGET_MS,
        "main_thread": _median_trace([t for t in traces if t]),
        "first_visit_main_thread": _median_trace([t for t in first_traces if t]),
    }


def _median_trace(traces: list[dict[str, Any]]) -> dict[str, Any]:
    """The traced load with the median main-thread CPU time, plus all totals."""
    if not traces:
        return {}
    ordered = sorted(traces, key=lambda t: t["cpu_ms"])
    return {**ordered[len(ordered) // 2], "all_cpu_ms": [t["cpu_ms"] for t in traces]}


def environment() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
    return {
        "database": version,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }


def markdown(result: dict[str, Any]) -> str:
    env, endpoint, builders = result["environment"], result["endpoint"], result["builders"]
    export = result.get("export") or {}
    selector = builders["selector"].get("p50_ms", 0)
    lines = [
        f"### {env['when']} · {env['database']}",
        "",
        f"`{result['command']}`  ",
        f"CPython {env['python']} on {env['machine']}, {env['cpus']} CPUs, load average "
        f"{env['loadavg_end']:.1f} at the end (the machine is shared).",
        "",
        f"Data: {endpoint['features']:,} features ({', '.join(f'{k} {v:,}' for k, v in sorted(endpoint['by_kind'].items()))}); "  # noqa: E501
        f"the page's data (`{endpoint.get('url', URL).split('?')[0]}`) "
        f"{endpoint['bytes'] / 1024:,.0f} KiB"
        + (f", the GeoJSON export {export['bytes'] / 1024:,.0f} KiB" if export else "")
        + f"; {endpoint['queries']} queries.",
        "",
        "| what | runs | p50 ms | p95 ms | max ms | queries | vs. selector (p50) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| **endpoint** (client → view → JSON) | {endpoint['runs']} | {endpoint['p50_ms']} | "
        f"**{endpoint['p95_ms']}** | {endpoint['max_ms']} | {endpoint['queries']} | |",
    ]
    if export:
        lines.append(
            f"| GeoJSON export (`kaart.geojson`) | {export['runs']} | {export['p50_ms']} | "
            f"{export['p95_ms']} | {export['max_ms']} | {export['queries']} | |"
        )

    for name, label in (("selector", "selector only (`map_features_json`)"),
                        ("compact", "compact selector (`map_data_json`)"),
                        ("model_dicts", "model dicts + `json.dumps`"),
                        ("naive", "naive serializer loop (N+1)")):  # fmt: skip
        row = builders.get(name)
        if not row:
            continue
        ratio = row["p50_ms"] / selector if selector else 0
        lines.append(
            f"| {label} | {row['runs']} | {row['p50_ms']} | {row['p95_ms']} | {row['max_ms']} | "
            f"{row['queries']:,} | {ratio:.1f}× |"
        )
    verdict = "met" if endpoint["under_target"] else "NOT met"
    lines += ["", f"Target p95 < {TARGET_MS:.0f} ms: **{verdict}**."]
    if "cpu_p50_ms" in endpoint:
        lines += [
            "",
            f"Endpoint CPU time (this process, plus the PostgreSQL backend serving it): "
            f"p50 {endpoint['cpu_p50_ms']} ms, p95 {endpoint['cpu_p95_ms']} ms"
            + (
                f"; the GeoJSON export p50 {export['cpu_p50_ms']} ms, p95 {export['cpu_p95_ms']} ms."
                if export
                else "."
            ),
        ]
    if result.get("browser"):
        browser = result["browser"]
        lines += [
            "",
            f"Chromium, {browser['features']:,} features: navigation start → map drawn (the "
            f"page's own Performance marks) p50 {browser['to_map_drawn']['p50_ms']} ms, p95 "
            f"**{browser['to_map_drawn']['p95_ms']}** ms over {browser['to_map_drawn']['runs']} "
            f"return visits in fresh tabs (target < {BROWSER_TARGET_MS:.0f} ms: "
            f"**{'met' if browser['under_target'] else 'NOT met'}**); Playwright wall clock p50 "
            f"{browser['playwright_wall']['p50_ms']} ms; a search redraw p50 "
            f"{browser['search_redraw']['p50_ms']} ms.",
        ]
        if browser.get("first_visit_drawn", {}).get("runs"):
            visit = browser["first_visit_drawn"]
            lines.append(
                f"First visits (a new browser profile each, nothing cached): map drawn p50 "
                f"{visit['p50_ms']} ms, p95 **{visit['p95_ms']}** ms over {visit['runs']} loads "
                f"(target < {BROWSER_TARGET_MS:.0f} ms: "
                f"**{'met' if browser['first_visit_under_target'] else 'NOT met'}**)."
            )
        lines += [
            "",
            "One load, ms after navigation start: "
            + ", ".join(f"{k} {v:.0f}" for k, v in browser["timeline_of_one_load_ms"].items()),
        ]
        thread = browser.get("main_thread") or {}
        if thread:
            lines += [
                "",
                f"Renderer main thread up to the map drawn (Chromium trace, thread CPU time, "
                f"{len(thread['all_cpu_ms'])} traced loads: {thread['all_cpu_ms']} ms): median "
                f"**{thread['cpu_ms']} ms** CPU; {thread['long_tasks']} long tasks (> 50 ms) "
                f"of {thread['long_tasks_ms']} ms wall. Self time: "
                + ", ".join(f"{k} {v:.0f}" for k, v in thread["self_ms"].items()),
            ]
        thread = browser.get("first_visit_main_thread") or {}
        if thread:
            lines += [
                "",
                f"First visits, the same ({len(thread['all_cpu_ms'])} traced loads: "
                f"{thread['all_cpu_ms']} ms): median **{thread['cpu_ms']} ms** CPU; "
                f"{thread['long_tasks']} long tasks of {thread['long_tasks_ms']} ms wall. "
                "Self time: " + ", ".join(f"{k} {v:.0f}" for k, v in thread["self_ms"].items()),
            ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--browser", action="store_true", help="also time the page in Chromium")
    parser.add_argument(
        "--skip-comparison", action="store_true", help="skip the slow naive/model-dict builders"
    )
    parser.add_argument(
        "--loads", type=int, default=10, help="page loads timed in Chromium (default 10)"
    )
    parser.add_argument(
        "--traced", type=int, default=3, help="extra loads traced for main-thread CPU (default 3)"
    )
    parser.add_argument(
        "--first-visits", type=int, default=5, help="loads with an empty browser cache (default 5)"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=0.0,
        metavar="MS",
        help=(
            "wait this long in each new tab before navigating (default 0). Chromium starts a "
            "renderer for the omnibox popup with every new tab (~0.6 s of CPU on these cores, "
            "see benchmarks/network/bench_page.py); someone following a link in an open tab "
            "does not pay it"
        ),
    )
    parser.add_argument("--out", type=Path, default=None, help="write the result as JSON")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    log("== migrate")
    prepare(args.fresh)
    import django

    django.setup()
    log(f"== data: {args.assets:,} assets, {args.people:,} residents with talents")
    result: dict[str, Any] = {"build": build(args.assets, args.people)}
    result["environment"] = environment()
    result["command"] = "python benchmarks/assets/bench_map.py " + " ".join(sys.argv[1:])
    log(f"== endpoint ({args.runs} requests)")
    result["endpoint"] = bench_endpoint(args.runs)
    log(f"== GeoJSON export ({args.runs} requests)")
    result["export"] = bench_endpoint(args.runs, EXPORT_URL)
    if args.skip_comparison:
        result["builders"] = {"selector": {}, "compact": {}, "model_dicts": {}, "naive": {}}
    else:
        log("== the same collection built three ways")
        result["builders"] = bench_builders(max(3, args.runs // 6))
    if args.browser:
        log("== Chromium")
        result["browser"] = bench_browser(args.loads, args.traced, args.first_visits, args.settle)
    result["environment"]["loadavg_end"] = os.getloadavg()[0]
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

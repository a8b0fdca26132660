#!/usr/bin/env python3
"""Journal benchmark on the large demo (100,000 people, 1,000,000 entries).

Measures, in-process with Django's test client (server time, no network):
- seed: `manage.py seed_demo --seed 1 --scale large` itself (target < 600 s);
- timeline: ~200 timeline pages as workers (and a coordinator) over different areas, pages and
  filters (target p95 < 150 ms);
- save: ~100 entries saved through journal.services.entry_create (target p95 < 50 ms);
- search: ~50 different words through the timeline's search (target p95 < 300 ms).

SQLite (the database goes to var/bench/journal.sqlite3, never the demo database):
    .venv/bin/python benchmarks/journal/bench_journal.py --fresh
PostgreSQL (a throwaway server; it is gone afterwards, so --fresh is implied):
    .venv/bin/python scripts/throwaway_postgres.py -- .venv/bin/python benchmarks/journal/bench_journal.py --fresh
Compare two result files:
    .venv/bin/python benchmarks/journal/bench_journal.py --compare var/bench/journal-sqlite.json var/bench/journal-postgresql.json
"""

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
SETTINGS = "benchmarks.journal.settings"
TARGETS = {"seed": 600.0, "timeline": 150.0, "save": 50.0, "search": 300.0}
WORDS = [
    "schimmel", "eenzaam", "voedselbank", "moestuin", "taalcafé", "energiecoach", "jongeren",
    "speeltuin", "Welbions", "huisarts", "wijkagent", "buurtmaaltijd", "mantelzorg", "schulden",
    "isolatieplannen", "geveltuintjes", "zonnepanelen", "DigiD", "huiswerkbegeleiding",
    "fietspad", "verlichting", "ingebroken", "portiek", "overlast", "koffieochtend",
    "wandelclub", "vrijwilligerswerk", "diploma", "Suikerfeest", "koffieceremonie",
    "schoolreisje", "toeslagen", "energierekening", "thermostaat", "boodschappen",
    "ziekenhuis", "vergunning", "straatbarbecue", "repareren", "bankjes", "zwerfafval",
    "containers", "Eritrea", "respijtzorg", "kledingbank", "heupoperatie", "opruimochtend",
    "schimmel badkamer", "voedselbank kinderen", "xylofoon",
]  # fmt: skip


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_manage(*args: str) -> float:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)  # noqa: S603
    return time.perf_counter() - started


def prepare(fresh: bool) -> None:
    """An empty (with --fresh) and migrated database."""
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        from benchmarks.journal.settings import BENCH_DIR

        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                (BENCH_DIR / f"journal.sqlite3{suffix}").unlink(missing_ok=True)
    run_manage("migrate", "--noinput", "-v0")


def seed(counts: dict[str, int]) -> dict[str, Any]:
    """seed_demo --scale large, in this process so its CPU time (and the database's) counts."""
    from django.core.management import call_command

    from opbouw.demo.models import DemoDataset

    existed = DemoDataset.objects.exists()
    with Clock() as clock:
        call_command("seed_demo", seed=1, scale="large", stdout=sys.stderr, **counts)
    if existed:  # nothing was built: report the recorded build time
        dataset = DemoDataset.objects.order_by("-id").first()
        return {"seconds": dataset.seconds if dataset else None, "reused": True}
    return {"seconds": round(clock.wall_ms / 1000, 1), "cpu_seconds": round(clock.cpu_ms / 1000, 1)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary(clocks: list[Any]) -> dict[str, float]:
    wall = [clock.wall_ms for clock in clocks]
    cpu = [clock.cpu_ms for clock in clocks]
    return {
        "n": len(wall),
        "p50_ms": round(statistics.median(wall), 1),
        "p95_ms": round(percentile(wall, 0.95), 1),
        "max_ms": round(max(wall), 1),
        "mean_ms": round(statistics.fmean(wall), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
    }


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def backend_cpu_ns() -> int:
    """CPU time of the PostgreSQL backend serving us, from /proc (0 for SQLite: in-process).

    The machine these figures come from is shared, so wall-clock times carry other people's
    load; CPU time (ours plus the database server's) does not, and is reported beside it.
    """
    from django.db import connection

    if connection.vendor != "postgresql" or connection.connection is None:
        return 0
    pid = connection.connection.info.backend_pid
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except OSError:
        return 0


class Clock:
    """Wall time and CPU time (this process + the database backend) of one operation."""

    def __enter__(self) -> Clock:
        self.backend_start = backend_cpu_ns()
        self.cpu_start = time.process_time()
        self.wall_start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall_ms = (time.perf_counter() - self.wall_start) * 1000
        cpu = time.process_time() - self.cpu_start
        backend = backend_cpu_ns()
        # A new connection during the operation: count only what we can see.
        backend_ms = (backend - self.backend_start) / 1e6 if backend >= self.backend_start else 0
        self.cpu_ms = cpu * 1000 + backend_ms


def timed_request(
    client: Any, method: str, url: str, data: dict[str, str] | None = None
) -> tuple[Clock, int, int]:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter), Clock() as clock:
        response = client.post(url, data or {}) if method == "POST" else client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{method} {url} gave {response.status_code}")
    return clock, counter.count, len(response.content)


def bench_users() -> dict[str, Any]:
    from opbouw.accounts.models import User

    usernames = [
        "werker", "werker2", "werker-wk016400", "werker-wk016403", "werker-wk016408",
        "werker-bu01640501", "werker-bu01640604", "werker-bu01640100", "coordinator",
    ]  # fmt: skip
    return {user.username: user for user in User.objects.filter(username__in=usernames)}


def timeline_urls(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(username, url) pairs: a mix of what workers open during a day."""
    from django.urls import reverse

    from opbouw.areas.models import Area
    from opbouw.core.taxonomy import THEMES
    from opbouw.journal.models import EntryKind
    from opbouw.journal.permissions import journal_area_ids
    from opbouw.people.models import Group, Person

    users = bench_users()
    scope = {name: sorted(journal_area_ids(user)) for name, user in users.items()}
    codes = dict(Area.objects.values_list("id", "code"))
    slugs = [slug for slug, _nl, _en in THEMES]
    today = __import__("datetime").date.today()
    pairs = []
    weights = {
        "home": 25, "page": 15, "area": 20, "kind": 8, "theme_filter": 8, "theme": 5,
        "dates": 5, "person": 8, "group": 6,
    }  # fmt: skip
    names = list(users)
    for _ in range(count):
        # The coordinator sees the whole gemeente (all million entries): now and then.
        username = "coordinator" if rng.random() < 0.1 else rng.choice(names[:-1])
        what = rng.choices(list(weights), list(weights.values()))[0]
        area_ids = scope[username]
        url = reverse("journal:timeline")
        if what == "page":
            url += f"?page={rng.randint(2, 20)}"
        elif what == "area":
            code = codes[rng.choice(area_ids)]
            url = reverse("journal:area", kwargs={"code": code})
            if rng.random() < 0.4:
                url += f"?page={rng.randint(2, 5)}"
        elif what == "kind":
            url += f"?soort={rng.choice(EntryKind.values)}"
        elif what == "theme_filter":
            url += f"?thema={rng.choice(slugs)}"
        elif what == "theme":
            url = reverse("journal:theme", kwargs={"slug": rng.choice(slugs)})
        elif what == "dates":
            start = today - __import__("datetime").timedelta(days=rng.randint(30, 700))
            end = start + __import__("datetime").timedelta(days=30)
            url += f"?van={start.isoformat()}&tot={end.isoformat()}"
        elif what == "person":
            person = Person.objects.filter(area_id=rng.choice(area_ids)).order_by("?").first()
            if person is None:
                continue
            url = reverse("journal:person", kwargs={"pk": person.pk})
        elif what == "group":
            group = Group.objects.filter(area_id__in=area_ids).order_by("?").first()
            if group is None:
                continue
            url = reverse("journal:group", kwargs={"pk": group.pk})
        pairs.append((username, url))
    return pairs


def bench_timeline(requests: int) -> dict[str, Any]:
    from benchmarks.logins import logged_in_client

    rng = random.Random(1)
    users = bench_users()
    clients = {}
    for name, user in users.items():
        clients[name] = logged_in_client(user)
    pairs = timeline_urls(rng, requests + 10)
    for username, url in pairs[:10]:  # warm-up: templates, connections, caches
        timed_request(clients[username], "GET", url)
    clocks, queries, rows = [], [], []
    for username, url in pairs[10:]:
        clock, count, _size = timed_request(clients[username], "GET", url)
        clocks.append(clock)
        queries.append(count)
        rows.append((clock.wall_ms, clock.cpu_ms, username, url))
    slowest = sorted(rows, reverse=True)[:8]
    return {
        **summary(clocks),
        "queries_max": max(queries),
        "queries_min": min(queries),
        "slowest": [
            {"ms": round(ms, 1), "cpu_ms": round(cpu, 1), "user": u, "url": url}
            for ms, cpu, u, url in slowest
        ],
    }


NOTES = [
    "Bij het wijkcentrum gesproken met {a} en {b}. Het einde van de maand is krap; de "
    "energierekening en de huur slokken alles op. Afgesproken om samen naar de voedselbank te "
    "kijken. Volgende week opnieuw langs.",
    "Huisbezoek bij {a}. Sinds de verhuizing kent {a} bijna niemand in de straat. Ik breng {a} "
    "in contact met de wandelclub. De sfeer was goed.",
    "Bijeenkomst van de moestuin, {b} had de eerste courgettes meegenomen. Plannen voor "
    "geveltuintjes in de straat; {a} wil trekker zijn. Flyer maken voor de volgende keer.",
]


def bench_save(saves: int) -> dict[str, Any]:
    import datetime as dt

    from django.db import connection

    from opbouw.areas.models import Area
    from opbouw.core.models import Theme
    from opbouw.journal import services
    from opbouw.journal.models import JournalEntry
    from opbouw.journal.search import index_entries
    from opbouw.people.models import Group, Person

    rng = random.Random(2)
    users = bench_users()
    authors = [users[name] for name in ("werker", "werker-bu01640501", "werker-wk016403")]
    themes = list(Theme.objects.all())
    prepared = []
    from opbouw.journal.permissions import journal_area_ids

    for index in range(saves + 5):
        author = authors[index % len(authors)]
        area_ids = sorted(journal_area_ids(author))
        area = Area.objects.get(pk=rng.choice(area_ids))
        people = list(Person.objects.filter(area=area).order_by("?")[: rng.randint(1, 3)])
        groups = list(Group.objects.filter(area=area)[:1]) if rng.random() < 0.3 else []
        names = [p.name.split()[0] for p in people] + ["Kees", "Fatima"]
        prepared.append(
            {
                "author": author,
                "kind": rng.choice(["contact", "home_visit", "meeting"]),
                "occurred_on": dt.date.today() - dt.timedelta(days=rng.randint(0, 3)),
                "area": area,
                "note": rng.choice(NOTES).format(a=names[0], b=names[1]),
                "duration_minutes": 30,
                "people": people,
                "groups": groups,
                "themes": rng.sample(themes, rng.randint(1, 2)),
                "follow_ups": [services.FollowUpInput("Terugbellen", dt.date.today())]
                if rng.random() < 0.2
                else [],
            }
        )
    created: list[int] = []
    clocks = []
    for index, kwargs in enumerate(prepared):
        with Clock() as clock:
            entry = services.entry_create(**kwargs)
        created.append(entry.pk)
        if index >= 5:  # the first few warm up
            clocks.append(clock)
    # Leave the benchmark database as it was, the search index included.
    JournalEntry.objects.filter(pk__in=created).delete()
    index_entries(created)
    connection.close()
    return summary(clocks)


def bench_search(words: list[str]) -> dict[str, Any]:
    from django.urls import reverse

    from benchmarks.logins import logged_in_client

    users = bench_users()
    rng = random.Random(3)
    names = ["werker", "werker-wk016403", "werker-bu01640604", "coordinator"]
    clients = {}
    for name in names:
        clients[name] = logged_in_client(users[name])
    url = reverse("journal:timeline")
    timed_request(clients["werker"], "POST", url, {"q": "buurt"})  # warm-up
    clocks, rows = [], []
    for word in words:
        username = rng.choice(names)
        clock, _count, _size = timed_request(clients[username], "POST", url, {"q": word})
        clocks.append(clock)
        rows.append((clock.wall_ms, clock.cpu_ms, username, word))
    slowest = sorted(rows, reverse=True)[:8]
    return {
        **summary(clocks),
        "slowest": [
            {"ms": round(ms, 1), "cpu_ms": round(cpu, 1), "user": u, "q": w}
            for ms, cpu, u, w in slowest
        ],
    }


def environment() -> dict[str, Any]:
    from django.db import connection

    from opbouw.demo.models import DemoDataset
    from opbouw.journal.models import JournalEntry

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    dataset = DemoDataset.objects.order_by("-id").first()
    return {
        "vendor": connection.vendor,
        "version": version,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
        "entries": JournalEntry.objects.count(),
        "seed_seconds_recorded": dataset.seconds if dataset else None,
    }


def markdown(results: list[dict[str, Any]]) -> str:
    lines = []
    header = "| measure | target | " + " | ".join(r["environment"]["vendor"] for r in results)
    if len(results) == 2:
        header += " | ratio (2nd / 1st)"
    lines.append(header + " |")
    lines.append("|" + "---|" * (header.count("|") - 1 + 1))
    rows = [
        ("seed_demo large (s)", "seed", lambda r: r["seed"]["seconds"]),
        ("seed_demo large, CPU (s)", None, lambda r: r["seed"]["cpu_seconds"]),
        ("timeline CPU p95 (ms)", None, lambda r: r["timeline"]["cpu_p95_ms"]),
        ("save CPU p95 (ms)", None, lambda r: r["save"]["cpu_p95_ms"]),
        ("search CPU p95 (ms)", None, lambda r: r["search"]["cpu_p95_ms"]),
        ("timeline p50 (ms)", None, lambda r: r["timeline"]["p50_ms"]),
        ("timeline p95 (ms)", "timeline", lambda r: r["timeline"]["p95_ms"]),
        ("timeline max (ms)", None, lambda r: r["timeline"]["max_ms"]),
        ("save p50 (ms)", None, lambda r: r["save"]["p50_ms"]),
        ("save p95 (ms)", "save", lambda r: r["save"]["p95_ms"]),
        ("search p50 (ms)", None, lambda r: r["search"]["p50_ms"]),
        ("search p95 (ms)", "search", lambda r: r["search"]["p95_ms"]),
        ("search max (ms)", None, lambda r: r["search"]["max_ms"]),
    ]
    for label, target, get in rows:
        values = []
        for result in results:
            try:
                values.append(get(result))
            except (KeyError, TypeError):
                values.append(None)
        target_text = f"< {TARGETS[target]:g}" if target else ""
        cells = ["–" if v is None else f"{v:g}" for v in values]
        line = f"| {label} | {target_text} | " + " | ".join(cells)
        if len(values) == 2:
            ratio = f"{values[1] / values[0]:.2f}" if values[0] and values[1] else "–"
            line += f" | {ratio}"
        lines.append(line + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--compare", nargs=2, type=Path, metavar="JSON")
    # Smaller demo for a smoke test of this script; the recorded results use the full scale.
    parser.add_argument("--people", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--entries", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compare:
        results = [json.loads(path.read_text()) for path in args.compare]
        print(markdown(results))
        return 0

    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    loadavg_start = os.getloadavg()
    if not args.skip_seed:
        log("== migrate")
        prepare(args.fresh)

    import django

    django.setup()
    seeded: dict[str, Any] = {"seconds": None}
    if not args.skip_seed:
        log("== seed_demo --scale large")
        counts = {key: value for key in ("people", "entries") if (value := getattr(args, key))}
        seeded = seed(counts)
    result: dict[str, Any] = {"environment": environment(), "seed": seeded}
    result["environment"]["loadavg_start"] = loadavg_start
    log(f"== timeline ({args.requests} requests)")
    result["timeline"] = bench_timeline(args.requests)
    log(f"== save ({args.saves} entries through the service)")
    result["save"] = bench_save(args.saves)
    log(f"== search ({len(WORDS)} words)")
    result["search"] = bench_search(WORDS)
    result["environment"]["loadavg_end"] = os.getloadavg()
    out = args.out or ROOT / "var" / "bench" / f"journal-{result['environment']['vendor']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps(result, indent=2, default=str))
    print(markdown([result]))
    log(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

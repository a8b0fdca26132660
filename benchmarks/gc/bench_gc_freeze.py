"""Garbage-collection pauses in a web worker with deduce loaded, with and without gc.freeze().

Issue 11, item 14: the de-identifier's lookup structures are ~4.6 M long-lived Python objects;
every full (generation 2) collection walks them all while every thread of the worker waits.
opbouw.analysis.disclosure.text freezes them (gc.freeze) right after loading. This measures,
in one process each, the same load of deduce and then:

- `gc.collect()` (a full collection) three times: the pause a full collection costs;
- an allocation workload like a busy worker's (containers created, some kept a while, then
  let go), timing every automatic collection through gc.callbacks: the longest pause and the
  total time spent in generation-2 collections.

Usage:  .venv/bin/python benchmarks/gc/bench_gc_freeze.py [--rounds 120]
Writes benchmarks/gc/RESULTS.md (the figures and the command).
"""

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KEPT_ROUNDS = 10  # what lives a while (sessions, caches, querysets): 10 rounds' objects
PER_ROUND = 50_000


class Item:
    """A small tracked object with a tracked container, like a model instance."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.tags = [number]


def _measure(frozen: bool, rounds: int) -> dict[str, float]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from opbouw.analysis.disclosure import text
    from opbouw.reports.deidentify import configure

    configure()
    started = time.perf_counter()
    loaded = text._load()  # noqa: SLF001 - without the freeze that _deidentifier() applies
    load_seconds = time.perf_counter() - started
    gc.collect()
    if frozen:
        gc.freeze()
    tracked = len(gc.get_objects())

    full = []
    for _ in range(3):
        started = time.perf_counter()
        gc.collect()
        full.append(time.perf_counter() - started)

    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    began: list[float] = []

    def timer(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began.append(time.perf_counter())
        elif began:
            pauses[info["generation"]].append(time.perf_counter() - began.pop())

    gc.callbacks.append(timer)
    kept: list[list[Item]] = []
    started = time.perf_counter()
    for round_number in range(rounds):  # a busy worker: objects made, kept a while, let go
        kept.append([Item(round_number * PER_ROUND + i) for i in range(PER_ROUND)])
        if len(kept) > KEPT_ROUNDS:
            kept.pop(0)
    workload_seconds = time.perf_counter() - started
    gc.callbacks.remove(timer)
    assert loaded is not None
    return {
        "frozen": frozen,
        "load_seconds": load_seconds,
        "tracked_objects": tracked,
        "frozen_objects": gc.get_freeze_count(),
        "full_collect_median_s": statistics.median(full),
        "full_collect_max_s": max(full),
        "gen2_collections": len(pauses[2]),
        "gen2_pause_max_s": max(pauses[2], default=0.0),
        "gen2_pause_total_s": sum(pauses[2]),
        "any_pause_max_s": max((p for g in pauses.values() for p in g), default=0.0),
        "workload_seconds": workload_seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=120)
    parser.add_argument("--child", choices=["frozen", "unfrozen"])
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(args.child == "frozen", args.rounds)))
        return 0
    results = []
    for mode in ("unfrozen", "frozen"):  # each in a fresh process
        out = subprocess.run(  # noqa: S603 - this script
            [sys.executable, __file__, "--child", mode, "--rounds", str(args.rounds)],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(mode, results[-1], file=sys.stderr)
    load = os.getloadavg()[0]
    rows = [
        ("objects the collector tracks after loading", "tracked_objects", "{:,.0f}"),
        ("objects frozen (skipped by every collection)", "frozen_objects", "{:,.0f}"),
        ("full collection `gc.collect()`, median of 3 (s)", "full_collect_median_s", "{:.3f}"),
        ("full collection, longest of 3 (s)", "full_collect_max_s", "{:.3f}"),
        ("automatic generation-2 collections in the workload", "gen2_collections", "{:.0f}"),
        ("longest generation-2 pause in the workload (s)", "gen2_pause_max_s", "{:.3f}"),
        ("all generation-2 pauses together (s)", "gen2_pause_total_s", "{:.3f}"),
        ("longest pause of any collection (s)", "any_pause_max_s", "{:.3f}"),
        ("the workload itself, wall (s)", "workload_seconds", "{:.2f}"),
        ("loading deduce (s)", "load_seconds", "{:.1f}"),
    ]
    lines = [
        "# Garbage collection with deduce loaded: without and with gc.freeze()",
        "",
        f"Command: `.venv/bin/python benchmarks/gc/bench_gc_freeze.py --rounds {args.rounds}`",
        f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python "
        f"{platform.python_version()}, load average {load:.1f} (2 shared cores).",
        "",
        "| | without freeze | with freeze (opbouw) |",
        "|---|---:|---:|",
    ]
    for label, key, fmt in rows:
        lines.append(f"| {label} | {fmt.format(results[0][key])} | {fmt.format(results[1][key])} |")
    lines += [
        "",
        "Workload: "
        f"{args.rounds} rounds of {PER_ROUND:,} small objects (an instance and its list), the",
        f"last {KEPT_ROUNDS} rounds kept (what lives a while in a busy worker: sessions, caches),",
        "every automatic collection timed with gc.callbacks. Every thread of a worker waits",
        "for the whole of a pause. The same workload in both columns: what differs is whether",
        "each full collection also walks deduce's 4.6 M objects.",
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The Pol.is open-data export (opbouw.dialogue.export.polis_export) at full size.

Times the export of the largest conversation in the benchmark database (the one
bench_vote.py loads: 100,000 participants x 2,000 statements x 5,000,000 votes, plus as many
vote events), reports the ZIP's size, the CSV sizes inside it and the process's peak memory,
and with --verify reads the ZIP back with opbouw.analysis.opinion.read_polis_export and checks
that the statements and the latest vote per participant and statement survive the round trip.
In the application this same function runs in the task worker (opbouw/dialogue/exports.py:
a conversation of more than 20,000 vote events is exported in the background), so the CPU
time here is what the worker spends; results in RESULTS.md.

SQLite (the database bench_vote.py left in var/bench/dialogue.sqlite3):
    .venv/bin/python benchmarks/dialogue/bench_export.py [--verify]
PostgreSQL: run bench_vote.py and this script against the same throwaway server, e.g.
    .venv/bin/python scripts/throwaway_postgres.py -- sh -c \
      '.venv/bin/python benchmarks/dialogue/bench_vote.py --casts 1000 && \
       .venv/bin/python benchmarks/dialogue/bench_export.py --verify'
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.dialogue.settings")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verify", action="store_true", help="read the ZIP back and compare")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from opbouw.dialogue.export import polis_export
    from opbouw.dialogue.models import Conversation, Vote

    conversation = (
        Conversation.objects.annotate(n=Count("participants")).order_by("-n", "-id").first()
    )
    if conversation is None:
        print("No conversation in the database: run benchmarks/dialogue/bench_vote.py first.")
        return 1
    votes = Vote.objects.filter(conversation=conversation).count()
    print(
        f"{connection.vendor}: conversation {conversation.pk}, {conversation.n} participants, "
        f"{conversation.statements.count()} statements, {votes} votes"
    )
    before = peak_mb()
    cpu = time.process_time()
    started = time.perf_counter()
    archive = polis_export(conversation, url="https://example.org/doe-mee/x/")
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "export.zip"
        with target.open("wb") as out:
            while chunk := archive.read(1 << 20):
                out.write(chunk)
        archive.close()
        with zipfile.ZipFile(target) as zipped:
            members = {info.filename: info.file_size for info in zipped.infolist()}
            print(
                f"export: {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU (this process; the "
                f"database's own time on PostgreSQL comes on top); ZIP "
                f"{target.stat().st_size / 1e6:.0f} MB; peak RSS {peak_mb():.0f} MB "
                f"(before: {before:.0f} MB)"
            )
            for name, size in members.items():
                print(f"  {name}: {size / 1e6:.1f} MB")
            if args.verify:
                zipped.extractall(folder)
        if args.verify:
            from opbouw.analysis.opinion import read_polis_export

            started = time.perf_counter()
            back = read_polis_export(folder)
            read_seconds = time.perf_counter() - started
            ok = back.votes.nnz == votes and len(back.statements) == (
                conversation.statements.count()
            )
            print(
                f"read back: {read_seconds:.1f} s; {back.votes.nnz} votes, "
                f"{len(back.statements)} statements: {'OK' if ok else 'MISMATCH'}"
            )
            if not ok:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark in turn (`make bench`). Each writes its own results file.

The PostgreSQL halves of the journal and report benchmarks run inside throwaway clusters.
Expect well over an hour on 2 cores: the large demo is seeded several times and red-dwarf's
synthetic run alone takes 20-26 minutes (`--quick` skips it and the PostgreSQL runs).
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    commands = [
        [
            PY,
            "benchmarks/opinion/bench_opinion.py",
            *(["--skip-reddwarf-synthetic"] if quick else []),
        ],
        [PY, "benchmarks/journal/bench_journal.py", "--fresh"],
        [PY, "benchmarks/dialogue/bench_vote.py"],
        [PY, "benchmarks/assets/bench_map.py"],
        [PY, "benchmarks/network/bench_network.py", *(["--repeats", "1"] if quick else [])],
        [PY, "benchmarks/reports/bench_reports.py", "--scale", "small" if quick else "large"],
    ]
    if not quick:
        commands.append(
            [
                PY,
                "scripts/throwaway_postgres.py",
                "--",
                PY,
                "benchmarks/journal/bench_journal.py",
                "--fresh",
            ]
        )
        commands.append(
            [
                PY,
                "scripts/throwaway_postgres.py",
                "--",
                PY,
                "benchmarks/reports/bench_reports.py",
                "--scale",
                "large",
            ]
        )
    for command in commands:
        print("$", " ".join(command), flush=True)
        result = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603
        if result.returncode != 0:
            return result.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

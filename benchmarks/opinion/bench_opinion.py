"""Benchmark opbouw's opinion analysis against red-dwarf 0.4.0, in one run.

    .venv/bin/python benchmarks/opinion/bench_opinion.py [--repeats 7] [--skip-reddwarf-synthetic]

1. Every real Pol.is conversation in ../shared/data/polis: cold analysis time of ours and of
   red-dwarf (fastest of --repeats interleaved runs after a warm-up), and the adjusted Rand index
   (ARI) of each against the groups Pol.is published, over participants both clustered.
2. A synthetic conversation of 100,000 participants x 2,000 statements x 5,000,000 votes with
   planted opinion groups: cold time, peak memory (max RSS of a fresh process that loads the
   matrix and analyses it), an update after 100 new votes, and how many participants changed
   group. Red-dwarf is tried on it in a separate process under a memory cap and a time limit,
   and on a 10x smaller version of the same conversation for a ratio at scale.

Results go to benchmarks/opinion/RESULTS.md. Heavy work runs in child processes (this same
script with --child) so that peak memory is measured per task.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from synthetic import synthetic_conversation  # noqa: E402

from opbouw.analysis.opinion import Statement, VoteMatrix, analyse, read_polis_export  # noqa: E402

POLIS_DATA = REPO / ".." / "shared" / "data" / "polis"
RESULTS = HERE / "RESULTS.md"
COMMAND = ".venv/bin/python benchmarks/opinion/bench_opinion.py"
BIG = (100_000, 2_000, 5_000_000)
SCALED = (10_000, 2_000, 500_000)
SEEDS_FOR_SPREAD = range(5)
REDDWARF_MEMORY_CAP = 14 * 2**30
REDDWARF_TIMEOUT = 1800
REDDWARF_REPEATS = 3
# CPU seconds of the last timed call, next to wall-clock time: on a shared machine wall time
# includes waiting for a core; CPU time does not (it sums threads, e.g. multithreaded BLAS).
LAST_CPU: dict[str, float] = {}


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- red-dwarf -----------------------------------------------------------------------------


def reddwarf_votes(votes: VoteMatrix) -> list[dict[str, int]]:
    """red-dwarf's input: one dict per (latest) vote. Building it is not timed."""
    rows = votes.row_of_each_vote()
    return [
        {"participant_id": int(p), "statement_id": int(s), "vote": int(v), "modified": 0}
        for p, s, v in zip(
            votes.participant_ids[rows].tolist(),
            votes.statement_ids[votes.codes.indices].tolist(),
            votes.vote_values().tolist(),
            strict=True,
        )
    ]


def run_reddwarf(
    votes_list: list[dict[str, int]], moderated: list[int], participant_ids: np.ndarray
) -> tuple[float, np.ndarray]:
    import pandas as pd
    from reddwarf.implementations.polis import run_pipeline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        cpu_started = time.process_time()
        result = run_pipeline(votes=votes_list, mod_out_statement_ids=moderated, random_state=0)
        seconds = time.perf_counter() - started
        LAST_CPU["reddwarf"] = time.process_time() - cpu_started
    labels = np.full(participant_ids.size, -1)
    position = {int(p): i for i, p in enumerate(participant_ids.tolist())}
    for participant, label in result.participants_df["cluster_id"].items():
        if not pd.isna(label):
            labels[position[int(participant)]] = int(label)
    return seconds, labels


def ari(reference: np.ndarray, labels: np.ndarray) -> tuple[float, int]:
    both = (reference >= 0) & (labels >= 0)
    return float(adjusted_rand_score(reference[both], labels[both])), int(both.sum())


# --- real conversations ----------------------------------------------------------------------


def bench_dataset(folder: Path, repeats: int) -> dict[str, Any]:
    export = read_polis_export(folder)
    statements = export.analysis_statements()
    votes = export.votes
    published = export.published_groups
    assert published is not None

    def ours(seed: int = 0) -> Any:
        return analyse(votes, statements, seed=seed)

    # The inclusive variant starts from vote triples, as red-dwarf starts from a vote list.
    rows = votes.row_of_each_vote()
    triples = (
        votes.participant_ids[rows],
        votes.statement_ids[votes.codes.indices],
        votes.vote_values(),
    )

    def ours_inclusive() -> Any:
        matrix = VoteMatrix.from_votes(*triples, statements=votes.statement_ids)
        return analyse(matrix, statements, seed=0)

    moderated = [s.id for s in statements if s.moderated_out or s.is_meta]
    votes_list = reddwarf_votes(votes)

    def theirs() -> tuple[float, np.ndarray]:
        return run_reddwarf(votes_list, moderated, votes.participant_ids)

    # Warm up both, then interleave the timed runs so both see the same machine load, and keep
    # the fastest run of each: on a shared machine the minimum is the least disturbed figure.
    result = ours()
    ours_inclusive()
    theirs()
    times, inclusive, rd_times = [], [], []
    cpu, rd_cpu = [], []
    for run in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = ours()
        times.append(time.perf_counter() - started)
        started, cpu_started = time.perf_counter(), time.process_time()
        ours_inclusive()
        inclusive.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        if run < REDDWARF_REPEATS:
            seconds, rd_labels = theirs()
            rd_times.append(seconds)
            rd_cpu.append(LAST_CPU["reddwarf"])
    our_ari, n_both = ari(published, result.group)
    spread = [ari(published, ours(seed).group)[0] for seed in SEEDS_FOR_SPREAD]
    rd_ari, rd_both = ari(published, rd_labels)
    return {
        "dataset": folder.name,
        "shape": f"{votes.shape[0]} x {votes.shape[1]}",
        "votes": votes.nnz,
        "source": export.vote_source,
        "published_k": int(np.unique(published[published >= 0]).size),
        "ours_k": result.k,
        "reddwarf_k": int(np.unique(rd_labels[rd_labels >= 0]).size),
        "ours_seconds": min(times),
        "ours_inclusive_seconds": min(inclusive),
        "reddwarf_seconds": min(rd_times),
        "ours_inclusive_cpu": min(cpu),
        "reddwarf_cpu": min(rd_cpu),
        "ours_ari": our_ari,
        "ours_ari_seed_min": min(spread),
        "ours_ari_seed_mean": float(np.mean(spread)),
        "reddwarf_ari": rd_ari,
        "compared": n_both,
        "reddwarf_compared": rd_both,
    }


# --- synthetic, in child processes -------------------------------------------------------------


def save_conversation(path: Path, size: tuple[int, int, int]) -> None:
    conversation = synthetic_conversation(*size, seed=0)
    codes = conversation.votes.codes
    np.savez(
        path,
        participant_ids=conversation.votes.participant_ids,
        statement_ids=conversation.votes.statement_ids,
        data=codes.data,
        indices=codes.indices,
        indptr=codes.indptr,
        moderated=np.array([s.moderated_out for s in conversation.statements]),
        planted=conversation.planted_groups,
    )


def load_conversation(path: Path) -> tuple[VoteMatrix, list[Statement], np.ndarray]:
    import scipy.sparse as sp

    saved = np.load(path)
    shape = (saved["participant_ids"].size, saved["statement_ids"].size)
    codes = sp.csr_array((saved["data"], saved["indices"], saved["indptr"]), shape=shape)
    votes = VoteMatrix(saved["participant_ids"], saved["statement_ids"], codes)
    statements = [
        Statement(id=int(i), moderated_out=bool(m))
        for i, m in zip(saved["statement_ids"], saved["moderated"], strict=True)
    ]
    return votes, statements, saved["planted"]


def child_ours(path: Path) -> dict[str, Any]:
    votes, statements, planted = load_conversation(path)
    rss_loaded = max_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = analyse(votes, statements, seed=0)
    cold = time.perf_counter() - started
    cold_cpu = time.process_time() - cpu_started
    rss_after = max_rss_mb()
    planted_ari, _ = ari(planted, result.group)
    rng = np.random.default_rng(1)
    updates = []
    previous, current_votes = result, votes
    for _ in range(3):
        # 100 new votes: mostly existing participants, a few newcomers.
        voters = np.where(
            rng.random(100) < 0.9,
            rng.integers(0, votes.shape[0], 100),
            rng.integers(votes.shape[0], votes.shape[0] + 20, 100),
        )
        targets = rng.integers(0, votes.shape[1], 100)
        values = rng.integers(-1, 2, 100)
        started = time.perf_counter()
        current_votes = current_votes.with_votes(voters, targets, values)
        insert = time.perf_counter() - started
        started, cpu_started = time.perf_counter(), time.process_time()
        update = analyse(current_votes, statements, previous=previous.state, seed=0)
        seconds = time.perf_counter() - started
        seconds_cpu = time.process_time() - cpu_started
        n = previous.group.size
        both = (previous.group >= 0) & (update.group[:n] >= 0)
        updates.append(
            {
                "insert_seconds": insert,
                "analyse_seconds": seconds,
                "analyse_cpu": seconds_cpu,
                "k_before": previous.k,
                "k_after": update.k,
                "changed_group_share": float(
                    np.mean(previous.group[both] != update.group[:n][both])
                ),
                "same_group_labels": sorted(set(previous.group[previous.group >= 0].tolist()))
                == sorted(set(update.group[update.group >= 0].tolist())),
            }
        )
        previous = update
    return {
        "shape": list(votes.shape),
        "votes": votes.nnz,
        "cold_seconds": cold,
        "cold_cpu": cold_cpu,
        "k": result.k,
        "planted_ari": planted_ari,
        "in_conversation": int(result.in_conversation.sum()),
        "max_rss_mb_after_load": rss_loaded,
        "max_rss_mb_peak": max(rss_after, max_rss_mb()),
        "updates": updates,
    }


def child_reddwarf(path: Path) -> dict[str, Any]:
    resource.setrlimit(resource.RLIMIT_AS, (REDDWARF_MEMORY_CAP, REDDWARF_MEMORY_CAP))
    votes, statements, planted = load_conversation(path)
    moderated = [s.id for s in statements if s.moderated_out]
    stage = "building red-dwarf's list of vote dicts"
    try:
        votes_list = reddwarf_votes(votes)
        stage = "red-dwarf run_pipeline"
        seconds, labels = run_reddwarf(votes_list, moderated, votes.participant_ids)
    except MemoryError:
        return {
            "error": f"MemoryError during {stage} (address space capped at "
            f"{REDDWARF_MEMORY_CAP // 2**30} GiB)",
            "max_rss_mb": max_rss_mb(),
        }
    planted_ari, _ = ari(planted, labels)
    return {"seconds": seconds, "planted_ari": planted_ari, "max_rss_mb": max_rss_mb()}


def run_child(kind: str, path: Path, timeout: float | None = None) -> dict[str, Any]:
    try:
        completed = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout:.0f} s"}
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit code {completed.returncode}: {last}"}
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


# --- report ---------------------------------------------------------------------------------


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def report(
    real: list[dict[str, Any]],
    big: dict[str, Any],
    scaled: dict[str, Any],
    rd_big: dict[str, Any],
    args: argparse.Namespace,
    load: str,
) -> str:
    lines = [
        "## Opinion analysis",
        "",
        "`opbouw.analysis.opinion` (docs/opinion-math.md) against red-dwarf 0.4.0",
        "(`reddwarf.implementations.polis.run_pipeline`, PCA + k-means, `random_state=0`).",
        "",
        f"Command (from the repository root): `{COMMAND}"
        + (f" --repeats {args.repeats}" if args.repeats != 7 else "")
        + (" --skip-reddwarf-synthetic" if args.skip_reddwarf_synthetic else "")
        + "`",
        "",
        f"Machine: {platform.machine()}, {_cpu_count()} cores shared with other work, "
        f"Python {platform.python_version()}, numpy {np.__version__}. "
        f"Recorded {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "### Real Pol.is conversations",
        "",
        "Cold analysis: fastest of the timed runs after a warm-up, ours and red-dwarf",
        "interleaved (the machine is shared, so slower runs measure other people's work).",
        "*ours* starts from the sparse vote",
        "matrix (what the CLI reports as `seconds`); *ours incl. matrix* also builds it from vote",
        "triples, as red-dwarf builds its matrix from a vote list; the speed-up uses the latter.",
        "ARI: adjusted Rand index against the `group-id` Pol.is published, over participants",
        f"clustered by both; seed 0, and the minimum / mean over seeds {SEEDS_FOR_SPREAD.start}-"
        f"{SEEDS_FOR_SPREAD.stop - 1} for ours (red-dwarf's 'polis' initialisation ignores the"
        " seed).",
        "",
        "CPU: process CPU time of the same fastest runs (ours incl. matrix / red-dwarf).",
        "",
        "| conversation | participants x statements | votes | k Pol.is / ours / rd | ours "
        "| ours incl. matrix | red-dwarf | speed-up | CPU ours / rd | ARI ours "
        "| ARI ours (seed min / mean) | ARI red-dwarf |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in real:
        lines.append(
            f"| {r['dataset']} | {r['shape']} | {r['votes']:,} | {r['published_k']} / "
            f"{r['ours_k']} / {r['reddwarf_k']} | {fmt(r['ours_seconds'])} | "
            f"{fmt(r['ours_inclusive_seconds'])} | {fmt(r['reddwarf_seconds'])} | "
            f"{r['reddwarf_seconds'] / r['ours_inclusive_seconds']:.0f}x | "
            f"{fmt(r['ours_inclusive_cpu'])} / {fmt(r['reddwarf_cpu'])} | {r['ours_ari']:.3f} | "
            f"{r['ours_ari_seed_min']:.3f} / {r['ours_ari_seed_mean']:.3f} | "
            f"{r['reddwarf_ari']:.3f} |"
        )
    ours_mean = float(np.mean([r["ours_ari"] for r in real]))
    rd_mean = float(np.mean([r["reddwarf_ari"] for r in real]))
    wins = sum(r["ours_ari"] > r["reddwarf_ari"] for r in real)
    ties = sum(r["ours_ari"] == r["reddwarf_ari"] for r in real)
    speedups = [r["reddwarf_seconds"] / r["ours_inclusive_seconds"] for r in real]
    lines += [
        "",
        f"- Mean ARI: ours {ours_mean:.3f} (seed spread mean "
        f"{np.mean([r['ours_ari_seed_mean'] for r in real]):.3f}), red-dwarf {rd_mean:.3f}. "
        f"Ours agrees better with Pol.is on {wins} of {len(real)} conversations"
        + (f" ({ties} tied)" if ties else "")
        + ".",
        f"- Speed-up over red-dwarf (incl. matrix building): minimum {min(speedups):.0f}x, "
        f"median {statistics.median(speedups):.0f}x.",
        "",
        "### Against the bar",
        "",
        *verdicts(real, big),
        "",
        "### Synthetic: 100,000 participants x 2,000 statements x 5,000,000 votes",
        "",
        "Planted groups of 40/30/20/10 %, 15 % passes, a long tail of light voters, every 97th",
        "statement moderated out (benchmarks/opinion/synthetic.py, seed 0). Each task runs in a",
        "fresh process that loads the saved matrix; peak memory is that process's max RSS",
        "(Python, numpy and scipy included).",
        "",
    ]
    if "error" in big:
        lines.append(f"- ours failed: {big['error']}")
    else:
        first = big["updates"][0]
        lines += [
            "| measure | result | target |",
            "|---|---|---|",
            f"| cold analysis | {fmt(big['cold_seconds'])} (CPU {fmt(big['cold_cpu'])}) | < 20 s |",
            f"| peak memory (max RSS) | {big['max_rss_mb_peak']:.0f} MB "
            f"({big['max_rss_mb_after_load']:.0f} MB after loading the matrix) | < 2 GB |",
            f"| update after 100 new votes (first after cold) | {fmt(first['analyse_seconds'])}"
            f" (CPU {fmt(first['analyse_cpu'])}) + {fmt(first['insert_seconds'])} to insert the"
            " votes | < 2 s |",
            "| next updates of 100 votes each | "
            + ", ".join(
                f"{fmt(u['analyse_seconds'])} (CPU {fmt(u['analyse_cpu'])})"
                for u in big["updates"][1:]
            )
            + " | < 2 s |",
            "| participants changing group per update | "
            + ", ".join(f"{u['changed_group_share']:.2%}" for u in big["updates"])
            + " | no flips |",
            "| k / group labels kept per update | "
            + ", ".join(
                f"{u['k_before']}->{u['k_after']} {'same' if u['same_group_labels'] else 'CHANGED'}"
                for u in big["updates"]
            )
            + " | stable |",
            f"| ARI against planted groups | {big['planted_ari']:.3f} (k = {big['k']}) | |",
        ]
    lines += ["", "red-dwarf on the same conversation:", ""]
    if "error" in rd_big:
        lines.append(f"- could not run: {rd_big['error']}.")
    else:
        lines.append(
            f"- {fmt(rd_big['seconds'])}, peak {rd_big['max_rss_mb']:.0f} MB, ARI against "
            f"planted groups {rd_big['planted_ari']:.3f}"
            + (
                f" (carried over from the full run recorded {rd_big['recorded']}; this run used"
                " --skip-reddwarf-synthetic)."
                if rd_big.get("carried_over")
                else "."
            )
        )
        if "error" not in big:
            lines.append(
                f"- ours is {rd_big['seconds'] / big['cold_seconds']:.0f}x faster on it and needs "
                f"{rd_big['max_rss_mb'] / big['max_rss_mb_peak']:.0f}x less memory."
            )
    if scaled and "error" not in scaled:
        lines += [
            "",
            f"10x smaller ({SCALED[0]:,} x {SCALED[1]:,} x {SCALED[2]:,}): ours "
            f"{fmt(scaled['ours_seconds'])} (ARI vs planted {scaled['ours_ari']:.3f}), red-dwarf "
            f"{fmt(scaled['reddwarf_seconds'])} (ARI {scaled['reddwarf_ari']:.3f}, peak "
            f"{scaled['reddwarf_rss_mb']:.0f} MB): "
            f"{scaled['reddwarf_seconds'] / scaled['ours_seconds']:.0f}x faster.",
        ]
    lines += [
        "",
        "### Notes",
        "",
        "- Parameters follow docs/opinion-math.md; nothing is tuned to these conversations.",
        "- No export here publishes a `group-informed-consensus` column, so GAC cannot be compared",
        "  with Pol.is's own numbers; tests/analysis/opinion/test_opinion_datasets.py checks GAC",
        "  from the published `group-id` against an independent re-count of",
        "  participants-votes.csv (equal to 1e-12) and would compare with the column if present.",
        "- Published groups come from Pol.is's last update of a conversation that grew over time;",
        "  participants who joined the conversation early with fewer than 7 votes stay in there",
        "  (sticky), which a cold analysis of the final export cannot know, so ARI is taken over",
        "  participants clustered by both.",
        "- red-dwarf clusters participants directly (no base clusters, no k smoothing); ours does",
        "  Pol.is's two stages. red-dwarf gets the latest votes as its list of vote dicts;",
        "  building that list is not timed.",
        f"- Load average (1, 5, 15 min) when this run ended: {load} on {_cpu_count()} cores;",
        "  absolute times on an idle machine are several times lower, ratios less affected.",
    ]
    return "\n".join(lines) + "\n"


def _load() -> str:
    import os

    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def verdicts(real: list[dict[str, Any]], big: dict[str, Any]) -> list[str]:
    """Each bar from the issue, answered from the numbers of this run."""

    def yes(ok: bool) -> str:
        return "met" if ok else "**missed**"

    ours = [r["ours_ari"] for r in real]
    theirs = [r["reddwarf_ari"] for r in real]
    wins = sum(a > b for a, b in zip(ours, theirs, strict=True))
    speedups = [r["reddwarf_seconds"] / r["ours_inclusive_seconds"] for r in real]
    lines = [
        "- Agree with Pol.is better than red-dwarf on average: "
        f"{yes(np.mean(ours) > np.mean(theirs))} ({np.mean(ours):.3f} vs {np.mean(theirs):.3f}).",
        f"- ... on most conversations: {yes(wins > len(real) / 2)} ({wins} of {len(real)}; "
        "behind on "
        + (", ".join(r["dataset"] for r in real if r["ours_ari"] <= r["reddwarf_ari"]) or "none")
        + ").",
        f"- At least 10x faster than red-dwarf: {yes(min(speedups) >= 10)} on every conversation "
        f"(slowest wall-clock ratio {min(speedups):.0f}x, including building the matrix; "
        f"slowest CPU-time ratio "
        f"{min(r['reddwarf_cpu'] / r['ours_inclusive_cpu'] for r in real):.0f}x).",
    ]
    if "error" not in big:
        updates = [u["analyse_seconds"] for u in big["updates"]]
        lines += [
            f"- Synthetic cold analysis < 20 s: {yes(big['cold_seconds'] < 20)}; "
            f"peak memory < 2 GB: {yes(big['max_rss_mb_peak'] < 2048)}; "
            "update after 100 votes < 2 s: "
            f"{yes(max(updates) < 2)} (slowest of {len(updates)} updates {fmt(max(updates))}, "
            f"CPU {fmt(max(u['analyse_cpu'] for u in big['updates']))}).",
        ]
    return lines


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1


def child_scaled(path: Path) -> dict[str, Any]:
    votes, statements, planted = load_conversation(path)
    analyse(votes, statements, seed=0)
    started = time.perf_counter()
    ours = analyse(votes, statements, seed=0)
    ours_seconds = time.perf_counter() - started
    moderated = [s.id for s in statements if s.moderated_out]
    seconds, labels = run_reddwarf(reddwarf_votes(votes), moderated, votes.participant_ids)
    return {
        "ours_seconds": ours_seconds,
        "ours_ari": ari(planted, ours.group)[0],
        "reddwarf_seconds": seconds,
        "reddwarf_ari": ari(planted, labels)[0],
        "reddwarf_rss_mb": max_rss_mb(),
    }


def _previous_reddwarf_synthetic() -> dict[str, Any]:
    """With --skip-reddwarf-synthetic, keep the last full-size red-dwarf measurement (it takes
    about 20 minutes and does not depend on our code), clearly marked as carried over."""
    try:
        saved = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"error": "skipped (--skip-reddwarf-synthetic), no earlier measurement"}
    earlier: dict[str, Any] = saved.get("reddwarf_synthetic", {})
    if "seconds" not in earlier:
        return {"error": "skipped (--skip-reddwarf-synthetic), no earlier measurement"}
    earlier.setdefault("recorded", saved.get("recorded", "an earlier run"))
    earlier["carried_over"] = True
    return earlier


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--skip-reddwarf-synthetic", action="store_true")
    parser.add_argument(
        "--from-json", action="store_true", help="rewrite RESULTS.md from the last results.json"
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.from_json:
        saved = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
        args.repeats = saved.get("repeats", args.repeats)
        args.skip_reddwarf_synthetic = saved.get("skip_reddwarf_synthetic", False)
        text = report(
            saved["real"],
            saved["synthetic"],
            saved["scaled"],
            saved["reddwarf_synthetic"],
            args,
            saved.get("load", "not recorded"),
        )
        RESULTS.write_text(text, encoding="utf-8")
        print(text)
        return
    if args.child:
        kind, path = args.child[0], Path(args.child[1])
        task = {"ours": child_ours, "reddwarf": child_reddwarf, "scaled": child_scaled}[kind]
        print(json.dumps(task(path)))
        return

    names = sorted(p.name for p in POLIS_DATA.iterdir() if (p / "comments.csv").is_file())
    real = []
    for name in names:
        print(f"real: {name}", file=sys.stderr)
        real.append(bench_dataset(POLIS_DATA / name, args.repeats))
    with tempfile.TemporaryDirectory() as tmp:
        big_path, scaled_path = Path(tmp) / "big.npz", Path(tmp) / "scaled.npz"
        print("synthetic: generating", file=sys.stderr)
        save_conversation(big_path, BIG)
        save_conversation(scaled_path, SCALED)
        print("synthetic: ours", file=sys.stderr)
        big = run_child("ours", big_path)
        print("synthetic: red-dwarf 10x smaller", file=sys.stderr)
        scaled = run_child("scaled", scaled_path, timeout=REDDWARF_TIMEOUT)
        rd_big = _previous_reddwarf_synthetic()
        if not args.skip_reddwarf_synthetic:
            print("synthetic: red-dwarf full size", file=sys.stderr)
            rd_big = run_child("reddwarf", big_path, timeout=REDDWARF_TIMEOUT)
    load = _load()
    text = report(real, big, scaled, rd_big, args, load)
    RESULTS.write_text(text, encoding="utf-8")
    (HERE / "results.json").write_text(
        json.dumps(
            {"real": real, "synthetic": big, "scaled": scaled, "reddwarf_synthetic": rd_big},
            indent=2,
        ),
        encoding="utf-8",
    )
    print(text)


if __name__ == "__main__":
    main()

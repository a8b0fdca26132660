"""Command line: analyse a Pol.is export folder and print the groups and statistics as JSON.

    python -m opbouw.analysis.opinion DIR [--use-published-groups | --replay] [--seed N]

``--replay`` replays votes.csv through Pol.is's incremental math (replay.py) and adds
``updates``, the number of updates run. ``seconds`` is the analysis time without reading the
files. Bad input gives a one-line
error on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from .consensus import Consensus, ConsensusStatement
from .matrix import IntArray, sorted_unique
from .pipeline import analyse, summarise_groups
from .polis_export import PolisExportError, read_polis_export
from .replay import read_replay_input, replay
from .repness import GroupRepness
from .results import GroupSummary

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, like every other input error of this command.
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _Parser(
        prog="python -m opbouw.analysis.opinion",
        description="Pol.is-style opinion groups for a Pol.is export folder, as JSON.",
    )
    parser.add_argument("directory", type=Path, help="folder with comments.csv and votes")
    parser.add_argument(
        "--use-published-groups",
        action="store_true",
        help="use the export's group-id column instead of clustering",
    )
    parser.add_argument(
        "--replay",
        action="store_true",
        help="replay votes.csv in time order, one update per Pol.is poll window",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.replay and args.use_published_groups:
        parser.error("--replay and --use-published-groups exclude each other")
    try:
        if args.replay:
            payload = _run_replay(args.directory, args.seed)
        else:
            payload = _run(args.directory, args.use_published_groups, args.seed)
    except PolisExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    json.dump(payload, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _run(directory: Path, use_published_groups: bool, seed: int) -> dict[str, Any]:
    export = read_polis_export(directory)
    statements = export.analysis_statements()
    participant_ids = export.votes.participant_ids
    started = time.perf_counter()
    if use_published_groups:
        if export.published_groups is None:
            raise PolisExportError(f"{directory}: no published group-id column to use")
        labels = export.published_groups
        summary = summarise_groups(export.votes, statements, labels)
        k = int(sorted_unique(labels[labels >= 0]).size)
    else:
        result = analyse(export.votes, statements, seed=seed)
        labels, summary, k = result.group, result.summary, result.k
    seconds = time.perf_counter() - started
    return _payload(participant_ids, export.votes.statement_ids, labels, k, summary, seconds)


def _payload(
    participant_ids: IntArray,
    statement_ids: IntArray,
    labels: IntArray,
    k: int,
    summary: GroupSummary,
    seconds: float,
) -> dict[str, Any]:
    grouped = np.flatnonzero(labels >= 0)
    return {
        "groups": {str(participant_ids[i]): int(labels[i]) for i in grouped},
        "k": k,
        "repness": {str(r.group): _repness(r) for r in summary.repness},
        "consensus": _consensus(summary.consensus),
        "gac": {
            str(sid): float(value)
            for sid, value in zip(statement_ids, summary.group_informed_consensus, strict=True)
        },
        "seconds": seconds,
    }


def _run_replay(directory: Path, seed: int) -> dict[str, Any]:
    events, statements = read_replay_input(directory)
    started = time.perf_counter()
    replayed = replay(events, statements, seed=seed)
    seconds = time.perf_counter() - started
    result = replayed.result
    payload = _payload(
        result.participant_ids,
        result.statement_ids,
        result.group,
        result.k,
        result.summary,
        seconds,
    )
    payload["updates"] = replayed.updates
    return payload


def _repness(group: GroupRepness) -> list[dict[str, Any]]:
    return [
        {
            "statement": s.statement_id,
            "direction": s.direction,
            "n_success": s.n_success,
            "n_trials": s.n_trials,
            "p_success": s.p_success,
            "p_test": s.p_test,
            "repness": s.repness,
            "repness_test": s.repness_test,
            "metric": s.metric,
            "weak": s.weak,
        }
        for s in group.statements
    ]


def _consensus(consensus: Consensus) -> dict[str, list[dict[str, Any]]]:
    def entry(s: ConsensusStatement) -> dict[str, Any]:
        return {
            "statement": s.statement_id,
            "n_success": s.n_success,
            "n_trials": s.n_trials,
            "p_success": s.p_success,
            "p_test": s.p_test,
        }

    return {
        "agree": [entry(s) for s in consensus.agree],
        "disagree": [entry(s) for s in consensus.disagree],
    }


if __name__ == "__main__":
    sys.exit(main())

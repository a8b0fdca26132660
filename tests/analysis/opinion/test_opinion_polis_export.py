"""Reading Pol.is exports, old and new layouts, and the command line's handling of bad input."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from opbouw.analysis.opinion import PolisExportError, read_polis_export
from opbouw.analysis.opinion.__main__ import main

COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"


def write_export(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def good_comments() -> str:
    return COMMENTS + "".join(f"{i},x,{i},0,0,0,{1 if i != 3 else -1},text {i}\n" for i in range(4))


def test_votes_csv_latest_vote_wins_by_timestamp(tmp_path) -> None:
    folder = write_export(
        tmp_path / "conv",
        {
            "comments.csv": good_comments(),
            # File order is not time order: the later timestamp wins.
            "votes.csv": VOTES + "20,x,0,7,-1\n10,x,0,7,1\n15,x,1,7,0\n15,x,1,7,1\n",
        },
    )
    export = read_polis_export(folder)
    assert export.vote_source == "votes.csv"
    dense = export.votes.to_dense()
    assert dense[0, 0] == -1
    assert dense[0, 1] == 1  # equal timestamps: the later row counts
    assert np.isnan(dense[0, 2])
    assert [s.moderated for s in export.statements] == [1, 1, 1, -1]
    assert export.published_groups is None


def test_newer_layout_with_meta_seed_xid_and_gac(tmp_path) -> None:
    comments = (
        "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,"
        "group-informed-consensus,comment-body\n"
        "1,0,0,0,0,1,false,true,0.25,a\n1,1,0,0,0,1,true,false,,b\n"
    )
    matrix = (
        "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n"
        "5,abc,0,0,2,1,0,1,0\n6,,1,0,1,0,1,-1,\n7,,,0,0,0,0,,\n"
    )
    export = read_polis_export(
        write_export(tmp_path / "new", {"comments.csv": comments, "participants-votes.csv": matrix})
    )
    assert export.vote_source == "participants-votes.csv"
    assert [s.is_meta for s in export.statements] == [False, True]
    assert [s.is_seed for s in export.statements] == [True, False]
    assert dict(export.published_gac or {}) == {0: 0.25}
    assert export.xids == ("abc", None, None)
    assert export.published_groups is not None
    assert export.published_groups.tolist() == [0, 1, -1]
    assert export.analysis_statements()[1].is_meta


BAD_INPUTS = {
    "missing column": (
        {"comments.csv": "comment-id,comment-body\n1,a\n", "votes.csv": VOTES},
        "comments.csv: line 1: missing column 'moderated'",
    ),
    "unknown statement": (
        {"comments.csv": good_comments(), "votes.csv": VOTES + "1,x,0,7,1\n2,x,9,7,1\n"},
        "votes.csv: line 3: column 'comment-id': unknown statement 9",
    ),
    "non-numeric vote": (
        {"comments.csv": good_comments(), "votes.csv": VOTES + "1,x,0,7,yes\n"},
        "votes.csv: line 2: column 'vote': vote is not a number",
    ),
    "vote out of range": (
        {"comments.csv": good_comments(), "votes.csv": VOTES + "1,x,0,7,2\n"},
        "votes.csv: line 2: column 'vote': vote must be -1, 0 or 1",
    ),
    "bad matrix cell": (
        {
            "comments.csv": good_comments(),
            "participants-votes.csv": "participant,group-id,0,1\n1,0,1,0\n2,0,1,maybe\n",
        },
        "participants-votes.csv: line 3: column '1': vote is not a number",
    ),
    "unknown matrix column": (
        {"comments.csv": good_comments(), "participants-votes.csv": "participant,group-id,0,8\n"},
        "participants-votes.csv: line 1: column '8': unknown statement 8",
    ),
    "no votes at all": ({"comments.csv": good_comments()}, "neither votes.csv nor"),
    "bad comment id": (
        {"comments.csv": COMMENTS + "1,x,one,0,0,0,1,a\n", "votes.csv": VOTES},
        "comments.csv: line 2: column 'comment-id': expected an integer",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_clear_line_and_exit_code_2(tmp_path, capsys, case) -> None:
    files, message = BAD_INPUTS[case]
    folder = write_export(tmp_path / "bad", files)
    with pytest.raises(PolisExportError) as raised:
        read_polis_export(folder)
    assert message in str(raised.value)
    assert main([str(folder)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert captured.err.count("\n") == 1


def test_missing_folder(tmp_path, capsys) -> None:
    assert main([str(tmp_path / "nowhere")]) == 2
    assert "no such export folder" in capsys.readouterr().err


def test_published_groups_requested_but_absent(tmp_path, capsys) -> None:
    folder = write_export(tmp_path / "c", {"comments.csv": good_comments(), "votes.csv": VOTES})
    assert main([str(folder), "--use-published-groups"]) == 2
    assert "no published group-id" in capsys.readouterr().err


def test_command_line_process_exit_code_and_no_traceback(tmp_path) -> None:
    folder = write_export(
        tmp_path / "bad", {"comments.csv": good_comments(), "votes.csv": VOTES + "1,x,0,7,3\n"}
    )
    completed = subprocess.run(
        [sys.executable, "-m", "opbouw.analysis.opinion", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.strip().startswith("error: ")
    assert len(completed.stderr.strip().splitlines()) == 1


def test_command_line_on_a_small_export(tmp_path, capsys) -> None:
    rng = np.random.default_rng(0)
    lines = [
        f"{t},x,{c},{p},{rng.choice([-1, 0, 1])}\n"
        for t, (p, c) in enumerate((p, c) for p in range(20) for c in range(4))
    ]
    folder = write_export(
        tmp_path / "ok", {"comments.csv": good_comments(), "votes.csv": VOTES + "".join(lines)}
    )
    assert main([str(folder), "--seed", "3"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"groups", "k", "repness", "consensus", "gac", "seconds"}
    assert "3" not in {s["statement"] for g in payload["repness"].values() for s in g}

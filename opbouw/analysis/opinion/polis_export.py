"""Read a Pol.is export folder (the open-data layout) into a vote matrix and statements.

Folder contents: ``comments.csv`` (required) and ``votes.csv`` and/or
``participants-votes.csv``. Older and newer layouts differ in optional columns (``datetime``,
``xid``, ``is-meta``, ``is-seed``, ``group-informed-consensus``); we read what is there.

We prefer ``votes.csv`` (every vote event; a participant's latest vote on a statement counts,
equal timestamps resolved by file order, which is how Pol.is builds its own matrix) and fall
back to the ``participants-votes.csv`` matrix. The matrix file still supplies the published
``group-id`` (and ``xid``) per participant.

Every problem raises ``PolisExportError`` with a one-line message naming file, line and column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np

from .matrix import IntArray, VoteMatrix, lookup, sorted_unique
from .statements import Statement

COMMENTS = "comments.csv"
VOTES = "votes.csv"
PARTICIPANT_VOTES = "participants-votes.csv"

_VOTE_TEXT = {"1": 1, "0": 0, "-1": -1}
_TRUE = {"1", "true", "t", "yes", "y"}
_FALSE = {"", "0", "false", "f", "no", "n"}
# Leading columns of participants-votes.csv; every other all-digit header is a statement id.
_PARTICIPANT_COLUMNS = {
    "participant",
    "xid",
    "group-id",
    "n-comments",
    "n-votes",
    "n-agree",
    "n-disagree",
}


class PolisExportError(ValueError):
    """The export cannot be read; the message is one line naming file, line and column."""


@dataclass(frozen=True)
class PolisStatement:
    id: int
    moderated: int  # 1 accepted, 0 not yet moderated, -1 moderated out
    is_meta: bool
    is_seed: bool
    author_id: int | None
    text: str

    def for_analysis(self) -> Statement:
        return Statement(id=self.id, moderated_out=self.moderated == -1, is_meta=self.is_meta)


@dataclass(frozen=True)
class PolisExport:
    """A conversation as exported. ``published_groups`` follows ``votes`` rows (-1: none)."""

    path: Path
    statements: tuple[PolisStatement, ...]
    votes: VoteMatrix
    vote_source: str
    published_groups: IntArray | None
    published_gac: Mapping[int, float] | None
    xids: tuple[str | None, ...] | None

    @property
    def participant_ids(self) -> IntArray:
        return self.votes.participant_ids

    def analysis_statements(self) -> tuple[Statement, ...]:
        return tuple(s.for_analysis() for s in self.statements)


@dataclass(frozen=True)
class _ParticipantTable:
    ids: IntArray
    groups: IntArray | None
    xids: tuple[str | None, ...] | None
    rows: IntArray  # vote cells as parallel arrays: participant id, statement id, vote
    cols: IntArray
    values: IntArray


def read_polis_export(path: str | Path) -> PolisExport:
    folder = Path(path)
    if not folder.is_dir():
        raise PolisExportError(f"{folder}: no such export folder")
    statements, gac = _read_comments(folder / COMMENTS)
    statement_ids = np.array([s.id for s in statements], dtype=np.int64)
    has_votes = (folder / VOTES).is_file()
    table = None
    if (folder / PARTICIPANT_VOTES).is_file():
        table = _read_participant_votes(folder / PARTICIPANT_VOTES, statement_ids, not has_votes)
    if has_votes:
        _, voters, targets, values = read_vote_events(folder / VOTES, statement_ids)
        source = VOTES
    elif table is not None:
        voters, targets, values = table.rows, table.cols, table.values
        source = PARTICIPANT_VOTES
    else:
        raise PolisExportError(f"{folder}: neither {VOTES} nor {PARTICIPANT_VOTES} found")
    known = [voters] if table is None else [voters, table.ids]
    participants = sorted_unique(np.concatenate(known))
    votes = VoteMatrix.from_votes(
        voters, targets, values, participants=participants, statements=statement_ids
    )
    groups = xids = None
    if table is not None:
        position = lookup(table.ids, participants)
        if table.groups is not None:
            groups = np.where(position >= 0, table.groups[np.maximum(position, 0)], -1)
        if table.xids is not None:
            xids = tuple(table.xids[p] if p >= 0 else None for p in position.tolist())
    return PolisExport(
        path=folder,
        statements=statements,
        votes=votes,
        vote_source=source,
        published_groups=groups,
        published_gac=gac,
        xids=xids,
    )


class _CsvTable:
    """A CSV file opened for reading: ``columns`` from the header, then ``rows()``."""

    def __init__(self, path: Path, required: tuple[str, ...]) -> None:
        self.path = path
        self._required = required
        self.columns: dict[str, int] = {}

    def __enter__(self) -> _CsvTable:
        try:
            self._handle = self.path.open(newline="", encoding="utf-8-sig")
        except FileNotFoundError:
            raise PolisExportError(f"{self.path}: file not found") from None
        except OSError as error:
            raise PolisExportError(f"{self.path}: cannot read: {error.strerror}") from None
        self._reader = csv.reader(self._handle)
        header = self._next()
        if header is None:
            raise PolisExportError(f"{self.path}: empty file, expected a header row")
        self.columns = {name.strip(): i for i, name in enumerate(header)}
        for name in self._required:
            if name not in self.columns:
                raise PolisExportError(f"{self.path}: line 1: missing column '{name}'")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._handle.close()

    def _next(self) -> list[str] | None:
        try:
            return next(self._reader, None)
        except (UnicodeDecodeError, csv.Error) as error:
            line = self._reader.line_num
            raise PolisExportError(f"{self.path}: line {line}: cannot parse: {error}") from None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) per non-empty data row, short rows padded with ''."""
        width = len(self.columns)
        while (cells := self._next()) is not None:
            if not cells or cells == [""]:
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            yield self._reader.line_num, cells


def _integer(text: str, path: Path, line: int, column: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise PolisExportError(
            f"{path}: line {line}: column '{column}': expected an integer, got {text!r}"
        ) from None


def _vote(text: str, path: Path, line: int, column: str) -> int:
    known = _VOTE_TEXT.get(text)
    if known is not None:
        return known
    try:
        number = float(text)
    except ValueError:
        raise PolisExportError(
            f"{path}: line {line}: column '{column}': vote is not a number: {text!r}"
        ) from None
    if number not in (-1.0, 0.0, 1.0):
        raise PolisExportError(
            f"{path}: line {line}: column '{column}': vote must be -1, 0 or 1, got {text!r}"
        )
    return int(number)


def _boolean(text: str, path: Path, line: int, column: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise PolisExportError(f"{path}: line {line}: column '{column}': expected true/false")


def _read_comments(path: Path) -> tuple[tuple[PolisStatement, ...], Mapping[int, float] | None]:
    statements: dict[int, PolisStatement] = {}
    gac: dict[int, float] = {}
    with _CsvTable(path, ("comment-id", "moderated")) as table:
        columns = table.columns
        for line, cells in table.rows():
            statement, value = _comment_row(path, columns, line, cells)
            if statement.id in statements:
                raise PolisExportError(
                    f"{path}: line {line}: column 'comment-id': duplicate {statement.id}"
                )
            statements[statement.id] = statement
            if value is not None:
                gac[statement.id] = value
    ordered = tuple(sorted(statements.values(), key=lambda s: s.id))
    published = MappingProxyType(gac) if "group-informed-consensus" in columns else None
    return ordered, published


def _comment_row(
    path: Path, columns: dict[str, int], line: int, cells: list[str]
) -> tuple[PolisStatement, float | None]:
    def cell(name: str) -> str:
        return cells[columns[name]].strip() if name in columns else ""

    moderated = _integer(cell("moderated"), path, line, "moderated")
    if moderated not in (-1, 0, 1):
        raise PolisExportError(
            f"{path}: line {line}: column 'moderated': must be -1, 0 or 1, got {moderated}"
        )
    author = cell("author-id")
    statement = PolisStatement(
        id=_integer(cell("comment-id"), path, line, "comment-id"),
        moderated=moderated,
        is_meta=_boolean(cell("is-meta"), path, line, "is-meta"),
        is_seed=_boolean(cell("is-seed"), path, line, "is-seed"),
        author_id=_integer(author, path, line, "author-id") if author else None,
        text=cells[columns["comment-body"]] if "comment-body" in columns else "",
    )
    gac_text = cell("group-informed-consensus")
    if not gac_text:
        return statement, None
    try:
        return statement, float(gac_text)
    except ValueError:
        raise PolisExportError(
            f"{path}: line {line}: column 'group-informed-consensus': "
            f"expected a number, got {gac_text!r}"
        ) from None


def read_vote_events(
    path: Path, statement_ids: IntArray
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """(times in ms, voters, statements, votes) of every vote event, in time then file order.

    Without a ``timestamp`` column the times are all 0 (file order only).
    """
    known = set(statement_ids.tolist())
    voters: list[int] = []
    targets: list[int] = []
    values: list[int] = []
    times: list[float] = []
    with _CsvTable(path, ("comment-id", "voter-id", "vote")) as table:
        columns = table.columns
        timed = "timestamp" in columns
        for line, cells in table.rows():
            sid = _integer(cells[columns["comment-id"]], path, line, "comment-id")
            if sid not in known:
                raise PolisExportError(
                    f"{path}: line {line}: column 'comment-id': unknown statement {sid} "
                    f"(not in {COMMENTS})"
                )
            voters.append(_integer(cells[columns["voter-id"]], path, line, "voter-id"))
            targets.append(sid)
            values.append(_vote(cells[columns["vote"]].strip(), path, line, "vote"))
            if timed:
                times.append(_number(cells[columns["timestamp"]], path, line, "timestamp"))
    # Latest vote wins: order by time, keeping file order for equal times.
    order = np.argsort(np.asarray(times), kind="stable") if timed else np.arange(len(values))
    stamps = np.asarray(times, dtype=np.float64) if timed else np.zeros(len(values))
    return (
        stamps[order].astype(np.int64),
        np.asarray(voters, dtype=np.int64)[order],
        np.asarray(targets, dtype=np.int64)[order],
        np.asarray(values, dtype=np.int64)[order],
    )


def _number(text: str, path: Path, line: int, column: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise PolisExportError(
            f"{path}: line {line}: column '{column}': expected a number, got {text!r}"
        ) from None


def _read_participant_votes(
    path: Path, statement_ids: IntArray, read_cells: bool
) -> _ParticipantTable:
    known = set(statement_ids.tolist())
    ids: list[int] = []
    groups: list[int] = []
    xids: list[str | None] = []
    rows: list[int] = []
    cols: list[int] = []
    values: list[int] = []
    with _CsvTable(path, ("participant",)) as table:
        columns = table.columns
        vote_columns = _statement_columns(path, columns, known)
        for line, cells in table.rows():
            pid = _integer(cells[columns["participant"]], path, line, "participant")
            ids.append(pid)
            if "group-id" in columns:
                text = cells[columns["group-id"]].strip()
                groups.append(_integer(text, path, line, "group-id") if text else -1)
            if "xid" in columns:
                xids.append(cells[columns["xid"]].strip() or None)
            if read_cells:
                for index, sid, name in vote_columns:
                    text = cells[index].strip()
                    if text:
                        rows.append(pid)
                        cols.append(sid)
                        values.append(_vote(text, path, line, name))
    if len(set(ids)) != len(ids):
        raise PolisExportError(f"{path}: column 'participant': duplicate participant ids")
    return _ParticipantTable(
        ids=np.asarray(ids, dtype=np.int64),
        groups=np.asarray(groups, dtype=np.int64) if "group-id" in columns else None,
        xids=tuple(xids) if "xid" in columns else None,
        rows=np.asarray(rows, dtype=np.int64),
        cols=np.asarray(cols, dtype=np.int64),
        values=np.asarray(values, dtype=np.int64),
    )


def _statement_columns(
    path: Path, columns: dict[str, int], known: set[int]
) -> list[tuple[int, int, str]]:
    found = []
    for name, index in columns.items():
        if name in _PARTICIPANT_COLUMNS or not name.lstrip("-").isdigit():
            continue
        sid = int(name)
        if sid not in known:
            raise PolisExportError(
                f"{path}: line 1: column '{name}': unknown statement {sid} (not in {COMMENTS})"
            )
        found.append((index, sid, name))
    return found

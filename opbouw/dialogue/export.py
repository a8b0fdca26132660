"""A conversation in the Pol.is open-data layout, as a ZIP (read back by read_polis_export).

    participants-votes.csv   participant,group-id,n-comments,n-votes,n-agree,n-disagree,<ids>
    comments.csv             timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,
                             comment-body,is-seed,is-meta[,group-informed-consensus]
    votes.csv                timestamp,datetime,comment-id,voter-id,vote   (every vote event)
    summary.csv              topic, url, voters, voters-in-conv, commenters, comments, groups

Participants are numbered 0, 1, 2, … in the order they joined; nothing else about them is
exported (no account, role or buurt). ``comment-id`` is the statement's number, timestamps
are milliseconds since 1970 as in Pol.is, agree is 1. Groups and group-informed consensus
come from the latest stored analysis (empty when there is none).

Speed (a 100k-participant conversation has 5 M votes and as many vote events, and
participants-votes.csv is 100k rows x 2,000 columns): the rows are read as plain tuples
(``values_list`` without field converters: the database turns a vote event's time into epoch
milliseconds, ``EpochMillis``), written as ready-made lines in blocks rather than through
``csv.writer`` cell by cell, and the agree/disagree counts per statement are summed while
participants-votes.csv is written instead of in a separate grouped query.

Consistency while people vote: the participants, the statements and the last vote event are
read first; later participants, statements and events are left out, so every file describes
the same people and statements (a vote changed during the export may show its new value in
participants-votes.csv).
"""

import calendar
import csv
import datetime as dt
import io
import tempfile
import time
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Count, Func, IntegerField, Max
from django.db.models.expressions import Combinable

from .models import Conversation, Participant, Statement, Vote, VoteEvent
from .snapshots import latest_snapshot, snapshot_result

MODERATED = {
    Statement.Status.APPROVED: 1,
    Statement.Status.PENDING: 0,
    Statement.Status.HIDDEN: -1,
}
# Fixed English names, as Pol.is writes them (strftime's %a and %b follow the C locale).
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
VOTE_TEXT = {1: "1", 0: "0", -1: "-1"}
CHUNK = 20_000
# DEFLATE level 1 rather than 6: a fifth of the compression time (~6 s less CPU on the 100k
# conversation's 490 MB of CSV), for a ZIP about a third larger; the files are downloaded
# once, on an office connection.
COMPRESS_LEVEL = 1
NEWLINE = "\r\n"  # as csv.writer writes, and the exports we read


@dataclass(frozen=True)
class ExportCounts:
    participants: int
    statements: int
    vote_events: int
    votes: int


class EpochMillis(Func):
    """A datetime column as integer milliseconds since 1970 (UTC), computed by the database.

    Saves a datetime object per row: the export reads millions of vote events.
    """

    output_field = IntegerField()

    def __init__(self, expression: Combinable | str) -> None:
        super().__init__(expression)

    @property
    def convert_value(self) -> Any:
        """No per-row int() converter: both databases return an int already."""
        return self._convert_value_noop  # type: ignore[attr-defined]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Stored as text "YYYY-MM-DD HH:MM:SS[.ffffff]": whole seconds, then the milliseconds.
        template = (
            "(CAST(strftime('%%%%s', %(expressions)s) AS INTEGER) * 1000"
            " + CAST(substr(%(expressions)s || '.000', 21, 3) AS INTEGER))"
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "FLOOR(EXTRACT(EPOCH FROM %(expressions)s) * 1000)::bigint"
        return self.as_sql(compiler, connection, template=template, **extra)


_DAY_PARTS: dict[int, tuple[str, str]] = {}


def _text(seconds: int) -> str:
    """Pol.is's datetime column, e.g. "Sat Nov 28 21:56:53 UTC 2026" (the day's parts cached)."""
    day, rest = divmod(seconds, 86400)
    parts = _DAY_PARTS.get(day)
    if parts is None:
        moment = time.gmtime(day * 86400)
        parts = (
            f"{DAYS[moment.tm_wday]} {MONTHS[moment.tm_mon - 1]} {moment.tm_mday:02d} ",
            f" UTC {moment.tm_year}",
        )
        if len(_DAY_PARTS) > 10_000:
            _DAY_PARTS.clear()
        _DAY_PARTS[day] = parts
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    return f"{parts[0]}{hour:02d}:{minute:02d}:{second:02d}{parts[1]}"


def _stamp(moment: dt.datetime) -> tuple[int, str]:
    utc = moment.astimezone(dt.UTC)
    seconds = calendar.timegm(utc.timetuple())
    return seconds * 1000 + utc.microsecond // 1000, _text(seconds)


class _Member:
    """A text file written straight into the ZIP archive."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self._raw = archive.open(name, "w", force_zip64=True)
        self.text = io.TextIOWrapper(self._raw, encoding="utf-8", newline="")

    def __enter__(self) -> io.TextIOWrapper:
        return self.text

    def __exit__(self, *exc: object) -> None:
        self.text.close()


def polis_export(conversation: Conversation, *, url: str = "") -> IO[bytes]:
    """The ZIP as a temporary file, positioned at its start (the caller closes it)."""
    handle = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115 (returned)
    write_polis_export(conversation, handle, url=url)
    handle.seek(0)
    return handle


def write_polis_export(
    conversation: Conversation, out: IO[bytes], *, url: str = ""
) -> ExportCounts:
    """Write the ZIP to ``out`` (a binary file open for writing)."""
    last_event_id = (
        VoteEvent.objects.filter(conversation=conversation).aggregate(last=Max("id"))["last"] or 0
    )
    participant_ids = list(
        Participant.objects.filter(conversation=conversation)
        .order_by("id")
        .values_list("id", flat=True)
    )
    number = {pk: i for i, pk in enumerate(participant_ids)}
    statements = list(Statement.objects.filter(conversation=conversation).order_by("number"))
    snapshot = latest_snapshot(conversation.pk)
    result = snapshot_result(snapshot) if snapshot else None
    groups: dict[int, int] = result.groups_by_participant() if result else {}
    gac: dict[str, float] = snapshot.summary.get("gac", {}) if snapshot else {}
    authored = dict(
        Statement.objects.filter(conversation=conversation, author__isnull=False)
        .values("author_id")
        .annotate(n=Count("id"))
        .values_list("author_id", "n")
    )

    with zipfile.ZipFile(
        out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
    ) as archive:
        with _Member(archive, "participants-votes.csv") as text:
            agrees, disagrees, votes = _write_participants_votes(
                text, conversation, statements, participant_ids, groups, authored
            )
        with _Member(archive, "comments.csv") as text:
            out_csv = csv.writer(text)
            header = ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees"]
            header += ["moderated", "comment-body", "is-seed", "is-meta"]
            out_csv.writerow(header + (["group-informed-consensus"] if gac else []))
            for i, s in enumerate(statements):
                millis, stamp = _stamp(s.created_at)
                row = [millis, stamp, s.number, number.get(s.author_id, "") if s.author_id else ""]
                row += [agrees[i], disagrees[i], MODERATED[Statement.Status(s.status)], s.text]
                row += [int(s.is_seed), int(s.is_meta)]
                out_csv.writerow(row + ([gac.get(str(s.pk), "")] if gac else []))
        with _Member(archive, "votes.csv") as text:
            events = _write_votes(text, conversation, statements, number, last_event_id)
        with _Member(archive, "summary.csv") as text:
            out_csv = csv.writer(text)
            out_csv.writerow(["topic", conversation.question])
            out_csv.writerow(["url", url])
            out_csv.writerow(["voters", len(participant_ids)])
            out_csv.writerow(
                ["voters-in-conv", snapshot.summary.get("in_conversation", 0) if snapshot else 0]
            )
            out_csv.writerow(["commenters", len(authored)])
            out_csv.writerow(["comments", len(statements)])
            out_csv.writerow(["groups", snapshot.group_count if snapshot else 0])
            out_csv.writerow(["conversation-description", conversation.description])
    return ExportCounts(
        participants=len(participant_ids),
        statements=len(statements),
        vote_events=events,
        votes=votes,
    )


def _write_participants_votes(
    text: io.TextIOWrapper,
    conversation: Conversation,
    statements: list[Statement],
    participant_ids: list[int],
    groups: dict[int, int],
    authored: dict[int, int],
) -> tuple[list[int], list[int], int]:
    """One row per participant, votes or not; returns the agrees and disagrees per statement
    (in the order of ``statements``) and the number of votes written."""
    position = {s.pk: i for i, s in enumerate(statements)}
    width = len(statements)
    agrees, disagrees = [0] * width, [0] * width
    header = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
    text.write(",".join(header + [str(s.number) for s in statements]) + NEWLINE)
    blank = [""] * width
    no_votes = "," * width + NEWLINE  # the six counts, then one empty cell per statement
    known = set(participant_ids)
    votes = (
        Vote.objects.filter(conversation=conversation)
        .order_by("participant_id")
        .values_list("participant_id", "statement_id", "value")
        .iterator(CHUNK)
    )

    def row_of(i: int, pk: int, cells: list[str] | None, n: int, agree: int, disagree: int) -> str:
        head = f"{i},{groups.get(pk, '')},{authored.get(pk, 0)},{n},{agree},{disagree}"
        return head + ("," + ",".join(cells) + NEWLINE if cells is not None else no_votes)

    lines: list[str] = []
    written = 0
    index = 0  # the next participant (by id) without a row yet
    current, cells = -1, blank
    n = agree = disagree = 0
    for participant_id, statement_id, value in votes:
        if participant_id != current:
            if current >= 0:
                lines.append(row_of(index, current, cells, n, agree, disagree))
                index += 1
                written += n
            if participant_id not in known:  # joined after the export started
                current = -1
                continue
            while participant_ids[index] < participant_id:  # participants without votes
                lines.append(row_of(index, participant_ids[index], None, 0, 0, 0))
                index += 1
            if len(lines) >= CHUNK // 10:
                text.write("".join(lines))
                lines.clear()
            current, cells = participant_id, blank[:]
            n = agree = disagree = 0
        elif current < 0:
            continue  # more votes of a participant who joined after the export started
        column = position.get(statement_id)
        if column is None:  # a statement added after the export started
            continue
        cells[column] = VOTE_TEXT[value]
        n += 1
        if value == 1:
            agree += 1
            agrees[column] += 1
        elif value == -1:
            disagree += 1
            disagrees[column] += 1
    if current >= 0:
        lines.append(row_of(index, current, cells, n, agree, disagree))
        index += 1
        written += n
    for i in range(index, len(participant_ids)):
        lines.append(row_of(i, participant_ids[i], None, 0, 0, 0))
    text.write("".join(lines))
    return agrees, disagrees, written


def _write_votes(
    text: io.TextIOWrapper,
    conversation: Conversation,
    statements: list[Statement],
    number: dict[int, int],
    last_event_id: int,
) -> int:
    """Every vote event up to ``last_event_id``, in order; returns how many were written."""
    statement_number = {s.pk: s.number for s in statements}
    text.write("timestamp,datetime,comment-id,voter-id,vote" + NEWLINE)
    events = (
        VoteEvent.objects.filter(conversation=conversation, id__lte=last_event_id)
        .order_by("id")
        .values_list(EpochMillis("created_at"), "statement_id", "participant_id", "value")
        .iterator(CHUNK)
    )
    lines: list[str] = []
    written = 0
    last_second, stamp = -1, ""
    for millis, statement_id, participant_id, value in events:
        comment = statement_number.get(statement_id)
        voter = number.get(participant_id)
        if comment is None or voter is None:
            continue
        second = millis // 1000
        if second != last_second:
            last_second, stamp = second, _text(second)
        lines.append(f"{millis},{stamp},{comment},{voter},{value}{NEWLINE}")
        if len(lines) >= CHUNK:
            text.write("".join(lines))
            written += len(lines)
            lines.clear()
    text.write("".join(lines))
    return written + len(lines)

"""A conversation in the Pol.is open-data layout, as a ZIP (read back by read_polis_export).

    comments.csv             timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,
                             comment-body,is-seed,is-meta[,group-informed-consensus]
    votes.csv                timestamp,datetime,comment-id,voter-id,vote   (every vote event)
    participants-votes.csv   participant,group-id,n-comments,n-votes,n-agree,n-disagree,<ids>
    summary.csv              topic, url, voters, voters-in-conv, commenters, comments, groups

Participants are numbered 0, 1, 2, … in the order they joined; nothing else about them is
exported (no account, role or buurt). ``comment-id`` is the statement's number, timestamps
are milliseconds since 1970 as in Pol.is, agree is 1. Groups and group-informed consensus
come from the latest stored analysis (empty when there is none).
"""

import csv
import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Count, Q

from .models import Conversation, Participant, Statement, Vote, VoteEvent
from .snapshots import latest_snapshot, snapshot_result

MODERATED = {
    Statement.Status.APPROVED: 1,
    Statement.Status.PENDING: 0,
    Statement.Status.HIDDEN: -1,
}


def _stamp(moment: dt.datetime) -> tuple[int, str]:
    utc = moment.astimezone(dt.UTC)
    return int(utc.timestamp() * 1000), utc.strftime("%a %b %d %H:%M:%S UTC %Y")


class _CsvMember:
    """A CSV file written straight into the ZIP archive, row by row."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self._raw = archive.open(name, "w", force_zip64=True)
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8", newline="")
        self.writer = csv.writer(self._text)

    def __enter__(self) -> Any:
        return self.writer

    def __exit__(self, *exc: object) -> None:
        self._text.close()


def polis_export(conversation: Conversation, *, url: str = "") -> IO[bytes]:
    """The ZIP as a temporary file, positioned at its start (the caller closes it)."""
    participant_ids = list(
        Participant.objects.filter(conversation=conversation)
        .order_by("id")
        .values_list("id", flat=True)
    )
    number = {pk: i for i, pk in enumerate(participant_ids)}
    statements = list(
        Statement.objects.filter(conversation=conversation)
        .order_by("number")
        .annotate(
            n_agree=Count("votes", filter=Q(votes__value=1)),
            n_disagree=Count("votes", filter=Q(votes__value=-1)),
        )
    )
    snapshot = latest_snapshot(conversation.pk)
    result = snapshot_result(snapshot) if snapshot else None
    groups: dict[int, int] = result.groups_by_participant() if result else {}
    gac: dict[str, float] = snapshot.summary.get("gac", {}) if snapshot else {}

    handle = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115 (returned)
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with _CsvMember(archive, "comments.csv") as out:
            header = ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees"]
            header += ["moderated", "comment-body", "is-seed", "is-meta"]
            out.writerow(header + (["group-informed-consensus"] if gac else []))
            for s in statements:
                millis, text = _stamp(s.created_at)
                row = [millis, text, s.number, number.get(s.author_id, "") if s.author_id else ""]
                row += [s.n_agree, s.n_disagree, MODERATED[Statement.Status(s.status)], s.text]
                row += [int(s.is_seed), int(s.is_meta)]
                out.writerow(row + ([gac.get(str(s.pk), "")] if gac else []))
        statement_number = {s.pk: s.number for s in statements}
        with _CsvMember(archive, "votes.csv") as out:
            out.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
            events = (
                VoteEvent.objects.filter(conversation=conversation)
                .order_by("id")
                .values_list("created_at", "statement_id", "participant_id", "value")
            )
            for created_at, statement_id, participant_id, value in events.iterator(5000):
                millis, text = _stamp(created_at)
                out.writerow(
                    [millis, text, statement_number[statement_id], number[participant_id], value]
                )
        authored = dict(
            Statement.objects.filter(conversation=conversation, author__isnull=False)
            .values("author_id")
            .annotate(n=Count("id"))
            .values_list("author_id", "n")
        )
        columns = [s.number for s in statements]
        position = {s.pk: i for i, s in enumerate(statements)}
        with _CsvMember(archive, "participants-votes.csv") as out:
            out.writerow(
                ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
                + columns
            )
            for pk, cells in _participant_rows(conversation, position, participant_ids):
                voted = [c for c in cells if c != ""]
                out.writerow(
                    [
                        number[pk],
                        groups.get(pk, ""),
                        authored.get(pk, 0),
                        len(voted),
                        sum(1 for c in voted if c == 1),
                        sum(1 for c in voted if c == -1),
                        *cells,
                    ]
                )
        with _CsvMember(archive, "summary.csv") as out:
            out.writerow(["topic", conversation.question])
            out.writerow(["url", url])
            out.writerow(["voters", sum(1 for _ in participant_ids)])
            out.writerow(
                ["voters-in-conv", snapshot.summary.get("in_conversation", 0) if snapshot else 0]
            )
            out.writerow(["commenters", len(authored)])
            out.writerow(["comments", len(statements)])
            out.writerow(["groups", snapshot.group_count if snapshot else 0])
            out.writerow(["conversation-description", conversation.description])
    handle.seek(0)
    return handle


def _participant_rows(
    conversation: Conversation, position: dict[int, int], participant_ids: list[int]
) -> Iterator[tuple[int, list[Any]]]:
    """(participant id, one cell per statement) for every participant, votes or not."""
    votes = (
        Vote.objects.filter(conversation=conversation)
        .order_by("participant_id")
        .values_list("participant_id", "statement_id", "value")
        .iterator(5000)
    )
    pending = next(votes, None)
    for pk in participant_ids:
        cells: list[Any] = [""] * len(position)
        while pending is not None and pending[0] < pk:
            pending = next(votes, None)
        while pending is not None and pending[0] == pk:
            cells[position[pending[1]]] = pending[2]
            pending = next(votes, None)
        yield pk, cells

"""Bringing votes in from outside: paper voting cards (CSV) and Pol.is exports.

Both validate the whole input first and store nothing unless all of it is right; the error
names the line (or file and column) and the problem.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opbouw.accounts.models import User
from opbouw.analysis.opinion import PolisExport, read_polis_export
from opbouw.areas.models import Area
from opbouw.core import uploads

from . import snapshots
from .models import (
    STATEMENT_STORED_MAX_LENGTH,
    Conversation,
    Participant,
    Statement,
    Vote,
    VoteEvent,
)
from .services import check_manage, store_votes

MAX_PAPER_BYTES = 2 * 1024 * 1024
MAX_ERRORS_SHOWN = 10
PAPER_CODE_MAX_LENGTH = 40
COLUMN_NAMES = {
    "participant": {"deelnemer", "deelnemerscode", "code", "participant", "participant code"},
    "statement": {"stelling", "stellingnummer", "nummer", "statement", "statement id"},
    "vote": {"stem", "vote"},
}
DUTCH_NAMES = {"participant": "deelnemer", "statement": "stelling", "vote": "stem"}
VOTE_WORDS = {
    "1": 1, "+1": 1, "eens": 1, "agree": 1,
    "-1": -1, "oneens": -1, "disagree": -1,
    "0": 0, "pas": 0, "overslaan": 0, "pass": 0,
}  # fmt: skip


@dataclass(frozen=True)
class PaperImportResult:
    participants: int
    new_participants: int
    votes: int


def _decode(data: bytes) -> str:
    # Excel on a Dutch Windows machine still saves CSV as Windows-1252.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    # Dutch Excel separates with semicolons (the comma is the decimal sign).
    for candidate in (";", "\t"):
        if candidate in first_line and "," not in first_line:
            return candidate
    return ","


def _too_many(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_ERRORS_SHOWN:
        return errors
    rest = len(errors) - MAX_ERRORS_SHOWN
    return errors[:MAX_ERRORS_SHOWN] + [
        ngettext("… en nog %(n)d fout.", "… en nog %(n)d fouten.", rest) % {"n": rest}
    ]


def _columns(header: list[str]) -> dict[str, int]:
    names = [" ".join(cell.strip().lower().split()) for cell in header]
    found = {}
    for column, accepted in COLUMN_NAMES.items():
        index = next((i for i, name in enumerate(names) if name in accepted), None)
        if index is None:
            raise ValidationError(
                _(
                    "Regel 1: kolom “%(column)s” ontbreekt. De eerste regel moet de kolommen "
                    "deelnemer, stelling en stem noemen."
                )
                % {"column": DUTCH_NAMES[column]}
            )
        found[column] = index
    return found


def paper_votes_import(
    *, conversation: Conversation, imported_by: User, data: bytes
) -> PaperImportResult:
    """Votes from paper cards: a CSV with one row per vote (deelnemer, stelling, stem).

    ``stelling`` is the statement's number in this conversation (as printed on the card),
    ``deelnemer`` any code written on the card (the same code = the same participant; a
    code already imported adds to that participant), ``stem`` 1 / -1 / 0 or eens / oneens /
    pas. Paper votes may be entered after the conversation closed: the meeting was in time.
    """
    check_manage(imported_by, conversation.area)
    if len(data) > MAX_PAPER_BYTES:
        raise ValidationError(_("Het bestand is groter dan 2 MB; splits het in delen."))
    try:
        text = uploads.check_text(_decode(data))
    except uploads.UploadRefused as refused:
        raise ValidationError(str(refused)) from None
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ValidationError(_("Het bestand is leeg."))
        columns = _columns(header)
        by_number = {
            number: (pk, status)
            for pk, number, status in Statement.objects.filter(
                conversation=conversation
            ).values_list("id", "number", "status")
        }
        errors: list[str] = []
        rows: list[tuple[str, int, int]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            row = _paper_row(line, cells, columns, by_number, errors)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        raise ValidationError(
            _("Regel %(line)d: het bestand is geen geldige CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from None
    if errors:
        raise ValidationError(_too_many(errors))
    if not rows:
        raise ValidationError(_("Het bestand bevat geen stemmen."))
    with transaction.atomic():
        keys = {code: f"{Participant.Source.PAPER}:{code}" for code, _s, _v in rows}
        known = dict(
            Participant.objects.filter(
                conversation=conversation, key__in=keys.values()
            ).values_list("key", "id")
        )
        missing = [key for key in dict.fromkeys(keys.values()) if key not in known]
        Participant.objects.bulk_create(
            Participant(conversation=conversation, key=key, source=Participant.Source.PAPER)
            for key in missing
        )
        ids = dict(
            Participant.objects.filter(
                conversation=conversation, key__in=keys.values()
            ).values_list("key", "id")
        )
        count = store_votes(
            conversation=conversation,
            votes=[(ids[keys[code]], statement, value) for code, statement, value in rows],
            source=Participant.Source.PAPER,
        )
    return PaperImportResult(participants=len(ids), new_participants=len(missing), votes=count)


def _paper_row(
    line: int,
    cells: list[str],
    columns: dict[str, int],
    by_number: dict[int, tuple[int, str]],
    errors: list[str],
) -> tuple[str, int, int] | None:
    def cell(name: str) -> str:
        index = columns[name]
        return cells[index].strip() if index < len(cells) else ""

    code, number_text, vote_text = cell("participant"), cell("statement"), cell("vote")
    problems = []
    if not code:
        problems.append(_("Regel %(line)d: de deelnemerscode ontbreekt.") % {"line": line})
    elif len(code) > PAPER_CODE_MAX_LENGTH:
        problems.append(
            _("Regel %(line)d: de deelnemerscode is langer dan %(max)d tekens.")
            % {"line": line, "max": PAPER_CODE_MAX_LENGTH}
        )
    statement = None
    try:
        number = int(number_text)
    except ValueError:
        problems.append(
            _("Regel %(line)d: stelling “%(value)s” is geen nummer.")
            % {"line": line, "value": number_text[:20]}
        )
    else:
        found = by_number.get(number)
        if found is None:
            problems.append(
                _("Regel %(line)d: stelling %(number)d bestaat niet in dit gesprek.")
                % {"line": line, "number": number}
            )
        elif found[1] == Statement.Status.HIDDEN:
            problems.append(
                _(
                    "Regel %(line)d: stelling %(number)d is verborgen; "
                    "daarop kan niet gestemd worden."
                )
                % {"line": line, "number": number}
            )
        elif found[1] == Statement.Status.PENDING:
            problems.append(
                _("Regel %(line)d: stelling %(number)d wacht nog op goedkeuring.")
                % {"line": line, "number": number}
            )
        else:
            statement = found[0]
    value = VOTE_WORDS.get(vote_text.lower())
    if value is None:
        problems.append(
            _(
                "Regel %(line)d: stem “%(value)s” is ongeldig; gebruik 1 (eens), -1 (oneens) "
                "of 0 (overslaan)."
            )
            % {"line": line, "value": vote_text[:20]}
        )
    errors.extend(problems)
    if problems or statement is None or value is None:
        return None
    return code, statement, value


# --- Pol.is exports ------------------------------------------------------------------------


@dataclass(frozen=True)
class PolisImportResult:
    conversation: Conversation
    statements: int
    participants: int
    votes: int


def _summary_facts(folder: Path) -> dict[str, str]:
    path = folder / "summary.csv"
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {row[0].strip(): row[1] for row in csv.reader(handle) if len(row) >= 2}


def polis_import(
    *,
    path: str | Path,
    area: Area,
    imported_by: User | None = None,
    question: str = "",
    keep_open: bool = False,
) -> PolisImportResult:
    """A Pol.is export folder as a new conversation in ``area``, with all its votes.

    Raises PolisExportError (file, line and column named) or ValidationError; either way
    nothing is stored. Statements keep their Pol.is number and moderation (accepted →
    visible, unmoderated → waiting, moderated out → hidden) and their text as published,
    also when longer than the 280 characters new statements may have. Participants get a
    key ``polis:<id>`` and nothing else (an ``xid`` may be personal; it is not kept). The
    conversation is closed at import unless ``keep_open``. The analysis is recomputed
    afterwards, by us: Pol.is's published groups are not copied.
    """
    folder = Path(path)
    export = read_polis_export(folder)
    facts = _summary_facts(folder)
    for statement in export.statements:
        if len(statement.text) > STATEMENT_STORED_MAX_LENGTH:
            raise ValidationError(
                _("comments.csv: stelling %(id)d is langer dan %(max)d tekens.")
                % {"id": statement.id, "max": STATEMENT_STORED_MAX_LENGTH}
            )
    title = (question or facts.get("topic") or folder.name).strip()[:200]
    if imported_by is not None:
        check_manage(imported_by, area)
    with transaction.atomic():
        conversation = Conversation(
            area=area,
            question=title,
            description=(facts.get("conversation-description") or "").strip()[:2000],
            created_by=imported_by,
            imported_from=folder.name[:200],
            closes_at=None if keep_open else timezone.now(),
            moderation=Conversation.Moderation.STRICT,
        )
        conversation.full_clean()
        conversation.save()
        result = _store_export(conversation, export)
        snapshots.request_recompute(conversation=conversation, force=True)
    return result


def _store_export(conversation: Conversation, export: PolisExport) -> PolisImportResult:
    authors = {s.author_id for s in export.statements if s.author_id is not None}
    polis_ids = sorted(set(export.participant_ids.tolist()) | authors)
    Participant.objects.bulk_create(
        (
            Participant(
                conversation=conversation, key=f"polis:{pid}", source=Participant.Source.IMPORT
            )
            for pid in polis_ids
        ),
        batch_size=5000,
    )
    participant_pk = {
        int(key.split(":", 1)[1]): pk
        for key, pk in Participant.objects.filter(conversation=conversation).values_list(
            "key", "id"
        )
    }
    status = {
        1: Statement.Status.APPROVED,
        0: Statement.Status.PENDING,
        -1: Statement.Status.HIDDEN,
    }
    Statement.objects.bulk_create(
        (
            Statement(
                conversation=conversation,
                number=s.id,
                text=s.text,
                author_id=participant_pk.get(s.author_id) if s.author_id is not None else None,
                is_seed=s.is_seed,
                is_meta=s.is_meta,
                status=status[s.moderated],
            )
            for s in export.statements
        ),
        batch_size=5000,
    )
    statement_pk = dict(
        Statement.objects.filter(conversation=conversation).values_list("number", "id")
    )
    votes = export.votes
    rows = np.repeat(votes.participant_ids, np.diff(votes.codes.indptr))
    cols = votes.statement_ids[votes.codes.indices]
    values = votes.vote_values()
    now = timezone.now()
    triples = [
        (participant_pk[int(p)], statement_pk[int(s)], int(v))
        for p, s, v in zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True)
    ]
    Vote.objects.bulk_create(
        (
            Vote(
                conversation=conversation, participant_id=p, statement_id=s, value=v, updated_at=now
            )
            for p, s, v in triples
        ),
        batch_size=5000,
    )
    VoteEvent.objects.bulk_create(
        (
            VoteEvent(
                conversation=conversation,
                participant_id=p,
                statement_id=s,
                value=v,
                source=Participant.Source.IMPORT,
                created_at=now,
            )
            for p, s, v in triples
        ),
        batch_size=5000,
    )
    return PolisImportResult(
        conversation=conversation,
        statements=len(statement_pk),
        participants=len(participant_pk),
        votes=len(triples),
    )

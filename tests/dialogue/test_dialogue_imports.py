"""Votes from outside: paper cards (CSV), Pol.is exports (command), and the export back."""

import io
import shutil
import zipfile

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from opbouw.analysis.opinion import read_polis_export
from opbouw.dialogue import imports, services, snapshots
from opbouw.dialogue.export import polis_export
from opbouw.dialogue.models import Conversation, Participant, Statement, Vote, VoteEvent
from tests.dialogue.support import counts, plant_votes
from tests.shared_data import POLIS_DATA

SMALL_EXPORT = POLIS_DATA / "london.youth.policing"


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


# --- paper votes ---------------------------------------------------------------------------


def test_paper_votes_are_stored_per_card_code(conversation, worker):
    result = imports.paper_votes_import(
        conversation=conversation,
        imported_by=worker,
        data=_csv("deelnemer,stelling,stem\nK1,1,1\nK1,2,-1\nK2,1,0\nK2,3,1\n"),
    )
    assert (result.participants, result.new_participants, result.votes) == (2, 2, 4)
    codes = sorted(p.paper_code for p in Participant.objects.filter(source="paper"))
    assert codes == ["K1", "K2"]
    k1 = Participant.objects.get(key="paper:K1")
    assert dict(k1.votes.values_list("statement__number", "value")) == {1: 1, 2: -1}
    assert VoteEvent.objects.filter(source="paper").count() == 4


def test_dutch_excel_semicolons_words_and_a_second_file_adding_to_a_card(conversation, worker):
    data = "Deelnemer;Stelling;Stem\r\nK1;4;eens\r\nK1;5;Oneens\r\n".encode("cp1252")
    imports.paper_votes_import(conversation=conversation, imported_by=worker, data=data)
    again = imports.paper_votes_import(
        conversation=conversation, imported_by=worker, data=_csv("code,nummer,vote\nK1,4,pas\n")
    )
    assert again.new_participants == 0
    k1 = Participant.objects.get(key="paper:K1")
    assert dict(k1.votes.values_list("statement__number", "value")) == {4: 0, 5: -1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "deelnemer,stelling,stem\nK1,1,1\nK1,99,1\n",
            "Regel 3: stelling 99 bestaat niet in dit gesprek.",
        ),
        (
            "deelnemer,stelling,stem\nK1,1,1\nK2,2,ja\n",
            "Regel 3: stem “ja” is ongeldig; gebruik 1 (eens), -1 (oneens) of 0 (overslaan).",
        ),
        ("deelnemer,stelling,stem\nK1,1,2\n", "Regel 2: stem “2” is ongeldig"),
        ("deelnemer,stelling,stem\n,1,1\n", "Regel 2: de deelnemerscode ontbreekt."),
        ("deelnemer,stelling,stem\nK1,een,1\n", "Regel 2: stelling “een” is geen nummer."),
        ("deelnemer,stelling\nK1,1\n", "Regel 1: kolom “stem” ontbreekt."),
        ("wie,wat,stem\nK1,1,1\n", "Regel 1: kolom “deelnemer” ontbreekt."),
        ("deelnemer,stelling,stem\n", "Het bestand bevat geen stemmen."),
        ("", "Het bestand is leeg."),
    ],
)
def test_a_bad_paper_file_names_the_row_and_stores_nothing(conversation, worker, content, message):
    before = counts()
    with pytest.raises(ValidationError) as error:
        imports.paper_votes_import(
            conversation=conversation, imported_by=worker, data=_csv(content)
        )
    assert any(m.startswith(message) for m in error.value.messages), error.value.messages
    assert counts() == before


def test_a_paper_vote_on_a_hidden_statement_is_refused(conversation, worker):
    services.statement_moderate(
        statement=conversation.statements.get(number=2), moderator=worker, action="hide"
    )
    before = counts()
    with pytest.raises(ValidationError) as error:
        imports.paper_votes_import(
            conversation=conversation,
            imported_by=worker,
            data=_csv("deelnemer,stelling,stem\nK1,2,1\n"),
        )
    assert error.value.messages == [
        "Regel 2: stelling 2 is verborgen; daarop kan niet gestemd worden."
    ]
    assert counts() == before


def test_every_error_is_listed_up_to_ten(conversation, worker):
    rows = "".join(f"K{i},999,1\n" for i in range(15))
    with pytest.raises(ValidationError) as error:
        imports.paper_votes_import(
            conversation=conversation,
            imported_by=worker,
            data=_csv("deelnemer,stelling,stem\n" + rows),
        )
    assert len(error.value.messages) == 11
    assert error.value.messages[-1] == "… en nog 5 fouten."


def test_only_workers_of_the_area_import_paper_votes(conversation, other_worker):
    with pytest.raises(ValidationError):
        imports.paper_votes_import(
            conversation=conversation,
            imported_by=other_worker,
            data=_csv("deelnemer,stelling,stem\nK,1,1\n"),
        )
    assert not Vote.objects.exists()


# --- Pol.is exports ------------------------------------------------------------------------


def test_import_polis_brings_in_a_real_conversation(areas, worker):
    out = io.StringIO()
    call_command("import_polis", str(SMALL_EXPORT), "--area", areas.wijk.code, stdout=out)
    conversation = Conversation.objects.get()
    export = read_polis_export(SMALL_EXPORT)
    assert conversation.area == areas.wijk and conversation.imported_from == SMALL_EXPORT.name
    assert conversation.has_closed()
    assert conversation.statements.count() == len(export.statements)
    assert Vote.objects.filter(conversation=conversation).count() == export.votes.nnz
    hidden = {s.id for s in export.statements if s.moderated == -1}
    assert (
        set(
            conversation.statements.filter(status=Statement.Status.HIDDEN).values_list(
                "number", flat=True
            )
        )
        == hidden
    )
    assert "geïmporteerd" in out.getvalue()
    # The analysis ran on commit? In tests the transaction never commits; run it here.
    snapshot = snapshots.snapshot_compute(conversation_id=conversation.pk)
    assert snapshot.participant_count == export.votes.shape[0]


def test_import_polis_with_a_missing_column_stores_nothing(areas, tmp_path):
    broken = tmp_path / "export"
    shutil.copytree(SMALL_EXPORT, broken)
    votes = broken / "votes.csv"
    lines = votes.read_text().splitlines()
    header = lines[0].split(",")
    drop = header.index("vote")
    votes.write_text(
        "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines)
    )
    with pytest.raises(CommandError) as error:
        call_command("import_polis", str(broken), "--area", areas.wijk.code)
    assert "Niets geïmporteerd" in str(error.value)
    assert "votes.csv: line 1: missing column 'vote'" in str(error.value)
    assert not Conversation.objects.exists() and counts() == (0, 0, 0, 0)


def test_import_polis_with_an_unknown_statement_stores_nothing(areas, tmp_path):
    broken = tmp_path / "export"
    shutil.copytree(SMALL_EXPORT, broken)
    with (broken / "votes.csv").open("a") as handle:
        handle.write("1,Mon Jan 01 00:00:00 UTC 2024,9999,1,1\n")
    with pytest.raises(CommandError, match="unknown statement 9999"):
        call_command("import_polis", str(broken), "--area", areas.wijk.code)
    assert not Conversation.objects.exists()


def test_import_polis_refuses_an_unknown_area_or_folder(areas, tmp_path):
    with pytest.raises(CommandError, match="Onbekend gebied"):
        call_command("import_polis", str(SMALL_EXPORT), "--area", "WK999999")
    with pytest.raises(CommandError, match="no such export folder"):
        call_command("import_polis", str(tmp_path / "nergens"), "--area", areas.wijk.code)
    assert not Conversation.objects.exists()


# --- the export ----------------------------------------------------------------------------


def test_the_export_reads_back_as_the_same_conversation(conversation, worker, tmp_path):
    participants = plant_votes(conversation, participants=20)
    # A changed vote: votes.csv holds both events, the latest counts when read back.
    services.vote_cast(
        conversation=conversation,
        voter=services.Voter(user=None, key=participants[0].key),
        statement_id=conversation.statements.get(number=1).pk,
        value=0,
    )
    snapshots.snapshot_compute(conversation_id=conversation.pk)
    archive = polis_export(conversation, url="https://example.org/g/x/")
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == [
            "comments.csv",
            "participants-votes.csv",
            "summary.csv",
            "votes.csv",
        ]
        zipped.extractall(tmp_path)
    export = read_polis_export(tmp_path)
    assert export.vote_source == "votes.csv"
    assert export.votes.nnz == Vote.objects.count() == 200
    first = list(Participant.objects.filter(conversation=conversation).order_by("id"))
    row = int(np.flatnonzero(export.votes.participant_ids == 0)[0])
    column = int(np.flatnonzero(export.votes.statement_ids == 1)[0])
    assert first[0].pk == participants[0].pk
    assert export.votes.to_dense()[row, column] == 0
    assert export.published_groups is not None and (export.published_groups >= 0).sum() == 20
    assert export.published_gac is not None and len(export.published_gac) == 10
    header = (tmp_path / "participants-votes.csv").read_text().splitlines()[0]
    assert header.startswith("participant,group-id,n-comments,n-votes,n-agree,n-disagree,1,2,")


@pytest.mark.parametrize(
    "data",
    [
        "deelnemer,stelling,stem\nkaart-1,1,eens\n".encode("utf-16"),  # Excel's "Unicode text"
        b"deelnemer,stelling,stem\nkaart\x00-1,1,eens\n",  # a NUL: PostgreSQL refuses it
        b"deelnemer,stelling,stem\nkaart\x1b-1,1,eens\n",
    ],
)
def test_a_paper_file_that_is_not_text_is_refused_with_a_clear_message(conversation, worker, data):
    """Issue 11, item 13: every upload is checked completely, a CSV as text."""
    before = counts()
    with pytest.raises(ValidationError, match="geen tekstbestand"):
        imports.paper_votes_import(conversation=conversation, imported_by=worker, data=data)
    assert counts() == before

"""Writing conversations, statements, participants and votes.

Views, commands and tasks call these; they never save models themselves. Every check that
protects the data happens here (a form can be tampered with); a refused write raises
ValidationError with a message that names the problem, and stores nothing.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.areas.models import Area, Level
from opbouw.core.models import Theme

from . import cache, snapshots
from .models import (
    STATEMENT_MAX_LENGTH,
    STATEMENT_MIN_LENGTH,
    Conversation,
    DeclaredRole,
    Participant,
    Statement,
    Vote,
    VoteEvent,
)
from .permissions import manage_area_ids

MAX_STATEMENTS_PER_PARTICIPANT = 25
NEAR_DUPLICATE_RATIO = 0.85
_WORDS = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True)
class Voter:
    """Who is acting on the participation pages: an account, or the key in their cookie.

    ``key`` is the random key from the signed cookie, or a fresh one the view will put in
    the cookie if this request creates the participant.
    """

    user: User | None
    key: str


# --- conversations -------------------------------------------------------------------------


def check_manage(user: User, area: Area) -> None:
    if area.pk not in manage_area_ids(user):
        raise ValidationError({"area": _("U werkt niet in dit gebied.")})


def _check_dates(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Het gesprek moet sluiten na het begin.")})


@transaction.atomic
def conversation_create(
    *,
    created_by: User,
    area: Area,
    question: str,
    description: str = "",
    themes: Sequence[Theme] = (),
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    moderation: str = Conversation.Moderation.STRICT,
    accepts_statements: bool = True,
    seed_statements: Sequence[str] = (),
) -> Conversation:
    check_manage(created_by, area)
    _check_dates(opens_at, closes_at)
    conversation = Conversation(
        created_by=created_by,
        area=area,
        question=question.strip(),
        description=description.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        moderation=moderation,
        accepts_statements=accepts_statements,
    )
    conversation.full_clean()
    conversation.save()
    conversation.themes.set(themes)
    for text in seed_statements:
        statement_add_seed(conversation=conversation, added_by=created_by, text=text)
    return conversation


@transaction.atomic
def conversation_update(
    *,
    conversation: Conversation,
    editor: User,
    area: Area,
    question: str,
    description: str,
    themes: Sequence[Theme],
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    moderation: str,
    accepts_statements: bool,
) -> Conversation:
    check_manage(editor, conversation.area)
    check_manage(editor, area)
    _check_dates(opens_at, closes_at)
    conversation.area = area
    conversation.question = question.strip()
    conversation.description = description.strip()
    conversation.opens_at = opens_at
    conversation.closes_at = closes_at
    conversation.moderation = moderation
    conversation.accepts_statements = accepts_statements
    conversation.full_clean()
    conversation.save()
    conversation.themes.set(themes)
    return conversation


# --- statements ----------------------------------------------------------------------------


def clean_statement_text(text: str) -> str:
    """Whitespace tidied; 3 to 280 characters, or a ValidationError saying which."""
    cleaned = " ".join((text or "").split())
    if len(cleaned) < STATEMENT_MIN_LENGTH:
        raise ValidationError(
            {
                "text": _("Een stelling heeft minstens %(min)d tekens.")
                % {"min": STATEMENT_MIN_LENGTH}
            }
        )
    if len(cleaned) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "De stelling is te lang: %(length)d tekens, maximaal %(max)d. "
                    "Maak hem korter of splits hem in twee stellingen."
                )
                % {"length": len(cleaned), "max": STATEMENT_MAX_LENGTH}
            }
        )
    return cleaned


def normalise(text: str) -> str:
    """Lower case, without accents and punctuation: what "the same statement" compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORDS.sub(" ", bare).split())


def find_similar(conversation_id: int, text: str) -> tuple[Statement | None, Statement | None]:
    """(exact, near): a statement with the same normalised text, else the most similar one.

    Near means a SequenceMatcher ratio of at least 0.85 on the normalised texts, or the same
    words in another order; a cheap length and quick_ratio filter goes first, so a
    conversation of a few thousand statements is checked in milliseconds.
    """
    target = normalise(text)
    target_words = set(target.split())
    best: tuple[float, int] | None = None
    rows = Statement.objects.filter(conversation_id=conversation_id).values_list("id", "text")
    for pk, other_text in rows:
        other = normalise(other_text)
        if other == target:
            return Statement.objects.get(pk=pk), None
        if target_words and target_words == set(other.split()):
            score = 0.99
        else:
            if abs(len(other) - len(target)) > (1 - NEAR_DUPLICATE_RATIO) * max(len(target), 1) * 2:
                continue
            matcher = SequenceMatcher(None, target, other, autojunk=False)
            if matcher.quick_ratio() < NEAR_DUPLICATE_RATIO:
                continue
            score = matcher.ratio()
        if score >= NEAR_DUPLICATE_RATIO and (best is None or score > best[0]):
            best = (score, pk)
    return None, (Statement.objects.get(pk=best[1]) if best else None)


def statements_changed(conversation: Conversation) -> None:
    """Tell every process's statement cache (cache.py) that the statements changed."""
    Conversation.objects.filter(pk=conversation.pk).update(
        statements_version=F("statements_version") + 1
    )
    conversation.statements_version += 1


def _next_number(conversation: Conversation) -> int:
    # Lock the conversation row so two statements added at once do not get one number
    # (PostgreSQL; SQLite serialises writers anyway).
    Conversation.objects.select_for_update().filter(pk=conversation.pk).values_list("pk").first()
    highest = Statement.objects.filter(conversation=conversation).aggregate(n=Max("number"))["n"]
    return 1 if highest is None else highest + 1


@transaction.atomic
def statement_add_seed(
    *, conversation: Conversation, added_by: User, text: str, is_meta: bool = False
) -> Statement:
    """A statement the worker starts the conversation with: visible at once."""
    check_manage(added_by, conversation.area)
    cleaned = clean_statement_text(text)
    exact, _near = find_similar(conversation.pk, cleaned)
    if exact is not None:
        raise ValidationError(
            {"text": _("Deze stelling staat er al (nummer %(n)d).") % {"n": exact.number}}
        )
    statement = Statement(
        conversation=conversation,
        number=_next_number(conversation),
        text=cleaned,
        is_seed=True,
        is_meta=is_meta,
        status=Statement.Status.APPROVED,
    )
    statement.full_clean()
    statement.save()
    statements_changed(conversation)
    return statement


@transaction.atomic
def statement_submit(*, conversation: Conversation, voter: Voter, text: str) -> Statement:
    """A participant's own statement.

    Strict moderation: it waits for approval. Permissive: visible at once, unless it looks
    like an existing statement; then the moderator decides (it is flagged either way).
    """
    _check_open(conversation, timezone.now(), _("je stelling is niet opgeslagen"))
    if not conversation.accepts_statements:
        raise ValidationError({"text": _("In dit gesprek kun je geen eigen stellingen toevoegen.")})
    cleaned = clean_statement_text(text)
    exact, near = find_similar(conversation.pk, cleaned)
    if exact is not None and exact.status != Statement.Status.HIDDEN:
        raise ValidationError(
            {
                "text": _("Deze stelling staat er al: “%(text)s”. Je kunt erop stemmen.")
                % {"text": exact.text}
            }
        )
    participant = _participant(conversation, voter)
    if participant.statements.count() >= MAX_STATEMENTS_PER_PARTICIPANT:
        raise ValidationError(
            {
                "text": _("Je hebt al %(n)d stellingen ingediend; dat is het maximum.")
                % {"n": MAX_STATEMENTS_PER_PARTICIPANT}
            }
        )
    flagged = exact or near
    visible_at_once = conversation.moderation == Conversation.Moderation.PERMISSIVE
    statement = Statement(
        conversation=conversation,
        number=_next_number(conversation),
        text=cleaned,
        author=participant,
        near_duplicate_of=flagged,
        status=(
            Statement.Status.APPROVED
            if visible_at_once and flagged is None
            else Statement.Status.PENDING
        ),
    )
    statement.full_clean()
    statement.save()
    statements_changed(conversation)
    return statement


class ModerationAction:
    APPROVE = "approve"
    HIDE = "hide"
    CHOICES = (APPROVE, HIDE)


@transaction.atomic
def statement_moderate(*, statement: Statement, moderator: User, action: str) -> Statement:
    conversation = statement.conversation
    check_manage(moderator, conversation.area)
    if action not in ModerationAction.CHOICES:
        raise ValidationError(_("Onbekende moderatieactie: %(action)s.") % {"action": action})
    statement.status = (
        Statement.Status.APPROVED if action == ModerationAction.APPROVE else Statement.Status.HIDDEN
    )
    statement.save(update_fields=["status", "updated_at"])
    statements_changed(conversation)
    # Hiding or showing a statement changes the analysis without any new vote.
    if conversation.snapshots.exists():
        snapshots.request_recompute(conversation=conversation, force=True)
    return statement


# --- participants and votes ----------------------------------------------------------------


def _check_open(conversation: Conversation, now: dt.datetime, consequence: str) -> None:
    if not conversation.has_opened(now):
        assert conversation.opens_at is not None
        raise ValidationError(
            {
                "conversation": _("Dit gesprek begint op %(date)s; %(consequence)s.")
                % {"date": _when(conversation.opens_at), "consequence": consequence}
            }
        )
    if conversation.has_closed(now):
        assert conversation.closes_at is not None
        raise ValidationError(
            {
                "conversation": _("Dit gesprek is gesloten sinds %(date)s; %(consequence)s.")
                % {"date": _when(conversation.closes_at), "consequence": consequence}
            }
        )


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def _participant(conversation: Conversation, voter: Voter) -> Participant:
    """The voter's participant in this conversation, created on their first contribution."""
    user = voter.user if voter.user is not None and voter.user.is_authenticated else None
    lookup: dict[str, object] = (
        {"conversation": conversation, "user": user}
        if user is not None
        else {"conversation": conversation, "key": voter.key}
    )
    # No ORDER BY (first() would add one): the lookup is unique.
    found = list(Participant.objects.filter(**lookup)[:1])
    if found:
        return found[0]
    try:
        with transaction.atomic():
            return Participant.objects.create(conversation=conversation, key=voter.key, user=user)
    except IntegrityError:
        # The same person's second tab won the race; use theirs.
        return Participant.objects.get(**lookup)


def parse_vote_value(value: object) -> int:
    """-1, 0 or 1 (as int or text), else a ValidationError naming the value."""
    text = str(value).strip() if value is not None else ""
    if text in {"1", "+1", "0", "-1"}:
        return int(text)
    raise ValidationError(
        {
            "vote": _(
                "Een stem is 1 (eens), -1 (oneens) of 0 (overslaan), niet “%(value)s”; "
                "je stem is niet opgeslagen."
            )
            % {"value": text[:20]}
        }
    )


def _votable_statement(conversation: Conversation, statement_id: object) -> int:
    """The id of a statement one may vote on now; else a ValidationError saying why not."""
    try:
        pk = int(str(statement_id))
    except ValueError:
        pk = None
    if pk is not None and pk in cache.visible_statements(conversation):
        return pk
    statement = (
        Statement.objects.filter(pk=pk, conversation_id=conversation.pk)
        .only("id", "status", "conversation_id")
        .first()
        if pk is not None
        else None
    )
    if statement is None:
        raise ValidationError(
            {
                "statement": _(
                    "Deze stelling hoort niet bij dit gesprek; je stem is niet opgeslagen."
                )
            }
        )
    if statement.status == Statement.Status.HIDDEN:
        raise ValidationError(
            {
                "statement": _(
                    "De gespreksleider heeft deze stelling verborgen; je stem is niet opgeslagen."
                )
            }
        )
    if statement.status == Statement.Status.PENDING:
        raise ValidationError(
            {"statement": _("Deze stelling wacht nog op goedkeuring; je stem is niet opgeslagen.")}
        )
    return int(statement.pk)


def store_votes(
    *,
    conversation: Conversation,
    votes: Iterable[tuple[int, int, int]],
    source: str,
    now: dt.datetime | None = None,
) -> int:
    """Store already-validated (participant id, statement id, value) votes; latest counts.

    One upsert for the latest votes and one insert for the history, then the recompute
    debounce. Call inside a transaction together with the checks.
    """
    moment = now or timezone.now()
    rows = list(votes)
    if len(rows) == 1:
        _store_one_vote(conversation.pk, *rows[0], source=source, moment=moment)
    else:
        _store_many_votes(conversation.pk, rows, source=source, moment=moment)
    if snapshots.recompute_due(conversation, now=moment):
        snapshots.request_recompute(conversation=conversation, now=moment)
    return len(rows)


def _store_one_vote(
    conversation_id: int,
    participant_id: int,
    statement_id: int,
    value: int,
    *,
    source: str,
    moment: dt.datetime,
) -> None:
    """The voting tap's path: two plain statements instead of two bulk_create calls.

    The ORM's bulk machinery costs milliseconds per call on a small server, and a vote has
    a budget of 50 ms; ON CONFLICT … DO UPDATE is the same upsert on SQLite and PostgreSQL.
    Table names come from the models' meta, values are parameters.
    """
    when = connection.ops.adapt_datetimefield_value(moment)
    vote, event = Vote._meta.db_table, VoteEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {vote} (conversation_id, participant_id, statement_id, value, "  # noqa: S608
            "updated_at) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (participant_id, statement_id) "
            "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [conversation_id, participant_id, statement_id, value, when],
        )
        cursor.execute(
            f"INSERT INTO {event} (conversation_id, participant_id, statement_id, value, "  # noqa: S608
            "source, created_at) VALUES (%s, %s, %s, %s, %s, %s)",
            [conversation_id, participant_id, statement_id, value, source, when],
        )


def _store_many_votes(
    conversation_id: int,
    rows: list[tuple[int, int, int]],
    *,
    source: str,
    moment: dt.datetime,
) -> None:
    latest = {(p, s): v for p, s, v in rows}  # within one batch the last one counts
    Vote.objects.bulk_create(
        [
            Vote(
                conversation_id=conversation_id,
                participant_id=p,
                statement_id=s,
                value=v,
                updated_at=moment,
            )
            for (p, s), v in latest.items()
        ],
        update_conflicts=True,
        unique_fields=["participant", "statement"],
        update_fields=["value", "updated_at"],
        batch_size=2000,
    )
    VoteEvent.objects.bulk_create(
        [
            VoteEvent(
                conversation_id=conversation_id,
                participant_id=p,
                statement_id=s,
                value=v,
                source=source,
                created_at=moment,
            )
            for p, s, v in rows
        ],
        batch_size=2000,
    )


def vote_cast(
    *,
    conversation: Conversation,
    voter: Voter,
    statement_id: object,
    value: object,
    now: dt.datetime | None = None,
) -> Participant:
    """One vote from the participation page. Returns the (possibly new) participant."""
    moment = now or timezone.now()
    vote_value = parse_vote_value(value)
    _check_open(conversation, moment, _("je stem is niet opgeslagen"))
    statement_pk = _votable_statement(conversation, statement_id)
    with transaction.atomic():
        participant = _participant(conversation, voter)
        store_votes(
            conversation=conversation,
            votes=[(participant.pk, statement_pk, vote_value)],
            source=Participant.Source.WEB,
            now=moment,
        )
    return participant


def buurten_of(conversation: Conversation) -> list[Area]:
    """The buurten a participant can say they live or work in: those of the area."""
    area = conversation.area
    if area.level == Level.NEIGHBOURHOOD:
        return [area]
    return list(
        Area.objects.filter(path__startswith=area.path, level=Level.NEIGHBOURHOOD).order_by("name")
    )


@transaction.atomic
def participant_declare(
    *, conversation: Conversation, voter: Voter, declared_role: str, buurt_id: int | None
) -> Participant:
    """What a participant chooses to tell about themself (both optional, both changeable)."""
    if declared_role and declared_role not in DeclaredRole.values:
        raise ValidationError({"declared_role": _("Kies een van de rollen uit de lijst.")})
    buurt = None
    if buurt_id is not None:
        buurt = next((b for b in buurten_of(conversation) if b.pk == buurt_id), None)
        if buurt is None:
            raise ValidationError({"buurt": _("Kies een buurt uit de lijst.")})
    participant = _participant(conversation, voter)
    participant.declared_role = declared_role
    participant.buurt = buurt
    participant.full_clean()
    participant.save(update_fields=["declared_role", "buurt"])
    return participant

"""Reading conversations for the pages: lists, the voting card, the moderation queue."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from opbouw.areas.permissions import AnyUser

from . import cache
from .cache import VisibleStatement
from .models import Conversation, Participant, Statement, Vote
from .permissions import conversations_visible
from .services import Voter
from .snapshots import draw


def _count(queryset: QuerySet) -> Coalesce:  # type: ignore[type-arg]
    counted = queryset.order_by().values("conversation_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def conversation_list(user: AnyUser) -> QuerySet[Conversation]:
    """The conversations of the user's areas, with their counts: a constant number of queries."""
    statements = Statement.objects.filter(conversation_id=OuterRef("pk"))
    return (
        conversations_visible(user)
        .select_related("area")
        .prefetch_related("themes")
        .annotate(
            n_participants=_count(Participant.objects.filter(conversation_id=OuterRef("pk"))),
            n_statements=_count(statements.filter(status=Statement.Status.APPROVED)),
            n_pending=_count(statements.filter(status=Statement.Status.PENDING)),
        )
        .order_by("-created_at", "-id")
    )


def statement_list(conversation: Conversation) -> QuerySet[Statement]:
    return (
        Statement.objects.filter(conversation=conversation)
        .select_related("near_duplicate_of")
        .order_by("number")
    )


def moderation_queue(conversation: Conversation) -> list[Statement]:
    """Statements waiting for the moderator, oldest first, with what they look like."""
    return list(
        statement_list(conversation)
        .filter(status=Statement.Status.PENDING)
        .order_by("created_at", "id")
    )


def participant_get(conversation: Conversation, voter: Voter) -> Participant | None:
    if voter.user is not None and voter.user.is_authenticated:
        return Participant.objects.filter(conversation=conversation, user=voter.user).first()
    if not voter.key:
        return None
    return Participant.objects.filter(conversation=conversation, key=voter.key).first()


@dataclass(frozen=True)
class Card:
    """What the voting page shows: the next statement (None: all done) and the progress."""

    statement: VisibleStatement | None
    voted: int
    total: int

    @property
    def remaining(self) -> int:
        return max(self.total - self.voted, 0)


def next_card(conversation: Conversation, participant: Participant | None) -> Card:
    """The next statement by Pol.is priority among visible statements not yet voted on.

    One query (the participant's votes); the statements and priorities come from cache.py.
    """
    visible = cache.visible_statements(conversation)
    voted: set[int] = set()
    if participant is not None:
        # A plain query: this runs on every vote, and the ORM's overhead is most of its cost.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT statement_id FROM {Vote._meta.db_table} WHERE participant_id = %s",  # noqa: S608
                [participant.pk],
            )
            voted = {row[0] for row in cursor.fetchall()}
    ids, weights = cache.draw_table(conversation)
    chosen = draw(ids, weights, voted)
    statement = visible[chosen] if chosen is not None else None
    return Card(statement=statement, voted=len(voted & visible.keys()), total=len(visible))

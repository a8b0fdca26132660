"""Who may see and run conversations.

Workers, coordinators and admins run the conversations of their areas (create, moderate,
import paper votes, export). Partners and policy see the conversations and their results in
their areas: they take part as stakeholders. Taking part itself needs no account: the
invitation link is the key (``access_invitation``).
"""

from django.db.models import QuerySet
from django.http import Http404

from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import JOURNAL_ROLES, Role

from .models import Conversation, ConversationExport, Statement

# Kept here rather than in core.roles while only this app asks (move them when another does).
MANAGE_ROLES = JOURNAL_ROLES
VIEW_ROLES = frozenset({*JOURNAL_ROLES, Role.PARTNER, Role.POLICY})


def view_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, VIEW_ROLES)


def manage_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, MANAGE_ROLES)


def can_view_conversations(user: AnyUser) -> bool:
    return bool(view_area_ids(user))


def can_manage_conversations(user: AnyUser) -> bool:
    return bool(manage_area_ids(user))


def can_manage(user: AnyUser, conversation: Conversation) -> bool:
    return conversation.area_id in manage_area_ids(user)


def require_view(user: AnyUser) -> None:
    if not can_view_conversations(user):
        raise Http404


def require_manage(user: AnyUser) -> None:
    if not can_manage_conversations(user):
        raise Http404


def conversations_visible(user: AnyUser) -> QuerySet[Conversation]:
    return Conversation.objects.filter(area_id__in=view_area_ids(user))


def access_conversation(user: AnyUser, pk: int) -> Conversation:
    """A conversation in one of the user's areas (any role that may see them); else 404."""
    conversation = (
        Conversation.objects.select_related("area", "created_by")
        .filter(pk=pk, area_id__in=view_area_ids(user))
        .first()
    )
    if conversation is None:
        raise Http404
    return conversation


def access_conversation_for_manage(user: AnyUser, pk: int) -> Conversation:
    """A conversation the user runs (worker, coordinator, admin of its area); else 404."""
    conversation = (
        Conversation.objects.select_related("area", "created_by")
        .filter(pk=pk, area_id__in=manage_area_ids(user))
        .first()
    )
    if conversation is None:
        raise Http404
    return conversation


def access_statement_for_moderation(user: AnyUser, pk: int) -> Statement:
    statement = (
        Statement.objects.select_related("conversation")
        .filter(pk=pk, conversation__area_id__in=manage_area_ids(user))
        .first()
    )
    if statement is None:
        raise Http404
    return statement


def access_export_download(user: AnyUser, pk: int) -> ConversationExport:
    """An export the user asked for, of a conversation they still run; else 404.

    Someone else's export is a 404 even for a colleague of the same area: the audit trail
    records who exported, so only that person downloads.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    export = (
        ConversationExport.objects.select_related("conversation")
        .filter(
            pk=pk,
            requested_by_id=user.pk,
            conversation__area_id__in=manage_area_ids(user),
        )
        .first()
    )
    if export is None:
        raise Http404
    return export


def access_invitation(token: str, *, with_area: bool = True) -> Conversation:
    """The conversation behind an invitation link: open to anyone who has the link.

    An unknown token is a 404 like any other missing page, so tokens cannot be probed for.
    ``with_area=False`` for the voting tap, which shows no area (its boundary is large).
    """
    conversations = Conversation.objects.all()
    if with_area:
        conversations = conversations.select_related("area").defer("area__boundary")
    try:
        return conversations.get(invite_token=token)
    except Conversation.DoesNotExist:
        raise Http404 from None

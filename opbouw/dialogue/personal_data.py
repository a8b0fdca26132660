"""What conversations hold about a person with an account (opbouw.core.personal_data).

A participant is pseudonymous; only a participation linked to an account is about a known
person. Erasure unlinks the account (the votes stay, so the counts and the opinion groups stay
true) and replaces the person's name, e-mail and phone in statements by "[verwijderd]".
"""

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from opbouw.core import personal_data as pd
from opbouw.core.roles import Role

from .models import Conversation, ConversationExport, Participant, Statement, Vote, VoteEvent

pd.register_processing(
    pd.Processing(
        key="dialogue",
        name=_("Gesprekken (stellingen en stemmen)"),
        purpose=_(
            "Meningen in de buurt ophalen en groepen en gedeelde standpunten zichtbaar maken."
        ),
        basis=_("Publieke taak; deelname is vrijwillig en pseudoniem."),
        data_subjects=_("Deelnemers aan een gesprek (met of zonder account)."),
        recipients=[Role.WORKER, Role.COORDINATOR, Role.ADMIN, Role.PARTNER, Role.POLICY],
        retention=["conversation_exports"],
        note=_(
            "Ontvangers zien alleen geaggregeerde uitkomsten en stellingen, nooit wie wat stemde."
        ),
    )
)


def _participants(subject: pd.Subject) -> QuerySet[Participant]:
    if subject.user_id is None:
        return Participant.objects.none()
    return Participant.objects.filter(user_id=subject.user_id)


def _participant_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    return _participants(subject).update(user=None)


pd.register(
    "dialogue.Participant",
    processing="dialogue",
    links={"user": pd.SUBJECT},
    fields=("conversation", "source", "declared_role", "buurt", "created_at"),
    rows=lambda subject: _participants(subject).select_related("conversation", "buurt"),
    erase=_participant_erase,
    description=_("Deelname aan gesprekken"),
)


def _nothing(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    """Votes stay with the (now unlinked) participant: the counts stay true."""
    return 0


pd.register(
    "dialogue.Vote",
    processing="dialogue",
    links={"participant": pd.SUBJECT, "statement": pd.CONTEXT},
    fields=("conversation", "statement", "value", "updated_at"),
    rows=lambda subject: (
        Vote.objects.filter(participant__in=_participants(subject))
        .select_related("conversation", "statement")
        .order_by("pk")
    ),
    erase=_nothing,
    description=_("Stemmen"),
)

pd.register(
    "dialogue.VoteEvent",
    processing="dialogue",
    links={"participant": pd.SUBJECT, "statement": pd.CONTEXT},
    fields=("statement", "value", "source", "created_at"),
    rows=lambda subject: (
        VoteEvent.objects.filter(participant__in=_participants(subject))
        .select_related("statement")
        .order_by("pk")
    ),
    erase=_nothing,
    description=_("Stemgeschiedenis"),
)


def _statement_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    scope = Statement.objects.filter(
        Q(author__in=_participants(subject)) | Q(conversation__area_id__in=subject.area_ids)
    )
    ids = scrub.changed_pks(scope, ["text"])
    if ids:
        # The per-process cache of visible statements is keyed by this version.
        Conversation.objects.filter(statements__in=ids).update(
            statements_version=F("statements_version") + 1
        )
    return len(ids)


pd.register(
    "dialogue.Statement",
    processing="dialogue",
    links={"author": pd.SUBJECT, "near_duplicate_of": pd.CONTEXT},
    fields=("conversation", "number", "text", "status", "created_at"),
    rows=lambda subject: (
        Statement.objects.filter(author__in=_participants(subject))
        .select_related("conversation")
        .order_by("pk")
    ),
    erase=_statement_erase,
    description=_("Ingediende stellingen"),
)


def _conversation_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    return scrub.rows(
        Conversation.objects.filter(area_id__in=subject.area_ids), ["question", "description"]
    )


pd.register(
    "dialogue.Conversation",
    processing="dialogue",
    links={"created_by": pd.ACTOR},
    fields=("question", "area", "created_at"),
    rows=lambda subject: (
        Conversation.objects.none()
        if subject.user_id is None
        else Conversation.objects.filter(created_by_id=subject.user_id)
    ),
    erase=_conversation_erase,
    description=_("Gesprekken die de persoon begon"),
)


def _export_erase(subject: pd.Subject, scrub: pd.Scrubber) -> int:
    """An export holds numbered participants only; it goes with its requester's account."""
    return 0


pd.register(
    "dialogue.ConversationExport",
    processing="dialogue",
    links={"requested_by": pd.ACTOR},
    fields=("conversation", "status", "requested_at", "finished_at", "expires_at"),
    rows=lambda subject: (
        ConversationExport.objects.none()
        if subject.user_id is None
        else ConversationExport.objects.filter(requested_by_id=subject.user_id).order_by("pk")
    ),
    erase=_export_erase,
    description=_("Exports van gesprekken"),
)


def _exports_apply(days: int) -> int:
    from .exports import exports_prune

    return exports_prune()


def _exports_due(days: int) -> int:
    from .exports import exports_due

    return exports_due().count()


pd.register_retention(
    pd.RetentionRule(
        category="conversation_exports",
        description=_("Exports van gesprekken (Pol.is-formaat) na de downloadtermijn"),
        action=_("bestand en regel verwijderd"),
        due=_exports_due,
        apply=_exports_apply,
    )
)

"""Writing buurtbudget applications: drafting, draagvlak, the decision trail, accountability.

The trail: concept → ingediend → in behandeling → toegekend / afgewezen (→ verantwoord). Each
step is a GrantStatusChange with who, when and why; a step that skips one is refused.
Receipts and photos are checked by their content (magic bytes), not by their name or the
browser's claim, kept under OPBOUW_UPLOAD_ROOT with a random name, and only stored when the
whole upload succeeds.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import Organisation, User
from opbouw.core import uploads

from .models import (
    Attachment,
    BudgetLine,
    GrantApplication,
    GrantStatus,
    GrantStatusChange,
    Initiative,
    Stage,
    Supporter,
)
from .permissions import can_decide, can_edit, can_work_on_grant

MIN_SUPPORTERS = 3  # draagvlak: at least three neighbours besides the initiative itself
MAX_LINES = 30
DECISIONS: dict[GrantStatus, frozenset[GrantStatus]] = {
    GrantStatus.SUBMITTED: frozenset({GrantStatus.IN_REVIEW}),
    GrantStatus.IN_REVIEW: frozenset({GrantStatus.GRANTED, GrantStatus.REJECTED}),
}
# Content types recognised by their first bytes; the extension is ours, not the uploader's.
SIGNATURES: list[tuple[bytes, int, str, str]] = [
    (b"%PDF-", 0, "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", 0, "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", ".png"),
    (b"WEBP", 8, "image/webp", ".webp"),
]
ALLOWED_TYPES = {
    Attachment.Kind.RECEIPT: {"application/pdf", "image/jpeg", "image/png", "image/webp"},
    Attachment.Kind.PHOTO: {"image/jpeg", "image/png", "image/webp"},
}


@dataclass(frozen=True)
class LineInput:
    description: str
    amount: Decimal


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from a file's first bytes, or None when not recognised."""
    for magic, offset, content_type, extension in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if content_type == "image/webp" and head[:4] != b"RIFF":
                continue
            return content_type, extension
    return None


def _record(
    application: GrantApplication, *, to: GrantStatus, by: User | None, reason: str = ""
) -> None:
    GrantStatusChange.objects.create(
        application=application,
        from_status=application.status,
        to_status=to,
        reason=reason.strip(),
        changed_by=by,
        changed_at=timezone.now(),
    )
    application.status = to


def _set_lines(application: GrantApplication, lines: Sequence[LineInput]) -> None:
    if len(lines) > MAX_LINES:
        raise ValidationError({"lines": _("Maximaal %(n)d begrotingsposten.") % {"n": MAX_LINES}})
    application.lines.all().delete()
    for position, line in enumerate(lines):
        row = BudgetLine(
            application=application,
            description=line.description.strip(),
            amount=line.amount,
            position=position,
        )
        row.full_clean()
        row.save()
    application.__dict__.pop("requested_amount", None)


@transaction.atomic
def grant_create(
    *,
    initiative: Initiative,
    created_by: User,
    title: str,
    goal: str,
    own_contribution: Decimal = Decimal("0"),
    own_contribution_text: str = "",
    partners: Sequence[Organisation] = (),
    partners_text: str = "",
    lines: Sequence[LineInput] = (),
) -> GrantApplication:
    if not can_edit(created_by, initiative):
        raise ValidationError(_("U kunt voor dit initiatief geen aanvraag doen."))
    if initiative.stage in {Stage.COMPLETED, Stage.STOPPED}:
        raise ValidationError(
            _(
                "Dit initiatief is afgerond of gestopt. Gaat het opnieuw van start, zet het "
                "dan eerst weer in actie of terug naar idee."
            )
        )
    if initiative.stage == Stage.IDEA:
        raise ValidationError(
            _(
                "Een buurtbudget vraagt u aan als er een kern is die het initiatief trekt "
                "(fase ‘kern gevormd’ of verder)."
            )
        )
    application = GrantApplication(
        initiative=initiative,
        title=title.strip(),
        goal=goal.strip(),
        own_contribution=own_contribution,
        own_contribution_text=own_contribution_text.strip(),
        partners_text=partners_text.strip(),
        created_by=created_by,
    )
    application.full_clean()
    application.save()
    application.partners.set(partners)
    _set_lines(application, lines)
    return application


@transaction.atomic
def grant_update(
    *,
    application: GrantApplication,
    editor: User,
    title: str,
    goal: str,
    own_contribution: Decimal,
    own_contribution_text: str,
    partners: Sequence[Organisation],
    partners_text: str,
    lines: Sequence[LineInput],
) -> GrantApplication:
    if not can_work_on_grant(editor, application):
        raise ValidationError(_("U kunt deze aanvraag niet wijzigen."))
    if application.status != GrantStatus.DRAFT:
        raise ValidationError(_("Een ingediende aanvraag kan niet meer worden gewijzigd."))
    application.title = title.strip()
    application.goal = goal.strip()
    application.own_contribution = own_contribution
    application.own_contribution_text = own_contribution_text.strip()
    application.partners_text = partners_text.strip()
    application.full_clean()
    application.save()
    application.partners.set(partners)
    _set_lines(application, lines)
    return application


def supporter_add(
    *, application: GrantApplication, added_by: User, name: str, street: str = ""
) -> Supporter:
    if not can_work_on_grant(added_by, application):
        raise ValidationError(_("U kunt bij deze aanvraag geen steun toevoegen."))
    if application.status not in {GrantStatus.DRAFT, GrantStatus.SUBMITTED}:
        raise ValidationError(_("Na de behandeling kan er geen steun meer bij."))
    supporter = Supporter(
        application=application,
        name=name.strip(),
        street=street.strip(),
        added_on=timezone.localdate(),
    )
    supporter.full_clean()
    supporter.save()
    return supporter


@transaction.atomic
def grant_submit(*, application: GrantApplication, submitted_by: User) -> GrantApplication:
    if not can_work_on_grant(submitted_by, application):
        raise ValidationError(_("U kunt deze aanvraag niet indienen."))
    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != GrantStatus.DRAFT:
        raise ValidationError(_("Deze aanvraag is al ingediend."))
    problems = []
    if not application.lines.exists():
        problems.append(_("de begroting heeft nog geen posten"))
    supporters = application.supporters.count()
    if supporters < MIN_SUPPORTERS:
        problems.append(
            _("er zijn %(count)d steunbetuigingen, er zijn er minstens %(min)d nodig")
            % {"count": supporters, "min": MIN_SUPPORTERS}
        )
    if problems:
        raise ValidationError(
            _("De aanvraag is nog niet compleet: %(problems)s.") % {"problems": "; ".join(problems)}
        )
    _record(application, to=GrantStatus.SUBMITTED, by=submitted_by)
    application.submitted_on = timezone.localdate()
    application.save(update_fields=["status", "submitted_on", "updated_at"])
    return application


@transaction.atomic
def grant_decide(
    *,
    application: GrantApplication,
    decided_by: User,
    to_status: str,
    reason: str = "",
    granted_amount: Decimal | None = None,
) -> GrantApplication:
    """A step in the decision trail, by beleid (or beheer) of the area."""
    if not can_decide(decided_by, application):
        raise ValidationError(_("U kunt over deze aanvraag niet beslissen."))
    application = (
        GrantApplication.objects.select_for_update()
        .select_related("initiative")
        .get(pk=application.pk)
    )
    current, wanted = GrantStatus(application.status), GrantStatus(to_status)
    if wanted not in DECISIONS.get(current, frozenset()):
        if current == GrantStatus.SUBMITTED and wanted in {
            GrantStatus.GRANTED,
            GrantStatus.REJECTED,
        }:
            message = _(
                "Een aanvraag wordt eerst in behandeling genomen voordat erover besloten wordt."
            )
        elif current == GrantStatus.DRAFT:
            message = _("Deze aanvraag is nog niet ingediend.")
        else:
            message = _("Over deze aanvraag is al besloten (%(status)s).") % {
                "status": current.label
            }
        raise ValidationError({"to_status": message}, code="decision_skip")
    if wanted in {GrantStatus.GRANTED, GrantStatus.REJECTED} and not reason.strip():
        raise ValidationError({"reason": _("Schrijf de reden van het besluit erbij.")})
    if wanted == GrantStatus.GRANTED:
        requested = application.requested_amount
        if granted_amount is None or granted_amount <= 0:
            raise ValidationError({"granted_amount": _("Vul het toegekende bedrag in.")})
        if granted_amount > requested:
            raise ValidationError(
                {
                    "granted_amount": _(
                        "Het toegekende bedrag is hoger dan het aangevraagde (€ %(requested)s)."
                    )
                    % {"requested": requested}
                }
            )
        application.granted_amount = granted_amount
    _record(application, to=wanted, by=decided_by, reason=reason)
    if wanted in {GrantStatus.GRANTED, GrantStatus.REJECTED}:
        application.decided_on = timezone.localdate()
    application.save()
    return application


def checked_upload(upload: "UploadedFile[Any]", allowed: Any) -> tuple[str, str, bytes]:
    """Content type, extension and checked content of an upload that is not empty, not too
    large and, by its whole content (not its name), one of the allowed types; an image comes
    back re-encoded. A ValidationError at "upload" if not. Used for grant attachments and for
    the receipts in an initiative's cash box."""
    limit = settings.OPBOUW_UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"upload": _("Het bestand is leeg.")})
    if size > limit:
        raise ValidationError(
            {
                "upload": _("Het bestand is te groot (%(size)s); het maximum is %(max)s.")
                % {"size": filesizeformat(size), "max": filesizeformat(limit)}
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    sniffed = sniff(head)
    if sniffed is None or sniffed[0] not in allowed:
        names = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG",
                 "image/webp": "WebP"}  # fmt: skip
        raise ValidationError(
            {
                "upload": _("Dit bestand is geen %(types)s (gekeken naar de inhoud, niet de naam).")
                % {"types": ", ".join(sorted(names[t] for t in allowed))}
            },
            code="wrong_type",
        )
    content_type, extension = sniffed
    # The whole file, not only its first bytes: decoded under limits and, for an image,
    # re-encoded (opbouw.core.uploads); what is stored is what was checked.
    data = upload.read(limit + 1)
    try:
        if content_type == "application/pdf":
            checked = uploads.check_pdf(data)
        else:
            checked = uploads.check_image(data, content_type)
    except uploads.UploadRefused as refused:
        raise ValidationError({"upload": str(refused)}, code="invalid_file") from None
    return content_type, extension, checked.content


@transaction.atomic
def attachment_add(
    *,
    application: GrantApplication,
    uploaded_by: User,
    kind: str,
    upload: "UploadedFile[Any]",
    description: str = "",
    amount: Decimal | None = None,
) -> Attachment:
    """A receipt or photo for the accountability: checked, then stored outside the web root."""
    if not can_work_on_grant(uploaded_by, application):
        raise ValidationError(_("U kunt bij deze aanvraag geen bestanden toevoegen."))
    if application.status not in {GrantStatus.GRANTED, GrantStatus.ACCOUNTED}:
        raise ValidationError(_("Bonnen en foto's horen bij de verantwoording na toekenning."))
    content_type, extension, content = checked_upload(upload, ALLOWED_TYPES[Attachment.Kind(kind)])
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=(upload.name or "bestand")[-200:],
        content_type=content_type,
        size=len(content),
        description=description.strip(),
        amount=amount,
        uploaded_by=uploaded_by,
    )
    attachment.full_clean(exclude=["file"])
    attachment.file.save(f"upload{extension}", ContentFile(content), save=False)
    stored_name = str(attachment.file.name)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored_name)
        raise
    # Called from a larger transaction that rolls back after this point, the file would stay
    # behind without a row; the views call this service on its own, so that cannot happen.
    return attachment


@transaction.atomic
def grant_account(
    *,
    application: GrantApplication,
    accounted_by: User,
    report: str,
    spent_amount: Decimal,
) -> GrantApplication:
    """Close the grant with a report; at least one receipt must be there."""
    if not can_work_on_grant(accounted_by, application):
        raise ValidationError(_("U kunt deze aanvraag niet verantwoorden."))
    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != GrantStatus.GRANTED:
        raise ValidationError(_("Alleen een toegekende aanvraag wordt verantwoord."))
    if not report.strip():
        raise ValidationError({"report": _("Beschrijf wat er met het geld is gebeurd.")})
    if spent_amount < 0:
        raise ValidationError({"spent_amount": _("Het bedrag kan niet negatief zijn.")})
    if not application.attachments.filter(kind=Attachment.Kind.RECEIPT).exists():
        raise ValidationError(_("Voeg eerst minstens één bon of factuur toe."))
    application.report = report.strip()
    application.spent_amount = spent_amount
    application.accounted_on = timezone.localdate()
    _record(application, to=GrantStatus.ACCOUNTED, by=accounted_by)
    application.full_clean()
    application.save()
    return application

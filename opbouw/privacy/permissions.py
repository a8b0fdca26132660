"""Who may export, erase and read the register. Deny by default; 404 outside your areas."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from opbouw.areas.permissions import AnyUser, area_ids_for, has_role
from opbouw.core.roles import JOURNAL_ROLES, REGISTER_ROLES
from opbouw.people.models import Consent, Person
from opbouw.people.permissions import access_person_for_edit

from .models import ErasureRequest, ExportRequest


def own_person(user: AnyUser) -> Person:
    """The person record linked to the user's account, or 404."""
    if not user.is_authenticated:
        raise Http404
    person = Person.objects.select_related("area", "user").filter(user=user).first()
    if person is None:
        raise Http404
    return person


def access_person_for_export(user: AnyUser, pk: int) -> Person:
    """The person themself, or a worker (coordinator, admin) of the person's area."""
    if user.is_authenticated and Person.objects.filter(pk=pk, user=user).exists():
        return own_person(user)
    return access_person_for_erasure(user, pk)


def access_person_for_erasure(user: AnyUser, pk: int) -> Person:
    """Only a worker (coordinator, admin) of the person's area erases, after a confirm step."""
    person = access_person_for_edit(user, pk)
    return Person.objects.select_related("area", "user").get(pk=person.pk)


def access_own_consent(user: AnyUser, pk: int) -> Consent:
    person = own_person(user)
    # Only a consent can be withdrawn by the resident; another basis is not theirs to end.
    consent = Consent.objects.filter(pk=pk, person=person, basis=Consent.Basis.CONSENT).first()
    if consent is None:
        raise Http404
    return consent


def access_export_download(user: AnyUser, token: str) -> ExportRequest:
    """Only whoever asked for the export, and only until it expires."""
    if not user.is_authenticated:
        raise Http404
    export = ExportRequest.objects.filter(
        token=token, requested_by=user, expires_at__gt=timezone.now()
    ).first()
    if export is None:
        raise Http404
    return export


def erasure_requests_visible(user: AnyUser) -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.filter(person__area_id__in=area_ids_for(user, JOURNAL_ROLES))


def access_erasure_request(user: AnyUser, pk: int) -> ErasureRequest:
    request = erasure_requests_visible(user).select_related("person").filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def can_handle_requests(user: AnyUser) -> bool:
    return has_role(user, JOURNAL_ROLES)


def can_read_register(user: AnyUser) -> bool:
    return has_role(user, REGISTER_ROLES)

"""Reading privacy requests."""

from django.utils import timezone

from opbouw.accounts.models import User
from opbouw.people.models import Person

from .models import ErasureRequest, ExportRequest
from .permissions import erasure_requests_visible


def exports_of(user: User, *, person: Person | None = None) -> list[ExportRequest]:
    """The user's own exports that can still be downloaded."""
    exports = ExportRequest.objects.filter(requested_by=user, expires_at__gt=timezone.now())
    if person is not None:
        exports = exports.filter(person=person)
    return list(exports.select_related("person", "person__area").order_by("-created_at"))


def pending_erasure_requests(user: User) -> list[ErasureRequest]:
    return list(
        erasure_requests_visible(user)
        .filter(status=ErasureRequest.Status.PENDING)
        .select_related("person", "person__area")
        .order_by("created_at")
    )


def pending_request_of(person: Person) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(
        person=person, status=ErasureRequest.Status.PENDING
    ).first()

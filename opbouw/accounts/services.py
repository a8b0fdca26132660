"""Writing organisations."""

from django.db import transaction

from .models import Organisation


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    area_id: int | None = None,
    email: str = "",
    phone: str = "",
    website: str = "",
    description: str = "",
) -> Organisation:
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        area_id=area_id,
        email=email,
        phone=phone,
        website=website,
        description=description,
    )
    organisation.full_clean()
    organisation.save()
    return organisation

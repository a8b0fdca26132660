"""Helpers for the initiative tests (fixtures are in conftest.py)."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from opbouw.initiatives import grants, services
from opbouw.initiatives.models import MemberRole, Stage
from opbouw.people.models import Person
from tests.factories import PersonFactory

# The smallest valid files of each kind: a one-page PDF and a 1×1 PNG (uploads are decoded
# in full, opbouw.core.uploads).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\xa7"
    b"\xd9\xbd\x9f\x00\x00\x00\x00IEND\xaeB`\x82"
)


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def add_core(initiative, worker, areas, *, leads: int = 1, core: int = 1) -> list[Person]:
    people = []
    for index in range(leads + core):
        person = PersonFactory(area=areas.buurt, name=f"Kernlid {index}")
        role = MemberRole.LEAD if index < leads else MemberRole.CORE
        services.member_add(
            initiative=initiative, added_by=worker, person=person, role=role, since=days_ago(50)
        )
        people.append(person)
    return people


def move(initiative, user, stage: Stage, *, days: int, note: str = "Volgende stap."):
    return services.initiative_change_stage(
        initiative=initiative, changed_by=user, to_stage=stage, changed_on=days_ago(days), note=note
    )


def upload(content: bytes, name: str = "bon.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def grant_for(initiative, user, *, lines=(("Boodschappen", "120.00"), ("Huur zaal", "80.00"))):
    return grants.grant_create(
        initiative=initiative,
        created_by=user,
        title="Buurtmaaltijd",
        goal="Samen eten, één keer per maand.",
        own_contribution=Decimal("50"),
        lines=[grants.LineInput(text, Decimal(amount)) for text, amount in lines],
    )


def support(grant, user, count: int = 3) -> None:
    for index in range(count):
        grants.supporter_add(
            application=grant, added_by=user, name=f"Buur {index}", street="Berflo Esstraat"
        )

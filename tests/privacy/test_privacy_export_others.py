"""A resident's own-data export discloses no one else (AVG art. 15(4)).

Several residents are spread through what they share with the subject: journal entries (with
notes naming them and their circumstances), follow-ups, signals, groups, initiatives, ties and
introductions. The subject's ZIP must hold no trace of them: no name, no pseudonym, no e-mail,
phone or address, and none of the details the notes tell about them.
"""

import datetime as dt
import io
import zipfile

import pytest
from django.apps import apps
from django.utils import timezone

from opbouw.core import personal_data as pd
from opbouw.initiatives.models import Initiative, Member, Stage
from opbouw.journal.models import FollowUp, Signal
from opbouw.people.models import Consent
from opbouw.privacy.services import export_create, export_path
from tests.factories import (
    ConsentFactory,
    GroupFactory,
    JournalEntryFactory,
    OrganisationFactory,
    PersonFactory,
)

OTHERS = [
    # name, e-mail, phone, address, a detail only a note about them tells
    ("Aaltje Brinkhorst", "aaltje.b@example.org", "06-11223344", "Tuinstraat 3", "rouwverwerking"),
    ("Bram Oudenhuis", "bram.o@example.org", "06-55667788", "Veldweg 17", "voedselbank"),
    ("Cornelia Staphorst", "c.staphorst@example.org", "06-99887766", "Kerkplein 8", "schuldhulp"),
]


@pytest.fixture
def export_of_one(areas, users, settings, tmp_path):
    settings.OPBOUW_EXPORT_ROOT = tmp_path / "exports"
    worker = users["worker"]
    subject = PersonFactory(name="Dirk Zonnebloem", area=areas.buurt)
    others = []
    for name, email, phone, address, _detail in OTHERS:
        other = PersonFactory(
            name=name, email=email, phone=phone, address=address, area=areas.buurt
        )
        # Consent to share the name with other residents: still not in this export.
        ConsentFactory(person=other, purpose=Consent.Purpose.SHARING)
        others.append(other)
    a, b, c = others
    walk = JournalEntryFactory(
        area=areas.buurt,
        author=worker,
        people=[subject, a, b],
        note=(
            f"Wandelclub: {a.name} vertelde over haar rouwverwerking, {b.name.split()[0]} "
            f"is doorverwezen naar de voedselbank. Dirk loopt mee."
        ),
    )
    coffee = JournalEntryFactory(
        area=areas.buurt,
        author=worker,
        people=[subject, c],
        groups=[],
        note=f"Koffie met Dirk en Cor (Cornelia), zij zit in de schuldhulp; {c.phone}.",
    )
    FollowUp.objects.create(
        entry=walk,
        description=f"{a.name} bellen over de rouwgroep, {a.address}",
        due_on=timezone.localdate() + dt.timedelta(days=2),
        assignee=worker,
    )
    Signal.objects.create(
        entry=coffee,
        organisation=OrganisationFactory(),
        description=f"Schuldhulp voor {c.name}, {c.email}",
        status_note=f"Wijkteam belt {c.name.split()[0]}",
    )
    GroupFactory(area=areas.buurt, name="Wandelclub", members=[subject, a, b])
    initiative = Initiative.objects.create(
        title="Buurtwandeling",
        goal="Samen wandelen.",
        area=areas.buurt,
        stage=Stage.ACTION,
        stage_since=dt.date(2025, 1, 1),
    )
    for person in (subject, a, b, c):
        Member.objects.create(initiative=initiative, person=person, since=dt.date(2025, 1, 1))
    if apps.is_installed("opbouw.network"):
        from opbouw.network.models import DirectTie, Introduction

        DirectTie.objects.create(
            person_a=subject,
            person_b=b,
            kind="helps",
            since=dt.date(2025, 1, 1),
            note=f"Dirk brengt {b.name} naar de voedselbank.",
            recorded_by=worker,
        )
        Introduction.objects.create(
            proposer=worker,
            person_a=a,
            person_b=subject,
            reason=f"{a.name.split()[0]} zoekt iemand om mee te wandelen na haar rouwverwerking.",
            proposed_on=dt.date(2025, 1, 2),
        )
    export = export_create(person=subject, requested_by=worker)
    with zipfile.ZipFile(io.BytesIO(export_path(export).read_bytes())) as archive:
        contents = {name: archive.read(name).decode() for name in archive.namelist()}
    return subject, others, contents


def _traces(other) -> list[str]:
    details = next(o for o in OTHERS if o[0] == other.name)
    first, last = other.name.split()
    return [
        other.name,
        first,
        last,
        other.email,
        other.phone,
        other.phone.replace("-", ""),
        other.address,
        details[4],
        f"#{other.pk}",
        str(other.pseudonym),
    ]


def test_no_trace_of_any_other_person_anywhere_in_the_zip(export_of_one):
    subject, others, contents = export_of_one
    assert "journal-journalentry.json" in contents  # the shared entries are there
    found = [
        (name, trace)
        for other in others
        for trace in _traces(other)
        for name, text in contents.items()
        if trace.lower() in text.lower()
    ]
    assert found == []
    assert "Cor (" not in "\n".join(contents.values())


def test_the_withheld_texts_say_a_worker_can_go_through_them(export_of_one):
    subject, _others, contents = export_of_one
    withheld = str(pd.WITHHELD)
    for table in ("journal-journalentry", "journal-followup", "journal-signal"):
        assert withheld in contents[f"{table}.json"], table
    readme = contents["README.txt"]
    # The README says truthfully what is in and what is not, in Dutch and English.
    assert "niet meegegeven" in readme and "not included" in readme
    assert "Namen van andere mensen worden niet meegegeven; wel" not in readme
    # The subject's own profile is complete.
    assert subject.name in contents["people-person.json"]


def test_every_withheld_field_is_a_text_field_of_its_model():
    for provider in pd.providers():
        for name in provider.withheld:
            assert name in provider.fields, (provider.label, name)
            assert name in provider.text_fields(), (provider.label, name)

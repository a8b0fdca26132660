"""What a partner sees: what the consent for their kind of organisation and the purpose allow.

Names by consent per kind of partner; on a person's page the buurt, talents and interests,
not contact details, address, languages, wishes, groups or consents; never a group whose name
reveals a special category (a mosque community, a patients' group), also not in the network.
"""

import datetime as dt
import json

from django.urls import reverse

from opbouw.core.models import Tag
from opbouw.initiatives.models import Initiative, Member, Stage
from opbouw.people.models import Consent, Group
from opbouw.people.permissions import SHARING_PURPOSES, group_label
from opbouw.people.services import group_create
from tests.factories import (
    ConsentFactory,
    GroupFactory,
    JournalEntryFactory,
    PersonFactory,
    client_for,
)


def _person(areas):
    person = PersonFactory(
        name="Henk Zichtbaar",
        area=areas.buurt,
        email="henk.z@example.org",
        phone="06-12121212",
        address="Geheimstraat 9",
        languages=["tr"],
        wishes_text="wil graag een maatje",
    )
    gift = Tag.objects.create(slug="fietsen-maken", name_nl="fietsen maken", name_en="bikes")
    wish = Tag.objects.create(slug="schuldhulp-wens", name_nl="hulp bij schulden", name_en="debt")
    person.gifts.add(gift)
    person.wishes.add(wish)
    ConsentFactory(person=person, purpose=Consent.Purpose.SHARING_CARE)
    return person


def test_a_partner_sees_name_buurt_and_talents_not_the_rest(users, areas):
    person = _person(areas)
    GroupFactory(area=areas.buurt, name="Breiclub", members=[person])
    html = client_for(users["partner"]).get(reverse("people:detail", args=[person.pk]))
    html = html.content.decode()
    assert "Henk Zichtbaar" in html and "fietsen maken" in html and areas.buurt.name in html
    for hidden in (
        "henk.z@example.org",
        "06-12121212",
        "Geheimstraat",
        ">tr<",
        "hulp bij schulden",
        "wil graag een maatje",
        "Breiclub",
        "naam delen met het wijkteam",  # the consents are the workers' administration
    ):
        assert hidden not in html, hidden
    # The worker of the area sees everything.
    html = client_for(users["worker"]).get(reverse("people:detail", args=[person.pk]))
    html = html.content.decode()
    for shown in ("henk.z@example.org", "Geheimstraat", "hulp bij schulden", "Breiclub"):
        assert shown in html, shown


def test_a_special_category_group_is_never_shown_to_a_partner(users, areas):
    person = PersonFactory(name="Fatma Lid", area=areas.buurt)
    mosque = group_create(
        created_by=users["worker"],
        name="Moskeegemeenschap Test",
        kind=Group.Kind.FAITH,
        area=areas.buurt,
    )
    patients = GroupFactory(area=areas.buurt, name="Patiëntengroep Reuma", members=[person])
    patients.special_category = True
    patients.save()
    assert mosque.special_category  # a faith community is flagged by default
    partner, worker = client_for(users["partner"]), client_for(users["worker"])
    listing = partner.get(reverse("people:group_list")).content.decode()
    assert "Moskeegemeenschap" not in listing and "Patiëntengroep" not in listing
    for group in (mosque, patients):
        assert partner.get(reverse("people:group_detail", args=[group.pk])).status_code == 404
        assert worker.get(reverse("people:group_detail", args=[group.pk])).status_code == 200
        assert group_label(users["partner"], group) == "besloten groep"
        assert group_label(users["worker"], group) == group.name
    assert "Patiëntengroep" in worker.get(reverse("people:group_list")).content.decode()


def test_a_special_category_group_is_not_named_in_the_partners_network(users, areas):
    person = PersonFactory(name="Fatma Lid", area=areas.buurt)
    ConsentFactory(person=person)
    patients = GroupFactory(area=areas.buurt, name="Patiëntengroep Reuma", members=[person])
    patients.special_category = True
    patients.save()
    for _ in range(3):
        JournalEntryFactory(
            area=areas.buurt, author=users["worker"], people=[person], groups=[patients]
        )
    url = reverse("network:graph", args=[areas.buurt.code])
    partner = client_for(users["partner"]).get(url).json()
    worker = client_for(users["worker"]).get(url).json()
    assert "Patiëntengroep" in json.dumps(worker, ensure_ascii=False)
    labels = {row[1] for row in partner["graph"]["nodes"]}
    assert "Patiëntengroep" not in json.dumps(partner, ensure_ascii=False)
    assert "besloten groep" in labels


def test_policy_and_the_fg_see_no_initiative_member_names(users, areas):
    """Issue 11: the sharing consents name residents and partners, not the municipality or
    the FG; the initiative page shows them pseudonyms whatever the member consented to."""
    member = PersonFactory(name="Wilma Deelneemster", area=areas.buurt)
    for purpose in SHARING_PURPOSES:
        ConsentFactory(person=member, purpose=purpose)
    initiative = Initiative.objects.create(
        title="Samen tuinieren",
        goal="Een moestuin.",
        area=areas.buurt,
        stage=Stage.ACTION,
        stage_since=dt.date(2025, 1, 1),
    )
    Member.objects.create(initiative=initiative, person=member, since=dt.date(2025, 1, 1))
    url = reverse("initiatives:detail", args=[initiative.pk])
    for role, sees in [
        ("policy", False),
        ("privacy_officer", False),
        ("partner", True),
        ("resident", True),
        ("worker", True),
    ]:
        response = client_for(users[role]).get(url)
        assert response.status_code == 200, role
        assert ("Wilma Deelneemster" in response.content.decode()) == sees, role


def test_the_group_form_flags_a_group_and_a_faith_community_always(users, areas):
    worker = client_for(users["worker"])
    for name, kind, ticked, flagged in [
        ("Patiëntengroep Long", "informal", True, True),
        ("Kerk De Bron", "faith", False, True),
        ("Breiclub Zuid", "informal", False, False),
    ]:
        data = {"name": name, "kind": kind, "area": areas.buurt.pk, "description": ""}
        if ticked:
            data["special_category"] = "on"
        assert worker.post(reverse("people:group_create"), data).status_code == 302, name
        assert Group.objects.get(name=name).special_category == flagged, name

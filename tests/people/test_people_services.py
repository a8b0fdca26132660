"""people.services: writes with scope checks, language codes, consents and groups."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from opbouw.core.models import Tag
from opbouw.people import services
from opbouw.people.models import Consent, Group, GroupMembership, Person
from tests.factories import RECORDED, ConsentFactory, PersonFactory


def _counts():
    return (
        Person.objects.count(),
        Consent.objects.count(),
        Group.objects.count(),
        GroupMembership.objects.count(),
    )


def _refused(field, call):
    before = _counts()
    with pytest.raises(ValidationError) as info:
        call()
    assert field in info.value.message_dict, info.value.message_dict
    assert _counts() == before
    return info.value.message_dict[field]


# --- person_create / person_update -----------------------------------------------------


def test_person_create_stores_the_contact_with_tags_and_clean_languages(worker, areas):
    koken, tuinieren, taalles = (Tag.objects.get(slug=s) for s in ("koken", "tuinieren", "taalles"))
    person = services.person_create(
        **RECORDED,
        created_by=worker,
        name="  Fatma Yilmaz  ",
        area=areas.buurt,
        email="fatma@example.nl",
        languages=["NL", " tr ", "nl", ""],
        gifts=[koken],
        interests=[tuinieren],
        wishes=[taalles],
        gifts_text="Turkse keuken",
    )
    person.refresh_from_db()
    assert person.name == "Fatma Yilmaz"
    assert person.area == areas.buurt
    assert person.created_by == worker
    assert person.languages == ["nl", "tr"]
    assert list(person.gifts.all()) == [koken]
    assert list(person.interests.all()) == [tuinieren]
    assert list(person.wishes.all()) == [taalles]
    assert person.gifts_text == "Turkse keuken"


def test_person_create_in_a_wijk_the_worker_covers_is_allowed(worker, areas):
    # A membership in the wijk covers the wijk itself and every buurt below it.
    assert services.person_create(**RECORDED, created_by=worker, name="A", area=areas.wijk).pk
    assert services.person_create(**RECORDED, created_by=worker, name="B", area=areas.buurt2).pk


@pytest.mark.parametrize("area_name", ["other_buurt", "other_wijk", "municipality"])
def test_person_create_outside_the_workers_areas_is_refused(worker, areas, area_name):
    area = getattr(areas, area_name)
    _refused(
        "area", lambda: services.person_create(**RECORDED, created_by=worker, name="X", area=area)
    )


@pytest.mark.parametrize("role", ["partner", "policy", "resident"])
def test_roles_without_journal_rights_cannot_create_people(users, areas, role):
    _refused(
        "area",
        lambda: services.person_create(
            **RECORDED, created_by=users[role], name="X", area=areas.buurt
        ),
    )


@pytest.mark.parametrize(
    "languages", [["dutch"], ["n1"], ["nl", "x"], ["n-l"], ["nederlands"], ["ñl"], ["日本"]]
)
def test_person_create_refuses_what_is_not_a_language_code(worker, areas, languages):
    messages = _refused(
        "languages",
        lambda: services.person_create(
            **RECORDED, created_by=worker, name="X", area=areas.buurt, languages=languages
        ),
    )
    assert "taalcode" in messages[0]


def test_person_create_refuses_a_name_longer_than_the_field(worker, areas):
    _refused(
        "name",
        lambda: services.person_create(
            **RECORDED, created_by=worker, name="x" * 121, area=areas.buurt
        ),
    )


def test_person_create_refuses_an_invalid_email(worker, areas):
    _refused(
        "email",
        lambda: services.person_create(
            **RECORDED, created_by=worker, name="X", area=areas.buurt, email="geen-adres"
        ),
    )


def _update_kwargs(person, **changes):
    kwargs = {
        "name": person.name,
        "area": person.area,
        "email": person.email,
        "phone": person.phone,
        "address": person.address,
        "languages": person.languages,
        "gifts": [],
        "gifts_text": "",
        "interests": [],
        "interests_text": "",
        "wishes": [],
        "wishes_text": "",
    }
    kwargs.update(changes)
    return kwargs


def test_person_update_changes_fields_and_replaces_tags(worker, areas):
    koken, muziek = Tag.objects.get(slug="koken"), Tag.objects.get(slug="muziek")
    person = PersonFactory(area=areas.buurt, name="Oud")
    person.gifts.set([koken])
    services.person_update(
        person=person,
        editor=worker,
        **_update_kwargs(person, name="Nieuw", area=areas.buurt2, gifts=[muziek], languages=["AR"]),
    )
    person.refresh_from_db()
    assert person.name == "Nieuw"
    assert person.area == areas.buurt2
    assert person.languages == ["ar"]
    assert list(person.gifts.all()) == [muziek]


def test_person_update_cannot_move_someone_out_of_the_editors_areas(worker, areas):
    person = PersonFactory(area=areas.buurt, name="Blijft")
    with pytest.raises(ValidationError) as info:
        services.person_update(
            person=person, editor=worker, **_update_kwargs(person, area=areas.other_buurt)
        )
    assert "area" in info.value.message_dict
    person.refresh_from_db()
    assert person.area == areas.buurt


def test_person_update_with_a_bad_language_changes_nothing(worker, areas):
    person = PersonFactory(area=areas.buurt, name="Blijft", languages=["nl"])
    with pytest.raises(ValidationError):
        services.person_update(
            person=person,
            editor=worker,
            **_update_kwargs(person, name="Anders", languages=["klingon"]),
        )
    person.refresh_from_db()
    assert person.name == "Blijft"
    assert person.languages == ["nl"]


# --- consents --------------------------------------------------------------------------


def test_consent_record_stores_purpose_basis_source_and_the_notice_version(worker, areas, settings):
    person = PersonFactory(area=areas.buurt)
    given = timezone.localdate() - dt.timedelta(days=2)
    consent = services.consent_record(
        person=person,
        recorded_by=worker,
        purpose=Consent.Purpose.SHARING,
        basis=Consent.Basis.CONSENT,
        source=Consent.Source.PAPER,
        given_on=given,
    )
    consent.refresh_from_db()
    assert consent.person == person
    assert consent.recorded_by == worker
    assert consent.given_on == given
    assert consent.notice_version == settings.OPBOUW_NOTICE_VERSION
    assert consent.is_active


def test_consent_record_defaults_to_today(worker, areas):
    consent = services.consent_record(
        person=PersonFactory(area=areas.buurt),
        recorded_by=worker,
        purpose=Consent.Purpose.CONTACT,
        basis=Consent.Basis.PUBLIC_TASK,
        source=Consent.Source.PHONE,
    )
    assert consent.given_on == timezone.localdate()


def test_consent_in_the_future_is_refused(worker, areas):
    person = PersonFactory(area=areas.buurt)
    _refused(
        "given_on",
        lambda: services.consent_record(
            person=person,
            recorded_by=worker,
            purpose=Consent.Purpose.SHARING,
            basis=Consent.Basis.CONSENT,
            source=Consent.Source.IN_PERSON,
            given_on=timezone.localdate() + dt.timedelta(days=1),
        ),
    )


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("purpose", {"purpose": "everything"}),
        ("basis", {"basis": "because"}),
        ("source", {"source": "telepathy"}),
    ],
)
def test_consent_with_an_unknown_choice_is_refused(worker, areas, field, overrides):
    person = PersonFactory(area=areas.buurt)
    kwargs = {
        "person": person,
        "recorded_by": worker,
        "purpose": Consent.Purpose.SHARING,
        "basis": Consent.Basis.CONSENT,
        "source": Consent.Source.IN_PERSON,
        **overrides,
    }
    _refused(field, lambda: services.consent_record(**kwargs))


def test_consent_withdraw_is_dated_and_kept_and_happens_once(worker, users, areas):
    consent = ConsentFactory(person=PersonFactory(area=areas.buurt))
    services.consent_withdraw(consent=consent, withdrawn_by=worker)
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert consent.withdrawn_by == worker
    assert not consent.is_active
    # A second withdrawal does not rewrite who withdrew it, or when.
    services.consent_withdraw(consent=consent, withdrawn_by=users["coordinator"])
    consent.refresh_from_db()
    assert consent.withdrawn_by == worker
    assert Consent.objects.filter(pk=consent.pk).exists()


# --- groups ----------------------------------------------------------------------------


def test_group_create_and_add_members(worker, areas):
    group = services.group_create(
        created_by=worker, name="  Moestuin Berflo  ", kind=Group.Kind.INFORMAL, area=areas.wijk
    )
    assert group.name == "Moestuin Berflo"
    ayse = PersonFactory(area=areas.buurt)
    membership = services.group_member_add(
        group=group, person=ayse, role=GroupMembership.Role.CONTACT
    )
    assert membership.role == GroupMembership.Role.CONTACT
    assert membership.since == timezone.localdate()
    # Adding again is harmless: one membership, the first role kept.
    again = services.group_member_add(group=group, person=ayse)
    assert again.pk == membership.pk
    assert list(group.members.all()) == [ayse]
    assert again.role == GroupMembership.Role.CONTACT


def test_group_create_outside_the_workers_areas_is_refused(worker, areas):
    _refused(
        "area",
        lambda: services.group_create(
            created_by=worker, name="Elders", kind=Group.Kind.SPORT, area=areas.other_wijk
        ),
    )


def test_group_create_with_an_unknown_kind_is_refused(worker, areas):
    _refused(
        "kind",
        lambda: services.group_create(
            created_by=worker, name="Club", kind="secret_society", area=areas.wijk
        ),
    )


@settings(deadline=None)  # timing under a loaded CI machine is not the point
@given(st.lists(st.text(max_size=5), max_size=6))
def test_clean_languages_gives_short_lowercase_ascii_codes_or_refuses(languages):
    try:
        cleaned = services.clean_languages(languages)
    except ValidationError as error:
        assert "languages" in error.message_dict
        return
    assert len(cleaned) == len(set(cleaned))
    for code in cleaned:
        assert code.isascii() and code.isalpha() and code.islower()
        assert len(code) in (2, 3)

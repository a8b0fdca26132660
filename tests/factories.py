"""factory-boy factories for the domain models.

Factories write through the ORM (fast, for setting up state); tests of behaviour call the
services. A JournalEntry made here is added to the SQLite full-text index afterwards, so
search sees it just as it sees an entry saved by the services.
"""

import datetime as dt

import factory
from django.test import Client
from django.utils import timezone

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area, Level, Membership, Place
from opbouw.journal.models import KIND_DEFAULT_PURPOSE, EntryKind, FollowUp, JournalEntry, Signal
from opbouw.journal.search import index_entries
from opbouw.people.models import Consent, Group, GroupMembership, Person


class AreaFactory(factory.django.DjangoModelFactory):
    """Pass code, level and parent explicitly; the default is a stand-alone gemeente."""

    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Gebied {n}")
    level = Level.MUNICIPALITY
    parent = None


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.CARE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
    password = factory.django.Password("geheim-wachtwoord-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(AreaFactory)
    role = "worker"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Buurthuis {n}")
    kind = Place.Kind.COMMUNITY_CENTRE
    area = factory.SubFactory(AreaFactory)


# A lawful basis and the informing date, which every new person needs (person_create).
RECORDED = {"record_basis": "public_task", "informed_on": dt.date(2026, 1, 5)}


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    name = factory.Faker("name", locale="nl_NL")
    area = factory.SubFactory(AreaFactory)
    record_basis = "public_task"
    informed_on = dt.date(2026, 1, 5)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    # Sharing the name with the wijkteam and care: what the test partner (tests/conftest.py)
    # works for. Other residents need Consent.Purpose.SHARING.
    purpose = Consent.Purpose.SHARING_CARE
    basis = Consent.Basis.CONSENT
    source = Consent.Source.IN_PERSON
    given_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    notice_version = "2026-1"


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Buurtgroep {n}")
    kind = Group.Kind.INFORMAL
    area = factory.SubFactory(AreaFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            for person in extracted:
                GroupMembership.objects.create(group=self, person=person)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry
        skip_postgeneration_save = True

    kind = EntryKind.CONTACT
    occurred_on = factory.LazyFunction(timezone.localdate)
    area = factory.SubFactory(AreaFactory)
    note = factory.Sequence(lambda n: f"Gesprek nummer {n} over de buurt.")
    author = factory.SubFactory(UserFactory)
    purpose = factory.LazyAttribute(lambda entry: str(KIND_DEFAULT_PURPOSE[EntryKind(entry.kind)]))

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.people.set(extracted)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def search_index(self, create, extracted, **kwargs):
        if create:
            index_entries([self.pk])


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    entry = factory.SubFactory(JournalEntryFactory)
    description = factory.Sequence(lambda n: f"Terugbellen {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3))
    assignee = factory.LazyAttribute(lambda f: f.entry.author)


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal

    entry = factory.SubFactory(JournalEntryFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    description = factory.Sequence(lambda n: f"Signaal {n}: lekkage in de portiek")


def client_for(user: User | None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client

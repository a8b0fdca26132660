"""manage.py seed_demo: the demo neighbourhood and the large benchmark data set.

Runs with small counts (--people/--entries) to keep the suite fast; the shapes are the same
as at full scale.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from opbouw.accounts.models import User
from opbouw.areas.models import Area, Level, Membership, Place
from opbouw.core.roles import Role
from opbouw.demo.models import DemoDataset
from opbouw.dialogue.models import AnalysisSnapshot, Conversation, Vote
from opbouw.journal.models import FollowUp, JournalEntry, Signal
from opbouw.journal.search import search_entries
from opbouw.people.models import Consent, Group, Person

pytestmark = pytest.mark.django_db

SMALL = {"people": 50, "entries": 150}


def planned_entries():
    """The journal as planned, without the entries of the demo's completed introductions
    (opbouw.network.demo: an introduction both said yes to is written to the journal)."""
    from opbouw.network.models import Introduction

    made = Introduction.objects.filter(entry__isnull=False).values("entry_id")
    return JournalEntry.objects.exclude(pk__in=made)


def seed(**options: object) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def searchable_word(note: str) -> str:
    """The longest word of a note: never a stop word (PostgreSQL's Dutch config drops those)."""
    return max((word.strip(".,;:—") for word in note.split()), key=len)


def snapshot() -> dict[str, object]:
    return {
        "people": list(Person.objects.order_by("id").values_list("name", "area__code")),
        "entries": list(
            JournalEntry.objects.order_by("id").values_list("occurred_on", "kind", "note")
        ),
        "groups": list(Group.objects.order_by("id").values_list("name", flat=True)),
    }


@pytest.fixture
def small_demo() -> str:
    """One small seed, shared by the checks below (each seed costs seconds)."""
    return seed(seed=1, scale="small", **SMALL)


def test_small_seed_builds_berflo_es_through_the_services(small_demo):
    assert Area.objects.filter(level=Level.MUNICIPALITY, code="GM0164").exists()
    assert Area.objects.filter(level=Level.DISTRICT).count() == 10
    assert Area.objects.filter(level=Level.NEIGHBOURHOOD).count() == 62
    berflo = Area.objects.get(code="WK016405")
    assert berflo.boundary and berflo.key_figures.get("aantal_inwoners") == 7295
    assert Person.objects.count() == 50
    assert set(Person.objects.values_list("area__parent__code", flat=True)) == {"WK016405"}
    assert planned_entries().count() == 150
    assert Group.objects.count() == 20
    assert Place.objects.filter(latitude__isnull=False).count() == Place.objects.count() > 0
    # Consents: most share their name, some do not, some withdrew.
    sharing = Consent.objects.filter(purpose=Consent.Purpose.SHARING)
    assert 0 < sharing.count() < Person.objects.count()
    assert Consent.objects.filter(withdrawn_on__isnull=False).exists()
    # The services kept the full-text index up to date.
    word = searchable_word(JournalEntry.objects.first().note)
    assert search_entries(JournalEntry.objects.all(), word).exists()
    assert FollowUp.objects.filter(done_on__isnull=False).exists()
    assert Signal.objects.exists()
    # Two conversations in Berflo Es, voted on and analysed, made by the demo worker.
    conversations = Conversation.objects.filter(area=berflo)
    assert conversations.count() == 2
    assert set(conversations.values_list("created_by__username", flat=True)) == {"werker"}
    for conversation in conversations:
        assert Vote.objects.filter(conversation=conversation).count() > 500
        assert AnalysisSnapshot.objects.filter(conversation=conversation).exists()
    client = Client()
    client.force_login(User.objects.get(username="werker"))
    conversation = conversations.first()
    assert client.get(reverse("dialogue:results", args=[conversation.pk])).status_code == 200


def test_every_role_has_a_demo_login(small_demo):
    for role in Role:
        membership = Membership.objects.filter(role=role).first()
        assert membership is not None, role
        assert membership.user.check_password("opbouw-demo")
        assert membership.user.username in small_demo  # the printed table
    assert Membership.objects.filter(role=Role.WORKER, area__code="WK016405").count() == 2
    assert Person.objects.filter(user__username="bewoner").exists()
    client = Client()
    client.force_login(User.objects.get(username="werker"))
    assert client.get(reverse("journal:timeline")).status_code == 200


def test_a_second_run_adds_nothing_and_another_seed_needs_reset(small_demo):
    def counts() -> tuple[int, ...]:
        return (
            Person.objects.count(),
            JournalEntry.objects.count(),
            User.objects.count(),
            Conversation.objects.count(),
            Vote.objects.count(),
            AnalysisSnapshot.objects.count(),
        )

    before = counts()

    output = seed(seed=1, scale="small", **SMALL)

    assert counts() == before
    assert "bestaat al" in output and "werker" in output
    with pytest.raises(CommandError, match="--reset"):
        seed(seed=2, scale="small", **SMALL)


def test_same_seed_gives_the_same_demo():
    seed(seed=3, scale="small", people=30, entries=60)
    first = snapshot()
    votes = sorted(Vote.objects.values_list("statement__text", "value"))
    seed(seed=3, scale="small", people=30, entries=60, reset=True)

    assert snapshot() == first
    assert DemoDataset.objects.count() == 1
    # The reset replaced the conversations rather than keeping the old ones beside new ones.
    assert Conversation.objects.count() == 2
    assert sorted(Vote.objects.values_list("statement__text", "value")) == votes


def test_large_path_covers_every_buurt_in_bulk():
    output = seed(seed=1, scale="large", people=2000, entries=3000)

    buurten = Area.objects.filter(level=Level.NEIGHBOURHOOD)
    assert Person.objects.count() == 2000
    assert planned_entries().count() == 3000
    assert not buurten.exclude(people__isnull=False).exists()
    assert not buurten.exclude(entries__isnull=False).exists()
    # Every buurt and wijk has its own worker, who can open the journal of their area.
    for area in Area.objects.exclude(level=Level.MUNICIPALITY):
        assert User.objects.filter(
            username=f"werker-{area.code.lower()}",
            memberships__area=area,
            memberships__role=Role.WORKER,
        ).exists(), area.code
    assert JournalEntry.people.through.objects.exists()
    assert JournalEntry.themes.through.objects.count() >= 3000
    # The index was rebuilt once, after the bulk load.
    word = searchable_word(JournalEntry.objects.order_by("?").first().note)
    assert search_entries(JournalEntry.objects.all(), word).exists()
    client = Client()
    client.force_login(User.objects.get(username="werker-bu01640501"))
    response = client.get(reverse("journal:area", kwargs={"code": "BU01640501"}))
    assert response.status_code == 200
    assert "werker-<code>" in output
    assert Conversation.objects.filter(area__code="WK016405").count() == 2
    assert AnalysisSnapshot.objects.count() >= 2


def test_seed_demo_refuses_under_production_settings(settings):
    settings.OPBOUW_PRODUCTION = True
    with pytest.raises(CommandError, match="productie"):
        seed(seed=1, scale="small", **SMALL)
    # Nothing was seeded: no demo, no accounts with the public password.
    assert not DemoDataset.objects.exists()
    assert not User.objects.exists()


def test_the_production_settings_module_refuses_seed_demo(tmp_path):
    """The real config.settings.prod, as a deployment loads it (not only the flag)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "opbouw.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "OPBOUW_VAR_DIR": str(tmp_path),
        "OPBOUW_DEDUCE_WARM_UP": "0",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(root / "manage.py"), "seed_demo", "--seed", "1"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode != 0
    assert "productie-instellingen" in result.stderr
    assert not (tmp_path / "prod.sqlite3").exists() or "demo" not in result.stdout

import pytest

from opbouw.initiatives import services
from opbouw.initiatives.models import Stage
from opbouw.people.models import Person
from tests.initiatives.helpers import add_core, days_ago, move


@pytest.fixture
def upload_root(settings, tmp_path):
    settings.OPBOUW_UPLOAD_ROOT = tmp_path / "uploads"
    return settings.OPBOUW_UPLOAD_ROOT


@pytest.fixture
def initiative(users, areas):
    """An idea in Berflo Es Noord, started by the worker 60 days ago."""
    return services.initiative_create(
        created_by=users["worker"],
        title="Samen eten in de Es",
        goal="Eén keer per maand samen koken en eten in het wijkcentrum.",
        area=areas.buurt,
        started_on=days_ago(60),
        note="Bij de koffieochtend opgekomen.",
    )


@pytest.fixture
def active(initiative, users, areas):
    """The same initiative with a core of two, in action since 20 days."""
    add_core(initiative, users["worker"], areas)
    move(initiative, users["worker"], Stage.CORE, days=40)
    move(initiative, users["worker"], Stage.ACTION, days=20)
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def resident_person(users) -> Person:
    return Person.objects.get(user=users["resident"])

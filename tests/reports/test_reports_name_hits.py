"""The name check before issuing a report (issue 11, item 20).

A common Dutch word that is also a name part is not a hit unless it stands as a name; every
hit is shown in the text around it; a worker can confirm a false positive (who, why; audited)
and then issue; the same word elsewhere is checked again.
"""

import pytest
from django.urls import reverse

from opbouw.analysis.disclosure.text import KnownNames, find_known_names, in_context
from opbouw.audit.models import AuditEvent, ObjectType
from opbouw.reports.models import NameHitConfirmation, Report, ReportVersion
from tests.factories import PersonFactory, client_for

pytestmark = pytest.mark.django_db

KNOWN = KnownNames.of(
    ["Jan van der Meer", "Kees Groen", "Roos Bakker", "Yasmina El Amrani", "Ann Smit"]
)


def words(text: str) -> list[str]:
    return [f.text for f in find_known_names(text, KNOWN)]


@pytest.mark.parametrize(
    "text",
    [
        "Meer plek om te spelen.",
        "Er is weinig groen. Meer bomen, graag!",
        "Wens: Meer bankjes bij de speeltuin.",
        "- Meer licht in het park",
        "Groen langs de weg is fijn.",  # sentence start, and no name beside it
        "Kannen, pannen en annexen.",  # 'Ann' inside words is not the name
    ],
)
def test_a_common_word_at_the_start_of_a_sentence_is_not_a_name(text):
    assert words(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We spraken met Meer over de tuin.", "Meer"),  # capitalised mid-sentence
        ("Van der Meer kwam ook.", "Meer"),  # after a particle
        ("Mevrouw Groen hielp mee.", "Groen"),  # after a title
        ("Bakker Jansen? Nee: Roos Bakker hielp.", "Roos Bakker"),  # the full name
        ("Groen Bakker hielp.", "Groen"),  # followed by a known name part
        ("Yasmina kwam ook.", "Yasmina"),  # not a common word: flagged at the start too
        ("Ik zag Ann Smit.", "Ann Smit"),
    ],
)
def test_a_name_part_is_a_hit_where_it_stands_as_a_name(text, expected):
    assert expected in words(text)


def test_the_hit_is_shown_in_the_text_around_it():
    text = "Wij vroegen de kinderen wat zij willen. Ze zeiden: speeltuin, en met Meer praten."
    [hit] = find_known_names(text, KNOWN)
    before, word, after = in_context(text, hit, width=20)
    assert word == "Meer"
    assert before.endswith("en met ") and before.startswith("…")
    assert after == " praten."


@pytest.fixture
def report_with_meer(world, areas):
    PersonFactory(area=areas.buurt, name="Jan van der Meer")
    report = world.report
    report.reflection = (
        "Kinderen vroegen om meer ruimte. Meer plek om te spelen stond bovenaan. "
        "Daarna sprak ik met Meer, de vader van twee kinderen."
    )
    report.save()
    return report


def test_issuing_is_blocked_by_a_real_hit_shown_in_context_and_released_by_a_confirmation(
    users, report_with_meer
):
    client = client_for(users["worker"])
    issue = reverse("reports:issue", args=[report_with_meer.pk])
    names = reverse("reports:names", args=[report_with_meer.pk])
    response = client.post(issue)
    assert response.status_code == 302 and response["Location"] == names
    assert not ReportVersion.objects.filter(report=report_with_meer).exists()
    page = client.get(names).content.decode()
    # One hit: the one mid-sentence; the sentence-initial "Meer plek" is no hit.
    assert page.count("<mark>") == 1
    assert "sprak ik met <mark>Meer</mark>, de vader" in page

    # A confirmation without a reason: refused at the field, nothing stored.
    form_key = page.split('name="key" value="', 1)[1].split('"', 1)[0]
    response = client.post(names, {"key": form_key, "reason": "  "})
    assert response.status_code == 400
    assert "Schrijf waarom dit geen naam is." in response.content.decode()
    assert not NameHitConfirmation.objects.exists()
    assert not ReportVersion.objects.filter(report=report_with_meer).exists()

    reason = "Bijnaam van de vader die hij zelf gebruikt; staat ook in de folder."
    response = client.post(names, {"key": form_key, "reason": reason})
    assert response.status_code == 302
    confirmation = NameHitConfirmation.objects.get()
    assert confirmation.confirmed_by == users["worker"] and confirmation.reason == reason
    assert confirmation.word == "Meer" and "sprak ik met Meer" in confirmation.context
    assert AuditEvent.objects.filter(
        object_type=ObjectType.NAME_HIT, object_id=confirmation.pk, user=users["worker"]
    ).exists()
    page = client.get(names).content.decode()
    assert "bevestigd door" in page and reason in page

    response = client.post(issue)
    assert response.status_code == 302
    assert ReportVersion.objects.filter(report=report_with_meer).count() == 1


def test_a_confirmation_holds_for_that_place_only(users, report_with_meer):
    client = client_for(users["worker"])
    names = reverse("reports:names", args=[report_with_meer.pk])
    page = client.get(names).content.decode()
    form_key = page.split('name="key" value="', 1)[1].split('"', 1)[0]
    client.post(names, {"key": form_key, "reason": "Geen naam hier."})
    # The text changes around the word: the old confirmation no longer covers it.
    Report.objects.filter(pk=report_with_meer.pk).update(
        reflection="Daarna sprak ik met Meer over het plein."
    )
    response = client.post(reverse("reports:issue", args=[report_with_meer.pk]))
    assert response["Location"] == names
    assert not ReportVersion.objects.filter(report=report_with_meer).exists()


def test_a_key_that_is_not_a_hit_is_refused(users, report_with_meer):
    client = client_for(users["worker"])
    names = reverse("reports:names", args=[report_with_meer.pk])
    response = client.post(names, {"key": "0" * 64, "reason": "Geen naam."})
    assert response.status_code == 400
    assert not NameHitConfirmation.objects.exists()


def test_others_cannot_reach_the_name_check(users, report_with_meer):
    names = reverse("reports:names", args=[report_with_meer.pk])
    for role in ("resident", "partner"):
        if role in users:
            assert client_for(users[role]).get(names).status_code in (403, 404)

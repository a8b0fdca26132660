"""The pages: taking part without an account, and the workers' pages."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from opbouw.dialogue import services, snapshots
from opbouw.dialogue.models import Conversation, Participant, Statement, Vote
from opbouw.dialogue.participation import cookie_name, voter_for
from tests.dialogue.support import counts, plant_votes

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _participate_url(conversation):
    return reverse("dialogue:participate", args=[conversation.invite_token])


def _vote_url(conversation):
    return reverse("dialogue:vote", args=[conversation.invite_token])


def _shown_statement(response) -> Statement:
    return response.context["card"].statement


# --- taking part ---------------------------------------------------------------------------


def test_anyone_with_the_link_sees_the_question_and_one_statement(conversation):
    response = Client().get(_participate_url(conversation))
    assert response.status_code == 200
    html = response.content.decode()
    assert conversation.question in html
    statement = _shown_statement(response)
    assert escape(statement.text) in html  # the apostrophe arrives as &#x27;
    assert f'name="statement" value="{statement.pk}"' in html
    for label in ("Eens", "Oneens", "Overslaan / weet ik niet"):
        assert label in html
    assert not Participant.objects.exists()  # looking leaves nothing behind
    assert cookie_name(conversation) not in response.cookies


def test_an_unknown_invitation_is_a_404(conversation):
    assert Client().get(reverse("dialogue:participate", args=["bestaatniet"])).status_code == 404


def test_voting_without_javascript_posts_and_comes_back_to_the_next_statement(conversation):
    client = Client()
    first = _shown_statement(client.get(_participate_url(conversation)))
    response = client.post(_vote_url(conversation), {"statement": first.pk, "vote": "1"})
    assert response.status_code == 303
    assert response["Location"] == _participate_url(conversation) + "#stemkaart"
    cookie = response.cookies[cookie_name(conversation)]
    assert cookie["httponly"] and cookie["path"] == _participate_url(conversation)
    participant = Participant.objects.get()
    assert Vote.objects.get().participant == participant
    # The cookie carries nothing but the signed random key.
    request = RequestFactory().get(_participate_url(conversation))
    request.COOKIES[cookie_name(conversation)] = cookie.value
    request.user = AnonymousUser()
    assert voter_for(request, conversation).key == participant.key
    assert cookie.value.startswith(participant.key + ":")
    page = client.get(_participate_url(conversation))
    assert _shown_statement(page).pk != first.pk
    assert page.context["card"].voted == 1


def test_voting_with_htmx_swaps_in_the_next_card(conversation):
    client = Client()
    first = _shown_statement(client.get(_participate_url(conversation)))
    response = client.post(_vote_url(conversation), {"statement": first.pk, "vote": "-1"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="stemkaart"')
    assert "<html" not in html
    shown = re.search(r'name="statement" value="(\d+)"', html)
    nxt = Statement.objects.get(pk=int(shown.group(1)))
    assert nxt.pk != first.pk and escape(nxt.text) in html
    assert "autofocus" in html  # focus moves to the new statement for keyboard users
    assert Vote.objects.get().value == -1


def test_the_same_browser_stays_the_same_participant(conversation, statements):
    client = Client()
    client.post(_vote_url(conversation), {"statement": statements[0].pk, "vote": "1"})
    client.post(_vote_url(conversation), {"statement": statements[1].pk, "vote": "0"})
    client.post(_vote_url(conversation), {"statement": statements[0].pk, "vote": "-1"})
    assert Participant.objects.count() == 1
    assert dict(Vote.objects.values_list("statement_id", "value")) == {
        statements[0].pk: -1,
        statements[1].pk: 0,
    }


def test_a_forged_cookie_is_ignored(conversation, statements):
    victim = Client()
    victim.post(_vote_url(conversation), {"statement": statements[0].pk, "vote": "1"})
    key = Participant.objects.get().key
    attacker = Client()
    attacker.cookies[cookie_name(conversation)] = key  # the key, but not signed
    attacker.post(_vote_url(conversation), {"statement": statements[0].pk, "vote": "-1"})
    assert Participant.objects.count() == 2
    assert Vote.objects.get(participant__key=key).value == 1


def test_a_bad_vote_value_shows_the_message_and_stores_nothing(conversation, statements):
    before = counts()
    response = Client().post(_vote_url(conversation), {"statement": statements[0].pk, "vote": "5"})
    assert response.status_code == 400
    assert (
        "Een stem is 1 (eens), -1 (oneens) of 0 (overslaan), niet “5”" in response.content.decode()
    )
    assert counts() == before
    htmx = Client().post(
        _vote_url(conversation), {"statement": statements[0].pk, "vote": "x"}, **HTMX
    )
    assert htmx.status_code == 200 and "niet “x”" in htmx.content.decode()
    assert counts() == before


def test_a_vote_on_a_closed_conversation_shows_the_message_and_stores_nothing(
    conversation, statements
):
    Conversation.objects.filter(pk=conversation.pk).update(
        closes_at=timezone.now() - dt.timedelta(hours=1)
    )
    before = counts()
    response = Client().post(_vote_url(conversation), {"statement": statements[0].pk, "vote": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit gesprek is gesloten sinds" in html and "je stem is niet opgeslagen" in html
    assert counts() == before
    page = Client().get(_participate_url(conversation))
    assert "Dit gesprek is gesloten sinds" in page.content.decode()
    assert 'name="vote"' not in page.content.decode()


def test_a_vote_on_a_hidden_statement_shows_the_message_and_stores_nothing(
    conversation, statements, worker
):
    services.statement_moderate(statement=statements[0], moderator=worker, action="hide")
    before = counts()
    response = Client().post(_vote_url(conversation), {"statement": statements[0].pk, "vote": "1"})
    assert response.status_code == 400
    assert "De gespreksleider heeft deze stelling verborgen" in response.content.decode()
    assert counts() == before


def test_a_statement_over_280_characters_shows_the_message_and_stores_nothing(conversation):
    before = counts()
    url = reverse("dialogue:statement_submit", args=[conversation.invite_token])
    response = Client().post(url, {"text": "x" * 300})
    assert response.status_code == 400
    assert "De stelling is te lang: 300 tekens, maximaal 280." in response.content.decode()
    assert counts() == before


def test_submitting_a_statement_thanks_and_waits_for_the_moderator(conversation):
    client = Client()
    url = reverse("dialogue:statement_submit", args=[conversation.invite_token])
    response = client.post(url, {"text": "Meer fietsenrekken bij de school."}, follow=True)
    assert "De gespreksleider bekijkt je stelling" in response.content.decode()
    statement = Statement.objects.get(text="Meer fietsenrekken bij de school.")
    assert statement.status == Statement.Status.PENDING
    assert statement.author == Participant.objects.get()


def test_declaring_a_role_from_the_page(conversation, areas):
    client = Client()
    url = reverse("dialogue:profile", args=[conversation.invite_token])
    response = client.post(url, {"declared_role": "municipality", "buurt": str(areas.buurt.pk)})
    assert response.status_code == 303
    participant = Participant.objects.get()
    assert (participant.declared_role, participant.buurt) == ("municipality", areas.buurt)
    bad = client.post(url, {"declared_role": "municipality", "buurt": str(areas.other_buurt.pk)})
    assert bad.status_code == 400


def test_the_public_results_show_the_groups_and_where_you_are(conversation):
    plant_votes(conversation, participants=30)
    client = Client()
    for statement in conversation.statements.order_by("number")[:8]:
        client.post(_vote_url(conversation), {"statement": statement.pk, "vote": "1"})
    snapshots.snapshot_compute(conversation_id=conversation.pk)
    response = client.get(reverse("dialogue:public_results", args=[conversation.invite_token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Groep A" in html and "Groep B" in html
    assert 'data-vega-spec="opiniekaart-spec"' in html
    assert "jij staat hier" in html  # in the map spec
    assert "Jij hoort bij Groep" in html
    # The map's text alternative (issue 11, item 29): the groups, their sizes, and where you are.
    words = html.split('id="opiniekaart-tekst">')[1].split("</p>")[0]
    assert "De kaart in woorden:" in words
    assert "Groep A, " in words and "Groep B, " in words and "deelnemers" in words
    assert "Jij staat bij Groep" in words
    assert 'aria-describedby="opiniekaart-tekst"' in html
    assert "Bewoners, ondernemers" not in html  # the role breakdown is for workers
    assert "<script>" not in html.replace(
        '<script id="opiniekaart-spec" type="application/json">', ""
    )


def test_results_before_any_vote(conversation):
    response = Client().get(reverse("dialogue:public_results", args=[conversation.invite_token]))
    assert response.status_code == 200
    assert "Nog geen uitkomst" in response.content.decode()


# --- workers' pages ------------------------------------------------------------------------


def test_a_worker_creates_a_conversation_with_seed_statements(worker_client, areas):
    response = worker_client.post(
        reverse("dialogue:create"),
        {
            "question": "Wat maakt de Berflo Es veiliger?",
            "description": "",
            "area": areas.wijk.pk,
            "moderation": "permissive",
            "accepts_statements": "on",
            "seed_statements": "Meer licht in het park.\n\nMeer wijkagenten op straat.\n",
        },
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == conversation.get_absolute_url()
    assert list(conversation.statements.values_list("number", "text")) == [
        (1, "Meer licht in het park."),
        (2, "Meer wijkagenten op straat."),
    ]
    assert conversation.moderation == "permissive"


def test_creating_with_a_too_long_seed_statement_stores_nothing(worker_client, areas):
    response = worker_client.post(
        reverse("dialogue:create"),
        {
            "question": "Vraag?",
            "area": areas.wijk.pk,
            "moderation": "strict",
            "seed_statements": "Goed.\n" + "y" * 281,
        },
    )
    assert response.status_code == 400
    assert "te lang: 281 tekens" in response.content.decode()
    assert not Conversation.objects.exists() and not Statement.objects.exists()


def test_the_detail_page_shows_the_invitation_and_qr_code(worker_client, conversation):
    response = worker_client.get(conversation.get_absolute_url())
    html = response.content.decode()
    assert "http://testserver" + _participate_url(conversation) in html
    qr_url = reverse("dialogue:qr", args=[conversation.pk])
    assert f'src="{qr_url}"' in html
    qr = worker_client.get(qr_url)
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.lstrip().startswith(b"<?xml") and b"<svg" in qr.content
    assert b"<script" not in qr.content and b"style=" not in qr.content


def test_moderation_queue_and_htmx_approval(worker_client, conversation):
    flagged = services.statement_submit(
        conversation=conversation,
        voter=services.Voter(user=None, key="sleutel-moderatie-0000000"),
        text="Er moeten meer bomen in de straat komen!",
    )
    page = worker_client.get(reverse("dialogue:moderation", args=[conversation.pk]))
    html = page.content.decode()
    assert "1 stelling wacht" in html and "Lijkt op stelling 1" in html
    response = worker_client.post(
        reverse("dialogue:moderate", args=[flagged.pk]), {"action": "approve"}, **HTMX
    )
    assert (
        response.status_code == 200 and f'id="stelling-{flagged.pk}"' in response.content.decode()
    )
    assert Statement.objects.get(pk=flagged.pk).status == Statement.Status.APPROVED


def test_the_results_page_for_workers_has_the_role_breakdown(worker_client, conversation):
    plant_votes(conversation, participants=30)
    snapshots.snapshot_compute(conversation_id=conversation.pk)
    response = worker_client.get(reverse("dialogue:results", args=[conversation.pk]))
    html = response.content.decode()
    assert "Groep A" in html and "Waar de groepen het meest verschillen" in html
    assert "waar verschillen ze?" in html and "Bewoner" in html and "Professional" in html
    assert "jij staat hier" not in html  # the worker did not vote


def test_paper_votes_upload(worker_client, conversation):
    url = reverse("dialogue:paper_votes", args=[conversation.pk])
    good = io.BytesIO(b"deelnemer,stelling,stem\nK1,1,1\nK1,2,-1\n")
    good.name = "kaartjes.csv"
    response = worker_client.post(url, {"file": good})
    assert response.status_code == 302 and Vote.objects.count() == 2
    bad = io.BytesIO(b"deelnemer,stelling,stem\nK2,1,1\nK2,77,1\n")
    bad.name = "kaartjes.csv"
    response = worker_client.post(url, {"file": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er is niets opgeslagen" in html and "Regel 3: stelling 77 bestaat niet" in html
    assert Vote.objects.count() == 2


def test_the_export_is_a_zip_in_the_polis_layout(worker_client, conversation, settings, tmp_path):
    """Asked for, then downloaded (tests/dialogue/test_dialogue_exports.py for the rest)."""
    settings.OPBOUW_EXPORT_ROOT = tmp_path
    plant_votes(conversation, participants=5)
    worker_client.post(reverse("dialogue:export_create", args=[conversation.pk]))
    export = conversation.exports.get()
    response = worker_client.get(reverse("dialogue:export_download", args=[export.pk]))
    assert response["Content-Type"] == "application/zip"
    assert "gesprek-" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert "participants-votes.csv" in archive.namelist()


def test_the_list_runs_a_constant_number_of_queries(worker_client, worker, areas):
    def load() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert worker_client.get(reverse("dialogue:list")).status_code == 200
        return len(queries)

    services.conversation_create(created_by=worker, area=areas.wijk, question="Eén?")
    few = load()
    for i in range(15):
        conversation = services.conversation_create(
            created_by=worker,
            area=areas.buurt,
            question=f"Vraag {i}?",
            seed_statements=["Stelling."],
        )
        plant_votes(conversation, participants=2)
    assert load() == few


def test_another_wijk_does_not_see_the_conversation(conversation, other_worker):
    client = client_for(other_worker)
    assert client.get(conversation.get_absolute_url()).status_code == 404
    assert client.get(reverse("dialogue:results", args=[conversation.pk])).status_code == 404
    assert conversation.question not in client.get(reverse("dialogue:list")).content.decode()


@pytest.mark.parametrize("role", ["partner", "policy"])
def test_partners_and_policy_follow_but_do_not_run(conversation, users, role):
    client = client_for(users[role])
    assert client.get(conversation.get_absolute_url()).status_code == 200
    assert client.get(reverse("dialogue:moderation", args=[conversation.pk])).status_code == 404
    assert "Beheer" not in client.get(conversation.get_absolute_url()).content.decode()

"""One-time submission tokens (opbouw.core.submission): every create form of the project,
found by walking every page (tests/core/form_crawl.py), carries a token, and posting the same
page twice (back and save again, a double click) stores one object and shows the first."""

from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import resolve

from opbouw.core.models import FormSubmission
from opbouw.core.submission import FIELD
from opbouw.journal.counts import count_field
from opbouw.journal.models import CountCategory
from tests.core.form_crawl import pages, post_forms
from tests.core.test_every_form import _fill
from tests.html_tree import parse
from tests.test_authorization_matrix import world  # noqa: F401  (the fixture)

# Every view that creates something from a form. A new one must be added here (and carry
# `{% submission_token %}`); `test_the_list_of_create_views_is_complete` keeps the list honest.
CREATE_VIEWS = {
    "people:create", "people:group_create", "people:organisation_create", "people:consent_add",
    "people:group_member_add", "journal:create", "dialogue:create", "dialogue:statement_add",
    "dialogue:statement_submit", "dialogue:export_create", "dialogue:paper_votes",
    "assets:create", "assets:note_add", "initiatives:create", "initiatives:member_add",
    "initiatives:need_add", "initiatives:support_add", "initiatives:stage",
    "initiatives:position", "initiatives:municipal_role", "initiatives:grant_create",
    "initiatives:grant_supporter", "initiatives:attachment_add", "initiatives:grant_account",
    "initiatives:cash_add", "initiatives:delegation_add", "initiatives:process_create",
    "journal:bundle_create", "reports:harvest_create",
    "reports:create", "reports:story_create", "reports:outcome_create", "reports:round_create",
    "reports:message", "network:tie_add", "network:introduction_propose",
    "privacy:erasure_ask", "privacy:export_create",
}  # fmt: skip
# Created by the crawl's plain values without help (the others need an upload, a contact
# chosen with the autocomplete, a person to introduce, ...; they are tested below by hand).
NOT_FILLABLE = {
    "people:group_member_add", "initiatives:member_add", "initiatives:attachment_add",
    "dialogue:paper_votes", "network:tie_add", "network:introduction_propose",
    "dialogue:statement_submit", "initiatives:grant_account", "initiatives:stage",
    "reports:round_create", "privacy:export_create", "dialogue:export_create",
    "initiatives:grant_supporter",
    # Not on a crawled page: the matrix world has no CBS figures to write a note beside.
    "assets:note_add",
    # The committee has to belong to the chosen area; the last of each seldom match.
    "initiatives:delegation_add",
}  # fmt: skip

# Values the crawl's plain ones do not satisfy (a phone number, an optional link left empty).
VALUES = {
    "people:create": {"phone": ["0612345678"], "languages": ["nl"]},
    "dialogue:create": {"closes_at": [""]},
    # The last kind (a door round) counts without names; the crawl chose a person.
    "journal:create": {"kind": ["contact"], **{count_field(c): [""] for c in CountCategory}},
    "reports:create": {"initiative": [""]},
    "reports:story_create": {"initiative": [""]},
    "reports:outcome_create": {"initiative": [""]},
}

COUNTED = [
    model
    for model in apps.get_models()
    if model not in (FormSubmission, Session) and model._meta.app_label.startswith(
        ("people", "journal", "dialogue", "assets", "initiatives", "reports", "network",
         "privacy", "accounts")
    )
]  # fmt: skip


def _rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def _view_name(action: str) -> str:
    return resolve(action.split("?")[0]).view_name


def test_every_create_form_stores_once_when_posted_twice(users, world):  # noqa: F811
    problems, stored_once = [], set()
    for page, client in pages(users, world):
        for form, action in post_forms(page.tree, page.url):
            name = _view_name(action)
            if name not in CREATE_VIEWS:
                continue
            data, _expected, _invalid = _fill(form)
            if not data.get(FIELD):
                problems.append(f"{page.role} {page.url} → {action}: no submission token")
                continue
            if name in stored_once or name in NOT_FILLABLE:
                continue
            data.update(VALUES.get(name, {}))
            before = _rows()
            first = client.post(action, data)
            if first.status_code not in (302, 303):
                errors = [
                    f"{n.get('id')}: {n.text().strip()}"
                    for n in parse(first.content.decode()).iter("div", "span")
                    if "error-message" in (n.get("class") or "")
                ]
                problems.append(
                    f"{page.role} {page.url} → {action}: plain values refused "
                    f"({first.status_code}: {errors}); give it values in VALUES"
                )
                continue
            after_first = _rows()
            second = client.post(action, data)
            after_second = _rows()
            if after_second != after_first:
                grown = {k: v for k, v in after_second.items() if after_first.get(k) != v}
                problems.append(f"{page.role} {page.url} → {action}: stored again: {grown}")
            if second.status_code != 302 or second["Location"] != first["Location"]:
                problems.append(
                    f"{page.role} {page.url} → {action}: the repeat did not show the first "
                    f"result ({second.status_code} {second.get('Location')})"
                )
            if after_first == before and name not in {"initiatives:position"}:
                problems.append(f"{page.role} {page.url} → {action}: nothing was stored")
            stored_once.add(name)
    assert not problems, "\n".join(problems)
    assert stored_once >= CREATE_VIEWS - NOT_FILLABLE - {"dialogue:statement_submit"}, sorted(
        CREATE_VIEWS - NOT_FILLABLE - stored_once
    )


def test_the_list_of_create_views_is_complete():
    """A view whose name says it creates or adds is in CREATE_VIEWS."""
    from tests.test_authorization_matrix import MATRIX

    creating = {
        name for name in MATRIX if name.rsplit(":", 1)[-1].endswith(("create", "_add", "add"))
    }
    assert creating <= CREATE_VIEWS, sorted(creating - CREATE_VIEWS)


def test_a_refused_post_releases_its_token_so_the_corrected_post_is_stored(worker_client, areas):
    from opbouw.people.models import Group

    token = "a" * 32
    refused = worker_client.post(
        "/mensen/groepen/nieuw/", {FIELD: token, "name": "", "kind": "association"}
    )
    assert refused.status_code == 400
    assert not FormSubmission.objects.exists()
    data = {FIELD: token, "name": "Moestuinclub", "kind": "association", "area": areas.buurt.pk}
    stored = worker_client.post("/mensen/groepen/nieuw/", data)
    assert stored.status_code == 302
    again = worker_client.post("/mensen/groepen/nieuw/", data, follow=True)
    assert Group.objects.filter(name="Moestuinclub").count() == 1
    assert "al verstuurd" in again.content.decode()


def test_a_token_is_per_person(users, areas):
    """Another account posting the same token value is not blocked by the first."""
    from opbouw.people.models import Group

    token = "b" * 32
    for role, name in (("worker", "Eerste club"), ("coordinator", "Tweede club")):
        client = Client()
        client.force_login(users[role])
        data = {FIELD: token, "name": name, "kind": "association", "area": areas.buurt.pk}
        assert client.post("/mensen/groepen/nieuw/", data).status_code == 302
    assert Group.objects.filter(name__in=["Eerste club", "Tweede club"]).count() == 2


def test_adding_the_same_people_to_a_group_twice_with_one_token(worker_client, areas):
    from opbouw.people.models import GroupMembership
    from tests.factories import GroupFactory, PersonFactory

    group = GroupFactory(area=areas.wijk)
    one, two = PersonFactory.create_batch(2, area=areas.buurt)
    url = f"/mensen/groepen/{group.pk}/leden/"
    data = {FIELD: "c" * 32, "people": [one.pk, two.pk]}
    first = worker_client.post(url, data)
    GroupMembership.objects.filter(person=two).delete()  # someone removed one meanwhile
    second = worker_client.post(url, data)
    assert second["Location"] == first["Location"]
    # The repeat did nothing: the removed membership is not silently re-added.
    assert list(GroupMembership.objects.values_list("person_id", flat=True)) == [one.pk]

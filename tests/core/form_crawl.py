"""Walk every page of the authorization matrix, as every role that may open it, and collect
the pages' HTML and their post forms. Shared by the tests over every form of the project."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from tests.html_tree import Node, parse
from tests.test_authorization_matrix import MATRIX, ROLES, _client, _expected, _kwargs

# Forms that are not data entry: the language switch in every footer, logging out.
NOT_DATA_ENTRY = {"set_language", "accounts:logout"}
LABELLED_BY_TYPE = {"submit", "button", "reset", "image"}


@dataclass
class Page:
    name: str
    role: str
    url: str
    tree: Node


def pages(users, world) -> Iterator[tuple[Page, Client]]:
    """Every GET page that answers 200 to a role, once per role."""
    for name in sorted(MATRIX):
        rule = MATRIX[name]
        if rule.post_only:
            continue
        kwargs = _kwargs(rule.obj, world["own"][rule.obj] if rule.obj else None)
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            if role == "other_worker" or _expected(rule, role, "own") != 200:
                continue
            client = _client(users, role)
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            yield Page(name, role, url, parse(response.content.decode())), client


def post_forms(tree: Node, page_url: str) -> list[tuple[Node, str]]:
    """(form, action) for every data-entry post form on a page."""
    found = []
    for form in tree.iter("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        # Searches post so that names stay out of URLs; they enter no data.
        if form.get("role") == "search" or "opbouw-search" in (form.get("class") or ""):
            continue
        action = form.get("action") or page_url
        try:
            view_name = resolve(action.split("?")[0]).view_name
        except Exception:  # noqa: BLE001
            continue
        if view_name in NOT_DATA_ENTRY:
            continue
        found.append((form, action))
    return found


def controls(form: Node) -> list[Node]:
    return [n for n in form.iter("input", "select", "textarea")]


def visible_controls(form: Node) -> list[Node]:
    return [
        n
        for n in controls(form)
        if n.get("name")
        and not (n.tag == "input" and (n.get("type") or "text") in LABELLED_BY_TYPE | {"hidden"})
        and "disabled" not in n.attrs
    ]


def today() -> dt.date:
    return timezone.localdate()

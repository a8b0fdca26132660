"""No page shows a link that the person reading it cannot follow (issue 11, item 30).

Every GET page of the authorization matrix that a role may see is fetched as that role, and
every link on it is followed as that role: a 404 or 403 is a link to a page the person may not
open (or that does not exist), and must not be shown.
"""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import reverse

from opbouw.people.models import Person
from opbouw.people.services import group_member_add
from tests.test_authorization_matrix import MATRIX, ROLES, _client, _kwargs, build_world

# Not pages of the product: Django's admin (its own permissions), static and media files.
NOT_PRODUCT = ("/admin/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_on(html: str, page_url: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        if href.startswith("#"):  # within the page
            continue
        url, _fragment = urldefrag(urljoin("http://testserver" + page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(NOT_PRODUCT):
            continue
        found.add(path)
    return found


def pages_for(role: str, world) -> list[tuple[str, str]]:
    """The URL of every GET page of the matrix that `role` may see (200), and of every one
    that sends the role on (302) to a page of its own (home → Vandaag, my page → a
    resident's person page)."""
    side = "other" if role == "other_worker" else "own"
    expected_as = "worker" if role == "other_worker" else role
    urls = []
    for name, rule in sorted(MATRIX.items()):
        if rule.post_only:
            continue
        if role == "anonymous":
            if rule.anonymous != 200:
                continue
        else:
            scoped = rule.obj and rule.scoped
            status = rule.expect.get(expected_as if scoped else role, 404)
            if status not in (200, 302):
                continue
        obj = world[side][rule.obj] if rule.obj else None
        if rule.obj and obj is None:
            continue
        urls.append((name, reverse(name, kwargs=_kwargs(rule.obj, obj))))
    return urls


def _finish(response) -> None:
    """Let a download close its file the way the test client means it to: by reading it to
    the end. Calling `response.close()` directly sends request_finished with Django's
    close_old_connections connected, which closes the test's database connection inside its
    transaction (on PostgreSQL every later query then fails; SQLite in memory ignores it)."""
    if response.streaming:
        for _chunk in response.streaming_content:
            pass


@pytest.fixture
def world(users, areas, settings, tmp_path):
    return build_world(users, areas, settings, tmp_path)


def test_every_link_on_a_page_a_role_may_see_can_be_followed_by_that_role(users, world):
    # The resident is a member of a group: their own page names it (a group page they may not
    # open, issue 11: /mensen/groepen/9/).
    resident = Person.objects.get(user=users["resident"])
    group_member_add(group=world["own"]["group"], person=resident)
    problems = []
    pages_seen = 0
    for role in ROLES:
        client = _client(users, role)
        checked: dict[str, int] = {}
        for _name, page in pages_for(role, world):
            response = client.get(page, follow=True)
            assert response.status_code == 200, (role, page, response.status_code)
            page = response.request["PATH_INFO"]
            if page.startswith("/account/"):  # sent on to log in or out: not a page of its own
                continue
            if not response["Content-Type"].startswith("text/html"):
                _finish(response)
                continue
            pages_seen += 1
            for link in sorted(links_on(response.content.decode(), page)):
                if link not in checked:
                    followed = client.get(link)
                    checked[link] = followed.status_code
                    _finish(followed)
                if checked[link] in (403, 404):
                    problems.append(f"{role:<15} {page} → {link}: {checked[link]}")
    assert pages_seen > 100, pages_seen  # the walk reached the pages
    assert not problems, "Links the reader cannot follow:\n" + "\n".join(problems)


def test_the_crawl_finds_a_link_to_a_page_the_role_may_not_open():
    """The check has teeth: a link to a page that answers 404 is reported."""
    html = '<a href="/gebieden/GM0164/">Hengelo</a> <a href="#main">x</a> <a href="https://e.nl/">e</a>'
    assert links_on(html, "/gebieden/") == {"/gebieden/GM0164/"}

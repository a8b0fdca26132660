"""Every URL × every role × own / other-area object: the exact status code.

The rules (docs/DESIGN.md): everything is denied unless a rule allows it; an anonymous visitor
is sent to the login page; an object outside your areas, or a page your role may not use, is
a 404 — never a 403, so a response does not tell whether something exists.

A new URL pattern makes `test_every_url_pattern_is_in_the_matrix` fail until it is added to
MATRIX below with the statuses it should give.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from opbouw.core.models import Theme
from opbouw.dialogue.services import conversation_create
from opbouw.people.models import Consent
from tests.factories import (
    ConsentFactory,
    FollowUpFactory,
    GroupFactory,
    JournalEntryFactory,
    OrganisationFactory,
    PersonFactory,
    SignalFactory,
)

ROLES = [
    "anonymous",
    "resident",
    "worker",
    "partner",
    "policy",
    "coordinator",
    "admin",
    "privacy_officer",
    "other_worker",
]
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/")
LOGIN_URL = "/account/inloggen/"

JOURNAL = {"worker": 200, "coordinator": 200, "admin": 200}
PEOPLE = {**JOURNAL, "partner": 200}
EVERYONE = {"resident": 200, "worker": 200, "partner": 200, "policy": 200, "coordinator": 200,
            "admin": 200, "privacy_officer": 200}  # fmt: skip


DIALOGUE = {**JOURNAL, "partner": 200, "policy": 200}
PUBLIC = {**EVERYONE, "other_worker": 200}


ADDERS = {"resident": 200, "worker": 200, "coordinator": 200, "admin": 200}
GRANTS = {**JOURNAL, "policy": 200}
PROCESS_EDITORS = {**JOURNAL, "policy": 200}
REPORTS = {**JOURNAL, "policy": 200}
# Not policy: no live view of the network for the municipality (issue 21).
NETWORK = {**JOURNAL, "partner": 200}
# Who logs in with a second factor (core.roles.SECOND_FACTOR_ROLES), and who does not.
SECOND_FACTOR = dict.fromkeys(
    ("worker", "policy", "coordinator", "admin", "privacy_officer", "other_worker"), 200
)
NO_SECOND_FACTOR = {"resident": 200, "partner": 200}
# The audit trail: the coordinator and the privacy officer (FG) of the area, nobody else.
AUDIT = {"coordinator": 200, "privacy_officer": 200}
# The processing register (AVG art. 30): coordinator, admin and the FG.
REGISTER = {"coordinator": 200, "admin": 200, "privacy_officer": 200}


def _with(statuses: dict[str, int], status: int) -> dict[str, int]:
    return dict.fromkeys(statuses, status)


@dataclass(frozen=True)
class Rule:
    """What one URL pattern answers.

    expect: role → status for an object in the own wijk (or for a page without an object);
        a role that is not listed gets 404. For a page with an object (`scoped`), the
        other-area worker gets the worker's status on the other wijk's object and 404 on the
        own wijk's; for a page without one, list `other_worker` explicitly.
    obj: which world object fills the URL kwargs (None: no kwargs).
    post_only: the view takes POST only; a GET by any logged-in user is 405 (the method is
        refused before the object is looked up, so 405 reveals nothing about it).
    """

    expect: dict[str, int]
    obj: str | None = None
    scoped: bool = True
    post_only: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    anonymous: int = 302  # 302 means: to the login page
    anonymous_get: int | None = None  # for post_only pages without login_required


MATRIX: dict[str, Rule] = {
    # Start page: workers go to their day, others see their areas.
    "home": Rule(
        {
            "resident": 200,
            "partner": 200,
            "policy": 200,
            "privacy_officer": 200,
            **_with(JOURNAL, 302),
            "other_worker": 302,
        },  # fmt: skip
    ),
    "accounts:login": Rule({**_with(EVERYONE, 302), "other_worker": 302}, anonymous=200),
    "accounts:logout": Rule(
        {**_with(EVERYONE, 302), "other_worker": 302}, post_only=True, anonymous_get=405
    ),
    # Two-factor login: these clients passed both factors already (tests/two_factor.py), so
    # the code page sends them on; setup (a new app) and new backup codes are for those who
    # need a second factor; residents and partners have none (404).
    "accounts:two_factor": Rule({**_with(SECOND_FACTOR, 302), **_with(NO_SECOND_FACTOR, 302)}),
    "accounts:two_factor_setup": Rule(SECOND_FACTOR),
    "accounts:backup_codes": Rule(SECOND_FACTOR, post_only=True),
    # Password reset: public; a link that does not check out is a 404 like any unknown object.
    "accounts:password_reset": Rule(
        {**_with(SECOND_FACTOR, 200), **_with(NO_SECOND_FACTOR, 200)}, anonymous=200
    ),
    "accounts:password_reset_done": Rule(
        {**_with(SECOND_FACTOR, 200), **_with(NO_SECOND_FACTOR, 200)}, anonymous=200
    ),
    "accounts:password_reset_confirm": Rule({}, obj="reset_link", scoped=False, anonymous=404),
    "accounts:password_reset_complete": Rule(
        {**_with(SECOND_FACTOR, 200), **_with(NO_SECOND_FACTOR, 200)}, anonymous=200
    ),
    # Areas: every role with a membership sees its own areas.
    "areas:list": Rule({**EVERYONE, "other_worker": 200}),
    "areas:detail": Rule(EVERYONE, obj="area"),
    # People: partners see the directory (pseudonymised); only journal roles edit.
    "people:list": Rule({**PEOPLE, "other_worker": 200}),
    "people:create": Rule({**JOURNAL, "other_worker": 200}),
    "people:me": Rule({"resident": 302}),
    "people:detail": Rule(PEOPLE, obj="person"),
    "people:edit": Rule(JOURNAL, obj="person"),
    "people:consent_add": Rule(
        _with(JOURNAL, 302),
        obj="person",
        post_only=True,
        data={
            "purpose": Consent.Purpose.CONTACT,
            "basis": Consent.Basis.CONSENT,
            "source": Consent.Source.PHONE,
            "given_on": "2025-01-15",
        },
    ),
    "people:consent_withdraw": Rule(_with(JOURNAL, 302), obj="consent", post_only=True),
    "people:autocomplete": Rule(
        {**JOURNAL, "other_worker": 200}, scoped=False, post_only=True, data={"q": "an"}
    ),
    "people:group_list": Rule({**PEOPLE, "other_worker": 200}),
    "people:group_create": Rule({**JOURNAL, "other_worker": 200}),
    "people:group_autocomplete": Rule(
        {**PEOPLE, "other_worker": 200}, scoped=False, post_only=True, data={"q": "an"}
    ),
    "people:group_detail": Rule(PEOPLE, obj="group"),
    "people:group_member_add": Rule(_with(JOURNAL, 302), obj="group", post_only=True),
    "people:organisation_list": Rule({**PEOPLE, "other_worker": 200}),
    "people:organisation_create": Rule({**JOURNAL, "other_worker": 200}),
    "people:organisation_autocomplete": Rule(
        {**PEOPLE, "other_worker": 200}, scoped=False, post_only=True, data={"q": "an"}
    ),
    # Journal: workers, coordinators and admins of the area only.
    "journal:timeline": Rule({**JOURNAL, "other_worker": 200}),
    "journal:today": Rule({**JOURNAL, "other_worker": 200}),
    "journal:follow_ups": Rule({**JOURNAL, "other_worker": 200}),
    "journal:signals": Rule({**JOURNAL, "other_worker": 200}),
    "journal:create": Rule({**JOURNAL, "other_worker": 200}),
    "journal:detail": Rule(JOURNAL, obj="entry"),
    "journal:edit": Rule(JOURNAL, obj="entry"),
    "journal:area": Rule(JOURNAL, obj="area"),
    "journal:person": Rule(JOURNAL, obj="person"),
    "journal:group": Rule(JOURNAL, obj="group"),
    "journal:theme": Rule({**JOURNAL, "other_worker": 200}, obj="theme", scoped=False),
    "journal:follow_up_done": Rule(_with(JOURNAL, 302), obj="follow_up", post_only=True),
    "journal:bundle_list": Rule({**JOURNAL, "other_worker": 200}),
    "journal:bundle_create": Rule({**JOURNAL, "other_worker": 200}),
    "journal:bundle_detail": Rule(JOURNAL, obj="bundle"),
    "journal:bundle_edit": Rule(JOURNAL, obj="bundle"),
    "journal:signal_status": Rule(
        _with(JOURNAL, 302), obj="signal", post_only=True, data={"status": "forwarded"}
    ),
    # Conversations: workers run them; partners and policy follow them in their areas.
    "dialogue:list": Rule({**DIALOGUE, "other_worker": 200}),
    "dialogue:create": Rule({**JOURNAL, "other_worker": 200}),
    "dialogue:detail": Rule(DIALOGUE, obj="conversation"),
    "dialogue:edit": Rule(JOURNAL, obj="conversation"),
    "dialogue:statement_add": Rule(
        _with(JOURNAL, 302), obj="conversation", post_only=True, data={"text": "Meer bankjes."}
    ),
    "dialogue:moderation": Rule(JOURNAL, obj="conversation"),
    "dialogue:moderate": Rule(
        _with(JOURNAL, 302), obj="statement", post_only=True, data={"action": "approve"}
    ),
    "dialogue:qr": Rule(DIALOGUE, obj="conversation"),
    "dialogue:results": Rule(DIALOGUE, obj="conversation"),
    "dialogue:recompute": Rule(_with(JOURNAL, 302), obj="conversation", post_only=True),
    "dialogue:paper_votes": Rule(JOURNAL, obj="conversation"),
    "dialogue:export": Rule(JOURNAL, obj="conversation"),
    # Asking for an export: those who run the conversation (the world's is small, so it is
    # made at once and the POST sends them to the export page); downloading: only whoever
    # asked for it (the world's export was asked for by the side's worker).
    "dialogue:export_create": Rule(_with(JOURNAL, 302), obj="conversation", post_only=True),
    "dialogue:export_download": Rule({"worker": 200}, obj="conversation_export"),
    # Taking part: anyone with the invitation link, with or without an account. A POST that
    # changes something answers 303 back to the page; one without a valid statement, 400.
    "dialogue:participate": Rule(PUBLIC, obj="invitation", scoped=False, anonymous=200),
    "dialogue:public_results": Rule(PUBLIC, obj="invitation", scoped=False, anonymous=200),
    "dialogue:vote": Rule(
        _with(PUBLIC, 400),
        obj="invitation",
        scoped=False,
        post_only=True,
        data={"statement": "", "vote": "1"},
        anonymous=400,
        anonymous_get=405,
    ),
    "dialogue:statement_submit": Rule(
        _with(PUBLIC, 400),
        obj="invitation",
        scoped=False,
        post_only=True,
        data={"text": "ja"},
        anonymous=400,
        anonymous_get=405,
    ),
    "dialogue:profile": Rule(
        _with(PUBLIC, 303),
        obj="invitation",
        scoped=False,
        post_only=True,
        data={"declared_role": "resident"},
        anonymous=303,
        anonymous_get=405,
    ),
    # Buurtbeeld (asset map, wijkprofiel): everyone in the area reads it; residents and
    # workers add to it; only workers (or the one who added it) change or remove it.
    "assets:map": Rule({**EVERYONE, "other_worker": 200}),
    "assets:data": Rule({**EVERYONE, "other_worker": 200}),
    "assets:geojson": Rule({**EVERYONE, "other_worker": 200}),
    "assets:boundaries": Rule({**EVERYONE, "other_worker": 200}),
    "assets:create": Rule({**ADDERS, "other_worker": 200}),
    "assets:detail": Rule(EVERYONE, obj="asset"),
    "assets:edit": Rule(JOURNAL, obj="asset"),
    "assets:delete": Rule(_with(JOURNAL, 302), obj="asset", post_only=True),
    "assets:profile": Rule(EVERYONE, obj="area"),
    "assets:note_add": Rule(
        _with(ADDERS, 302),
        obj="area",
        post_only=True,
        data={"key": "inhabitants", "text": "Veel nieuwe gezichten."},
    ),  # fmt: skip
    "assets:note_delete": Rule(_with(JOURNAL, 302), obj="note", post_only=True),
    # Initiatives: everyone in the area sees them; residents start and join them; workers
    # (and a resident trekker or kerngroep member, not in this world) change them.
    "initiatives:list": Rule({**EVERYONE, "other_worker": 200}),
    "initiatives:create": Rule({**ADDERS, "other_worker": 200}),
    "initiatives:detail": Rule(EVERYONE, obj="initiative"),
    "initiatives:edit": Rule(JOURNAL, obj="initiative"),
    "initiatives:stage": Rule(
        _with(JOURNAL, 302),
        obj="initiative",
        post_only=True,
        data={"to_stage": "independent", "changed_on": "2025-01-15", "note": "Loopt zelf."},
    ),  # fmt: skip
    "initiatives:member_add": Rule(_with(JOURNAL, 302), obj="initiative", post_only=True),
    "initiatives:member_join": Rule(
        {"resident": 302}, obj="initiative", post_only=True, data={"role": "volunteer"}
    ),
    "initiatives:member_leave": Rule(_with(JOURNAL, 302), obj="member", post_only=True),
    "initiatives:need_add": Rule(
        _with(JOURNAL, 302),
        obj="initiative",
        post_only=True,
        data={"kind": "need", "description": "Een partytent"},
    ),  # fmt: skip
    "initiatives:need_fulfil": Rule(_with(JOURNAL, 302), obj="need", post_only=True),
    "initiatives:support_add": Rule(_with(JOURNAL, 302), obj="initiative", post_only=True),
    "initiatives:position": Rule(
        _with(JOURNAL, 302), obj="initiative", post_only=True, data={"position": "beside"}
    ),
    # The cash box: the initiative's core and the workers; never partners or the municipality.
    "initiatives:cash_add": Rule(
        _with(JOURNAL, 302),
        obj="initiative",
        post_only=True,
        data={"direction": "in", "occurred_on": "2025-01-02", "description": "Pot", "amount": "5"},
    ),
    "initiatives:cash_receipt": Rule(JOURNAL, obj="cash_entry"),
    "initiatives:municipal_role": Rule(
        _with(JOURNAL, 302), obj="initiative", post_only=True, data={"role": "facilitate"}
    ),
    # Participation processes: everyone of the area sees the promised and realised level;
    # workers and beleid record them.
    "initiatives:process_list": Rule({**EVERYONE, "other_worker": 200}),
    "initiatives:process_create": Rule({**PROCESS_EDITORS, "other_worker": 200}),
    "initiatives:process_detail": Rule(EVERYONE, obj="process"),
    "initiatives:process_realise": Rule(
        _with(PROCESS_EDITORS, 302),
        obj="process",
        post_only=True,
        data={"level_realised": "3", "realised_on": "2025-06-01", "realised_note": "Advies."},
    ),
    # Buurtbudget: the initiative's workers (and core) and beleid see an application; only
    # beleid and beheer decide. The world's application is submitted, so editing it sends
    # you back to it (302).
    "initiatives:grant_create": Rule(JOURNAL, obj="initiative"),
    "initiatives:grant_list": Rule({**GRANTS, "other_worker": 200}),
    # Delegating decisions to a residents' committee: beleid and beheer of the area.
    "initiatives:delegation_add": Rule(
        {"policy": 302, "admin": 302, "other_worker": 404}, post_only=True, scoped=False
    ),
    "initiatives:delegation_end": Rule(
        {"policy": 302, "admin": 302}, obj="delegation", post_only=True
    ),
    "initiatives:grant_detail": Rule(GRANTS, obj="grant"),
    "initiatives:grant_edit": Rule(_with(JOURNAL, 302), obj="grant"),
    "initiatives:grant_supporter": Rule(
        _with(JOURNAL, 302), obj="grant", post_only=True, data={"name": "Buurvrouw"}
    ),
    "initiatives:grant_submit": Rule(_with(JOURNAL, 302), obj="grant", post_only=True),
    "initiatives:grant_decide": Rule(
        {"policy": 302, "admin": 302}, obj="grant", post_only=True, data={"to_status": "in_review"}
    ),
    "initiatives:attachment_add": Rule(_with(JOURNAL, 302), obj="grant", post_only=True),
    "initiatives:grant_account": Rule(_with(JOURNAL, 302), obj="grant", post_only=True),
    "initiatives:attachment": Rule(GRANTS, obj="attachment"),
    # Verantwoording (opbouw.reports): workers collect stories and outcomes and compose,
    # issue and export reports; policy (the funder) reads the issued version (the world's
    # report is issued), answers it and sees the protected dashboard.
    "reports:list": Rule({**REPORTS, "other_worker": 200}),
    "reports:create": Rule({**JOURNAL, "other_worker": 200}),
    "reports:detail": Rule(REPORTS, obj="report"),
    "reports:edit": Rule(JOURNAL, obj="report"),
    "reports:issue": Rule(_with(JOURNAL, 302), obj="report", post_only=True),
    "reports:names": Rule(JOURNAL, obj="report"),
    "reports:message": Rule(
        _with(REPORTS, 302), obj="report", post_only=True, data={"text": "Dank."}
    ),
    "reports:pdf": Rule(REPORTS, obj="report"),
    "reports:xlsx": Rule(REPORTS, obj="report"),
    "reports:csv": Rule(REPORTS, obj="report"),
    "reports:stories": Rule({**JOURNAL, "other_worker": 200}),
    "reports:story_create": Rule({**JOURNAL, "other_worker": 200}),
    "reports:story_detail": Rule(JOURNAL, obj="story"),
    "reports:story_release": Rule(JOURNAL, obj="story"),
    "reports:story_edit": Rule(JOURNAL, obj="story"),
    "reports:outcome_edit": Rule(JOURNAL, obj="outcome"),
    "reports:round_create": Rule({**JOURNAL, "other_worker": 200}),
    "reports:round_detail": Rule(JOURNAL, obj="selection_round"),
    "reports:outcome_create": Rule({**JOURNAL, "other_worker": 200}),
    # Outcome harvests: the workers of the area design and read them, like outcomes.
    "reports:harvest_create": Rule({**JOURNAL, "other_worker": 200}),
    "reports:harvest_detail": Rule(JOURNAL, obj="harvest"),
    "reports:dashboard": Rule({"policy": 200, "coordinator": 200, "admin": 200}),
    "reports:dashboard_xlsx": Rule({"policy": 200, "coordinator": 200, "admin": 200}),
    "reports:dashboard_csv": Rule({"policy": 200, "coordinator": 200, "admin": 200}),
    # Live per-organisation figures: the journal roles; policy reads them in issued reports.
    "reports:collective": Rule({**JOURNAL, "other_worker": 200}),
    # Audit trail (opbouw.privacy.audit_views): pages without an object; the rows are
    # limited to the reader's areas (tests/audit).
    "audit:list": Rule(AUDIT),
    "audit:export": Rule(AUDIT),
    "audit:alerts": Rule(AUDIT),
    # Network (opbouw.network): workers and partners see an area's network (partners
    # pseudonymised unless consent); policy does not; only workers connect people. A
    # resident answers the introductions proposed to them (their own page; the world's is
    # between two others).
    "network:index": Rule({**NETWORK, "other_worker": 200}),
    "network:area": Rule(NETWORK, obj="area"),
    "network:graph": Rule(NETWORK, obj="area"),
    "network:isolated": Rule(NETWORK, obj="area"),
    "network:recompute": Rule(_with(JOURNAL, 302), obj="area", post_only=True),
    "network:person": Rule(JOURNAL, obj="person"),
    "network:tie_add": Rule(_with(JOURNAL, 400), obj="person", post_only=True),
    "network:introduction_propose": Rule(_with(JOURNAL, 400), obj="person", post_only=True),
    "network:introductions": Rule({**JOURNAL, "resident": 200, "other_worker": 200}),
    "network:introduction_answer": Rule(
        _with(JOURNAL, 302),
        obj="introduction",
        post_only=True,
        data={"side": "a", "answer": "yes", "source": "phone"},
    ),
    "network:initiative": Rule(JOURNAL, obj="initiative"),
    # Privacy (opbouw.privacy): workers of the person's area export and erase (after a confirm
    # step); an export is downloadable only by whoever asked for it; a resident has "my data"
    # (the world's consent is another person's: 404 for everyone); the register is for the
    # coordinator, admin and FG.
    "privacy:index": Rule({**JOURNAL, "privacy_officer": 200, "other_worker": 200}),
    "privacy:mine": Rule({"resident": 200}),
    "privacy:erasure_ask": Rule({"resident": 302}, post_only=True, data={"reason": ""}),
    "privacy:consent_withdraw": Rule({}, obj="consent", post_only=True),
    "privacy:export_create": Rule(_with(JOURNAL, 302), obj="person", post_only=True),
    "privacy:erase": Rule(JOURNAL, obj="person"),
    "privacy:export_download": Rule({"worker": 200}, obj="export"),
    "privacy:erasure_reject": Rule(
        _with(JOURNAL, 302), obj="erasure_request", post_only=True, data={"reason": "Nee."}
    ),
    "privacy:register": Rule(REGISTER),
    "privacy:register_csv": Rule(REGISTER),
    "privacy:register_json": Rule(REGISTER),
}


# --- the URL patterns ----------------------------------------------------------------------


def _patterns(resolver=None, prefix="", namespace=None):
    """(route, name) for every pattern, walking included URLconfs recursively."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _patterns(pattern, route, full)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield route, name


def _checked_patterns():
    return [
        (route, name)
        for route, name in _patterns()
        if not route.lstrip("^").startswith(SKIPPED_PREFIXES)
    ]


def test_every_url_pattern_is_in_the_matrix():
    patterns = _checked_patterns()
    unnamed = sorted(route for route, name in patterns if not name)
    names = {name for _route, name in patterns if name}
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)
    assert not unnamed, f"URL patterns without a name (name them, then add them): {unnamed}"
    assert not missing, f"URL patterns missing from the authorization MATRIX: {missing}"
    assert not stale, f"MATRIX entries for URL patterns that no longer exist: {stale}"


def test_the_walk_finds_patterns_in_included_urlconfs():
    names = {name for _route, name in _checked_patterns()}
    assert {"home", "accounts:login", "people:group_detail", "journal:signal_status"} <= names
    assert not any(name and name.startswith("admin:") for name in names)


# --- the world: one object of each kind in the own wijk and in the other wijk -------------


@pytest.fixture
def world(users, areas, settings, tmp_path):
    return build_world(users, areas, settings, tmp_path)


def build_world(users, areas, settings, tmp_path) -> dict[str, dict[str, Any]]:
    """The objects of the matrix (also walked by tests/test_authorization_links.py and the
    accessibility sweep in tests/browser/test_browser_sweep.py)."""
    worker, other = users["worker"], users["other_worker"]
    organisation = OrganisationFactory()
    settings.OPBOUW_UPLOAD_ROOT = tmp_path / "uploads"

    def side(area, buurt, author):
        person = PersonFactory(area=buurt, name="Anna Testpersoon")
        entry = JournalEntryFactory(area=buurt, author=author, people=[person])
        conversation = conversation_create(
            created_by=author, area=area, question="Wat vinden we?", seed_statements=["Groen!"]
        )
        return {
            "area": area,
            "person": person,
            "consent": ConsentFactory(person=person),
            "group": GroupFactory(area=area, name="Andijvieclub"),
            "entry": entry,
            "follow_up": FollowUpFactory(entry=entry, assignee=author),
            "signal": SignalFactory(entry=entry, organisation=organisation),
            "bundle": _bundle(buurt, author, entry),
            "theme": Theme.objects.get(slug="groen"),
            "conversation": conversation,
            "statement": conversation.statements.get(),
            "invitation": conversation,
            "reset_link": None,
            **_neighbourhood_side(buurt, author, person),
            "introduction": _introduction(buurt, author, person),
            **_privacy_side(person, author, tmp_path),
            "conversation_export": _conversation_export(conversation, author),
            **_reports_side(area, buurt, author),
        }

    return {
        "own": side(areas.wijk, areas.buurt, worker),
        "other": side(areas.other_wijk, areas.other_buurt, other),
    }


def _bundle(buurt, author, entry):
    from opbouw.journal.models import BundledSignal

    bundle = BundledSignal.objects.create(
        area=buurt,
        title="Donkere steeg",
        households=12,
        evidence="Drie keer gemeld.",
        presented_by="bewoners met de opbouwwerker",
        author=author,
    )
    bundle.entries.set([entry])
    return bundle


def _neighbourhood_side(buurt, author, person) -> dict[str, Any]:
    """Assets, a leefwereld note, an initiative in action with a member, a need, and a
    submitted buurtbudget application with a photo (stored under the test's upload root)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from opbouw.assets.models import Asset, FigureNote
    from opbouw.initiatives.cashbox import CashEntry
    from opbouw.initiatives.delegation import GrantDelegation
    from opbouw.initiatives.models import (
        Attachment,
        GrantApplication,
        Initiative,
        Member,
        NeedOffer,
        Stage,
    )
    from opbouw.initiatives.participation import ParticipationProcess

    today = timezone.localdate()
    initiative = Initiative.objects.create(
        title="Samen eten", goal="Samen eten.", area=buurt, stage=Stage.ACTION,
        stage_since=dt.date(2025, 1, 1), created_by=author,
    )  # fmt: skip
    grant = GrantApplication.objects.create(
        initiative=initiative, title="Buurtmaaltijd", goal="Samen eten.", status="submitted",
        submitted_on=today, created_by=author,
    )  # fmt: skip
    photo = Attachment(
        application=grant, kind="photo", original_name="foto.png", content_type="image/png",
        size=8, uploaded_by=author,
    )  # fmt: skip
    photo.file.save("foto.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    cash = CashEntry(
        initiative=initiative, direction="out", occurred_on=today, description="Boodschappen",
        amount=12, receipt_name="bon.pdf", receipt_type="application/pdf", recorded_by=author,
    )  # fmt: skip
    cash.receipt.save("bon.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {
        "asset": Asset.objects.create(
            kind="thing",
            name="Bakfiets",
            area=buurt,
            latitude=52.26,
            longitude=6.79,
            created_by=author,
        ),  # fmt: skip
        "note": FigureNote.objects.create(
            area=buurt, key="inhabitants", text="Druk.", author=author, author_role="worker"
        ),
        "initiative": initiative,
        "member": Member.objects.create(
            initiative=initiative, person=person, role="participant", since=today
        ),
        "need": NeedOffer.objects.create(
            initiative=initiative, kind="need", description="Tent", created_on=today
        ),
        "grant": grant,
        "attachment": photo,
        "cash_entry": cash,
        "delegation": GrantDelegation.objects.create(
            area=buurt,
            committee=GroupFactory(area=buurt, kind="residents"),
            reference="Regeling buurtbudget",
            since=today,
            delegated_by=author,
        ),  # fmt: skip
        "process": ParticipationProcess.objects.create(
            area=buurt,
            decision="Herinrichting plein",
            scope="De indeling.",
            level_agreed=3,
            agreed_on=dt.date(2025, 1, 1),
            created_by=author,
        ),  # fmt: skip
    }


def _introduction(buurt, author, person):
    """An introduction proposed between the side's person and a neighbour (opbouw.network)."""
    from opbouw.network.services import introduction_propose

    neighbour = PersonFactory(area=buurt, name="Bert Buurman")
    return introduction_propose(
        proposer=author, person_a=person, person_b=neighbour, reason="Allebei tuinieren."
    )


def _reports_side(area, buurt, author) -> dict[str, Any]:
    """A story, a selection round and an issued year report (opbouw.reports)."""
    from opbouw.reports import selectors as report_selectors
    from opbouw.reports import services as report_services
    from opbouw.reports.models import Harvest, Outcome, Report, SelectionRound, Story

    today = timezone.localdate()
    report = Report.objects.create(
        area=area, title="Jaarverslag", period_start=today - dt.timedelta(days=364),
        period_end=today, created_by=author,
    )  # fmt: skip
    report_services.freeze_version(
        report=report, issued_by=author, content=report_selectors.report_content(author, report)
    )
    return {
        "report": report,
        "story": Story.objects.create(
            area=buurt,
            domain="connection",
            title="Koffie",
            text="Koffie op de galerij.",
            teller_role="resident",
            told_on=today,
            recorded_by=author,
        ),  # fmt: skip
        "selection_round": SelectionRound.objects.create(
            area=area,
            period_start=today - dt.timedelta(days=30),
            period_end=today,
            panel="Bewoners",
            held_on=today,
            created_by=author,
        ),  # fmt: skip
        "outcome": Outcome.objects.create(
            area=buurt,
            actor="De woningcorporatie",
            change="Een ruimte voor de maaltijd.",
            occurred_on=today,
            significance="Een vaste plek.",
            contribution="Bewoners en corporatie samengebracht.",
            recorded_by=author,
        ),  # fmt: skip
        "harvest": Harvest.objects.create(
            area=area,
            title="Oogst 2025",
            intended_users="De bewonerscommissie",
            uses="Het jaargesprek",
            questions="Wat veranderde er?",
            period_start=today - dt.timedelta(days=30),
            period_end=today,
            created_by=author,
        ),  # fmt: skip
    }


def _conversation_export(conversation, author):
    """A finished Pol.is export of the side's conversation, asked for by its worker (the file
    under the test's export root, which _privacy_side sets)."""
    from opbouw.dialogue.exports import export_request

    export, _new = export_request(conversation=conversation, requested_by=author)
    return export


def _privacy_side(person, author, tmp_path) -> dict[str, Any]:
    """An export the author asked for (a small file under the test's export root) and a
    pending erasure request for the person."""
    from django.conf import settings
    from django.utils import timezone

    from opbouw.privacy.models import ErasureRequest, ExportRequest

    settings.OPBOUW_EXPORT_ROOT = tmp_path / "exports"
    settings.OPBOUW_EXPORT_ROOT.mkdir(exist_ok=True)
    export = ExportRequest.objects.create(
        person=person,
        requested_by=author,
        expires_at=timezone.now() + dt.timedelta(days=7),
        file_name=f"export-{author.pk}.zip",
    )
    (settings.OPBOUW_EXPORT_ROOT / export.file_name).write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    erasure = ErasureRequest.objects.create(person=person, source="resident", reason="")
    return {"export": export, "erasure_request": erasure}


def _kwargs(obj_name: str | None, obj) -> dict[str, Any]:
    if obj_name is None:
        return {}
    if obj_name == "area":
        return {"code": obj.code}
    if obj_name == "theme":
        return {"slug": obj.slug}
    if obj_name == "invitation":
        return {"token": obj.invite_token}
    if obj_name == "export":
        return {"token": obj.token}
    if obj_name == "reset_link":
        return {"uidb64": "MQ", "token": "geen-geldige-link"}
    return {"pk": obj.pk}


MISSING = {
    "area": {"code": "WK099999"},
    "theme": {"slug": "bestaat-niet"},
    "invitation": {"token": "bestaat-niet"},
    "export": {"token": "bestaat-niet"},
}


def _expected(rule: Rule, role: str, side: str) -> int:
    if role == "anonymous":
        return rule.anonymous
    if side == "missing":
        return 404
    if not (rule.obj and rule.scoped):
        return rule.expect.get(role, 404)
    if side == "own":
        return 404 if role == "other_worker" else rule.expect.get(role, 404)
    # The other-area worker is, in the other wijk, what the worker is in the own wijk.
    return rule.expect.get("worker", 404) if role == "other_worker" else 404


def _client(users, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


def _describe(response) -> str:
    location = response.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")


def _problem(name, method, role, side, url, response, expected) -> str | None:
    where = f"{method:<4} {role:<12} {side:<7} {url}"
    if response.status_code == 403:
        return f"{where}: 403 — a refusal must be a 404, which does not tell that it exists"
    if response.status_code != expected:
        return f"{where}: {_describe(response)}, expected {expected}"
    if response.status_code == 302:
        to_login = response["Location"].startswith(LOGIN_URL)
        if role == "anonymous" and not to_login:
            return f"{where}: anonymous visitor sent to {response['Location']}, not to log in"
        if role != "anonymous" and to_login and name != "accounts:logout":
            return f"{where}: sent to the login page although logged in"
    return None


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_status_for_every_role_and_area(name, users, world):
    rule = MATRIX[name]
    sides = ["own", "other", "missing"] if rule.obj and rule.scoped else ["own"]
    problems = []
    for role in ROLES:
        client = _client(users, role)
        for side in sides:
            if side == "missing":
                kwargs = MISSING.get(rule.obj, {"pk": 999_999})
            else:
                kwargs = _kwargs(rule.obj, world[side][rule.obj] if rule.obj else None)
            url = reverse(name, kwargs=kwargs)
            checks = []
            if rule.post_only:
                anonymous_get = rule.anonymous_get or 302
                checks.append(
                    ("GET", client.get(url), anonymous_get if role == "anonymous" else 405)
                )
                checks.append(("POST", client.post(url, rule.data), _expected(rule, role, side)))
            else:
                checks.append(("GET", client.get(url), _expected(rule, role, side)))
            for method, response, expected in checks:
                problem = _problem(name, method, role, side, url, response, expected)
                if problem:
                    problems.append(problem)
    assert not problems, "\n".join(problems)


def test_anonymous_redirect_keeps_the_page_to_return_to(world):
    url = reverse("journal:detail", args=[world["own"]["entry"].pk])
    response = Client().get(url)
    assert response["Location"] == f"{LOGIN_URL}?next={url}"


def test_the_gemeente_above_the_wijk_is_not_visible_from_a_wijk_membership(users, areas):
    """A membership gives a role in an area and below it, never above it."""
    url = reverse("areas:detail", args=[areas.municipality.code])
    for role in ROLES[1:]:
        assert _client(users, role).get(url).status_code == 404, role


def test_a_buurt_below_the_wijk_is_visible(users, areas):
    url = reverse("areas:detail", args=[areas.buurt.code])
    for role in ["resident", "worker", "partner", "policy", "coordinator", "admin"]:
        assert _client(users, role).get(url).status_code == 200, role
    assert _client(users, "other_worker").get(url).status_code == 404


def test_a_resident_may_open_their_own_person_page_but_not_another(users, world):
    from opbouw.people.models import Person

    own = Person.objects.get(user=users["resident"])
    client = _client(users, "resident")
    assert client.get(reverse("people:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[world["own"]["person"].pk])).status_code == 404
    # Their own page does not open the journal to them.
    assert client.get(reverse("journal:person", args=[own.pk])).status_code == 404


def test_a_superuser_sees_every_area(users, world, django_user_model):
    superuser = django_user_model.objects.create_superuser("beheerder", "b@example.nl", "x")
    client = Client()
    client.force_login(superuser)
    for side in ("own", "other"):
        assert (
            client.get(reverse("journal:detail", args=[world[side]["entry"].pk])).status_code == 200
        )
        assert (
            client.get(reverse("people:detail", args=[world[side]["person"].pk])).status_code == 200
        )


def test_an_inactive_user_is_not_let_in(users, world):
    worker = users["worker"]
    worker.is_active = False
    worker.save()
    client = Client()
    client.force_login(worker)
    response = client.get(reverse("journal:detail", args=[world["own"]["entry"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_a_user_without_any_membership_gets_404_everywhere_it_counts(world, django_user_model):
    nobody = django_user_model.objects.create_user("niemand", password="x" * 12)
    client = Client()
    client.force_login(nobody)
    assert client.get(reverse("home")).status_code == 200  # "ask your coordinator"
    for name in ["areas:list", "people:list", "journal:timeline", "journal:today"]:
        assert client.get(reverse(name)).status_code == 404, name
    assert client.get(reverse("people:detail", args=[world["own"]["person"].pk])).status_code == 404


def _unknown_kwargs(pattern: URLPattern) -> dict[str, Any]:
    """Values that fit the converters but name nothing that exists."""
    values = {"int": 999_999, "slug": "bestaat-niet", "str": "onbekend", "uuid": uuid.UUID(int=7)}
    converters = getattr(pattern.pattern, "converters", {})
    return {
        key: values.get(type(converter).__name__.removesuffix("Converter").lower(), "onbekend")
        for key, converter in converters.items()
    }


def _all_patterns(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith(SKIPPED_PREFIXES):
                continue
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _all_patterns(pattern, full)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def test_no_page_answers_403_or_fails_for_an_unknown_object(users):
    """Also for patterns not (yet) in MATRIX: unknown ids are a 404, never a 403 or an error."""
    clients = {role: _client(users, role) for role in ROLES}
    problems = []
    for name, pattern in _all_patterns():
        kwargs = _unknown_kwargs(pattern)
        if not kwargs:
            continue
        url = reverse(name, kwargs=kwargs)
        for role, client in clients.items():
            status = client.get(url).status_code
            # Anonymous: to the login page, or — for the public participation pages of a
            # conversation — the same 404/405 as everyone gets.
            allowed = {302, 404, 405} if role == "anonymous" else {404, 405}
            if status not in allowed:
                problems.append(f"GET {role:<12} {url}: {status}, expected one of {allowed}")
    assert not problems, "\n".join(problems)

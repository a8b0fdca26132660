"""An initiative's cash box: money in and out with receipts, kept by its core and workers,
not seen by partners or the municipality; bad input changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opbouw.core.models import FormSubmission
from opbouw.core.submission import FIELD
from opbouw.initiatives import cashbox_services
from opbouw.initiatives.cashbox import CashEntry
from tests.assets.helpers import login
from tests.initiatives.helpers import PDF, days_ago

pytestmark = pytest.mark.django_db


def _add(initiative, user, **overrides):
    values = {
        "direction": CashEntry.Direction.IN,
        "occurred_on": days_ago(3),
        "description": "Collecte straatfeest",
        "amount": Decimal("42.50"),
    }
    return cashbox_services.cash_entry_add(
        initiative=initiative, recorded_by=user, **{**values, **overrides}
    )


def test_the_balance_follows_money_in_and_out_with_a_receipt(active, users, upload_root):
    _add(active, users["worker"])
    receipt = SimpleUploadedFile("kassabon.pdf", PDF, "application/pdf")
    out = _add(active, users["worker"], direction=CashEntry.Direction.OUT,
               description="Boodschappen", amount=Decimal("12.25"), receipt=receipt)  # fmt: skip
    entries = list(cashbox_services.cash_entries(active))
    assert cashbox_services.cash_balance(entries) == Decimal("30.25")
    assert (out.receipt_name, out.receipt_type) == ("kassabon.pdf", "application/pdf")
    assert "kassabon" not in out.receipt.name  # a random name on disk
    client = login(users["worker"])
    page = client.get(active.get_absolute_url()).content.decode()
    assert "€ 30.25" in page or "€ 30,25" in page
    response = client.get(reverse("initiatives:cash_receipt", args=[out.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_a_core_member_keeps_the_book_and_the_municipality_does_not_see_it(
    active, users, areas, upload_root
):
    # The resident becomes a core member of the initiative.
    from opbouw.initiatives import services
    from opbouw.people.models import Person

    services.member_add(initiative=active, added_by=users["worker"],
                        person=Person.objects.get(user=users["resident"]), role="core")  # fmt: skip
    entry = _add(active, users["resident"], receipt=SimpleUploadedFile("b.pdf", PDF))
    for role in ("policy", "partner"):
        with pytest.raises(ValidationError):
            _add(active, users[role])
        page = login(users[role]).get(active.get_absolute_url()).content.decode()
        assert "Collecte straatfeest" not in page and 'id="kas"' not in page
        url = reverse("initiatives:cash_receipt", args=[entry.pk])
        assert login(users[role]).get(url).status_code == 404
    assert CashEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"occurred_on": days_ago(-2)}, "in de toekomst"),
        ({"amount": Decimal("0")}, "0.01"),
        (
            {"receipt": SimpleUploadedFile("bon.pdf", b"MZ\x90\x00 not a pdf")},
            "gekeken naar de inhoud",
        ),
        ({"receipt": SimpleUploadedFile("leeg.pdf", b"")}, "leeg"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(active, users, upload_root, overrides, message):
    with pytest.raises(ValidationError) as error:
        _add(active, users["worker"], **overrides)
    assert message in " ".join(error.value.messages)
    assert not CashEntry.objects.exists()
    assert not list(upload_root.rglob("*.*")) if upload_root.exists() else True


def test_the_page_says_why_a_booking_was_refused(active, users, upload_root):
    client = login(users["worker"])
    response = client.post(
        reverse("initiatives:cash_add", args=[active.pk]),
        {
            "direction": "in",
            "occurred_on": days_ago(1).isoformat(),
            "description": "",
            "amount": "5",
        },
        follow=True,
    )
    # The refusal is shown at the field, with the summary linking to it (refused_redirect),
    # and what was entered comes back; nothing was booked.
    html = response.content.decode()
    assert 'id="id_cash_description_error"' in html
    assert 'href="#id_cash_description"' in html and "data-error-summary" in html
    assert 'name="amount" value="5"' in html
    assert not CashEntry.objects.exists()


def test_a_refused_booking_releases_its_token_so_the_corrected_one_is_stored(
    active, users, upload_root
):
    """refused_redirect is a redirect, yet a refusal: the one-time token is not used up."""
    client = login(users["worker"])
    url = reverse("initiatives:cash_add", args=[active.pk])
    data = {FIELD: "d" * 32, "direction": "in", "occurred_on": days_ago(1).isoformat(),
            "description": "", "amount": "5"}  # fmt: skip
    client.post(url, data)
    assert not FormSubmission.objects.exists()
    stored = client.post(url, {**data, "description": "Verkoop koffie"})
    assert stored.status_code == 302 and CashEntry.objects.count() == 1
    again = client.post(url, {**data, "description": "Verkoop koffie"})
    assert again["Location"] == stored["Location"] and CashEntry.objects.count() == 1

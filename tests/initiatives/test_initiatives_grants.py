"""Buurtbudget applications: budget, draagvlak, the decision trail, receipts and photos."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from opbouw.initiatives import grants
from opbouw.initiatives.models import (
    Attachment,
    GrantApplication,
    GrantStatus,
    GrantStatusChange,
)
from tests.assets.helpers import login
from tests.initiatives.helpers import PDF, PNG, grant_for, support, upload

pytestmark = pytest.mark.django_db


def test_an_idea_has_no_budget_yet(initiative, users):
    with pytest.raises(ValidationError, match="kern gevormd"):
        grant_for(initiative, users["worker"])
    assert not GrantApplication.objects.exists()


def test_the_requested_amount_is_the_sum_of_the_lines(active, users):
    grant = grant_for(active, users["worker"])
    assert grant.status == GrantStatus.DRAFT
    assert grant.requested_amount == Decimal("200.00")
    assert [line.position for line in grant.lines.all()] == [0, 1]


def test_a_bad_line_stores_nothing(active, users):
    with pytest.raises(ValidationError):
        grant_for(active, users["worker"], lines=(("Boodschappen", "120"), ("Niks", "0")))
    assert not GrantApplication.objects.exists()


def test_submitting_needs_lines_and_draagvlak(active, users):
    grant = grant_for(active, users["worker"], lines=())
    with pytest.raises(ValidationError) as error:
        grants.grant_submit(application=grant, submitted_by=users["worker"])
    message = " ".join(error.value.messages)
    assert "geen posten" in message and "0 steunbetuigingen" in message
    grant.refresh_from_db()
    assert grant.status == GrantStatus.DRAFT and not grant.trail.exists()


def submitted(active, users):
    grant = grant_for(active, users["worker"])
    support(grant, users["worker"])
    return grants.grant_submit(application=grant, submitted_by=users["worker"])


def test_the_decision_trail_in_order_with_reasons(active, users):
    grant = submitted(active, users)
    policy = users["policy"]
    with pytest.raises(ValidationError, match="eerst in behandeling"):
        grants.grant_decide(
            application=grant, decided_by=policy, to_status="granted", reason="Mooi plan.",
            granted_amount=Decimal("200"),
        )  # fmt: skip
    grant = grants.grant_decide(application=grant, decided_by=policy, to_status="in_review")
    with pytest.raises(ValidationError, match="reden"):
        grants.grant_decide(application=grant, decided_by=policy, to_status="rejected")
    with pytest.raises(ValidationError, match="hoger dan het aangevraagde"):
        grants.grant_decide(
            application=grant, decided_by=policy, to_status="granted", reason="Ja.",
            granted_amount=Decimal("250"),
        )  # fmt: skip
    grant = grants.grant_decide(
        application=grant, decided_by=policy, to_status="granted", reason="Past bij de wijkagenda.",
        granted_amount=Decimal("180"),
    )  # fmt: skip
    assert (grant.status, grant.granted_amount) == (GrantStatus.GRANTED, Decimal("180"))
    trail = list(grant.trail.values_list("from_status", "to_status", "reason"))
    assert trail == [
        ("draft", "submitted", ""),
        ("submitted", "in_review", ""),
        ("in_review", "granted", "Past bij de wijkagenda."),
    ]
    with pytest.raises(ValidationError, match="al besloten"):
        grants.grant_decide(
            application=grant, decided_by=policy, to_status="rejected", reason="Toch niet."
        )


def test_a_rejection_with_its_reason(active, users):
    grant = submitted(active, users)
    grants.grant_decide(application=grant, decided_by=users["policy"], to_status="in_review")
    grant = grants.grant_decide(
        application=grant, decided_by=users["policy"], to_status="rejected",
        reason="Het budget voor dit jaar is op.",
    )  # fmt: skip
    assert grant.status == GrantStatus.REJECTED and grant.decided_on


@pytest.mark.parametrize("role", ["worker", "partner", "resident", "coordinator"])
def test_only_policy_and_admin_decide(active, users, role):
    grant = submitted(active, users)
    with pytest.raises(ValidationError, match="niet beslissen"):
        grants.grant_decide(application=grant, decided_by=users[role], to_status="in_review")
    assert GrantStatusChange.objects.filter(to_status="in_review").count() == 0


def granted(active, users):
    grant = submitted(active, users)
    grants.grant_decide(application=grant, decided_by=users["policy"], to_status="in_review")
    return grants.grant_decide(
        application=grant, decided_by=users["policy"], to_status="granted", reason="Akkoord.",
        granted_amount=Decimal("200"),
    )  # fmt: skip


def files_in(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_receipts_are_stored_outside_the_web_root_under_a_random_name(active, users, upload_root):
    grant = granted(active, users)
    attachment = grants.attachment_add(
        application=grant, uploaded_by=users["worker"], kind="receipt",
        upload=upload(PDF, name="../../etc/bon Jumbo.pdf"), amount=Decimal("42.10"),
    )  # fmt: skip
    stored = Path(attachment.file.path)
    assert stored.is_file() and stored.read_bytes() == PDF
    assert upload_root.resolve() in stored.parents
    assert "Jumbo" not in stored.name and stored.suffix == ".pdf"
    for web_root in (settings.STATIC_ROOT, settings.MEDIA_ROOT):
        assert Path(web_root).resolve() not in stored.parents
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "bon Jumbo.pdf"  # Django strips the path; text only


@pytest.mark.parametrize(
    ("kind", "content", "name"),
    [
        ("receipt", b"<html><script>alert(1)</script></html>", "bon.pdf"),  # a name is no type
        ("receipt", b"MZ\x90\x00 executable", "bon.jpg"),
        ("photo", PDF, "foto.png"),  # a PDF is fine as a receipt, not as a photo
    ],
)
def test_the_wrong_type_is_refused_by_its_content_and_nothing_is_stored(
    active, users, upload_root, kind, content, name
):
    grant = granted(active, users)
    with pytest.raises(ValidationError) as error:
        grants.attachment_add(
            application=grant, uploaded_by=users["worker"], kind=kind, upload=upload(content, name)
        )
    assert "gekeken naar de inhoud" in " ".join(error.value.messages)
    assert not Attachment.objects.exists() and files_in(upload_root) == []


def test_a_file_that_is_too_large_is_refused_and_nothing_is_stored(
    active, users, upload_root, settings
):
    settings.OPBOUW_UPLOAD_MAX_BYTES = 1000
    grant = granted(active, users)
    with pytest.raises(ValidationError, match="te groot"):
        grants.attachment_add(
            application=grant, uploaded_by=users["worker"], kind="photo",
            upload=upload(PNG + b"\0" * 2000, "foto.png", "image/png"),
        )  # fmt: skip
    assert not Attachment.objects.exists() and files_in(upload_root) == []


def test_no_receipts_before_the_grant(active, users, upload_root):
    grant = grant_for(active, users["worker"])
    with pytest.raises(ValidationError, match="na toekenning"):
        grants.attachment_add(
            application=grant, uploaded_by=users["worker"], kind="receipt", upload=upload(PDF)
        )
    assert files_in(upload_root) == []


def test_accountability_needs_a_receipt_and_a_report(active, users, upload_root):
    grant = granted(active, users)
    with pytest.raises(ValidationError, match="bon"):
        grants.grant_account(
            application=grant, accounted_by=users["worker"], report="Gedaan.",
            spent_amount=Decimal("190"),
        )  # fmt: skip
    grants.attachment_add(
        application=grant, uploaded_by=users["worker"], kind="receipt", upload=upload(PDF)
    )
    grant = grants.grant_account(
        application=grant, accounted_by=users["worker"], report="Drie maaltijden, 64 gasten.",
        spent_amount=Decimal("190"),
    )  # fmt: skip
    assert grant.status == GrantStatus.ACCOUNTED and grant.accounted_on


# --- who sees the application and its files ------------------------------------------------


def test_files_are_served_only_to_those_who_see_the_application(
    active, users, upload_root, resident_person
):
    grant = granted(active, users)
    photo = grants.attachment_add(
        application=grant, uploaded_by=users["worker"], kind="photo",
        upload=upload(PNG, "foto.png", "image/png"),
    )  # fmt: skip
    url = reverse("initiatives:attachment", args=[photo.pk])
    for role in ("worker", "policy", "coordinator", "admin"):
        response = login(users[role]).get(url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "image/png"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content) == Path(photo.file.path).read_bytes()
    for role in ("partner", "resident", "other_worker"):
        assert login(users[role]).get(url).status_code == 404, role
    # A resident in the initiative's core sees it.
    from opbouw.initiatives.services import member_add

    member_add(initiative=active, added_by=users["worker"], person=resident_person, role="core")
    assert login(users["resident"]).get(url).status_code == 200


def test_a_pdf_is_downloaded_not_shown(active, users, upload_root):
    grant = granted(active, users)
    receipt = grants.attachment_add(
        application=grant, uploaded_by=users["worker"], kind="receipt", upload=upload(PDF)
    )
    response = login(users["worker"]).get(reverse("initiatives:attachment", args=[receipt.pk]))
    assert response["Content-Disposition"].startswith("attachment")


def test_partners_do_not_see_applications(active, users):
    grant = submitted(active, users)
    assert login(users["partner"]).get(grant.get_absolute_url()).status_code == 404
    assert login(users["policy"]).get(grant.get_absolute_url()).status_code == 200
    assert login(users["resident"]).get(grant.get_absolute_url()).status_code == 404


def test_a_draft_is_not_on_the_municipalitys_list(active, users):
    grant_for(active, users["worker"])
    page = login(users["policy"]).get(reverse("initiatives:grant_list")).content.decode()
    assert "Buurtmaaltijd" not in page


def test_the_whole_flow_through_the_pages(active, users, upload_root):
    worker, policy = login(users["worker"]), login(users["policy"])
    response = worker.post(
        reverse("initiatives:grant_create", args=[active.pk]),
        {
            "title": "Maaltijden 2026", "goal": "Samen eten.", "own_contribution": "25",
            "own_contribution_text": "Koks zijn vrijwilligers", "partners_text": "",
            "lines-TOTAL_FORMS": "3", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "30",
            "lines-0-description": "Boodschappen", "lines-0-amount": "150",
            "lines-1-description": "Zaalhuur", "lines-1-amount": "75.50",
            "lines-2-description": "", "lines-2-amount": "",
        },
    )  # fmt: skip
    grant = GrantApplication.objects.get()
    assert response.status_code == 302
    assert grant.requested_amount == Decimal("225.50")
    for name in ("Ans", "Bert", "Cor"):
        worker.post(reverse("initiatives:grant_supporter", args=[grant.pk]), {"name": name})
    worker.post(reverse("initiatives:grant_submit", args=[grant.pk]))
    policy.post(reverse("initiatives:grant_decide", args=[grant.pk]), {"to_status": "in_review"})
    policy.post(
        reverse("initiatives:grant_decide", args=[grant.pk]),
        {"to_status": "granted", "granted_amount": "225.50", "reason": "Akkoord."},
    )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.GRANTED
    worker.post(
        reverse("initiatives:attachment_add", args=[grant.pk]),
        {"kind": "receipt", "upload": upload(PDF), "amount": "149.99"},
    )
    worker.post(
        reverse("initiatives:grant_account", args=[grant.pk]),
        {"report": "Vijf maaltijden.", "spent_amount": "224"},
    )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACCOUNTED
    page = policy.get(grant.get_absolute_url()).content.decode()
    assert "Akkoord." in page and "Vijf maaltijden." in page


def test_an_upload_declared_too_large_is_refused_before_it_is_read(active, users, upload_root):
    grant = granted(active, users)
    response = login(users["worker"]).post(
        reverse("initiatives:attachment_add", args=[grant.pk]),
        {"kind": "receipt", "upload": upload(PDF)},
        CONTENT_LENGTH=str(settings.OPBOUW_UPLOAD_MAX_BYTES + 10**6),
    )
    assert response.status_code == 302
    assert not Attachment.objects.exists() and files_in(upload_root) == []


# --- every upload is decoded in full, under limits (issue 11, item 13) ---------------------


def _png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("L", (width, height), 255).save(output, "PNG", optimize=True)
    return output.getvalue()


def _noise_png() -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.effect_noise((200, 200), 60).save(output, "PNG")
    return output.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims these dimensions (a valid IHDR with its CRC), no pixels."""
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_png(20_000, 20_000), "20.000 × 20.000 pixels"),  # 1.6 GB decoded, 1 MB on disk
        (_png_claiming(1_000_000, 1_000_000), "1.000.000 × 1.000.000 pixels"),
        (_noise_png()[:2_000], "beschadigd"),  # cut off: a fine header, half the pixels
        (b"\xff\xd8\xff\xe0" + b"\x00" * 500, "beschadigd"),  # JPEG magic, nothing behind
    ],
)
def test_an_image_is_decoded_in_full_under_limits_and_nothing_is_stored(
    active, users, upload_root, content, message
):
    grant = granted(active, users)
    with pytest.raises(ValidationError) as error:
        grants.attachment_add(
            application=grant, uploaded_by=users["worker"], kind="photo",
            upload=upload(content, "foto.png", "image/png"),
        )  # fmt: skip
    assert message in " ".join(error.value.message_dict["upload"])
    assert not Attachment.objects.exists() and files_in(upload_root) == []


def test_a_cut_off_image_is_refused_after_weasyprint_made_pillow_lenient(
    active, users, upload_root
):
    # WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process on import (a report
    # PDF in the same process); the upload check must not inherit that leniency.
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    grant = granted(active, users)
    with pytest.raises(ValidationError) as error:
        grants.attachment_add(
            application=grant, uploaded_by=users["worker"], kind="photo",
            upload=upload(_noise_png()[:2_000], "foto.png", "image/png"),
        )  # fmt: skip
    assert "beschadigd" in " ".join(error.value.message_dict["upload"])
    assert not Attachment.objects.exists() and files_in(upload_root) == []


def test_the_refusal_is_at_the_field_on_the_page(active, users, upload_root):
    grant = granted(active, users)
    response = login(users["worker"]).post(
        reverse("initiatives:attachment_add", args=[grant.pk]),
        {"kind": "photo", "upload": upload(_png_claiming(1_000_000, 1_000_000), "f.png")},
        follow=True,
    )
    assert "1.000.000 × 1.000.000 pixels" in response.content.decode()
    assert not Attachment.objects.exists() and files_in(upload_root) == []


def test_a_pdf_that_a_pdf_library_cannot_open_is_refused(active, users, upload_root):
    grant = granted(active, users)
    with pytest.raises(ValidationError, match="PDF is beschadigd"):
        grants.attachment_add(
            application=grant, uploaded_by=users["worker"], kind="receipt",
            upload=upload(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "bon.pdf"),
        )  # fmt: skip
    assert not Attachment.objects.exists() and files_in(upload_root) == []


def test_what_is_stored_and_shown_is_a_re_encoding_without_metadata(active, users, upload_root):
    import io

    from PIL import Image

    original = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x8825] = {2: (52.0, 15.0, 0.0)}  # GPS: where the photo was taken
    Image.new("RGB", (5_000, 100), (200, 30, 30)).save(original, "JPEG", exif=exif)
    grant = granted(active, users)
    photo = grants.attachment_add(
        application=grant, uploaded_by=users["worker"], kind="photo",
        upload=upload(original.getvalue(), "foto.jpg", "image/jpeg"),
    )  # fmt: skip
    stored = Path(photo.file.path).read_bytes()
    assert stored != original.getvalue()
    with Image.open(io.BytesIO(stored)) as shown:
        assert shown.format == "JPEG"
        assert max(shown.size) == 4_096  # scaled to what is shown
        assert not shown.getexif()  # no camera, no GPS position
    assert photo.size == len(stored)

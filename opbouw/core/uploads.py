"""Checking uploaded files completely, not by their first bytes.

An image is opened with Pillow restricted to the format its first bytes claim, its
dimensions are checked against the limits before a single pixel is decoded (a PNG header can
claim 1,000,000 × 1,000,000 pixels in a few bytes), then it is decoded in full and
re-encoded: what opbouw stores and shows is its own encoding, without the uploader's metadata
(EXIF, GPS position), turned upright and at most IMAGE_MAX_STORED_SIDE pixels on its longest
side. A PDF must have a PDF's structure and be readable by a PDF library (pdfium), within a
page limit. A text file (CSV) must be text: no NUL or other control characters.

Each check raises ``UploadRefused`` with a message for the person at the field.
"""

import io
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

# What any upload field accepts at most (the request limit in core.guards follows
# settings.OPBOUW_UPLOAD_MAX_BYTES).
IMAGE_MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo; decoded RGB about 150 MB
IMAGE_MAX_SIDE = 12_000
IMAGE_MAX_STORED_SIDE = 4_096  # what is shown: sharp enough to read a receipt
PDF_MAX_PAGES = 50
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
# Opened through the format's own class: it reads the header only, and leaves the size check
# to us (Image.open would refuse a "decompression bomb" without saying its dimensions).
_OPENERS: dict[str, type[ImageFile.ImageFile]] = {
    "image/jpeg": JpegImagePlugin.JpegImageFile,
    "image/png": PngImagePlugin.PngImageFile,
    "image/webp": WebPImagePlugin.WebPImageFile,
}
_TEXT_CONTROLS = {chr(c) for c in range(32)} - {"\t", "\n", "\r"} | {"\x7f"}


class UploadRefused(Exception):
    """The message says why, for the person who chose the file."""


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    width: int | None = None
    height: int | None = None


def check_image(data: bytes, content_type: str) -> CheckedFile:
    """Decode fully under the limits and re-encode; the result is what is stored and shown."""
    pillow_format = PILLOW_FORMATS[content_type]
    unreadable = UploadRefused(
        _("Dit beeld is beschadigd of onvolledig; het kon niet worden gelezen.")
    )
    try:
        image: Image.Image = _OPENERS[content_type](io.BytesIO(data))
        width, height = image.size  # from the header: nothing decoded yet
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise unreadable from None
    if width <= 0 or height <= 0:
        raise unreadable
    if width > IMAGE_MAX_SIDE or height > IMAGE_MAX_SIDE or width * height > IMAGE_MAX_PIXELS:
        raise UploadRefused(
            _(
                "Dit beeld is te groot: %(width)s × %(height)s pixels. Het maximum is "
                "%(side)s pixels per kant en %(megapixels)s megapixel; verklein het eerst."
            )
            % {
                "width": f"{width:,}".replace(",", "."),
                "height": f"{height:,}".replace(",", "."),
                "side": f"{IMAGE_MAX_SIDE:,}".replace(",", "."),
                "megapixels": IMAGE_MAX_PIXELS // 1_000_000,
            }
        )
    # WeasyPrint switches Pillow to accepting truncated images for the whole process when it
    # is imported (weasyprint/images.py); an upload must be whole, so the strict rule is
    # restored before every check (WeasyPrint itself only draws images we stored after one).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()  # every pixel: a truncated or corrupt file fails here
        image = ImageOps.exif_transpose(image)
        image.thumbnail((IMAGE_MAX_STORED_SIDE, IMAGE_MAX_STORED_SIDE))
        output = io.BytesIO()
        if pillow_format == "JPEG":
            image.convert("RGB").save(output, "JPEG", quality=88, optimize=True)
        elif pillow_format == "PNG":
            if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                image = image.convert("RGBA")
            image.save(output, "PNG", optimize=True)
        else:
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA")
            image.save(output, "WEBP", quality=88)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise unreadable from None
    return CheckedFile(output.getvalue(), content_type, image.width, image.height)


def check_pdf(data: bytes) -> CheckedFile:
    """A PDF that a PDF library opens, with a bounded number of pages."""
    import pypdfium2

    unreadable = UploadRefused(
        _("Deze PDF is beschadigd, onvolledig of met een wachtwoord beveiligd.")
    )
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise unreadable
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise unreadable from None
    try:
        pages = len(document)
    finally:
        document.close()
    if pages == 0:
        raise unreadable
    if pages > PDF_MAX_PAGES:
        raise UploadRefused(
            _("Deze PDF heeft %(pages)s pagina's; het maximum is %(max)s.")
            % {"pages": pages, "max": PDF_MAX_PAGES}
        )
    return CheckedFile(data, "application/pdf")


def check_text(text: str) -> str:
    """A text file (CSV): no NUL or other control characters (a UTF-16 file, or not text)."""
    if any(character in _TEXT_CONTROLS for character in text):
        raise UploadRefused(
            _(
                "Dit is geen tekstbestand, of het is in een andere tekenset opgeslagen "
                "(bijvoorbeeld UTF-16). Sla het op als CSV (UTF-8) en probeer het opnieuw."
            )
        )
    return text


def stored_file_response(stored: Any, *, content_type: str, filename: str) -> FileResponse:
    """A checked upload served back (a grant receipt, a cash-box receipt): images shown, other
    files downloaded, under the original name. A file is data, never a page: nothing in it may
    run or load anything. A file missing from storage is a 404."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not content_type.startswith("image/"),
        filename=filename,
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Requests refused before any view runs, and the cache rule for every dynamic response.

RequestGuardMiddleware, first in MIDDLEWARE, answers 400 for input no view can handle:
- a control character (NUL and the other C0 characters, DEL) in the path or the query string:
  PostgreSQL refuses NUL in text, and no opbouw URL or filter ever holds a control character;
- a NUL in a posted form field or a JSON body (the forms refuse it too, this catches the views
  and the API that read parameters themselves);
- a body declared in a character set other than UTF-8 (UTF-16, UTF-32, an unknown name):
  refused with a page that says so, before anything decodes the request with it;
- a body larger than the limits (``body_too_large``): answered without reading it, with
  ``Connection: close``, so the unread rest of that body is never taken for the next request
  on a keep-alive connection (config/gunicorn.conf.py tells gunicorn the same).

PrivateNoStoreMiddleware gives every dynamic response ``Cache-Control: private, no-store``
unless the view set a Cache-Control of its own (an explicit opt-in, such as the asset map's
data: ``private, no-cache`` with an ETag). Static files never reach it (WhiteNoise answers them
first, with their own long caching).
"""

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

# C0 control characters and DEL; a URL or a filter value never needs one.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Decoded percent-escapes too: %00 in a query string is a NUL for the view.
_RAW_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")
ACCEPTED_CHARSETS = frozenset({"utf-8"})


def body_limit(content_type: str) -> int:
    """The largest body opbouw reads for a request of this content type, in bytes.

    Form fields and JSON: Django's DATA_UPLOAD_MAX_MEMORY_SIZE. An upload form: one file of
    OPBOUW_UPLOAD_MAX_BYTES (the largest any upload field accepts) and the form's fields.
    """
    fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440
    if content_type.lower().startswith("multipart/"):
        return int(settings.OPBOUW_UPLOAD_MAX_BYTES) + int(fields)
    return int(fields)


def body_too_large(content_type: str, content_length: str | None) -> bool:
    try:
        length = int(content_length or 0)
    except ValueError:
        return False  # Django's own parsing answers a malformed length
    return length > body_limit(content_type)


def declared_charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _sep, value = param.strip().partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def charset_accepted(charset: str) -> bool:
    # The name itself, as Django reads form data: "utf8" is refused there too.
    return charset.lower() in ACCEPTED_CHARSETS


def _bad_request(
    request: HttpRequest, message: Callable[[], str], *, close: bool = False
) -> HttpResponse:
    # Before the locale middleware: the person's own language choice, Dutch otherwise.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string("400.html", {"message": message()})
    response = HttpResponse(body, status=400)
    response["Cache-Control"] = "private, no-store"
    if close:
        response["Connection"] = "close"
    return response


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        if refusal is not None:
            return refusal
        return self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        content_type = request.META.get("CONTENT_TYPE", "")
        if body_too_large(content_type, request.META.get("CONTENT_LENGTH")):
            return _bad_request(
                request,
                lambda: (
                    _(
                        "Wat u verstuurde is te groot (meer dan %(size)s MB). Kies een kleiner "
                        "bestand of verstuur minder tekst tegelijk."
                    )
                    % {"size": body_limit(content_type) // (1024 * 1024)}
                ),
                close=True,
            )
        if CONTROL_CHARACTERS.search(request.path) or _RAW_CONTROL.search(
            unquote_to_bytes(request.META.get("QUERY_STRING", ""))
        ):
            return _bad_request(
                request, lambda: _("Het adres bevat een teken dat niet in een adres hoort.")
            )
        charset = declared_charset(content_type)
        if charset is not None and not charset_accepted(charset):
            return _bad_request(
                request,
                lambda: (
                    _(
                        "Dit formulier is verstuurd in een tekenset die opbouw niet leest "
                        "(%(charset)s); verstuur het als UTF-8."
                    )
                    % {"charset": charset[:40]}
                ),
            )
        if request.method in ("POST", "PUT", "PATCH") and self._body_has_nul(request):
            return _bad_request(
                request, lambda: _("Wat u verstuurde bevat een teken dat niet in tekst hoort.")
            )
        return None

    @staticmethod
    def _body_has_nul(request: HttpRequest) -> bool:
        content_type = request.META.get("CONTENT_TYPE", "").lower()
        # Form fields only when urlencoded: multipart forms are left to the views, which check
        # an upload's declared size before reading it (and the form fields refuse NUL).
        if content_type.startswith("application/x-www-form-urlencoded"):
            return any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.POST.lists()
            )
        if content_type.startswith("application/json"):
            # A JSON string can only carry NUL as the escape \u0000 (or the raw byte).
            body = request.body
            return b"\x00" in body or b"\\u0000" in body
        return False


class PrivateNoStoreMiddleware:
    """Nothing dynamic is kept by a browser or a proxy unless its view says so."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response

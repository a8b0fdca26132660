"""Pseudonyms: what a viewer who may not see a person's name sees instead.

A pseudonym is not the database id (an id is the same on every page, in every export and every
month, so "bewoner #228" could be followed everywhere and joined with other sources). It is a
keyed hash (HMAC-SHA256 with a key derived from the server's SECRET_KEY) of the person's id and
a *scope*: the viewer, the context (the people directory, one network picture of one month,
one export) and the calendar month. So a pseudonym is

- stable within one view: the same person is the same "bewoner" everywhere on a page, in a
  list and its pages, and between the directory list and its detail page, for that viewer;
- different for another viewer (two partners cannot pool what they saw), another context
  (the network picture of March and of April, an export) and another month;
- not computable without the server's key, so not reversible by trying ids.

Six characters from a 32-letter alphabet: 2^30 values, so two people in a list of 1,000 share a
pseudonym with a chance of about 1 in 2,000; a list shows them as two rows either way.
"""

import functools
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

# Crockford's base 32 without I, L, O and U: nothing to misread.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LENGTH = 6


@functools.lru_cache(maxsize=4)
def _key_for(secret: str) -> bytes:
    return hashlib.sha256(b"opbouw.people.pseudonyms|" + secret.encode()).digest()


def _key() -> bytes:
    return _key_for(settings.SECRET_KEY)


def pseudonym_code(person_id: int, scope: str) -> str:
    digest = hmac.new(_key(), f"{scope}|{person_id}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    code = []
    for _ in range(_LENGTH):
        number, index = divmod(number, len(_ALPHABET))
        code.append(_ALPHABET[index])
    return "".join(code)


def pseudonym(person_id: int, scope: str) -> str:
    """ "bewoner K7QF2M": the pseudonym of a person in a scope (see view_scope)."""
    return gettext("bewoner %(code)s") % {"code": pseudonym_code(person_id, scope)}


def view_scope(user: Any, context: str = "people") -> str:
    """The scope of what `user` sees in `context` this month.

    Contexts in use: "people" (the directory: list, detail, groups, initiatives' members),
    "network:<area id>:<YYYY-MM>" (one network picture), "export:<id>" (one export file).
    """
    viewer = getattr(user, "pk", None) or "anonymous"
    return f"{viewer}|{context}|{timezone.localdate():%Y-%m}"


def sort_key(label: str) -> str:
    """Order of a list as the viewer sees it: by the label shown (a name or a pseudonym),
    case-insensitive. Never by the hidden name."""
    return label.casefold()

"""Keyset-free "previous / next" pagination that never counts the whole table.

A timeline of a million entries should not pay for COUNT(*) on every page; fetching one row
more than the page tells whether there is a next page.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

MAX_PAGE = 10_000


@dataclass(frozen=True)
class Page:
    items: Sequence[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(raw: str | None) -> int:
    """A page number from the query string; anything odd means the first page."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def paginate_list(items: Sequence[Any], raw_page: str | None, per_page: int) -> Page:
    """A page of a list already in memory (ordered in Python, e.g. by what a viewer sees)."""
    number = page_number(raw_page)
    start = (number - 1) * per_page
    rows = list(items[start : start + per_page + 1])
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)


def paginate(queryset: QuerySet[Any], raw_page: str | None, per_page: int) -> Page:
    number = page_number(raw_page)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)

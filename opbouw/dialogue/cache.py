"""Per-process caches of what every vote needs: the visible statements and their priorities.

A vote must be answered in well under 50 ms with 100,000 participants, so the voting path
does not ask the database for the 2,000 visible statements (or the latest snapshot's
priorities) on every tap. Both are cached per conversation, keyed by columns that the
conversation row (loaded anyway) carries:

* statements: ``Conversation.statements_version``, bumped by every service that adds,
  approves or hides a statement;
* priorities: ``Conversation.analysed_at``, set by every stored analysis;

(with the conversation's random invite token, so a reused id never hits another's entry).

So a change is seen by the very next request in every process. An entry also expires after
``TTL_SECONDS``, as a safety net for changes made outside the services (the admin, a shell).
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

from .models import AnalysisSnapshot, Conversation, Statement
from .snapshots import draw_weights

TTL_SECONDS = 60.0
MAX_CONVERSATIONS = 256

Value = TypeVar("Value")


@dataclass(frozen=True)
class VisibleStatement:
    pk: int
    number: int
    text: str
    is_meta: bool


class _Cache(Generic[Value]):
    """conversation id -> (key, expiry, value); least recently used entries go first."""

    def __init__(self) -> None:
        self._entries: OrderedDict[int, tuple[object, float, Value]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conversation_id: int, key: object, load: Callable[[], Value]) -> Value:
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(conversation_id)
            if entry is not None and entry[0] == key and entry[1] > now:
                self._entries.move_to_end(conversation_id)
                return entry[2]
        value = load()
        with self._lock:
            self._entries[conversation_id] = (key, now + TTL_SECONDS, value)
            self._entries.move_to_end(conversation_id)
            while len(self._entries) > MAX_CONVERSATIONS:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_statements: _Cache[dict[int, VisibleStatement]] = _Cache()
_priorities: _Cache[dict[int, float]] = _Cache()
_draws: _Cache[tuple[np.ndarray, np.ndarray]] = _Cache()


def visible_statements(conversation: Conversation) -> dict[int, VisibleStatement]:
    """The statements participants can vote on, by id (approved ones)."""

    def load() -> dict[int, VisibleStatement]:
        rows = Statement.objects.filter(
            conversation_id=conversation.pk, status=Statement.Status.APPROVED
        ).values_list("id", "number", "text", "is_meta")
        return {pk: VisibleStatement(pk, number, text, meta) for pk, number, text, meta in rows}

    key = (conversation.invite_token, conversation.statements_version)
    return _statements.get(conversation.pk, key, load)


def snapshot_priorities(conversation: Conversation) -> dict[int, float]:
    """Priority per statement id from the latest stored analysis ({} before the first)."""

    def load() -> dict[int, float]:
        raw = (
            AnalysisSnapshot.objects.filter(conversation_id=conversation.pk)
            .order_by("-id")
            .values_list("priorities", flat=True)
            .first()
        )
        return {int(k): float(v) for k, v in (raw or {}).items()}

    return _priorities.get(
        conversation.pk, (conversation.invite_token, conversation.analysed_at), load
    )


def draw_table(conversation: Conversation) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) for the next-statement draw: the visible statements and priorities."""

    def load() -> tuple[np.ndarray, np.ndarray]:
        visible = visible_statements(conversation)
        candidates = [(s.pk, s.is_meta) for s in visible.values()]
        return draw_weights(candidates, snapshot_priorities(conversation))

    key = (conversation.invite_token, conversation.statements_version, conversation.analysed_at)
    return _draws.get(conversation.pk, key, load)


def clear() -> None:
    _statements.clear()
    _priorities.clear()
    _draws.clear()

"""Free text that leaves the area: find and remove what identifies a person.

Two sources: the `deduce` de-identifier (Dutch person names, places, contact details, ids),
and the names the area itself knows (its people), which deduce cannot know. `redact` proposes
a text for the worker to confirm; `release_problems` is the check before anything is
released — any finding blocks the release, with the reason.

deduce builds its lookup structures once per process (slow the first time after install,
about ten seconds after that), so it is loaded lazily and shared.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Dutch surname particles: never a name on their own.
PARTICLES = frozenset(
    {"de", "den", "der", "van", "het", "ter", "ten", "te", "la", "le", "du", "da", "op", "in", "'t"}
)
# What deduce finds that is removed, and what replaces it. Dates, ages and institutions stay:
# they do not name a person and a story needs them.
REDACTED_TAGS = {
    "persoon": "[naam]",
    "patient": "[naam]",
    "locatie": "[plaats]",
    "telefoonnummer": "[contactgegeven]",
    "emailadres": "[contactgegeven]",
    "url": "[contactgegeven]",
    "bsn": "[nummer]",
    "id": "[nummer]",
}
WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)

_deduce: Any = None
_deduce_lock = threading.Lock()


@dataclass(frozen=True)
class Finding:
    text: str
    kind: str  # "known_name" or a deduce tag ("persoon", "locatie", "telefoonnummer", ...)
    start: int
    end: int


@dataclass(frozen=True)
class KnownNames:
    full: frozenset[str]  # casefolded full names
    parts: frozenset[str]  # casefolded name parts (first names, surnames), ≥ 3 letters

    @classmethod
    def of(cls, names: Iterable[str]) -> KnownNames:
        full: set[str] = set()
        parts: set[str] = set()
        for name in names:
            cleaned = " ".join(_normal(name).split())
            if not cleaned:
                continue
            full.add(cleaned.casefold())
            for word in WORD.findall(cleaned):
                folded = word.casefold()
                if len(folded) >= 3 and folded not in PARTICLES:
                    parts.add(folded)
        return cls(frozenset(full), frozenset(parts))


@dataclass(frozen=True)
class Redaction:
    text: str
    findings: tuple[Finding, ...]


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_known_names(text: str, known: KnownNames) -> list[Finding]:
    """Known full names anywhere, and known name parts written as a name (capitalised)."""
    text = _normal(text)
    folded = text.casefold()
    findings: list[Finding] = []
    for name in known.full:
        start = folded.find(name)
        while start != -1:
            findings.append(
                Finding(text[start : start + len(name)], "known_name", start, start + len(name))
            )
            start = folded.find(name, start + 1)
    for match in WORD.finditer(text):
        word = match.group(0)
        if word[0].isupper() and word.casefold() in known.parts:
            findings.append(Finding(word, "known_name", match.start(), match.end()))
    return sorted(findings, key=lambda f: (f.start, -f.end))


def _deidentifier() -> Any:
    global _deduce
    with _deduce_lock:
        if _deduce is None:
            from deduce import Deduce

            _deduce = Deduce()
        return _deduce


def find_with_deduce(text: str) -> list[Finding]:
    text = _normal(text)
    if not text.strip():
        return []
    document = _deidentifier().deidentify(text)
    return sorted(
        (
            Finding(annotation.text, annotation.tag, annotation.start_char, annotation.end_char)
            for annotation in document.annotations
            if annotation.tag in REDACTED_TAGS
        ),
        key=lambda f: (f.start, -f.end),
    )


def _replace(text: str, findings: list[Finding]) -> str:
    pieces: list[str] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < position:
            continue  # overlaps one already replaced
        pieces.append(text[position : finding.start])
        pieces.append(REDACTED_TAGS.get(finding.kind, "[naam]"))
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)


def redact(text: str, known: KnownNames) -> Redaction:
    """The text with names, places and contact details replaced: a proposal to confirm."""
    text = _normal(text)
    findings = find_known_names(text, known) + find_with_deduce(text)
    return Redaction(_replace(text, findings), tuple(sorted(findings, key=lambda f: f.start)))


def release_problems(text: str, known: KnownNames) -> list[Finding]:
    """What still identifies someone in a text about to be released; empty means it may go."""
    findings = find_known_names(text, known)
    findings += [f for f in find_with_deduce(text) if f.kind != "locatie"]
    return sorted(findings, key=lambda f: f.start)

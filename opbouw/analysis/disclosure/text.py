"""Free text that leaves the area: find and remove what identifies a person.

Two sources: the `deduce` de-identifier (Dutch person names, places, contact details, ids),
and the names the area itself knows (its people), which deduce cannot know. `redact` proposes
a text for the worker to confirm; `release_problems` is the check before anything is
released — any finding blocks the release, with the reason.

deduce needs lookup structures (tries of Dutch names, places, streets) that it builds from
its word lists: one to two minutes of CPU, after which it pickles them to a cache file and
loads them in about ten seconds per process. That build belongs to installing, not to a
request: `build_cache` does it (opbouw's `manage.py deduce_cache`, run by `make deps` and at
deployment), into `use_cache_dir(...)` (default: deduce's own package folder, which is
read-only in most production installs). A process then loads the structures once, lazily or
ahead of time with `warm_up_in_background`, and shares them between threads.
"""

from __future__ import annotations

import fcntl
import gc
import importlib.metadata
import importlib.util
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

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
_cache_dir: Path | None = None
# Where deduce itself writes its pickle, relative to its cache path.
CACHE_FILE = Path("cache") / "lookup_structs.pickle"


def _reset_after_fork() -> None:
    # A fork (gunicorn --preload) while another thread held the lock must not leave the child
    # with a lock nobody will release; a half-loaded instance is simply loaded again.
    global _deduce_lock
    _deduce_lock = threading.Lock()


os.register_at_fork(after_in_child=_reset_after_fork)


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


# Words before a name that make the next capitalised word a name ("mevrouw Roos").
TITLES = frozenset(
    {
        "meneer", "mevrouw", "mevr", "mw", "mr", "dhr", "heer", "juf", "juffrouw", "meester",
        "buurman", "buurvrouw", "oom", "tante", "opa", "oma", "dokter", "dr", "zuster",
    }
)  # fmt: skip
_OPENERS = "\"'“‘«([-–—•*"
_SENTENCE_ENDS = ".!?:;…"


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common Dutch words (casefolded): deduce's own whitelist of frequent words and stop
    words, which deduce uses for the same purpose (a frequency list, not one for opbouw)."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    root = Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"
    root = root / "whitelist"

    def lines(path: Path) -> set[str]:
        if not path.is_file():
            return set()
        return {line.strip().casefold() for line in path.read_text().splitlines() if line.strip()}

    words = lines(root / "lst_common_word" / "items.txt")
    words -= lines(root / "lst_common_word" / "exceptions.txt")
    words |= lines(root / "lst_stop_word" / "items.txt")
    return frozenset(words)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start]
    stripped = before.rstrip().rstrip(_OPENERS).rstrip()
    return not stripped or stripped[-1] in _SENTENCE_ENDS or "\n" in before[len(stripped) :]


def _used_as_name(text: str, words: list[re.Match[str]], index: int, known: KnownNames) -> bool:
    """Does this capitalised common word stand as a name here? Capitalised mid-sentence, after
    a particle or a title ("van der Meer", "mevrouw Roos"), or next to another capitalised known
    name part ("Roos Jansen", "Jan Roos")."""
    match = words[index]
    if not _starts_sentence(text, match.start()):
        return True
    previous = words[index - 1].group(0).casefold() if index > 0 else ""
    if previous in PARTICLES or previous in TITLES:
        return True
    if index + 1 < len(words):
        following = words[index + 1]
        between = text[match.end() : following.start()]
        word = following.group(0)
        if between.strip() == "" and word[0].isupper() and word.casefold() in known.parts:
            return True
        if between.strip() == "" and word.casefold() in PARTICLES:
            return True  # "Roos van Dijk"
    return False


def find_known_names(text: str, known: KnownNames) -> list[Finding]:
    """Known full names anywhere (as whole words), and known name parts written as a name.

    A name part is "written as a name" when it is capitalised; a name part that is also a
    common Dutch word ("Meer", "Roos", "Bakker") only when it stands as a name: capitalised
    mid-sentence, or next to a particle, a title or another name part. At the start of a
    sentence every word is capitalised, so there it says nothing.
    """
    text = _normal(text)
    folded = text.casefold()
    findings: list[Finding] = []
    common = common_words()
    for name in known.full:
        if " " not in name:
            continue  # a one-word name is a name part, under the rule below
        for hit in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", folded):
            findings.append(
                Finding(text[hit.start() : hit.end()], "known_name", hit.start(), hit.end())
            )
    words = list(WORD.finditer(text))
    for index, match in enumerate(words):
        word = match.group(0)
        folded_word = word.casefold()
        if not word[0].isupper() or folded_word not in known.parts:
            continue
        if folded_word in common and not _used_as_name(text, words, index, known):
            continue
        findings.append(Finding(word, "known_name", match.start(), match.end()))
    return sorted(findings, key=lambda f: (f.start, -f.end))


def in_context(text: str, finding: Finding, width: int = 40) -> tuple[str, str, str]:
    """(before, the hit, after): the hit with up to ``width`` characters around it, cut at
    word boundaries, so a person can see where it stands and whether it is a name."""
    text = _normal(text)
    start = max(0, finding.start - width)
    end = min(len(text), finding.end + width)
    before = text[start : finding.start]
    after = text[finding.end : end]
    if start > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if end < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, text[finding.start : finding.end], after


def use_cache_dir(path: str | Path | None) -> None:
    """Keep deduce's built lookup structures in this directory (None: its package folder)."""
    global _cache_dir
    _cache_dir = Path(path) if path else None


def cache_dir() -> Path:
    if _cache_dir is not None:
        return _cache_dir
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the deduce package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup"


def cache_file() -> Path:
    return cache_dir() / CACHE_FILE


def _stamp() -> Path:
    return cache_dir() / "cache" / "opbouw-built-for-deduce.txt"


def _deduce_version() -> str:
    return importlib.metadata.version("deduce")


def cache_is_built() -> bool:
    """A cache file is there and, if opbouw built it, for the deduce version installed now
    (after an upgrade deduce would otherwise rebuild it during a request)."""
    path = cache_file()
    if not path.is_file() or path.stat().st_size == 0:
        return False
    stamp = _stamp()
    return not stamp.is_file() or stamp.read_text().strip() == _deduce_version()


def build_cache(*, rebuild: bool = False) -> Path:
    """Build deduce's lookup structures into the cache directory, once; returns the directory
    that holds a cache file (the configured one; a temporary one if that is not writable).

    Several processes may ask at once: one builds under a file lock, the others wait and find
    it built. The file is written elsewhere and renamed into place, so nobody reads half a
    pickle (deduce itself writes in place).
    """
    directory = cache_dir()
    target = directory / CACHE_FILE
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = (directory / "opbouw-build.lock").open("a")
    except OSError:
        logger.warning("deduce cache directory %s is not writable; building elsewhere", directory)
        return _build_into(Path(tempfile.mkdtemp(prefix="opbouw-deduce-")))
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cache_is_built() and not rebuild:
            return directory
        scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
        try:
            _build_into(scratch)
            os.replace(scratch / CACHE_FILE, target)
            _stamp().write_text(_deduce_version() + "\n")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return directory


def _build_into(directory: Path) -> Path:
    from deduce import Deduce

    started = time.monotonic()
    logger.info("building deduce's lookup structures (one to two minutes)")
    Deduce(cache_path=directory, build_lookup_structs=True)
    logger.info("built deduce's lookup structures in %.0f s", time.monotonic() - started)
    return directory


def _load() -> Any:
    from deduce import Deduce

    directory = cache_dir()
    if not cache_is_built():
        logger.warning(
            "deduce's lookup cache %s is missing: building it now (run the deduce_cache "
            "management command at deployment instead)",
            cache_file(),
        )
        directory = build_cache()
    return Deduce(cache_path=directory)


def _deidentifier() -> Any:
    global _deduce
    with _deduce_lock:
        if _deduce is None:
            _deduce = _load()
            _keep_out_of_the_garbage_collector()
        return _deduce


def _keep_out_of_the_garbage_collector() -> None:
    """deduce's lookup structures are millions of small containers (~4.6 M objects) that live
    as long as the process. Left to the garbage collector, every full collection walks them
    all: seconds in which every thread of a web worker stands still (benchmarks/gc). Collect
    once, then move everything alive now into the permanent generation, which collections
    skip. What is frozen is never collected; that costs nothing here, as it is all long-lived
    (modules, settings, deduce)."""
    gc.collect()
    gc.freeze()


def deidentifier_loaded() -> bool:
    return _deduce is not None


def warm_up_in_background() -> threading.Thread:
    """Load deduce in a daemon thread now, so that no request waits for it later."""
    thread = threading.Thread(target=_deidentifier, name="opbouw-deduce-warm-up", daemon=True)
    thread.start()
    return thread


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

#!/usr/bin/env python3
"""List the entries of a gettext catalogue that still need a translator.

    python scripts/translate_check.py [CATALOGUE.po ...]

Without arguments it checks the English catalogue, opbouw/locale/en/LC_MESSAGES/django.po.
An entry needs work when its msgstr is empty (for a plural entry: any of its forms), when it
is marked fuzzy, or when its translation drops or invents a placeholder (%(name)s, %s, {0}).
The header entry and obsolete (#~) entries are not checked.

Exits 0 when every entry is done, 1 when some are not (they are listed), 2 on a read error.
Standard library only, so it runs before the virtualenv exists. `make messages` refreshes the
catalogues; tests/core/test_translations.py uses this parser to catch new untranslated strings.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CATALOGUE = ROOT / "opbouw" / "locale" / "en" / "LC_MESSAGES" / "django.po"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_ESCAPE_RE = re.compile(r"\\(.)")
# Python %-placeholders (named or positional; %% is a literal percent) and str.format fields.
# Only entries that xgettext flagged as python-format or python-brace-format are checked, as
# msgfmt --check-format does: elsewhere a % is plain text (“% van de inwoners”).
_PERCENT_RE = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
_BRACE_RE = re.compile(r"\{[^{}]*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0  # line of the msgid in the catalogue

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        # msgmerge writes every plural form the header's nplurals asks for; two at least.
        forms = max(len(self.msgstr), 2 if self.msgid_plural is not None else 1)
        return all(self.msgstr.get(i, "") for i in range(forms))

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"expected a quoted string, got {text!r}")
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path: Path | str) -> list[Entry]:
    """Every non-obsolete entry of a .po file, the header included, in file order."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int] | None = None  # which string a continuation line extends
    started = False  # the entry has a msgctxt or msgid
    seen_msgstr = False  # ... and a msgstr: a further keyword or comment starts a new one

    def finish() -> None:
        nonlocal entry, current, started, seen_msgstr
        if started:
            entries.append(entry)
        entry, current, started, seen_msgstr = Entry(), None, False, False

    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):  # blank, or obsolete (kept without --no-obsolete)
            finish()
            continue
        if line.startswith("#"):
            if seen_msgstr:
                finish()
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"{path}:{number}: string continuation outside an entry")
            kind, index = current
            text = _unquote(line)
            if kind == "msgstr":
                entry.msgstr[index] = entry.msgstr.get(index, "") + text
            else:
                setattr(entry, kind, (getattr(entry, kind) or "") + text)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and seen_msgstr:
            finish()
        if keyword == "msgctxt":
            entry.msgctxt = _unquote(rest)
            current = ("msgctxt", 0)
        elif keyword == "msgid":
            entry.msgid = _unquote(rest)
            entry.line = number
            current = ("msgid", 0)
        elif keyword == "msgid_plural":
            entry.msgid_plural = _unquote(rest)
            current = ("msgid_plural", 0)
        elif keyword == "msgstr" or (keyword.startswith("msgstr[") and keyword.endswith("]")):
            index = 0 if keyword == "msgstr" else int(keyword[7:-1])
            entry.msgstr[index] = _unquote(rest)
            current = ("msgstr", index)
            seen_msgstr = True
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
        started = True
    finish()
    return entries


def placeholders(text: str, flags: set[str]) -> list[str]:
    """The placeholders in text, sorted, for an entry with these flags."""
    found: list[str] = []
    if "python-format" in flags:
        found += _PERCENT_RE.findall(text.replace("%%", ""))
    if "python-brace-format" in flags:
        found += _BRACE_RE.findall(text.replace("{{", "").replace("}}", ""))
    return sorted(found)


def placeholder_problem(entry: Entry) -> str | None:
    """Describe a translation whose placeholders differ from its source, or None."""
    if not entry.translated or entry.is_header:
        return None
    flags = entry.flags
    if entry.msgid_plural is None:
        expected, got = placeholders(entry.msgid, flags), placeholders(entry.msgstr[0], flags)
        return None if expected == got else f"placeholders {expected} became {got}"
    # A singular form may leave out the number (“One entry”); it must not invent names.
    allowed = set(placeholders(entry.msgid, flags) + placeholders(entry.msgid_plural, flags))
    for index, text in sorted(entry.msgstr.items()):
        extra = sorted(set(placeholders(text, flags)) - allowed)
        if extra:
            return f"msgstr[{index}] has placeholders {extra} that the source does not"
    expected = placeholders(entry.msgid_plural, flags)
    got = placeholders(entry.msgstr[max(entry.msgstr)], flags)
    return None if expected == got else f"plural placeholders {expected} became {got}"


def problems(entries: list[Entry]) -> list[tuple[Entry, str]]:
    """(entry, reason) for every entry that still needs a translator."""
    found: list[tuple[Entry, str]] = []
    for entry in entries:
        if entry.is_header:
            continue
        if entry.fuzzy:
            found.append((entry, "fuzzy"))
        elif not entry.translated:
            found.append((entry, "untranslated"))
        else:
            reason = placeholder_problem(entry)
            if reason:
                found.append((entry, reason))
    return found


def _describe(entry: Entry) -> str:
    label = repr(entry.msgid)
    if entry.msgid_plural is not None:
        label += f" / {entry.msgid_plural!r}"
    if entry.msgctxt is not None:
        label = f"[{entry.msgctxt}] {label}"
    where = entry.references[0] if entry.references else "no source reference"
    return f"{label}  ({where})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("catalogues", nargs="*", type=Path, default=[DEFAULT_CATALOGUE])
    args = parser.parse_args(argv)

    status = 0
    for path in args.catalogues:
        try:
            entries = parse_po(path)
        except (OSError, ValueError, UnicodeDecodeError) as error:
            print(f"{path}: cannot read: {error}", file=sys.stderr)
            return 2
        found = problems(entries)
        total = sum(1 for e in entries if not e.is_header)
        if found:
            status = max(status, 1)
            print(f"{path}: {len(found)} of {total} entries need work")
            for entry, reason in found:
                print(f"  {path}:{entry.line}: {reason}: {_describe(entry)}")
        else:
            print(f"{path}: all {total} entries translated")
    return status


if __name__ == "__main__":
    sys.exit(main())

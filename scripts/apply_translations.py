#!/usr/bin/env python3
"""Fill empty entries of the English catalogue from JSON files of translations.

    python scripts/apply_translations.py TRANSLATIONS.json [...]

Each JSON file maps a Dutch msgid to its English text, or, for a plural entry, to a list of
two forms. Only entries whose msgstr is still empty (or fuzzy) are filled; a translation
already in the catalogue wins. Several people can work on the code at once and keep their
new strings' translations in their own file; `make messages` then this script merges them.
Standard library only. Prints how many entries it filled and which JSON keys matched none.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "opbouw" / "locale" / "en" / "LC_MESSAGES" / "django.po"
_STRING = re.compile(r'^(msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?)\s+"(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _fields(block: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    current = None
    for line in block:
        match = _STRING.match(line)
        if match:
            current = match.group(1)
            fields[current] = _unescape(match.group(2))
        elif line.startswith('"') and current:
            fields[current] += _unescape(line[1:-1])
    return fields


def _render(fields: dict[str, str], head: list[str], translation: str | list[str]) -> list[str]:
    lines = [line for line in head if not line.startswith("#,") or "fuzzy" not in line]
    for key in ("msgctxt", "msgid", "msgid_plural"):
        if key in fields:
            lines.append(f'{key} "{_escape(fields[key])}"')
    if isinstance(translation, list):
        lines += [f'msgstr[{i}] "{_escape(form)}"' for i, form in enumerate(translation)]
    else:
        lines.append(f'msgstr "{_escape(translation)}"')
    return lines


def apply(catalogue: Path, translations: dict[str, str | list[str]]) -> tuple[int, set[str]]:
    blocks = catalogue.read_text(encoding="utf-8").split("\n\n")
    filled, used = 0, set()
    for index, raw in enumerate(blocks):
        lines = raw.split("\n")
        head = [line for line in lines if line.startswith("#")]
        fields = _fields([line for line in lines if not line.startswith("#")])
        msgid = fields.get("msgid")
        if not msgid or msgid not in translations:
            continue
        used.add(msgid)
        empty = all(not v for k, v in fields.items() if k.startswith("msgstr"))
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in head)
        if empty or fuzzy:
            blocks[index] = "\n".join(_render(fields, head, translations[msgid]))
            filled += 1
    catalogue.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled, set(translations) - used


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    merged: dict[str, str | list[str]] = {}
    for name in argv:
        try:
            merged.update(json.loads(Path(name).read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:
            print(f"{name}: {error}", file=sys.stderr)
            return 2
    filled, unused = apply(CATALOGUE, merged)
    print(f"filled {filled} entries in {CATALOGUE.relative_to(ROOT)}")
    for msgid in sorted(unused):
        print(f"not in the catalogue (yet): {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

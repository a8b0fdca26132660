"""Building the ZIP of everything held about one person: JSON and CSV per table, a README."""

import csv
import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from opbouw.core import personal_data as pd

README_INTRO_NL = """Uw gegevens in opbouw
=====================

Dit bestand bevat alles wat opbouw over u bewaart (AVG artikel 15 en 20), gemaakt op {date}.
Per tabel vindt u twee bestanden met dezelfde inhoud: een .json-bestand (voor computers) en
een .csv-bestand (te openen in een spreadsheet). Hieronder staat per tabel wat elke kolom
betekent. Namen van andere mensen worden niet meegegeven; wel het aantal deelnemers.
Vragen? Neem contact op met uw opbouwwerker of met de functionaris gegevensbescherming.
"""

README_INTRO_EN = """Your data in opbouw
===================

This file holds everything opbouw keeps about you (GDPR articles 15 and 20), made on {date}.
Each table comes as two files with the same content: a .json file (for computers) and a .csv
file (for a spreadsheet). Below, each table's columns are explained (in Dutch, the language
of the application, with the English table description). Names of other people are left out;
the number of participants is given. Questions? Ask your community worker or the data
protection officer.
"""


def _table_description(provider: pd.Provider, language: str) -> str:
    with translation.override(language):
        return provider.verbose_name()


def _columns(provider: pd.Provider, language: str) -> list[pd.Column]:
    with translation.override(language):
        return [pd.Column(c.name, str(c.description)) for c in provider.columns()]


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return str(value)


def build_zip(subject: pd.Subject) -> tuple[bytes, int]:
    """The ZIP as bytes, and the number of rows in it."""
    buffer = io.BytesIO()
    total = 0
    today = timezone.localdate().isoformat()
    readme_nl = [README_INTRO_NL.format(date=today)]
    readme_en = [README_INTRO_EN.format(date=today)]
    index = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for provider in pd.providers():
            if not provider.fields and not provider.extra:
                continue  # registered for erasure only (free text that may name the person)
            with translation.override("nl"):
                rows = provider.export_rows(subject)
            if not rows:
                continue
            total += len(rows)
            name = provider.label.replace(".", "-")
            columns_nl = _columns(provider, "nl")
            archive.writestr(
                f"{name}.json",
                json.dumps(rows, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
            )
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow([c.name for c in columns_nl])
            for row in rows:
                writer.writerow([_csv_value(row.get(c.name)) for c in columns_nl])
            archive.writestr(f"{name}.csv", text.getvalue())
            index.append(
                {"file": name, "table": _table_description(provider, "nl"), "rows": len(rows)}
            )
            for lines, language in ((readme_nl, "nl"), (readme_en, "en")):
                lines.append(
                    f"\n{name}.json / {name}.csv — {_table_description(provider, language)} "
                    f"({len(rows)})\n"
                )
                lines += [f"  {c.name}: {c.description}" for c in _columns(provider, language)]
        readme = "\n".join(readme_nl) + "\n\n" + "\n".join(readme_en) + "\n"
        archive.writestr("README.txt", readme)
        archive.writestr(
            "index.json", json.dumps(index, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        )
    return buffer.getvalue(), total

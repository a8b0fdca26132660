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

Dit bestand bevat wat opbouw over u bewaart (AVG artikel 15 en 20), gemaakt op {date}.
Per tabel vindt u twee bestanden met dezelfde inhoud: een .json-bestand (voor computers) en
een .csv-bestand (te openen in een spreadsheet). Hieronder staat per tabel wat elke kolom
betekent.

Wat er niet in staat, en waarom: teksten die een opbouwwerker schreef over iets waar u bij
was (notities bij logboekregels, vervolgacties, signalen, toelichtingen bij verbindingen en
redenen van kennismakingen) kunnen ook over andere mensen gaan. Die worden niet meegegeven
(AVG artikel 15 lid 4: uw inzage mag de privacy van anderen niet schaden). In die kolommen
staat "[niet meegegeven ...]". U kunt uw opbouwwerker vragen ze met u door te nemen; die
laat dan weg wat over anderen gaat. Van andere deelnemers staat alleen het aantal in dit
bestand, geen naam of schuilnaam. Wat u zelf schreef, krijgt u terug zoals u het schreef.
Vragen? Neem contact op met uw opbouwwerker of met de functionaris gegevensbescherming.
"""

README_INTRO_EN = """Your data in opbouw
===================

This file holds what opbouw keeps about you (GDPR articles 15 and 20), made on {date}.
Each table comes as two files with the same content: a .json file (for computers) and a .csv
file (for a spreadsheet). Below, each table's columns are explained (in Dutch, the language
of the application, with the English table description).

What is not included, and why: texts a community worker wrote about something you took part
in (journal notes, follow-ups, signals, notes on ties and reasons for introductions) may also
be about other people. They are not included (GDPR article 15(4): your access must not harm
the privacy of others); those columns say "[niet meegegeven ...]". You can ask your community
worker to go through them with you, leaving out what concerns others. Of other participants
only the number is given, never a name or pseudonym. What you wrote yourself is returned as
you wrote it. Questions? Ask your community worker or the data protection officer.
"""


def _table_description(provider: pd.Provider, language: str) -> str:
    with translation.override(language):
        return provider.verbose_name()


def _columns(provider: pd.Provider, language: str) -> list[pd.Column]:
    with translation.override(language):
        withheld = str(pd.WITHHELD)
        return [
            pd.Column(
                c.name,
                f"{c.description} {withheld}"
                if c.name in provider.withheld
                else str(c.description),
            )
            for c in provider.columns()
        ]


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

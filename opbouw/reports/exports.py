"""A report as PDF (WeasyPrint, charts as server-side SVG) and its figures as Excel or CSV;
the dashboard's protected table as Excel or CSV (suppressed cells as "x", never the count).
"""

import csv
import io
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from opbouw.analysis.disclosure import ProtectedTable

from .charts import to_data_uri

SUPPRESSED = "x"


def _stylesheet() -> str:
    path = finders.find("opbouw/reports-print.css")
    with open(str(path), encoding="utf-8") as handle:
        return handle.read()


def report_pdf(content: dict[str, Any], *, version: int | None) -> bytes:
    from weasyprint import CSS, HTML

    chart_images = {name: to_data_uri(spec) for name, spec in content["charts"].items()}
    html = render_to_string(
        "reports/report_pdf.html",
        {"content": content, "version": version, "chart_images": chart_images},
    )
    return bytes(HTML(string=html).write_pdf(stylesheets=[CSS(string=_stylesheet())]))


def _scope_sheet(content: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """What the figures cover, as the page and the PDF say it: from when there is data, and
    in a report on an initiative, which sections are about it and which about the whole area.
    (Versions issued before this was kept have neither: no sheet, as before.)"""
    rows: list[list[Any]] = []
    if content.get("data_from"):
        rows.append([_("gegevens vanaf"), content["data_from"]])
    scope = content.get("scope")
    if scope:
        rows.append([_("Initiatief"), content["initiative"]])
        labels = {
            "stories": _("Verhalen"),
            "outcomes": _("Uitkomsten"),
            "network": _("Netwerk"),
            "initiatives": _("Initiatieven"),
            "conversations": _("Gesprekken"),
            "signals": _("Signalen"),
            "outputs": _("Output"),
        }
        for key, label in labels.items():
            covers = content["initiative"] if scope.get(key) == "initiative" else content["area"]
            rows.append([label, covers])
    if not rows:
        return []
    return [(_("Toelichting"), [_("onderdeel"), _("gaat over")], rows)]


def figure_sheets(content: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The report's figures as (sheet title, header, rows), and what they cover."""
    return _figure_sheets(content) + _scope_sheet(content)


def _figure_sheets(content: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    outputs = content["outputs"]
    signals = content["signals"]
    return [
        (
            _("Netwerk"),
            [
                _("maand"),
                _("actieve mensen"),
                _("verbindingen"),
                _("nieuwe verbindingen"),
                _("blijvende verbindingen"),
                _("bruggen tussen groepen"),
                _("niet samen vastgelegd"),
                _("berekende clusters"),
            ],
            [
                [
                    m["month"],
                    m["people_active"],
                    m["ties"],
                    m["new_ties"],
                    m["lasting_ties"],
                    m["bridging_ties"],
                    m["isolated"],
                    m["community_count"],
                ]
                for m in content["network"]
            ],
        ),  # fmt: skip
        (
            _("Initiatieven"),
            [_("fase"), _("aantal")],
            [[s["stage"], s["count"]] for s in content["initiatives"]["stages"]],
        ),
        (
            _("Signalen"),
            [_("organisatie"), *signals["statuses"]],
            [[row["organisation"], *row["counts"]] for row in signals["rows"]],
        ),
        (
            _("Output"),
            [_("maat"), _("aantal")],
            [
                [_("activiteiten"), outputs["activities"]],
                [
                    _("deelnemers (afgerond op 5)"),
                    outputs["participants"]
                    if outputs["participants"] is not None
                    else _("minder dan 10"),
                ],
                [_("individuele contacten"), outputs["contacts"]],
                [
                    _("aanwezigen zonder naam, per keer (afgerond op 5)"),
                    outputs.get("anonymous_attendance", 0),
                ],
            ],
        ),
    ]


def _workbook(sheets: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(sheets: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for title, header, rows in sheets:
        writer.writerow([title])
        writer.writerow(header)
        writer.writerows(rows)
        writer.writerow([])
    # BOM so Excel opens it as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def report_xlsx(content: dict[str, Any]) -> bytes:
    return _workbook(figure_sheets(content))


def report_csv(content: dict[str, Any]) -> bytes:
    return _csv(figure_sheets(content))


def protected_rows(table: ProtectedTable) -> tuple[list[str], list[list[Any]]]:
    """The protected table as rows of published values; suppressed cells are "x"."""

    def shown(value: int | None) -> Any:
        return SUPPRESSED if value is None else value

    header = [_("wijk"), *table.columns, _("totaal")]
    rows = [
        [label, *(shown(c.value) for c in cells), shown(total.value)]
        for label, cells, total in zip(table.rows, table.cells, table.row_totals, strict=True)
    ]
    rows.append(
        [_("totaal"), *(shown(c.value) for c in table.column_totals), shown(table.total.value)]
    )
    return header, rows


def dashboard_sheets(
    table: ProtectedTable, collective: list[dict[str, Any]]
) -> list[tuple[str, list[str], list[list[Any]]]]:
    header, rows = protected_rows(table)
    note = _(
        "Mensen bereikt; afgerond op 5; x = onderdrukt (minder dan 10 mensen, of om dat "
        "te beschermen)."
    )
    return [
        (_("Bereik"), header, [*rows, [], [note]]),
        (
            _("Collectief werk"),
            [
                _("organisatie"),
                _("maand"),
                _("uren collectief"),
                _("uren individueel"),
                _("uren netwerkonderhoud"),
                _("contacten collectief"),
                _("contacten individueel"),
                _("contacten netwerkonderhoud"),
            ],
            [
                [
                    r["organisation"],
                    r["month"],
                    r["collective_hours"],
                    r["individual_hours"],
                    r["network_hours"],
                    r["collective_contacts"],
                    r["individual_contacts"],
                    r["network_contacts"],
                ]
                for r in collective
            ],
        ),  # fmt: skip
    ]


def dashboard_xlsx(table: ProtectedTable, collective: list[dict[str, Any]]) -> bytes:
    return _workbook(dashboard_sheets(table, collective))


def dashboard_csv(table: ProtectedTable, collective: list[dict[str, Any]]) -> bytes:
    return _csv(dashboard_sheets(table, collective))

"""The PDF renders with its charts: rasterised to PNG pages and looked at, pixel by pixel."""

import io
import os
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from django.urls import reverse

from opbouw.reports import selectors
from opbouw.reports.charts import COLOURS
from tests.factories import client_for

# The "bridges" series' colour: plum, used nowhere else in the PDF (headings are teal).
PLUM = tuple(int(COLOURS[2][i : i + 2], 16) for i in (1, 3, 5))
OUT = Path(os.environ.get("REPORTS_PNG_DIR", "/tmp/opbouw-reports-png"))


def _pages(pdf: bytes) -> list[np.ndarray]:
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    images = []
    OUT.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(document):
        image = page.render(scale=1.5).to_pil().convert("RGB")
        image.save(OUT / f"report-page-{number + 1}.png")
        images.append(np.asarray(image))
    return images


def _near(pixels: np.ndarray, colour: tuple[int, int, int], tolerance: int = 40) -> np.ndarray:
    return np.abs(pixels.astype(int) - np.array(colour)).sum(axis=2) < tolerance


def test_the_pdf_has_the_network_chart_drawn_on_it(users, world):
    content = selectors.report_content(users["worker"], world.report)
    assert any(m["bridging_ties"] or m["ties"] for m in content["network"])
    response = client_for(users["worker"]).get(reverse("reports:pdf", args=[world.report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = _pages(response.content)
    found = [(n, _near(page, PLUM)) for n, page in enumerate(pages)]
    page_number, mask = max(found, key=lambda item: item[1].sum())
    assert mask.sum() > 50, "no chart line (plum) on any page"
    # The chart area: the box around the chart's lines holds axes, labels and lines.
    rows, columns = np.nonzero(mask)
    box = pages[page_number][rows.min() : rows.max() + 1, columns.min() : columns.max() + 1]
    non_white = (box < 230).any(axis=2).mean()
    assert box.shape[1] > 150 and 0.01 < non_white < 0.9
    # And the report's text is there (the PDF is the same report as the page).
    text = pdfium.PdfDocument(io.BytesIO(response.content))[0].get_textpage().get_text_range()
    assert "Jaarverslag" in text and "Reflectie" in text

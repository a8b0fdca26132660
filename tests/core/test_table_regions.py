"""Every data table sits in the one scrolling region (issue 11, item 28): a focusable,
labelled <div class="opbouw-table-scroll" role="region" tabindex="0" aria-label…> whose CSS
(app.css) lets the table scroll sideways at 320 px instead of breaking words and numbers.
The browser sweep (tests/browser/test_browser_sweep.py) checks the result at 320 px."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "opbouw" / "templates"
REGION = re.compile(
    r'<div class="opbouw-table-scroll" role="region" aria-label(ledby)?="[^"]+" tabindex="0">\s*'
    r"(\{%[^%]*%\}\s*)*<table\b"
)
PRINT_ONLY = {"reports/report_pdf.html"}  # paper does not scroll


def test_every_table_in_a_template_is_in_a_focusable_labelled_region():
    bare = []
    tables = 0
    for template in sorted(TEMPLATES.rglob("*.html")):
        name = str(template.relative_to(TEMPLATES))
        if name in PRINT_ONLY:
            continue
        text = template.read_text()
        count = len(re.findall(r"<table\b", text))
        tables += count
        wrapped = len(REGION.findall(text))
        if wrapped != count:
            bare.append(f"{name}: {count} tables, {wrapped} in a region")
    assert tables >= 20, tables
    assert not bare, "Tables outside a scrolling region:\n" + "\n".join(bare)

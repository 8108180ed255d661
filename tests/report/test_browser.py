"""The packet in a real browser: headless Chromium prints it to PDF (one page or more per
section) and screenshots it (not blank). Without Chromium these tests FAIL, never skip."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from matplotlib import image

from tests.report.conftest import render


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE).group(1))
    # Chromium writes plain page objects: count them
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def test_prints_to_pdf_with_a_page_break_between_sections(report_html, tmp_path):
    html = tmp_path / "report.html"
    html.write_text(report_html, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    render(html, tmp_path, pdf=pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    sections = report_html.count('<section class="sheet"')
    assert sections == 7
    # every section starts on a new page; the moves, the ineligible list and the appendix
    # run over several pages on the example
    assert pdf_pages(pdf) >= sections + 3


def test_screenshot_is_not_blank(report_html, tmp_path):
    html = tmp_path / "report.html"
    html.write_text(report_html, encoding="utf-8")
    png = tmp_path / "first-page.png"
    render(html, tmp_path, png=png)
    pixels = image.imread(png)
    assert pixels.ndim == 3 and pixels.shape[0] > 500
    assert pixels.var() > 0
    # a page, not a flat colour: many distinct grey levels (text, chart, rules)
    assert len({round(float(v), 2) for v in pixels[..., 0].ravel()[::97]}) > 20

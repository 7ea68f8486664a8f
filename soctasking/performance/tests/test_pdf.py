"""The quarterly PDF, turned into page images and read back for its figures."""

from __future__ import annotations

import re

import pypdfium2
import pytest
from pypdf import PdfReader

from soctasking.performance.document import report_pdf
from soctasking.performance.quarters import Quarter
from soctasking.performance.selectors import quarterly_figures
from soctasking.performance.tests.picture import QUARTER, two_quarters_of_returns

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(tmp_path):
    two_quarters_of_returns()
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(quarterly_figures(quarter=Quarter.parse(QUARTER))))
    return path


def text_of(path) -> str:
    # Collapse the layout's line breaks and spacing, so a table row reads as one line.
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def test_the_pdf_pages_render_as_images_that_are_not_blank(pdf):
    document = pypdfium2.PdfDocument(pdf)
    pages = len(document)

    images = [document[index].render(scale=0.5).to_pil() for index in range(pages)]

    assert pages == len(PdfReader(pdf).pages) >= 2
    for image in images:
        assert image.width > 200
        assert image.height > 300
        darkest, lightest = image.convert("L").getextrema()
        assert lightest == 255
        assert darkest < 80, "a page holds ink, not just paper"
    # Charts are drawn in the report's blue: some page must carry it.
    assert any((29, 112, 184) in {c for _, c in image.convert("RGB").getcolors(1 << 20)}
               for image in images)  # fmt: skip


def test_the_pdf_gives_the_quarters_figures_beside_the_previous_quarters(pdf):
    text = text_of(pdf)

    assert "National performance report, 2026-Q3" in text
    assert "3 disruptions in 2026-Q3, against 2 in 2026-Q2" in text
    assert "Major 1 0 +1" in text
    assert "Moderate 1 1 No change" in text
    assert "Drugs 2 1 +1" in text
    assert "Arrests 7 1 +6" in text
    assert "Charges 5 Not recorded" in text
    assert "Drugs seized (kg) 12.50 1.25 +11.25" in text
    assert "Cash seized (£) 25,000 Not recorded" in text
    assert "Assets denied (£) 150,000 Not recorded" in text
    assert "2 of 3 open operations were against a current national priority threat (66.7%)" in text
    assert "2 of 4 (50.0%)" in text
    assert "Fraud 0 Not then a priority 1 Not then a priority" in text
    assert "On time 2 1" in text
    assert "Missing 1 1" in text

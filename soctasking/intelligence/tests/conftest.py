"""Small documents of every accepted type, built in the test, and a catalogue to tag with."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from soctasking.testing.browser import browser, page, seeded_rows  # noqa: F401
from soctasking.testing.factories import ThreatFactory

PHRASE = "County lines drug supply into coastal towns"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Each test writes its files to a folder of its own, so leftovers can be counted."""
    root = tmp_path / "files"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def catalogue(db: None) -> dict[str, Any]:
    return {
        "drugs": ThreatFactory(id="drugs", name="Drugs", keywords=["county lines", "cocaine"]),
        "fraud": ThreatFactory(id="fraud", name="Fraud", keywords=["phishing"]),
        "mlit": ThreatFactory(id="mlit", name="Modern slavery", keywords=["trafficking"]),
    }


def pdf_bytes(text: str = PHRASE) -> bytes:
    """A one-page PDF showing ``text``, written by hand so its text can be extracted."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf_page in PdfReader(io.BytesIO(pdf_bytes())).pages:
        writer.add_page(pdf_page)
    writer.encrypt("secret-password")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(text: str = PHRASE) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(text: str = PHRASE) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Finding", "Count"])
    sheet.append([text, 3])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt_bytes(text: str = PHRASE) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def html_bytes(text: str = PHRASE) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>t</title><script>var x = 'phishing';</script>"
        f"</head><body><h1>Report</h1><p>{text}</p></body></html>"
    ).encode()


def eml_bytes(text: str = "See the attached assessment.", attachment: bytes | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "analyst@rocu.example"
    message["To"] = "intake@nac.example"
    message["Subject"] = "Quarterly assessment"
    message.set_content(text)
    message.add_attachment(
        attachment if attachment is not None else docx_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="assessment.docx",
    )
    return bytes(message)


def zip_bomb_docx(unpacked: int) -> bytes:
    """A real DOCX with one more member of ``unpacked`` zero bytes, which compress to little."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/media/padding.bin", b"\0" * unpacked)
    return out.getvalue()

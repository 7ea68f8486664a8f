"""Recognising a file by its content and taking its text out, and every way a file is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from soctasking.intelligence.extraction import (
    ExtractionError,
    extract,
    filename_checked,
    stored_name,
)
from soctasking.intelligence.tests.conftest import (
    PHRASE,
    docx_bytes,
    eml_bytes,
    encrypted_pdf_bytes,
    html_bytes,
    odt_bytes,
    pdf_bytes,
    xlsx_bytes,
    zip_bomb_docx,
)

TEXT = PHRASE.encode()


@pytest.mark.parametrize(
    ("name", "build", "kind"),
    [
        ("assessment.pdf", pdf_bytes, "pdf"),
        ("assessment.docx", docx_bytes, "docx"),
        ("assessment.xlsx", xlsx_bytes, "xlsx"),
        ("assessment.odt", odt_bytes, "odt"),
        ("assessment.html", html_bytes, "html"),
        ("assessment.htm", html_bytes, "html"),
        ("assessment.eml", eml_bytes, "eml"),
        ("assessment.txt", lambda: TEXT, "text"),
        ("assessment.md", lambda: b"# Heading\n\n" + TEXT, "text"),
    ],
)
def test_each_accepted_type_gives_its_text(
    name: str, build: Callable[[], bytes], kind: str
) -> None:
    extracted = extract(data=build(), name=name)
    assert extracted.kind == kind
    assert PHRASE in extracted.text


def test_an_html_fragment_named_html_is_html() -> None:
    extracted = extract(data=b"<p>Cocaine <b>supply</b></p>", name="fragment.html")
    assert (extracted.kind, extracted.text) == ("html", "Cocaine supply")


def test_html_text_leaves_out_scripts() -> None:
    assert "phishing" not in extract(data=html_bytes(), name="page.html").text


def test_an_email_gives_its_headers_body_and_attachments_text() -> None:
    text = extract(data=eml_bytes(), name="message.eml").text
    assert "Subject: Quarterly assessment" in text
    assert "See the attached assessment." in text
    assert "Attachment: assessment.docx" in text
    assert PHRASE in text


def test_an_email_inside_an_email_is_read_too() -> None:
    inner = eml_bytes(text="Inner message")
    outer = eml_bytes(text="Outer message", attachment=inner)
    # The attachment is named .docx by the builder; rename it to say what it is.
    outer = outer.replace(b'filename="assessment.docx"', b'filename="forwarded.eml"')
    text = extract(data=outer, name="outer.eml").text
    assert "Outer message" in text
    assert "Inner message" in text
    assert PHRASE in text


def test_a_bad_attachment_is_named_in_the_error() -> None:
    message = eml_bytes(attachment=b"MZ\x90\x00 not a document")
    with pytest.raises(ExtractionError, match=r"Attachment 'assessment\.docx'"):
        extract(data=message, name="message.eml")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"just some text", "ends .pdf but its content is plain text"),
        ("report.docx", pdf_bytes(), "ends .docx but its content is PDF"),
        ("report.txt", docx_bytes(), "ends .txt but its content is Word"),
        ("report.xlsx", docx_bytes(), "ends .xlsx but its content is Word"),
        ("report.eml", b"no headers here", "ends .eml but its content is plain text"),
        ("report.exe", b"MZ\x90\x00", "Files ending .exe are not accepted"),
        ("report", TEXT, "in no extension"),
        ("report.txt", b"\x00\x01\x02binary", "binary"),
        ("report.txt", "caf\xe9".encode("latin-1"), "UTF-8"),
        ("report.docx", b"PK\x03\x04 broken", "damaged zip"),
    ],
)
def test_a_file_that_lies_about_itself_is_refused(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        extract(data=data, name=name)


def test_an_encrypted_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError, match="encrypted") as refused:
        extract(data=encrypted_pdf_bytes(), name="locked.pdf")
    assert refused.value.code == "encrypted"


def test_a_corrupt_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError, match="PDF is damaged"):
        extract(data=b"%PDF-1.4\n" + b"\x8f garbage " * 50, name="broken.pdf")


def test_a_zip_bomb_inside_a_docx_is_refused_before_unpacking(settings: Any) -> None:
    settings.SOCTASKING_MAX_UNZIPPED_BYTES = 1024**2
    bomb = zip_bomb_docx(unpacked=4 * 1024**2)
    assert len(bomb) < 100_000
    with pytest.raises(ExtractionError, match="unpacks to") as refused:
        extract(data=bomb, name="bomb.docx")
    assert refused.value.code == "zip_bomb"


def test_a_file_over_the_size_limit_is_refused(settings: Any) -> None:
    settings.SOCTASKING_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ExtractionError, match="more than the limit of 1000") as refused:
        extract(data=b"a" * 1001, name="big.txt")
    assert refused.value.code == "too_large"


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ExtractionError, match="empty"):
        extract(data=b"", name="empty.txt")


@pytest.mark.parametrize(
    "name", ["../etc/passwd.txt", "folder/report.txt", "c:\\reports\\a.txt", ".hidden.txt", ""]
)
def test_a_file_name_that_could_name_another_place_is_refused(name: str) -> None:
    with pytest.raises(ExtractionError):
        filename_checked(name)


def test_stored_names_keep_only_safe_characters() -> None:
    assert stored_name("Q1 assessment (final)ü.pdf") == "Q1_assessment_final_.pdf"

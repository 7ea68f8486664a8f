"""Recognising a submitted file by its content, and taking its text out.

The type is read from the bytes (a PDF's header, the members of a zip
container, the headers of a message), never trusted from the name or the
declared content type: the name must then agree with what the content is,
so a file that lies about itself is refused. Every refusal is an
``ExtractionError`` whose message names what is wrong for the sender.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import PurePosixPath

from django.conf import settings

MAX_TEXT_CHARS = 5 * 1024**2
MAX_ZIP_MEMBERS = 5000
# An attachment inside a message inside a message ... stops here.
MAX_EMAIL_DEPTH = 3

EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({".pdf"}),
    "docx": frozenset({".docx"}),
    "xlsx": frozenset({".xlsx"}),
    "odt": frozenset({".odt"}),
    "eml": frozenset({".eml"}),
    "html": frozenset({".html", ".htm"}),
    "text": frozenset({".txt", ".md", ".markdown"}),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "eml": "message/rfc822",
    "html": "text/html",
    "text": "text/plain",
}
TYPE_NAMES = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "odt": "OpenDocument text (ODT)",
    "eml": "email message (.eml)",
    "html": "HTML",
    "text": "plain text or Markdown",
}
ACCEPTED = ", ".join(sorted(ext for exts in EXTENSIONS.values() for ext in exts))
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_MESSAGE_HEADERS = {b"from", b"to", b"subject", b"date", b"message-id", b"mime-version"}


class ExtractionError(Exception):
    """The file cannot be accepted; the message says why, for the sender."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Extracted:
    kind: str
    content_type: str
    text: str


@contextmanager
def _damaged(message: str) -> Iterator[None]:
    """Refuse with ``message`` whatever a reader raises on the file's bytes.

    The zip, XML and document readers report damage with whatever their own
    parsers raise (``zlib.error``, ``EOFError``, XML parse errors, a
    ``KeyError`` for a missing part, ...); none of it is a fault of ours, and
    all of it is the sender's file being unreadable.
    """
    try:
        yield
    except ExtractionError:
        raise
    except Exception as error:
        raise ExtractionError(message) from error


def max_upload_bytes() -> int:
    """Settings, read at each call, so that an operator (or a test) can change them."""
    return int(settings.SOCTASKING_MAX_UPLOAD_BYTES)


def max_unzipped_bytes() -> int:
    return int(settings.SOCTASKING_MAX_UNZIPPED_BYTES)


def filename_checked(name: str) -> str:
    """The sender's file name, refused when it could name a place other than itself."""
    if not name or not name.strip():
        raise ExtractionError("The file has no name.")
    if "/" in name or "\\" in name or "\x00" in name:
        raise ExtractionError("The file name must not contain '/', '\\' or NUL.")
    if name.strip() in {".", ".."} or name.startswith("."):
        raise ExtractionError("The file name must not start with '.'.")
    if len(name) > 200:
        raise ExtractionError("The file name is longer than 200 characters.")
    if any(ord(ch) < 32 for ch in name):
        raise ExtractionError("The file name must not contain control characters.")
    return name


def stored_name(name: str) -> str:
    """A safe name on disk: letters, digits, '.', '-' and '_' only."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "file"
    return stem[:150]


def _extension(name: str) -> str:
    return PurePosixPath(name.lower()).suffix


def _zip_kind(data: bytes) -> tuple[str, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ExtractionError("The file is a damaged zip container.") from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise ExtractionError(f"The file holds more than {MAX_ZIP_MEMBERS} parts.")
    # The sizes in the zip's directory bound what reading can produce: zipfile
    # stops at the declared size, so summing them defeats a zip bomb.
    unzipped = sum(member.file_size for member in members)
    if unzipped > max_unzipped_bytes():
        raise ExtractionError(
            f"The file unpacks to {unzipped} bytes, more than the limit of {max_unzipped_bytes()}.",
            code="zip_bomb",
        )
    names = {member.filename for member in members}
    if "word/document.xml" in names:
        return "docx", archive
    if "xl/workbook.xml" in names:
        return "xlsx", archive
    if "mimetype" in names:
        with _damaged("The file is a damaged zip container."):
            mimetype = archive.read("mimetype")
        if mimetype.strip() == ODT_MIMETYPE:
            return "odt", archive
    raise ExtractionError(
        f"The file is a zip container but not one of the accepted types ({ACCEPTED})."
    )


def _looks_like_message(data: bytes) -> bool:
    head = data[:8192].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].split(b"\n")
    names = {line.split(b":", 1)[0].lower() for line in head if _HEADER_LINE.match(line)}
    return bool(_HEADER_LINE.match(head[0])) and len(names & _MESSAGE_HEADERS) >= 2


def _decoded(data: bytes) -> str:
    if b"\x00" in data:
        raise ExtractionError(f"The file is binary, not one of the accepted types ({ACCEPTED}).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractionError(
            "The file is neither a recognised document nor UTF-8 text."
        ) from error


def detect(*, data: bytes, name: str) -> str:
    """The file's real type, one of ``EXTENSIONS``; refused when its name says otherwise."""
    extension = _extension(name)
    if not any(extension in exts for exts in EXTENSIONS.values()):
        raise ExtractionError(
            f"Files ending {extension or 'in no extension'} are not accepted; "
            f"send one of {ACCEPTED}."
        )
    if data.startswith(b"%PDF-"):
        kind = "pdf"
    elif data.startswith(b"PK\x03\x04"):
        kind, archive = _zip_kind(data)
        archive.close()
    else:
        text = _decoded(data)
        if extension == ".eml" and _looks_like_message(data):
            kind = "eml"
        elif re.match(r"\s*(<!doctype html|<html)", text[:1024], re.IGNORECASE) or (
            # A fragment is HTML only when its name says so and it has a tag.
            extension in EXTENSIONS["html"] and _TAG.search(text[:4096])
        ):
            kind = "html"
        else:
            kind = "text"
    if extension not in EXTENSIONS[kind]:
        raise ExtractionError(
            f"The file's name ends {extension} but its content is {TYPE_NAMES[kind]}.",
            code="mismatch",
        )
    return kind


class _TextOfHtml(HTMLParser):
    SKIPPED = frozenset({"script", "style", "head", "template"})
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    with _damaged("The PDF is damaged and cannot be read."):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionError(
                "The PDF is encrypted; send it without a password.", code="encrypted"
            )
        return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(data: bytes) -> str:
    import docx

    with _damaged("The Word document is damaged and cannot be read."):
        document = docx.Document(io.BytesIO(data))
        parts = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    with _damaged("The spreadsheet is damaged and cannot be read."):
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        parts: list[str] = []
        try:
            for sheet in workbook.worksheets:
                parts.append(str(sheet.title))
                for row in sheet.iter_rows(values_only=True):
                    cells = ["" if value is None else str(value) for value in row]
                    if any(cells):
                        parts.append("\t".join(cells))
        finally:
            workbook.close()
    return "\n".join(parts)


def _odt_text(data: bytes) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    with _damaged("The OpenDocument file is damaged and cannot be read."):
        document = load(io.BytesIO(data))
        return "\n".join(
            teletype.extractText(element)
            for element in document.text.getElementsByType(text.P)
            + document.text.getElementsByType(text.H)
        )


def _eml_text(data: bytes, depth: int) -> str:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage):
        raise ExtractionError("The message cannot be read.")
    parts = [
        f"{header}: {message[header]}"
        for header in ("Subject", "From", "To", "Date")
        if message[header] is not None
    ]
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        if filename:
            if depth >= MAX_EMAIL_DEPTH:
                raise ExtractionError("The message nests attachments too deeply.")
            try:
                inner = extract(data=payload, name=filename_checked(filename), depth=depth + 1)
            except ExtractionError as error:
                raise ExtractionError(f"Attachment {filename!r}: {error.message}") from error
            parts.append(f"\nAttachment: {filename}\n{inner.text}")
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            body = payload.decode(charset, errors="replace")
        except LookupError:
            body = payload.decode("utf-8", errors="replace")
        if part.get_content_type() == "text/html":
            parts.append(html_text(body))
        elif part.get_content_maintype() == "text":
            parts.append(body)
    return "\n".join(parts)


def extract(*, data: bytes, name: str, depth: int = 0) -> Extracted:
    """The text of a submitted file, after checking its size, name and real type."""
    if len(data) > max_upload_bytes():
        raise ExtractionError(
            f"The file is {len(data)} bytes, more than the limit of {max_upload_bytes()}.",
            code="too_large",
        )
    if not data:
        raise ExtractionError("The file is empty.")
    kind = detect(data=data, name=name)
    if kind == "pdf":
        content = _pdf_text(data)
    elif kind == "docx":
        content = _docx_text(data)
    elif kind == "xlsx":
        content = _xlsx_text(data)
    elif kind == "odt":
        content = _odt_text(data)
    elif kind == "eml":
        content = _eml_text(data, depth)
    elif kind == "html":
        content = html_text(_decoded(data))
    else:
        content = _decoded(data)
    content = content.replace("\x00", "").strip()
    if len(content) > MAX_TEXT_CHARS:
        raise ExtractionError(f"The file's text is longer than {MAX_TEXT_CHARS} characters.")
    return Extracted(kind=kind, content_type=CONTENT_TYPES[kind], text=content)

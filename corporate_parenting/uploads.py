"""Uploaded files: what we accept, where they are kept, how they are sent back.

Every upload form checks its file with `validate_upload(file, allowed=...)` (or the
`UploadField` form field that calls it). The file's name must end in an accepted type and its
content must open as that type:

- PDF: opened with pikepdf, with at least one page; encrypted or unreadable files are refused;
- images (PNG, JPEG): opened and verified with Pillow, within a pixel limit;
- Word and Excel (.docx, .xlsx) and OpenDocument (.odt, .ods): zip files with the members the
  format requires, checked from the zip directory without extracting anything, with limits on
  the number of members, the total uncompressed size and the compression ratio (a zip bomb);
- CSV: UTF-8 text (with or without a byte order mark), no NUL bytes, no HTML.

Nothing else is accepted: no HTML, no SVG, no executables. The size limit is
settings.UPLOAD_MAX_BYTES. Each refusal says what was wrong and what to upload instead.

Uploaded files are kept in `PrivateStorage` (settings.STORAGES["default"]): a folder no web
server serves, whose files have no URL, so no page can link to one by mistake. They are sent
only by views that check organisation and role, through `file_download()`: always as an
attachment, with `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import io
import logging
import math
import os
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)

MB = 1024 * 1024

# Zip containers (docx, xlsx, odt, ods): limits read from the zip directory.
ZIP_MAX_MEMBERS = 2_000
ZIP_MAX_UNCOMPRESSED = 200 * MB
ZIP_MAX_RATIO = 100  # uncompressed size / compressed size, over the whole file and per member
# Images: more pixels than this is refused (Pillow's own bomb check is far higher).
IMAGE_MAX_PIXELS = 40_000_000
# Text that marks a "CSV" as a web page or script.
MARKUP = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe", b"<head")


@dataclass(frozen=True)
class FileType:
    key: str
    extensions: tuple[str, ...]
    content_type: str
    described: str  # "a PDF", as the refusal lists it


PDF = FileType("pdf", (".pdf",), "application/pdf", "a PDF")
PNG = FileType("png", (".png",), "image/png", "an image (PNG, JPEG)")
JPEG = FileType("jpeg", (".jpg", ".jpeg"), "image/jpeg", "an image (PNG, JPEG)")
DOCX = FileType(
    "docx",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "a Word",
)
XLSX = FileType(
    "xlsx",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "an Excel",
)
ODT = FileType("odt", (".odt",), "application/vnd.oasis.opendocument.text", "an OpenDocument")
ODS = FileType(
    "ods", (".ods",), "application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument"
)
CSV = FileType("csv", (".csv",), "text/csv", "a CSV")

IMAGES = (PNG, JPEG)
DOCUMENTS = (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, CSV)  # evidence: anything we accept
PDF_ONLY = (PDF,)
SPREADSHEETS = (CSV, XLSX)  # pledge imports

ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


def max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def megabytes(size: int) -> str:
    """e.g. "31 MB", "20.5 MB", "300 KB": rounded up, so a file just over the limit never
    reads as the limit."""
    if size < MB:
        return f"{math.ceil(size / 1024)} KB"
    value = math.ceil(size * 10 / MB) / 10
    return f"{value:g} MB"


def accepted_list(allowed) -> str:
    """ "a PDF, an image (PNG, JPEG), a Word, Excel or OpenDocument file, or a CSV"."""
    keys = {t.key for t in allowed}
    parts = []
    if "pdf" in keys:
        parts.append("a PDF")
    if keys & {"png", "jpeg"}:
        parts.append("an image (PNG, JPEG)")
    families = (("Word", {"docx"}), ("Excel", {"xlsx"}), ("OpenDocument", {"odt", "ods"}))
    office = [name for name, members in families if keys & members]
    if office:
        article = "an" if office[0][0] in "AEIOU" else "a"
        names = office[0] if len(office) == 1 else f"{', '.join(office[:-1])} or {office[-1]}"
        parts.append(f"{article} {names} file")
    if "csv" in keys:
        parts.append("a CSV")
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])}, or {parts[-1]}"


def file_type_for(name: str, allowed) -> FileType | None:
    extension = os.path.splitext(name or "")[1].lower()
    return next((t for t in allowed if extension in t.extensions), None)


def validate_upload(file, *, allowed=DOCUMENTS) -> FileType:
    """Check an uploaded file's size and content; the file type it is, or ValidationError
    saying why it was refused and what to upload instead."""
    name = os.path.basename(file.name or "the file")
    kind = file_type_for(name, allowed)
    if kind is None:
        raise ValidationError(
            f"“{name}” is not a file type we accept: upload {accepted_list(allowed)}",
            code="file_type",
        )
    limit = max_bytes()
    if file.size > limit:
        raise ValidationError(
            f"“{name}” is {megabytes(file.size)}; the limit is {megabytes(limit)}. "
            "Make it smaller (for example, save it again with smaller images) or split it",
            code="file_size",
        )
    if not file.size:
        raise ValidationError(f"“{name}” is empty: choose the file again", code="empty")
    file.seek(0)
    data = file.read()
    file.seek(0)
    problem = CHECKS[kind.key](data)
    if problem:
        raise ValidationError(
            f"“{name}” could not be opened as {_as(kind)}: {problem}", code="file_content"
        )
    return kind


def _as(kind: FileType) -> str:
    return {
        "pdf": "a PDF",
        "png": "a PNG image",
        "jpeg": "a JPEG image",
        "docx": "a Word document",
        "xlsx": "an Excel spreadsheet",
        "odt": "an OpenDocument text",
        "ods": "an OpenDocument spreadsheet",
        "csv": "a CSV",
    }[kind.key]


# Content checks: each returns what is wrong, or "" ---------------------------------------------


def pdf_problem(data: bytes) -> str:
    import pikepdf

    save_again = "save it as PDF again (for example, Print to PDF) and upload that"
    if not data.startswith(b"%PDF-"):
        return f"it is not a PDF file; {save_again}"
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                return "it is protected by a password or encrypted; upload a copy without one"
            if not len(pdf.pages):
                return f"it has no pages; {save_again}"
            for page in pdf.pages:
                page.mediabox  # noqa: B018 (every page must be readable)
    except pikepdf.PasswordError:
        return "it is protected by a password; upload a copy without one"
    except (pikepdf.PdfError, KeyError, ValueError, RuntimeError) as exc:
        logger.info("Refused an unreadable PDF: %s", exc)
        return f"it is damaged or not really a PDF; {save_again}"
    return ""


def _image_problem(data: bytes, formats: set[str]) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in formats:
                return f"it is not a {' or '.join(sorted(formats))} image"
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                return f"it is {width} by {height} pixels; make it smaller than 40 megapixels"
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # verify() does not decode: a truncated image fails only here
    except Image.DecompressionBombError:
        return "it is far too many pixels; make it smaller than 40 megapixels"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "it is damaged or not really an image; save it again as PNG or JPEG"
    return ""


def _zip_problem(data: bytes, required, *, odf: str = "") -> str:
    """Check a zip container from its directory only: nothing is extracted."""
    damaged = "it is damaged or not really this kind of file; save it again and upload that"
    if not data.startswith(b"PK\x03\x04"):
        return damaged
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            problem = _zip_limits_problem(members)
            if problem:
                return problem
            names = {m.filename for m in members}
            for need in required:
                if need.endswith("/"):
                    if not any(n.startswith(need) for n in names):
                        return damaged
                elif need not in names:
                    return damaged
            if odf:
                info = archive.getinfo("mimetype")
                if info.file_size > 100:
                    return damaged
                if archive.read(info).strip() != ODF_MIMETYPES[odf]:
                    return damaged
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError):
        return damaged
    return ""


def _zip_limits_problem(members) -> str:
    if len(members) > ZIP_MAX_MEMBERS:
        return f"it holds more than {ZIP_MAX_MEMBERS:,} parts"
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    too_big = total > ZIP_MAX_UNCOMPRESSED or total > ZIP_MAX_RATIO * max(packed, 1)
    bomb = any(m.file_size > ZIP_MAX_RATIO * max(m.compress_size, 1) for m in members)
    if too_big or bomb:
        return (
            "it would unpack to far more than its size (a compressed file like this can "
            "harm our systems); save it again from Word, Excel or LibreOffice"
        )
    return ""


def zip_bomb_problem(data: bytes) -> str:
    """For readers that unpack zip files themselves (openpyxl): what is wrong with the zip's
    size limits, or "" (also for a file that is not a zip: the reader judges that)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _zip_limits_problem(archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return ""


def csv_problem(data: bytes) -> str:
    if b"\x00" in data:
        return "it holds binary data, not text; save it as CSV UTF-8 and upload that"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "it is not UTF-8 text; save it as CSV UTF-8 (comma delimited) and upload that"
    start = data[:4096].lower()
    if any(marker in start for marker in MARKUP):
        return "it is a web page or markup, not a spreadsheet; save it as CSV UTF-8"
    return ""


CHECKS = {
    "pdf": pdf_problem,
    "png": lambda data: _image_problem(data, {"PNG"}),
    "jpeg": lambda data: _image_problem(data, {"JPEG", "MPO"}),
    "docx": lambda data: _zip_problem(data, ["[Content_Types].xml", "word/"]),
    "xlsx": lambda data: _zip_problem(data, ["[Content_Types].xml", "xl/"]),
    "odt": lambda data: _zip_problem(data, ["mimetype", "content.xml"], odf="odt"),
    "ods": lambda data: _zip_problem(data, ["mimetype", "content.xml"], odf="ods"),
    "csv": csv_problem,
}


class UploadField(forms.FileField):
    """A file field that accepts only `allowed` types, checked by content (validate_upload)."""

    def __init__(self, *args, allowed=DOCUMENTS, **kwargs):
        self.allowed = tuple(allowed)
        kwargs.setdefault(
            "help_text",
            f"{accepted_list(self.allowed)[0].upper()}{accepted_list(self.allowed)[1:]}, "
            f"{megabytes(max_bytes())} or smaller.",
        )
        super().__init__(*args, **kwargs)
        extensions = [e for t in self.allowed for e in t.extensions]
        self.widget.attrs.setdefault("accept", ",".join(extensions))

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and hasattr(file, "size") and file is not initial:
            validate_upload(file, allowed=self.allowed)
        return file


# Storage and download ------------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Uploaded and generated files: kept under MEDIA_ROOT (never served by a web server),
    with no URL. A template that asks for one fails loudly instead of linking to a file
    anyone could fetch; send files with `file_download()` from a view that checks access."""

    def url(self, name):
        raise ValueError(
            "Uploaded files have no public URL: link to a download view that checks access."
        )


def file_download(field_file, *, filename: str, content_type: str = "") -> FileResponse:
    """A kept file as an attachment that browsers will not sniff or show inline."""
    if not field_file:
        raise Http404("There is no file.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        logger.error("The file %s is missing from storage", field_file.name)
        raise Http404("This file is missing.") from None
    kind = file_type_for(filename, DOCUMENTS)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or (kind.content_type if kind else "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def stored_name(field_file) -> str:
    """The file's own name, without the folders it is kept in."""
    return os.path.basename(field_file.name or "")

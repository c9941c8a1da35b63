"""Reading an uploaded spreadsheet row by row, for every import: the pledge spreadsheet
(pledges/importing.py) and the DfE figures files (surveys/figures_import.py), and the imports
still to come.

A file is a CSV saved as UTF-8 or an Excel workbook (.xlsx, its first sheet), whatever its
name says: an .xlsx is recognised by its zip signature, an old Excel file (.xls, or an .xlsx
protected with a password, which Excel keeps in the same old container) is refused with what
to do. Every problem with the file as a whole is a `SpreadsheetError` whose message a person
can act on; each import checks the rows' contents itself.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

from .uploads import zip_bomb_problem

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old Excel (.xls) and other Office 97-2003 files
# A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

FILE_TYPE_MESSAGE = "The selected file must be a CSV or an Excel spreadsheet (.xlsx)"
ENCODING_MESSAGE = (
    "The selected file must be saved as CSV UTF-8. In Excel, choose Save As, "
    "then CSV UTF-8 (Comma delimited)"
)
XLSX_MESSAGE = (
    "The selected file could not be opened as an Excel spreadsheet. "
    "Save it again as .xlsx or as CSV UTF-8"
)
GONE_MESSAGE = "The uploaded file can no longer be read. Upload it again"


def escape_formula(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe, for every export
    (spreadsheet_rows takes it off again, so an export imports back unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetError(Exception):
    """The file as a whole cannot be imported: not a spreadsheet, wrong columns, too big."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


Rows = Iterator[tuple[int, list]]


def spreadsheet_rows(
    content: bytes, filename: str, *, max_bytes: int, too_big: str, max_unpacked_bytes: int
) -> Rows:
    """(row number, cells) for each row of the file, numbered as a spreadsheet shows them;
    SpreadsheetError for a file that is empty, larger than `max_bytes` (`too_big` says so and
    what to do), not a spreadsheet, or an .xlsx unpacking to more than `max_unpacked_bytes`."""
    if not content:
        raise SpreadsheetError("The selected file is empty")
    if len(content) > max_bytes:
        raise SpreadsheetError(too_big)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if content.startswith(OLE_MAGIC) and extension == "xlsx":
        # Excel keeps a workbook with a password in an old-style container.
        raise SpreadsheetError(
            "The selected file is protected with a password. Remove the password, save it "
            "and upload it again"
        )
    if content.startswith(OLE_MAGIC) or extension == "xls":
        raise SpreadsheetError(
            "The selected file is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8"
        )
    if content.startswith(ZIP_MAGIC):
        # An .xlsx, whatever its name says (a renamed .zip or .docx fails to open as one).
        if extension not in ("xlsx", "csv", "txt", ""):
            raise SpreadsheetError(FILE_TYPE_MESSAGE)
        return _xlsx_rows(content, max_unpacked_bytes)
    if extension == "xlsx":
        raise SpreadsheetError(XLSX_MESSAGE)
    if extension not in ("csv", "txt", ""):
        raise SpreadsheetError(FILE_TYPE_MESSAGE)
    return _csv_rows(content)


def _csv_rows(content: bytes) -> Rows:
    if b"\x00" in content:
        raise SpreadsheetError(FILE_TYPE_MESSAGE)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(ENCODING_MESSAGE) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise SpreadsheetError(
                f"Row {number + 1} has a cell longer than {csv.field_size_limit():,} "
                "characters. Shorten that cell, and check that every quotation mark in row "
                f"{number + 1} is closed (one left open runs the rest of the file into one cell)"
            ) from None
        raise SpreadsheetError(
            f"Row {number + 1} of the selected file could not be read as CSV. "
            "Check its quotation marks, or save the file again as CSV UTF-8"
        ) from None


def _xlsx_rows(content: bytes, max_unpacked_bytes: int) -> Rows:
    from openpyxl import load_workbook

    problem = zip_bomb_problem(content)
    if problem:
        raise SpreadsheetError(f"The selected file could not be opened: {problem}")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SpreadsheetError(XLSX_MESSAGE) from None
    if unpacked > max_unpacked_bytes:
        raise SpreadsheetError("The selected file holds too much data. Split it into smaller files")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise SpreadsheetError(XLSX_MESSAGE) from None
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(XLSX_MESSAGE)
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            for number, cells in enumerate(rows, start=1):
                yield number, list(cells)
        except SpreadsheetError:
            raise
        except Exception:
            raise SpreadsheetError(XLSX_MESSAGE) from None
    finally:
        workbook.close()

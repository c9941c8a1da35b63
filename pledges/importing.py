"""A pledge as a spreadsheet: read a CSV or Excel (.xlsx) file into commitments, check every
row, import all of it or none of it; and write a version out in the same shape.

One row per commitment, with these columns (row 1 names them; case and spaces do not matter):

    theme, commitment, young_people_wording, lead_email, partners, target, due_date, actions

`actions` holds one action per line within the cell, each written
`description | owner | timeline | expected outcome` (only the description is needed).

Reading is done with the csv module and openpyxl (read-only, defusedxml) rather than
tablib's loaders: tablib drops blank CSV lines, so the row numbers it gives no longer match
the ones the user sees in a spreadsheet, and it reads a whole sheet before we can apply the
row limit. Export uses tablib.
"""

import csv
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import tablib
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from corporate_parenting.models import Membership

from .models import Commitment, CommitmentAction, PledgeImport, PledgeVersion, Theme

COLUMNS = (
    "theme",
    "commitment",
    "young_people_wording",
    "lead_email",
    "partners",
    "target",
    "due_date",
    "actions",
)
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
# An .xlsx is a zip: refuse one that unpacks to far more than any real pledge would.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
ACTION_SEPARATOR = "|"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIMITS = {"theme": 200, "partners": 300, "target": 200}
ACTION_LIMITS = {"owner": 200, "timeline": 200}

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old Excel (.xls) and other Office 97-2003 files
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


class ImportFileError(Exception):
    """The file as a whole cannot be imported: not a spreadsheet, wrong columns, too big."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str
    message: str

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.message}"


@dataclass
class ImportAction:
    description: str
    owner: str = ""
    timeline: str = ""
    expected_outcome: str = ""


@dataclass
class ImportRow:
    number: int
    theme: str = ""
    commitment: str = ""
    young_people_wording: str = ""
    lead_email: str = ""
    lead: object = None  # the User, once the email is known to belong to an active member
    partners: str = ""
    target: str = ""
    due_date: date | None = None
    due_date_text: str = ""  # as written in the file, for the preview of a bad date
    actions: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    theme_is_new: bool = False
    existing_theme: str = ""  # the title of the version's theme it will be added to

    @property
    def theme_key(self):
        return theme_key(self.theme)


@dataclass
class ParsedImport:
    rows: list
    errors: list

    @property
    def is_valid(self):
        return bool(self.rows) and not self.errors

    @property
    def theme_count(self):
        return len({row.theme_key for row in self.rows})

    @property
    def new_theme_count(self):
        return len({row.theme_key for row in self.rows if row.theme_is_new})


@dataclass
class ImportResult:
    commitments: int
    themes: int
    new_themes: int

    def __str__(self):
        commitments = "commitment" if self.commitments == 1 else "commitments"
        themes = "theme" if self.themes == 1 else "themes"
        return f"Imported {self.commitments} {commitments} in {self.themes} {themes}"


def theme_key(title: str) -> str:
    return " ".join(title.split()).casefold()


# Reading a file ---------------------------------------------------------------------------


def _header_key(value) -> str:
    text = "" if value is None else str(value)
    return re.sub(r"[\s_\-]+", "_", text.replace("\ufeff", "").strip().lower()).strip("_")


def _cell_text(value) -> str:
    """A cell as text: numbers without a needless ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    # Our own export guards formulae with a leading apostrophe: take it off again.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\n":
        text = text[1:].strip()
    return text


def _is_blank(cells) -> bool:
    return all(value is None or str(value).strip() == "" for value in cells)


def _csv_rows(content: bytes):
    if b"\x00" in content:
        raise ImportFileError(FILE_TYPE_MESSAGE)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(ENCODING_MESSAGE) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ImportFileError(
                f"Row {number + 1} has a cell longer than {csv.field_size_limit():,} "
                "characters. Shorten that cell, and check that every quotation mark in row "
                f"{number + 1} is closed (one left open runs the rest of the file into one cell)"
            ) from None
        raise ImportFileError(
            f"Row {number + 1} of the selected file could not be read as CSV. "
            "Check its quotation marks, or save the file again as CSV UTF-8"
        ) from None


def _xlsx_rows(content: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(XLSX_MESSAGE) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError("The selected file holds too much data. Split it into smaller files")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise ImportFileError(XLSX_MESSAGE) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(XLSX_MESSAGE)
        sheet = workbook.worksheets[0]
        try:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError(XLSX_MESSAGE) from None
    finally:
        workbook.close()


def _rows_of(content: bytes, filename: str):
    """(row number, cells) for each row of the file, or ImportFileError."""
    if not content:
        raise ImportFileError("The selected file is empty")
    if len(content) > MAX_BYTES:
        raise ImportFileError("The selected file must be smaller than 2MB")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if content.startswith(OLE_MAGIC) and extension == "xlsx":
        # Excel keeps a workbook with a password in an old-style container.
        raise ImportFileError(
            "The selected file is protected with a password. Remove the password, save it "
            "and upload it again"
        )
    if content.startswith(OLE_MAGIC) or extension == "xls":
        raise ImportFileError(
            "The selected file is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8"
        )
    if content.startswith(ZIP_MAGIC):
        # An .xlsx, whatever its name says (a renamed .zip or .docx fails to open as one).
        if extension not in ("xlsx", "csv", "txt", ""):
            raise ImportFileError(FILE_TYPE_MESSAGE)
        return _xlsx_rows(content)
    if extension == "xlsx":
        raise ImportFileError(XLSX_MESSAGE)
    if extension not in ("csv", "txt", ""):
        raise ImportFileError(FILE_TYPE_MESSAGE)
    return _csv_rows(content)


def _columns_of(header) -> dict:
    """Column name -> index, from row 1; ImportFileError unless it names exactly COLUMNS."""
    positions, unknown, seen_twice = {}, [], []
    for index, value in enumerate(header):
        key = _header_key(value)
        if not key:
            continue  # an empty heading: any value under it is reported per row
        if key not in COLUMNS:
            unknown.append(str(value).strip())
        elif key in positions:
            seen_twice.append(key)
        else:
            positions[key] = index
    missing = [name for name in COLUMNS if name not in positions]
    if not (missing or unknown or seen_twice):
        return positions
    expected = ", ".join(COLUMNS)
    if len(header) == 1 and any(sep in str(header[0] or "") for sep in (";", "\t")):
        raise ImportFileError(
            "The columns in the selected file must be separated by commas. "
            "Save it again as CSV UTF-8 (Comma delimited)"
        )
    if not positions:
        raise ImportFileError(f"Row 1 of the selected file must name the columns {expected}")
    problems = []
    if missing:
        problems.append(f"is missing {_the_columns(missing)}")
    if unknown:
        problems.append(f"has {_the_columns(unknown)}, which {_are(unknown)} not recognised")
    if seen_twice:
        problems.append(f"names {_the_columns(seen_twice)} more than once")
    raise ImportFileError(
        f"Row 1 of the selected file {' and '.join(problems)}. "
        f"Row 1 must name the columns {expected}"
    )


def _the_columns(names) -> str:
    return f"the column{'s' if len(names) > 1 else ''} {', '.join(names)}"


def _are(names) -> str:
    return "are" if len(names) > 1 else "is"


def _column_letter(index: int) -> str:
    return get_column_letter(index + 1)


def read_rows(content: bytes, filename: str) -> list:
    """The data rows of a file, blank rows left out, as (row number, {column: raw value},
    letters of the unnamed columns that hold a value). Row numbers are the spreadsheet's:
    row 1 names the columns. Raises ImportFileError for a file that is not a pledge
    spreadsheet."""
    rows = _rows_of(content, filename)
    positions, found = None, []
    for number, cells in rows:
        if positions is None:
            if _is_blank(cells):
                raise ImportFileError(
                    "Row 1 of the selected file must name the columns "
                    f"{', '.join(COLUMNS)}. It is empty"
                )
            positions = _columns_of(cells)
            continue
        if _is_blank(cells):
            continue
        if len(found) == MAX_ROWS:
            raise ImportFileError(
                f"The selected file must have no more than {MAX_ROWS:,} rows of commitments. "
                "Split it into smaller files"
            )
        values = {
            name: cells[index] if index < len(cells) else None for name, index in positions.items()
        }
        stray = [
            _column_letter(index)
            for index, value in enumerate(cells)
            if index not in positions.values() and not _is_blank([value])
        ]
        found.append((number, values, stray))
    if positions is None:
        raise ImportFileError("The selected file is empty")
    if not found:
        raise ImportFileError(
            "The selected file has no commitments. Put the column names in row 1 "
            "and one commitment in each row below it"
        )
    return found


# Checking each row ------------------------------------------------------------------------


def _parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _parse_actions(text: str, row: ImportRow):
    actions = []
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split(ACTION_SEPARATOR)]
        # A "|" after the third one belongs to the expected outcome.
        parts = [*parts[:3], f" {ACTION_SEPARATOR} ".join(parts[3:])] if len(parts) > 4 else parts
        parts += [""] * (4 - len(parts))
        action = ImportAction(*parts)
        label = f"Action {number}" if len(lines) > 1 else "The action"
        if not action.description:
            row.errors.append(
                RowError(
                    row.number,
                    "actions",
                    f"{label}: enter what will be done before the first {ACTION_SEPARATOR}",
                )
            )
        for name, limit in ACTION_LIMITS.items():
            if len(getattr(action, name)) > limit:
                row.errors.append(
                    RowError(
                        row.number,
                        "actions",
                        f"{label}: the {name} must be {limit} characters or fewer",
                    )
                )
        actions.append(action)
    return actions


def _check_row(number, values, stray, *, members, organisation) -> ImportRow:
    text = {name: _cell_text(value) for name, value in values.items()}
    row = ImportRow(
        number=number,
        theme=" ".join(text["theme"].split()),
        commitment=text["commitment"],
        young_people_wording=text["young_people_wording"],
        lead_email=text["lead_email"],
        partners=text["partners"],
        target=text["target"],
        due_date_text=text["due_date"],
    )

    def error(column, message):
        row.errors.append(RowError(number, column, message))

    if not row.theme:
        error("theme", "Enter the theme this commitment belongs to")
    if not row.commitment:
        error("commitment", "Enter the commitment")
    for name, limit in LIMITS.items():
        if len(getattr(row, name)) > limit:
            error(name, f"{name.capitalize()} must be {limit} characters or fewer")
    if row.lead_email:
        try:
            validate_email(row.lead_email)
        except ValidationError:
            error(
                "lead_email", "Enter an email address in the correct format, like name@example.org"
            )
        else:
            row.lead = members.get(row.lead_email.lower())
            if row.lead is None:
                error(
                    "lead_email",
                    f"Enter the email address of an active member of {organisation}: "
                    f"{row.lead_email} is not one",
                )
    if row.due_date_text:
        try:
            row.due_date = _parse_date(values["due_date"])
        except ValueError:
            error("due_date", "Enter a date like 31/03/2026")
    row.actions = _parse_actions(text["actions"], row)
    for letter in stray:
        error(f"column {letter}", "Remove this value, or name its column in row 1")
    return row


def check_rows(found, *, version: PledgeVersion) -> ParsedImport:
    organisation = version.organisation
    members = {
        m.user.email.lower(): m.user
        for m in Membership.objects.for_organisation(organisation).active().select_related("user")
    }
    existing = {theme_key(title): title for title in version.themes.values_list("title", flat=True)}
    rows, errors = [], []
    for number, values, stray in found:
        row = _check_row(number, values, stray, members=members, organisation=organisation)
        row.existing_theme = existing.get(row.theme_key, "")
        row.theme_is_new = bool(row.theme) and not row.existing_theme
        rows.append(row)
        errors += row.errors
    return ParsedImport(rows=rows, errors=errors)


def parse_pledge_file(content: bytes, filename: str, *, version: PledgeVersion) -> ParsedImport:
    """Every row of the file, checked against `version`'s organisation; ImportFileError for
    a file that is not a pledge spreadsheet."""
    return check_rows(read_rows(content, filename), version=version)


def parse_pledge_import(pledge_import: PledgeImport) -> ParsedImport:
    """The stored file of an upload, read and checked again (members and themes may have
    changed since it was uploaded)."""
    try:
        with pledge_import.file.open("rb") as stored:
            content = stored.read(MAX_BYTES + 1)
    except (OSError, ValueError):
        raise ImportFileError(GONE_MESSAGE) from None
    return parse_pledge_file(content, pledge_import.file.name, version=pledge_import.version)


# Writing ----------------------------------------------------------------------------------


def pledge_import_create(
    *, version: PledgeVersion, content: bytes, original_name: str, by, parsed=None
) -> PledgeImport:
    """Keep an uploaded file until its import is confirmed. A file that is not a pledge
    spreadsheet raises ImportFileError and is not kept; one with row errors is kept as
    rejected, so its preview can show what is wrong. `parsed`: the file already checked."""
    if not version.is_editable:
        raise ValidationError(not_editable_message(version))
    if parsed is None:
        parsed = parse_pledge_file(content, original_name, version=version)
    extension = "xlsx" if content.startswith(ZIP_MAGIC) else "csv"
    return PledgeImport.objects.create(
        organisation=version.organisation,
        version=version,
        file=ContentFile(content, name=f"{uuid.uuid4().hex}.{extension}"),
        original_name=original_name[:255],
        uploaded_by=by,
        state=PledgeImport.State.PREVIEWED if parsed.is_valid else PledgeImport.State.REJECTED,
    )


def not_editable_message(version: PledgeVersion) -> str:
    return (
        f"You cannot import into {version.label}: it is "
        f"{version.get_state_display().lower()}, so its wording is the record of what was "
        "promised. Copy it to a new draft and import into that"
    )


@transaction.atomic
def pledge_import_apply(*, pledge_import: PledgeImport, by) -> ImportResult:
    """Create the themes, commitments and actions of a previewed file: all rows or none.

    Everything is checked again inside the transaction; objects are saved one by one so the
    audit trail records each of them.
    """
    pledge_import = PledgeImport.objects.select_for_update().get(pk=pledge_import.pk)
    if pledge_import.state == PledgeImport.State.IMPORTED:
        raise ValidationError("This file has already been imported. Nothing was imported again")
    if pledge_import.state != PledgeImport.State.PREVIEWED:
        raise ValidationError("This file has errors. Correct them and upload the file again")
    version = PledgeVersion.objects.select_for_update().get(pk=pledge_import.version_id)
    if not version.is_editable:
        raise ValidationError(not_editable_message(version))
    try:
        parsed = parse_pledge_import(pledge_import)
    except ImportFileError as problem:
        raise ValidationError(problem.message) from None
    if not parsed.is_valid:
        raise ValidationError(
            [str(e) for e in parsed.errors] or ["The file has no commitments to import"]
        )

    organisation = version.organisation
    themes = {theme_key(t.title): t for t in version.themes.all()}
    top_theme = version.themes.aggregate(top=Max("position"))["top"]
    next_theme_position = 0 if top_theme is None else top_theme + 1
    next_position = {}
    touched, created_themes = set(), 0
    for row in parsed.rows:
        theme = themes.get(row.theme_key)
        if theme is None:
            theme = Theme.objects.create(
                organisation=organisation,
                version=version,
                title=row.theme,
                position=next_theme_position,
            )
            next_theme_position += 1
            created_themes += 1
            themes[row.theme_key] = theme
        touched.add(theme.pk)
        if theme.pk not in next_position:
            top = theme.commitments.aggregate(top=Max("position"))["top"]
            next_position[theme.pk] = 0 if top is None else top + 1
        commitment = Commitment.objects.create(
            organisation=organisation,
            theme=theme,
            position=next_position[theme.pk],
            wording=row.commitment,
            young_people_wording=row.young_people_wording,
            lead=row.lead,
            partners=row.partners,
            target=row.target,
            due_date=row.due_date,
        )
        next_position[theme.pk] += 1
        for position, action in enumerate(row.actions):
            CommitmentAction.objects.create(
                organisation=organisation,
                commitment=commitment,
                description=action.description,
                owner=action.owner,
                timeline=action.timeline,
                expected_outcome=action.expected_outcome,
                position=position,
            )
    pledge_import.state = PledgeImport.State.IMPORTED
    pledge_import.save(update_fields=["state"])
    return ImportResult(
        commitments=len(parsed.rows), themes=len(touched), new_themes=created_themes
    )


# Export -----------------------------------------------------------------------------------

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape_formula(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (read_rows takes
    it off again, so an export imports back unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _action_part(text: str) -> str:
    # One action is one line, its parts separated by "|": keep both out of the parts.
    return " ".join(text.replace(ACTION_SEPARATOR, "/").split())


def _actions_cell(actions) -> str:
    lines = []
    for action in actions:
        parts = [
            _action_part(action.description),
            _action_part(action.owner),
            _action_part(action.timeline),
            _action_part(action.expected_outcome),
        ]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        lines.append(f" {ACTION_SEPARATOR} ".join(parts))
    return "\n".join(lines)


def export_dataset(version: PledgeVersion, *, for_xlsx=False) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=list(COLUMNS), title="Pledge")
    commitments = (
        Commitment.objects.in_version(version)
        .select_related("theme", "lead")
        .prefetch_related("actions")
    )
    for commitment in commitments:
        values = [
            commitment.theme.title,
            commitment.wording,
            commitment.young_people_wording,
            commitment.lead.email if commitment.lead else "",
            commitment.partners,
            commitment.target,
            commitment.due_date.isoformat() if commitment.due_date else "",
            _actions_cell(commitment.actions.all()),
        ]
        if for_xlsx:
            values = [_XLSX_ILLEGAL.sub("", value) for value in values]
            if commitment.due_date:
                values[COLUMNS.index("due_date")] = commitment.due_date
        dataset.append([escape_formula(value) for value in values])
    return dataset


def export_version(version: PledgeVersion, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, filename) of `version` as CSV or XLSX."""
    dataset = export_dataset(version, for_xlsx=file_format == "xlsx")
    if file_format == "xlsx":
        content = dataset.export("xlsx")
    else:
        # With a byte order mark, so Excel reads the file as UTF-8.
        content = ("\ufeff" + dataset.export("csv")).encode("utf-8")
    name = slugify(version.label) or f"version-{version.pk}"
    return content, EXPORT_FORMATS[file_format], f"pledge-{name}.{file_format}"

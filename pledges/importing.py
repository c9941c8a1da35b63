"""A pledge as a spreadsheet: read a CSV or Excel (.xlsx) file into promises and their
actions, check every row, import all of it or none of it; and write a version out in the
same shape, so that an export imports back unchanged.

The format is laid out as council action plans are: **one row per action**, the promise's
columns repeated on each of its action rows. Row 1 names the columns, in any order (case,
spaces, underscores and punctuation do not matter); only `promise` is required:

    theme, pledge number, promise, promise in young people's words, lead email, partners,
    target, due date, action number, action, responsible officer or team, timeline,
    links to other plans or strategies, expected outcome, action status

- A promise with no actions is one row with the action columns blank.
- A row belongs to the promise above it (a continuation row) when it leaves the promise
  columns blank, as merged cells export from Excel, or repeats them: the same pledge number,
  or with no pledge number the same promise wording. Whatever it repeats must be the same as
  where the promise starts.
- A blank theme carries the theme from the row above (merged cells again); a file whose
  themes are all blank is a plan without themes: one untitled theme.
- Numbers are derived from order in the app (selectors.promise_numbers), so a file's
  numbers are checked, never stored: "pledge number" must run 1, 2, 3 ... in the order the
  promises will have in the version (after the promises it has already, theme by theme),
  and "action number" <pledge number>.1, .2 ... within each promise. A file with numbers
  numbers the version (`PledgeVersion.numbered`); one without leaves that as it is.
- "action status" (any status's words or value, any case) is the action's starting point.
  Decision (docs/decisions/0015-action-plan-spreadsheet.md): a council moving a plan that
  is already under way needs its actions' current statuses to come with it, and a status is
  never a field, only derived from approved history (decision 0008). So each status becomes
  one approved progress update on its action, dated the day of the import, written and
  approved by the person who confirms the import, its narrative saying which file it came
  from. The export writes each action's current status the same way, so it round-trips.
  Imports only go into versions still being written (draft or consultation), and the
  person importing has seen every status in the preview before confirming.

The format before this one still imports: one row per promise, the promise in a column
headed `commitment` (today's other header names are read too), and every action of the
promise in one `actions` cell, one action per line written
`description | owner | timeline | expected outcome | links` (only the description is
needed).

Reading is done with the csv module and openpyxl (read-only, defusedxml) rather than
tablib's loaders: tablib drops blank CSV lines, so the row numbers it gives no longer match
the ones the user sees in a spreadsheet, and it reads a whole sheet before we can apply the
row limit. Export uses tablib.
"""

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import tablib
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify
from openpyxl.utils import get_column_letter

from corporate_parenting.models import Membership
from corporate_parenting.spreadsheets import (
    GONE_MESSAGE,
    ZIP_MAGIC,
    escape_formula,
    spreadsheet_rows,
)
from corporate_parenting.spreadsheets import SpreadsheetError as ImportFileError

from .glossary import ACTION_NUMBER_LABEL, PROMISE_NUMBER_LABEL
from .models import (
    Commitment,
    CommitmentAction,
    PledgeImport,
    PledgeVersion,
    ProgressUpdate,
    Status,
    Theme,
)
from .selectors import pledge_summary
from .services import bump_generation


@dataclass(frozen=True)
class Column:
    key: str  # the name the code uses
    header: str  # the council's words: export writes it, the pages and messages say it
    aliases: tuple = ()  # other headers read as this column (the format before this one)


PROMISE_COLUMNS = (
    Column("theme", "theme"),
    Column("promise_number", "pledge number", ("promise number",)),
    Column("promise", "promise", ("commitment",)),
    Column(
        "young_people_wording",
        "promise in young people's words",
        ("young_people_wording", "young people's wording", "young people's words"),
    ),
    Column("lead_email", "lead email"),
    Column("partners", "partners"),
    Column("target", "target"),
    Column("due_date", "due date"),
)
ACTION_COLUMNS = (
    Column("action_number", "action number"),
    Column("action", "action", ("what will be done",)),
    Column(
        "owner",
        "responsible officer or team",
        ("responsible officer/team", "responsible officer", "owner"),
    ),
    Column("timeline", "timeline"),
    Column(
        "links",
        "links to other plans or strategies",
        ("links to other plans/strategies", "links to other plans", "links"),
    ),
    Column("expected_outcome", "expected outcome"),
    Column("action_status", "action status"),
)
# The format before this one: every action of a promise in one cell.
ACTIONS_CELL = Column("actions", "actions")
ALL_COLUMNS = (*PROMISE_COLUMNS, *ACTION_COLUMNS)
COLUMNS = tuple(column.header for column in ALL_COLUMNS)  # row 1 of an export
REQUIRED = ("promise",)
HEADER = {column.key: column.header for column in (*ALL_COLUMNS, ACTIONS_CELL)}

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
# An .xlsx is a zip: refuse one that unpacks to far more than any real pledge would.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
ACTION_SEPARATOR = "|"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
LIMITS = {"theme": 200, "partners": 300, "target": 200}
ACTION_LIMITS = {"owner": 200, "timeline": 200, "links": 300}
STATUS_WORDS = ", ".join(status.label for status in Status)


@dataclass
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str  # the column's header in the council's words
    message: str

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.message}"


@dataclass
class ImportAction:
    description: str
    owner: str = ""
    timeline: str = ""
    links: str = ""
    expected_outcome: str = ""
    row: int = 0  # the spreadsheet row it is on
    number_text: str = ""  # "action number" as the file gives it
    number: str = ""  # "3.2" once the version is numbered
    status: Status | None = None  # its starting point: an approved update when imported
    number_was_a_number: bool = False  # Excel held it as a number (so 3.10 became 3.1)

    @property
    def links_parts(self):
        return breakable(self.links)


@dataclass
class ImportRow:
    """One promise of the file, from its first row to its last action row."""

    number: int  # the row it starts on
    theme: str = ""
    promise: str = ""
    young_people_wording: str = ""
    lead_email: str = ""
    lead: object = None  # the User, once the email is known to belong to an active member
    partners: str = ""
    target: str = ""
    due_date: date | None = None
    due_date_text: str = ""  # as written in the file, for the preview of a bad date
    number_text: str = ""  # "pledge number" as the file gives it
    promise_number: str = ""  # "3" once the version is numbered
    actions: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # every spreadsheet row of this promise
    theme_is_new: bool = False
    existing_theme: str = ""  # the title of the version's theme it will be added to

    @property
    def theme_key(self):
        return theme_key(self.theme)

    @property
    def lead_email_parts(self):
        return breakable(self.lead_email)

    @property
    def last_row(self):
        return self.rows[-1] if self.rows else self.number

    @property
    def anchors(self):
        """Rows after the first with no action of their own to hold their #row-N anchor."""
        action_rows = {action.row for action in self.actions}
        return [n for n in self.rows[1:] if n not in action_rows]


@dataclass
class ParsedImport:
    rows: list  # ImportRow: one per promise
    errors: list
    numbered_by_file: bool = False  # the file gives numbers: the version will be numbered
    numbered: bool = False  # the numbers show (the file's, or the version is numbered)
    version_numbered: bool = False

    @property
    def is_valid(self):
        return bool(self.rows) and not self.errors

    @property
    def theme_count(self):
        return len({row.theme_key for row in self.rows})

    @property
    def new_theme_count(self):
        return len({row.theme_key for row in self.rows if row.theme_is_new})

    @property
    def action_count(self):
        return sum(len(row.actions) for row in self.rows)

    @property
    def status_count(self):
        return sum(1 for row in self.rows for action in row.actions if action.status)

    @property
    def untitled(self):
        return all(not row.theme for row in self.rows)

    @property
    def numbers_the_version(self):
        return self.numbered_by_file and not self.version_numbered


@dataclass
class ImportResult:
    promises: int
    actions: int
    themes: int
    new_themes: int

    def __str__(self):
        promises = "promise" if self.promises == 1 else "promises"
        themes = "theme" if self.themes == 1 else "themes"
        actions = ""
        if self.actions:
            actions = f" and {self.actions} action{'' if self.actions == 1 else 's'}"
        return f"Imported {self.promises} {promises}{actions} in {self.themes} {themes}"


def breakable(text: str) -> list[str]:
    """`text` cut after each / . @ and similar, for the preview to put a line-break
    opportunity (<wbr>) between them: a long email address or web address then wraps
    rather than widening the table past the window."""
    return [part for part in re.split(r"(?<=[/.@_?&=])", text) if part]


def theme_key(title: str) -> str:
    return " ".join(title.split()).casefold()


# Reading a file ---------------------------------------------------------------------------


def _header_key(value) -> str:
    """A heading with case, spaces, underscores and punctuation taken out."""
    text = "" if value is None else str(value)
    return re.sub(r"[\W_]+", "", text.replace("\ufeff", "").casefold())


HEADERS = {
    _header_key(name): column.key
    for column in (*ALL_COLUMNS, ACTIONS_CELL)
    for name in (column.header, *column.aliases)
}


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


def _rows_of(content: bytes, filename: str):
    """(row number, cells) for each row of the file, or ImportFileError."""
    return spreadsheet_rows(
        content,
        filename,
        max_bytes=MAX_BYTES,
        too_big="The selected file must be smaller than 2MB",
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
    )


@dataclass
class Sheet:
    """The data rows of a file: (row number, {column key: raw value}, letters of unnamed
    columns that hold a value), and whether it is in the format before this one."""

    rows: list
    actions_in_one_cell: bool = False


def _columns_of(header) -> dict:
    """Column key -> index, from row 1; ImportFileError for a heading that is not one of the
    columns (or named twice), or when a required column is missing."""
    positions, unknown, seen_twice = {}, [], []
    for index, value in enumerate(header):
        if value is None or not str(value).replace("\ufeff", "").strip():
            continue  # an empty heading: any value under it is reported per row
        key = HEADERS.get(_header_key(value))  # "#" and the like are not recognised
        if key is None:
            unknown.append(str(value).strip())
        elif key in positions:
            seen_twice.append(HEADER[key])
        else:
            positions[key] = index
    missing = [HEADER[key] for key in REQUIRED if key not in positions]
    if not (missing or unknown or seen_twice):
        if "actions" in positions:
            both = [HEADER[c.key] for c in ACTION_COLUMNS if c.key in positions]
            if both:
                raise ImportFileError(
                    "Row 1 of the selected file names the column actions (all of a promise's "
                    f"actions in one cell) and also {_the_columns(both)} (one row for each "
                    "action). Use one or the other"
                )
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
        f"Row 1 must name the columns {expected} (only promise is needed)"
    )


def _the_columns(names) -> str:
    return f"the column{'s' if len(names) > 1 else ''} {', '.join(names)}"


def _are(names) -> str:
    return "are" if len(names) > 1 else "is"


def _column_letter(index: int) -> str:
    return get_column_letter(index + 1)


def read_rows(content: bytes, filename: str) -> Sheet:
    """The data rows of a file, blank rows left out. Row numbers are the spreadsheet's:
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
                f"The selected file must have no more than {MAX_ROWS:,} rows of promises and "
                "actions. Split it into smaller files"
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
            "The selected file has no promises. Put the column names in row 1, "
            "and below it one row for each action (or for a promise with no actions)"
        )
    return Sheet(rows=found, actions_in_one_cell="actions" in positions)


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


def parse_status(text: str) -> Status | None:
    """A status from its words or its value, in any case: "On track", "on_track", "ON TRACK"."""
    key = " ".join(text.replace("_", " ").split()).casefold()
    for status in Status:
        if key in (status.label.casefold(), status.value.replace("_", " ")):
            return status
    return None


def _number_text(text: str, label: str) -> str:
    """ "3", "Pledge 3" and "3." all give "3"; "Action 3.2" gives "3.2"."""
    text = " ".join(text.split())
    if text.casefold().startswith(label.casefold()):
        text = text[len(label) :].strip()
    return text.rstrip(".").strip()


def _same(key, a: str, b: str) -> bool:
    if key == "theme":
        return theme_key(a) == theme_key(b)
    if key == "lead_email":
        return a.strip().casefold() == b.strip().casefold()
    if key == "due_date":
        try:
            return _parse_date(a) == _parse_date(b)
        except ValueError:
            return False
    return " ".join(a.split()) == " ".join(b.split())


def _parse_actions_cell(text: str, row: ImportRow):
    """The format before this one: `description | owner | timeline | expected outcome |
    links`, one action per line of the cell."""
    actions = []
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split(ACTION_SEPARATOR)]
        # Past the fifth, a "|" belongs to the expected outcome: links stay the last part.
        if len(parts) > 5:
            parts = [*parts[:3], f" {ACTION_SEPARATOR} ".join(parts[3:-1]), parts[-1]]
        parts += [""] * (5 - len(parts))
        description, owner, timeline, outcome, links = parts
        action = ImportAction(
            description=description,
            owner=owner,
            timeline=timeline,
            links=links,
            expected_outcome=outcome,
            row=row.number,
        )
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
                        f"{label}: the {HEADER[name]} must be {limit} characters or fewer",
                    )
                )
        actions.append(action)
    return actions


def _start_promise(number, text, values, theme, *, members, organisation) -> ImportRow:
    row = ImportRow(
        number=number,
        theme=theme,
        promise=text["promise"],
        young_people_wording=text["young_people_wording"],
        lead_email=text["lead_email"],
        partners=text["partners"],
        target=text["target"],
        due_date_text=text["due_date"],
        number_text=_number_text(text["promise_number"], PROMISE_NUMBER_LABEL),
        rows=[number],
    )

    def error(key, message):
        row.errors.append(RowError(number, HEADER[key], message))

    if not row.promise:
        error("promise", "Enter the promise")
    for name, limit in LIMITS.items():
        if len(getattr(row, name)) > limit:
            error(name, f"{HEADER[name].capitalize()} must be {limit} characters or fewer")
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
    return row


def _continue_promise(number, text, row: ImportRow):
    """A row of the promise above: what it repeats must be what the promise says."""
    row.rows.append(number)
    for column in PROMISE_COLUMNS:
        key = column.key
        given = text[key]
        if key == "promise_number" or not given:
            continue
        first = row.due_date_text if key == "due_date" else getattr(row, key)
        if not _same(key, given, first):
            row.errors.append(
                RowError(
                    number,
                    column.header,
                    f"This row is an action of the promise that starts in row {row.number}. "
                    f"Leave its {column.header} blank, or make it the same as in row "
                    f"{row.number}",
                )
            )


def _action_of(number, text, values, row: ImportRow) -> ImportAction | None:
    """The action on this row, or None when its action columns are blank."""
    if not any(text[column.key] for column in ACTION_COLUMNS):
        return None
    action = ImportAction(
        description=text["action"],
        owner=text["owner"],
        timeline=text["timeline"],
        links=text["links"],
        expected_outcome=text["expected_outcome"],
        row=number,
        number_text=_number_text(text["action_number"], ACTION_NUMBER_LABEL),
        number_was_a_number=isinstance(values.get("action_number"), float),
    )

    def error(key, message):
        row.errors.append(RowError(number, HEADER[key], message))

    if not action.description:
        error("action", "Enter the action: what will be done")
    for name, limit in ACTION_LIMITS.items():
        if len(getattr(action, name)) > limit:
            error(name, f"{HEADER[name].capitalize()} must be {limit} characters or fewer")
    if text["action_status"]:
        action.status = parse_status(text["action_status"])
        if action.status is None:
            error(
                "action_status",
                f"Enter one of {STATUS_WORDS}, or leave it blank: "
                f"“{text['action_status']}” is not a status",
            )
    return action


def _starts_a_promise(text, current: ImportRow | None) -> bool:
    if current is None:
        return True
    number = _number_text(text["promise_number"], PROMISE_NUMBER_LABEL)
    if number:
        return number != current.number_text
    return bool(text["promise"]) and not _same("promise", text["promise"], current.promise)


def _promises_of(sheet: Sheet, *, members, organisation) -> list:
    promises, current, theme = [], None, ""
    keys = [column.key for column in (*ALL_COLUMNS, ACTIONS_CELL)]
    for number, values, stray in sheet.rows:
        text = {key: _cell_text(values.get(key)) for key in keys}
        text["theme"] = " ".join(text["theme"].split())
        if sheet.actions_in_one_cell or _starts_a_promise(text, current):
            theme = text["theme"] or theme  # a blank theme is the one above (merged cells)
            current = _start_promise(
                number, text, values, theme, members=members, organisation=organisation
            )
            promises.append(current)
            if sheet.actions_in_one_cell:
                current.actions = _parse_actions_cell(text["actions"], current)
        else:
            _continue_promise(number, text, current)
        if not sheet.actions_in_one_cell:
            action = _action_of(number, text, values, current)
            if action is not None:
                current.actions.append(action)
            elif number != current.number:
                current.errors.append(
                    RowError(
                        number,
                        HEADER["action"],
                        f"Enter the action, or remove this row: it repeats the promise of "
                        f"row {current.number} with no action",
                    )
                )
        for letter in stray:
            current.errors.append(
                RowError(
                    number, f"column {letter}", "Remove this value, or name its column in row 1"
                )
            )
    return promises


def _number(promises, version) -> tuple[bool, bool]:
    """Give each promise and action the number it will have, and check the file's numbers
    against them. The numbers follow the order the promises will have in the version: its
    themes in order, each theme's promises (those it has, then the file's), then the new
    themes in the order the file first names them. Returns (the file gives numbers, the
    numbers show)."""
    themes = list(version.themes.annotate(promise_count=Count("commitments")))
    by_key = {theme_key(theme.title): theme for theme in themes}  # as pledge_import_apply
    incoming, new_keys = defaultdict(list), []
    for promise in promises:
        theme = by_key.get(promise.theme_key)
        slot = theme.pk if theme else promise.theme_key
        if theme is None and slot not in new_keys:
            new_keys.append(slot)
        incoming[slot].append(promise)
    n, already = 0, sum(theme.promise_count for theme in themes)
    order = [(theme.pk, theme.promise_count) for theme in themes] + [(k, 0) for k in new_keys]
    for slot, count in order:
        n += count
        for promise in incoming[slot]:
            n += 1
            promise.promise_number = str(n)
            for i, action in enumerate(promise.actions, start=1):
                action.number = f"{n}.{i}"

    promise_numbers = any(promise.number_text for promise in promises)
    action_numbers = any(a.number_text for promise in promises for a in promise.actions)
    for promise in promises:
        given, expected = promise.number_text, promise.promise_number
        if promise_numbers and given != expected:
            where = f" (this version has {already} already)" if already else ""
            promise.errors.append(
                RowError(
                    promise.number,
                    HEADER["promise_number"],
                    f"Enter {expected}: promises are numbered in order, theme by theme{where}"
                    if not given
                    else f"Expected {expected}, not {given}: promises are numbered in order, "
                    f"theme by theme{where}",
                )
            )
        for action in promise.actions:
            given, expected = action.number_text, action.number
            if not action_numbers or given == expected:
                continue
            message = (
                f"Enter {expected}: actions are numbered in order within their promise"
                if not given
                else f"Expected {expected}, not {given}: actions are numbered in order within "
                f"their promise (pledge {promise.promise_number})"
            )
            if action.number_was_a_number:
                message += ". Format the column as text, so that 3.10 stays 3.10"
            promise.errors.append(RowError(action.row, HEADER["action_number"], message))
    numbered_by_file = promise_numbers or action_numbers
    if not (numbered_by_file or version.numbered):
        for promise in promises:
            promise.promise_number = ""
            for action in promise.actions:
                action.number = ""
    return numbered_by_file, numbered_by_file or version.numbered


def check_rows(sheet: Sheet, *, version: PledgeVersion) -> ParsedImport:
    organisation = version.organisation
    members = {
        m.user.email.lower(): m.user
        for m in Membership.objects.for_organisation(organisation).active().select_related("user")
    }
    promises = _promises_of(sheet, members=members, organisation=organisation)
    existing = {theme_key(title): title for title in version.themes.values_list("title", flat=True)}
    for promise in promises:
        promise.existing_theme = existing.get(promise.theme_key, "")
        promise.theme_is_new = promise.theme_key not in existing
    numbered_by_file, numbered = _number(promises, version)
    errors = []
    for promise in promises:
        promise.errors.sort(key=lambda e: e.row)  # stable: each row's in column order
        errors += promise.errors
    return ParsedImport(
        rows=promises,
        errors=errors,
        numbered_by_file=numbered_by_file,
        numbered=numbered,
        version_numbered=version.numbered,
    )


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
    """Create the themes, promises and actions of a previewed file, and each action status
    as an approved update (the module's docstring says why): all rows or none.

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
    pledge_import.version = version  # checked against the locked version
    try:
        parsed = parse_pledge_import(pledge_import)
    except ImportFileError as problem:
        raise ValidationError(problem.message) from None
    if not parsed.is_valid:
        raise ValidationError(
            [str(e) for e in parsed.errors] or ["The file has no promises to import"]
        )

    organisation = version.organisation
    themes = {theme_key(t.title): t for t in version.themes.all()}
    top_theme = version.themes.aggregate(top=Max("position"))["top"]
    next_theme_position = 0 if top_theme is None else top_theme + 1
    next_position = {}
    touched, created_themes = set(), 0
    now, today = timezone.now(), timezone.localdate()
    narrative = f"Status brought in from the spreadsheet {pledge_import.original_name}."
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
            wording=row.promise,
            young_people_wording=row.young_people_wording,
            lead=row.lead,
            partners=row.partners,
            target=row.target,
            due_date=row.due_date,
        )
        next_position[theme.pk] += 1
        for position, item in enumerate(row.actions):
            action = CommitmentAction.objects.create(
                organisation=organisation,
                commitment=commitment,
                description=item.description,
                owner=item.owner,
                timeline=item.timeline,
                links=item.links,
                expected_outcome=item.expected_outcome,
                position=position,
            )
            if item.status is not None:
                ProgressUpdate.objects.create(
                    organisation=organisation,
                    commitment=commitment,
                    action=action,
                    as_of=today,
                    status=item.status,
                    narrative=narrative,
                    public_summary="",
                    state=ProgressUpdate.State.APPROVED,
                    author=by,
                    submitted_at=now,
                    reviewed_by=by,
                    approved_at=now,
                )
    if parsed.numbered_by_file and not version.numbered:
        version.numbered = True
        version.save(update_fields=["numbered"])
    bump_generation(version.pk)
    pledge_import.state = PledgeImport.State.IMPORTED
    pledge_import.save(update_fields=["state"])
    return ImportResult(
        promises=len(parsed.rows),
        actions=parsed.action_count,
        themes=len(touched),
        new_themes=created_themes,
    )


# Export -----------------------------------------------------------------------------------

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _export_rows(version: PledgeVersion):
    """One row per action, the promise's columns on each; a promise with no actions is one
    row. Numbers only when the version is numbered; each action's current status."""
    summary = pledge_summary(version)
    for theme in summary.themes:
        for row in theme.rows:
            commitment = row.commitment
            promise = [
                theme.theme.title,
                row.number,
                commitment.wording,
                commitment.young_people_wording,
                commitment.lead.email if commitment.lead else "",
                commitment.partners,
                commitment.target,
                commitment.due_date,
            ]
            if not row.actions:
                yield [*promise, *[""] * len(ACTION_COLUMNS)]
            for action_row in row.actions:
                action = action_row.action
                yield [
                    *promise,
                    action_row.number,
                    action.description,
                    action.owner,
                    action.timeline,
                    action.links,
                    action.expected_outcome,
                    action_row.status.label if action_row.latest else "",
                ]


def _dataset(rows, *, for_xlsx=False) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=list(COLUMNS), title="Pledge")
    due, number = COLUMNS.index(HEADER["due_date"]), COLUMNS.index(HEADER["promise_number"])
    for values in rows:
        values = list(values)
        if not (for_xlsx and values[due]):
            values[due] = values[due].isoformat() if values[due] else ""
        if for_xlsx:
            values = [_XLSX_ILLEGAL.sub("", v) if isinstance(v, str) else v for v in values]
            if values[number]:
                values[number] = int(values[number])  # a number cell; "3.10" stays text
        dataset.append([escape_formula(value) for value in values])
    return dataset


def export_dataset(version: PledgeVersion, *, for_xlsx=False) -> tablib.Dataset:
    return _dataset(_export_rows(version), for_xlsx=for_xlsx)


def export_version(version: PledgeVersion, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, filename) of `version` as CSV or XLSX."""
    dataset = export_dataset(version, for_xlsx=file_format == "xlsx")
    name = slugify(version.label) or f"version-{version.pk}"
    return (
        _encoded(dataset, file_format),
        EXPORT_FORMATS[file_format],
        f"pledge-{name}.{file_format}",
    )


def _encoded(dataset: tablib.Dataset, file_format: str) -> bytes:
    if file_format == "xlsx":
        return dataset.export("xlsx")
    # With a byte order mark, so Excel reads the file as UTF-8.
    return ("\ufeff" + dataset.export("csv")).encode("utf-8")


def template_file(version: PledgeVersion) -> tuple[bytes, str, str]:
    """A CSV to start from: the columns and one example action, numbered to follow the
    promises `version` has already."""
    n = Commitment.objects.in_version(version).count() + 1
    example = [
        "Your Voice",
        str(n),
        "We will make sure the views of every child in care are heard in decisions about "
        "their lives",
        "You will have your say in decisions about your life",
        "",
        "Health, Education",
        "Every review records the child's views",
        date(timezone.localdate().year + 1, 3, 31),
        f"{n}.1",
        "Run a “Have your say” event every term",
        "Participation Team",
        "Every term, from April",
        "Participation Strategy 2025-2028",
        "Young people say they are listened to",
        Status.NOT_STARTED.label,
    ]
    return (
        _encoded(_dataset([example]), "csv"),
        EXPORT_FORMATS["csv"],
        "pledge-import-template.csv",
    )

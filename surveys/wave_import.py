"""Import one wave's results from one spreadsheet (CSV or Excel .xlsx): who could answer and
who did, who they were, what they said, what they were compared with, what they wished for
and what the council will do. Upload, preview, confirm; all of it or none of it; importing
the same file again changes nothing. Decision 0027 has the why.

The format: **one row per thing recorded**, its kind in a `section` column, laid out as an
officer copies Bright Spots results into Excel. Row 1 names the columns, in any order; case,
spaces, underscores and punctuation do not matter ("Higher is better" = `higher_is_better`).
A column a file does not use may be left out; a cell a row's section does not use is ignored.

    section, cohort, eligible, responses, dimension, category, care population, domain,
    question, key, count, denominator, higher is better, kind, label, percentage, text, we will

- `cohort` rows: `cohort` (its name, e.g. "8-11 years"), `eligible` (how many could have
  answered), `responses` (how many did). Rates are never typed: they are worked out.
- `demographic` rows: `dimension` (Gender, Age, Ethnicity, Placement type, Time in care),
  `category` ("Girls"), `count` of respondents, `care population` (optional), `cohort`
  (blank: all respondents of the wave).
- `indicator` rows: `domain` (Well-being, Relationships, Resilience, Rights, Recovery),
  `question` (what the percentage says), `key` (optional: the short name that joins the same
  question across waves; made from the question when blank), `cohort` (blank: all), `count`
  (how many answered this way), `denominator` (how many answered the question),
  `higher is better` (yes or no; blank: yes).
- `comparator` rows: the indicator compared, by its `key` (or its `question`) and `cohort`;
  `kind` (Other councils' average, General population, England, Region, Statistical
  neighbours), `label` (as the source words it, optional), `percentage`, and their `count`
  and `denominator` where known (both or neither; with them the difference is tested). The
  percentage may be left blank when both counts are given.
- `finding` rows: `kind` (wish or theme), `text` (what they said, in a few words), `cohort`
  (blank: all), `count` (optional), `we will` (the council's response, optional).

Matching, so that a second import of the same file changes nothing: a cohort by its name, a
count of who answered by (cohort, dimension, category), an indicator by (cohort, key), a
comparator by (indicator, kind), a finding by (cohort, kind, text); names compared without
regard to case or repeated spaces. A matched record is changed only where the file gives
another value; a blank optional cell never clears what is recorded; nothing is ever deleted.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from corporate_parenting.spreadsheets import (
    FORMULA_STARTS,
    GONE_MESSAGE,
    ZIP_MAGIC,
    spreadsheet_rows,
)
from corporate_parenting.spreadsheets import SpreadsheetError as ImportFileError
from corporate_parenting.uploads import megabytes

from .models import (
    Cohort,
    Comparator,
    DemographicCount,
    Dimension,
    Domain,
    Finding,
    Indicator,
    Wave,
    WaveImport,
)

__all__ = ["ImportFileError"]

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000  # a wave has tens of rows; thousands means the wrong file
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
BIG = 10_000_000  # more children than any council looks after: a typing slip


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # what the template and the messages call it
    aliases: tuple = ()
    help: str = ""


COLUMNS = (
    Column(
        "section",
        "section",
        (),
        "What the row records: cohort, demographic, indicator, comparator or finding.",
    ),
    Column(
        "cohort",
        "cohort",
        ("age band", "group"),
        "On a cohort row, the cohort's name, like 8-11 years. On other rows, the cohort they "
        "are about (a cohort of the file or of the wave); blank for all respondents.",
    ),
    Column(
        "eligible",
        "eligible",
        ("could have answered",),
        "Cohort rows: how many could have answered.",
    ),
    Column("responses", "responses", ("replies",), "Cohort rows: how many answered."),
    Column(
        "dimension",
        "dimension",
        (),
        "Demographic rows: " + ", ".join(label for _v, label in Dimension.choices) + ".",
    ),
    Column("category", "category", (), "Demographic rows: the group, like Girls or Foster care."),
    Column(
        "care_population",
        "care population",
        (),
        "Demographic rows, optional: how many of the care population are in the category.",
    ),
    Column(
        "domain",
        "domain",
        (),
        "Indicator rows: " + ", ".join(label for _v, label in Domain.choices) + ".",
    ),
    Column(
        "question",
        "question",
        (),
        "Indicator rows: what the percentage says, like Felt settled where they live. "
        "Comparator rows may name their indicator by its question instead of its key.",
    ),
    Column(
        "key",
        "key",
        ("short name",),
        "Indicator rows, optional: the short name that joins the same question in every "
        "wave (made from the question when blank). Comparator rows: the key of the indicator "
        "compared.",
    ),
    Column(
        "count",
        "count",
        (),
        "Demographic rows: how many respondents. Indicator rows: how many answered this way. "
        "Comparator rows, optional: their count. Finding rows, optional: how many said it.",
    ),
    Column(
        "denominator",
        "denominator",
        ("out of",),
        "Indicator rows: how many answered the question. Comparator rows, optional: how many "
        "of them answered.",
    ),
    Column(
        "higher_is_better",
        "higher is better",
        (),
        "Indicator rows: yes or no (blank means yes).",
    ),
    Column(
        "kind",
        "kind",
        ("compared with",),
        "Comparator rows: "
        + ", ".join(label for _v, label in Comparator.Kind.choices)
        + ". Finding rows: wish or theme.",
    ),
    Column(
        "label",
        "label",
        (),
        "Comparator rows, optional: the comparator as the source words it, like 16 other councils.",
    ),
    Column(
        "percentage",
        "percentage",
        ("percent",),
        "Comparator rows: their percentage, like 79.5 (may be blank when both their counts "
        "are given).",
    ),
    Column(
        "text",
        "text",
        ("summary", "what they said"),
        "Finding rows: what they said, in a few words.",
    ),
    Column(
        "we_will",
        "we will",
        ("response", "the council's response", "council's response"),
        "Finding rows, optional: the council's response, We will ...",
    ),
)
BY_KEY = {c.key: c for c in COLUMNS}
HEADERS = [c.header for c in COLUMNS]


def _header_key(value) -> str:
    """A heading with case, spaces, underscores and punctuation taken out."""
    text = "" if value is None else str(value)
    return re.sub(r"[\W_]+", "", text.replace("\ufeff", "").casefold())


HEADER_KEYS = {_header_key(name): c.key for c in COLUMNS for name in (c.header, *c.aliases)}

SECTIONS = ("cohort", "demographic", "indicator", "comparator", "finding")
SECTION_NAMES = {
    "cohort": ("cohorts", "Cohorts"),
    "demographic": ("counts of who answered", "Who answered"),
    "indicator": ("indicators", "Indicators"),
    "comparator": ("comparators", "Comparators"),
    "finding": ("findings", "Findings"),
}
SECTION_WORDS = {_header_key(s): s for s in SECTIONS} | {_header_key(s + "s"): s for s in SECTIONS}
SECTION_WORDS |= {"demographics": "demographic", "demography": "demographic"}
# The columns each section cannot do without (comparators name their indicator by key or
# question: checked apart).
NEEDS = {
    "cohort": ("cohort", "eligible", "responses"),
    "demographic": ("dimension", "category", "count"),
    "indicator": ("domain", "question", "count", "denominator"),
    "comparator": ("kind",),
    "finding": ("kind", "text"),
}


def _words(choices, extra=()) -> dict:
    """Normalised value or label -> value."""
    found = {}
    for value, label in choices:
        found[_header_key(value)] = value
        found[_header_key(label)] = value
    for word, value in extra:
        found[_header_key(word)] = value
    return found


DIMENSIONS = _words(Dimension.choices, [("placement", Dimension.PLACEMENT)])
DOMAINS = _words(Domain.choices)
COMPARATOR_KINDS = _words(
    Comparator.Kind.choices,
    [
        ("other councils", Comparator.Kind.OTHER_COUNCILS),
        ("statistical neighbour", Comparator.Kind.STATISTICAL_NEIGHBOURS),
        ("national", Comparator.Kind.ENGLAND),
    ],
)
FINDING_KINDS = _words(
    Finding.Kind.choices, [("wishes", Finding.Kind.WISH), ("themes", Finding.Kind.THEME)]
)
YES = {"yes", "y", "true", "1", "higher"}
NO = {"no", "n", "false", "0", "lower"}


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str
    message: str

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.message}"


# Reading a file -----------------------------------------------------------------------------


def _cell_text(value, *, keep_lines=False) -> str:
    """A cell as text: numbers without a needless ".0", spaces tidied (line breaks kept
    where asked: the council's response may have paragraphs)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if keep_lines:
        lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
        text = "\n".join(" ".join(line.split()) for line in lines).strip()
    else:
        text = " ".join(str(value).split())
    # A name a spreadsheet would run as a formula may carry a guarding apostrophe.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        text = text[1:]
    return text


@dataclass
class Row:
    number: int
    section: str
    cells: dict  # column key -> raw value (None when blank or absent)

    def text(self, key) -> str:
        return _cell_text(self.cells.get(key), keep_lines=key == "we_will")


def _the_columns(names) -> str:
    return f"the column{'s' if len(names) > 1 else ''} {', '.join(names)}"


def _columns_of(header) -> dict:
    positions, unknown, twice = {}, [], []
    for index, value in enumerate(header):
        if value is None or not str(value).replace("\ufeff", "").strip():
            continue
        key = HEADER_KEYS.get(_header_key(value))
        if key is None:
            unknown.append(str(value).strip())
        elif key in positions:
            twice.append(BY_KEY[key].header)
        else:
            positions[key] = index
    if len(header) == 1 and any(sep in str(header[0] or "") for sep in (";", "\t")):
        raise ImportFileError(
            "The columns in the selected file must be separated by commas. "
            "Save it again as CSV UTF-8 (Comma delimited)"
        )
    problems = []
    if "section" not in positions:
        problems.append("has no column section")
    if unknown:
        are = "are" if len(unknown) > 1 else "is"
        problems.append(f"has {_the_columns(unknown)}, which {are} not recognised")
    if twice:
        problems.append(f"names {_the_columns(twice)} more than once")
    if problems:
        raise ImportFileError(
            f"Row 1 of the selected file {' and '.join(problems)}. Row 1 must name the columns "
            f"{', '.join(HEADERS)} (a column no row uses may be left out). Start from the "
            "template"
        )
    return positions


def read_rows(content: bytes, filename: str) -> list[Row]:
    """The data rows of a file, blank rows left out; ImportFileError for a file that is not
    a wave spreadsheet (wrong columns, no rows, too big, not a spreadsheet)."""
    rows = spreadsheet_rows(
        content,
        filename,
        max_bytes=MAX_BYTES,
        too_big=f"The selected file must be smaller than {megabytes(MAX_BYTES)}. A wave's "
        "results fit in far less: check that it is the right file",
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
    )
    positions, found, first_of = None, [], {}
    for number, cells in rows:
        texts = [_cell_text(cell) for cell in cells]
        if positions is None:
            if not any(texts):
                raise ImportFileError(
                    f"Row 1 of the selected file must name the columns {', '.join(HEADERS)}. "
                    "It is empty"
                )
            positions = _columns_of(cells)
            continue
        if not any(texts):
            continue
        if len(found) == MAX_ROWS:
            raise ImportFileError(
                f"The selected file has more than {MAX_ROWS:,} rows. A wave's results fit in "
                "far fewer: check that it is the right file"
            )
        values = {key: cells[i] if i < len(cells) else None for key, i in positions.items()}
        values = {key: (None if _cell_text(v) == "" else v) for key, v in values.items()}
        word = _header_key(values.get("section"))
        section = SECTION_WORDS.get(word, "")
        found.append(Row(number, section or _cell_text(values.get("section")), values))
        if section:
            first_of.setdefault(section, number)
    if positions is None:
        raise ImportFileError("The selected file is empty")
    if not found:
        raise ImportFileError(
            "The selected file has no results: below the column names in row 1 there must be "
            "one row for each cohort, count, indicator, comparator or finding"
        )
    for section, row in first_of.items():
        missing = [BY_KEY[k].header for k in NEEDS[section] if k not in positions]
        if section == "comparator" and "key" not in positions and "question" not in positions:
            missing.append("key (or question)")
        if missing:
            raise ImportFileError(
                f"The selected file has {SECTION_NAMES[section][0]} (the first in row {row}) "
                f"but no {_the_columns(missing)}, which they need. Add "
                f"{'them' if len(missing) > 1 else 'it'} to row 1, or start from the template"
            )
    return found


# Checking each row --------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def key_of(text: str) -> str:
    return slugify(text)[:80].strip("-")


class _Cells:
    """Reads the cells of one row, collecting its errors."""

    def __init__(self, row: Row, errors: list):
        self.row, self.errors = row, errors
        self.ok = True

    def error(self, key, message):
        self.errors.append(RowError(self.row.number, BY_KEY[key].header, message))
        self.ok = False

    def text(self, key, *, required="", limit=None) -> str:
        text = self.row.text(key)
        if not text and required:
            self.error(key, required)
        elif limit and len(text) > limit:
            self.error(key, f"Shorten it to {limit} characters or fewer (it has {len(text)})")
        return text

    def whole(self, key, *, required="", low=0) -> int | None:
        raw = self.row.cells.get(key)
        text = _cell_text(raw)
        if not text:
            if required:
                self.error(key, required)
            return None
        if isinstance(raw, float) and not raw.is_integer():
            self.error(key, f"“{raw:g}” is not a whole number. Enter a whole number, like 42")
            return None
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            self.error(key, f"“{text}” is not a number. Enter a whole number, like 42")
            return None
        if not value.is_finite() or value != value.to_integral_value():
            self.error(key, f"“{text}” is not a whole number. Enter a whole number, like 42")
            return None
        if value < 0:
            self.error(key, f"“{text}” is negative. A count cannot be negative")
            return None
        if value < low:
            self.error(key, f"“{text}” must be {low} or more")
            return None
        if value > BIG:
            self.error(key, f"“{text}” is more than {BIG:,}. Check the number")
            return None
        return int(value)

    def percentage(self, key) -> Decimal | None:
        raw = self.row.cells.get(key)
        text = _cell_text(raw).removesuffix("%").strip()
        if not text:
            return None
        if isinstance(raw, float) and 0 < raw < 1:
            # Excel keeps 79% as 0.79 in a cell formatted as a percentage.
            self.error(
                key,
                f"“{raw:g}” looks like a cell formatted as a percentage in Excel "
                f"({raw:.0%} kept as {raw:g}). Format the column as a number and type "
                "the percentage, like 79.5",
            )
            return None
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= 100:
            self.error(
                key, f"“{text}” is not a percentage. Enter a number from 0 to 100, like 79.5"
            )
            return None
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def choice(self, key, words: dict, *, what: str, allowed: str) -> str:
        text = self.row.text(key)
        if not text:
            self.error(key, f"Enter {what}: {allowed}")
            return ""
        value = words.get(_header_key(text))
        if value is None:
            self.error(key, f"“{text}” is not {what}. Use one of: {allowed}")
            return ""
        return value

    def yes_no(self, key) -> bool | None:
        text = self.row.text(key).casefold()
        if not text:
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        self.error(key, f"“{self.row.text(key)}” is not yes or no. Enter yes or no")
        return None


def _labels(choices) -> str:
    return ", ".join(label for _value, label in choices)


@dataclass
class Entry:
    """One row of the file, checked: what it would record, and how it is matched."""

    section: str
    row: int
    identity: tuple
    values: dict  # model field -> value; optional blanks left out
    cohort: str | None = None  # the cohort's label (as written), None for all respondents
    indicator: tuple | None = None  # comparators: (cohort identity, key)
    name: str = ""  # what the preview calls it


@dataclass
class Checked:
    entries: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors and bool(self.entries)


def check_rows(rows: list[Row], *, wave: Wave) -> Checked:
    """Every row checked, against itself, the rest of the file and what the wave holds."""
    errors: list[RowError] = []
    entries: list[Entry] = []
    existing_cohorts = {_norm(c.label): c for c in wave.cohorts.all()}
    file_cohorts: dict[str, Entry] = {}
    seen: dict[tuple, int] = {}

    def once(cells, identity, column, message):
        if identity in seen:
            cells.error(column, f"{message} is already in row {seen[identity]}. Give it once")
            return False
        seen[identity] = cells.row.number
        return True

    # Cohorts first: the other rows may name them, wherever they are in the file.
    for row in rows:
        if row.section != "cohort":
            continue
        cells = _Cells(row, errors)
        label = cells.text(
            "cohort", required='Enter the name of the cohort, like "8-11 years"', limit=60
        )
        eligible = cells.whole("eligible", required="Enter how many could have answered")
        responses = cells.whole("responses", required="Enter how many answered")
        if eligible is not None and responses is not None and responses > eligible:
            cells.error(
                "responses",
                f"There cannot be more responses ({responses:,}) than children and young "
                f"people who could have answered ({eligible:,})",
            )
        if label and not once(cells, ("cohort", _norm(label)), "cohort", f"The cohort {label}"):
            continue
        entry = Entry(
            "cohort",
            row.number,
            ("cohort", _norm(label)),
            {"label": label, "eligible": eligible, "responses": responses},
            name=label,
        )
        if label:
            file_cohorts[_norm(label)] = entry
        if cells.ok:
            entries.append(entry)

    known = sorted(
        {c.label for c in existing_cohorts.values()} | {e.name for e in file_cohorts.values()},
        key=str.casefold,
    )

    def responded(cohort_key) -> int | None:
        """How many responded, in a cohort or (None) the whole wave, once imported; None
        when a cohort row of the file has no valid number (its own error says so)."""
        if cohort_key is not None:
            entry = file_cohorts.get(cohort_key)
            if entry is not None:
                return entry.values["responses"]
            return existing_cohorts[cohort_key].responses
        counts = [e.values["responses"] for e in file_cohorts.values()]
        if None in counts:
            return None
        return sum(counts) + sum(
            c.responses for k, c in existing_cohorts.items() if k not in file_cohorts
        )

    def cohort_of(cells) -> tuple[bool, str | None]:
        label = cells.row.text("cohort")
        if not label:
            return True, None
        key = _norm(label)
        if key in file_cohorts or key in existing_cohorts:
            return True, key
        listed = f" The cohorts are: {', '.join(known)}" if known else ""
        cells.error(
            "cohort",
            f"There is no cohort “{label}” in the file or on this wave. Add a cohort row for "
            f"it, correct the name, or leave it blank for all respondents.{listed}",
        )
        return False, None

    def within_responses(cells, column, value, cohort_key, what):
        total = responded(cohort_key)
        # No cohorts at all: nothing to check against (as the forms do).
        if value is None or total is None or (cohort_key is None and not total):
            return
        where = f" in {cells.row.text('cohort')}" if cohort_key else ""
        if value > total:
            cells.error(
                column,
                f"{what} ({value:,}) cannot be more than the {total:,} who responded{where}",
            )

    indicators: dict[tuple, Entry] = {}
    for row in rows:
        if row.section in ("cohort", "comparator"):
            continue
        cells = _Cells(row, errors)
        if row.section not in SECTIONS:
            cells.error(
                "section",
                f"“{row.section}” is not a section. Use one of: {', '.join(SECTIONS)}"
                if row.section
                else f"Enter the section: one of {', '.join(SECTIONS)}",
            )
            continue
        found, cohort_key = cohort_of(cells)
        cohort_label = row.text("cohort") or None
        if row.section == "demographic":
            dimension = cells.choice(
                "dimension", DIMENSIONS, what="a dimension", allowed=_labels(Dimension.choices)
            )
            category = cells.text(
                "category", required='Enter the category, like "Girls"', limit=100
            )
            count = cells.whole("count", required="Enter how many respondents")
            care = cells.whole("care_population")
            if found:
                within_responses(cells, "count", count, cohort_key, "The number of respondents")
            identity = ("demographic", cohort_key, dimension, _norm(category))
            if dimension and category and found:
                once(cells, identity, "category", f"The count for {category}")
            values = {"dimension": dimension, "category": category, "count": count}
            if care is not None:
                values["care_population"] = care
            entry = Entry("demographic", row.number, identity, values, cohort_label, name=category)
        elif row.section == "indicator":
            domain = cells.choice(
                "domain", DOMAINS, what="a domain", allowed=_labels(Domain.choices)
            )
            question = cells.text("question", required="Enter what the percentage says", limit=300)
            key = key_of(row.text("key")) or key_of(question)
            if row.text("key") and not key_of(row.text("key")):
                cells.error("key", "Use letters or numbers in the key, like felt-settled")
            elif len(row.text("key")) > 80:
                cells.error("key", "Shorten the key to 80 characters or fewer")
            count = cells.whole("count", required="Enter how many answered this way")
            denominator = cells.whole(
                "denominator", required="Enter how many answered the question", low=1
            )
            if count is not None and denominator is not None and count > denominator:
                cells.error(
                    "count",
                    f"The number who answered this way ({count:,}) cannot be more than the "
                    f"number who answered the question ({denominator:,})",
                )
            if found:
                within_responses(
                    cells,
                    "denominator",
                    denominator,
                    cohort_key,
                    "The number who answered the question",
                )
            higher = cells.yes_no("higher_is_better")
            identity = ("indicator", cohort_key, key)
            if key and found:
                once(cells, identity, "key", f"The indicator {key} for this cohort")
            values = {
                "domain": domain,
                "question": question,
                "key": key,
                "count": count,
                "denominator": denominator,
            }
            if higher is not None:
                values["higher_is_better"] = higher
            entry = Entry("indicator", row.number, identity, values, cohort_label, name=question)
            if key and found:
                indicators.setdefault((cohort_key, key), entry)
        else:  # finding
            kind = cells.choice(
                "kind", FINDING_KINDS, what="a kind of finding", allowed="wish, theme"
            )
            text = cells.text("text", required="Enter what they said, in a few words", limit=300)
            count = cells.whole("count")
            response = cells.text("we_will")
            identity = ("finding", cohort_key, kind, _norm(text))
            if kind and text and found:
                once(cells, identity, "text", "This finding")
            values = {"kind": kind, "summary": text}
            if count is not None:
                values["count"] = count
            if response:
                values["response"] = response
            entry = Entry("finding", row.number, identity, values, cohort_label, name=text)
        if cells.ok:
            entries.append(entry)

    existing_indicators = {
        (_norm(i.cohort.label) if i.cohort else None, i.key): i
        for i in wave.indicators.select_related("cohort")
    }
    for row in rows:
        if row.section != "comparator":
            continue
        cells = _Cells(row, errors)
        found, cohort_key = cohort_of(cells)
        key = key_of(row.text("key")) or key_of(row.text("question"))
        indicator_name = ""
        if not key:
            cells.error(
                "key",
                "Enter the key of the indicator compared (or its question, in the column question)",
            )
        elif found:
            wanted = (cohort_key, key)
            if wanted in indicators:
                indicator_name = indicators[wanted].values["question"]
            elif wanted in existing_indicators:
                indicator_name = existing_indicators[wanted].question
            else:
                where = (
                    f" for the cohort {row.text('cohort')}"
                    if cohort_key
                    else " for all respondents"
                )
                cells.error(
                    "key" if row.text("key") else "question",
                    f"There is no indicator “{row.text('key') or row.text('question')}”"
                    f"{where} in the file or on this wave. Compare an indicator of the file "
                    "(the same key and cohort as its indicator row)",
                )
        kind = cells.choice(
            "kind", COMPARATOR_KINDS, what="a comparator", allowed=_labels(Comparator.Kind.choices)
        )
        label = cells.text("label", limit=200)
        percentage = cells.percentage("percentage")
        count = cells.whole("count")
        denominator = cells.whole("denominator", low=1)
        given = (row.text("count") != "", row.text("denominator") != "")
        if given[0] != given[1]:
            cells.error(
                "denominator" if given[0] else "count",
                "Give both their count and how many of them answered, or neither",
            )
        elif count is not None and denominator is not None:
            if count > denominator:
                cells.error(
                    "count",
                    f"Their count ({count:,}) cannot be more than how many of them answered "
                    f"({denominator:,})",
                )
            elif percentage is None:
                percentage = (Decimal(count) * 100 / denominator).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
        if percentage is None and not given[0] and cells.ok:
            cells.error("percentage", "Enter their percentage, or their count and denominator")
        identity = ("comparator", cohort_key, key, kind)
        if key and kind and found and indicator_name:
            once(cells, identity, "kind", f"The comparison of {key} with {kind}")
        values = {"kind": kind, "percentage": percentage}
        if label:
            values["label"] = label
        if count is not None and denominator is not None:
            values |= {"count": count, "denominator": denominator}
        entry = Entry(
            "comparator",
            row.number,
            identity,
            values,
            row.text("cohort") or None,
            indicator=(cohort_key, key),
            name=f"{indicator_name}: {Comparator.Kind(kind).label if kind else ''}",
        )
        if cells.ok:
            entries.append(entry)
    errors.sort(key=lambda e: e.row)
    return Checked(entries=entries, errors=errors)


# What an import would do --------------------------------------------------------------------

FIELD_LABELS = {
    "eligible": "eligible",
    "responses": "responses",
    "count": "count",
    "care_population": "care population",
    "domain": "domain",
    "question": "question",
    "denominator": "denominator",
    "higher_is_better": "higher is better",
    "label": "label",
    "percentage": "percentage",
    "response": "we will",
}


@dataclass
class Step:
    entry: Entry
    existing: object | None
    changes: list  # (field, old, new)

    @property
    def state(self) -> str:
        if self.existing is None:
            return "new"
        return "changed" if self.changes else "unchanged"

    def described_changes(self) -> list[str]:
        return [
            f"{FIELD_LABELS.get(name, name)}: {_shown(old)} to {_shown(new)}"
            for name, old, new in self.changes
        ]


def _shown(value) -> str:
    if value is None or value == "":
        return "blank"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, int):
        return f"{value:,}"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass
class Plan:
    steps: list

    def of(self, section):
        return [s for s in self.steps if s.entry.section == section]

    def counts(self) -> dict:
        counts = {s: {"new": 0, "changed": 0, "unchanged": 0} for s in SECTIONS}
        for step in self.steps:
            counts[step.entry.section][step.state] += 1
        return counts

    @property
    def changes_anything(self) -> bool:
        return any(s.state != "unchanged" for s in self.steps)

    def digest(self) -> str:
        """What the preview showed, as a short hash: confirming refuses when the wave changed
        since (someone else's edit is never overwritten unseen)."""
        parts = [
            [
                s.entry.row,
                s.state,
                getattr(s.existing, "pk", None),
                [[n, str(o), str(v)] for n, o, v in s.changes],
            ]
            for s in self.steps
        ]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]

    def sections(self):
        """(section, heading, counts, steps) for each section the file has, for the preview."""
        counts = self.counts()
        for section in SECTIONS:
            steps = self.of(section)
            if steps:
                yield section, SECTION_NAMES[section][1], counts[section], steps


# Fields that match a record (compared without regard to case), never changed by an import.
IDENTITY = {
    "cohort": {"label"},
    "demographic": {"dimension", "category"},
    "indicator": {"key"},
    "comparator": {"kind"},
    "finding": {"kind", "summary"},
}


def _changes(section, obj, values) -> list:
    return [
        (name, getattr(obj, name), new)
        for name, new in values.items()
        if name not in IDENTITY[section] and getattr(obj, name) != new
    ]


def plan_of(checked: Checked, *, wave: Wave) -> Plan:
    cohorts = {_norm(c.label): c for c in wave.cohorts.all()}
    demographics = {
        (_norm(d.cohort.label) if d.cohort else None, d.dimension, _norm(d.category)): d
        for d in wave.demographics.select_related("cohort")
    }
    indicators = {
        (_norm(i.cohort.label) if i.cohort else None, i.key): i
        for i in wave.indicators.select_related("cohort")
    }
    comparators = {
        (
            _norm(c.indicator.cohort.label) if c.indicator.cohort else None,
            c.indicator.key,
            c.kind,
        ): c
        for c in Comparator.objects.filter(indicator__wave=wave).select_related("indicator__cohort")
    }
    findings = {
        (_norm(f.cohort.label) if f.cohort else None, f.kind, _norm(f.summary)): f
        for f in wave.findings.select_related("cohort")
    }
    steps = []
    for entry in checked.entries:
        identity = entry.identity[1:]
        existing = {
            "cohort": lambda i: cohorts.get(i[0]),
            "demographic": demographics.get,
            "indicator": indicators.get,
            "comparator": comparators.get,
            "finding": findings.get,
        }[entry.section](identity)
        changes = _changes(entry.section, existing, entry.values) if existing is not None else []
        steps.append(Step(entry, existing, changes))
    return Plan(steps)


# Keeping, checking again and writing --------------------------------------------------------


def check_file(content: bytes, filename: str, *, wave: Wave) -> Checked:
    return check_rows(read_rows(content, filename), wave=wave)


def file_content(wave_import: WaveImport) -> bytes:
    try:
        with wave_import.file.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except (FileNotFoundError, OSError, ValueError):
        raise ImportFileError(GONE_MESSAGE) from None


def check_import(wave_import: WaveImport) -> tuple[Checked, Plan | None]:
    """The stored file read and checked again, against the wave as it is now."""
    checked = check_file(
        file_content(wave_import), wave_import.original_name, wave=wave_import.wave
    )
    plan = plan_of(checked, wave=wave_import.wave) if checked.is_valid else None
    return checked, plan


def wave_import_create(*, wave: Wave, content: bytes, original_name: str, by) -> WaveImport:
    """Keep an uploaded file for its preview. ImportFileError for a file that is not a wave
    spreadsheet (nothing kept); one with row errors is kept as rejected, so its preview can
    say what to correct."""
    checked = check_file(content, original_name, wave=wave)
    extension = "xlsx" if content.startswith(ZIP_MAGIC) else "csv"
    return WaveImport.objects.create(
        organisation=wave.organisation,
        wave=wave,
        file=ContentFile(content, name=f"{uuid.uuid4().hex}.{extension}"),
        original_name=original_name[:255],
        uploaded_by=by,
        state=WaveImport.State.PREVIEWED if checked.is_valid else WaveImport.State.REJECTED,
    )


@dataclass
class ImportResult:
    counts: dict

    def __str__(self):
        new = sum(c["new"] for c in self.counts.values())
        changed = sum(c["changed"] for c in self.counts.values())
        if not (new or changed):
            return "Nothing changed: the wave already had everything in the file"
        parts = []
        for section in SECTIONS:
            c = self.counts[section]
            bits = [f"{c['new']} new"] if c["new"] else []
            if c["changed"]:
                bits.append(f"{c['changed']} changed")
            if bits:
                parts.append(f"{SECTION_NAMES[section][0]}: {' and '.join(bits)}")
        return f"Imported. {'; '.join(parts)}"


@transaction.atomic
def wave_import_apply(*, wave_import: WaveImport, digest: str) -> ImportResult:
    """Write what the preview showed, all of it or none: the file is read and checked again
    inside the transaction, with the wave locked, and refused if what it would do is not
    what the preview (`digest`) showed."""
    wave_import = WaveImport.objects.select_for_update().get(pk=wave_import.pk)
    if wave_import.state == WaveImport.State.IMPORTED:
        raise ValidationError("This file has already been imported. Nothing was imported again")
    wave = Wave.objects.select_for_update().get(pk=wave_import.wave_id)
    wave_import.wave = wave
    try:
        checked, plan = check_import(wave_import)
    except ImportFileError as problem:
        raise ValidationError(problem.message) from None
    if plan is None:
        raise ValidationError(
            [str(e) for e in checked.errors[:20]] or ["The file has nothing to import"]
        )
    if plan.digest() != digest:
        raise ValidationError(
            "The wave has changed since you checked the file, so nothing was imported. Check "
            "what the import would do now, then import"
        )
    organisation = wave.organisation
    positions = {}

    def next_position(model, **scope):
        key = (model, tuple(scope.items()))
        if key not in positions:
            top = model.objects.filter(**scope).aggregate(top=Max("position"))["top"]
            positions[key] = top or 0
        positions[key] += 1
        return positions[key]

    cohorts = {_norm(c.label): c for c in wave.cohorts.all()}
    indicators = {
        (_norm(i.cohort.label) if i.cohort else None, i.key): i
        for i in wave.indicators.select_related("cohort")
    }
    for step in plan.steps:
        entry = step.entry
        cohort = cohorts.get(_norm(entry.cohort)) if entry.cohort else None
        obj = step.existing
        if obj is not None:
            if step.changes:
                for name, _old, new in step.changes:
                    setattr(obj, name, new)
                obj.save(update_fields=[name for name, _o, _n in step.changes])
            continue
        common = {"organisation": organisation}
        if entry.section == "cohort":
            obj = Cohort.objects.create(
                **common, wave=wave, position=next_position(Cohort, wave=wave), **entry.values
            )
            cohorts[_norm(obj.label)] = obj
        elif entry.section == "demographic":
            obj = DemographicCount.objects.create(
                **common,
                wave=wave,
                cohort=cohort,
                position=next_position(DemographicCount, wave=wave),
                **entry.values,
            )
        elif entry.section == "indicator":
            obj = Indicator.objects.create(
                **common,
                wave=wave,
                cohort=cohort,
                position=next_position(Indicator, wave=wave),
                **entry.values,
            )
            indicators[entry.identity[1:]] = obj
        elif entry.section == "comparator":
            Comparator.objects.create(
                **common, indicator=indicators[entry.indicator], **entry.values
            )
        else:
            Finding.objects.create(
                **common,
                wave=wave,
                cohort=cohort,
                position=next_position(Finding, wave=wave),
                **entry.values,
            )
    result = ImportResult(plan.counts())
    wave_import.state = WaveImport.State.IMPORTED
    wave_import.result = result.counts
    wave_import.save(update_fields=["state", "result"])
    return result


# The template -------------------------------------------------------------------------------

TEMPLATE_ROWS = [
    # Seed 002's response-rate table (Bright Spots 2018: published totals, no child's data),
    # then invented examples of each other section.
    {"section": "cohort", "cohort": "4-7 years", "eligible": 231, "responses": 42},
    {"section": "cohort", "cohort": "8-11 years", "eligible": 238, "responses": 75},
    {"section": "cohort", "cohort": "11-18 years", "eligible": 835, "responses": 261},
    {
        "section": "demographic",
        "dimension": "Gender",
        "category": "Girls",
        "count": 190,
        "care_population": 610,
    },
    {
        "section": "demographic",
        "dimension": "Gender",
        "category": "Boys",
        "count": 188,
        "care_population": 694,
    },
    {
        "section": "indicator",
        "cohort": "11-18 years",
        "domain": "Rights",
        "question": "Felt settled where they live",
        "key": "felt-settled",
        "count": 232,
        "denominator": 261,
        "higher_is_better": "yes",
    },
    {
        "section": "comparator",
        "cohort": "11-18 years",
        "key": "felt-settled",
        "kind": "Other councils' average",
        "label": "16 other councils",
        "percentage": 79,
        "count": 1296,
        "denominator": 1640,
    },
    {
        "section": "comparator",
        "cohort": "11-18 years",
        "key": "felt-settled",
        "kind": "General population",
        "percentage": 85.5,
    },
    {
        "section": "finding",
        "kind": "wish",
        "text": "Fewer changes of social worker",
        "count": 31,
        "we_will": "We will keep the same social worker for a child wherever we can.",
    },
]


def _template_table():
    yield HEADERS
    for values in TEMPLATE_ROWS:
        yield [values.get(c.key, "") for c in COLUMNS]


def template_csv() -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_template_table())
    # With a byte order mark, so Excel reads the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Wave results"
    for values in _template_table():
        sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip(
        "ABCDEFGHIJKLMNOPQR",
        (12, 14, 9, 10, 11, 12, 15, 13, 36, 14, 8, 12, 16, 24, 20, 11, 36, 50),
        strict=False,
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def columns_help():
    """(header, aliases, what it holds) for the import page."""
    return [(c.header, c.aliases, c.help) for c in COLUMNS]


def section_needs():
    return [(s, [BY_KEY[k].header for k in NEEDS[s]]) for s in SECTIONS]

"""Import the DfE's local-authority statistics files (Explore Education Statistics CSVs, or
the same table saved as .xlsx): read by their headers, the officer picks the council, the
indicators and the comparators, every row that would be imported is checked, and then all of
it is saved or none of it.

The format (the DfE's own; the template download has it):

- Row 1 names the columns. The geography columns are read by name, in any order:
  time_period, time_identifier, geographic_level, country_code, region_code, region_name,
  old_la_code, la_name, new_la_code (country_name and version may be there too).
- Every other column is a filter (text that says which group a row counts, e.g.
  `characteristic` = "Three or more placements") or an indicator (numbers and the statistics
  symbols). A column is taken as an indicator when most of its cells are numbers or symbols.
- geographic_level says what a row is about: National (England, by country_code), Regional
  (by region_code) or Local authority (by new_la_code). Rows of other levels are left alone.
- A series is an indicator column together with one value of each filter: the officer picks
  series, and each becomes (or feeds) one PerformanceIndicator.
- A cell of a picked series is a number or a statistics symbol: c, k, low, x, z, u, and the
  older files' ~, : and . (also written in brackets: [c]). Symbols are kept as typed, never
  as 0 or blank. A blank cell is an error: the DfE never leaves one, and a blank read as
  "nothing" is exactly the silent 0 this module exists to prevent.

Only rows that would be imported (the picked areas and series) have their values checked, so
an error in another council's row does not hold this council's import up; the structure of
every row (its period and geography) is checked, since a broken row there means the file is
not what it says it is.

Re-importing the same file changes nothing: a figure is unique by (indicator, period, area)
and is written only when its value, symbol or source differ (`figures_import_apply`).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from corporate_parenting.spreadsheets import (
    FORMULA_STARTS,
    GONE_MESSAGE,
    ZIP_MAGIC,
    escape_formula,
    spreadsheet_rows,
)
from corporate_parenting.spreadsheets import SpreadsheetError as ImportFileError
from corporate_parenting.uploads import megabytes

from .models_figures import (
    Figure,
    FiguresImport,
    FigureSource,
    PerformanceIndicator,
    period_label,
    series_key,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 250_000  # a national file: every council, ten years, a few filters
MAX_SERIES = 2_000  # indicator columns times filter combinations offered for picking
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

NATIONAL, REGIONAL, LOCAL_AUTHORITY = "National", "Regional", "Local authority"
# Read by name; a DfE file always has these (National rows leave the region and council
# columns blank).
REQUIRED = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "region_code",
    "region_name",
    "old_la_code",
    "la_name",
    "new_la_code",
)
GEOGRAPHY = frozenset({*REQUIRED, "country_name", "version"})

SYMBOLS = {symbol.value for symbol in Figure.Symbol if symbol.value}
SYMBOL_WORDS = ", ".join(sorted(SYMBOLS))
TIME_PERIOD = re.compile(r"^\d{4}(\d{2})?$")
VALUE_LIMIT = Decimal("1e10")
PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str
    message: str

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.message}"


# Reading a file ---------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # Our export guards a name a spreadsheet would run as a formula with an apostrophe.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        text = text[1:]
    return text


def _raw_rows(content: bytes, filename: str):
    return spreadsheet_rows(
        content,
        filename,
        max_bytes=MAX_BYTES,
        too_big=f"The selected file must be smaller than {megabytes(MAX_BYTES)}. "
        "Download the figures for fewer years or fewer measures, or split the file",
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
    )


def _header(cells) -> list[str]:
    names = [_cell_text(cell).replace("\ufeff", "").strip() for cell in cells]
    found = set(names)
    missing = [name for name in REQUIRED if name not in found]
    if len(names) == 1 and any(sep in names[0] for sep in (";", "\t")):
        raise ImportFileError(
            "The columns in the selected file must be separated by commas. "
            "Save it again as CSV UTF-8 (Comma delimited)"
        )
    if missing:
        raise ImportFileError(
            "Row 1 of the selected file must name the DfE's columns "
            f"{', '.join(REQUIRED)}. It does not name {', '.join(missing)}. "
            "Download the file from Explore Education Statistics as CSV, or start from our "
            "template"
        )
    twice = sorted(name for name, count in Counter(n for n in names if n).items() if count > 1)
    if twice:
        raise ImportFileError(
            f"Row 1 of the selected file names {', '.join(twice)} more than once. "
            "Each column must be named once"
        )
    if not [name for name in names if name and name not in GEOGRAPHY]:
        raise ImportFileError(
            "The selected file has the DfE's geography columns but no figures: after "
            "new_la_code there must be at least one indicator column"
        )
    return names


def read_rows(content: bytes, filename: str):
    """(row number, {column: text}) for every data row, blank rows left out; the header's
    names first. Raises ImportFileError for a file that is not a DfE table."""
    rows = _raw_rows(content, filename)
    names = None
    count = 0
    for number, cells in rows:
        if names is None:
            if all(_cell_text(cell) == "" for cell in cells):
                raise ImportFileError(
                    f"Row 1 of the selected file must name the columns {', '.join(REQUIRED)}. "
                    "It is empty"
                )
            names = _header(cells)
            yield names
            continue
        texts = [_cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportFileError(
                f"The selected file has more than {MAX_ROWS:,} rows of figures. "
                "Download the figures for fewer years or fewer measures, or split the file"
            )
        yield (
            number,
            {
                name: texts[index] if index < len(texts) else ""
                for index, name in enumerate(names)
                if name
            },
        )
    if names is None:
        raise ImportFileError("The selected file is empty")
    if count == 0:
        raise ImportFileError(
            "The selected file has no figures: below the column names in row 1 there must "
            "be one row for each period and area"
        )


# Values -----------------------------------------------------------------------------------


def parse_cell(text: str) -> tuple[Decimal | None, str]:
    """(value, "") for a number, (None, symbol) for a statistics symbol; ValueError else."""
    raw = text.strip()
    bare = raw[1:-1].strip() if raw.startswith("[") and raw.endswith("]") else raw
    if bare.casefold() in SYMBOLS:
        return None, bare.casefold()
    try:
        value = Decimal(bare.replace(",", ""))
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value, ""


def _is_figure(text: str) -> bool:
    try:
        parse_cell(text)
    except ValueError:
        return False
    return True


def guess_unit(column: str) -> str:
    name = column.casefold()
    if "percent" in name or name.startswith("pct") or name.endswith("_pc") or "%" in name:
        return PerformanceIndicator.Unit.PERCENT
    if "rate" in name:
        return PerformanceIndicator.Unit.RATE
    if "days" in name:
        return PerformanceIndicator.Unit.DAYS
    return PerformanceIndicator.Unit.COUNT


def check_value(value: Decimal, unit: str) -> str:
    """What is wrong with a number for an indicator of this unit, or ""."""
    if abs(value) >= VALUE_LIMIT:
        return f"{value} is too large for a figure"
    if unit == PerformanceIndicator.Unit.COUNT and value < 0:
        return f"{value} is negative, and a count cannot be"
    if unit == PerformanceIndicator.Unit.PERCENT and not (0 <= value <= 100):
        return f"{value} is not a percentage between 0 and 100"
    if unit in (PerformanceIndicator.Unit.RATE, PerformanceIndicator.Unit.DAYS) and value < 0:
        return f"{value} is negative, and a {unit} cannot be"
    return ""


# What a file holds --------------------------------------------------------------------------


@dataclass
class FileSummary:
    """What the officer picks from, read once at upload and kept on the FiguresImport."""

    columns: list = field(default_factory=list)
    filter_columns: list = field(default_factory=list)
    indicator_columns: list = field(default_factory=list)
    councils: list = field(default_factory=list)  # [new_la_code, la_name, region_code, name]
    regions: list = field(default_factory=list)  # [region_code, region_name]
    has_england: bool = False
    periods: list = field(default_factory=list)  # time_period values, oldest first
    series: list = field(default_factory=list)  # [key, column, {filter: value}]
    rows: int = 0
    errors: list = field(default_factory=list)  # RowError: the structure of a row is broken

    def as_json(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "errors"}
        data["errors"] = [[e.row, e.column, e.message] for e in self.errors]
        return data

    @classmethod
    def from_json(cls, data: dict) -> FileSummary:
        data = dict(data)
        errors = [RowError(*e) for e in data.pop("errors", [])]
        return cls(**data, errors=errors)

    def council_name(self, code: str) -> str:
        return next((c[1] for c in self.councils if c[0] == code), code)

    def region_of(self, code: str) -> tuple[str, str]:
        return next(((c[2], c[3]) for c in self.councils if c[0] == code), ("", ""))


def _structure_errors(number: int, row: dict) -> list:
    errors = []
    if not TIME_PERIOD.match(row["time_period"]):
        errors.append(
            RowError(
                number,
                "time_period",
                f"“{row['time_period']}” is not a DfE time period: write the year as 2024, "
                "or a financial or academic year as 202324",
            )
        )
    level = row["geographic_level"]
    needs = {
        NATIONAL: "country_code",
        REGIONAL: "region_code",
        LOCAL_AUTHORITY: "new_la_code",
    }.get(level)
    if needs and not row[needs]:
        errors.append(RowError(number, needs, f"A {level} row must give its {needs}"))
    return errors


def summarise(content: bytes, filename: str) -> FileSummary:
    """Read the whole file once: its columns, areas, periods and series. ImportFileError for
    a file that is not a DfE table; structural row errors are listed in `errors`."""
    rows = read_rows(content, filename)
    names = [name for name in next(rows) if name]
    others = [name for name in names if name not in GEOGRAPHY]
    figures = Counter()
    filled = Counter()
    councils, regions, periods = {}, {}, set()
    has_england = False
    errors = []
    count = 0
    for number, row in rows:
        count += 1
        errors += _structure_errors(number, row)
        level = row["geographic_level"]
        if level == NATIONAL:
            has_england = True
        elif level == REGIONAL and row["region_code"]:
            regions.setdefault(row["region_code"], row["region_name"])
        elif level == LOCAL_AUTHORITY and row["new_la_code"]:
            councils.setdefault(
                row["new_la_code"],
                [row["new_la_code"], row["la_name"], row["region_code"], row["region_name"]],
            )
        if TIME_PERIOD.match(row["time_period"]):
            periods.add(row["time_period"])
        for name in others:
            text = row[name]
            if text:
                filled[name] += 1
                if _is_figure(text):
                    figures[name] += 1
    indicator_columns = [n for n in others if filled[n] and figures[n] * 2 > filled[n]]
    filter_columns = [n for n in others if n not in indicator_columns]
    # A second pass for the filters' combinations: holding every row's cells from the first
    # would cost memory in proportion to the file.
    combinations = {}
    limit = MAX_SERIES // max(len(indicator_columns), 1) + 1
    rows = read_rows(content, filename)
    next(rows)
    for _number, row in rows:
        combinations.setdefault(tuple(row[name] for name in filter_columns), None)
        if len(combinations) > limit:
            break
    series = []
    for column in indicator_columns:
        for combo in combinations:
            filters = dict(zip(filter_columns, combo, strict=True))
            series.append([series_key(column, filters), column, filters])
    if len(series) > MAX_SERIES:
        raise ImportFileError(
            "The selected file holds more series of figures (indicator columns times their "
            f"filters) than the {MAX_SERIES:,} we can offer to choose from. Download fewer "
            "measures or filters from Explore Education Statistics"
        )
    return FileSummary(
        columns=names,
        filter_columns=filter_columns,
        indicator_columns=indicator_columns,
        councils=sorted(councils.values(), key=lambda c: c[1].casefold()),
        regions=sorted(regions.items(), key=lambda r: r[1].casefold()),
        has_england=has_england,
        periods=sorted(periods),
        series=series,
        rows=count,
        errors=errors[:200],
    )


# The officer's choices and the check --------------------------------------------------------


@dataclass
class Choices:
    council_code: str
    series: list  # series keys
    include_england: bool = True
    include_region: bool = True
    neighbour_codes: list = field(default_factory=list)
    dataset: str = ""
    release: str = ""
    footnote: str = ""

    @classmethod
    def of(cls, figures_import: FiguresImport) -> Choices:
        return cls(
            council_code=figures_import.council_code,
            series=list(figures_import.series),
            include_england=figures_import.include_england,
            include_region=figures_import.include_region,
            neighbour_codes=list(figures_import.neighbour_codes),
            dataset=figures_import.dataset,
            release=figures_import.release,
            footnote=figures_import.footnote,
        )


@dataclass
class Planned:
    """One figure the import would write."""

    series: str
    period: str
    time_identifier: str
    area: str
    area_code: str
    area_name: str
    value: Decimal | None
    symbol: str
    row: int


@dataclass
class Checked:
    figures: list  # Planned
    errors: list  # RowError
    indicators: dict  # series key -> PerformanceIndicator (unsaved when new)

    @property
    def is_valid(self):
        return bool(self.figures) and not self.errors

    @property
    def new_indicators(self):
        return [i for i in self.indicators.values() if i.pk is None]

    def council_figures(self):
        """{series key: [Planned of the council, by period]} for the preview."""
        found = defaultdict(list)
        for planned in self.figures:
            if planned.area == Figure.Area.COUNCIL:
                found[planned.series].append(planned)
        return found


def _indicator_name(column: str, filters: dict) -> str:
    words = [value for value in filters.values() if value and value.casefold() != "total"]
    base = column.replace("_", " ").strip().capitalize()
    return f"{', '.join(words)} ({base.lower()})" if words else base


def indicators_for(organisation, summary: FileSummary, keys) -> dict:
    """series key -> the organisation's indicator for it, or a new unsaved one."""
    existing = {
        i.source_key: i
        for i in PerformanceIndicator.objects.filter(organisation=organisation, source_key__in=keys)
    }
    names = set(
        PerformanceIndicator.objects.filter(organisation=organisation).values_list(
            "name", flat=True
        )
    )
    by_key = {key: (column, filters) for key, column, filters in summary.series}
    found = {}
    for key in keys:
        if key in existing:
            found[key] = existing[key]
            continue
        column, filters = by_key[key]
        name = _indicator_name(column, filters)[:200]
        if name in names:
            name = f"{name} [{key}]"[:200]
        names.add(name)
        found[key] = PerformanceIndicator(
            organisation=organisation,
            name=name,
            unit=guess_unit(column),
            source_column=column,
            source_filters=filters,
        )
    return found


def _area_of(row: dict, choices: Choices, region_code: str):
    level = row["geographic_level"]
    if level == NATIONAL and choices.include_england:
        return Figure.Area.ENGLAND, row["country_code"], row.get("country_name") or "England"
    if level == REGIONAL and choices.include_region and row["region_code"] == region_code:
        return Figure.Area.REGION, row["region_code"], row["region_name"]
    if level == LOCAL_AUTHORITY:
        code = row["new_la_code"]
        if code == choices.council_code:
            return Figure.Area.COUNCIL, code, row["la_name"]
        if code in choices.neighbour_codes:
            return Figure.Area.NEIGHBOUR, code, row["la_name"]
    return None


def check_file(content, filename, *, organisation, summary: FileSummary, choices: Choices):
    """Every figure the choices would import, and every error in those rows."""
    picked = [s for s in summary.series if s[0] in set(choices.series)]
    indicators = indicators_for(organisation, summary, [s[0] for s in picked])
    region_code, _ = summary.region_of(choices.council_code)
    errors = list(summary.errors)
    planned, seen = [], {}
    rows = read_rows(content, filename)
    next(rows)
    for number, row in rows:
        area = _area_of(row, choices, region_code)
        if area is None:
            continue
        kind, code, name = area
        for key, column, filters in picked:
            if any(row.get(f, "") != value for f, value in filters.items()):
                continue
            text = row.get(column, "")
            if not text:
                errors.append(
                    RowError(
                        number,
                        column,
                        "The cell is blank. A figure must be a number or one of the "
                        f"statistics symbols {SYMBOL_WORDS}",
                    )
                )
                continue
            try:
                value, symbol = parse_cell(text)
            except ValueError:
                errors.append(
                    RowError(
                        number,
                        column,
                        f"“{text[:50]}” is not a number or one of the statistics symbols "
                        f"{SYMBOL_WORDS}",
                    )
                )
                continue
            if value is not None:
                problem = check_value(value, indicators[key].unit)
                if problem:
                    errors.append(RowError(number, column, problem))
                    continue
                value = value.quantize(PLACES, rounding=ROUND_HALF_UP)
            identity = (key, row["time_period"], code)
            if identity in seen:
                errors.append(
                    RowError(
                        number,
                        column,
                        f"This row repeats row {seen[identity]}: the same period "
                        f"({period_label(row['time_period'])}), area ({name}) and filters. "
                        "Each figure must be in the file once",
                    )
                )
                continue
            seen[identity] = number
            planned.append(
                Planned(
                    series=key,
                    period=row["time_period"],
                    time_identifier=row["time_identifier"],
                    area=kind,
                    area_code=code,
                    area_name=name,
                    value=value,
                    symbol=symbol,
                    row=number,
                )
            )
    errors.sort(key=lambda e: e.row)
    return Checked(figures=planned, errors=errors, indicators=indicators)


def choices_problems(summary: FileSummary, choices: Choices) -> dict:
    """{field: message} for choices the file cannot give."""
    problems = {}
    codes = {c[0] for c in summary.councils}
    if choices.council_code not in codes:
        problems["council_code"] = "Choose your council from the councils in the file"
    if choices.council_code in choices.neighbour_codes:
        problems["neighbour_codes"] = "Your own council cannot be one of its neighbours"
    unknown = [code for code in choices.neighbour_codes if code not in codes]
    if unknown:
        problems["neighbour_codes"] = (
            f"These neighbours are not in the file: {', '.join(unknown[:5])}"
        )
    region_code, _name = summary.region_of(choices.council_code)
    if choices.include_region and "council_code" not in problems:
        if not region_code:
            problems["include_region"] = (
                f"The file gives no region for {summary.council_name(choices.council_code)}. "
                "Untick the council's region, or use a file that gives it"
            )
        elif region_code not in {code for code, _ in summary.regions}:
            problems["include_region"] = (
                f"The file has no Regional rows for {summary.council_name(choices.council_code)}"
                f"'s region ({region_code}). Untick the council's region, or use a file that "
                "has them"
            )
    if choices.include_england and not summary.has_england:
        problems["include_england"] = (
            "The file has no National rows for England. Untick England, or use a file that has them"
        )
    keys = {s[0] for s in summary.series}
    if not choices.series:
        problems["series"] = "Choose at least one measure to import"
    elif any(key not in keys for key in choices.series):
        problems["series"] = "Choose measures from those the file holds"
    if not choices.dataset.strip():
        problems["dataset"] = (
            "Enter the data set the figures come from, like Children looked after in England "
            "including adoptions"
        )
    return problems


# Writing ----------------------------------------------------------------------------------


def file_content(figures_import: FiguresImport) -> bytes:
    try:
        with figures_import.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError):
        raise ImportFileError(GONE_MESSAGE) from None


def figures_import_create(*, organisation, content: bytes, original_name: str, by):
    """Read an uploaded file and keep it for the officer's choices. ImportFileError for a
    file that is not a DfE table (nothing is kept)."""
    summary = summarise(content, original_name)
    extension = "xlsx" if content.startswith(ZIP_MAGIC) else "csv"
    previous = (
        FiguresImport.objects.filter(organisation=organisation)
        .exclude(council_code="")
        .order_by("-created")
        .first()
    )
    start = {}
    if previous is not None:  # the last choices, as far as this file allows
        codes = {c[0] for c in summary.councils}
        start = {
            "council_code": previous.council_code if previous.council_code in codes else "",
            "include_england": previous.include_england,
            "include_region": previous.include_region,
            "neighbour_codes": [c for c in previous.neighbour_codes if c in codes],
            "dataset": previous.dataset,
        }
    return FiguresImport.objects.create(
        organisation=organisation,
        file=ContentFile(content, name=f"{uuid.uuid4().hex}.{extension}"),
        original_name=original_name[:255],
        uploaded_by=by,
        summary=summary.as_json(),
        **start,
    )


def figures_import_choose(*, figures_import: FiguresImport, choices: Choices) -> Checked:
    """Keep the officer's choices and check every row they would import. With no errors the
    import is ready to confirm; with errors it stays waiting for a corrected file."""
    if figures_import.state == FiguresImport.State.IMPORTED:
        raise ValidationError("This file has already been imported. Upload it again to re-import")
    summary = FileSummary.from_json(figures_import.summary)
    problems = choices_problems(summary, choices)
    if problems:
        raise ValidationError(problems)
    try:
        content = file_content(figures_import)
        checked = check_file(
            content,
            figures_import.original_name,
            organisation=figures_import.organisation,
            summary=summary,
            choices=choices,
        )
    except ImportFileError as problem:
        raise ValidationError(problem.message) from None
    for name, value in choices.__dict__.items():
        setattr(figures_import, name, value)
    figures_import.state = (
        FiguresImport.State.CHECKED if checked.is_valid else FiguresImport.State.UPLOADED
    )
    figures_import.save()
    return checked


def figures_import_reopen(*, figures_import: FiguresImport):
    """Back to the choices, from a checked file."""
    if figures_import.state == FiguresImport.State.CHECKED:
        figures_import.state = FiguresImport.State.UPLOADED
        figures_import.save(update_fields=["state"])


def check_import(figures_import: FiguresImport) -> Checked:
    summary = FileSummary.from_json(figures_import.summary)
    return check_file(
        file_content(figures_import),
        figures_import.original_name,
        organisation=figures_import.organisation,
        summary=summary,
        choices=Choices.of(figures_import),
    )


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    new_indicators: int

    def __str__(self):
        total = self.created + self.updated + self.unchanged
        if not (self.created or self.updated):
            return (
                f"Nothing changed: all {total:,} figures in the file were already recorded "
                "as it gives them"
            )
        parts = [f"{self.created:,} new figure{'s' if self.created != 1 else ''}"]
        if self.updated:
            parts.append(f"{self.updated:,} changed")
        if self.unchanged:
            parts.append(f"{self.unchanged:,} already recorded")
        text = f"Imported {', '.join(parts)}"
        if self.new_indicators:
            plural = "s" if self.new_indicators != 1 else ""
            text += f", for {self.new_indicators} new indicator{plural}"
        return text


@transaction.atomic
def figures_import_apply(*, figures_import: FiguresImport) -> ImportResult:
    """Save every checked figure, or none: the file is checked again inside the transaction.
    Figures already recorded with the same value, symbol and source are left as they are,
    so importing the same file twice changes nothing."""
    figures_import = FiguresImport.objects.select_for_update().get(pk=figures_import.pk)
    if figures_import.state == FiguresImport.State.IMPORTED:
        raise ValidationError("This file has already been imported. Nothing was imported again")
    if figures_import.state != FiguresImport.State.CHECKED:
        raise ValidationError("Choose what to import from the file, and check it, first")
    try:
        checked = check_import(figures_import)
    except ImportFileError as problem:
        raise ValidationError(problem.message) from None
    if not checked.is_valid:
        raise ValidationError(
            [str(e) for e in checked.errors[:20]] or ["The choices pick no figures from the file"]
        )
    organisation = figures_import.organisation
    top = PerformanceIndicator.objects.filter(organisation=organisation).aggregate(
        top=Max("position")
    )["top"]
    position = -1 if top is None else top
    new_indicators = 0
    for indicator in checked.indicators.values():
        if indicator.pk is None:
            position += 1
            indicator.position = position
            indicator.save()
            new_indicators += 1
    source, _ = FigureSource.objects.get_or_create(
        organisation=organisation,
        dataset=figures_import.dataset.strip(),
        release=figures_import.release.strip(),
        defaults={"footnote": figures_import.footnote.strip()},
    )
    if source.footnote != figures_import.footnote.strip() and figures_import.footnote.strip():
        source.footnote = figures_import.footnote.strip()
        source.save(update_fields=["footnote"])
    indicator_ids = [i.pk for i in checked.indicators.values()]
    existing = {
        (f.indicator_id, f.period, f.area_code): f
        for f in Figure.objects.filter(organisation=organisation, indicator_id__in=indicator_ids)
    }
    to_create, to_update, unchanged = [], [], 0
    for planned in checked.figures:
        indicator = checked.indicators[planned.series]
        figure = existing.get((indicator.pk, planned.period, planned.area_code))
        wanted = {
            "time_identifier": planned.time_identifier,
            "area": planned.area,
            "area_name": planned.area_name,
            "value": planned.value,
            "symbol": planned.symbol,
            "source_id": source.pk,
        }
        if figure is None:
            to_create.append(
                Figure(
                    organisation=organisation,
                    indicator=indicator,
                    period=planned.period,
                    area_code=planned.area_code,
                    **wanted,
                )
            )
        elif any(getattr(figure, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(figure, name, value)
            to_update.append(figure)
        else:
            unchanged += 1
    # Figures are written in bulk (a national file is tens of thousands): the audit trail
    # records the import itself, with who confirmed it and what it did.
    try:
        Figure.objects.bulk_create(to_create, batch_size=1000)
    except IntegrityError:
        # Another import wrote some of the same figures since they were read above.
        raise ValidationError(
            "Someone else imported some of these figures while you were checking them. "
            "Nothing was imported from this file: choose Import again to import what differs"
        ) from None
    Figure.objects.bulk_update(
        to_update,
        ["time_identifier", "area", "area_name", "value", "symbol", "source"],
        batch_size=1000,
    )
    result = ImportResult(
        created=len(to_create),
        updated=len(to_update),
        unchanged=unchanged,
        new_indicators=new_indicators,
    )
    figures_import.state = FiguresImport.State.IMPORTED
    figures_import.result = result.__dict__
    figures_import.save(update_fields=["state", "result"])
    return result


# Export -------------------------------------------------------------------------------------


def export_indicator(indicator: PerformanceIndicator) -> bytes:
    """An indicator's figures as a DfE file: its filters and its column, one row per period
    and area, symbols as typed. Imported again, it feeds the same indicator and changes
    nothing."""
    figures = list(indicator.figures.order_by("period", "area", "area_name"))
    region = next((f for f in figures if f.area == Figure.Area.REGION), None)
    england = next((f.area_code for f in figures if f.area == Figure.Area.ENGLAND), "")
    filters = dict(indicator.source_filters)
    column = indicator.source_column or "value"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*REQUIRED, *filters, column])
    for figure in figures:
        code, name = figure.area_code, escape_formula(figure.area_name)
        geography = {
            Figure.Area.ENGLAND: [NATIONAL, code, "", "", "", "", ""],
            Figure.Area.REGION: [REGIONAL, england, code, name, "", "", ""],
        }.get(figure.area)
        if geography is None:  # the council or a neighbour
            geography = [
                LOCAL_AUTHORITY,
                england,
                region.area_code if region else "",
                escape_formula(region.area_name) if region else "",
                "",
                name,
                code,
            ]
        cell = figure.symbol or f"{figure.value.normalize():f}"
        writer.writerow(
            [
                figure.period,
                escape_formula(figure.time_identifier),
                *geography,
                *(escape_formula(v) for v in filters.values()),
                cell,
            ]
        )
    return out.getvalue().encode("utf-8")


# The template -------------------------------------------------------------------------------

TEMPLATE_INDICATORS = ("cla_count", "pc_three_or_more_placements")


def template_csv() -> bytes:
    """A small file in the DfE layout: England, a region and a council, two indicators."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*REQUIRED, "country_name", "cla_group", *TEMPLATE_INDICATORS])
    england = ["E92000001", "", "", "", "", ""]
    region = ["E92000001", "E12000008", "South East", "", "", ""]
    council = ["E92000001", "E12000008", "South East", "850", "Hampshire", "E10000014"]
    for period in ("202223", "202324"):
        start = [period, "Financial year"]
        writer.writerow(
            [*start, NATIONAL, *england, "England", "Children looked after", "83840", "10"]
        )
        writer.writerow(
            [*start, REGIONAL, *region, "England", "Children looked after", "11380", "c"]
        )
        writer.writerow(
            [*start, LOCAL_AUTHORITY, *council, "England", "Children looked after", "1650", "9"]
        )
    return out.getvalue().encode("utf-8")

"""A wave's tables as a spreadsheet (CSV or XLSX), always as published.

Built from `selectors.wave_tables()` with the PUBLISHED audience: the very rows and cells the
public page shows, so the spreadsheet cannot say more than the page (tests read both back and
compare them, and run the attacker on what the file publishes). An export leaves the
officers' hands, so officers get the published figures too. Text a spreadsheet would run as a
formula is escaped (`escape_formula`).
"""

from __future__ import annotations

import tablib

from corporate_parenting.spreadsheets import escape_formula

from .published import HIDDEN_MEANING, Audience, Disclosure
from .selectors import findings, wave_tables

COLUMNS = ("Table", "Group", "Cohort", "Measure", "Value")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def wave_rows(wave, disclosure: Disclosure):
    """(table, group, cohort, measure, value) for every published figure of the wave, values
    as text: "42", "18%", "c" (hidden)."""
    tables = wave_tables(wave, disclosure)
    for row in [*tables.rates, tables.total]:
        yield ("Response rates", row.label, row.label, "Could have answered", f"{row.eligible:,}")
        yield ("Response rates", row.label, row.label, "Responses", row.responses.text())
        yield ("Response rates", row.label, row.label, "Response rate", row.rate.text() or "-")
    for table in tables.demographics:
        for row in table.rows:
            yield (table.dimension, row.category, row.cohort, "Respondents", row.count.text())
            yield (table.dimension, row.category, row.cohort, "Share", row.share.text() or "-")
    for domain, rows in tables.domains:
        for row in rows:
            question, cohort = row.indicator.question, row.indicator.cohort
            cohort = cohort.label if cohort else "All"
            yield (domain, question, cohort, "Count", row.count.text())
            yield (domain, question, cohort, "Answered", row.denominator.text())
            yield (domain, question, cohort, "Percentage", row.share.text())
            for c in row.comparators:
                yield (domain, question, cohort, f"{c.comparator}", f"{c.comparator.percentage}%")
    for finding, said_by in findings(wave, disclosure):
        if finding.count is not None:
            kind = finding.get_kind_display()
            cohort = finding.cohort.label if finding.cohort else "All"
            yield (kind, finding.summary, cohort, "Said by", said_by.text())


def wave_export(wave, fmt: str) -> tuple[bytes, str, str]:
    """The file's bytes, content type and name, for `fmt` "csv" or "xlsx"."""
    disclosure = Disclosure(wave.organisation, Audience.PUBLISHED)
    dataset = tablib.Dataset(headers=list(COLUMNS), title="Published figures")
    for row in wave_rows(wave, disclosure):
        dataset.append([escape_formula(value) for value in row])
    dataset.append(["Key", "", "", "", f"{HIDDEN_MEANING} {disclosure.rule}"])
    name = f"{wave.instrument.name} {wave.label}".replace("/", "-")
    data = dataset.export(fmt)
    if isinstance(data, str):
        data = ("\ufeff" + data).encode("utf-8")  # Excel reads UTF-8 CSV by its BOM
    return data, FORMATS[fmt], f"{name} (published figures).{fmt}"

"""Bank holidays in England and Wales, 2015 to 2030: the days that are not working days for
the council's promise about answering ("get back to you within 3 working days", seed 004).

Source: GOV.UK, "UK bank holidays" (https://www.gov.uk/bank-holidays, England and Wales),
for 2015 to 2026 as published, including the one-off days (8 May 2020, the early May bank
holiday moved for VE Day; 2 and 3 June 2022, the Platinum Jubilee; 19 September 2022, the
State Funeral of Queen Elizabeth II; 8 May 2023, the Coronation of King Charles III). 2027 to
2030 follow the same rules (Banking and Financial Dealings Act 1971 and the royal
proclamations of the usual days: New Year's Day, Good Friday, Easter Monday, the first and
last Mondays of May, the last Monday of August, Christmas Day and Boxing Day, each moved to
the next weekday when it falls at a weekend), so a one-off day announced later is not here.

Kept as data, with no network and no extra package (the `holidays` package is not
installed). Outside 2015-2030 only weekends are left out: `covers(day)` says so.
"""

from datetime import date

FIRST_YEAR, LAST_YEAR = 2015, 2030

ENGLAND_AND_WALES = tuple(
    date.fromisoformat(day)
    for day in (
        # 2015
        "2015-01-01", "2015-04-03", "2015-04-06", "2015-05-04", "2015-05-25", "2015-08-31",
        "2015-12-25", "2015-12-28",
        # 2016
        "2016-01-01", "2016-03-25", "2016-03-28", "2016-05-02", "2016-05-30", "2016-08-29",
        "2016-12-26", "2016-12-27",
        # 2017
        "2017-01-02", "2017-04-14", "2017-04-17", "2017-05-01", "2017-05-29", "2017-08-28",
        "2017-12-25", "2017-12-26",
        # 2018
        "2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27",
        "2018-12-25", "2018-12-26",
        # 2019
        "2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26",
        "2019-12-25", "2019-12-26",
        # 2020: the early May bank holiday moved to Friday 8 May (VE Day)
        "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31",
        "2020-12-25", "2020-12-28",
        # 2021
        "2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30",
        "2021-12-27", "2021-12-28",
        # 2022: the Platinum Jubilee (2 and 3 June), the State Funeral (19 September)
        "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03",
        "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27",
        # 2023: the Coronation (8 May)
        "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
        "2023-08-28", "2023-12-25", "2023-12-26",
        # 2024
        "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
        "2024-12-25", "2024-12-26",
        # 2025
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
        "2025-12-25", "2025-12-26",
        # 2026
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
        "2026-12-25", "2026-12-28",
        # 2027 onwards: by the usual rules
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
        "2027-12-27", "2027-12-28",
        "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28",
        "2028-12-25", "2028-12-26",
        "2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07", "2029-05-28", "2029-08-27",
        "2029-12-25", "2029-12-26",
        "2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06", "2030-05-27", "2030-08-26",
        "2030-12-25", "2030-12-26",
    )
)  # fmt: skip


def covers(day: date) -> bool:
    """Whether the table knows the bank holidays of `day`'s year."""
    return FIRST_YEAR <= day.year <= LAST_YEAR

"""Building DfE-layout figures files for the figures tests, and importing them by HTTP."""

import csv
import io
from html import unescape

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from surveys.models import FiguresImport

from ..access import client_for

# As the DfE's own files order them (country_name, then the geography), then a filter.
HEADER = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "characteristic",
    "number",
    "percentage",
]
COUNCIL = "E10000014"
NEIGHBOUR = "E10900001"
OTHER = "E10900009"


def row(
    period,
    level,
    *,
    code="",
    name="",
    characteristic="Three or more placements",
    number="10",
    percentage="9",
):
    """One row: level is "england", "region", a council code, or "other region"."""
    geography = {
        "england": ["National", "E92000001", "England", "", "", "", "", ""],
        "region": ["Regional", "E92000001", "England", "E12000008", "South East", "", "", ""],
        "other region": ["Regional", "E92000001", "England", "E12000009", "South West", "", "", ""],
    }.get(level)
    if geography is None:
        names = {COUNCIL: "Hampshire", NEIGHBOUR: "Northshire", OTHER: "Elsewhere"}
        geography = [
            "Local authority",
            "E92000001",
            "England",
            "E12000008",
            "South East",
            level,
            "850",
            name or names.get(level, level),
        ]
    return [period, "Financial year", *geography, characteristic, number, percentage]


def standard_rows():
    """Two years; England, two regions, the council, a neighbour and one other council; two
    characteristics."""
    rows = []
    for period, shift in (("202223", 0), ("202324", 1)):
        for level in ("england", "region", "other region", COUNCIL, NEIGHBOUR, OTHER):
            rows.append(row(period, level, number=str(100 + shift), percentage=str(10 - shift)))
            rows.append(
                row(
                    period,
                    level,
                    characteristic="Total",
                    number=str(1000 + shift),
                    percentage="100",
                )
            )
    return rows


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def csv_upload(rows, header=HEADER, *, name="figures.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows, header), content_type="text/csv")


def xlsx_upload(rows, header=HEADER, *, name="figures.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for cells in rows:
        sheet.append([_typed(cell) for cell in cells])
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def _typed(cell):
    """Numbers as Excel holds them: 202324 and 10 as numbers, symbols as text."""
    try:
        return int(cell)
    except (TypeError, ValueError):
        try:
            return float(cell)
        except (TypeError, ValueError):
            return cell


PLACEMENTS = "percentage|characteristic=Three or more placements"
TOTAL = "number|characteristic=Total"


def choices(**overrides):
    data = {
        "action": "check",
        "council_code": COUNCIL,
        "series": [PLACEMENTS],
        "include_england": "on",
        "include_region": "on",
        "neighbour_codes": [NEIGHBOUR],
        "dataset": "Children looked after in England including adoptions",
        "release": "2024 release",
        "footnote": "Figures for 2023-24.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def upload(user, upload_file):
    """POST a file to the upload page: the response (a redirect to choose, or the form)."""
    return client_for(user).post(reverse("surveys:figures_import"), {"file": upload_file})


def uploaded(user, upload_file) -> FiguresImport:
    response = upload(user, upload_file)
    assert response.status_code == 302, page_text(response)
    return FiguresImport.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[-1]))


def check(user, figures_import, **overrides):
    url = reverse("surveys:figures_import_preview", args=[figures_import.pk])
    return client_for(user).post(url, choices(**overrides))


def confirm(user, figures_import):
    url = reverse("surveys:figures_import_preview", args=[figures_import.pk])
    return client_for(user).post(url, {"action": "import"})


def import_file(user, upload_file, **overrides):
    """Upload, choose and import; the import's message."""
    figures_import = uploaded(user, upload_file)
    checked = check(user, figures_import, **overrides)
    assert checked.status_code == 302, page_text(checked)
    response = confirm(user, figures_import)
    assert response.status_code == 302
    return messages_of(response)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def page_text(response) -> str:
    return unescape(response.content.decode())

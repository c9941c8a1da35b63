"""Building pledge spreadsheets for the import tests, and reading back what was imported."""

import csv
import io
from html import unescape

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pledges.importing import ALL_COLUMNS, COLUMNS
from pledges.models import Commitment, ProgressUpdate

from ..access import client_for

KEYS = [column.key for column in ALL_COLUMNS]
# The format before issue 11: one row per promise, every action in one cell.
OLD_COLUMNS = (
    "theme",
    "commitment",
    "young_people_wording",
    "lead_email",
    "partners",
    "target",
    "due_date",
    "actions",
)


def line(**cells) -> list:
    """One row of the current format, in COLUMNS order, from column keys."""
    unknown = set(cells) - set(KEYS)
    assert not unknown, unknown
    return [cells.get(key, "") for key in KEYS]


def csv_bytes(rows, header=COLUMNS, *, bom=False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def csv_upload(rows, header=COLUMNS, *, name="pledge.csv", bom=False):
    return SimpleUploadedFile(name, csv_bytes(rows, header, bom=bom), content_type="text/csv")


def xlsx_upload(rows, header=COLUMNS, *, name="pledge.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(user, version, file):
    return client_for(user).post(
        reverse("pledges:import_upload", args=[version.pk]), {"file": file}
    )


def upload_and_import(user, version, file):
    """Upload, then confirm: the confirmation's response."""
    uploaded = upload(user, version, file)
    assert uploaded.status_code == 302, page(uploaded)
    return client_for(user).post(uploaded.url)


def page(response) -> str:
    return unescape(response.content.decode())


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def csv_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_values(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def action_status(action):
    latest = ProgressUpdate.objects.approved().filter(action=action).latest_first().first()
    return latest.status if latest else None


def snapshot(version):
    """Everything a version holds, in order, to compare before and after."""
    return [
        (
            c.theme.title,
            c.wording,
            c.young_people_wording,
            c.lead_id,
            c.partners,
            c.target,
            c.due_date,
            [
                (
                    a.description,
                    a.owner,
                    a.timeline,
                    a.links,
                    a.expected_outcome,
                    action_status(a),
                )
                for a in c.actions.all()
            ],
        )
        for c in Commitment.objects.in_version(version).select_related("theme")
    ]

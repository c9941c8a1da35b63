"""Importing a pledge from a CSV or Excel file, with a preview, and exporting it in the same
shape (issue 3, point 8).

A good file imports; a file with a bad row imports nothing and names the row and the field;
a file of another shape gets a clear message; an export imports back unchanged.
"""

import csv
import io
from datetime import date, datetime
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pledges.importing import COLUMNS, MAX_ROWS
from pledges.models import Commitment, CommitmentAction, PledgeImport, PledgeVersion, Theme

from ..access import client_for
from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    MembershipFactory,
    PledgeVersionFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# Files -------------------------------------------------------------------------------------


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


def good_rows(world):
    return [
        [
            "your voice",  # the version's own theme, whatever its case
            "We will reply to you within 3 working days",
            "We will answer you quickly",
            world.officer.email.upper(),
            "Health, Police",
            "reply within 3 working days",
            "31/03/2026",
            "Run a workshop | Participation team | By March | Young people know who to ask\n"
            "Publish the contacts page",
        ],
        [
            "Education",
            "We will help you stay in school",
            "",
            "",
            "",
            "",
            "2026-09-01",
            "",
        ],
        ["Education", "We will pay for school trips", "", "", "Schools", "", "", ""],
    ]


# Helpers -----------------------------------------------------------------------------------


def upload(user, version, file):
    return client_for(user).post(
        reverse("pledges:import_upload", args=[version.pk]), {"file": file}
    )


def page(response) -> str:
    return unescape(response.content.decode())


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


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
            [(a.description, a.owner, a.timeline, a.expected_outcome) for a in c.actions.all()],
        )
        for c in Commitment.objects.in_version(version).select_related("theme")
    ]


@pytest.fixture
def draft(world):
    version = PledgeVersionFactory(organisation=world.organisation, label="2026 revision")
    theme = ThemeFactory(version=version, title="Your Voice", position=0)
    CommitmentFactory(theme=theme, wording="We will listen to you", position=0)
    return version


# A good file imports ----------------------------------------------------------------------


def test_a_good_csv_is_previewed_then_imported_with_everything_it_holds(world, draft):
    before = Commitment.objects.count()
    response = upload(world.officer, draft, csv_upload(good_rows(world), bom=True))

    pledge_import = PledgeImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pledges:import_preview", args=[pledge_import.pk])
    assert (pledge_import.original_name, pledge_import.uploaded_by) == ("pledge.csv", world.officer)
    assert pledge_import.organisation == world.organisation
    assert Commitment.objects.count() == before, "the preview saves nothing"

    preview = client_for(world.officer).get(response.url)
    html = page(preview)
    assert preview.status_code == 200
    assert "3 commitments in 2 themes, of which 1 is a new theme" in html
    assert "We will help you stay in school" in html
    assert "New theme" in html
    assert "your voice" not in html, "a row joins the version's theme, shown by its own title"
    assert 'data-testid="confirm-import"' in html
    assert "There is a problem" not in html

    done = client_for(world.officer).post(response.url)
    assert done.status_code == 302
    assert done.url == reverse("pledges:version", args=[draft.pk])
    assert flashed(done) == ["Imported 3 commitments in 2 themes."]

    pledge_import.refresh_from_db()
    assert pledge_import.state == PledgeImport.State.IMPORTED
    assert [t.title for t in draft.themes.all()] == ["Your Voice", "Education"]
    voice, education = draft.themes.all()
    assert [c.wording for c in voice.commitments.all()] == [
        "We will listen to you",
        "We will reply to you within 3 working days",
    ]
    reply = voice.commitments.get(wording__startswith="We will reply")
    assert reply.young_people_wording == "We will answer you quickly"
    assert reply.lead == world.officer
    assert reply.partner_list == ["Health", "Police"]
    assert reply.target == "reply within 3 working days"
    assert reply.due_date == date(2026, 3, 31)
    assert [
        (a.description, a.owner, a.timeline, a.expected_outcome) for a in reply.actions.all()
    ] == [
        ("Run a workshop", "Participation team", "By March", "Young people know who to ask"),
        ("Publish the contacts page", "", "", ""),
    ]
    assert [(c.wording, c.due_date, c.partners) for c in education.commitments.all()] == [
        ("We will help you stay in school", date(2026, 9, 1), ""),
        ("We will pay for school trips", None, "Schools"),
    ]
    assert all(c.organisation == world.organisation for c in Commitment.objects.all())
    assert all(a.organisation == world.organisation for a in CommitmentAction.objects.all())


def test_a_good_spreadsheet_imports(world, draft):
    header = [
        "Theme",
        "Commitment",
        "Young people wording",
        "Lead email",
        "Partners",
        "Target",
        "Due date",
        "Actions",
    ]
    rows = [
        [
            "Health",
            "We will make sure you see a dentist",
            "You will see a dentist",
            world.administrator.email,
            "NHS",
            95,  # a number in the spreadsheet
            datetime(2026, 12, 1),  # a real date cell
            "Book check-ups | Health team",
        ],
    ]
    response = upload(world.officer, draft, xlsx_upload(rows, header))
    assert response.status_code == 302
    done = client_for(world.officer).post(response.url)
    assert flashed(done) == ["Imported 1 commitment in 1 theme."]

    dentist = Commitment.objects.get(wording="We will make sure you see a dentist")
    assert dentist.theme.title == "Health"
    assert dentist.theme.version == draft
    assert (dentist.lead, dentist.partners, dentist.target, dentist.due_date) == (
        world.administrator,
        "NHS",
        "95",
        date(2026, 12, 1),
    )
    assert [(a.description, a.owner) for a in dentist.actions.all()] == [
        ("Book check-ups", "Health team")
    ]


# A bad row imports nothing ----------------------------------------------------------------


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row_and_field(world, draft):
    rows = good_rows(world)
    rows[1][6] = "31/02/2026"  # row 3: no such date
    rows[2][1] = ""  # row 4: no commitment
    rows[2][7] = "| Schools team"  # row 4: an action without a description
    before = snapshot(draft)

    response = upload(world.officer, draft, csv_upload(rows))
    assert response.status_code == 302
    preview = client_for(world.officer).get(response.url)
    html = page(preview)

    assert "Error: Check the commitments" in html
    assert "Row 3, due_date: Enter a date like 31/03/2026" in html
    assert "Row 4, commitment: Enter the commitment" in html
    assert "Row 4, actions: The action: enter what will be done before the first |" in html
    assert 'href="#row-3"' in html and 'id="row-3"' in html
    assert "Nothing has been imported" in html
    assert 'data-testid="confirm-import"' not in html
    assert PledgeImport.objects.get().state == PledgeImport.State.REJECTED

    refused = client_for(world.officer).post(response.url)
    assert refused.status_code == 302
    assert snapshot(draft) == before
    assert PledgeImport.objects.get().state == PledgeImport.State.REJECTED


def test_row_numbers_are_the_spreadsheets_even_with_multi_line_cells_and_blank_rows(world, draft):
    rows = good_rows(world)  # row 2 has a cell of two lines
    rows[1][6] = "1 Sept 2026"  # row 3
    bad = ["Education", "We will", "", "", "", "", "next year", ""]
    content = csv_bytes(rows[:2]) + b"\r\n" + csv_bytes([rows[2], bad], header=None)
    # Row 4 is blank, row 5 is good, row 6 is bad.

    response = upload(world.officer, draft, SimpleUploadedFile("pledge.csv", content))
    html = page(client_for(world.officer).get(response.url))
    assert "Row 3, due_date: Enter a date like 31/03/2026" in html
    assert "Row 6, due_date: Enter a date like 31/03/2026" in html
    assert "Row 5" not in html.split("There is a problem")[1].split("</ul>")[0]


def test_a_lead_from_another_organisation_is_an_error(world, draft):
    rows = good_rows(world)
    rows[0][3] = world.outsiders["officer"].email
    response = upload(world.officer, draft, csv_upload(rows))
    html = page(client_for(world.officer).get(response.url))
    assert (
        "Row 2, lead_email: Enter the email address of an active member of "
        f"Shire County Council: {world.outsiders['officer'].email} is not one"
    ) in html
    client_for(world.officer).post(response.url)
    assert draft.themes.count() == 1 and Commitment.objects.in_version(draft).count() == 1


def test_a_lead_who_has_left_or_gave_a_malformed_email_is_an_error(world, draft):
    gone = UserFactory(email="gone@shire.example.org")
    MembershipFactory(organisation=world.organisation, user=gone, is_active=False)
    rows = good_rows(world)
    rows[0][3] = gone.email
    rows[1][3] = "not an email"
    response = upload(world.officer, draft, csv_upload(rows))
    html = page(client_for(world.officer).get(response.url))
    assert "Row 2, lead_email: Enter the email address of an active member" in html
    assert (
        "Row 3, lead_email: Enter an email address in the correct format, like name@example.org"
    ) in html


# A file of another shape gets a clear message ---------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "people.csv",
            b"name,email\nSam,sam@example.org\n",
            "Row 1 of the selected file must name the columns theme, commitment, "
            "young_people_wording, lead_email, partners, target, due_date, actions",
        ),
        (
            "no-target.csv",
            csv_bytes([], [c for c in COLUMNS if c != "target"] + ["Notes", "THEME"]),
            "Row 1 of the selected file is missing the column target and has the column "
            "Notes, which is not recognised and names the column theme more than once. "
            "Row 1 must name the columns theme, commitment,",
        ),
        ("photo.csv", PNG, "The selected file must be a CSV or an Excel spreadsheet (.xlsx)"),
        ("photo.png", PNG, "The selected file must be a CSV or an Excel spreadsheet (.xlsx)"),
        ("empty.csv", b"", "The selected file is empty"),
        ("header-only.csv", csv_bytes([]), "The selected file has no commitments"),
        (
            "latin1.csv",
            csv_bytes([["Théme", "We will", "", "", "", "", "", ""]]).decode().encode("latin-1"),
            "The selected file must be saved as CSV UTF-8",
        ),
        (
            "semicolons.csv",
            ";".join(COLUMNS).encode() + b"\nA;B;;;;;;\n",
            "The columns in the selected file must be separated by commas",
        ),
        (
            "long-cell.csv",
            csv_bytes([["Theme", "We will " + "listen " * 30_000, "", "", "", "", "", ""]]),
            "Row 2 has a cell longer than 131,072 characters",
        ),
        (
            "open-quote.csv",
            csv_bytes([]) + b'Theme,"We will listen,,,,,,\n' + b"more words\n" * 20_000,
            "check that every quotation mark in row 2 is closed",
        ),
        ("broken.xlsx", b"theme,commitment\n", "could not be opened as an Excel spreadsheet"),
        ("zip.xlsx", b"PK\x03\x04not really a zip", "could not be opened as an Excel spreadsheet"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel file (.xls)"),
        (
            "locked.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "The selected file is protected with a password",
        ),
    ],
)
def test_a_file_of_another_shape_gets_a_clear_message_and_nothing_is_saved(
    world, draft, name, content, message
):
    before = snapshot(draft)
    response = upload(world.officer, draft, SimpleUploadedFile(name, content))
    html = page(response)
    assert response.status_code == 200
    assert "Error: Import commitments" in html
    assert "There is a problem" in html
    assert message in html
    assert not PledgeImport.objects.exists()
    assert snapshot(draft) == before


def test_no_file_at_all_asks_for_one(world, draft):
    response = client_for(world.officer).post(reverse("pledges:import_upload", args=[draft.pk]))
    assert response.status_code == 200
    assert "Select a CSV or Excel file" in page(response)


def test_too_many_rows_or_too_big_a_file_is_refused(world, draft):
    many = [["Theme", f"We will keep promise {n}", "", "", "", "", "", ""] for n in range(1001)]
    response = upload(world.officer, draft, csv_upload(many))
    assert f"no more than {MAX_ROWS:,} rows" in page(response)

    big = csv_upload([["Theme", "x" * (2 * 1024 * 1024), "", "", "", "", "", ""]])
    response = upload(world.officer, draft, big)
    assert "The selected file must be smaller than 2MB" in page(response)
    assert not PledgeImport.objects.exists()


def test_the_upload_page_explains_the_columns_and_uses_a_file_upload_form(world, draft):
    response = client_for(world.officer).get(reverse("pledges:import_upload", args=[draft.pk]))
    html = page(response)
    assert 'enctype="multipart/form-data"' in html
    assert 'class="govuk-file-upload"' in html
    assert 'type="file"' in html
    for column in COLUMNS:
        assert f"<code>{column}</code>" in html
    assert reverse("pledges:export", args=[draft.pk]) + "?format=xlsx" in html
    assert "style=" not in html and "<script>" not in html


# Never twice, never into an adopted version -----------------------------------------------


def test_importing_the_same_file_twice_is_refused(world, draft):
    response = upload(world.officer, draft, csv_upload(good_rows(world)))
    client_for(world.officer).post(response.url)
    after_first = snapshot(draft)

    again = client_for(world.officer).post(response.url)
    assert again.status_code == 302
    assert flashed(again) == ["This file has already been imported. Nothing was imported again"]
    assert snapshot(draft) == after_first
    preview = page(client_for(world.officer).get(response.url))
    assert "This file has been imported" in preview
    assert 'data-testid="confirm-import"' not in preview


def test_an_adopted_version_cannot_be_imported_into(world):
    adopted = PledgeVersionFactory(organisation=world.organisation, adopted=True, label="2020")
    page_ = page(client_for(world.officer).get(reverse("pledges:import_upload", args=[adopted.pk])))
    assert "You cannot import into 2020: it is adopted" in page_
    assert 'type="file"' not in page_

    response = upload(world.officer, adopted, csv_upload(good_rows(world)))
    assert response.status_code == 200
    assert not PledgeImport.objects.exists()
    assert not adopted.themes.exists()


def test_a_version_adopted_after_the_preview_is_not_imported_into(world, draft):
    response = upload(world.officer, draft, csv_upload(good_rows(world)))
    before = snapshot(draft)
    PledgeVersion.objects.filter(pk=draft.pk).update(state=PledgeVersion.State.ADOPTED)

    preview = page(client_for(world.officer).get(response.url))
    assert "You cannot import into 2026 revision: it is adopted" in preview
    assert 'data-testid="confirm-import"' not in preview
    refused = client_for(world.officer).post(response.url)
    assert "You cannot import into 2026 revision: it is adopted" in flashed(refused)[0]
    assert snapshot(draft) == before
    assert PledgeImport.objects.get().state == PledgeImport.State.PREVIEWED


def test_a_preview_is_checked_again_when_it_is_confirmed(world, draft):
    """The lead left the council between the preview and the confirmation."""
    leaving = UserFactory(email="leaving@shire.example.org")
    membership = MembershipFactory(organisation=world.organisation, user=leaving)
    rows = good_rows(world)
    rows[0][3] = leaving.email
    response = upload(world.officer, draft, csv_upload(rows))
    before = snapshot(draft)
    membership.is_active = False
    membership.save()

    refused = client_for(world.officer).post(response.url)
    assert refused.url == response.url
    assert snapshot(draft) == before
    assert "Row 2, lead_email" in page(client_for(world.officer).get(response.url))


# Export -----------------------------------------------------------------------------------


@pytest.fixture
def full_version(world):
    version = PledgeVersionFactory(organisation=world.organisation, label="2026 Revision!")
    voice = ThemeFactory(version=version, title="Your Voice", position=0)
    home = ThemeFactory(version=version, title="A Place to Call Home", position=1)
    first = CommitmentFactory(
        theme=voice,
        position=0,
        wording="We will reply to you within 3 working days",
        young_people_wording="We will answer you quickly,\nand say who is dealing with it",
        lead=world.officer,
        partners="Health, Police",
        target="reply within 3 working days",
        due_date=date(2026, 3, 31),
    )
    CommitmentActionFactory(
        commitment=first,
        description="Run a workshop",
        owner="Participation team",
        timeline="By March",
        expected_outcome="Young people know who to ask",
        position=0,
    )
    CommitmentActionFactory(
        commitment=first, description="Publish the contacts page", owner="", timeline="", position=1
    )
    CommitmentFactory(
        theme=home,
        position=0,
        wording="-1 in 5 care leavers are homeless: we will halve that",
        young_people_wording="=You will have a home",
        partners="@Housing",
        target="+50%",
    )
    return version


def test_export_then_reimport_gives_the_same_pledge(world, full_version):
    for file_format in ("csv", "xlsx"):
        response = client_for(world.officer).get(
            reverse("pledges:export", args=[full_version.pk]), {"format": file_format}
        )
        assert response.status_code == 200
        copy = PledgeVersionFactory(organisation=world.organisation)

        uploaded = upload(
            world.officer, copy, SimpleUploadedFile(f"export.{file_format}", response.content)
        )
        assert uploaded.status_code == 302, page(uploaded)
        done = client_for(world.officer).post(uploaded.url)
        assert flashed(done) == ["Imported 2 commitments in 2 themes."]
        assert snapshot(copy) == snapshot(full_version), file_format


def test_export_names_the_file_after_the_version(world, full_version):
    url = reverse("pledges:export", args=[full_version.pk])
    csv_response = client_for(world.clerk).get(url)
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == (
        'attachment; filename="pledge-2026-revision.csv"'
    )
    assert csv_response.content.startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
    xlsx_response = client_for(world.clerk).get(url, {"format": "xlsx"})
    assert xlsx_response["Content-Disposition"] == (
        'attachment; filename="pledge-2026-revision.xlsx"'
    )
    assert client_for(world.clerk).get(url, {"format": "pdf"}).status_code == 404


def test_export_has_the_columns_and_one_row_per_commitment(world, full_version):
    response = client_for(world.councillor).get(reverse("pledges:export", args=[full_version.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert rows[1] == [
        "Your Voice",
        "We will reply to you within 3 working days",
        "We will answer you quickly,\nand say who is dealing with it",
        "officer@shire.example.org",
        "Health, Police",
        "reply within 3 working days",
        "2026-03-31",
        "Run a workshop | Participation team | By March | Young people know who to ask\n"
        "Publish the contacts page",
    ]
    assert len(rows) == 3


def test_export_escapes_spreadsheet_formulae(world, full_version):
    response = client_for(world.officer).get(reverse("pledges:export", args=[full_version.pk]))
    row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[2]
    assert row[1] == "'-1 in 5 care leavers are homeless: we will halve that"
    assert row[2] == "'=You will have a home"
    assert row[4] == "'@Housing"
    assert row[5] == "'+50%"

    response = client_for(world.officer).get(
        reverse("pledges:export", args=[full_version.pk]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = next(sheet.iter_rows(min_row=3, max_row=3))
    assert cells[2].value == "'=You will have a home"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.cell(row=2, column=7).value == datetime(2026, 3, 31)


def test_a_theme_with_formula_like_title_round_trips(world):
    version = PledgeVersionFactory(organisation=world.organisation)
    CommitmentFactory(theme__version=version, theme__title="+ More support", wording="=1+1")
    exported = client_for(world.officer).get(reverse("pledges:export", args=[version.pk])).content
    assert b"'+ More support" in exported and b"'=1+1" in exported
    copy = PledgeVersionFactory(organisation=world.organisation)
    client_for(world.officer).post(
        upload(world.officer, copy, SimpleUploadedFile("p.csv", exported)).url
    )
    assert [(t.title) for t in Theme.objects.filter(version=copy)] == ["+ More support"]
    assert Commitment.objects.in_version(copy).get().wording == "=1+1"

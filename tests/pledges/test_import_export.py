"""Importing a pledge from a CSV or Excel file, with a preview, and exporting it in the same
shape (issue 3, point 8; the action plan layout of issue 11 is in test_import_action_plan.py).

A good file imports; a file with a bad row imports nothing and names the row and the field;
a file of another shape gets a clear message; an export imports back unchanged.
"""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pledges.importing import COLUMNS, MAX_ROWS
from pledges.models import (
    Commitment,
    CommitmentAction,
    PledgeImport,
    PledgeVersion,
    Status,
    Theme,
)

from ..access import client_for
from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    MembershipFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
    UserFactory,
)
from .sheets import (
    KEYS,
    csv_bytes,
    csv_of,
    csv_upload,
    flashed,
    line,
    page,
    snapshot,
    upload,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def good_rows(world):
    """Rows 2 to 5: a promise with two actions (the second on a row that leaves the promise
    columns blank), and two promises with none, the last taking the theme above it."""
    return [
        line(
            theme="your voice",  # the version's own theme, whatever its case
            promise="We will reply to you within 3 working days",
            young_people_wording="We will answer you quickly",
            lead_email=world.officer.email.upper(),
            partners="Health, Police",
            target="reply within 3 working days",
            due_date="31/03/2026",
            action="Run a workshop",
            owner="Participation team",
            timeline="By March",
            links="Participation Strategy 2025-2028",
            expected_outcome="Young people know who to ask",
        ),
        line(action="Publish the contacts page"),
        line(theme="Education", promise="We will help you stay in school", due_date="2026-09-01"),
        line(promise="We will pay for school trips", partners="Schools"),
    ]


def cell(rows, row_number, key, value):
    """Set one cell, by its spreadsheet row number (the header is row 1)."""
    rows[row_number - 2][KEYS.index(key)] = value


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
    assert "3 promises with 2 actions in 2 themes, of which 1 is a new theme" in html
    assert "We will help you stay in school" in html
    assert "New theme" in html
    assert html.count('data-testid="import-theme"') == 3
    assert "your voice" not in html, "a row joins the version's theme, shown by its own title"
    assert 'data-testid="confirm-import"' in html
    assert "Import 3 promises" in html
    assert "There is a problem" not in html
    assert "commitment" not in html.lower(), "the council's words: promise, not commitment"

    done = client_for(world.officer).post(response.url)
    assert done.status_code == 302
    assert done.url == reverse("pledges:version", args=[draft.pk])
    assert flashed(done) == ["Imported 3 promises and 2 actions in 2 themes."]

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
        (a.description, a.owner, a.timeline, a.links, a.expected_outcome)
        for a in reply.actions.all()
    ] == [
        (
            "Run a workshop",
            "Participation team",
            "By March",
            "Participation Strategy 2025-2028",
            "Young people know who to ask",
        ),
        ("Publish the contacts page", "", "", "", ""),
    ]
    assert [(c.wording, c.due_date, c.partners) for c in education.commitments.all()] == [
        ("We will help you stay in school", date(2026, 9, 1), ""),
        ("We will pay for school trips", None, "Schools"),
    ]
    assert all(c.organisation == world.organisation for c in Commitment.objects.all())
    assert all(a.organisation == world.organisation for a in CommitmentAction.objects.all())
    draft.refresh_from_db()
    assert not draft.numbered, "a file without numbers leaves the version unnumbered"


def test_a_good_spreadsheet_imports(world, draft):
    header = [
        "Theme",
        "PROMISE",
        "Promise in young people\u2019s words",  # a curly apostrophe, as Word types it
        "Lead_Email",
        "Partners",
        "Target",
        "Due date",
        "Action",
        "Responsible Officer or Team",
        "Links to other plans / strategies",
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
            "Book check-ups",
            "Health team",
            "Health Strategy",
        ],
    ]
    response = upload(world.officer, draft, xlsx_upload(rows, header))
    assert response.status_code == 302, page(response)
    done = client_for(world.officer).post(response.url)
    assert flashed(done) == ["Imported 1 promise and 1 action in 1 theme."]

    dentist = Commitment.objects.get(wording="We will make sure you see a dentist")
    assert dentist.theme.title == "Health"
    assert dentist.theme.version == draft
    assert dentist.young_people_wording == "You will see a dentist"
    assert (dentist.lead, dentist.partners, dentist.target, dentist.due_date) == (
        world.administrator,
        "NHS",
        "95",
        date(2026, 12, 1),
    )
    assert [(a.description, a.owner, a.links) for a in dentist.actions.all()] == [
        ("Book check-ups", "Health team", "Health Strategy")
    ]


# A bad row imports nothing ----------------------------------------------------------------


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row_and_field(world, draft):
    rows = good_rows(world)
    cell(rows, 4, "due_date", "31/02/2026")  # no such date
    cell(rows, 5, "promise", "")  # row 5 then continues the promise above...
    cell(rows, 5, "partners", "")
    cell(rows, 5, "timeline", "By June")  # ...with an action that says nothing is done
    cell(rows, 3, "owner", "x" * 201)
    before = snapshot(draft)

    response = upload(world.officer, draft, csv_upload(rows))
    assert response.status_code == 302
    preview = client_for(world.officer).get(response.url)
    html = page(preview)

    assert "Error: Check the promises" in html
    assert (
        "Row 3, responsible officer or team: Responsible officer or team must be 200 "
        "characters or fewer"
    ) in html
    assert "Row 4, due date: Enter a date like 31/03/2026" in html
    assert "Row 5, action: Enter the action: what will be done" in html
    assert 'href="#row-4"' in html and 'id="row-4"' in html
    assert 'href="#row-3"' in html and 'id="row-3"' in html, "a continuation row's anchor"
    assert "Nothing has been imported" in html
    assert 'data-testid="confirm-import"' not in html
    assert PledgeImport.objects.get().state == PledgeImport.State.REJECTED

    refused = client_for(world.officer).post(response.url)
    assert refused.status_code == 302
    assert snapshot(draft) == before
    assert PledgeImport.objects.get().state == PledgeImport.State.REJECTED


def test_a_file_without_a_promise_in_its_first_row_says_so(world, draft):
    rows = [line(action="Run a workshop"), line(promise="We will listen", action="Ask")]
    response = upload(world.officer, draft, csv_upload(rows))
    html = page(client_for(world.officer).get(response.url))
    assert "Row 2, promise: Enter the promise" in html
    assert "Row 3" not in html.split("There is a problem")[1].split("</ul>")[0]


def test_row_numbers_are_the_spreadsheets_even_with_multi_line_cells_and_blank_rows(world, draft):
    rows = good_rows(world)
    cell(rows, 2, "expected_outcome", "Young people know\nwho to ask")  # a cell of two lines
    cell(rows, 3, "action", "")
    cell(rows, 3, "promise", "We will publish the contacts")
    cell(rows, 3, "due_date", "1 Sept 2026")
    bad = line(theme="Education", promise="We will", due_date="next year")
    content = csv_bytes(rows[:2]) + b"\r\n" + csv_bytes([rows[2], bad], header=None)
    # Row 4 is blank, row 5 is good, row 6 is bad.

    response = upload(world.officer, draft, SimpleUploadedFile("pledge.csv", content))
    html = page(client_for(world.officer).get(response.url))
    assert "Row 3, due date: Enter a date like 31/03/2026" in html
    assert "Row 6, due date: Enter a date like 31/03/2026" in html
    assert "Row 5" not in html.split("There is a problem")[1].split("</ul>")[0]


def test_a_lead_from_another_organisation_is_an_error(world, draft):
    rows = good_rows(world)
    cell(rows, 2, "lead_email", world.outsiders["officer"].email)
    response = upload(world.officer, draft, csv_upload(rows))
    html = page(client_for(world.officer).get(response.url))
    assert (
        "Row 2, lead email: Enter the email address of an active member of "
        f"Shire County Council: {world.outsiders['officer'].email} is not one"
    ) in html
    client_for(world.officer).post(response.url)
    assert draft.themes.count() == 1 and Commitment.objects.in_version(draft).count() == 1


def test_a_lead_who_has_left_or_gave_a_malformed_email_is_an_error(world, draft):
    gone = UserFactory(email="gone@shire.example.org")
    MembershipFactory(organisation=world.organisation, user=gone, is_active=False)
    rows = good_rows(world)
    cell(rows, 2, "lead_email", gone.email)
    cell(rows, 4, "lead_email", "not an email")
    response = upload(world.officer, draft, csv_upload(rows))
    html = page(client_for(world.officer).get(response.url))
    assert "Row 2, lead email: Enter the email address of an active member" in html
    assert (
        "Row 4, lead email: Enter an email address in the correct format, like name@example.org"
    ) in html


# A file of another shape gets a clear message ---------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "people.csv",
            b"name,email\nSam,sam@example.org\n",
            "Row 1 of the selected file must name the columns theme, pledge number, promise, "
            "promise in young people's words, lead email, partners, target, due date, "
            "action number, action, responsible officer or team, timeline, "
            "links to other plans or strategies, expected outcome, action status",
        ),
        (
            "no-promise.csv",
            csv_bytes([], [c for c in COLUMNS if c != "promise"] + ["Notes", "THEME"]),
            "Row 1 of the selected file is missing the column promise and has the column "
            "Notes, which is not recognised and names the column theme more than once. "
            "Row 1 must name the columns theme, pledge number, promise,",
        ),
        ("photo.csv", PNG, "The selected file must be a CSV or an Excel spreadsheet (.xlsx)"),
        ("photo.png", PNG, "The selected file must be a CSV or an Excel spreadsheet (.xlsx)"),
        ("empty.csv", b"", "The selected file is empty"),
        ("header-only.csv", csv_bytes([]), "The selected file has no promises"),
        (
            "both-layouts.csv",
            csv_bytes([], ["promise", "actions", "action", "timeline"]),
            "names the column actions (all of a promise's actions in one cell) and also the "
            "columns action, timeline (one row for each action). Use one or the other",
        ),
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
    assert "Error: Import promises and actions" in html
    assert "There is a problem" in html
    assert message in html
    assert not PledgeImport.objects.exists()
    assert snapshot(draft) == before


def test_no_file_at_all_asks_for_one(world, draft):
    response = client_for(world.officer).post(reverse("pledges:import_upload", args=[draft.pk]))
    assert response.status_code == 200
    assert "Select a CSV or Excel file" in page(response)


def test_too_many_rows_or_too_big_a_file_is_refused(world, draft):
    many = [line(theme="Theme", promise=f"We will keep promise {n}") for n in range(1001)]
    response = upload(world.officer, draft, csv_upload(many))
    assert f"no more than {MAX_ROWS:,} rows" in page(response)

    big = csv_upload([line(theme="Theme", promise="x" * (2 * 1024 * 1024))])
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
    assert reverse("pledges:import_template", args=[draft.pk]) in html
    assert "style=" not in html and "<script>" not in html
    assert "commitment" not in html.lower(), "the council's words: promise, not commitment"


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
    cell(rows, 2, "lead_email", leaving.email)
    response = upload(world.officer, draft, csv_upload(rows))
    before = snapshot(draft)
    membership.is_active = False
    membership.save()

    refused = client_for(world.officer).post(response.url)
    assert refused.url == response.url
    assert snapshot(draft) == before
    assert "Row 2, lead email" in page(client_for(world.officer).get(response.url))


# Export (the round trip of every field is in test_import_action_plan.py) -----------------


@pytest.fixture
def full_version(world):
    version = PledgeVersionFactory(
        organisation=world.organisation, label="2026 Revision!", numbered=True
    )
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
    workshop = CommitmentActionFactory(
        commitment=first,
        description="Run a workshop",
        owner="Participation team",
        timeline="By March",
        links="Participation Strategy 2025-2028",
        expected_outcome="Young people know who to ask",
        position=0,
    )
    ProgressUpdateFactory(commitment=first, action=workshop, status=Status.AT_RISK)
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


def test_export_has_the_columns_and_one_row_per_action(world, full_version):
    response = client_for(world.councillor).get(reverse("pledges:export", args=[full_version.pk]))
    rows = csv_of(response)
    assert rows[0] == list(COLUMNS)
    assert rows[0][:4] == ["theme", "pledge number", "promise", "promise in young people's words"]
    promise = [
        "Your Voice",
        "1",
        "We will reply to you within 3 working days",
        "We will answer you quickly,\nand say who is dealing with it",
        "officer@shire.example.org",
        "Health, Police",
        "reply within 3 working days",
        "2026-03-31",
    ]
    assert rows[1] == [
        *promise,
        "1.1",
        "Run a workshop",
        "Participation team",
        "By March",
        "Participation Strategy 2025-2028",
        "Young people know who to ask",
        "At risk",
    ]
    assert rows[2] == [*promise, "1.2", "Publish the contacts page", "", "", "", "", ""]
    assert rows[3][:2] == ["A Place to Call Home", "2"]
    assert rows[3][8:] == [""] * 7, "a promise with no actions is one row, its actions blank"
    assert len(rows) == 4


def test_an_unnumbered_version_exports_no_numbers(world, full_version):
    PledgeVersion.objects.filter(pk=full_version.pk).update(numbered=False)
    rows = csv_of(client_for(world.officer).get(reverse("pledges:export", args=[full_version.pk])))
    number, action_number = COLUMNS.index("pledge number"), COLUMNS.index("action number")
    assert [(row[number], row[action_number]) for row in rows[1:]] == [("", "")] * 3


def test_export_escapes_spreadsheet_formulae(world, full_version):
    response = client_for(world.officer).get(reverse("pledges:export", args=[full_version.pk]))
    row = dict(zip(KEYS, csv_of(response)[3], strict=True))
    assert row["promise"] == "'-1 in 5 care leavers are homeless: we will halve that"
    assert row["young_people_wording"] == "'=You will have a home"
    assert row["partners"] == "'@Housing"
    assert row["target"] == "'+50%"

    response = client_for(world.officer).get(
        reverse("pledges:export", args=[full_version.pk]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = next(sheet.iter_rows(min_row=4, max_row=4))
    assert cells[KEYS.index("young_people_wording")].value == "'=You will have a home"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.cell(row=2, column=KEYS.index("due_date") + 1).value == datetime(2026, 3, 31)
    assert sheet.cell(row=2, column=KEYS.index("promise_number") + 1).value == 1
    assert sheet.cell(row=2, column=KEYS.index("action_number") + 1).value == "1.1"


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

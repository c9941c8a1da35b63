"""The spreadsheet carries the action plan (issue 11, acceptance point 2): one row per
action, numbers, links to other plans and each action's status; export equals import for a
plan that uses all of them; files in the format before still import."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pledges.importing import COLUMNS
from pledges.models import (
    Commitment,
    CommitmentAction,
    PledgeImport,
    PledgeVersion,
    ProgressUpdate,
    Status,
)
from pledges.selectors import pledge_summary

from ..access import client_for
from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from .sheets import (
    KEYS,
    OLD_COLUMNS,
    csv_of,
    csv_upload,
    flashed,
    line,
    page,
    snapshot,
    upload,
    upload_and_import,
    xlsx_upload,
    xlsx_values,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    return PledgeVersionFactory(organisation=world.organisation, label="2026 revision")


def preview_of(user, response) -> str:
    assert response.status_code == 302, page(response)
    return page(client_for(user).get(response.url))


def problems(html) -> str:
    """The error summary's list, or "" when there is none."""
    if "There is a problem" not in html:
        return ""
    return html.split("There is a problem")[1].split("</ul>")[0]


# Export equals import -----------------------------------------------------------------------


def build_plan(world, *, untitled):
    """A numbered plan using every field: actions with all five fields, links, statuses
    (the latest approved one counts; one waiting for approval does not), curly quotes, line
    breaks and formula-looking text; with two themes, or none (one untitled theme)."""
    version = PledgeVersionFactory(
        organisation=world.organisation, label="2025-2028 action plan", numbered=True
    )
    if untitled:
        voice = home = ThemeFactory(version=version, title="", position=0)
    else:
        voice = ThemeFactory(version=version, title="Your Voice", position=0)
        home = ThemeFactory(version=version, title="A “Home” of your own", position=1)
    heard = CommitmentFactory(
        theme=voice,
        position=0,
        wording="We will make sure you\u2019re heard: “nothing about us without us”",
        young_people_wording="You\u2019ll have your say,\nevery time",
        lead=world.officer,
        partners="Health, Police",
        target="+95% of reviews record your views",
        due_date=date(2027, 3, 31),
    )
    events = CommitmentActionFactory(
        commitment=heard,
        position=0,
        description="Run “Have your say” events\nevery term",
        owner="Virtual School and Team Manager: Family Placement",
        timeline="By March 2026",
        links="Participation Strategy 2025-2028",
        expected_outcome="=More young people take part",
    )
    ProgressUpdateFactory(
        commitment=heard, action=events, status=Status.AT_RISK, as_of=date(2025, 6, 30)
    )
    ProgressUpdateFactory(
        commitment=heard, action=events, status=Status.ON_TRACK, as_of=date(2025, 9, 30)
    )
    CommitmentActionFactory(
        commitment=heard,
        position=1,
        description="Train every social worker",
        owner="Workforce team",
        timeline="2026",
        links="Not applicable",
        expected_outcome="",
    )
    published = CommitmentActionFactory(
        commitment=heard, position=2, description="-Publish what changed", owner="", timeline=""
    )
    ProgressUpdateFactory(commitment=heard, action=published, status=Status.ACHIEVED)
    CommitmentFactory(theme=home, position=1, wording="We will find you a home near school")
    rent = CommitmentFactory(theme=home, position=2, wording="@We will help with rent")
    deposit = CommitmentActionFactory(
        commitment=rent, position=0, description="Pay the deposit", links="Housing Strategy"
    )
    ProgressUpdateFactory(commitment=rent, action=deposit, status=Status.OFF_TRACK)
    ProgressUpdateFactory(
        commitment=rent,
        action=deposit,
        status=Status.ACHIEVED,
        state=ProgressUpdate.State.SUBMITTED,
        approved_at=None,
        as_of=timezone.localdate() + timedelta(days=1),
    )
    return version


def export(user, version, file_format):
    response = client_for(user).get(
        reverse("pledges:export", args=[version.pk]), {"format": file_format}
    )
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("untitled", [False, True], ids=["themes", "no-themes"])
def test_an_action_plan_exports_and_imports_back_exactly(world, file_format, untitled):
    plan = build_plan(world, untitled=untitled)
    exported = export(world.officer, plan, file_format)
    blank = PledgeVersionFactory(organisation=world.organisation, label="copy")

    done = upload_and_import(
        world.officer, blank, SimpleUploadedFile(f"plan.{file_format}", exported)
    )
    assert flashed(done) == [
        f"Imported 3 promises and 4 actions in {1 if untitled else 2} "
        f"theme{'' if untitled else 's'}."
    ]

    again = export(world.officer, blank, file_format)
    if file_format == "csv":
        assert again == exported
    else:
        assert xlsx_values(again) == xlsx_values(exported)
    assert snapshot(blank) == snapshot(plan)
    blank.refresh_from_db()
    assert blank.numbered, "the file's numbers number the version"
    assert [t.title for t in blank.themes.all()] == [t.title for t in plan.themes.all()]


def test_the_exported_plan_reads_as_the_council_wrote_it(world):
    plan = build_plan(world, untitled=False)
    rows = csv_of(client_for(world.councillor).get(reverse("pledges:export", args=[plan.pk])))
    assert rows[0] == list(COLUMNS)
    table = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [(r["pledge number"], r["action number"]) for r in table] == [
        ("1", "1.1"),
        ("1", "1.2"),
        ("1", "1.3"),
        ("2", ""),
        ("3", "3.1"),
    ]
    assert [r["action status"] for r in table] == ["On track", "", "Achieved", "", "Off track"]
    assert table[0]["links to other plans or strategies"] == "Participation Strategy 2025-2028"
    assert table[0]["action"] == "Run “Have your say” events\nevery term"
    assert table[0]["expected outcome"] == "'=More young people take part"
    assert table[2]["action"] == "'-Publish what changed"
    assert table[1]["promise"] == table[0]["promise"], "the promise repeats on each action row"


def test_each_status_becomes_an_approved_update_from_the_file(world, draft):
    rows = [
        line(promise="We will listen", action="Ask", action_status="on_track"),
        line(action="Report back", action_status="AT RISK"),
        line(action="Say thank you", action_status=" achieved "),
        line(action="Plan next year"),
    ]
    before = draft.generation
    upload_and_import(world.officer, draft, csv_upload(rows, name="Plan “2025”.csv"))

    ask, report, thanks, plan_ = CommitmentAction.objects.filter(commitment__theme__version=draft)
    updates = ProgressUpdate.objects.filter(commitment__theme__version=draft)
    assert [(u.action, u.status) for u in updates.order_by("pk")] == [
        (ask, Status.ON_TRACK),
        (report, Status.AT_RISK),
        (thanks, Status.ACHIEVED),
    ]
    for update in updates:
        assert update.state == ProgressUpdate.State.APPROVED
        assert update.commitment == ask.commitment
        assert update.as_of == timezone.localdate()
        assert update.approved_at is not None
        assert (update.author, update.reviewed_by) == (world.officer, world.officer)
        assert update.narrative == "Status brought in from the spreadsheet Plan “2025”.csv."
        assert update.public_summary == ""
        assert update.organisation == world.organisation
    assert not plan_.updates.exists(), "no status, no update"

    draft.refresh_from_db()
    assert draft.generation > before, "what is derived from the pledge is worked out again"
    row = pledge_summary(draft).rows[0]
    assert row.status == Status.AT_RISK, "the promise takes its status from its actions"
    assert str(row.coverage) == "3 of 4 actions have progress"


def test_a_status_that_is_not_a_status_is_a_row_error_and_nothing_is_saved(world, draft):
    rows = [
        line(promise="We will listen", action="Ask", action_status="On track"),
        line(action="Report back", action_status="Nearly there"),
        line(promise="We will find you a home", action_status="Achieved"),  # on no action
    ]
    html = preview_of(world.officer, upload(world.officer, draft, csv_upload(rows)))
    assert (
        "Row 3, action status: Enter one of Not started, On track, At risk, Off track, "
        "Achieved, or leave it blank: “Nearly there” is not a status"
    ) in html
    assert "Row 4, action: Enter the action: what will be done" in html
    assert client_for(world.officer).post(
        reverse("pledges:import_preview", args=[PledgeImport.objects.get().pk])
    )
    assert not Commitment.objects.in_version(draft).exists()
    assert not ProgressUpdate.objects.exists()


# Numbers ------------------------------------------------------------------------------------


def numbered_rows():
    return [
        line(
            theme="Voice",
            promise_number="1",
            promise="We will listen",
            action_number="1.1",
            action="Ask",
        ),
        line(promise_number="1", action_number="1.2", action="Report back"),
        line(theme="Home", promise_number="2", promise="We will find you a home"),
        line(
            promise_number="3", promise="We will help with rent", action_number="3.1", action="Pay"
        ),
    ]


def test_numbered_rows_number_the_version_and_the_preview_shows_it(world, draft):
    response = upload(world.officer, draft, csv_upload(numbered_rows()))
    html = preview_of(world.officer, response)
    assert problems(html) == ""
    assert "importing it numbers 2026 revision" in html
    assert _texts(html, "promise-number") == ["Pledge 1", "Pledge 2", "Pledge 3"]
    assert _texts(html, "action-number") == ["Action 1.1:", "Action 1.2:", "Action 3.1:"]

    client_for(world.officer).post(response.url)
    draft.refresh_from_db()
    assert draft.numbered
    summary = pledge_summary(draft)
    assert [(row.number, [a.number for a in row.actions]) for row in summary.rows] == [
        ("1", ["1.1", "1.2"]),
        ("2", []),
        ("3", ["3.1"]),
    ]


def _texts(html, testid):
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(rf'data-testid="{testid}">(.*?)</strong>', html, re.S)
    ]


@pytest.mark.parametrize(
    ("row", "key", "value", "message"),
    [
        (
            5,
            "promise_number",
            "4",
            "Row 5, pledge number: Expected 3, not 4: promises are numbered in order, "
            "theme by theme",
        ),
        (
            3,
            "action_number",
            "1.3",
            "Row 3, action number: Expected 1.2, not 1.3: actions are numbered in order "
            "within their promise (pledge 1)",
        ),
        (
            5,
            "action_number",
            "",
            "Row 5, action number: Enter 3.1: actions are numbered in order within their promise",
        ),
        (
            4,
            "promise_number",
            "",
            "Row 4, pledge number: Enter 2: promises are numbered in order, theme by theme",
        ),
    ],
)
def test_a_number_out_of_order_is_a_row_error_and_nothing_is_saved(
    world, draft, row, key, value, message
):
    rows = numbered_rows()
    rows[row - 2][KEYS.index(key)] = value
    response = upload(world.officer, draft, csv_upload(rows))
    html = preview_of(world.officer, response)
    assert message in problems(html)
    refused = client_for(world.officer).post(response.url)
    assert refused.status_code == 302
    assert not Commitment.objects.in_version(draft).exists()
    draft.refresh_from_db()
    assert not draft.numbered
    assert PledgeImport.objects.get().state == PledgeImport.State.REJECTED


def test_numbers_continue_after_the_promises_the_version_has(world, draft):
    CommitmentFactory(theme__version=draft, wording="We will listen to you")
    starts_at_one = [line(promise_number="1", promise="We will find you a home")]
    html = preview_of(world.officer, upload(world.officer, draft, csv_upload(starts_at_one)))
    assert (
        "Row 2, pledge number: Expected 2, not 1: promises are numbered in order, theme by "
        "theme (this version has 1 already)"
    ) in html

    starts_at_two = [line(promise_number="Pledge 2", promise="We will find you a home")]
    done = upload_and_import(world.officer, draft, csv_upload(starts_at_two))
    assert flashed(done) == ["Imported 1 promise in 1 theme."]
    draft.refresh_from_db()
    assert [row.number for row in pledge_summary(draft).rows] == ["1", "2"]


def test_numbers_follow_the_order_the_promises_will_have_theme_by_theme(world, draft):
    """A promise joining the version's first theme is numbered before the second theme's."""
    voice = ThemeFactory(version=draft, title="Voice", position=0)
    ThemeFactory(version=draft, title="Home", position=1)
    CommitmentFactory(theme=voice, position=0)
    rows = [line(theme="Voice", promise_number="2", promise="We will reply quickly")]
    done = upload_and_import(world.officer, draft, csv_upload(rows))
    assert flashed(done) == ["Imported 1 promise in 1 theme."]


def test_numbers_held_as_numbers_in_excel_are_read(world, draft):
    rows = [
        line(promise_number=1, promise="We will listen", action_number=1.1, action="Ask"),
        line(promise_number=1.0, action_number=1.2, action="Report back"),
    ]
    done = upload_and_import(world.officer, draft, xlsx_upload(rows))
    assert flashed(done) == ["Imported 1 promise and 2 actions in 1 theme."]


def test_an_action_number_excel_shortened_gets_a_hint(world, draft):
    rows = [line(promise_number=1, promise="We will listen", action_number=1.1, action="Ask")]
    rows += [line(action_number=float(f"1.{n}"), action=f"Step {n}") for n in range(2, 11)]
    html = preview_of(world.officer, upload(world.officer, draft, xlsx_upload(rows)))
    assert (
        "Row 11, action number: Expected 1.10, not 1.1: actions are numbered in order within "
        "their promise (pledge 1). Format the column as text, so that 3.10 stays 3.10"
    ) in problems(html)
    assert "Row 10" not in problems(html)


def test_a_heading_of_punctuation_alone_is_not_recognised(world, draft):
    response = upload(world.officer, draft, csv_upload([["1", "We will listen"]], ["#", "promise"]))
    assert "has the column #, which is not recognised" in page(response)


def test_a_file_without_numbers_leaves_a_numbered_version_numbered(world, draft):
    PledgeVersion.objects.filter(pk=draft.pk).update(numbered=True)
    draft.refresh_from_db()
    rows = [line(promise="We will listen", action="Ask")]
    response = upload(world.officer, draft, csv_upload(rows))
    html = preview_of(world.officer, response)
    assert "Pledge 1" in html and "Action 1.1" in html, "the numbers it will have"
    assert "importing it numbers" not in html
    client_for(world.officer).post(response.url)
    draft.refresh_from_db()
    assert draft.numbered


# Continuation rows --------------------------------------------------------------------------


def test_rows_of_one_promise_may_leave_its_columns_blank_or_repeat_them(world, draft):
    promise = dict(
        theme="Voice", promise="We will listen", target="Every review", due_date="31/03/2027"
    )
    rows = [
        line(**promise, action="Ask"),
        line(action="Report back"),  # merged cells: the promise columns are blank
        line(**{**promise, "due_date": "2027-03-31"}, action="Say thank you"),  # repeated
        line(theme="Voice", action="Plan next year"),  # partly repeated
        line(promise="We will find you a home"),  # the theme above (merged cells)
    ]
    done = upload_and_import(world.officer, draft, csv_upload(rows))
    assert flashed(done) == ["Imported 2 promises and 4 actions in 1 theme."]
    listen, home = Commitment.objects.in_version(draft)
    assert [a.description for a in listen.actions.all()] == [
        "Ask",
        "Report back",
        "Say thank you",
        "Plan next year",
    ]
    assert (listen.target, listen.due_date) == ("Every review", date(2027, 3, 31))
    assert (home.theme, list(home.actions.all())) == (listen.theme, [])


def test_a_row_that_repeats_a_promise_differently_is_a_row_error(world, draft):
    rows = [
        line(promise="We will listen", target="Every review", action="Ask"),
        line(promise="We will listen", target="Most reviews", action="Report back"),
        line(promise="We will listen"),
    ]
    html = preview_of(world.officer, upload(world.officer, draft, csv_upload(rows)))
    assert (
        "Row 3, target: This row is an action of the promise that starts in row 2. Leave its "
        "target blank, or make it the same as in row 2"
    ) in html
    assert (
        "Row 4, action: Enter the action, or remove this row: it repeats the promise of row 2 "
        "with no action"
    ) in html
    assert 'id="row-4"' in html, "the error links to its row"


def test_a_repeated_pledge_number_continues_the_promise(world, draft):
    rows = [
        line(promise_number="1", promise="We will listen", action_number="1.1", action="Ask"),
        line(promise_number="1", promise="We will listen to you", action="Report back"),
    ]
    html = preview_of(world.officer, upload(world.officer, draft, csv_upload(rows)))
    assert "Row 3, promise: This row is an action of the promise that starts in row 2" in html
    assert "Row 3, action number: Enter 1.2" in html


def test_a_plan_without_themes_goes_into_one_untitled_theme(world, draft):
    rows = [
        line(promise="We will listen", action="Ask"),
        line(promise="We will find you a home"),
    ]
    response = upload(world.officer, draft, csv_upload(rows))
    html = preview_of(world.officer, response)
    assert "2 promises with 1 action, with no themes." in html
    assert 'data-testid="import-theme"' not in html, "no theme to show"
    client_for(world.officer).post(response.url)
    assert [t.title for t in draft.themes.all()] == [""]
    assert pledge_summary(draft).untitled


# The format before this one -----------------------------------------------------------------


@pytest.mark.parametrize("make_file", [csv_upload, xlsx_upload], ids=["csv", "xlsx"])
def test_a_file_in_the_old_format_still_imports(world, draft, make_file):
    rows = [
        [
            "Your Voice",
            "We will listen to you",
            "We will hear you",
            world.officer.email,
            "Health",
            "Every review",
            "31/03/2026",
            "Run a workshop | Participation team | By March | Young people know who to ask\n"
            "Publish the contacts page",
        ],
        [
            "Health",
            "We will make sure you see a dentist",
            "",
            "",
            "",
            "",
            "",
            "Book check-ups | Health team | Every year | Fewer missed check-ups | Health Strategy\n"
            "Write to you | | | a | b | Not applicable",
        ],
    ]
    response = upload(world.officer, draft, make_file(rows, OLD_COLUMNS))
    html = preview_of(world.officer, response)
    assert problems(html) == ""
    assert "commitment" not in html.lower()
    done = client_for(world.officer).post(response.url)
    assert flashed(done) == ["Imported 2 promises and 4 actions in 2 themes."]
    listen, dentist = Commitment.objects.in_version(draft)
    assert (listen.wording, listen.young_people_wording, listen.lead) == (
        "We will listen to you",
        "We will hear you",
        world.officer,
    )
    assert [
        (a.description, a.owner, a.timeline, a.expected_outcome, a.links)
        for c in (listen, dentist)
        for a in c.actions.all()
    ] == [
        ("Run a workshop", "Participation team", "By March", "Young people know who to ask", ""),
        ("Publish the contacts page", "", "", "", ""),
        (
            "Book check-ups",
            "Health team",
            "Every year",
            "Fewer missed check-ups",
            "Health Strategy",
        ),
        ("Write to you", "", "", "a | b", "Not applicable"),
    ]


def test_an_old_file_with_a_bad_actions_cell_names_the_row(world, draft):
    rows = [["Voice", "We will listen", "", "", "", "", "", "Ask\n| Schools team"]]
    html = preview_of(world.officer, upload(world.officer, draft, csv_upload(rows, OLD_COLUMNS)))
    assert "Row 2, actions: Action 2: enter what will be done before the first |" in html


def test_the_old_commitment_header_is_read_as_promise_in_the_new_layout(world, draft):
    header = ["Commitment", "Action", "Action status"]
    rows = [["We will listen", "Ask", "On track"], ["", "Report back", ""]]
    done = upload_and_import(world.officer, draft, csv_upload(rows, header))
    assert flashed(done) == ["Imported 1 promise and 2 actions in 1 theme."]


# The preview and the template --------------------------------------------------------------


def test_the_preview_shows_numbers_links_and_statuses_escaped(world, draft):
    rows = [
        line(
            promise_number="1",
            promise="We will listen <script>alert(1)</script>",
            action_number="1.1",
            action="Ask",
            owner="Participation Team",
            timeline="Every term",
            links="Participation Strategy 2025-2028",
            expected_outcome="More say",
            action_status="On track",
        ),
        line(promise_number="1", action_number="1.2", action="Report back", links="Not applicable"),
    ]
    response = upload(world.officer, draft, csv_upload(rows))
    raw = client_for(world.officer).get(response.url).content.decode()
    html = unescape(raw)
    assert "Pledge 1" in html and "Action 1.1:" in html and "Action 1.2:" in html
    assert "Participation Strategy 2025-2028" in html and "Not applicable" in html
    assert "Responsible:</span> Participation Team" in html
    assert 'data-status="on_track">On track</strong>' in html
    assert "1 action has a status. Each becomes the action\u2019s first progress update" in html
    assert "saying it came from pledge.csv" in html
    assert "<script>alert(1)" not in raw and "&lt;script&gt;alert(1)" in raw
    assert "Row</th>" in html and "2 to 3" in html, "the rows the promise spans"


def test_the_template_has_the_columns_and_an_example_that_imports(world, draft):
    CommitmentFactory(theme__version=draft, theme__title="Your Voice")
    response = client_for(world.officer).get(reverse("pledges:import_template", args=[draft.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == ('attachment; filename="pledge-import-template.csv"')
    rows = csv_of(response)
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 2
    example = dict(zip(COLUMNS, rows[1], strict=True))
    assert (example["pledge number"], example["action number"]) == ("2", "2.1")
    assert example["links to other plans or strategies"]

    done = upload_and_import(
        world.officer, draft, SimpleUploadedFile("template.csv", response.content)
    )
    assert flashed(done) == ["Imported 1 promise and 1 action in 1 theme."]

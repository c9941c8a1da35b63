"""Real Chromium, issue 12's third acceptance test: a clerk writes a meeting's minutes in seed
002's form (pages 5-8) and reads them back on the page and in the next meeting's pack.

The board is seed 002's: the Chair, two councillors, three co-opted Care Ambassadors (two
absent), and the Director of Children's Services' officer also present. The meeting had an
exempt item, so the agenda holds the exclusion of the press and public before it. The clerk
records attendance and a declaration, writes the minutes (two resolutions on one item, a
minute for the exclusion and one for the exempt item), publishes them; the public page prints
the present list in the seed's order, "Resolved:" with (a) and (b), the declaration once, the
exclusion minute, and of the exempt item only the fact. The next meeting's public pack and
members' pack are published and read back with pypdf: the public one as the page, the
members' one with the exempt minute in full.
"""

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from boards.models import AgendaItem, Board, BoardMember, Meeting
from boards.services.meetings import exclusion_sync, meeting_schedule
from corporate_parenting.models import Organisation

pytestmark = pytest.mark.browser

SECRET = "Quokka placement of a named child"
HOSTILE = "<script>alert('minutes')</script> \"quoted\""


def _seed_board(organisation):
    board = Board.objects.create(
        organisation=organisation,
        name="Seed Corporate Parenting Board",
        first_minute_number=28,
        usual_venue="the Castle, Winchester",
    )
    start = date(2017, 11, 27)
    for name, kind, role, represents in [
        ("Steve Crocker", BoardMember.Kind.ADVISER, BoardMember.Role.MEMBER, "Children's"),
        ("Councillor Malcolm Wade", BoardMember.Kind.COUNCILLOR, BoardMember.Role.MEMBER, ""),
        ("Councillor Ann Briggs", BoardMember.Kind.COUNCILLOR, BoardMember.Role.VICE_CHAIR, ""),
        ("Councillor Roz Chadd", BoardMember.Kind.COUNCILLOR, BoardMember.Role.CHAIR, ""),
        ("Carla Wright", BoardMember.Kind.COOPTED, BoardMember.Role.MEMBER, ""),
        ("Shannon Nicholls", BoardMember.Kind.COOPTED, BoardMember.Role.MEMBER, ""),
        ("Dan Busby", BoardMember.Kind.COOPTED, BoardMember.Role.MEMBER, ""),
    ]:
        BoardMember.objects.create(
            organisation=organisation,
            board=board,
            name=name,
            kind=kind,
            role=role,
            represents=represents,
            start_date=start,
        )
    return board


def _meetings(board):
    now = timezone.now()
    held = meeting_schedule(board=board, starts_at=now - timedelta(days=30))
    for title in ("Foster Care Recruitment", "Placement Commissioning"):
        AgendaItem.objects.create(
            organisation=board.organisation,
            meeting=held,
            position=held.items.count() + 1,
            number=str(held.items.count() + 1),
            title=title,
        )
    AgendaItem.objects.create(
        organisation=board.organisation,
        meeting=held,
        position=held.items.count() + 1,
        number=str(held.items.count() + 1),
        title=SECRET,
        exempt=True,
        exempt_paragraph=1,
    )
    exclusion_sync(meeting=held)
    held.status = Meeting.Status.HELD
    held.agenda_published_at = now - timedelta(days=40)
    held.save()
    following = meeting_schedule(board=board, starts_at=now + timedelta(days=30))
    following.status = Meeting.Status.AGENDA_PUBLISHED
    following.agenda_published_at = now
    following.save()
    return held, following


def _attendance(page, name, status):
    page.get_by_role("group", name=re.compile(f"^{name}")).get_by_label(status, exact=True).check()


def _read(download):
    reader = PdfReader(BytesIO(download.value.path().read_bytes()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _download_pack(page, live_server, meeting, button):
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("button", name=button).click()
    with page.expect_download() as download:
        page.get_by_test_id("pack-download").click()
    return _read(download)


def test_a_clerk_writes_minutes_in_seed_002s_form(
    demo, page, sign_in, live_server, tasks_in_process
):
    organisation = Organisation.objects.get(slug="hampshire-demo")
    board = _seed_board(organisation)
    held, following = _meetings(board)
    page.on("dialog", lambda dialog: pytest.fail(f"a script ran: {dialog.message}"))
    sign_in("clerk@example.org")

    # Attendance, in any order: the minutes put it in the council's.
    page.goto(f"{live_server.url}/boards/meetings/{held.pk}/attendance/")
    for name, status in [
        ("Steve Crocker", "Present"),
        ("Councillor Malcolm Wade", "Present"),
        ("Councillor Ann Briggs", "Present"),
        ("Councillor Roz Chadd", "Present"),
        ("Carla Wright", "Present"),
        ("Shannon Nicholls", "Absent"),
        ("Dan Busby", "Apologies"),
    ]:
        _attendance(page, name, status)
    page.get_by_label("Also present (officers and others)").fill(
        "Jane Officer, Head of Corporate Parenting"
    )
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("The attendance is saved.")).to_be_visible()

    # A declaration, typed as minuted.
    page.goto(f"{live_server.url}/boards/meetings/{held.pk}/minutes/")
    page.get_by_role("link", name="Record a declaration of interest").click()
    page.get_by_label("Who declared the interest").select_option(label="Councillor Ann Briggs")
    page.get_by_label("Agenda item (optional)").select_option(
        label=next(str(i) for i in held.items.all() if i.title == "Foster Care Recruitment")
    )
    page.get_by_label("Personal interest").check()
    page.get_by_label("The declaration, as minuted").fill(
        "Councillor Ann Briggs declared a personal interest as a foster carer."
    )
    page.get_by_role("button", name="Record declaration").click()
    expect(
        page.get_by_text("The declaration by Councillor Ann Briggs is recorded.")
    ).to_be_visible()

    # The minutes: the procedural ones as suggested, two resolutions on one item.
    page.reload()  # the declarations minute is suggested from the declaration just recorded
    page.get_by_label("Minute of Chair's announcements").fill(
        f"The Chairman noted a meeting with Foster Carers. {HOSTILE}"
    )
    page.get_by_label("Minute of Foster Care Recruitment").fill(
        "The Board received a presentation from the Director of Children's Services."
    )
    page.get_by_label("Resolved under Foster Care Recruitment").fill(
        "That the Board note the difficulties of Foster Care Recruitment.\n"
        "That the Director report back on Foster Placement moves."
    )
    page.get_by_label("Minute of Placement Commissioning").fill("The Board received a report.")
    page.get_by_label("Resolved under Placement Commissioning").fill(
        "That the Board note the role of the Placement Commissioning Team."
    )
    exclusion = page.get_by_label("Resolved under Exclusion of the press and public")
    expect(exclusion).to_have_value(re.compile("^That in relation to the following item the press"))
    page.get_by_label(f"Minute of {SECRET}").fill(f"{SECRET}: the Board agreed the plan.")
    page.get_by_role("button", name="Save draft minutes").click()
    expect(page.get_by_text("The draft minutes are saved.")).to_be_visible()

    present = page.get_by_test_id("present-list")
    expect(present).to_contain_text(
        re.compile(
            r"Chair:\s*p\s*Councillor Roz Chadd\s*p\s*Councillor Ann Briggs \(Vice-chair\)\s*p\s*"
            r"Councillor Malcolm Wade\s*Co-opted members:\s*Dan Busby\s*Shannon Nicholls\s*p\s*"
            r"Carla Wright\s*Also present:\s*Steve Crocker \(Children's\)\s*"
            r"Jane Officer, Head of Corporate Parenting"
        )
    )
    page.get_by_role("button", name="Publish as draft minutes").click()
    expect(page.get_by_text("The minutes are published as draft minutes")).to_be_visible()

    # The public page, as the council prints them.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/p/hampshire-demo/meetings/{held.pk}/")
    minutes = page.get_by_test_id("minutes")
    expect(page.get_by_test_id("present-list")).to_contain_text(
        re.compile(
            r"Chair:\s*p\s*Councillor Roz Chadd\s*p\s*Councillor Ann Briggs \(Vice-chair\)\s*p\s*"
            r"Councillor Malcolm Wade\s*Co-opted members:\s*a co-opted member\s*"
            r"a co-opted member\s*p\s*a co-opted member\s*Also present:\s*Steve Crocker",
            re.IGNORECASE,
        )
    )
    expect(minutes).to_contain_text(
        re.compile(
            r"Resolved:\s*\(a\) That the Board note the difficulties of Foster Care Recruitment\."
            r"\s*\(b\) That the Director report back on Foster Placement moves\."
        )
    )
    expect(minutes).to_contain_text(
        "Resolved: That the Board note the role of the Placement Commissioning Team."
    )
    expect(minutes).to_contain_text(HOSTILE)  # printed as text, never run
    text = minutes.inner_text()
    assert text.count("declared a personal interest") == 2  # its item, and the declarations minute
    assert "Councillor Ann Briggs declared a personal interest in item" not in text
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", text, flags=re.MULTILINE)]
    assert numbers == list(range(28, 28 + len(numbers)))
    expect(minutes).to_contain_text(
        re.compile(r"\d+\. Exclusion of the press and public\s*Resolved: That in relation")
    )
    expect(minutes).to_contain_text(
        f"{numbers[-1]}. Exempt item: the public were excluded (Schedule 12A, paragraph 1)."
    )
    assert "Quokka" not in page.content()
    assert "Dan Busby" not in page.content()

    # The next meeting's packs print them: the public one as the page, the members' one with
    # the exempt minute in full.
    sign_in("clerk@example.org")
    public = _download_pack(page, live_server, following, "Publish the public pack")
    assert re.search(
        r"Chair: p Councillor Roz Chadd p Councillor Ann Briggs \(Vice-chair\) p Councillor "
        r"Malcolm Wade Co-opted members: a co-opted member a co-opted member p a co-opted "
        r"member Also present: Steve Crocker \(Children's\) Jane Officer, Head of Corporate "
        r"Parenting",
        public,
        flags=re.IGNORECASE,
    ), public[:3000]
    assert re.search(r"Resolved: \(a\) That the Board note the difficulties", public)
    assert "(b) That the Director report back on Foster Placement moves." in public
    assert "Exempt item: the public were excluded (Schedule 12A, paragraph 1)." in public
    assert "Quokka" not in public
    members = _download_pack(page, live_server, following, "Publish the members' pack")
    assert "QUOKKA PLACEMENT OF A NAMED CHILD" in members
    assert f"{SECRET}: the Board agreed the plan." in members

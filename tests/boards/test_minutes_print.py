"""Issue 12, points 5 and 8: exempt items as the law has them, minutes as the council prints
them (seed 002, pages 5-8).

The present list in the seed's order (Chair, councillors, co-opted members, each present one
marked "p", absent members still listed, then those also present); several resolutions as
(a), (b) under one "Resolved:"; a declaration printed once; the previous-minutes minute saying
what really happened; the exclusion of the press and public before the first exempt item, in
the board's wording with the exempt items' paragraphs, minuted, and the exempt minute numbered
after it (in public only the fact); the public page saying where the minutes were approved;
an action arising from the meeting generally. Behaviour through HTTP; the packs are read back.
"""

import html as html_module
import io
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from boards.models import (
    EXCLUSION_WORDING,
    Action,
    AgendaItem,
    Attendance,
    BoardMember,
    Declaration,
    Meeting,
    Minute,
    Resolution,
    exclusion_resolution,
)
from boards.papers.models import AgendaPack
from boards.services.minutes import minutes_renumber

from ..access import client_for
from ..edit_guard import loaded
from ..factories import AgendaItemFactory, BoardFactory, BoardMemberFactory, MeetingFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> \"quoted\" & more"


def _meeting(board, days, status=Meeting.Status.HELD, **fields):
    now = timezone.now()
    return MeetingFactory(
        board=board,
        starts_at=now + timedelta(days=days),
        status=status,
        agenda_published_at=now + timedelta(days=days - 7),
        **fields,
    )


def _item(meeting, position, title, kind=AgendaItem.Kind.REPORT, **fields):
    return AgendaItemFactory(
        meeting=meeting,
        position=position,
        number=fields.pop("number", str(position)),
        title=title,
        kind=kind,
        **fields,
    )


def _present(meeting, member, status="present", **fields):
    return Attendance.objects.create(
        organisation=meeting.organisation, meeting=meeting, member=member, status=status, **fields
    )


def _minute(item, text="", resolutions=()):
    minute = Minute.objects.create(organisation=item.organisation, item=item, text=text)
    for position, resolution in enumerate(resolutions):
        Resolution.objects.create(
            organisation=item.organisation, minute=minute, position=position, text=resolution
        )
    return minute


def _public(meeting):
    response = Client().get(
        reverse("boards_public:meeting", args=[meeting.organisation.slug, meeting.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def _text(html):
    """The page's words in order, without tags."""
    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


@pytest.fixture
def board(world):
    return BoardFactory(organisation=world.organisation, coopted_public_name="a Care Ambassador")


@pytest.fixture
def clerk(world):
    return client_for(world.clerk)


@pytest.fixture
def people(board):
    start = date(2017, 1, 1)

    def member(name, **fields):
        return BoardMemberFactory(board=board, name=name, start_date=start, **fields)

    return {
        "adviser": member(
            "Steve Crocker", kind=BoardMember.Kind.ADVISER, represents="Children's Services"
        ),
        "absent_adviser": member("Absent Adviser", kind=BoardMember.Kind.ADVISER),
        "wade": member("Councillor Malcolm Wade"),
        "briggs": member("Councillor Ann Briggs", role=BoardMember.Role.VICE_CHAIR),
        "chadd": member("Councillor Roz Chadd", role=BoardMember.Role.CHAIR),
        "carpenter": member("Councillor Carpenter", role=BoardMember.Role.SUBSTITUTE),
        "busby": member("Dan Busby", kind=BoardMember.Kind.COOPTED),
        "wright": member("Carla Wright", kind=BoardMember.Kind.COOPTED),
    }


# The present list ------------------------------------------------------------------------


def _seed_attendance(meeting, people):
    _present(meeting, people["adviser"])
    _present(meeting, people["absent_adviser"], "apologies")
    _present(meeting, people["wade"], "apologies")
    _present(meeting, people["briggs"])
    _present(meeting, people["chadd"])
    _present(meeting, people["busby"], "absent")
    _present(meeting, people["wright"])


def test_the_present_list_has_the_chair_first_and_officers_last(board, people, clerk):
    meeting = _meeting(board, -10, minutes_published_at=timezone.now())
    _item(meeting, 1, "Apologies for absence", AgendaItem.Kind.APOLOGIES)
    _seed_attendance(meeting, people)

    public = _text(_public(meeting))
    expected = (
        "Chair: p Councillor Roz Chadd p Councillor Ann Briggs (Vice-chair) "
        "Councillor Malcolm Wade Co-opted members: A Care Ambassador p A Care Ambassador "
        "Also present: Steve Crocker (Children's Services)"
    )
    assert expected in public
    assert "Absent Adviser" not in public  # only those also present are listed
    api = Client().get(reverse("boards_api:meeting", args=["shire", meeting.pk])).json()
    assert [(g["heading"], [(r["name"], r["present"]) for r in g["rows"]]) for g in api["present"]][
        2
    ] == ("Co-opted members", [("a Care Ambassador", False), ("a Care Ambassador", True)])
    assert "Councillor Carpenter" not in public  # a substitute not called on
    assert "Dan Busby" not in public and "Carla Wright" not in public

    staff = _text(clerk.get(reverse("boards:minutes", args=[meeting.pk])).content.decode())
    assert (
        "Chair: p Councillor Roz Chadd p Councillor Ann Briggs (Vice-chair) "
        "Councillor Malcolm Wade Co-opted members: Dan Busby p Carla Wright "
        "Also present: Steve Crocker (Children's Services)"
    ) in staff  # the same list on the clerk's page, with the co-opted members' names
    assert staff.index("Councillor Roz Chadd") < staff.index("Steve Crocker")


def test_a_substitute_called_on_is_listed_with_whom_they_replaced(board, people):
    meeting = _meeting(board, -10, minutes_published_at=timezone.now())
    _item(meeting, 1, "Apologies for absence", AgendaItem.Kind.APOLOGIES)
    _present(meeting, people["chadd"])
    _present(meeting, people["wade"], "apologies")
    _present(meeting, people["carpenter"], substitute_for=people["wade"])
    assert "p Councillor Carpenter (substituting for Councillor Malcolm Wade)" in _text(
        _public(meeting)
    )


def test_the_present_list_is_safe_with_hostile_names(board):
    meeting = _meeting(board, -10, minutes_published_at=timezone.now())
    _item(meeting, 1, "Apologies for absence", AgendaItem.Kind.APOLOGIES)
    hostile = BoardMemberFactory(board=board, name=HOSTILE, start_date=date(2017, 1, 1))
    _present(meeting, hostile)
    page = _public(meeting)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


# Resolutions, declarations --------------------------------------------------------------


def test_several_resolutions_print_as_a_b_under_one_resolved(board, clerk):
    meeting = _meeting(board, -10, minutes_published_at=timezone.now())
    one = _item(meeting, 1, "Bright Spots survey")
    two = _item(meeting, 2, "Participation update")
    _minute(one, "Noted.", ["That the Board note the survey.", "That the Board thank staff."])
    _minute(two, "Noted.", ["That the report be noted."])
    minutes_renumber(board=board)
    meeting.status = Meeting.Status.MINUTES_APPROVED  # the clerk's page shows the record
    meeting.save()
    staff = clerk.get(reverse("boards:minutes", args=[meeting.pk])).content.decode()
    for text in (_text(_public(meeting)), _text(staff)):
        assert "Resolved: (a) That the Board note the survey. (b) That the Board thank staff." in (
            text
        )
        assert "Resolved: That the report be noted." in text
        assert text.count("Resolved:") == 2


def test_the_declarations_minute_prints_a_declaration_once(board, people, clerk):
    meeting = _meeting(board, -10)
    declarations = _item(meeting, 2, "Declarations of interest", AgendaItem.Kind.DECLARATIONS)
    report = _item(meeting, 8, "Participation update")
    Declaration.objects.create(
        organisation=meeting.organisation,
        meeting=meeting,
        item=report,
        member=people["chadd"],
        kind=Declaration.Kind.PERSONAL,
        words="Councillor Roz Chadd declared a personal interest as a foster carer.",
    )
    Declaration.objects.create(
        organisation=meeting.organisation,
        meeting=meeting,
        member=people["briggs"],
        kind=Declaration.Kind.OTHER,
        words="Governor of a school attended by children in care.",
    )
    page = clerk.get(reverse("boards:minutes", args=[meeting.pk]))
    form = next(f for f in page.context["rows"] if f.item == declarations)
    assert form.initial["text"].splitlines() == [
        "Item 8: Councillor Roz Chadd declared a personal interest as a foster carer.",
        "Councillor Ann Briggs declared a other registrable interest: Governor of a school "
        "attended by children in care.",
    ]


def test_a_declaration_about_an_exempt_item_is_suggested_without_its_words(board, people, clerk):
    meeting = _meeting(board, -10)
    declarations = _item(meeting, 2, "Declarations of interest", AgendaItem.Kind.DECLARATIONS)
    secret = _item(meeting, 9, "Placement of a named child", exempt=True, exempt_paragraph=1)
    Declaration.objects.create(
        organisation=meeting.organisation,
        meeting=meeting,
        item=secret,
        member=people["chadd"],
        kind=Declaration.Kind.PERSONAL,
        words="SECRET knows the family",
    )
    page = clerk.get(reverse("boards:minutes", args=[meeting.pk]))
    form = next(f for f in page.context["rows"] if f.item == declarations)
    assert form.initial["text"] == (
        "Councillor Roz Chadd declared a personal interest in an exempt item."
    )


# The previous meeting's minutes ---------------------------------------------------------


def _previous_minutes_suggestion(clerk, meeting):
    page = clerk.get(reverse("boards:minutes", args=[meeting.pk]))
    form = next(f for f in page.context["rows"] if f.item.kind == AgendaItem.Kind.PREVIOUS_MINUTES)
    return form.initial["text"], page.content.decode()


@pytest.fixture
def two_meetings(board):
    earlier = _meeting(board, -70)
    _item(earlier, 1, "Care leavers")
    later = _meeting(board, -10)
    _item(later, 3, "Minutes of the previous meeting", AgendaItem.Kind.PREVIOUS_MINUTES)
    when = f"{timezone.localtime(earlier.starts_at):%-d %B %Y}"
    return earlier, later, when


def test_previous_minutes_not_recorded_are_not_said_to_be_agreed(clerk, two_meetings):
    _, later, when = two_meetings
    text, _ = _previous_minutes_suggestion(clerk, later)
    assert text == (
        f"The minutes of the meeting held on {when} were not yet available: they will be "
        "considered at a future meeting."
    )


def test_draft_previous_minutes_are_not_said_to_be_agreed(clerk, two_meetings):
    earlier, later, _ = two_meetings
    _minute(earlier.items.get(), "Noted.")
    text, page = _previous_minutes_suggestion(clerk, later)
    assert "were not agreed at this meeting: they remain a draft" in text
    assert "agreed." not in text
    assert "are not recorded as approved" in page  # the clerk is told how to change it


def test_previous_minutes_approved_at_this_meeting_were_agreed(clerk, two_meetings):
    earlier, later, when = two_meetings
    _minute(earlier.items.get(), "Noted.")
    response = clerk.post(
        reverse("boards:minutes_approve", args=[earlier.pk]), {"approved_at": later.pk}
    )
    assert response.status_code == 302
    text, _ = _previous_minutes_suggestion(clerk, later)
    assert text == f"The minutes of the meeting held on {when} were agreed."

    earlier.refresh_from_db()
    earlier.minutes_published_at = timezone.now()
    earlier.save()
    later_when = f"{timezone.localtime(later.starts_at):%-d %B %Y}"
    assert f"Approved at the meeting of {later_when}." in _text(_public(earlier))
    api = (
        Client()
        .get(reverse("boards_api:meeting", args=[earlier.organisation.slug, earlier.pk]))
        .json()
    )
    assert api["minutes_approved_on"].startswith(f"{timezone.localdate(later.starts_at)}")


# The exclusion of the press and public ---------------------------------------------------

ITEM = {"number": "", "title": "", "purpose": "", "kind": "report", "presenter": ""}


def _add_item(clerk, meeting, title, **fields):
    response = clerk.post(
        reverse("boards:item_create", args=[meeting.pk]), {**ITEM, "title": title, **fields}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _titles(meeting):
    return [(i.title, i.kind) for i in meeting.items.order_by("position", "pk")]


def test_the_exclusion_goes_before_the_first_exempt_item_and_names_its_paragraphs(board, clerk):
    meeting = _meeting(board, 20, status=Meeting.Status.SCHEDULED)
    _add_item(clerk, meeting, "Open report")
    assert not meeting.items.filter(kind=AgendaItem.Kind.EXCLUSION).exists()
    _add_item(clerk, meeting, "Placement review", exempt="on", exempt_paragraph="1")
    _add_item(clerk, meeting, "Another open report")
    _add_item(clerk, meeting, "Contract award", exempt="on", exempt_paragraph="3")
    exclusion = meeting.items.get(kind=AgendaItem.Kind.EXCLUSION)
    assert [title for title, _ in _titles(meeting)] == [
        "Open report",
        "Exclusion of the press and public",
        "Placement review",
        "Another open report",
        "Contract award",
    ]
    assert "within Paragraphs 1 and 3 of Part 1 of Schedule 12A" in exclusion.printed_purpose
    assert "the following items the press and public be excluded" in exclusion.printed_purpose
    assert not exclusion.exempt

    # Moving an exempt item up takes the exclusion with it; no exempt item, no exclusion.
    contract = meeting.items.get(title="Contract award")
    ids = [contract.pk] + [i.pk for i in meeting.items.order_by("position") if i.pk != contract.pk]
    from boards.services.meetings import agenda_reorder, item_delete

    agenda_reorder(meeting=meeting, ordered_ids=ids)
    assert [title for title, _ in _titles(meeting)][:2] == [
        "Exclusion of the press and public",
        "Contract award",
    ]
    for item in list(meeting.items.filter(exempt=True)):
        item_delete(item=item)
    assert not meeting.items.filter(kind=AgendaItem.Kind.EXCLUSION).exists()


def test_the_exclusion_prints_the_boards_wording_on_every_agenda(board, clerk):
    response = clerk.get(reverse("boards:board_update", args=[board.pk]))
    assert EXCLUSION_WORDING in response.content.decode()  # the standard wording to start from
    meeting = _meeting(board, 20, status=Meeting.Status.SCHEDULED)
    _add_item(clerk, meeting, "Placement review", exempt="on", exempt_paragraph="2")
    board.exclusion_wording = f"That the public be excluded under {{paragraphs}}. {HOSTILE}"
    board.save()
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.save()
    public = _public(meeting)
    assert "That the public be excluded under Paragraph 2." in public
    assert "<script>alert" not in public
    assert public.index("That the public be excluded") < public.index(
        "Exempt item (paragraph 2): not for publication"
    )
    staff = clerk.get(reverse("boards:meeting", args=[meeting.pk])).content.decode()
    assert "That the public be excluded under Paragraph 2." in staff
    assert "<script>alert" not in staff


def test_the_board_wording_must_say_where_the_paragraphs_go(board):
    from boards.forms.boards import BoardForm

    form = BoardForm(
        data={"name": "Board", "quorum": 3, "first_minute_number": 1, "exclusion_wording": "x"},
        instance=board,
        organisation=board.organisation,
    )
    assert not form.is_valid()
    assert "Put {paragraphs} where the paragraphs of Schedule 12A go" in str(form.errors)
    blank = BoardForm(
        data={"name": "Board", "quorum": 3, "first_minute_number": 1, "exclusion_wording": ""},
        instance=board,
        organisation=board.organisation,
    )
    assert blank.is_valid(), blank.errors
    assert blank.cleaned_data["exclusion_wording"] == EXCLUSION_WORDING


def test_exclusion_wording_for_one_paragraph_or_none():
    one = exclusion_resolution(EXCLUSION_WORDING, [2], 1)
    assert "the following item the press" in one and "within Paragraph 2 of Part 1" in one
    assert (
        "{" not in exclusion_resolution("{items} {paragraphs} {other}", [], 0).split("{other}")[0]
    )


def test_the_exclusion_is_minuted_and_the_exempt_minute_numbered_after_it(board, clerk):
    meeting = _meeting(board, -10, status=Meeting.Status.SCHEDULED)
    _add_item(clerk, meeting, "Open report")
    _add_item(clerk, meeting, "Placement review", exempt="on", exempt_paragraph="1")
    meeting.status = Meeting.Status.HELD
    meeting.save()
    url = reverse("boards:minutes", args=[meeting.pk])
    page = clerk.get(url)
    rows = {form.item.kind: form for form in page.context["rows"]}
    exclusion = rows[AgendaItem.Kind.EXCLUSION]
    assert exclusion.initial["resolutions"].startswith(
        "That in relation to the following item the press and public be excluded"
    )
    data = loaded(clerk, url)
    for form in page.context["rows"]:
        data[f"{form.prefix}-text"] = form.initial["text"]
        data[f"{form.prefix}-resolutions"] = form.initial["resolutions"]
    secret = meeting.items.get(exempt=True)
    data[f"i{secret.pk}-text"] = "SECRET the board discussed the child"
    assert clerk.post(url, data).status_code == 302
    numbers = [(i.kind, i.minute.number) for i in meeting.items.select_related("minute").all()]
    assert [n for _, n in numbers] == [1, 2, 3]
    assert numbers[1][0] == AgendaItem.Kind.EXCLUSION
    assert clerk.post(reverse("boards:minutes_publish", args=[meeting.pk])).status_code == 302
    public = _text(_public(meeting))
    assert "2. Exclusion of the press and public" in public
    assert "Resolved: That in relation to the following item the press and public" in public
    assert "3. Exempt item: the public were excluded (Schedule 12A, paragraph 1)." in public
    assert "SECRET" not in public and "Placement review" not in public


# The packs: the members' pack prints the exempt minutes in full -----------------------------


@pytest.fixture
def _render_in_this_process():
    from corporate_parenting.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _pack_text(pack):
    assert pack.state == AgendaPack.State.READY, pack.error
    with pack.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.usefixtures("_render_in_this_process")
def test_the_members_pack_prints_the_exempt_minutes_the_public_pack_only_the_fact(
    board, people, clerk, django_capture_on_commit_callbacks
):
    earlier = _meeting(board, -40, minutes_published_at=timezone.now())
    _item(earlier, 1, "Open report")
    exclusion = _item(earlier, 2, "Exclusion of the press and public", AgendaItem.Kind.EXCLUSION)
    secret = _item(earlier, 3, "Placement review", exempt=True, exempt_paragraph=1)
    _minute(earlier.items.get(title="Open report"), "Noted.", ["That it be noted."])
    _minute(exclusion, "", [exclusion.printed_purpose])
    _minute(secret, "SECRET the board discussed the child", ["SECRET that it continue"])
    minutes_renumber(board=board)
    _present(earlier, people["chadd"])
    later = _meeting(board, 20, status=Meeting.Status.AGENDA_PUBLISHED)
    _item(later, 3, "Minutes of the previous meeting", AgendaItem.Kind.PREVIOUS_MINUTES)
    for kind in ("public", "members"):
        with django_capture_on_commit_callbacks(execute=True):
            clerk.post(reverse("papers:pack_request", args=[later.pk]), {"kind": kind})
    public = _pack_text(AgendaPack.objects.get(meeting=later, kind=AgendaPack.Kind.PUBLIC))
    members = _pack_text(AgendaPack.objects.get(meeting=later, kind=AgendaPack.Kind.MEMBERS))
    for text in (public, members):
        assert "p Councillor Roz Chadd" in text
        assert "2. EXCLUSION OF THE PRESS AND PUBLIC" in text
    assert "3. Exempt item: the public were excluded (Schedule 12A, paragraph 1)." in public
    assert "SECRET" not in public and "PLACEMENT REVIEW" not in public
    assert "3. PLACEMENT REVIEW" in members
    assert "SECRET the board discussed the child" in members
    assert "Resolved: SECRET that it continue" in members


# Actions from the meeting generally ---------------------------------------------------------


def test_an_action_can_arise_from_the_meeting_generally(board, clerk):
    meeting = _meeting(board, -10)
    _item(meeting, 1, "Open report")
    response = clerk.post(
        reverse("boards:action_create", args=[meeting.pk]),
        {"item": "", "description": "Write to the young people", "owner_name": "The Chair"},
    )
    assert response.status_code == 302
    action = Action.objects.get(description="Write to the young people")
    assert (action.meeting, action.item) == (meeting, None)
    detail = clerk.get(action.get_absolute_url()).content.decode()
    assert "From the meeting generally, not one item" in detail
    log = clerk.get(reverse("boards:actions")).content.decode()
    assert "Write to the young people" in log
    later = _meeting(board, 10, status=Meeting.Status.SCHEDULED)
    _item(later, 3, "Minutes of the previous meeting", AgendaItem.Kind.PREVIOUS_MINUTES)
    assert "Write to the young people" in (
        clerk.get(reverse("boards:meeting", args=[later.pk])).content.decode()
    )


@pytest.mark.usefixtures("_render_in_this_process")
def test_the_packs_agenda_prints_the_exclusion_before_the_first_exempt_item(
    board, clerk, django_capture_on_commit_callbacks
):
    board.exclusion_wording = EXCLUSION_WORDING.replace("That in", f"{HOSTILE} That in")
    board.save()
    meeting = _meeting(board, 20, status=Meeting.Status.SCHEDULED)
    _add_item(clerk, meeting, "Open report")
    _add_item(clerk, meeting, "Placement review", exempt="on", exempt_paragraph="2")
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.save()
    for kind in ("public", "members"):
        with django_capture_on_commit_callbacks(execute=True):
            clerk.post(reverse("papers:pack_request", args=[meeting.pk]), {"kind": kind})
        pack = AgendaPack.objects.get(meeting=meeting, kind=kind)
        text = " ".join(_pack_text(pack).split())
        resolution = text.index("That in relation to the following item the press and public")
        assert "EXCLUSION OF THE PRESS AND PUBLIC" in text[:resolution]
        assert "exempt information within Paragraph 2 of Part 1 of Schedule 12A" in text
        assert HOSTILE in text  # printed as text
        exempt = text.index("EXEMPT ITEM" if kind == "public" else "PLACEMENT REVIEW")
        assert text.index("OPEN REPORT") < resolution < exempt


def test_moving_an_exempt_item_up_steps_over_the_exclusion(board, clerk):
    meeting = _meeting(board, 20, status=Meeting.Status.SCHEDULED)
    _add_item(clerk, meeting, "Open report")
    _add_item(clerk, meeting, "Placement review", exempt="on", exempt_paragraph="1")
    secret = meeting.items.get(exempt=True)
    clerk.post(reverse("boards:item_move", args=[secret.pk]), {"direction": "up"})
    assert [title for title, _ in _titles(meeting)] == [
        "Exclusion of the press and public",
        "Placement review",
        "Open report",
    ]
    exclusion = meeting.items.get(kind=AgendaItem.Kind.EXCLUSION)
    page = clerk.get(meeting.get_absolute_url()).content.decode()
    assert 'Move down<span class="govuk-visually-hidden"> Exclusion' not in page
    response = clerk.post(
        reverse("boards:item_move", args=[exclusion.pk]), {"direction": "down"}, follow=True
    )
    assert "stays just before the first exempt item" in response.content.decode()
    assert _titles(meeting)[0][0] == "Exclusion of the press and public"


def test_approval_recorded_later_brings_the_saved_not_agreed_minute_up_to_date(clerk, two_meetings):
    earlier, later, when = two_meetings
    _minute(earlier.items.get(), "Noted.")
    text, _ = _previous_minutes_suggestion(clerk, later)
    item = later.items.get(kind=AgendaItem.Kind.PREVIOUS_MINUTES)
    saved = _minute(item, text)
    response = clerk.post(
        reverse("boards:minutes_approve", args=[earlier.pk]), {"approved_at": later.pk}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.text == f"The minutes of the meeting held on {when} were agreed."


def test_approval_recorded_later_leaves_the_clerks_own_words(clerk, two_meetings):
    earlier, later, _ = two_meetings
    _minute(earlier.items.get(), "Noted.")
    item = later.items.get(kind=AgendaItem.Kind.PREVIOUS_MINUTES)
    saved = _minute(item, "The minutes were agreed, subject to one spelling correction.")
    clerk.post(reverse("boards:minutes_approve", args=[earlier.pk]), {"approved_at": later.pk})
    saved.refresh_from_db()
    assert saved.text == "The minutes were agreed, subject to one spelling correction."


def test_resolutions_and_declarations_are_safe_with_hostile_text(board, people, clerk):
    meeting = _meeting(board, -10, minutes_published_at=timezone.now())
    item = _item(meeting, 1, "Bright Spots survey")
    _minute(item, "Noted.", [HOSTILE, f"Second {HOSTILE}"])
    _minute(_item(meeting, 2, "Other"), "Noted.", [f"Only {HOSTILE}"])
    Declaration.objects.create(
        organisation=meeting.organisation,
        meeting=meeting,
        item=item,
        member=people["chadd"],
        kind=Declaration.Kind.PERSONAL,
        words=HOSTILE,
    )
    page = _public(meeting)
    assert "<script>alert" not in page
    assert page.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") == 4


def test_officers_also_present_are_listed_last_as_typed(board, people, clerk):
    meeting = _meeting(board, -10, minutes_published_at=timezone.now())
    _item(meeting, 1, "Apologies for absence", AgendaItem.Kind.APOLOGIES)
    url = reverse("boards:attendance", args=[meeting.pk])
    form = clerk.get(url).context["rows"]
    data = {f"{row.prefix}-status": "present" for row in form if row.member != people["carpenter"]}
    data["also_present"] = f"  Jane Officer, Head of Service  \n\n{HOSTILE}\n"
    assert clerk.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.also_present == f"Jane Officer, Head of Service\n{HOSTILE}"
    public = _public(meeting)
    assert "<script>alert" not in public
    assert (
        "Also present: Absent Adviser Steve Crocker (Children's Services) "
        f"Jane Officer, Head of Service {HOSTILE}"
    ) in _text(public)

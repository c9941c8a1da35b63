"""Issue 9, defect 10: a co-opted young person's name never reaches the public.

A co-opted member with a distinctive name sends apologies to one meeting, declares an interest
and is present at the next. The clerk saves the minutes the product suggests (apologies and
declarations are written from the record), publishes them, approves the first at the second
and publishes the agenda and public pack of a third meeting, which prints the previous
meeting's minutes. Then every public output is fetched signed out, and the public pack PDF is
read back: none may hold the name. Each output must show something it should (so the search
cannot pass on empty pages), and the board's chosen public wording must appear.
"""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from pypdf import PdfReader

from boards.models import AgendaItem, Attendance, BoardMember, Declaration, Meeting
from boards.papers.models import AgendaPack

from ..access import client_for
from ..edit_guard import save_edit
from ..factories import AgendaItemFactory, BoardFactory, BoardMemberFactory, MeetingFactory

pytestmark = pytest.mark.django_db

NAME = "Zephyrine"  # no real person: a name that cannot appear by chance
PUBLIC_WORDING = "a member of the Children in Care Council"


@pytest.fixture(autouse=True)
def _render_in_this_process():
    """The pack is read back, so its render task runs in this process (see test_packs.py)."""
    from corporate_parenting.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _meeting(board, days, status=Meeting.Status.HELD):
    now = timezone.now()
    meeting = MeetingFactory(
        board=board,
        starts_at=now + timedelta(days=days),
        status=status,
        agenda_published_at=now + timedelta(days=days - 7),
    )
    for position, kind in enumerate(
        [AgendaItem.Kind.APOLOGIES, AgendaItem.Kind.DECLARATIONS, AgendaItem.Kind.PREVIOUS_MINUTES]
    ):
        AgendaItemFactory(
            meeting=meeting,
            position=position,
            number=str(position + 1),
            kind=kind,
            title=str(kind.label),
        )
    AgendaItemFactory(
        meeting=meeting, position=9, number="4", kind=AgendaItem.Kind.REPORT, title="Care leavers"
    )
    return meeting


def _save_suggested_minutes(clerk, meeting):
    """Open the minutes page and save exactly what the product suggests."""
    url = reverse("boards:minutes", args=[meeting.pk])
    page = clerk.get(url)
    assert page.status_code == 200
    data = dict(re.findall(r'name="([^"]*loaded_state)" value="([^"]*)"', page.content.decode()))
    assert data  # the page's loaded state, as a browser sends it back
    for form in page.context["rows"]:
        data[f"{form.prefix}-text"] = form.initial["text"]
        data[f"{form.prefix}-resolutions"] = form.initial["resolutions"]
    data[f"i{meeting.items.get(title='Care leavers').pk}-resolutions"] = "That the report be noted."
    assert clerk.post(url, data).status_code == 302
    assert clerk.post(reverse("boards:minutes_publish", args=[meeting.pk])).status_code == 302


@pytest.fixture
def scene(world, django_capture_on_commit_callbacks):
    board = BoardFactory(organisation=world.organisation, coopted_public_name=PUBLIC_WORDING)
    young = BoardMemberFactory(board=board, name=NAME, kind=BoardMember.Kind.COOPTED)
    chair = BoardMemberFactory(board=board, name="Cllr Ada Thorne", role=BoardMember.Role.CHAIR)
    autumn = _meeting(board, -60)
    winter = _meeting(board, -10)
    spring = _meeting(board, 20, status=Meeting.Status.AGENDA_PUBLISHED)
    org = world.organisation
    for meeting, status in ((autumn, "apologies"), (winter, "present")):
        Attendance.objects.create(organisation=org, meeting=meeting, member=chair, status="present")
        Attendance.objects.create(organisation=org, meeting=meeting, member=young, status=status)
    Declaration.objects.create(
        organisation=org,
        meeting=winter,
        member=young,
        kind=Declaration.Kind.PERSONAL,
        words="Lives in a children's home run by the council.",
    )
    clerk = client_for(world.clerk)
    _save_suggested_minutes(clerk, autumn)
    _save_suggested_minutes(clerk, winter)
    response = clerk.post(
        reverse("boards:minutes_approve", args=[autumn.pk]), {"approved_at": winter.pk}
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        clerk.post(reverse("papers:pack_request", args=[spring.pk]), {"kind": "public"})
    pack = AgendaPack.objects.get(meeting=spring, kind=AgendaPack.Kind.PUBLIC)
    assert pack.state == AgendaPack.State.READY, pack.error
    return {
        "board": board,
        "young": young,
        "meetings": (autumn, winter, spring),
        "pack": pack,
        "slug": org.slug,
    }


def _public_outputs(scene):
    """(name, url, text that must appear) for every public URL."""
    slug, board = scene["slug"], scene["board"]
    autumn, winter, spring = scene["meetings"]

    def page(meeting):
        return reverse("boards_public:meeting", args=[slug, meeting.pk])

    def api(meeting):
        return reverse("boards_api:meeting", args=[slug, meeting.pk])

    return [
        ("public list", reverse("boards_public:meetings", args=[slug]), page(autumn)),
        ("autumn page", page(autumn), "Apologies were received from"),
        ("winter page", page(winter), "Care leavers"),
        ("spring page", page(spring), "Care leavers"),
        (
            "board calendar",
            reverse("boards_public:board_calendar", args=[slug, board.pk]),
            f"meeting-{winter.pk}@{slug}",
        ),
        (
            "co-opted member's calendar",
            reverse("boards_public:member_calendar", args=[slug, scene["young"].feed_token]),
            f"meeting-{winter.pk}@{slug}",
        ),
        ("Atom feed", reverse("boards_public:feed", args=[slug]), f"{page(winter)}#minutes"),
        ("API meetings", reverse("boards_api:meetings", args=[slug]), f'"id":{winter.pk}'),
        ("API autumn", api(autumn), "Apologies were received from"),
        ("API winter", api(winter), "Care leavers"),
        ("API spring", api(spring), "Care leavers"),
        ("API decisions", reverse("boards_api:decisions", args=[slug]), "report be noted"),
        ("API schema", reverse("boards_api:schema"), "/api/v1/{org_slug}/decisions/"),
    ]


def test_no_public_output_names_a_coopted_member(scene):
    client = Client()
    leaks = []
    for name, url, expected in _public_outputs(scene):
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        text = response.content.decode()
        assert expected in text, f"{name} ({url}) does not show {expected!r}: the test is vacuous"
        if NAME in text:
            leaks.append(name)
    assert not leaks, f"The co-opted member's name reached public outputs: {leaks}"


def test_every_public_and_api_url_is_searched(scene):
    from boards import api_urls, public_urls

    names = {f"boards_public:{p.name}" for p in public_urls.urlpatterns} | {
        f"boards_api:{p.name}" for p in api_urls.urlpatterns
    }
    searched = {resolve(url).view_name for _, url, _ in _public_outputs(scene)}
    assert names <= searched, names - searched


def test_the_public_pack_does_not_name_a_coopted_member(scene):
    with scene["pack"].pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "CARE LEAVERS" in text  # the previous meeting's minute headings: not vacuous
    assert "Present (p marks those present)" in text  # the previous meeting's minutes print
    assert NAME not in text


def test_the_public_sees_the_boards_wording_for_coopted_members(scene):
    autumn, winter, _ = scene["meetings"]
    client = Client()
    autumn_page = client.get(reverse("boards_public:meeting", args=[scene["slug"], autumn.pk]))
    assert f"Apologies were received from {PUBLIC_WORDING}." in autumn_page.content.decode()
    winter_api = client.get(reverse("boards_api:meeting", args=[scene["slug"], winter.pk])).json()
    names = sorted(row["name"] for row in winter_api["attendance"])
    assert names == ["Cllr Ada Thorne", PUBLIC_WORDING]
    assert [d["member"] for d in winter_api["declarations"]] == [PUBLIC_WORDING]
    minutes_text = " ".join((item["minute"] or {}).get("text", "") for item in winter_api["items"])
    assert "A member of the Children in Care Council declared a personal interest" in minutes_text


def test_signed_in_members_still_see_the_name_on_the_minutes_page(world, scene):
    autumn = scene["meetings"][0]
    page = client_for(world.clerk).get(reverse("boards:minutes", args=[autumn.pk]))
    assert NAME in page.content.decode()  # the attendance record names them, as before


def test_the_board_form_sets_the_public_wording_with_a_default(world):
    board = BoardFactory(organisation=world.organisation, name="Corporate Parenting Board")
    BoardMemberFactory(board=board, name=NAME, kind=BoardMember.Kind.COOPTED)
    assert board.coopted_public_name == "a co-opted member"
    client = client_for(world.administrator)
    url = reverse("boards:board_update", args=[board.pk])
    assert "How co-opted members are named in public" in client.get(url).content.decode()
    data = {"name": board.name, "quorum": 3, "first_minute_number": 1}

    response = save_edit(client, url, {**data, "coopted_public_name": f"our {NAME}"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Do not use a co-opted member&#x27;s name here" in page
    assert f'value="our {NAME}"' in page  # what was typed is kept
    board.refresh_from_db()
    assert board.coopted_public_name == "a co-opted member"

    save_edit(client, url, {**data, "coopted_public_name": "a young person from the CiCC"})
    board.refresh_from_db()
    assert board.coopted_public_name == "a young person from the CiCC"
    save_edit(client, url, {**data, "coopted_public_name": "  "})
    board.refresh_from_db()
    assert board.coopted_public_name == "a co-opted member"

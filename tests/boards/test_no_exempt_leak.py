"""Acceptance: exempt items never reach a public page, feed or API.

A published meeting holds an exempt item with minutes, a resolution, a declaration and an
action, all published; every public output is fetched signed out and searched for the
exempt item's title, number, purpose, minute, resolution, declaration and action. So that the
test cannot pass by fetching empty pages, the non-exempt item's title must appear where the
public should see it.
"""

import pytest
from django.test import Client
from django.urls import reverse

from boards.models import AgendaItem, Attendance, BoardMember, Declaration, WorkProgrammeEntry

from ..factories import (
    ActionFactory,
    BoardFactory,
    BoardMemberFactory,
    OrganisationFactory,
    WorkProgrammeEntryFactory,
)
from .test_public import item, published_meeting

SENTINEL = "EXEMPT-SENTINEL Placement of a named child"
SECRETS = [
    SENTINEL,
    "EXEMPT-SENTINEL",
    "9-EXEMPTZ",  # the exempt item's number
    "SECRET-PURPOSE to consider the placement",
    "SECRET-MINUTE the board discussed the child",
    "SECRET-RESOLUTION that the placement continue",
    "SECRET-DECLARATION knows the family",
    "SECRET-ACTION write to the foster carer",
    "SECRET-PRESENTER",
    "Jordan Example",  # a co-opted member: never named in public
]
PUBLIC_TITLE = "Virtual School annual report"
PUBLIC_RESOLUTION = "That the Virtual School report be noted."


@pytest.fixture
def scene(db):
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    board = BoardFactory(organisation=organisation)
    councillor = BoardMemberFactory(board=board, name="Councillor Ada Lovelace")
    young = BoardMemberFactory(board=board, name="Jordan Example", kind=BoardMember.Kind.COOPTED)
    meeting = published_meeting(board, days=-10, minutes=True, approved=True)
    item(
        meeting,
        PUBLIC_TITLE,
        position=30,
        minute_text="The Board received the report.",
        resolution=PUBLIC_RESOLUTION,
    )
    exempt = item(
        meeting,
        SENTINEL,
        number="9-EXEMPTZ",
        position=31,
        purpose="SECRET-PURPOSE to consider the placement",
        presenter="SECRET-PRESENTER",
        exempt=True,
        exempt_paragraph=AgendaItem.ExemptParagraph.P2,
        minute_text="SECRET-MINUTE the board discussed the child",
        resolution="SECRET-RESOLUTION that the placement continue",
    )
    Declaration.objects.create(
        organisation=organisation,
        meeting=meeting,
        item=exempt,
        member=councillor,
        kind=Declaration.Kind.PERSONAL,
        words="SECRET-DECLARATION knows the family",
    )
    Declaration.objects.create(
        organisation=organisation,
        meeting=meeting,
        item=exempt,
        member=young,
        kind=Declaration.Kind.PERSONAL,
        words="SECRET-DECLARATION knows the family",
    )
    ActionFactory(
        meeting=meeting, item=exempt, description="SECRET-ACTION write to the foster carer"
    )
    for member in (councillor, young):
        Attendance.objects.create(
            organisation=organisation, meeting=meeting, member=member, status="present"
        )
    # An upcoming published meeting that also has an exempt item (agenda only).
    upcoming = published_meeting(board, days=20)
    item(upcoming, SENTINEL, exempt=True, exempt_paragraph=1, purpose="SECRET-PURPOSE x")
    WorkProgrammeEntryFactory(
        board=board,
        kind=WorkProgrammeEntry.Kind.WORKSHOP,
        title="Meet the Children in Care Council",
        workshop_date=meeting.starts_at.date(),
    )
    return {
        "board": board,
        "meeting": meeting,
        "upcoming": upcoming,
        "member": councillor,
        "young": young,
    }


def public_outputs(scene):
    """(name, url, text that must appear) for every public output."""
    board, meeting, upcoming = scene["board"], scene["meeting"], scene["upcoming"]
    page = reverse("boards_public:meeting", args=["shire", meeting.pk])
    return [
        ("public list", reverse("boards_public:meetings", args=["shire"]), page),
        ("public meeting", page, PUBLIC_TITLE),
        (
            "public meeting (upcoming)",
            reverse("boards_public:meeting", args=["shire", upcoming.pk]),
            "Exempt item",
        ),
        (
            "board calendar",
            reverse("boards_public:board_calendar", args=["shire", board.pk]),
            f"meeting-{meeting.pk}@shire",
        ),
        (
            "member calendar",
            reverse("boards_public:member_calendar", args=["shire", scene["member"].feed_token]),
            "Workshop: Meet the Children",
        ),
        (
            "co-opted member calendar",
            reverse("boards_public:member_calendar", args=["shire", scene["young"].feed_token]),
            f"meeting-{meeting.pk}@shire",
        ),
        (
            "Atom feed",
            reverse("boards_public:feed", args=["shire"]),
            f"/p/shire/meetings/{meeting.pk}/#minutes",
        ),
        ("API meetings", reverse("boards_api:meetings", args=["shire"]), f'"id":{meeting.pk}'),
        ("API meeting", reverse("boards_api:meeting", args=["shire", meeting.pk]), PUBLIC_TITLE),
        (
            "API meeting (upcoming)",
            reverse("boards_api:meeting", args=["shire", upcoming.pk]),
            '"exempt_items":[{"paragraph":1}]',
        ),
        ("API decisions", reverse("boards_api:decisions", args=["shire"]), PUBLIC_RESOLUTION),
        ("API schema", reverse("boards_api:schema"), "/api/v1/{org_slug}/decisions/"),
    ]


def test_no_public_output_holds_anything_of_an_exempt_item(scene):
    client = Client()
    leaks = []
    for name, url, expected in public_outputs(scene):
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        text = response.content.decode()
        assert expected in text, f"{name} ({url}) does not show {expected!r}: the test is vacuous"
        leaks += [(name, secret) for secret in SECRETS if secret in text]
    assert not leaks, f"Exempt or private text reached public outputs: {leaks}"


def test_the_public_page_says_where_the_public_were_excluded(scene):
    page = reverse("boards_public:meeting", args=["shire", scene["meeting"].pk])
    text = Client().get(page).content.decode()
    assert "Exempt item: the public were excluded (Schedule 12A, paragraph 2)" in text
    assert PUBLIC_RESOLUTION in text


def test_every_public_and_api_url_is_searched(scene):
    """A new public URL must be added to public_outputs (or this test fails)."""
    from boards import api_urls, public_urls

    names = {f"boards_public:{p.name}" for p in public_urls.urlpatterns} | {
        f"boards_api:{p.name}" for p in api_urls.urlpatterns
    }
    searched = {url for _, url, _ in public_outputs(scene)}
    from django.urls import resolve

    searched_names = {resolve(url).view_name for url in searched}
    assert names <= searched_names, names - searched_names

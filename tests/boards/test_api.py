"""The open-data JSON API (/api/v1/): read-only, signed out, only what the public may see,
and every response matches the published OpenAPI schema (checked by schemathesis)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards.models import AgendaItem, Attendance, BoardMember

from ..factories import BoardFactory, BoardMemberFactory, MeetingFactory, OrganisationFactory
from .test_public import item, published_meeting


@pytest.fixture
def board(db):
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    return BoardFactory(organisation=organisation, name="Corporate Parenting Board")


@pytest.fixture
def record(board):
    """A held meeting with published minutes, an exempt item, attendance; and an upcoming one."""
    held = published_meeting(board, days=-30, minutes=True, approved=True)
    item(held, "Apologies for absence", kind=AgendaItem.Kind.APOLOGIES, position=27)
    item(
        held,
        "Virtual School annual report",
        number="6a",
        position=28,
        minute_text="The Board received the report.",
        resolution="That the report be noted.",
    )
    item(
        held,
        "Placement of a named child",
        position=29,
        exempt=True,
        exempt_paragraph=AgendaItem.ExemptParagraph.P1,
        minute_text="PRIVATE",
        resolution="PRIVATE-RESOLUTION",
    )
    councillor = BoardMemberFactory(board=board, name="Councillor Ada Lovelace")
    young = BoardMemberFactory(board=board, name="Jordan Example", kind=BoardMember.Kind.COOPTED)
    for member, status in ((councillor, "present"), (young, "apologies")):
        Attendance.objects.create(
            organisation=board.organisation, meeting=held, member=member, status=status
        )
    upcoming = published_meeting(board, days=14)
    item(upcoming, "Health of children in care", purpose="To receive a six-monthly update.")
    draft = published_meeting(board, days=-3, minutes=True)
    item(draft, "Care leavers", minute_text="Noted.", resolution="That the draft be noted.")
    hidden = MeetingFactory(board=board)  # scheduled, agenda not published
    return {"held": held, "upcoming": upcoming, "draft": draft, "hidden": hidden}


def get(name, *args, **query):
    response = Client().get(reverse(f"boards_api:{name}", args=args), query)
    return response


# --- What the JSON says -----------------------------------------------------------------


def test_the_list_holds_only_published_meetings_newest_first(record):
    response = get("meetings", "shire")
    assert response.status_code == 200
    body = response.json()
    ids = [row["id"] for row in body["results"]]
    assert ids == [record["upcoming"].pk, record["draft"].pk, record["held"].pk]
    assert body["count"] == 3
    held = body["results"][2]
    assert held["status"] == "minutes_approved"
    assert held["minutes_status"] == "approved"
    assert held["url"] == f"http://testserver/p/shire/meetings/{record['held'].pk}/"
    assert body["results"][0]["minutes_status"] == "none"
    assert body["results"][1]["minutes_status"] == "draft"


def test_the_list_is_paginated(record):
    body = get("meetings", "shire", limit=1, offset=1).json()
    assert len(body["results"]) == 1 and body["count"] == 3 and body["next"] and body["previous"]


def test_a_meeting_has_its_agenda_minutes_and_attendance_without_exempt_items(record):
    body = get("meeting", "shire", record["held"].pk).json()
    titles = [row["title"] for row in body["items"]]
    assert titles == ["Apologies for absence", "Virtual School annual report"]
    report = body["items"][1]
    assert report["number"] == "6a"
    assert report["minute"] == {
        "number": 28,
        "text": "The Board received the report.",
        "resolutions": ["That the report be noted."],
    }
    assert body["exempt_items"] == [{"paragraph": 1}]
    assert "named child" not in response_text(record["held"])
    assert "PRIVATE" not in response_text(record["held"])
    names = sorted(row["name"] for row in body["attendance"])
    assert names == ["Councillor Ada Lovelace", "a co-opted member"]  # the board's wording


def response_text(meeting):
    return get("meeting", "shire", meeting.pk).content.decode()


def test_an_unpublished_meetings_minutes_are_left_out(record):
    body = get("meeting", "shire", record["upcoming"].pk).json()
    assert body["items"][0]["title"] == "Health of children in care"
    assert body["items"][0]["minute"] is None
    assert body["attendance"] == [] and body["minutes_published_at"] is None


def test_an_unpublished_meeting_is_not_found(record):
    assert get("meeting", "shire", record["hidden"].pk).status_code == 404


def test_another_organisations_meeting_is_not_found_under_this_slug(record):
    theirs = published_meeting(BoardFactory(organisation=OrganisationFactory(slug="elsewhere")))
    assert get("meeting", "shire", theirs.pk).status_code == 404
    assert get("meetings", "elsewhere").json()["count"] == 1
    assert get("meetings", "nowhere").status_code == 404


def test_decisions_are_the_resolutions_of_published_minutes_only(record):
    body = get("decisions", "shire").json()
    texts = [row["text"] for row in body["results"]]
    assert texts == ["That the draft be noted.", "That the report be noted."]
    report = body["results"][1]
    assert report["minute_number"] == 28
    assert report["item_title"] == "Virtual School annual report"
    assert report["meeting_id"] == record["held"].pk
    assert report["meeting_date"] == timezone.localdate(record["held"].starts_at).isoformat()
    assert report["minutes_status"] == "approved"
    assert body["results"][0]["minutes_status"] == "draft"


def test_the_api_is_read_only(record):
    response = Client().post(reverse("boards_api:meetings", args=["shire"]), {})
    assert response.status_code == 405


def test_the_schema_documents_every_endpoint(db):
    response = Client().get(reverse("boards_api:schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) == {
        "/api/v1/{org_slug}/meetings/",
        "/api/v1/{org_slug}/meetings/{id}/",
        "/api/v1/{org_slug}/decisions/",
    }


# --- The JSON matches its OpenAPI schema (schemathesis) -----------------------------------


@pytest.fixture
def wsgi_app():
    """The real WSGI handler, minus the per-request connection clean-up, as Django's own test
    client does: inside the test's transaction a real handler would close the connection
    (PostgreSQL then fails every later query; SQLite's in-memory test database is never
    closed, which hid this)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_response_matches_the_openapi_schema(record, wsgi_app):
    """Schemathesis generates requests from the schema (random slugs, ids, limits and offsets,
    and the real ones, so that full records are checked too) and validates each response:
    status code documented, content type, JSON body against the schema, no server error."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    real_ids = [record["held"].pk, record["draft"].pk, record["upcoming"].pk]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 3
    seen = set()
    for operation in operations:
        real = {"org_slug": "shire"}
        strategies = [operation.as_strategy()]
        if "{id}" in operation.path:
            strategies += [
                operation.as_strategy(path_parameters={**real, "id": pk}) for pk in real_ids
            ]
        else:
            strategies.append(operation.as_strategy(path_parameters=real))

        @settings(
            max_examples=20,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        @given(case=st.one_of(*strategies))
        def check(case):
            response = case.call_and_validate()
            seen.add((case.operation.path, response.status_code))

        check()
    # Not vacuous: the real records were fetched and validated, not only 404s.
    assert {path for path, status in seen if status == 200} == {op.path for op in operations}

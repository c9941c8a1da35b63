"""Access cases for the public meeting pages, calendars, feed and the open-data API: public by
design, so anyone, signed in or not, of any organisation, gets in (200)."""

from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting

from ..access import AccessCase
from ..factories import BoardFactory, BoardMemberFactory, MeetingFactory


def _meeting(world):
    now = timezone.now()
    return MeetingFactory(
        board=BoardFactory(organisation=world.organisation),
        starts_at=now + timezone.timedelta(days=7),
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=now,
    )


def _member(world):
    return BoardMemberFactory(board=BoardFactory(organisation=world.organisation))


def _slug(world):
    return world.organisation.slug


def _public(name, url):
    return AccessCase(name, url, [], public=True, ok_statuses=(200,))


CASES = [
    _public("boards_public:meetings", lambda w: reverse("boards_public:meetings", args=[_slug(w)])),
    _public(
        "boards_public:meeting",
        lambda w: reverse("boards_public:meeting", args=[_slug(w), _meeting(w).pk]),
    ),
    _public(
        "boards_public:board_calendar",
        lambda w: reverse("boards_public:board_calendar", args=[_slug(w), _meeting(w).board.pk]),
    ),
    _public(
        "boards_public:member_calendar",
        lambda w: reverse("boards_public:member_calendar", args=[_slug(w), _member(w).feed_token]),
    ),
    _public("boards_public:feed", lambda w: reverse("boards_public:feed", args=[_slug(w)])),
    _public("boards_api:meetings", lambda w: reverse("boards_api:meetings", args=[_slug(w)])),
    _public(
        "boards_api:meeting",
        lambda w: reverse("boards_api:meeting", args=[_slug(w), _meeting(w).pk]),
    ),
    _public("boards_api:decisions", lambda w: reverse("boards_api:decisions", args=[_slug(w)])),
    _public("boards_api:schema", lambda w: reverse("boards_api:schema")),
]

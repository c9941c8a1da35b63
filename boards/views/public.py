"""Public meeting pages, calendars and the papers feed, for anyone, signed in or not.

What the public may see is decided once, in boards/public_records.py (exempt items, co-opted
members, unpublished minutes); these views only serve it.
"""

import datetime
import zoneinfo

import icalendar
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from corporate_parenting.dates import later, local, start_of
from corporate_parenting.models import Organisation
from corporate_parenting.public import PUBLIC_MAX_AGE, cache_public_page

from ..models import (
    Board,
    BoardMember,
    Meeting,
    WorkProgrammeEntry,
)
from ..public_records import (
    meeting_record,
    meeting_summary,
    public_meetings,
)

DEFAULT_LENGTH = datetime.timedelta(hours=2)
LONDON = zoneinfo.ZoneInfo("Europe/London")


def organisation_for(org_slug):
    return get_object_or_404(Organisation, slug=org_slug)


# --- Pages -------------------------------------------------------------------------------


@login_not_required
@require_safe
def meetings(request, org_slug):
    organisation = organisation_for(org_slug)
    now = timezone.now()
    rows = [meeting_summary(m, organisation) for m in public_meetings(organisation)]
    upcoming = sorted((m for m in rows if m.starts_at >= now), key=lambda m: m.starts_at)
    past = sorted((m for m in rows if m.starts_at < now), key=lambda m: m.starts_at, reverse=True)
    boards = Board.objects.filter(organisation=organisation).order_by("name")
    context = {
        "organisation": organisation,
        "upcoming": upcoming,
        "past": past,
        "boards": [
            {
                "name": b.name,
                "calendar_url": reverse("boards_public:board_calendar", args=[org_slug, b.pk]),
            }
            for b in boards
        ],
        "feed_url": reverse("boards_public:feed", args=[org_slug]),
    }
    return cache_public_page(request, render(request, "boards/public_meetings.html", context))


@login_not_required
@require_safe
def meeting(request, org_slug, pk):
    organisation = organisation_for(org_slug)
    found = get_object_or_404(public_meetings(organisation), pk=pk)
    context = {
        "organisation": organisation,
        "meeting": meeting_record(found, organisation),
        "meetings_url": reverse("boards_public:meetings", args=[org_slug]),
    }
    return cache_public_page(request, render(request, "boards/public_meeting.html", context))


# --- Calendars ---------------------------------------------------------------------------


def _calendar(name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Corporate Parenting//Board meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    return calendar


def _local(moment):
    return local(moment, LONDON)


def meeting_uid(meeting, org_slug):
    return f"meeting-{meeting.pk}@{org_slug}.corporate-parenting"


def _meeting_event(request, meeting, org_slug, *, public_url):
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting, org_slug))
    event.add("dtstamp", meeting.agenda_published_at or meeting.starts_at)
    starts = _local(meeting.starts_at)
    # No room for the usual length after the last hour of year 9999: then no end (RFC 5545:
    # the event ends as it starts).
    ends = _local(meeting.ends_at) if meeting.ends_at else later(starts, DEFAULT_LENGTH)
    event.add("dtstart", starts)
    if ends is not None:
        event.add("dtend", ends)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    summary = meeting.board.name
    event.add("summary", f"Cancelled: {summary}" if cancelled else summary)
    venue = meeting.venue or meeting.board.usual_venue
    if venue:
        event.add("location", venue)
    if public_url:
        url = request.build_absolute_uri(
            reverse("boards_public:meeting", args=[org_slug, meeting.pk])
        )
        event.add("url", url)
        event.add("description", f"Agenda and papers: {url}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _ics_response(request, calendar, filename, *, private=False):
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # The link is one member's secret: no shared cache should keep it.
        patch_cache_control(response, private=True, max_age=PUBLIC_MAX_AGE)
        return response
    return cache_public_page(request, response)


@login_not_required
@require_safe
def board_calendar(request, org_slug, board_pk):
    organisation = organisation_for(org_slug)
    board = get_object_or_404(Board, organisation=organisation, pk=board_pk)
    calendar = _calendar(f"{board.name}, {organisation}")
    for found in public_meetings(organisation).filter(board=board).order_by("starts_at"):
        calendar.add_component(_meeting_event(request, found, org_slug, public_url=True))
    return _ics_response(request, calendar, f"board-{board.pk}.ics")


@login_not_required
@require_safe
def member_calendar(request, org_slug, token):
    """One member's meetings and workshops within their term.

    The member sits on the board, so scheduled meetings appear before their agenda is
    published; but the feed is reachable without signing in, so it carries no agenda at all.
    """
    organisation = organisation_for(org_slug)
    member = get_object_or_404(
        BoardMember.objects.select_related("board"),
        organisation=organisation,
        board__organisation=organisation,
        feed_token=token,
    )
    board = member.board
    # No name: the link works without signing in, and co-opted members are young people.
    calendar = _calendar(f"{board.name}: meetings and workshops")
    in_term = Q(starts_at__gte=start_of(member.start_date))
    day_after_term = member.end_date and later(member.end_date, datetime.timedelta(days=1))
    if day_after_term:
        in_term &= Q(starts_at__lt=start_of(day_after_term))
    public_ids = set(public_meetings(organisation).filter(board=board).values_list("pk", flat=True))
    for found in (
        Meeting.objects.filter(organisation=organisation, board=board)
        .filter(in_term)
        .select_related("board")
        .order_by("starts_at")
    ):
        calendar.add_component(
            _meeting_event(request, found, org_slug, public_url=found.pk in public_ids)
        )
    workshops = WorkProgrammeEntry.objects.filter(
        organisation=organisation,
        board=board,
        kind=WorkProgrammeEntry.Kind.WORKSHOP,
        workshop_date__isnull=False,
        workshop_date__gte=member.start_date,
    ).exclude(status=WorkProgrammeEntry.Status.DROPPED)
    if member.end_date:
        workshops = workshops.filter(workshop_date__lte=member.end_date)
    for workshop in workshops.order_by("workshop_date", "pk"):
        event = icalendar.Event()
        event.add("uid", f"workshop-{workshop.pk}@{org_slug}.corporate-parenting")
        event.add(
            "dtstamp",
            datetime.datetime.combine(workshop.workshop_date, datetime.time(), tzinfo=datetime.UTC),
        )
        event.add("dtstart", workshop.workshop_date)
        day_after = later(workshop.workshop_date, datetime.timedelta(days=1))
        if day_after is not None:  # none after 31 December 9999: a one-day event all the same
            event.add("dtend", day_after)
        event.add("summary", f"Workshop: {workshop.title}")
        lines = []
        if workshop.who:
            lines.append(f"Who: {workshop.who}")
        if workshop.purpose:
            lines.append(f"Purpose: {workshop.purpose}")
        if lines:
            event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return _ics_response(request, calendar, "meetings.ics", private=True)


# --- Feed of new papers ------------------------------------------------------------------


@login_not_required
@require_safe
def feed(request, org_slug):
    from ..feeds import PapersFeed

    organisation = organisation_for(org_slug)
    return cache_public_page(request, PapersFeed()(request, organisation=organisation))

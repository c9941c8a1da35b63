"""Public meeting pages, calendars and the papers feed, for anyone, signed in or not.

Children's data is at stake, so what the public sees is decided here, once, and handed to
templates, feeds and the JSON API (views/api.py) as plain values (never a model instance):

- a meeting is public when its agenda is published (Meeting.objects.published()), or when it
  was cancelled after its agenda had been published (it is listed as "Cancelled");
- minutes, attendance and declarations are public only once minutes_published_at is set;
  until the minutes are approved they are labelled as draft;
- an exempt item (Schedule 12A) shows nothing but "the public were excluded" and its paragraph:
  never its title, purpose, number, minute, resolutions, declarations or actions;
- co-opted members are care-experienced young people: their attendance is shown only as
  "Co-opted member", never by name;
- actions are not published at all.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

import icalendar
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from corporate_parenting.models import Organisation

from ..models import (
    AgendaItem,
    Attendance,
    Board,
    BoardMember,
    Declaration,
    Meeting,
    Resolution,
    WorkProgrammeEntry,
)

# Shared caches may keep signed-out responses for this long.
PUBLIC_MAX_AGE = 300
COOPTED_LABEL = "Co-opted member"
PUBLISHED_STATUSES = [
    Meeting.Status.AGENDA_PUBLISHED,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_APPROVED,
]
DEFAULT_LENGTH = datetime.timedelta(hours=2)
LONDON = zoneinfo.ZoneInfo("Europe/London")


# --- What the public may see -------------------------------------------------------------


def organisation_for(org_slug):
    return get_object_or_404(Organisation, slug=org_slug)


def public_meetings(organisation):
    """Meetings the public may see: published, or cancelled after being published."""
    return (
        Meeting.objects.filter(organisation=organisation, board__organisation=organisation)
        .filter(
            Q(status__in=PUBLISHED_STATUSES)
            | Q(status=Meeting.Status.CANCELLED, agenda_published_at__isnull=False)
        )
        .select_related("board")
    )


def minutes_public(meeting) -> bool:
    return meeting.minutes_published_at is not None and meeting.status in PUBLISHED_STATUSES


def public_resolutions(organisation):
    """Decisions the public may see: of published minutes, never of an exempt item."""
    return (
        Resolution.objects.filter(
            organisation=organisation,
            minute__item__exempt=False,
            minute__item__meeting__in=public_meetings(organisation).filter(
                status__in=PUBLISHED_STATUSES, minutes_published_at__isnull=False
            ),
        )
        .select_related("minute__item__meeting__board")
        .order_by("-minute__item__meeting__starts_at", "minute__number", "position", "pk")
    )


def public_name(member) -> str:
    if member is None:
        return ""
    if member.kind == BoardMember.Kind.COOPTED:
        return COOPTED_LABEL
    return member.name


@dataclass(frozen=True)
class PublicDeclaration:
    member: str
    kind: str
    kind_label: str
    words: str


@dataclass(frozen=True)
class PublicMinute:
    number: int | None
    text: str
    resolutions: list
    corrections: list  # of (date, text)


@dataclass(frozen=True)
class PublicItem:
    exempt: bool
    paragraph: int | None = None  # exempt items carry this and nothing else
    number: str = ""
    title: str = ""
    purpose: str = ""
    kind: str = ""
    kind_label: str = ""
    presenter: str = ""
    minute: PublicMinute | None = None
    declarations: list = field(default_factory=list)


@dataclass(frozen=True)
class PublicAttendance:
    name: str
    kind: str
    kind_label: str
    role_label: str
    political_group: str
    status: str
    status_label: str
    substitute_for: str


@dataclass(frozen=True)
class PublicMeeting:
    id: int
    board_id: int
    board: str
    parent_body: str
    enquiries_contact: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    venue: str
    status: str
    status_label: str
    cancelled: bool
    agenda_published_at: datetime.datetime | None
    minutes_published_at: datetime.datetime | None
    minutes_status: str  # "none", "draft" or "approved"
    url: str
    items: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    declarations: list = field(default_factory=list)  # not about any one item

    @property
    def agenda_items(self):
        return [item for item in self.items if not item.exempt]

    @property
    def exempt_items(self):
        return [item for item in self.items if item.exempt]

    @property
    def minutes_shown(self):
        return self.minutes_status != "none"


def _minutes_status(meeting) -> str:
    if not minutes_public(meeting):
        return "none"
    return "approved" if meeting.status == Meeting.Status.MINUTES_APPROVED else "draft"


def _declaration(declaration) -> PublicDeclaration:
    return PublicDeclaration(
        member=public_name(declaration.member),
        kind=declaration.kind,
        kind_label=declaration.get_kind_display(),
        words=declaration.words,
    )


def meeting_summary(meeting, organisation) -> PublicMeeting:
    board = meeting.board
    return PublicMeeting(
        id=meeting.pk,
        board_id=board.pk,
        board=board.name,
        parent_body=board.parent_body,
        enquiries_contact=board.enquiries_contact,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        venue=meeting.venue or board.usual_venue,
        status=meeting.status,
        status_label=meeting.get_status_display(),
        cancelled=meeting.status == Meeting.Status.CANCELLED,
        agenda_published_at=meeting.agenda_published_at,
        minutes_published_at=meeting.minutes_published_at if minutes_public(meeting) else None,
        minutes_status=_minutes_status(meeting),
        url=reverse("boards_public:meeting", args=[organisation.slug, meeting.pk]),
    )


def meeting_record(meeting, organisation) -> PublicMeeting:
    """Everything the public may see of one public meeting."""
    summary = meeting_summary(meeting, organisation)
    show_minutes = summary.minutes_shown
    items_qs = AgendaItem.objects.filter(meeting=meeting, organisation=organisation)
    if show_minutes:
        items_qs = items_qs.select_related("minute").prefetch_related(
            "minute__resolutions",
            "minute__corrections",
            Prefetch("declarations", queryset=Declaration.objects.select_related("member")),
        )
    items = []
    for item in items_qs:
        if item.exempt:
            # Nothing of an exempt item but the fact and its paragraph.
            items.append(PublicItem(exempt=True, paragraph=item.exempt_paragraph))
            continue
        minute = None
        declarations = []
        if show_minutes:
            record = getattr(item, "minute", None)  # None when there is no minute
            if record is not None:
                minute = PublicMinute(
                    number=record.number,
                    text=record.text,
                    resolutions=[r.text for r in record.resolutions.all()],
                    corrections=[
                        (timezone.localdate(c.made_at), c.text) for c in record.corrections.all()
                    ],
                )
            declarations = [_declaration(d) for d in item.declarations.all()]
        items.append(
            PublicItem(
                exempt=False,
                number=item.number,
                title=item.title,
                purpose=item.purpose,
                kind=item.kind,
                kind_label=item.get_kind_display(),
                presenter=item.presenter,
                minute=minute,
                declarations=declarations,
            )
        )
    attendance = []
    general_declarations = []
    if show_minutes:
        for row in (
            Attendance.objects.filter(meeting=meeting, organisation=organisation)
            .select_related("member", "substitute_for")
            .order_by("member__kind", "member__role", "member__name")
        ):
            coopted = row.member.kind == BoardMember.Kind.COOPTED
            attendance.append(
                PublicAttendance(
                    name=public_name(row.member),
                    kind=row.member.kind,
                    kind_label=row.member.get_kind_display(),
                    role_label="" if coopted else row.member.get_role_display(),
                    political_group="" if coopted else row.member.political_group,
                    status=row.status,
                    status_label=row.get_status_display(),
                    substitute_for=public_name(row.substitute_for),
                )
            )
        general_declarations = [
            _declaration(d)
            for d in Declaration.objects.filter(
                meeting=meeting, organisation=organisation, item__isnull=True
            ).select_related("member")
        ]
    return PublicMeeting(
        **{
            **summary.__dict__,
            "items": items,
            "attendance": attendance,
            "declarations": general_declarations,
        }
    )


def _cache(request, response):
    if request.user.is_authenticated:
        # A signed-in visitor's page carries their name: never share it.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


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
    return _cache(request, render(request, "boards/public_meetings.html", context))


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
    return _cache(request, render(request, "boards/public_meeting.html", context))


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
    return timezone.localtime(moment, LONDON)


def meeting_uid(meeting, org_slug):
    return f"meeting-{meeting.pk}@{org_slug}.corporate-parenting"


def _meeting_event(request, meeting, org_slug, *, public_url):
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting, org_slug))
    event.add("dtstamp", meeting.agenda_published_at or meeting.starts_at)
    starts = _local(meeting.starts_at)
    ends = _local(meeting.ends_at) if meeting.ends_at else starts + DEFAULT_LENGTH
    event.add("dtstart", starts)
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
    return _cache(request, response)


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
    in_term = Q(starts_at__date__gte=member.start_date)
    if member.end_date:
        in_term &= Q(starts_at__date__lte=member.end_date)
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
        event.add("dtend", workshop.workshop_date + datetime.timedelta(days=1))
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
    return _cache(request, PapersFeed()(request, organisation=organisation))

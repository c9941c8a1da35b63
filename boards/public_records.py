"""What the public may see of a council's meetings, decided here, once, and handed to the public
pages, the feeds, the JSON API (views/public.py, views/api.py) and the agenda pack's minutes
(packs.py) as plain values, never a model instance:

- a meeting is public when its agenda is published (Meeting.objects.published()), or when it
  was cancelled after its agenda had been published (it is listed as "Cancelled");
- minutes, attendance and declarations are public only once minutes_published_at is set;
  until the minutes are approved they are labelled as draft;
- an exempt item (Schedule 12A) shows nothing but "the public were excluded" and its paragraph:
  never its title, purpose, number, minute, resolutions, declarations or actions;
- co-opted members are care-experienced young people: they are never named in public, but
  called what their board chose (Board.coopted_public_name, "a co-opted member" by default).
  `public_name()` decides this for every public output, and the minutes the product writes
  for the clerk (views/record.py) use it too;
- actions are not published at all.

The minutes print as the council prints them (seed 002, issue 12): `present_list()` gives the
one order of the present list (the Chair, councillors, co-opted members, each present one
marked, absent members still listed, then those also present) for the clerk's page, the
public page and the pack; `declaration_sentence()` the one wording of a declaration; several
resolutions print as (a), (b) under one "Resolved:". Before the first exempt item, an
"Exclusion of the press and public" item (AgendaItem.Kind.EXCLUSION) prints the resolution
to exclude them, in the board's wording (`Board.exclusion_wording`), and is minuted. The
members' pack reads the previous meeting's exempt minutes in full (`meeting_minutes_in_full`);
every public output keeps only the fact.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from corporate_parenting.dates import local

from .models import (
    COOPTED_PUBLIC_NAME,
    AgendaItem,
    Attendance,
    BoardMember,
    Declaration,
    Meeting,
    Resolution,
)

PUBLISHED_STATUSES = [
    Meeting.Status.AGENDA_PUBLISHED,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_APPROVED,
]

# --- What the public may see -------------------------------------------------------------


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


def coopted_label(board) -> str:
    """What the board calls a co-opted member in public, as it reads in a sentence."""
    return board.coopted_public_name.strip() or COOPTED_PUBLIC_NAME


def public_name(member, *, board=None) -> str:
    """A member's name as the public may read it: a co-opted member is never named.

    `board` saves a query where the caller already holds the member's board."""
    if member is None:
        return ""
    if member.kind == BoardMember.Kind.COOPTED:
        return coopted_label(board if board is not None else member.board)
    return member.name


@dataclass(frozen=True)
class PublicDeclaration:
    member: str
    kind: str
    kind_label: str
    words: str
    sentence: str = ""  # as the minutes print it (declaration_sentence)


@dataclass(frozen=True)
class PublicCorrection:
    made_on: datetime.date
    text: str  # the corrected wording, as written (line breaks kept)
    reason: str


@dataclass(frozen=True)
class PublicMinute:
    number: int | None
    text: str
    resolutions: list
    corrections: list  # of PublicCorrection, oldest first


@dataclass(frozen=True)
class PublicItem:
    exempt: bool
    paragraph: int | None = None  # exempt items carry this and nothing else (in public)
    in_full: bool = False  # an exempt item with its words, for those who may read them
    minute_number: int | None = None  # an exempt item's minute number, once minutes are public
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
class PresentRow:
    name: str
    present: bool
    note: str = ""  # e.g. "Vice-chair", "substituting for ..."


@dataclass(frozen=True)
class PresentGroup:
    heading: str  # "" for the councillors listed straight after the Chair
    rows: list
    marked: bool = True  # "p" against each one present; not for "Also present"


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
    minutes_approved_on: datetime.datetime | None = None  # when the approving meeting began
    items: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    declarations: list = field(default_factory=list)  # not about any one item
    present: list = field(default_factory=list)  # of PresentGroup, in the minutes' order

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


def declaration_sentence(name: str, kind_label: str, item_label: str, words: str) -> str:
    """A declaration as the minutes print it, once. The clerk types it "as minuted": when
    their words are already the sentence ("Cllr X declared a personal interest ..."), they
    are printed as written (after "Item 8:" where it is about an item), never after a second
    "Cllr X declared ..."; otherwise the sentence is made around them."""
    words = (words or "").strip()
    if "declare" in words.lower():
        return f"Item {item_label}: {words}" if item_label else words
    about = f" in item {item_label}" if item_label else ""
    sentence = f"{capfirst(name)} declared a {kind_label.lower()}{about}"
    return f"{sentence}: {words}" if words else f"{sentence}."


def _declaration(declaration, board) -> PublicDeclaration:
    """A declaration printed where it belongs (under its item, or among the meeting's), so its
    sentence does not repeat the item."""
    name = public_name(declaration.member, board=board)
    return PublicDeclaration(
        member=name,
        kind=declaration.kind,
        kind_label=declaration.get_kind_display(),
        words=declaration.words,
        sentence=declaration_sentence(name, declaration.get_kind_display(), "", declaration.words),
    )


# The present list, as the council prints it (seed 002) ----------------------------------

_ROLE_ORDER = {
    BoardMember.Role.CHAIR: 0,
    BoardMember.Role.VICE_CHAIR: 1,
    BoardMember.Role.MEMBER: 2,
    BoardMember.Role.SUBSTITUTE: 3,
}
_ALSO_PRESENT_KINDS = {BoardMember.Kind.STANDING_INVITEE, BoardMember.Kind.ADVISER}


def _surname(member):
    """Within a role, members are listed by surname, as seed 002 lists its co-opted members."""
    words = member.name.lower().split()
    return (words[-1] if words else "", member.name.lower(), member.pk)


def present_list(meeting, *, name=None) -> list[PresentGroup]:
    """Who was there, in the minutes' order: the Chair first, then the other councillors, then
    the co-opted members, each present one marked, absent members (apologies, absent, or not
    recorded) still listed, by surname within each role; then those also present (standing
    invitees and advisers who came, then the officers and others the clerk typed in
    `Meeting.also_present`).
    A substitute is listed only when called on. Empty until attendance is recorded.

    `name` gives a member's name as printed: by default as the public may read it
    (`public_name`); the clerk's own page passes the real name. The staff page, the public
    page and the pack's minutes all print this one list."""
    board = meeting.board
    if name is None:

        def name(member):
            return public_name(member, board=board)

    records = {
        a.member_id: a
        for a in Attendance.objects.filter(meeting=meeting).select_related(
            "member", "substitute_for"
        )
    }
    others = [line.strip() for line in meeting.also_present.splitlines() if line.strip()]
    if not records and not others:
        return []
    on = timezone.localdate(meeting.starts_at)
    members = {
        m.pk: m
        for m in BoardMember.objects.filter(board=board, start_date__lte=on).exclude(
            end_date__lt=on
        )
    }
    for record in records.values():
        members.setdefault(record.member_id, record.member)
    chair, councillors, coopted, also = [], [], [], []
    ordered = sorted(members.values(), key=lambda m: (_ROLE_ORDER.get(m.role, 9), _surname(m)))
    for member in ordered:
        record = records.get(member.pk)
        present = record is not None and record.status == Attendance.Status.PRESENT
        if member.kind in _ALSO_PRESENT_KINDS:
            if present:
                also.append(PresentRow(name(member), True, member.represents))
            continue
        if member.role == BoardMember.Role.SUBSTITUTE and record is None:
            continue  # not called on
        if member.kind == BoardMember.Kind.COOPTED:
            coopted.append(PresentRow(name(member), present))
            continue
        note = ""
        if member.role == BoardMember.Role.VICE_CHAIR:
            note = "Vice-chair"
        elif member.role == BoardMember.Role.SUBSTITUTE:
            note = (
                f"substituting for {name(record.substitute_for)}"
                if present and record.substitute_for
                else "Substitute"
            )
        row = PresentRow(name(member), present, note)
        (chair if member.role == BoardMember.Role.CHAIR else councillors).append(row)
    also += [PresentRow(line, True) for line in others]  # officers and others, as typed
    groups = [
        PresentGroup("Chair", chair),
        PresentGroup("", councillors),
        PresentGroup("Co-opted members", coopted),
        PresentGroup("Also present", also, marked=False),
    ]
    return [group for group in groups if group.rows]


def _local_or_none(moment):
    return local(moment) if moment else None


def meeting_summary(meeting, organisation) -> PublicMeeting:
    board = meeting.board
    return PublicMeeting(
        id=meeting.pk,
        board_id=board.pk,
        board=board.name,
        parent_body=board.parent_body,
        enquiries_contact=board.enquiries_contact,
        # In local time (as stored, in UTC, where local time would overflow), so every output
        # can show them whatever date is stored.
        starts_at=local(meeting.starts_at),
        ends_at=local(meeting.ends_at) if meeting.ends_at else None,
        venue=meeting.venue or board.usual_venue,
        status=meeting.status,
        status_label=meeting.get_status_display(),
        cancelled=meeting.status == Meeting.Status.CANCELLED,
        agenda_published_at=_local_or_none(meeting.agenda_published_at),
        minutes_published_at=(
            _local_or_none(meeting.minutes_published_at) if minutes_public(meeting) else None
        ),
        minutes_status=_minutes_status(meeting),
        url=reverse("boards_public:meeting", args=[organisation.slug, meeting.pk]),
        minutes_approved_on=(
            local(meeting.minutes_approved_at.starts_at)
            if minutes_public(meeting) and meeting.minutes_approved_at_id
            else None
        ),
    )


def meeting_record(meeting, organisation) -> PublicMeeting:
    """Everything the public may see of one public meeting."""
    return _record(meeting, organisation, in_full=False)


def meeting_minutes_in_full(meeting, organisation) -> PublicMeeting:
    """The record with the exempt items' minutes in full: for the members' pack only, read by
    those who may read exempt papers (never a public output)."""
    return _record(meeting, organisation, in_full=True)


def _minute(record) -> PublicMinute:
    return PublicMinute(
        number=record.number,
        text=record.text,
        resolutions=[r.text for r in record.resolutions.all()],
        corrections=[
            PublicCorrection(made_on=timezone.localdate(c.made_at), text=c.text, reason=c.reason)
            for c in record.corrections.all()
        ],
    )


def _record(meeting, organisation, *, in_full) -> PublicMeeting:
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
        if item.exempt and not in_full:
            # Nothing of an exempt item but the fact, its paragraph and its minute's number.
            record = getattr(item, "minute", None) if show_minutes else None
            items.append(
                PublicItem(
                    exempt=True,
                    paragraph=item.exempt_paragraph,
                    minute_number=record.number if record is not None else None,
                )
            )
            continue
        minute = None
        declarations = []
        if show_minutes:
            record = getattr(item, "minute", None)  # None when there is no minute
            if record is not None:
                minute = _minute(record)
            declarations = [_declaration(d, meeting.board) for d in item.declarations.all()]
        items.append(
            PublicItem(
                exempt=item.exempt,
                paragraph=item.exempt_paragraph if item.exempt else None,
                in_full=item.exempt,
                number=item.number,
                title=item.title,
                purpose=item.printed_purpose,
                kind=item.kind,
                kind_label=item.get_kind_display(),
                presenter=item.presenter,
                minute=minute,
                declarations=declarations,
            )
        )
    attendance = []
    general_declarations = []
    present = []
    if show_minutes:
        present = present_list(meeting)
        for row in (
            Attendance.objects.filter(meeting=meeting, organisation=organisation)
            .select_related("member", "substitute_for")
            .order_by("member__kind", "member__role", "member__name")
        ):
            coopted = row.member.kind == BoardMember.Kind.COOPTED
            attendance.append(
                PublicAttendance(
                    name=public_name(row.member, board=meeting.board),
                    kind=row.member.kind,
                    kind_label=row.member.get_kind_display(),
                    role_label="" if coopted else row.member.get_role_display(),
                    political_group="" if coopted else row.member.political_group,
                    status=row.status,
                    status_label=row.get_status_display(),
                    substitute_for=public_name(row.substitute_for, board=meeting.board),
                )
            )
        general_declarations = [
            _declaration(d, meeting.board)
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
            "present": present,
        }
    )

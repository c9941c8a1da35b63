"""Boards, their members over time, meetings and the agenda builder."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.concurrency import save_or_conflict
from corporate_parenting.roles import Capability
from corporate_parenting.views_helpers import FAILED, call_service

from ..forms.boards import AgendaItemForm, BoardForm, BoardMemberForm, MeetingForm
from ..models import AgendaItem, Board, BoardMember, Meeting
from ..selectors import can_view_exempt
from ..services import meetings as services

FORM = "form_page.html"
VIEW, MANAGE, CLERK = Capability.VIEW_BOARDS, Capability.MANAGE_BOARDS, Capability.CLERK_MEETINGS


def _posted(request):
    """The POST data, or None for a GET: an empty POST is still a submission to check."""
    return request.POST if request.method == "POST" else None


# Boards ------------------------------------------------------------------------------------


@capability_required(VIEW)
def index(request):
    next_meetings = (
        Meeting.objects.filter(board=OuterRef("pk"), starts_at__gte=timezone.now())
        .not_cancelled()
        .order_by("starts_at")
    )
    boards = Board.objects.for_organisation(request.organisation).annotate(
        next_meeting_pk=Subquery(next_meetings.values("pk")[:1]),
        next_meeting_at=Subquery(next_meetings.values("starts_at")[:1]),
    )
    return render(
        request,
        "boards/index.html",
        {"boards": boards, "can_manage": request.membership.can(MANAGE)},
    )


@capability_required(MANAGE)
def board_create(request):
    form = BoardForm(_posted(request), organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        board = form.save()
        messages.success(request, f"{board.name} is set up.")
        return redirect(board)
    return render(request, FORM, {"form": form, "title": "Set up a board"})


def board_detail(request, pk):
    board = get_for_organisation(request, Board, VIEW, pk=pk)
    today = timezone.localdate()
    current, past = [], []
    for member in board.members.select_related("user"):
        (current if member.is_current(today) else past).append(member)
    groups = [
        (label, [m for m in current if m.kind == kind])
        for kind, label in BoardMember.Kind.choices
        if any(m.kind == kind for m in current)
    ]
    now = timezone.now()
    meetings = board.meetings.all()
    return render(
        request,
        "boards/board_detail.html",
        {
            "board": board,
            "member_groups": groups,
            "future_members": [m for m in past if m.start_date > today],
            "past_members": sorted(
                (m for m in past if m.start_date <= today), key=lambda m: m.end_date, reverse=True
            ),
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
            "past_meetings": meetings.filter(starts_at__lt=now).order_by("-starts_at"),
            "can_manage": request.membership.can(MANAGE),
            "can_clerk": request.membership.can(CLERK),
        },
    )


def board_update(request, pk):
    board = get_for_organisation(request, Board, MANAGE, pk=pk)
    form = BoardForm(_posted(request), instance=board, organisation=request.organisation)
    context = {"form": form, "title": f"Change {board.name}"}
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, board, template=FORM, context=context):
            return refused
        messages.success(request, f"{board.name} is saved.")
        return redirect(board)
    return render(request, FORM, context)


def member_create(request, pk):
    board = get_for_organisation(request, Board, MANAGE, pk=pk)
    form = BoardMemberForm(
        _posted(request), board=board, initial={"start_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        member = form.save()
        messages.success(request, f"{member.name} is added to {board.name}.")
        return redirect(board)
    return render(request, FORM, {"form": form, "title": "Add a member", "caption": board.name})


def member_update(request, pk):
    member = get_for_organisation(
        request, BoardMember.objects.select_related("board"), MANAGE, pk=pk
    )
    form = BoardMemberForm(_posted(request), instance=member, board=member.board)
    context = {
        "form": form,
        "title": f"Change {member.name}'s membership",
        "caption": member.board.name,
    }
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, member, template=FORM, context=context):
            return refused
        messages.success(request, f"{member.name}'s membership is saved.")
        return redirect(member.board)
    return render(request, FORM, context)


# Meetings ----------------------------------------------------------------------------------


def _meeting(request, pk, capability=CLERK):
    return get_for_organisation(request, Meeting.objects.select_related("board"), capability, pk=pk)


def _refused_if_locked(request, meeting):
    """A redirect with a message when the meeting's minutes are approved, else None."""
    if meeting.minutes_locked:
        messages.error(request, services.LOCKED_MESSAGE)
        return redirect(meeting)
    return None


def meeting_create(request, pk):
    board = get_for_organisation(request, Board, CLERK, pk=pk)
    form = MeetingForm(
        _posted(request),
        initial={"venue": board.usual_venue, "start_time": "14:00"},
        submit="Schedule meeting",
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_schedule(
            board=board,
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            venue=form.cleaned_data["venue"],
        )
        messages.success(request, f"The meeting on {_when(meeting)} is scheduled.")
        return redirect(meeting)
    return render(
        request, FORM, {"form": form, "title": "Schedule a meeting", "caption": board.name}
    )


def _when(meeting):
    return f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"


def meeting_detail(request, pk):
    meeting = _meeting(request, pk, VIEW)
    membership = request.membership
    can_clerk = membership.can(CLERK)
    items = list(meeting.items.all())
    can_read_exempt = can_view_exempt(membership, meeting.board)
    return render(
        request,
        "boards/meeting_detail.html",
        {
            "meeting": meeting,
            "board": meeting.board,
            "items": items,
            "can_read_exempt": can_read_exempt,
            "can_clerk": can_clerk,
            "can_edit_agenda": can_clerk and not meeting.minutes_locked,
            "can_publish": can_clerk and meeting.status == Meeting.Status.SCHEDULED and bool(items),
            "can_cancel": can_clerk
            and meeting.status not in (Meeting.Status.CANCELLED, Meeting.Status.MINUTES_APPROVED),
        },
    )


def meeting_update(request, pk):
    meeting = _meeting(request, pk)
    refused = _refused_if_locked(request, meeting)
    if refused:
        return refused
    form = MeetingForm(_posted(request), initial=MeetingForm.initial_for(meeting))
    context = {"form": form, "title": "Change the meeting", "caption": str(meeting)}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        refused = save_or_conflict(
            request,
            form,
            meeting,
            template=FORM,
            context=context,
            save=lambda: services.meeting_update(
                meeting=meeting,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
            ),
        )
        if refused:
            return refused
        messages.success(request, "The meeting is saved.")
        return redirect(meeting)
    return render(request, FORM, context)


@require_POST
def meeting_cancel(request, pk):
    meeting = _meeting(request, pk)
    if call_service(request, None, services.meeting_cancel, meeting=meeting) is not FAILED:
        messages.success(request, f"The meeting on {_when(meeting)} is cancelled.")
    return redirect(meeting)


# Agenda items ------------------------------------------------------------------------------


def _item_redirect(item):
    return redirect(item.meeting)


def item_create(request, pk):
    meeting = _meeting(request, pk)
    refused = _refused_if_locked(request, meeting)
    if refused:
        return refused
    form = AgendaItemForm(
        _posted(request),
        initial={"number": str(meeting.items.count() + 1), "kind": AgendaItem.Kind.REPORT},
    )
    if request.method == "POST" and form.is_valid():
        form.instance.organisation = meeting.organisation
        form.instance.meeting = meeting
        form.instance.position = services.next_position(meeting)
        item = form.save()
        services.exclusion_sync(meeting=meeting)
        messages.success(request, f"Item {item} is added to the agenda.")
        return _item_redirect(item)
    return render(
        request, FORM, {"form": form, "title": "Add an agenda item", "caption": str(meeting)}
    )


def _item(request, pk):
    return get_for_organisation(
        request, AgendaItem.objects.select_related("meeting__board"), CLERK, pk=pk
    )


def item_update(request, pk):
    item = _item(request, pk)
    refused = _refused_if_locked(request, item.meeting)
    if refused:
        return refused
    form = AgendaItemForm(_posted(request), instance=item)
    context = {"form": form, "title": "Change an agenda item", "caption": str(item.meeting)}
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, item, template=FORM, context=context):
            return refused
        services.exclusion_sync(meeting=item.meeting)
        messages.success(request, f"Item {item} is saved.")
        return _item_redirect(item)
    return render(request, FORM, context)


@require_POST
def item_delete(request, pk):
    item = _item(request, pk)
    refused = _refused_if_locked(request, item.meeting)
    if refused:
        return refused
    services.item_delete(item=item)
    messages.success(request, f"Item {item} is removed from the agenda.")
    return redirect(item.meeting)


@require_POST
def item_move(request, pk):
    item = _item(request, pk)
    direction = request.POST.get("direction")
    moved = call_service(request, None, services.item_move, item=item, direction=direction)
    if moved is FAILED:
        return redirect(item.meeting)
    if moved:
        messages.success(request, f"Item {item} is moved {direction}.")
    return _item_redirect(item)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def agenda_reorder(request, pk):
    meeting = _meeting(request, pk)
    ordered = [part.strip() for part in request.POST.get("order", "").split(",") if part.strip()]
    try:
        services.agenda_reorder(meeting=meeting, ordered_ids=ordered)
    except ValidationError as error:
        message = " ".join(error.messages)
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": "The new order of the agenda is saved."})
    messages.success(request, "The new order of the agenda is saved.")
    return redirect(meeting)


@require_POST
def agenda_renumber(request, pk):
    meeting = _meeting(request, pk)
    if call_service(request, None, services.agenda_renumber, meeting=meeting) is not FAILED:
        messages.success(request, "The items are numbered 1, 2, 3 in order.")
    return redirect(meeting)


@require_POST
def agenda_publish(request, pk):
    meeting = _meeting(request, pk)
    if call_service(request, None, services.agenda_publish, meeting=meeting) is not FAILED:
        messages.success(request, "The agenda is published.")
    return redirect(meeting)

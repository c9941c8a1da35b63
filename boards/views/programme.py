"""The work programme: the coming year's meetings and what each will take, the workshops
between them, and the rolling items that fill it (see boards/services/programme.py)."""

from collections import OrderedDict

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from corporate_parenting.access import get_for_organisation
from corporate_parenting.concurrency import save_or_conflict
from corporate_parenting.roles import Capability
from corporate_parenting.views_helpers import FAILED, call_service

from ..forms.programme import EntryForm, RollingItemForm
from ..models import Action, Board, Meeting, RollingItem, WorkProgrammeEntry
from ..services import programme as services

FORM = "form_page.html"
CLERK = Capability.CLERK_MEETINGS

GROUPS = [
    (WorkProgrammeEntry.Kind.STANDING, "Standing agenda items"),
    (WorkProgrammeEntry.Kind.ROLLING, "Rolling programme"),
    (WorkProgrammeEntry.Kind.ONE_OFF, "Relevant to this meeting"),
]


def _programme_url(board_id):
    return reverse("boards:programme", args=[board_id])


def _entry_sort(entry):
    return (entry.status == WorkProgrammeEntry.Status.DROPPED, entry.pk)


def programme(request, pk):
    board = get_for_organisation(request, Board, Capability.VIEW_BOARDS, pk=pk)
    start, end = services.horizon()
    can_clerk = request.membership.can(CLERK)
    entries = WorkProgrammeEntry.objects.select_related("agenda_item", "from_action")
    meetings = services.upcoming_meetings(board, start).prefetch_related(
        Prefetch("planned_items", queryset=entries.exclude(kind=WorkProgrammeEntry.Kind.WORKSHOP))
    )
    workshops = board.work_programme.filter(kind=WorkProgrammeEntry.Kind.WORKSHOP)

    months = OrderedDict()

    def month(day):
        key = day.replace(day=1)
        return months.setdefault(key, {"start": key, "meetings": [], "workshops": []})

    for meeting in meetings:
        planned = list(meeting.planned_items.all())
        groups = [
            (
                label,
                sorted((e for e in planned if e.kind == kind), key=_entry_sort),
            )
            for kind, label in GROUPS
        ]
        month(timezone.localtime(meeting.starts_at).date())["meetings"].append(
            {
                "meeting": meeting,
                "groups": groups,
                "to_draft": sum(
                    1
                    for e in planned
                    if e.status == WorkProgrammeEntry.Status.PLANNED and e.agenda_item_id is None
                ),
                "refusal": services.agenda_refusal(meeting),
            }
        )
    for workshop in workshops.filter(workshop_date__gte=start, workshop_date__lt=end).order_by(
        "workshop_date", "pk"
    ):
        month(workshop.workshop_date)["workshops"].append(workshop)

    return render(
        request,
        "boards/programme_detail.html",
        {
            "board": board,
            "start": start,
            "end": end,
            "months": sorted(months.values(), key=lambda m: m["start"]),
            "any_time": workshops.filter(workshop_date__isnull=True).order_by("pk"),
            "unassigned": entries.filter(board=board, meeting__isnull=True)
            .exclude(kind=WorkProgrammeEntry.Kind.WORKSHOP)
            .order_by("pk"),
            "on_cancelled": entries.filter(
                board=board,
                meeting__status=Meeting.Status.CANCELLED,
                meeting__starts_at__gte=timezone.now(),
            )
            .exclude(status=WorkProgrammeEntry.Status.DROPPED)
            .select_related("meeting"),
            "rolling_items": board.rolling_items.order_by("-active", "-every_meeting", "title"),
            "can_clerk": can_clerk,
        },
    )


# Rolling items ------------------------------------------------------------------------------


def rolling_create(request, pk):
    board = get_for_organisation(request, Board, CLERK, pk=pk)
    form = RollingItemForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(
            request,
            f"{item.title} is added. Generate the programme to put it on the coming meetings.",
        )
        return redirect(_programme_url(board.pk))
    return render(
        request, FORM, {"form": form, "title": "Add a rolling item", "caption": str(board)}
    )


def rolling_update(request, pk):
    item = get_for_organisation(request, RollingItem.objects.select_related("board"), CLERK, pk=pk)
    form = RollingItemForm(request.POST or None, instance=item, board=item.board)
    context = {"form": form, "title": f"Change {item.title}", "caption": str(item.board)}
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, item, template=FORM, context=context):
            return refused
        messages.success(request, f"{item.title} is saved.")
        return redirect(_programme_url(item.board_id))
    return render(request, FORM, context)


@require_POST
def programme_generate(request, pk):
    board = get_for_organisation(request, Board, CLERK, pk=pk)
    created = services.programme_generate(board=board)
    if created:
        messages.success(
            request,
            f"{created} {'entry is' if created == 1 else 'entries are'} added from the rolling "
            "items.",
        )
    else:
        messages.info(request, "The programme was already up to date: nothing was added.")
    return redirect(_programme_url(board.pk))


# Entries -------------------------------------------------------------------------------------


def entry_create(request, pk):
    board = get_for_organisation(request, Board, CLERK, pk=pk)
    initial = {}
    if request.GET.get("meeting", "").isdigit():
        initial["meeting"] = request.GET["meeting"]
    form = EntryForm(request.POST or None, board=board, initial=initial)
    if request.method == "POST" and form.is_valid():
        entry = form.save()
        messages.success(request, f"{entry.title} is added to the work programme.")
        return redirect(_programme_url(board.pk))
    return render(
        request,
        FORM,
        {"form": form, "title": "Add an item or a workshop", "caption": str(board)},
    )


def entry_update(request, pk):
    entry = get_for_organisation(
        request,
        WorkProgrammeEntry.objects.select_related("board", "meeting", "agenda_item"),
        CLERK,
        pk=pk,
    )
    form = EntryForm(request.POST or None, instance=entry, board=entry.board)
    caption = entry.get_kind_display()
    if entry.status == WorkProgrammeEntry.Status.ON_AGENDA:
        caption += ": on the agenda, so moved or removed on the meeting's agenda"
    context = {"form": form, "title": f"Change {entry.title}", "caption": caption}
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, entry, template=FORM, context=context):
            return refused
        entry = form.instance
        if entry.status == WorkProgrammeEntry.Status.DROPPED:
            messages.success(request, f"{entry.title} is dropped from the work programme.")
        else:
            messages.success(request, f"{entry.title} is saved.")
        return redirect(_programme_url(entry.board_id))
    return render(request, FORM, context)


# One-step actions -----------------------------------------------------------------------------


@require_POST
def agenda_from_programme(request, pk):
    meeting = get_for_organisation(request, Meeting.objects.select_related("board"), CLERK, pk=pk)
    items = call_service(request, None, services.agenda_draft_from_programme, meeting=meeting)
    if items is not FAILED:
        if items:
            messages.success(
                request,
                f"{len(items)} {'item is' if len(items) == 1 else 'items are'} added to the "
                "agenda from the work programme.",
            )
        else:
            messages.info(request, "Everything planned for this meeting is already on its agenda.")
    return redirect("boards:meeting", meeting.pk)


@require_POST
def action_to_programme(request, pk):
    action = get_for_organisation(
        request, Action.objects.select_related("board", "meeting"), CLERK, pk=pk
    )
    entry, created = services.entry_create_from_action(action=action)
    where = (
        f"the meeting on {timezone.localtime(entry.meeting.starts_at):%-d %B %Y}"
        if entry.meeting
        else "the work programme, without a meeting yet"
    )
    if created:
        messages.success(request, f"The action is added to {where}.")
    else:
        messages.info(request, f"The action is already in {where}.")
    return redirect(_programme_url(action.board_id))

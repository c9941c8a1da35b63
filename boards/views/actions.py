"""The action log: what the board agreed someone would do, its owner, due date and updates.

Actions arising from an exempt item are as private as the item (boards.selectors).
Clerks record actions and update any of them; an action's owner may update their own.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.concurrency import save_or_conflict
from corporate_parenting.roles import Capability

from .. import selectors
from ..forms.actions import STATUS_FILTERS, ActionFilterForm, ActionForm, ActionUpdateForm
from ..models import Action, ActionUpdate, Meeting, WorkProgrammeEntry
from ..services import actions as services

PAGE_SIZE = 50


@capability_required(Capability.VIEW_BOARDS)
def action_log(request):
    membership = request.membership
    today = timezone.localdate()
    form = ActionFilterForm(
        request.GET,
        organisation=request.organisation,
        owner_names=selectors.owner_names(membership),
    )
    filters = form.filters()
    actions = selectors.action_log(membership, today=today, **filters)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "boards/action_list.html",
        {
            "form": form,
            "filters": filters,
            "status_label": dict(STATUS_FILTERS)[filters["status"]],
            "page": page,
            "actions": page.object_list,
            "today": today,
            "query": query.urlencode(),
            "can_clerk": membership.can(Capability.CLERK_MEETINGS),
        },
    )


def _load_action(request, pk):
    """The action, if the member may read it: 404 for another organisation, 403 for a role
    that cannot see boards, 404 for an action arising from an exempt item they may not see."""
    membership = getattr(request, "membership", None)
    action = get_for_organisation(
        request,
        Action.objects.select_related("board", "meeting", "item", "owner"),
        Capability.VIEW_BOARDS,
        pk=pk,
    )
    if not selectors.visible_actions(membership).filter(pk=action.pk).exists():
        raise Http404
    return action


def _can_update(membership, action) -> bool:
    return membership.can(Capability.CLERK_MEETINGS) or (
        action.owner_id is not None and action.owner_id == membership.user_id
    )


DETAIL = "boards/action_detail.html"


def _detail_context(request, action, form):
    membership = request.membership
    updates = ActionUpdate.objects.filter(action=action).select_related("by")
    return {
        "action": action,
        "updates": updates,
        "form": form,
        "can_update": _can_update(membership, action),
        "today": timezone.localdate(),
        "can_clerk": membership.can(Capability.CLERK_MEETINGS),
        "programme_entries": WorkProgrammeEntry.objects.filter(from_action=action).select_related(
            "meeting"
        ),
    }


def _render_detail(request, action, form, status=200):
    return render(request, DETAIL, _detail_context(request, action, form), status=status)


def action_detail(request, pk):
    action = _load_action(request, pk)
    form = ActionUpdateForm(initial={"status": action.status})
    return _render_detail(request, action, form)


@require_POST
def action_update(request, pk):
    action = _load_action(request, pk)
    if not _can_update(request.membership, action):
        raise PermissionDenied("Only a clerk or the action's owner can update it.")
    form = ActionUpdateForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, action, form)
    refused = save_or_conflict(
        request,
        form,
        action,
        template=DETAIL,
        context={**_detail_context(request, action, form), "reload_url": action.get_absolute_url()},
        save=lambda: services.action_update_create(
            action=action,
            text=form.cleaned_data["text"],
            status=form.cleaned_data["status"],
            by=request.user,
        ),
    )
    if refused:
        return refused
    messages.success(
        request, f"Your update is added. The action is {action.get_status_display().lower()}."
    )
    return redirect(action)


def action_create(request, pk):
    meeting = get_for_organisation(
        request, Meeting.objects.select_related("board"), Capability.CLERK_MEETINGS, pk=pk
    )
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = int(request.GET["item"])
    form = ActionForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = services.action_create(meeting=meeting, **form.cleaned_data)
        messages.success(request, "The action is recorded.")
        return redirect(action)
    return render(
        request,
        "boards/action_form.html",
        {
            "form": form,
            "title": "Record an action",
            "caption": str(meeting),
            "meeting": meeting,
        },
    )

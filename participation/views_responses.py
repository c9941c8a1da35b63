""" "We did": the feedback waiting for an answer, responses with their status history, the loop
measures and the council's own promise about answering.

Everyone who sees participation reads these pages; the words of an item come through
`Feedback.words_for(membership)` (as written for those who may read them, the checked words
once approved for everyone else, nothing before). Writing needs MANAGE_PARTICIPATION.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.concurrency import save_or_conflict
from corporate_parenting.roles import Capability

from .forms_responses import (
    LoopPromiseForm,
    PeriodFilter,
    ResponseChangeForm,
    ResponseForm,
    StatusForm,
    WaitingFilter,
)
from .measures import loop_measures
from .models import Feedback, LoopPromise, Response
from .responses import response_create, response_saved, response_status_change

FORM = "form_page.html"
PER_PAGE = 100


def feedback_link(item) -> str | None:
    """The item's own page, where the feedback area serves one (wired by URL name only)."""
    try:
        return item.get_absolute_url()
    except NoReverseMatch:
        return None


def _rows(items, membership, today=None):
    return [
        {
            "item": item,
            "words": item.words_for(membership),
            "link": feedback_link(item),
            "age": (today - item.said_on).days if today else None,
        }
        for item in items
    ]


def _back(url, label):
    return {"url": url, "label": label}


@capability_required(Capability.VIEW_PARTICIPATION)
def waiting(request):
    """Items no response answers yet, the oldest first, with their age in days."""
    organisation, membership = request.organisation, request.membership
    filters = WaitingFilter(request.GET or None, organisation=organisation)
    items = (
        Feedback.objects.for_organisation(organisation)
        .waiting()
        .select_related("district", "event")
        .prefetch_related("themes")
    )
    if filters.is_valid():
        if district := filters.cleaned_data.get("district"):
            items = items.filter(district=district)
        if theme := filters.cleaned_data.get("theme"):
            items = items.filter(themes=theme)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "participation/responses/waiting.html",
        {
            "filters": filters,
            "page": page,
            "rows": _rows(page.object_list, membership, timezone.localdate()),
            "query": query.urlencode(),
            "can_respond": membership.can(Capability.MANAGE_PARTICIPATION),
        },
    )


@capability_required(Capability.VIEW_PARTICIPATION)
def responses(request):
    found = (
        Response.objects.for_organisation(request.organisation)
        .select_related("promise")
        .annotate(item_count=Count("items"))
        .order_by("-responded_on", "-pk")
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/responses/responses.html",
        {"page": page, "can_respond": request.membership.can(Capability.MANAGE_PARTICIPATION)},
    )


@capability_required(Capability.MANAGE_PARTICIPATION)
def response_create_view(request):
    organisation = request.organisation
    chosen = request.GET.getlist("items")
    form = ResponseForm(
        request.POST or None,
        organisation=organisation,
        membership=request.membership,
        chosen=chosen,
    )
    context = {
        "form": form,
        "title": "Record what we did",
        "caption": "You said, We did",
        "back": _back(reverse("participation:waiting"), "Feedback waiting"),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = response_create(
                organisation=organisation,
                items=data["items"],
                text=data["text"],
                by_whom=data["by_whom"],
                responded_on=data["responded_on"],
                status=data["status"],
                reason=data["reason"],
                promise=data["promise"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "What we did is saved.")
            return redirect(created)
    return render(request, FORM, context, status=400 if form.errors else 200)


def _response(request, capability, pk):
    return get_for_organisation(
        request,
        Response.objects.select_related("promise__theme__version", "created_by"),
        capability,
        pk=pk,
    )


def response_detail(request, pk):
    response = _response(request, Capability.VIEW_PARTICIPATION, pk)
    membership = request.membership
    items = response.items.select_related("district").prefetch_related("themes")
    history = response.history.select_related("changed_by")
    return render(
        request,
        "participation/responses/response.html",
        {
            "response": response,
            "rows": _rows(items, membership),
            "history": history,
            "can_respond": membership.can(Capability.MANAGE_PARTICIPATION),
            "promise_link": membership.can(Capability.VIEW_PLEDGE),
        },
    )


def response_update(request, pk):
    response = _response(request, Capability.MANAGE_PARTICIPATION, pk)
    promise_before = response.promise_id
    form = ResponseChangeForm(
        request.POST or None,
        instance=response,
        organisation=request.organisation,
        membership=request.membership,
    )
    context = {
        "form": form,
        "title": "Change what we did",
        "caption": f"We did, {response.responded_on:%-d %B %Y}",
        "back": _back(response.get_absolute_url(), "Back to the response"),
    }
    if request.method == "POST" and form.is_valid():

        def save():
            form.save()
            response_saved(form.instance, promise_before=promise_before)

        if refused := save_or_conflict(
            request, form, response, template=FORM, context=context, save=save
        ):
            return refused
        messages.success(request, "The changes are saved.")
        return redirect(response)
    return render(request, FORM, context, status=400 if form.errors else 200)


def response_status_change_view(request, pk):
    response = _response(request, Capability.MANAGE_PARTICIPATION, pk)
    form = StatusForm(request.POST or None, response=response)
    context = {
        "form": form,
        "title": "Change the status",
        "caption": f"Now: {response.get_status_display()}",
        "back": _back(response.get_absolute_url(), "Back to the response"),
    }
    if request.method == "POST" and form.is_valid():
        problem = []

        def save():
            try:
                with transaction.atomic():
                    response_status_change(
                        response=response,
                        status=form.cleaned_data["status"],
                        reason=form.cleaned_data["reason"],
                        changed_on=form.cleaned_data["changed_on"],
                        by=request.user,
                    )
            except ValidationError as error:
                problem.append(error)

        if refused := save_or_conflict(
            request, form, response, template=FORM, context=context, save=save
        ):
            return refused
        if problem:
            form.add_error(None, problem[0])
            return render(request, FORM, context, status=400)
        messages.success(request, "The status is changed, with its reason.")
        return redirect(response)
    return render(request, FORM, context, status=400 if form.errors else 200)


@capability_required(Capability.VIEW_PARTICIPATION)
def measures(request):
    period = PeriodFilter(request.GET or None)
    start = end = None
    if period.is_valid():
        start, end = period.cleaned_data.get("start"), period.cleaned_data.get("end")
    report = loop_measures(request.organisation, start=start, end=end, today=timezone.localdate())
    return render(
        request,
        "participation/responses/measures.html",
        {
            "period": period,
            "report": report,
            "can_manage": request.membership.can(Capability.MANAGE_PARTICIPATION),
        },
        status=400 if period.errors else 200,
    )


@capability_required(Capability.MANAGE_PARTICIPATION)
def loop_promise_update(request):
    organisation = request.organisation
    promise = LoopPromise.objects.for_organisation(organisation).first() or LoopPromise(
        organisation=organisation
    )
    form = LoopPromiseForm(request.POST or None, instance=promise, organisation=organisation)
    context = {
        "form": form,
        "title": "Our promise about answering",
        "caption": "The loop measures",
        "back": _back(reverse("participation:measures"), "Back to the measures"),
    }
    if request.method == "POST" and form.is_valid():

        def lock():
            return LoopPromise.objects.select_for_update().filter(
                organisation=organisation
            ).first() or LoopPromise(organisation=organisation)

        if refused := save_or_conflict(
            request, form, promise, template=FORM, context=context, lock=lock
        ):
            return refused
        messages.success(request, "The promise is saved: the measures count against it.")
        return redirect("participation:measures")
    return render(request, FORM, context, status=400 if form.errors else 200)

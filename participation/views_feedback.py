"""Feedback ("You said") views: the list and one item for every member who sees participation
(the words as written for those with VIEW_FEEDBACK_WORDS; approved `public_text` only for
everyone else), and for officers: add, change, delete, the quick entry of a pile of sticky
notes, and the personal-data guard's check, decisions and approval."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.concurrency import save_or_conflict
from corporate_parenting.roles import Capability
from corporate_parenting.views_helpers import FAILED, call_service

from . import feedback as services
from .feedback import State
from .forms_feedback import KIND_KEYS, FeedbackForm, FilterForm, QuickEntryForm
from .models import Event, Feedback

FORM = "participation/feedback/form.html"
QUICK_KIND = "participation_quick_kind"  # the session remembers the last kind chosen
PER_PAGE = 50


def _back(url, label):
    return {"url": url, "label": f"Back to {label}"}


def _list_url():
    return reverse("participation:feedback_list")


def _can_read_words(request) -> bool:
    return request.membership.can(Capability.VIEW_FEEDBACK_WORDS)


def _with_relations(items):
    return items.select_related("event", "district").prefetch_related("themes", "decisions")


@capability_required(Capability.VIEW_PARTICIPATION)
def feedback_list(request):
    organisation = request.organisation
    words = _can_read_words(request)
    items = Feedback.objects.for_organisation(organisation)
    if not words:
        items = items.public()  # councillors and co-opted members: approved words only
    filters = FilterForm(request.GET or None, organisation=organisation, words=words)
    items, wanted = filters.filter(_with_relations(items).order_by("-said_on", "-pk"))
    rows = []
    for item in items:
        state, left = services.guard_state(item) if words else (State.APPROVED, 0)
        if wanted and state != wanted:
            continue
        rows.append({"item": item, "words": item.words_for(request.membership), "state": state,
                     "state_label": State.LABELS[state], "left": left})  # fmt: skip
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "participation/feedback/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "words": words,
            "can_manage": request.membership.can(Capability.MANAGE_PARTICIPATION),
            "to_check": services.to_check_queue(organisation).count() if words else 0,
        },
    )


def feedback(request, pk):
    membership = getattr(request, "membership", None)
    words = membership is not None and membership.can(Capability.VIEW_FEEDBACK_WORDS)
    items = Feedback.objects.all() if words else Feedback.objects.public()
    item = get_for_organisation(
        request,
        items.select_related("event", "district", "approved_by"),
        Capability.VIEW_PARTICIPATION,
        pk=pk,
    )
    numbers = _promise_numbers(item)
    checked = services.checked_flags(item) if words else []
    state, left = services.guard_state(item, checked) if words else (State.APPROVED, 0)
    return render(
        request,
        "participation/feedback/detail.html",
        {
            "item": item,
            "words": item.words_for(request.membership),
            "officer_view": words,
            "checked": checked,
            "state": state,
            "state_label": State.LABELS[state],
            "left": left,
            "promises": [(numbers.get(p.pk, ""), p) for p in item.promises.all()],
            "can_manage": request.membership.can(Capability.MANAGE_PARTICIPATION),
            "digest": services.words_digest(item.text) if words else "",
            "back": _back(_list_url(), "feedback"),
        },
    )


def _promise_numbers(item):
    from pledges.models import PledgeVersion
    from pledges.selectors import promise_numbers

    version = PledgeVersion.objects.for_organisation(item.organisation).adopted().first()
    return promise_numbers(version) if version else {}


def _flag_message(item) -> str:
    left = len(services.undecided(item))
    if not left:
        return ""
    return (
        f" The personal-data guard flagged {left} thing{'s' if left != 1 else ''} to check "
        "before it can be shared."
    )


def _only_district(event):
    """An event held in one district: what was said there is that district's."""
    if event is None:
        return None
    districts = list(event.districts.all()[:2])
    return districts[0] if len(districts) == 1 else None


def _create(request, form, **extra):
    return services.feedback_create(
        organisation=request.organisation,
        created_by=request.user,
        themes=form.cleaned_data["themes"],
        promises=form.cleaned_data["promises"],
        **form.fields_to_save(),
        **extra,
    )


@capability_required(Capability.MANAGE_PARTICIPATION)
def feedback_add(request):
    organisation = request.organisation
    initial = {}
    event = None
    if event_id := request.GET.get("event", "").strip():
        if event_id.isdigit():
            event = Event.objects.for_organisation(organisation).filter(pk=event_id).first()
        if event:
            initial = {"event": event, "said_on": event.date}
    form = FeedbackForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = _create(request, form)
        messages.success(request, "The feedback is saved." + _flag_message(item))
        return redirect(item.get_absolute_url())
    return render(
        request,
        FORM,
        {"form": form, "title": "Add feedback", "back": _back(_list_url(), "feedback")},
    )


@capability_required(Capability.MANAGE_PARTICIPATION)
def feedback_from_finding(request):
    """Feedback from a survey finding: the surveys wave page links here with the finding's
    reference and summary (participation does not import surveys)."""
    source = request.POST if request.method == "POST" else request.GET
    try:
        reference = uuid.UUID(source.get("reference", ""))
    except ValueError:
        messages.error(
            request,
            "The link did not say which survey finding this is. Add the feedback here, or "
            "follow the link from the finding on the survey's page again.",
        )
        return redirect("participation:feedback_add")
    summary = " ".join(source.get("summary", "").split())[:300]
    initial = {"text": summary[: services.Feedback._meta.get_field("text").max_length]}
    form = FeedbackForm(request.POST or None, organisation=request.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = _create(request, form, survey_finding=reference, survey_finding_summary=summary)
        messages.success(
            request, "The feedback from the survey finding is saved." + _flag_message(item)
        )
        return redirect(item.get_absolute_url())
    return render(
        request,
        "participation/feedback/from_finding.html",
        {
            "form": form,
            "title": "Add feedback from a survey finding",
            "reference": reference,
            "summary": summary,
            "back": _back(_list_url(), "feedback"),
        },
    )


def feedback_update(request, pk):
    item = get_for_organisation(request, Feedback, Capability.MANAGE_PARTICIPATION, pk=pk)
    form = FeedbackForm(request.POST or None, instance=item, organisation=request.organisation)
    context = {
        "form": form,
        "title": "Change feedback",
        "back": _back(item.get_absolute_url(), "the feedback"),
    }
    if request.method == "POST" and form.is_valid():
        said = {}

        def save():
            current = Feedback.objects.get(pk=item.pk)
            saved = form.save()
            said["note"] = services.words_changed(saved, current.text)
            saved.save()

        if refused := save_or_conflict(
            request, form, item, template=FORM, context=context, save=save
        ):
            return refused
        note = said.get("note")
        if note:
            messages.warning(request, note)
        else:
            messages.success(request, "The feedback is saved.")
        return redirect(item.get_absolute_url())
    return render(request, FORM, context)


def feedback_delete(request, pk):
    item = get_for_organisation(request, Feedback, Capability.MANAGE_PARTICIPATION, pk=pk)
    if request.method == "POST":
        item.delete()
        messages.success(request, "The feedback is deleted.")
        return redirect("participation:feedback_list")
    return render(
        request,
        "participation/feedback/delete.html",
        {"item": item, "back": _back(item.get_absolute_url(), "the feedback")},
    )


# Quick entry ---------------------------------------------------------------------------------


def _quick_context(request, event, form):
    organisation = request.organisation
    saved = Feedback.objects.for_organisation(organisation).prefetch_related("themes", "decisions")
    if event is not None:
        saved = saved.filter(event=event)
    else:
        saved = saved.filter(event__isnull=True, created_by=request.user)
    saved = list(saved.order_by("-pk")[:200])
    return {
        "form": form,
        "event": event,
        "kinds": [(value, label, KIND_KEYS[value]) for value, label in Feedback.Kind.choices],
        "saved": [(item, services.guard_state(item)[1]) for item in saved],
        "action": request.path,
        "back": _event_back(event),
    }


def _event_back(event):
    """Back to the event's page (the events area's), or to the list where there is none."""
    if event is not None:
        try:
            return _back(event.get_absolute_url(), event.title)
        except NoReverseMatch:  # the events pages are another area's: not merged yet
            pass
    return _back(_list_url(), "feedback")


def _quick(request, event):
    organisation = request.organisation
    fetched = request.headers.get("X-Quick-Entry") == "1"
    kind = request.session.get(QUICK_KIND, Feedback.Kind.YES_MORE)
    form = QuickEntryForm(request.POST or None, organisation=organisation, initial={"kind": kind})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            item = services.feedback_create(
                organisation=organisation,
                created_by=request.user,
                event=event,
                district=_only_district(event),
                text=data["text"],
                kind=data["kind"],
                said_on=event.date if event else _today(),
                themes=[data["theme"]] if data["theme"] else [],
            )
            request.session[QUICK_KIND] = data["kind"]
            left = services.guard_state(item)[1]
            if fetched:
                return render(
                    request,
                    "participation/feedback/_quick_item.html",
                    {"item": item, "left": left},
                    status=201,
                )
            messages.success(request, "Saved. Type the next one." + _flag_message(item))
            return redirect(request.path)
        if fetched:
            return render(
                request, "participation/feedback/_quick_errors.html", {"form": form}, status=422
            )
    return render(
        request, "participation/feedback/quick.html", _quick_context(request, event, form)
    )


def _today():
    return timezone.localdate()


@capability_required(Capability.MANAGE_PARTICIPATION)
def feedback_quick(request):
    return _quick(request, None)


def feedback_quick_event(request, pk):
    event = get_for_organisation(request, Event, Capability.MANAGE_PARTICIPATION, pk=pk)
    return _quick(request, event)


# The personal-data guard ---------------------------------------------------------------------


def _segments(text, checked):
    """The words cut into plain parts and flagged parts, for highlighting: [(text, number,
    checked flag or None)]."""
    parts, position = [], 0
    for number, c in enumerate(checked, start=1):
        if c.flag.start > position:
            parts.append((text[position : c.flag.start], None, None))
        parts.append((text[c.flag.start : c.flag.end], number, c))
        position = c.flag.end
    if position < len(text):
        parts.append((text[position:], None, None))
    return parts


def _check_page(request, item, *, error="", status=200):
    checked = services.checked_flags(item)
    state, left = services.guard_state(item, checked)
    return render(
        request,
        "participation/feedback/check.html",
        {
            "item": item,
            "checked": list(enumerate(checked, start=1)),
            "segments": _segments(item.text, checked),
            "digest": services.words_digest(item.text),
            "public_preview": services.public_words(item, checked),
            "state": state,
            "state_label": State.LABELS[state],
            "left": left,
            "error": error,
            "queue": services.to_check_queue(request.organisation).count(),
            "back": _back(item.get_absolute_url(), "the feedback"),
        },
        status=status,
    )


def feedback_check(request, pk):
    item = get_for_organisation(request, Feedback, Capability.MANAGE_PARTICIPATION, pk=pk)
    return _check_page(request, item)


@require_POST
def feedback_decide(request, pk):
    item = get_for_organisation(request, Feedback, Capability.MANAGE_PARTICIPATION, pk=pk)
    made = call_service(
        request,
        None,
        services.feedback_decide,
        item=item,
        key=request.POST.get("flag", ""),
        digest=request.POST.get("digest", ""),
        decision=request.POST.get("decision", ""),
        decided_by=request.user,
    )
    if made is not FAILED:
        messages.success(
            request,
            f"Decision saved: {made.get_decision_display().lower()}.",
        )
    return redirect(reverse("participation:feedback_check", args=[item.pk]))


@require_POST
def feedback_approve(request, pk):
    item = get_for_organisation(request, Feedback, Capability.MANAGE_PARTICIPATION, pk=pk)
    try:
        with transaction.atomic():
            services.feedback_approve(
                item=item, digest=request.POST.get("digest", ""), approved_by=request.user
            )
    except ValidationError as refused:
        item.refresh_from_db()
        return _check_page(request, item, error=" ".join(refused.messages), status=409)
    messages.success(request, "Approved for sharing: its checked words can now be shared.")
    if request.POST.get("then") == "next":
        return redirect(reverse("participation:feedback_check_next") + f"?after={item.pk}")
    return redirect(item.get_absolute_url())


@capability_required(Capability.MANAGE_PARTICIPATION)
def feedback_check_next(request):
    """The next item waiting for a check or an approval, the oldest first."""
    after = None
    if (after_id := request.GET.get("after", "")).isdigit():
        after = Feedback.objects.for_organisation(request.organisation).filter(pk=after_id).first()
    following = services.next_to_check(request.organisation, after=after)
    if following is None or (after is not None and following.pk == after.pk):
        messages.success(request, "Nothing else is waiting to be checked.")
        return redirect("participation:feedback_list")
    return redirect(reverse("participation:feedback_check", args=[following.pk]))

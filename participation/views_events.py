"""Participation pages for events and their counts and photos, youth groups, themes, district
leads, the district log and the county view (issue 14, points 1, 2 and 7).

Every member who sees participation reads events, groups and the district log
(Capability.VIEW_PARTICIPATION); officers and participation officers change them
(Capability.MANAGE_PARTICIPATION). Feedback words reach a page only through
`Feedback.words_for(request.membership)`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.concurrency import save_or_conflict
from corporate_parenting.models import District
from corporate_parenting.roles import Capability
from corporate_parenting.uploads import file_download, stored_name

from . import district_log
from . import events as services
from .forms_events import (
    AttendanceGridForm,
    DistrictLeadForm,
    EventFilterForm,
    EventForm,
    EventPhotoForm,
    GroupPlacesForm,
    PeriodForm,
    RoleHolderForm,
    ThemeForm,
    YouthGroupForm,
)
from .models import (
    Attendance,
    DistrictLead,
    Event,
    EventPhoto,
    GroupPlaces,
    RoleHolder,
    Theme,
    YouthGroup,
)

VIEW, MANAGE = Capability.VIEW_PARTICIPATION, Capability.MANAGE_PARTICIPATION
FORM = "form_page.html"
DELETE = "participation/events/delete_confirm.html"
LIST_LIMIT = 500  # the newest events; the filters narrow the rest


def _back(url, label):
    return {"url": url, "label": f"Back to {label}"}


def _can_manage(request):
    return request.membership.can(MANAGE)


def _create(request, form, *, title, caption, back, done, then=None):
    if request.method == "POST" and form.is_valid():
        created = form.save()
        messages.success(request, done(created))
        return redirect(then(created) if then else back["url"])
    return render(request, FORM, {"form": form, "title": title, "caption": caption, "back": back})


def _update(request, item, form, *, title, caption, back, done, save=None, lock=None):
    context = {"form": form, "title": title, "caption": caption, "back": back}
    if request.method == "POST" and form.is_valid():
        refused = save_or_conflict(
            request, form, item, template=FORM, context=context, save=save, lock=lock
        )
        if refused:
            return refused
        messages.success(request, done)
        return redirect(back["url"])
    return render(request, FORM, context)


def _delete(request, item, *, what, caption, back, refusal="", delete=None):
    """Confirm, then delete `item` (already access-checked); `refusal` says why it may not."""
    if request.method == "POST" and not refusal:
        (delete or item.delete)()
        messages.success(request, f"{what[0].upper()}{what[1:]} is deleted.")
        return redirect(back["url"])
    return render(
        request,
        DELETE,
        {"what": what, "caption": caption, "refusal": refusal, "back": back},
        status=409 if refusal and request.method == "POST" else 200,
    )


def url_or_none(obj) -> str | None:
    """The page of a feedback item or a response, where that area's pages are installed."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


# Themes ------------------------------------------------------------------------------------


@capability_required(MANAGE)
def themes(request):
    items = Theme.objects.for_organisation(request.organisation).annotate(used=Count("feedback"))
    return render(
        request,
        "participation/events/themes.html",
        {"themes": items, "back": _back(reverse("participation:index"), "participation")},
    )


@capability_required(MANAGE)
def theme_create(request):
    form = ThemeForm(request.POST or None, organisation=request.organisation)
    return _create(
        request,
        form,
        title="Add a theme",
        caption="Themes",
        back=_back(reverse("participation:themes"), "themes"),
        done=lambda created: f"The theme {created} is added.",
    )


def theme_update(request, pk):
    item = get_for_organisation(request, Theme, MANAGE, pk=pk)
    form = ThemeForm(request.POST or None, instance=item, organisation=request.organisation)
    return _update(
        request,
        item,
        form,
        title=f"Change the theme {item}",
        caption="Themes",
        back=_back(reverse("participation:themes"), "themes"),
        done="The theme is saved.",
    )


@require_POST
def theme_move(request, pk, direction):
    """Move a theme one place up or down the list (positions are renumbered 1, 2, 3...)."""
    item = get_for_organisation(request, Theme, MANAGE, pk=pk)
    if direction not in ("up", "down"):
        raise Http404("Move a theme up or down.")
    with transaction.atomic():
        ordered = list(Theme.objects.for_organisation(request.organisation).select_for_update())
        at = next(i for i, t in enumerate(ordered) if t.pk == item.pk)
        to = at - 1 if direction == "up" else at + 1
        if 0 <= to < len(ordered):
            ordered[at], ordered[to] = ordered[to], ordered[at]
        for position, theme in enumerate(ordered, start=1):
            if theme.position != position:
                theme.position = position
                theme.save(update_fields=["position"])
    messages.success(request, f"{item} is moved {direction}.")
    return redirect("participation:themes")


def theme_delete(request, pk):
    item = get_for_organisation(request, Theme, MANAGE, pk=pk)
    used = item.feedback.count()
    refusal = (
        f"{used} item{'s' if used != 1 else ''} of feedback {'are' if used != 1 else 'is'} "
        f"filed under {item}. Move {'them' if used != 1 else 'it'} to another theme first, "
        "or rename this theme instead."
        if used
        else ""
    )
    return _delete(
        request,
        item,
        what=f"the theme {item}",
        caption="Themes",
        back=_back(reverse("participation:themes"), "themes"),
        refusal=refusal,
    )


# District leads ----------------------------------------------------------------------------


@capability_required(MANAGE)
def district_leads(request):
    districts = District.objects.for_organisation(request.organisation).select_related("lead__lead")
    rows = [(d, getattr(d, "lead", None)) for d in districts]
    return render(
        request,
        "participation/events/district_leads.html",
        {"rows": rows, "back": _back(reverse("participation:index"), "participation")},
    )


def district_lead_update(request, pk):
    district = get_for_organisation(request, District, MANAGE, pk=pk)
    lead = DistrictLead.objects.filter(district=district).first()
    form = DistrictLeadForm(
        request.POST or None,
        district=district,
        initial={"lead": lead.lead_id if lead else None},
    )

    def save():
        DistrictLead.objects.update_or_create(
            district=district,
            defaults={"organisation": district.organisation, "lead": form.cleaned_data["lead"]},
        )

    def lock():
        return District.objects.select_for_update().get(pk=district.pk)

    return _update(
        request,
        district,
        form,
        title=f"Participation lead for {district}",
        caption="District leads",
        back=_back(reverse("participation:district_leads"), "district leads"),
        done=f"The lead for {district} is saved.",
        save=save,
        lock=lock,
    )


# Youth groups ------------------------------------------------------------------------------


@capability_required(VIEW)
def groups(request):
    items = (
        YouthGroup.objects.for_organisation(request.organisation)
        .select_related("district")
        .prefetch_related(Prefetch("places", queryset=GroupPlaces.objects.order_by("-as_of")))
    )
    return render(
        request,
        "participation/events/groups.html",
        {
            "groups": [(g, next(iter(g.places.all()), None)) for g in items],
            "can_manage": _can_manage(request),
            "back": _back(reverse("participation:index"), "participation"),
        },
    )


@capability_required(MANAGE)
def group_create(request):
    form = YouthGroupForm(request.POST or None, organisation=request.organisation)
    return _create(
        request,
        form,
        title="Add a youth group",
        caption="Youth groups",
        back=_back(reverse("participation:groups"), "youth groups"),
        done=lambda created: f"{created} is added. Record its places next.",
        then=lambda created: created.get_absolute_url(),
    )


def group_update(request, pk):
    item = get_for_organisation(request, YouthGroup, MANAGE, pk=pk)
    form = YouthGroupForm(request.POST or None, instance=item, organisation=request.organisation)
    return _update(
        request,
        item,
        form,
        title=f"Change {item}",
        caption="Youth groups",
        back=_back(item.get_absolute_url(), str(item)),
        done=f"{item} is saved.",
    )


def group(request, pk):
    item = get_for_organisation(request, YouthGroup.objects.select_related("district"), VIEW, pk=pk)
    can_manage = _can_manage(request)
    history = list(item.places.all())
    return render(
        request,
        "participation/events/group.html",
        {
            "group": item,
            "places": [(p, district_log.share(p.filled, p.places)) for p in history],
            # Names are for the officers running the role only.
            "holders": item.holders.all() if item.names_needed and can_manage else None,
            "can_manage": can_manage,
            "back": _back(reverse("participation:groups"), "youth groups"),
        },
    )


def group_places_create(request, pk):
    parent = get_for_organisation(request, YouthGroup, MANAGE, pk=pk)
    form = GroupPlacesForm(request.POST or None, group=parent)
    return _create(
        request,
        form,
        title="Record places",
        caption=str(parent),
        back=_back(parent.get_absolute_url(), str(parent)),
        done=lambda created: f"Places as at {created.as_of:%-d %B %Y} are recorded.",
    )


def group_places_delete(request, pk):
    item = get_for_organisation(request, GroupPlaces.objects.select_related("group"), MANAGE, pk=pk)
    return _delete(
        request,
        item,
        what=f"the places as at {item.as_of:%-d %B %Y}",
        caption=str(item.group),
        back=_back(item.group.get_absolute_url(), str(item.group)),
    )


def group_holder_create(request, pk):
    parent = get_for_organisation(request, YouthGroup, MANAGE, pk=pk)
    if not parent.names_needed:
        raise Http404("This group keeps no names.")
    form = RoleHolderForm(request.POST or None, group=parent)
    return _create(
        request,
        form,
        title="Add a role holder",
        caption=str(parent),
        back=_back(parent.get_absolute_url(), str(parent)),
        done=lambda created: f"{created.name} is added.",
    )


def group_holder_delete(request, pk):
    item = get_for_organisation(request, RoleHolder.objects.select_related("group"), MANAGE, pk=pk)
    return _delete(
        request,
        item,
        what=f"the role holder {item.name}",
        caption=str(item.group),
        back=_back(item.group.get_absolute_url(), str(item.group)),
    )


# Events ------------------------------------------------------------------------------------


@capability_required(VIEW)
def events(request):
    filters = EventFilterForm(request.GET or None, organisation=request.organisation)
    items = filters.filter(
        Event.objects.for_organisation(request.organisation).prefetch_related(
            "districts", "attendance"
        )
    )
    rows, shown = [], LIST_LIMIT
    for event in items[:shown]:
        young = sum(a.count for a in event.attendance.all() if a.group in Attendance.YOUNG_PEOPLE)
        adults = sum(
            a.count for a in event.attendance.all() if a.group not in Attendance.YOUNG_PEOPLE
        )
        rows.append((event, young, adults))
    return render(
        request,
        "participation/events/events.html",
        {
            "filters": filters,
            "rows": rows,
            "more": len(rows) == shown and items.count() > shown,
            "can_manage": _can_manage(request),
            "back": _back(reverse("participation:index"), "participation"),
        },
    )


@capability_required(MANAGE)
def event_create(request):
    form = EventForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        created = form.save()
        messages.success(request, f"{created.title} is added. Enter who came next.")
        return redirect("participation:event_attendance", created.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": "Add an event",
            "caption": "Events",
            "back": _back(reverse("participation:events"), "events"),
        },
    )


def event_update(request, pk):
    item = get_for_organisation(request, Event, MANAGE, pk=pk)
    form = EventForm(request.POST or None, instance=item, organisation=request.organisation)
    return _update(
        request,
        item,
        form,
        title=f"Change {item.title}",
        caption="Events",
        back=_back(item.get_absolute_url(), item.title),
        done=f"{item.title} is saved.",
    )


def event_delete(request, pk):
    item = get_for_organisation(request, Event, MANAGE, pk=pk)
    photos = item.photos.count()
    refusal = (
        f"This event has {photos} photo{'s' if photos != 1 else ''}. Delete the photos first."
        if photos
        else ""
    )

    return _delete(
        request,
        item,
        what=f"the event {item.title} and its counts",
        caption="Events",
        back=_back(reverse("participation:events"), "events"),
        refusal=refusal,
    )


def event(request, pk):
    item = get_for_organisation(
        request,
        Event.objects.select_related("group", "created_by").prefetch_related("districts"),
        VIEW,
        pk=pk,
    )
    return render(
        request,
        "participation/events/event.html",
        {
            "event": item,
            "totals": services.attendance_totals(item),
            "groups": Attendance.Group,
            "photos": item.photos.all(),
            "can_manage": _can_manage(request),
            "back": _back(reverse("participation:events"), "events"),
        },
    )


def _grid_districts(event):
    """The event's districts (and any others it already has counts from); every district
    of the council when the event names none."""
    chosen = set(event.districts.values_list("pk", flat=True))
    counted = set(
        event.attendance.filter(district__isnull=False).values_list("district", flat=True)
    )
    districts = District.objects.for_organisation(event.organisation)
    if chosen:
        districts = districts.filter(pk__in=chosen | counted)
    return list(districts)


def event_attendance(request, pk):
    item = get_for_organisation(request, Event, MANAGE, pk=pk)
    by_age_stored = item.attendance.exclude(
        age_band__in=[Attendance.AgeBand.NOT_RECORDED, Attendance.AgeBand.ADULT]
    ).exists()
    by_age = by_age_stored or request.GET.get("ages") == "1" or request.POST.get("ages") == "1"
    form = AttendanceGridForm(
        request.POST or None, event=item, districts=_grid_districts(item), by_age=by_age
    )
    context = {
        "form": form,
        "event": item,
        "groups": Attendance.Group,
        "by_age": by_age,
        "can_switch": not by_age_stored,
        "totals": services.attendance_totals(item),
        "back": _back(item.get_absolute_url(), item.title),
    }
    template = "participation/events/attendance.html"
    if request.method == "POST" and form.is_valid():
        refused = save_or_conflict(
            request,
            form,
            item,
            template=template,
            context=context,
            save=lambda: services.attendance_set(event=item, counts=form.counts()),
        )
        if refused:
            return refused
        messages.success(request, "The counts are saved. The totals below are added up from them.")
        return redirect(item)
    return render(request, template, context)


def event_photo_create(request, pk):
    parent = get_for_organisation(request, Event, MANAGE, pk=pk)
    form = EventPhotoForm(request.POST or None, request.FILES or None, event=parent)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_photo_add(
                event=parent,
                file=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The photo is kept.")
            return redirect(parent)
    return render(
        request,
        "participation/events/photo_form.html",
        {
            "form": form,
            "event": parent,
            "title": "Add a photo",
            "caption": parent.title,
            "back": _back(parent.get_absolute_url(), parent.title),
        },
    )


def event_photo(request, pk):
    photo = get_for_organisation(request, EventPhoto, VIEW, pk=pk)
    return file_download(photo.file, filename=stored_name(photo.file))


def event_photo_delete(request, pk):
    photo = get_for_organisation(request, EventPhoto.objects.select_related("event"), MANAGE, pk=pk)
    return _delete(
        request,
        photo,
        what=f"the photo {stored_name(photo.file)}",
        caption=photo.event.title,
        back=_back(photo.event.get_absolute_url(), photo.event.title),
        delete=lambda: services.event_photo_delete(photo=photo),
    )


# The district log and the county view ------------------------------------------------------


@capability_required(VIEW)
def county(request):
    period = PeriodForm(request.GET or None)
    start, end = period.period()
    rows = district_log.county(request.organisation, start, end)
    return render(
        request,
        "participation/events/county.html",
        {
            "period": period,
            "start": start,
            "end": end,
            "rows": rows,
            "back": _back(reverse("participation:index"), "participation"),
        },
    )


def district(request, pk):
    item = get_for_organisation(request, District, VIEW, pk=pk)
    period = PeriodForm(request.GET or None)
    start, end = period.period()
    entries = district_log.timeline(item, request.membership, start, end)
    for entry in entries:
        entry.url = url_or_none(entry.obj)
        if entry.kind == "response":
            entry.extra["items"] = [(i, w, url_or_none(i)) for i, w in entry.extra["items"]]
    lead = DistrictLead.objects.filter(district=item).select_related("lead").first()
    return render(
        request,
        "participation/events/district.html",
        {
            "district": item,
            "lead": lead.lead if lead else None,
            "period": period,
            "start": start,
            "end": end,
            "entries": entries,
            "summary": next(
                r
                for r in district_log.county(request.organisation, start, end)
                if r.district == item
            ),
            "back": _back(reverse("participation:county"), "the county view"),
        },
    )

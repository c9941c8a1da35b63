"""Closing the loop with young people (issue 14 points 6 and 8): the public "You said, We
did" page, each district's and youth group's page for its lead to share, their one-page
sheets and the quarterly newsletter as PDFs made by the one PDF pipeline (request, a status
page that polls, download: as pledges' progress report does).

Everything here shows only what `participation.outputs` reads: approved items in their
checked words, and what was done. Members of every participation role read the same.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST, require_safe

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.models import District, Organisation
from corporate_parenting.pdf.jobs import render_job_download
from corporate_parenting.public import cache_public_page
from corporate_parenting.roles import Capability

from .forms_outputs import PeriodForm, QuarterForm
from .models import LoopSheet, YouthGroup
from .outputs import (
    SHEET_ITEMS,
    events_reach,
    loop_sheet_request,
    quarter_label,
    recent_quarters,
    you_said_we_did,
)

VIEW = Capability.VIEW_PARTICIPATION


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# Signed in: the index, a district's or a group's page ------------------------------------------


@require_GET
@capability_required(VIEW)
def you_said_index(request):
    organisation = request.organisation
    return render(
        request,
        "participation/outputs/index.html",
        {
            "districts": District.objects.for_organisation(organisation).order_by(
                "position", "name"
            ),
            "groups": YouthGroup.objects.for_organisation(organisation),
        },
    )


def _subject_page(request, *, kind, subject, form, status=200):
    period = form.period()
    loop = None
    if period is not None:
        filters = {"district": subject} if kind == LoopSheet.Kind.DISTRICT else {"group": subject}
        loop = you_said_we_did(request.organisation, start=period[0], end=period[1], **filters)
    request_url = reverse(
        "participation:you_said_district_pdf"
        if kind == LoopSheet.Kind.DISTRICT
        else "participation:you_said_group_pdf",
        args=[subject.pk],
    )
    recent = LoopSheet.objects.for_organisation(request.organisation).filter(kind=kind)
    recent = (
        recent.filter(district=subject)
        if kind == LoopSheet.Kind.DISTRICT
        else recent.filter(group=subject)
    )
    return render(
        request,
        "participation/outputs/subject.html",
        {
            "kind": kind,
            "subject": subject,
            "what": "district" if kind == LoopSheet.Kind.DISTRICT else "group",
            "form": form,
            "period": period,
            "loop": loop,
            "request_url": request_url,
            "sheet_items": SHEET_ITEMS,
            "recent": list(recent.select_related("district", "group")[:5]),
        },
        status=status,
    )


@require_GET
def you_said_district(request, pk):
    district = get_for_organisation(request, District, VIEW, pk=pk)
    return _subject_page(
        request,
        kind=LoopSheet.Kind.DISTRICT,
        subject=district,
        form=PeriodForm.from_query(request.GET),
    )


@require_GET
def you_said_group(request, pk):
    group = get_for_organisation(request, YouthGroup, VIEW, pk=pk)
    return _subject_page(
        request, kind=LoopSheet.Kind.GROUP, subject=group, form=PeriodForm.from_query(request.GET)
    )


def _request_sheet(request, *, kind, subject):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        return _subject_page(request, kind=kind, subject=subject, form=form, status=400)
    subject_kwargs = (
        {"district": subject} if kind == LoopSheet.Kind.DISTRICT else {"group": subject}
    )
    sheet = loop_sheet_request(
        organisation=request.organisation,
        kind=kind,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        by=request.user,
        **subject_kwargs,
    )
    return redirect("participation:loop_sheet_status", pk=sheet.pk)


@require_POST
def you_said_district_pdf(request, pk):
    district = get_for_organisation(request, District, VIEW, pk=pk)
    return _request_sheet(request, kind=LoopSheet.Kind.DISTRICT, subject=district)


@require_POST
def you_said_group_pdf(request, pk):
    group = get_for_organisation(request, YouthGroup, VIEW, pk=pk)
    return _request_sheet(request, kind=LoopSheet.Kind.GROUP, subject=group)


# The quarterly newsletter ----------------------------------------------------------------------


def _newsletter_page(request, form, *, status=200):
    quarter = None
    if form.is_bound and form.is_valid():
        quarter = form.cleaned_data["quarter"]
    elif not form.is_bound:
        quarter = recent_quarters()[0]
    context = {"form": form, "quarter": quarter}
    if quarter is not None:
        context.update(
            {
                "quarter_label": quarter_label(quarter[0]),
                "loop": you_said_we_did(request.organisation, start=quarter[0], end=quarter[1]),
                "reach": events_reach(request.organisation, start=quarter[0], end=quarter[1]),
            }
        )
    context["recent"] = list(
        LoopSheet.objects.for_organisation(request.organisation).filter(
            kind=LoopSheet.Kind.NEWSLETTER
        )[:5]
    )
    return render(request, "participation/outputs/newsletter.html", context, status=status)


@require_GET
@capability_required(VIEW)
def newsletter(request):
    form = QuarterForm(request.GET) if "quarter" in request.GET else QuarterForm()
    return _newsletter_page(
        request, form, status=200 if not form.is_bound or form.is_valid() else 400
    )


@require_POST
@capability_required(VIEW)
def newsletter_request(request):
    form = QuarterForm(request.POST)
    if not form.is_valid():
        return _newsletter_page(request, form, status=400)
    start, end = form.cleaned_data["quarter"]
    sheet = loop_sheet_request(
        organisation=request.organisation,
        kind=LoopSheet.Kind.NEWSLETTER,
        start=start,
        end=end,
        by=request.user,
    )
    return redirect("participation:loop_sheet_status", pk=sheet.pk)


# Every PDF: its status page and its download ---------------------------------------------------


@require_GET
def loop_sheet_status(request, pk):
    sheet = get_for_organisation(
        request,
        LoopSheet.objects.select_related("district", "group", "requested_by"),
        VIEW,
        pk=pk,
    )
    if sheet.kind == LoopSheet.Kind.NEWSLETTER:
        page_url = f"{reverse('participation:newsletter')}?quarter={sheet.period_start:%Y-%m-%d}"
        retry_url = reverse("participation:newsletter_request")
    else:
        name = "district" if sheet.kind == LoopSheet.Kind.DISTRICT else "group"
        subject_pk = sheet.district_id or sheet.group_id
        period = f"?start={sheet.period_start:%Y-%m-%d}&end={sheet.period_end:%Y-%m-%d}"
        page_url = reverse(f"participation:you_said_{name}", args=[subject_pk]) + period
        retry_url = reverse(f"participation:you_said_{name}_pdf", args=[subject_pk])
    return render(
        request,
        "participation/outputs/status.html",
        {
            "sheet": sheet,
            "in_progress": sheet.in_progress,
            "stalled": sheet.is_stalled(),
            "filename": sheet.download_filename(),
            "page_url": page_url,
            "retry_url": retry_url,
        },
    )


@require_GET
def loop_sheet_download(request, pk):
    return render_job_download(request, LoopSheet, VIEW, pk=pk)


# The public page -------------------------------------------------------------------------------


@login_not_required
@require_safe
def public_you_said_we_did(request, org_slug):
    """Anyone, signed in or not: approved items by theme with what was done. Optionally for
    one district or one youth group (?district=, ?group=: ids of this organisation only)."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    districts = list(District.objects.for_organisation(organisation).order_by("position", "name"))
    district = group = None
    district_id, group_id = _as_int(request.GET.get("district")), _as_int(request.GET.get("group"))
    if district_id is not None:
        district = next((d for d in districts if d.pk == district_id), None)
    elif group_id is not None:
        group = YouthGroup.objects.for_organisation(organisation).filter(pk=group_id).first()
    loop = you_said_we_did(organisation, district=district, group=group)
    response = render(
        request,
        "participation/outputs/public.html",
        {
            "organisation": organisation,
            "districts": districts,
            "district": district,
            "group": group,
            "loop": loop,
        },
    )
    return cache_public_page(request, response)

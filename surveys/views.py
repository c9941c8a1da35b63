"""Survey results for officers and councillors: instruments, waves with their response rates,
demographics and indicators by domain with comparators and significance, trends, findings.

Every member reads these pages (Capability.VIEW_SURVEYS); what each sees is decided by
`surveys.published`: officers (Capability.VIEW_SURVEY_COUNTS) every count, with why it is
hidden when published; councillors, co-opted members and clerks the published figures, small
numbers hidden."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.concurrency import save_or_conflict
from corporate_parenting.models import Organisation
from corporate_parenting.public import cache_public_page
from corporate_parenting.roles import Capability

from . import exports, selectors
from .forms import (
    CohortForm,
    ComparatorForm,
    DemographicForm,
    DisclosureForm,
    FindingForm,
    IndicatorForm,
    InstrumentForm,
    WaveForm,
)
from .models import Cohort, Comparator, DemographicCount, Finding, Indicator, Instrument, Wave
from .published import Audience, Disclosure

FORM = "form_page.html"


def _back(url, label):
    return {"url": url, "label": f"Back to {label}"}


@capability_required(Capability.VIEW_SURVEYS)
def index(request):
    instruments = Instrument.objects.for_organisation(request.organisation).prefetch_related(
        Prefetch("waves", queryset=Wave.objects.prefetch_related("cohorts"))
    )
    disclosure = Disclosure.for_request(request)
    disclosure.prepare([w for i in instruments for w in i.waves.all()])
    return render(
        request,
        "surveys/index.html",
        {
            "instruments": [
                (i, [(w, disclosure.response_rate(w, None)) for w in i.waves.all()])
                for i in instruments
            ],
            "disclosure": disclosure,
            "can_manage": request.membership.can(Capability.MANAGE_SURVEYS),
            "can_set_rule": request.membership.can(Capability.MANAGE_ORGANISATION),
        },
    )


@capability_required(Capability.MANAGE_SURVEYS)
def instrument_create(request):
    form = InstrumentForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        created = form.save()
        messages.success(request, f"{created} is added. Add its first wave next.")
        return redirect(created)
    return render(
        request,
        FORM,
        {"form": form, "title": "Add a survey", "back": _back(reverse("surveys:index"), "surveys")},
    )


def instrument_update(request, pk):
    item = get_for_organisation(request, Instrument, Capability.MANAGE_SURVEYS, pk=pk)
    form = InstrumentForm(request.POST or None, instance=item, organisation=request.organisation)
    return _child_update(
        request,
        item,
        form,
        title=f"Change {item}",
        caption="Surveys",
        done=lambda saved: f"{saved} is saved.",
        back=item.get_absolute_url(),
        back_label=str(item),
    )


def instrument(request, pk):
    item = get_for_organisation(request, Instrument, Capability.VIEW_SURVEYS, pk=pk)
    disclosure = Disclosure.for_request(request)
    waves = list(item.waves.prefetch_related("cohorts"))
    disclosure.prepare(waves)
    waves = [(w, disclosure.response_rate(w, None)) for w in waves]
    return render(
        request,
        "surveys/instrument.html",
        {
            "instrument": item,
            "waves": waves,
            "disclosure": disclosure,
            "can_manage": request.membership.can(Capability.MANAGE_SURVEYS),
            "back": _back(reverse("surveys:index"), "surveys"),
        },
    )


def wave(request, pk):
    item = get_for_organisation(
        request, Wave.objects.select_related("instrument"), Capability.VIEW_SURVEYS, pk=pk
    )
    disclosure = Disclosure.for_request(request)
    return render(
        request,
        "surveys/wave.html",
        {
            "wave": item,
            "tables": selectors.wave_tables(item, disclosure),
            "findings": selectors.findings(item, disclosure),
            "disclosure": disclosure,
            "can_manage": request.membership.can(Capability.MANAGE_SURVEYS),
            # "You said, We did" takes a finding as feedback (wired by URL name only).
            "can_add_feedback": request.membership.can(Capability.MANAGE_PARTICIPATION),
            "back": _back(item.instrument.get_absolute_url(), str(item.instrument)),
        },
    )


def indicator(request, pk):
    item = get_for_organisation(
        request,
        Indicator.objects.select_related("wave__instrument", "cohort", "organisation"),
        Capability.VIEW_SURVEYS,
        pk=pk,
    )
    disclosure = Disclosure.for_request(request)
    trend = selectors.trend(item, disclosure)  # first: it reads every wave's rows at once
    row = selectors.indicator_row(item, disclosure)
    return render(
        request,
        "surveys/indicator.html",
        {
            "indicator": item,
            "row": row,
            "trend": trend,
            "charts": selectors.indicator_charts(row, trend, item.organisation.name),
            "disclosure": disclosure,
            "can_manage": request.membership.can(Capability.MANAGE_SURVEYS),
            "back": _back(item.wave.get_absolute_url(), str(item.wave)),
        },
    )


def _child_create(request, parent, form_class, *, title, done, back, then=None, **form_kwargs):
    """An add form for something that belongs to `parent` (already access-checked); once
    added, back to `back`, or to `then(created)` where the next step is on the new thing."""
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        created = form.save()
        messages.success(request, done(created))
        return redirect(then(created) if then else back)
    return render(
        request,
        FORM,
        {"form": form, "title": title, "caption": str(parent), "back": _back(back, str(parent))},
    )


def _child_update(request, item, form, *, title, caption, done, back, back_label):
    context = {"form": form, "title": title, "caption": caption, "back": _back(back, back_label)}
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, item, template=FORM, context=context):
            return refused
        messages.success(request, done(item) if callable(done) else done)
        return redirect(back)
    return render(request, FORM, context)


def wave_create(request, pk):
    parent = get_for_organisation(request, Instrument, Capability.MANAGE_SURVEYS, pk=pk)
    return _child_create(
        request,
        parent,
        WaveForm,
        title="Add a wave",
        done=lambda created: f"Wave {created.label} is added. Add its cohorts next.",
        back=parent.get_absolute_url(),
        then=lambda created: created.get_absolute_url(),
        instrument=parent,
    )


def wave_update(request, pk):
    item = get_for_organisation(
        request, Wave.objects.select_related("instrument"), Capability.MANAGE_SURVEYS, pk=pk
    )
    form = WaveForm(request.POST or None, instance=item, instrument=item.instrument)
    return _child_update(
        request,
        item,
        form,
        title=f"Change wave {item.label}",
        caption=str(item.instrument),
        done=f"Wave {item.label} is saved.",
        back=item.get_absolute_url(),
        back_label=str(item),
    )


def cohort_create(request, pk):
    parent = get_for_organisation(request, Wave, Capability.MANAGE_SURVEYS, pk=pk)
    return _child_create(
        request,
        parent,
        CohortForm,
        title="Add a cohort",
        done=lambda created: f"Cohort {created.label} is added.",
        back=parent.get_absolute_url(),
        wave=parent,
        initial={"position": parent.cohorts.count() + 1},
    )


def cohort_update(request, pk):
    item = get_for_organisation(
        request, Cohort.objects.select_related("wave"), Capability.MANAGE_SURVEYS, pk=pk
    )
    form = CohortForm(request.POST or None, instance=item, wave=item.wave)
    return _child_update(
        request,
        item,
        form,
        title=f"Change cohort {item.label}",
        caption=str(item.wave),
        done=lambda saved: f"Cohort {saved.label} is saved.",
        back=item.wave.get_absolute_url(),
        back_label=str(item.wave),
    )


def indicator_create(request, pk):
    parent = get_for_organisation(request, Wave, Capability.MANAGE_SURVEYS, pk=pk)
    return _child_create(
        request,
        parent,
        IndicatorForm,
        title="Add an indicator",
        done=lambda created: f"Indicator {created.question} is added.",
        back=parent.get_absolute_url(),
        wave=parent,
        initial={"position": parent.indicators.count() + 1, "higher_is_better": True},
    )


def indicator_update(request, pk):
    item = get_for_organisation(
        request, Indicator.objects.select_related("wave"), Capability.MANAGE_SURVEYS, pk=pk
    )
    form = IndicatorForm(request.POST or None, instance=item, wave=item.wave)
    return _child_update(
        request,
        item,
        form,
        title="Change the indicator",
        caption=str(item.wave),
        done=lambda saved: f"Indicator {saved.question} is saved.",
        back=item.get_absolute_url(),
        back_label="the indicator",
    )


def comparator_create(request, pk):
    parent = get_for_organisation(
        request, Indicator.objects.select_related("wave"), Capability.MANAGE_SURVEYS, pk=pk
    )
    return _child_create(
        request,
        parent,
        ComparatorForm,
        title="Add a comparator",
        done=lambda created: f"The comparison with {created} is added.",
        back=parent.get_absolute_url(),
        indicator=parent,
    )


def comparator_update(request, pk):
    item = get_for_organisation(
        request, Comparator.objects.select_related("indicator"), Capability.MANAGE_SURVEYS, pk=pk
    )
    form = ComparatorForm(request.POST or None, instance=item, indicator=item.indicator)
    return _child_update(
        request,
        item,
        form,
        title=f"Change the comparison with {item}",
        caption=str(item.indicator),
        done=lambda saved: f"The comparison with {saved} is saved.",
        back=item.indicator.get_absolute_url(),
        back_label="the indicator",
    )


def finding_create(request, pk):
    parent = get_for_organisation(request, Wave, Capability.MANAGE_SURVEYS, pk=pk)
    return _child_create(
        request,
        parent,
        FindingForm,
        title="Add a finding",
        done=lambda created: f"Finding {created.summary} is added.",
        back=parent.get_absolute_url(),
        wave=parent,
        initial={"position": parent.findings.count() + 1},
    )


def finding_update(request, pk):
    item = get_for_organisation(
        request, Finding.objects.select_related("wave"), Capability.MANAGE_SURVEYS, pk=pk
    )
    form = FindingForm(request.POST or None, instance=item, wave=item.wave)
    return _child_update(
        request,
        item,
        form,
        title="Change the finding",
        caption=str(item.wave),
        done=lambda saved: f"Finding {saved.summary} is saved.",
        back=item.wave.get_absolute_url(),
        back_label=str(item.wave),
    )


def demographic_create(request, pk):
    parent = get_for_organisation(request, Wave, Capability.MANAGE_SURVEYS, pk=pk)
    return _child_create(
        request,
        parent,
        DemographicForm,
        title="Add a count of who answered",
        done=lambda created: f"The count for {created.category} is added.",
        back=parent.get_absolute_url(),
        wave=parent,
        initial={"position": parent.demographics.count() + 1},
    )


def demographic_update(request, pk):
    item = get_for_organisation(
        request, DemographicCount.objects.select_related("wave"), Capability.MANAGE_SURVEYS, pk=pk
    )
    form = DemographicForm(request.POST or None, instance=item, wave=item.wave)
    return _child_update(
        request,
        item,
        form,
        title=f"Change the count for {item.category}",
        caption=str(item.wave),
        done=lambda saved: f"The count for {saved.category} is saved.",
        back=item.wave.get_absolute_url(),
        back_label=str(item.wave),
    )


def _delete(request, item, *, what, caption, back, back_label, refusal=""):
    """Confirm, then delete `item` (already access-checked). `refusal` says why it may not."""
    if request.method == "POST" and not refusal:
        item.delete()
        messages.success(request, f"{what[0].upper()}{what[1:]} is deleted.")
        return redirect(back)
    context = {
        "what": what,
        "caption": caption,
        "refusal": refusal,
        "back": _back(back, back_label),
    }
    return render(
        request,
        "surveys/delete_confirm.html",
        context,
        status=409 if refusal and request.method == "POST" else 200,
    )


def cohort_delete(request, pk):
    item = get_for_organisation(
        request, Cohort.objects.select_related("wave"), Capability.MANAGE_SURVEYS, pk=pk
    )
    used = {
        "indicators": item.indicators.count(),
        "counts of who answered": item.demographics.count(),
        "findings": item.findings.count(),
    }
    refusal = ""
    if any(used.values()):
        listed = ", ".join(f"{n} {name}" for name, n in used.items() if n)
        refusal = f"The cohort {item.label} has {listed}. Delete or move them first."
    return _delete(
        request,
        item,
        what=f"the cohort {item.label}",
        caption=str(item.wave),
        back=item.wave.get_absolute_url(),
        back_label=str(item.wave),
        refusal=refusal,
    )


def indicator_delete(request, pk):
    item = get_for_organisation(
        request, Indicator.objects.select_related("wave"), Capability.MANAGE_SURVEYS, pk=pk
    )
    return _delete(
        request,
        item,
        what=f"the indicator {item.question} and its comparators",
        caption=str(item.wave),
        back=item.wave.get_absolute_url(),
        back_label=str(item.wave),
    )


def comparator_delete(request, pk):
    item = get_for_organisation(
        request, Comparator.objects.select_related("indicator"), Capability.MANAGE_SURVEYS, pk=pk
    )
    return _delete(
        request,
        item,
        what=f"the comparison with {item}",
        caption=str(item.indicator),
        back=item.indicator.get_absolute_url(),
        back_label="the indicator",
    )


def finding_delete(request, pk):
    item = get_for_organisation(
        request, Finding.objects.select_related("wave"), Capability.MANAGE_SURVEYS, pk=pk
    )
    return _delete(
        request,
        item,
        what=f"the finding {item.summary}",
        caption=str(item.wave),
        back=item.wave.get_absolute_url(),
        back_label=str(item.wave),
    )


def demographic_delete(request, pk):
    item = get_for_organisation(
        request, DemographicCount.objects.select_related("wave"), Capability.MANAGE_SURVEYS, pk=pk
    )
    return _delete(
        request,
        item,
        what=f"the count for {item.category}",
        caption=str(item.wave),
        back=item.wave.get_absolute_url(),
        back_label=str(item.wave),
    )


def _export_response(item, fmt):
    if fmt not in exports.FORMATS:
        raise Http404("Export as csv or xlsx.")
    content, content_type, filename = exports.wave_export(item, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@never_cache
def wave_export(request, pk, fmt):
    """The wave's published figures as CSV or XLSX (small numbers hidden, for everyone: a file
    leaves the officers' hands)."""
    item = get_for_organisation(
        request, Wave.objects.select_related("instrument"), Capability.VIEW_SURVEYS, pk=pk
    )
    return _export_response(item, fmt)


# Public pages: the waves a council has chosen to publish, as published -----------------------


def _public_wave(org_slug, pk):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    wave = get_object_or_404(
        Wave.objects.select_related("instrument", "organisation"),
        organisation=organisation,
        public=True,
        pk=pk,
    )
    return organisation, wave


@login_not_required
@require_safe
def public_index(request, org_slug):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    waves = (
        Wave.objects.for_organisation(organisation)
        .filter(public=True)
        .select_related("instrument")
        .prefetch_related("cohorts")
        .order_by("instrument__name", "-period_end")
    )
    disclosure = Disclosure(organisation, Audience.PUBLISHED)
    disclosure.prepare(waves)
    response = render(
        request,
        "surveys/public_index.html",
        {
            "organisation": organisation,
            "waves": [(w, disclosure.response_rate(w, None)) for w in waves],
            "disclosure": disclosure,
        },
    )
    return cache_public_page(request, response)


@login_not_required
@require_safe
def public_wave(request, org_slug, pk):
    organisation, item = _public_wave(org_slug, pk)
    disclosure = Disclosure(organisation, Audience.PUBLISHED)
    response = render(
        request,
        "surveys/public_wave.html",
        {
            "organisation": organisation,
            "wave": item,
            "tables": selectors.wave_tables(item, disclosure),
            "findings": selectors.findings(item, disclosure),
            "disclosure": disclosure,
            "public": True,
        },
    )
    return cache_public_page(request, response)


@login_not_required
@require_safe
def public_wave_export(request, org_slug, pk, fmt):
    _organisation, item = _public_wave(org_slug, pk)
    return cache_public_page(request, _export_response(item, fmt))


@capability_required(Capability.MANAGE_ORGANISATION)
def disclosure_settings(request):
    """The organisation's disclosure rule (administrators): every published survey figure,
    page, file and report block follows it from the next time it is shown."""
    organisation = Organisation.objects.get(pk=request.organisation.pk)  # fresh, to save
    form = DisclosureForm(request.POST or None, instance=organisation)
    return _child_update(
        request,
        organisation,
        form,
        title="How small numbers are protected",
        caption="Surveys",
        done="The rule is saved. Published survey figures follow it from now on.",
        back=reverse("surveys:index"),
        back_label="surveys",
    )

"""Survey results as evidence on a promise's progress: linked from a progress update (any
survey result or finding) or from a survey result's page ("Use as evidence on a promise"),
and unlinked. Only while the update is a draft (or sent back for changes): approving the update
publishes its evidence with it. Who may: those who record progress and read survey results,
on their own updates, or on any if they manage the pledge (as pledges' update_edit)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from corporate_parenting.access import get_for_organisation, require
from corporate_parenting.roles import Capability
from pledges.models import PledgeVersion, ProgressUpdate

from .forms_evidence import EvidenceUpdateForm, SurveyEvidenceForm
from .models import Indicator, SurveyEvidence

FORM = "form_page.html"
EDITABLE = (ProgressUpdate.State.DRAFT, ProgressUpdate.State.CHANGES_REQUESTED)


def _may_change(request, update) -> bool:
    return update.author_id == request.user.pk or request.membership.can(Capability.MANAGE_PLEDGE)


def _load_update(request, queryset, **lookup):
    """An update of this organisation this member may add evidence to, or 404/403."""
    update = get_for_organisation(request, queryset, Capability.RECORD_PROGRESS, **lookup)
    require(request, Capability.VIEW_SURVEYS)
    if not _may_change(request, update):
        raise PermissionDenied
    return update


def evidence_add(request, pk):
    update = _load_update(
        request, ProgressUpdate.objects.select_related("commitment", "organisation"), pk=pk
    )
    if not update.is_editable:
        messages.error(
            request, "This update is with an approver or approved, so its evidence is fixed."
        )
        return redirect(update.commitment)
    form = SurveyEvidenceForm(request.POST or None, update=update)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The survey evidence is added to the update.")
        return redirect(update.commitment)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": "Add survey evidence",
            "caption": update.commitment.wording,
            "back": {
                "url": update.commitment.get_absolute_url(),
                "label": "Back to the promise",
            },
        },
    )


def evidence_from_indicator(request, pk):
    indicator = get_for_organisation(
        request,
        Indicator.objects.select_related("wave__instrument", "cohort"),
        Capability.RECORD_PROGRESS,
        pk=pk,
    )
    require(request, Capability.VIEW_SURVEYS)
    updates = ProgressUpdate.objects.for_organisation(request.organisation).filter(
        state__in=EDITABLE,
        commitment__theme__version__state=PledgeVersion.State.ADOPTED,
    )
    if not request.membership.can(Capability.MANAGE_PLEDGE):
        updates = updates.filter(author=request.user)
    updates = updates.exclude(survey_evidence__indicator=indicator).select_related(
        "commitment", "action"
    )
    form = EvidenceUpdateForm(request.POST or None, updates=updates, source=indicator)
    if request.method == "POST" and form.is_valid():
        evidence = form.save()
        messages.success(request, "The survey result is added as evidence on the update.")
        return redirect(evidence.update.commitment)
    if request.method != "POST" and not updates.exists():
        messages.info(
            request,
            "You have no progress update in draft. Record progress on a promise first, then "
            "add this result to it.",
        )
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": "Use as evidence on a promise",
            "caption": indicator.question,
            "back": {"url": indicator.get_absolute_url(), "label": "Back to the survey result"},
        },
    )


@require_POST
def evidence_remove(request, pk):
    evidence = get_for_organisation(
        request,
        SurveyEvidence.objects.select_related("update__commitment"),
        Capability.RECORD_PROGRESS,
        pk=pk,
    )
    require(request, Capability.VIEW_SURVEYS)
    update = evidence.update
    if not _may_change(request, update):
        raise PermissionDenied
    if not update.is_editable:
        messages.error(
            request, "This update is with an approver or approved, so its evidence is fixed."
        )
        return redirect(update.commitment)
    evidence.delete()
    messages.success(request, "The survey evidence is removed from the update.")
    return redirect(update.commitment)

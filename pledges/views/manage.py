"""Officers' side of the pledge: versions, themes, commitments, actions, progress, approval."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from corporate_parenting.access import capability_required, get_for_organisation, require
from corporate_parenting.concurrency import save_or_conflict
from corporate_parenting.roles import Capability
from corporate_parenting.uploads import file_download, stored_name
from corporate_parenting.views_helpers import FAILED, call_service

from .. import selectors, services
from ..forms import (
    ActionForm,
    AdoptForm,
    CommitmentForm,
    CopyVersionForm,
    PledgeSettingsForm,
    ProgressUpdateForm,
    RequestChangesForm,
    ThemeForm,
    VersionForm,
)
from ..models import (
    Commitment,
    CommitmentAction,
    Evidence,
    PledgeSettings,
    PledgeVersion,
    ProgressUpdate,
    Theme,
)

FORM = "form_page.html"


def _editable(version):
    if not version.is_editable:
        raise PermissionDenied("An adopted pledge's wording is fixed: start a new version.")


# Versions ---------------------------------------------------------------------------------


@capability_required(Capability.VIEW_PLEDGE_NARRATIVES)
def versions(request):
    return render(
        request,
        "pledges/versions.html",
        {
            "versions": PledgeVersion.objects.for_organisation(request.organisation),
            "can_manage": request.membership.can(Capability.MANAGE_PLEDGE),
        },
    )


@capability_required(Capability.MANAGE_PLEDGE)
def version_create(request):
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.organisation = request.organisation
        version = form.save()
        messages.success(request, f"{version.label} is started as a draft.")
        return redirect(version)
    return render(request, FORM, {"form": form, "title": "Start a pledge version"})


def version_detail(request, pk):
    version = get_for_organisation(
        request,
        PledgeVersion.objects.select_related("replaces"),
        Capability.VIEW_PLEDGE_NARRATIVES,
        pk=pk,
    )
    themes = version.themes.prefetch_related(
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("lead").prefetch_related("actions"),
        )
    )
    can_manage = request.membership.can(Capability.MANAGE_PLEDGE)
    return render(
        request,
        "pledges/version_detail.html",
        {
            "version": version,
            "themes": themes,
            "can_manage": can_manage,
            "can_edit": can_manage and version.is_editable,
            "copy_form": CopyVersionForm(initial={"label": f"{version.label} revised"}),
            "others": PledgeVersion.objects.for_organisation(request.organisation).exclude(pk=pk),
        },
    )


def version_update(request, pk):
    version = get_for_organisation(request, PledgeVersion, Capability.MANAGE_PLEDGE, pk=pk)
    _editable(version)
    form = VersionForm(request.POST or None, instance=version)
    context = {"form": form, "title": f"Change {version.label}"}
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, version, template=FORM, context=context):
            return refused
        messages.success(request, f"{version.label} is saved.")
        return redirect(version)
    return render(request, FORM, context)


@require_POST
def version_copy(request, pk):
    version = get_for_organisation(request, PledgeVersion, Capability.MANAGE_PLEDGE, pk=pk)
    form = CopyVersionForm(request.POST)
    if not form.is_valid():
        return render(
            request, FORM, {"form": form, "title": f"Start a new version from {version.label}"}
        )
    new = services.version_copy(version=version, label=form.cleaned_data["label"])
    messages.success(request, f"{new.label} is started as a copy of {version.label}.")
    return redirect(new)


def version_adopt(request, pk):
    version = get_for_organisation(request, PledgeVersion, Capability.MANAGE_PLEDGE, pk=pk)
    form = AdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        adopted = call_service(
            request, form, services.version_adopt, version=version, **form.cleaned_data
        )
        if adopted is not FAILED:
            messages.success(request, f"{version.label} is now the adopted pledge.")
            return redirect(version)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": f"Adopt {version.label}",
            "caption": "The adopted version replaces the current one, which is kept as superseded.",
        },
    )


def version_compare(request, pk):
    version = get_for_organisation(request, PledgeVersion, Capability.VIEW_PLEDGE_NARRATIVES, pk=pk)
    others = PledgeVersion.objects.for_organisation(request.organisation).exclude(pk=pk)
    chosen = request.GET.get("with")
    if chosen:
        other = others.filter(pk=chosen).first() if chosen.isdigit() else None
        if other is None:
            raise Http404
    else:
        other = others.filter(pk=version.replaces_id).first()
    diffs = services.version_diff(other, version) if other else []
    return render(
        request,
        "pledges/version_compare.html",
        {
            "version": version,
            "other": other,
            "others": others,
            "diffs": [d for d in diffs if d.kind != "unchanged"],
            "unchanged": sum(1 for d in diffs if d.kind == "unchanged"),
        },
    )


# Themes and commitments --------------------------------------------------------------------


def theme_create(request, pk):
    version = get_for_organisation(request, PledgeVersion, Capability.MANAGE_PLEDGE, pk=pk)
    _editable(version)
    form = ThemeForm(
        request.POST or None, initial={"position": version.themes.count() + 1, "lead_in": "We will"}
    )
    if request.method == "POST" and form.is_valid():
        form.instance.organisation = request.organisation
        form.instance.version = version
        form.save()
        messages.success(request, f"Theme {form.instance} is added.")
        return redirect(version)
    return render(request, FORM, {"form": form, "title": "Add a theme", "caption": str(version)})


def theme_update(request, pk):
    theme = get_for_organisation(
        request, Theme.objects.select_related("version"), Capability.MANAGE_PLEDGE, pk=pk
    )
    _editable(theme.version)
    form = ThemeForm(request.POST or None, instance=theme)
    context = {"form": form, "title": f"Change theme {theme}"}
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, theme, template=FORM, context=context):
            return refused
        messages.success(request, f"Theme {theme} is saved.")
        return redirect(theme.version)
    return render(request, FORM, context)


@require_POST
def theme_delete(request, pk):
    theme = get_for_organisation(
        request, Theme.objects.select_related("version"), Capability.MANAGE_PLEDGE, pk=pk
    )
    _editable(theme.version)
    services.theme_delete(theme=theme)
    messages.success(request, f"Theme {theme} and its promises are deleted.")
    return redirect(theme.version)


def commitment_create(request, pk):
    theme = get_for_organisation(
        request, Theme.objects.select_related("version"), Capability.MANAGE_PLEDGE, pk=pk
    )
    _editable(theme.version)
    form = CommitmentForm(
        request.POST or None,
        organisation=request.organisation,
        initial={"position": theme.commitments.count() + 1},
    )
    if request.method == "POST" and form.is_valid():
        form.instance.organisation = request.organisation
        form.instance.theme = theme
        form.save()
        messages.success(request, "The promise is added.")
        return redirect(theme.version)
    return render(request, FORM, {"form": form, "title": "Add a promise", "caption": theme.title})


def commitment_update(request, pk):
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    _editable(commitment.theme.version)
    form = CommitmentForm(
        request.POST or None, instance=commitment, organisation=request.organisation
    )
    context = {"form": form, "title": "Change a promise", "caption": commitment.theme.title}
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, commitment, template=FORM, context=context):
            return refused
        messages.success(request, "The promise is saved.")
        return redirect(commitment.theme.version)
    return render(request, FORM, context)


@require_POST
def commitment_delete(request, pk):
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    if call_service(request, None, services.commitment_delete, commitment=commitment) is FAILED:
        return redirect(commitment)
    messages.success(request, "The promise is deleted.")
    return redirect(commitment.theme.version)


def commitment_detail(request, pk):
    """A commitment's whole history on one page."""
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version", "lead"),
        Capability.VIEW_PLEDGE,
        pk=pk,
    )
    membership = request.membership
    narratives = membership.can(Capability.VIEW_PLEDGE_NARRATIVES)
    updates = commitment.updates.select_related("author", "reviewed_by").prefetch_related(
        "evidence"
    )
    approved = [u for u in updates if u.state == ProgressUpdate.State.APPROVED]
    pending = []
    if membership.can(Capability.RECORD_PROGRESS) or membership.can(Capability.APPROVE_PROGRESS):
        pending = [u for u in updates if u.state != ProgressUpdate.State.APPROVED]
    return render(
        request,
        "pledges/commitment_detail.html",
        {
            "commitment": commitment,
            "approved": approved,
            "pending": pending,
            "status": approved[0].status if approved else "not_started",
            "narratives": narratives,
            "can_record": membership.can(Capability.RECORD_PROGRESS)
            and commitment.theme.version.state == PledgeVersion.State.ADOPTED,
            "can_manage": membership.can(Capability.MANAGE_PLEDGE),
            "can_approve": membership.can(Capability.APPROVE_PROGRESS),
            "changes_form": RequestChangesForm(),
        },
    )


# Actions ----------------------------------------------------------------------------------


def action_create(request, pk):
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    form = ActionForm(request.POST or None, initial={"position": commitment.actions.count() + 1})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            request,
            form,
            services.action_save,
            action=form.save(commit=False),
            commitment=commitment,
            by=request.user,
        )
        if saved is not FAILED:
            messages.success(request, "The action is added.")
            return redirect(commitment)
    return render(
        request, FORM, {"form": form, "title": "Add an action", "caption": str(commitment)}
    )


def action_update(request, pk):
    action = get_for_organisation(
        request,
        CommitmentAction.objects.select_related("commitment__theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    form = ActionForm(request.POST or None, instance=action)
    context = {"form": form, "title": "Change an action"}
    if request.method == "POST" and form.is_valid():
        refused = save_or_conflict(
            request,
            form,
            action,
            template=FORM,
            context=context,
            save=lambda: services.action_save(
                action=form.instance, commitment=action.commitment, by=request.user
            ),
        )
        if refused:
            return refused
        messages.success(request, "The action is saved.")
        return redirect(action.commitment)
    return render(request, FORM, context)


@require_POST
def action_delete(request, pk):
    action = get_for_organisation(
        request,
        CommitmentAction.objects.select_related("commitment__theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    removed = call_service(
        request,
        None,
        services.commitment_action_delete,
        action=action,
        by=request.user,
        reason=request.POST.get("reason", ""),
    )
    if removed is not FAILED:
        messages.success(request, "The action is deleted.")
    return redirect(action.commitment)


# Progress and approval ------------------------------------------------------------------------


def _save_update(request, form, commitment):
    data = form.cleaned_data
    services.progress_update_save(
        update=form.save(commit=False),
        organisation=request.organisation,
        commitment=commitment,
        by=request.user,
        evidence_title=data.get("evidence_title") or "",
        evidence_url=data.get("evidence_url") or "",
        evidence_file=data.get("evidence_file"),
        send="send" in request.POST,
    )
    if "send" in request.POST:
        messages.success(request, "The update is sent for approval.")
    else:
        messages.success(
            request, "The update is saved as a draft. Send it for approval when it is ready."
        )
    return redirect(commitment)


def update_create(request, pk):
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version"),
        Capability.RECORD_PROGRESS,
        pk=pk,
    )
    if commitment.theme.version.state != PledgeVersion.State.ADOPTED:
        raise PermissionDenied("Progress is recorded against the adopted pledge.")
    form = ProgressUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _save_update(request, form, commitment)
    return render(
        request,
        "pledges/update_form.html",
        {"form": form, "title": "Record progress", "commitment": commitment},
    )


def update_edit(request, pk):
    update = get_for_organisation(
        request,
        ProgressUpdate.objects.select_related("commitment"),
        Capability.RECORD_PROGRESS,
        pk=pk,
    )
    if update.author_id != request.user.pk and not request.membership.can(Capability.MANAGE_PLEDGE):
        raise PermissionDenied
    if not update.is_editable:
        messages.error(
            request, "This update is with an approver or approved, so it can't be changed."
        )
        return redirect(update.commitment)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, instance=update)
    template = "pledges/update_form.html"
    context = {
        "form": form,
        "title": "Change progress update",
        "commitment": update.commitment,
        "update": update,
    }
    if request.method == "POST" and form.is_valid():
        saved = []
        refused = save_or_conflict(
            request,
            form,
            update,
            template=template,
            context=context,
            save=lambda: saved.append(_save_update(request, form, update.commitment)),
        )
        return refused or saved[0]
    return render(request, template, context)


@require_POST
def update_submit(request, pk):
    update = get_for_organisation(
        request,
        ProgressUpdate.objects.select_related("commitment"),
        Capability.RECORD_PROGRESS,
        pk=pk,
    )
    submitted = call_service(
        request, None, services.progress_update_submit, update=update, by=request.user
    )
    if submitted is not FAILED:
        messages.success(request, "The update is sent for approval.")
    return redirect(update.commitment)


def _back(request, update):
    """Reviewers return to the queue they came from, or to the commitment."""
    if request.POST.get("next") == "approvals":
        return redirect("pledges:approvals")
    return redirect(update.commitment)


@require_POST
def update_approve(request, pk):
    update = get_for_organisation(
        request,
        ProgressUpdate.objects.select_related("commitment"),
        Capability.APPROVE_PROGRESS,
        pk=pk,
    )
    approved = call_service(
        request, None, services.progress_update_approve, update=update, by=request.user
    )
    if approved is not FAILED:
        messages.success(request, "The update is approved and published.")
    return redirect(
        (request.POST.get("next") == "approvals" and "pledges:approvals") or update.commitment
    )


@require_POST
def update_request_changes(request, pk):
    update = get_for_organisation(
        request,
        ProgressUpdate.objects.select_related("commitment"),
        Capability.APPROVE_PROGRESS,
        pk=pk,
    )
    form = RequestChangesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
    elif (
        call_service(
            request,
            None,
            services.progress_update_request_changes,
            update=update,
            by=request.user,
            note=form.cleaned_data["note"],
        )
        is not FAILED
    ):
        messages.success(request, "The author is asked for changes.")
    return redirect(
        (request.POST.get("next") == "approvals" and "pledges:approvals") or update.commitment
    )


@require_GET
def evidence_download(request, pk):
    """An evidence file, to those who see the update it backs: once approved, those who read
    narratives (the commitment page shows it to them); before, those who record or approve
    progress (who see pending updates). Never from a media URL (corporate_parenting.uploads)."""
    evidence = get_for_organisation(
        request, Evidence.objects.select_related("update"), Capability.VIEW_PLEDGE, pk=pk
    )
    membership = request.membership
    if evidence.update.state == ProgressUpdate.State.APPROVED:
        require(request, Capability.VIEW_PLEDGE_NARRATIVES)
    elif not (
        membership.can(Capability.RECORD_PROGRESS) or membership.can(Capability.APPROVE_PROGRESS)
    ):
        raise PermissionDenied
    if not evidence.file:
        raise Http404("This evidence is a link, not a file.")
    return file_download(evidence.file, filename=stored_name(evidence.file))


@capability_required(Capability.APPROVE_PROGRESS)
def approvals(request):
    waiting = (
        ProgressUpdate.objects.for_organisation(request.organisation)
        .filter(state=ProgressUpdate.State.SUBMITTED)
        .select_related("commitment__theme", "author")
        .prefetch_related("evidence")
        .order_by("submitted_at")
    )
    return render(
        request,
        "pledges/approvals.html",
        {"waiting": waiting, "changes_form": RequestChangesForm()},
    )


@capability_required(Capability.MANAGE_PLEDGE)
def pledge_settings(request):
    settings = PledgeSettings.for_organisation(request.organisation)
    form = PledgeSettingsForm(request.POST or None, instance=settings)
    context = {"form": form, "title": "Pledge settings"}
    if request.method == "POST" and form.is_valid():
        refused = save_or_conflict(
            request,
            form,
            settings,
            template=FORM,
            context=context,
            # Not saved until someone first saves them: then the defaults are what was loaded.
            lock=lambda: (
                PledgeSettings.objects.select_for_update()
                .filter(organisation=request.organisation)
                .first()
                or settings
            ),
        )
        if refused:
            return refused
        messages.success(request, "Pledge settings are saved.")
        return redirect("pledges:index")
    return render(request, FORM, context)


@capability_required(Capability.RECORD_PROGRESS)
def my_commitments(request):
    version = selectors.adopted_version(request.organisation)
    rows = []
    if version is not None:
        summary = selectors.pledge_summary(version)
        rows = [r for r in summary.rows if r.commitment.lead_id == request.user.pk]
    drafts = (
        ProgressUpdate.objects.for_organisation(request.organisation)
        .filter(author=request.user)
        .exclude(state=ProgressUpdate.State.APPROVED)
        .select_related("commitment")
    )
    return render(
        request, "pledges/mine.html", {"rows": rows, "drafts": drafts, "version": version}
    )

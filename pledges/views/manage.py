"""Officers' side of the pledge: versions, themes, promises (the code's Commitment) with
their actions, progress on promises and on actions, approval.

Every page has a back link to its parent (`_back_to`): a promise's page goes back to its
version for those who manage the pledge, to the pledge for everyone else."""

from dataclasses import dataclass, replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from corporate_parenting.access import capability_required, get_for_organisation, require
from corporate_parenting.concurrency import conflict_context, save_or_conflict
from corporate_parenting.roles import Capability
from corporate_parenting.uploads import file_download, stored_name
from corporate_parenting.views_helpers import FAILED, call_service

from .. import selectors, services
from ..forms import (
    ActionForm,
    ActionFormSet,
    ActionRemoveForm,
    AdoptForm,
    CommitmentForm,
    CopyVersionForm,
    PledgeSettingsForm,
    ProgressUpdateForm,
    RequestChangesForm,
    ThemeForm,
    VersionForm,
)
from ..glossary import ACTION_NUMBER_LABEL, WORDS, numbered
from ..models import (
    Commitment,
    CommitmentAction,
    Evidence,
    PledgeSettings,
    PledgeVersion,
    ProgressUpdate,
    Theme,
)
from ..selectors import ActionRow, CommitmentRow
from ..status import RULES

FORM = "form_page.html"
PROMISE_FORM = "pledges/promise_form.html"


def _back_to(url, label):
    """The back link of a page (form_page.html and the pledge templates show it)."""
    return {"url": url, "label": f"Back to {label}"}


def _back_to_pledge():
    return _back_to(reverse("pledges:index"), "the pledge")


def _back_to_version(version):
    return _back_to(version.get_absolute_url(), version.label)


def _back_to_promise(commitment):
    return _back_to(commitment.get_absolute_url(), f"the {WORDS['promise']}")


def _numbers(commitment) -> tuple[str, dict[int, str]]:
    """A promise's number ("3") and its actions' ({pk: "3.2"}), in a numbered version."""
    number = selectors.promise_numbers(commitment.theme.version).get(commitment.pk, "")
    if not number:
        return "", {}
    ids = commitment.actions.values_list("pk", flat=True)
    return number, {pk: selectors.action_number(number, i) for i, pk in enumerate(ids, 1)}


def _number_updates(updates) -> None:
    """Give each update `number` ("3") and `action_number` ("3.2"), in numbered versions:
    the approval queue and "Promises I lead" say which promise and action it is on."""
    numbers = {}
    for version in {
        u.commitment.theme.version_id: u.commitment.theme.version for u in updates
    }.values():
        numbers.update(selectors.promise_numbers(version))
    on_actions = {u.commitment_id for u in updates if u.action_id and numbers.get(u.commitment_id)}
    index, seen = {}, {}
    for commitment_id, pk in (
        CommitmentAction.objects.filter(commitment__in=on_actions)
        .order_by("commitment_id", "position", "pk")
        .values_list("commitment_id", "pk")
        if on_actions
        else []
    ):
        seen[commitment_id] = seen.get(commitment_id, 0) + 1
        index[pk] = seen[commitment_id]
    for update in updates:
        update.number = numbers.get(update.commitment_id, "")
        update.action_number = (
            selectors.action_number(update.number, index[update.action_id])
            if update.action_id in index
            else ""
        )


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
            "back": _back_to_pledge(),
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
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": "Start a pledge version",
            "back": _back_to(reverse("pledges:versions"), "pledge versions"),
        },
    )


def version_detail(request, pk):
    version = get_for_organisation(
        request,
        PledgeVersion.objects.select_related("replaces"),
        Capability.VIEW_PLEDGE_NARRATIVES,
        pk=pk,
    )
    themes = list(
        version.themes.prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("lead").prefetch_related("actions"),
            )
        )
    )
    # Numbers ("Pledge 3", "Action 3.2") when the version is numbered, from the order.
    numbers = selectors.promise_numbers(version)
    for theme in themes:
        theme.rows = list(theme.commitments.all())
        for commitment in theme.rows:
            commitment.number = numbers.get(commitment.pk, "")
            commitment.action_list = list(commitment.actions.all())
            for i, action in enumerate(commitment.action_list, start=1):
                action.number = selectors.action_number(commitment.number, i)
    untitled = selectors.is_untitled(version, themes)
    can_manage = request.membership.can(Capability.MANAGE_PLEDGE)
    # "Add a promise" for the whole version: a plan without themes ("our ten pledges") needs
    # no invented theme; the promise goes in the version's one untitled theme.
    add_promise = ""
    if untitled:
        add_promise = reverse("pledges:commitment_create", args=[themes[0].pk])
    elif not themes:
        add_promise = reverse("pledges:version_promise_create", args=[version.pk])
    return render(
        request,
        "pledges/version_detail.html",
        {
            "version": version,
            "themes": themes,
            "untitled": untitled,
            "has_promises": any(theme.rows for theme in themes),
            "add_promise": add_promise,
            "can_manage": can_manage,
            "can_edit": can_manage and version.is_editable,
            "copy_form": CopyVersionForm(initial={"label": f"{version.label} revised"}),
            "others": PledgeVersion.objects.for_organisation(request.organisation).exclude(pk=pk),
            "back": _back_to(reverse("pledges:versions"), "pledge versions"),
        },
    )


def version_update(request, pk):
    version = get_for_organisation(request, PledgeVersion, Capability.MANAGE_PLEDGE, pk=pk)
    _editable(version)
    form = VersionForm(request.POST or None, instance=version)
    context = {"form": form, "title": f"Change {version.label}", "back": _back_to_version(version)}
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
            request,
            FORM,
            {
                "form": form,
                "title": f"Start a new version from {version.label}",
                "back": _back_to_version(version),
            },
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
            "back": _back_to_version(version),
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
            "back": _back_to_version(version),
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
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": "Add a theme",
            "caption": str(version),
            "back": _back_to_version(version),
        },
    )


def theme_update(request, pk):
    theme = get_for_organisation(
        request, Theme.objects.select_related("version"), Capability.MANAGE_PLEDGE, pk=pk
    )
    _editable(theme.version)
    form = ThemeForm(request.POST or None, instance=theme)
    context = {
        "form": form,
        "title": f"Change theme {theme}",
        "back": _back_to_version(theme.version),
    }
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


@dataclass
class _PromisePage:
    """The one page for a promise and its actions (pledges/promise_form.html): adding one, or
    changing one of a draft version. Several actions on one page; "Add another action" adds
    a row without a page load where JavaScript runs (static/js/action-rows.mjs) and, without
    it, posts the page back with one more blank row, keeping everything typed."""

    request: object
    commitment: Commitment
    title: str
    caption: str
    back: dict
    theme: Theme | None = None  # where a new promise goes
    version: PledgeVersion | None = None  # ... or this version's untitled theme
    again_url: str = ""  # "Save and add another promise" goes here

    def forms(self):
        request = self.request
        data = request.POST if request.method == "POST" else None
        initial = {}
        if self.commitment.pk is None:
            theme = self.theme
            initial["position"] = (theme.commitments.count() if theme else 0) + 1
        form = CommitmentForm(
            data, instance=self.commitment, organisation=request.organisation, initial=initial
        )
        prefix = ActionFormSet.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = None  # a post of the promise alone (no rows of actions) leaves them as they are
        elif data is not None and "add_action" in data:
            data = _with_one_more_row(data, prefix)
        return form, ActionFormSet(data, instance=self.commitment)

    def render(self, form, formset, status=200, **extra):
        context = {
            "form": form,
            "formset": formset,
            "errors": extra.pop("errors", []),
            "title": self.title,
            "caption": self.caption,
            "back": self.back,
            "adding": self.commitment.pk is None,
            **extra,
        }
        return render(self.request, PROMISE_FORM, context, status=status)

    def handle(self):
        request = self.request
        form, formset = self.forms()
        if request.method != "POST":
            return self.render(form, formset)
        if "add_action" in request.POST:
            # Shown again as typed, with one more blank row: not checked yet, so no errors.
            for each in [form, formset, *formset.forms]:
                _not_checked(each)
            return self.render(form, formset)
        # Both checked, so every error shows at once.
        valid = all([form.is_valid(), formset.is_valid() if formset.is_bound else True])
        if valid:
            kept, removed = [], []
            for row in formset.forms if formset.is_bound else []:
                if row in formset.deleted_forms:
                    if row.instance.pk:  # (an action someone else removed is gone already)
                        removed.append(row.instance)
                elif row.instance.pk or row.has_changed():
                    kept.append(row)
            if self.commitment.pk is None:
                saved = call_service(
                    request,
                    form,
                    services.commitment_save_with_actions,
                    commitment=form.save(commit=False),
                    actions=[row.save(commit=False) for row in kept],
                    removed=removed,
                    by=request.user,
                    theme=self.theme,
                    version=self.version,
                )
                if saved is not FAILED:
                    return self.saved(saved, "The promise is added.")
            else:
                refused = self.save_or_conflict(form, formset, kept, removed)
                if refused is None:
                    return self.saved(self.commitment, "The promise is saved.")
                if refused is not FAILED:
                    return refused
        return self.render(form, formset, errors=_error_list(form, formset))

    def saved(self, commitment, message):
        if "another" in self.request.POST and self.again_url:
            messages.success(self.request, f"{message} Add the next one.")
            return redirect(self.again_url)
        messages.success(self.request, message)
        return redirect(commitment)

    def save_or_conflict(self, form, formset, kept, removed):
        """Like concurrency.save_or_conflict, for the promise and each of its actions: nothing
        is saved if someone else changed what this page would overwrite (409, both values
        side by side). None when saved; FAILED when a form or the service refused."""
        request = self.request
        existing = [row for row in kept if row.instance.pk]
        if not all([form.read_loaded_state(), *(row.read_loaded_state() for row in existing)]):
            return FAILED
        with transaction.atomic():
            current = Commitment.objects.select_for_update().get(pk=self.commitment.pk)
            stored = {
                a.pk: a
                for a in CommitmentAction.objects.select_for_update().filter(commitment=current)
            }
            conflicts = list(form.conflicts(current))
            for n, row in enumerate(formset.forms, start=1):
                if row in existing and row.instance.pk in stored:
                    label = f"{WORDS['action'].capital} {n}"
                    conflicts += [
                        replace(c, label=f"{label}: {c.label}")
                        for c in row.conflicts(stored[row.instance.pk])
                    ]
            if not conflicts:
                saved = call_service(
                    request,
                    form,
                    services.commitment_save_with_actions,
                    commitment=form.save(commit=False),
                    actions=[row.save(commit=False) for row in kept],
                    removed=removed,
                    by=request.user,
                )
                return FAILED if saved is FAILED else None
        form.reload_state(current)
        for row in existing:
            if row.instance.pk in stored:
                row.reload_state(stored[row.instance.pk])
        return self.render(form, formset, status=409, **conflict_context(conflicts, current))


def _with_one_more_row(data, prefix):
    """The posted page with one more (blank) row of actions."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, ""))
    except ValueError:
        return data  # the formset says the page is incomplete
    data[key] = str(min(total + 1, ActionFormSet.max_num))
    return data


def _not_checked(form):
    """Show a bound form (or formset) as typed, without checking it: no errors yet."""
    from django.forms.utils import ErrorDict, ErrorList

    if hasattr(form, "management_form"):
        form._errors, form._non_form_errors = [], ErrorList()
    else:
        form._errors = ErrorDict()


def _error_list(form, formset) -> list[tuple[str, str]]:
    """(message, #anchor) for the page's error summary: the promise's, then each action's
    ("Action 2: Say what will be done"), each linking to its field."""
    errors = []

    def add(each, prefix=""):
        first = next(iter(each.visible_fields()), None)
        for name, messages_ in each.errors.items():
            field = each[name] if name in each.fields and not each[name].is_hidden else first
            anchor = f"#{field.id_for_label}" if field is not None else ""
            errors.extend((f"{prefix}{message}", anchor) for message in messages_)

    add(form)
    for n, row in enumerate(formset.forms, start=1):
        add(row, f"{WORDS['action'].capital} {n}: ")
    errors.extend((message, "") for message in formset.non_form_errors())
    return errors


def commitment_create(request, pk):
    """Add a promise, with its actions, to a theme."""
    theme = get_for_organisation(
        request, Theme.objects.select_related("version"), Capability.MANAGE_PLEDGE, pk=pk
    )
    _editable(theme.version)
    return _PromisePage(
        request,
        Commitment(organisation=request.organisation, theme=theme),
        title="Add a promise",
        caption=theme.title or str(theme.version),
        back=_back_to_version(theme.version),
        theme=theme,
        again_url=reverse("pledges:commitment_create", args=[theme.pk]),
    ).handle()


def version_promise_create(request, pk):
    """Add a promise to a version without themes: it goes in the version's one untitled
    theme, made when the first promise is saved."""
    version = get_for_organisation(request, PledgeVersion, Capability.MANAGE_PLEDGE, pk=pk)
    _editable(version)
    themes = list(version.themes.all())
    if themes and not selectors.is_untitled(version, themes):
        messages.error(request, "This version has themes: add the promise to one of them.")
        return redirect(version)
    return _PromisePage(
        request,
        Commitment(organisation=request.organisation),
        title="Add a promise",
        caption=str(version),
        back=_back_to_version(version),
        theme=themes[0] if themes else None,
        version=version,
        again_url=reverse("pledges:version_promise_create", args=[version.pk]),
    ).handle()


def commitment_update(request, pk):
    """Change a promise of a draft version and its actions, on one page."""
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    _editable(commitment.theme.version)
    return _PromisePage(
        request,
        commitment,
        title="Change a promise",
        caption=commitment.theme.title or str(commitment.theme.version),
        back=_back_to_promise(commitment),
    ).handle()


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


@dataclass
class ActionEntry:
    """One action on its promise's page: its status, its approved history (newest first)."""

    row: ActionRow
    history: list

    @property
    def action(self):
        return self.row.action

    @property
    def number(self):
        return self.row.number

    @property
    def status(self):
        return self.row.status


def commitment_detail(request, pk):
    """A promise's whole history on one page: its status (derived from its actions when they
    have progress, with the coverage and the rule), its actions, each with its own status,
    history and "Record progress", and what is not yet published."""
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version", "lead"),
        Capability.VIEW_PLEDGE,
        pk=pk,
    )
    version = commitment.theme.version
    membership = request.membership
    narratives = membership.can(Capability.VIEW_PLEDGE_NARRATIVES)
    can_manage = membership.can(Capability.MANAGE_PLEDGE)
    updates = list(
        commitment.updates.select_related("author", "reviewed_by", "action").prefetch_related(
            "evidence"
        )
    )
    approved = [u for u in updates if u.state == ProgressUpdate.State.APPROVED]
    pending = []
    if membership.can(Capability.RECORD_PROGRESS) or membership.can(Capability.APPROVE_PROGRESS):
        pending = [u for u in updates if u.state != ProgressUpdate.State.APPROVED]
    number, action_numbers = _numbers(commitment)
    own = [u for u in approved if u.action_id is None]  # newest first (Meta.ordering)
    entries = []
    for action in commitment.actions.all():
        history = [u for u in approved if u.action_id == action.pk]
        row = ActionRow(action, history[0] if history else None, action_numbers.get(action.pk, ""))
        entries.append(ActionEntry(row, history))
    row = CommitmentRow(
        commitment,
        own[0] if own else None,
        is_stale=False,
        actions=[entry.row for entry in entries],
        number=number,
    )
    for update in pending:
        update.action_number = action_numbers.get(update.action_id, "")
    show_owners = narratives or (
        PledgeSettings.for_organisation(request.organisation).show_action_owners
    )
    can_record = (
        membership.can(Capability.RECORD_PROGRESS)
        and version.state == PledgeVersion.State.ADOPTED
        and not commitment.is_withdrawn
    )
    back = _back_to_version(version) if can_manage else _back_to_pledge()
    return render(
        request,
        "pledges/commitment_detail.html",
        {
            "commitment": commitment,
            "version": version,
            "number": number,
            "row": row,
            "approved": own,
            "entries": entries,
            "pending": pending,
            "status": row.status,
            "coverage": row.coverage,
            "by_actions": row.by_actions,
            "rules": RULES,
            "narratives": narratives,
            "show_owners": show_owners,
            "can_record": can_record,
            "can_manage": can_manage,
            "can_edit": can_manage and version.is_editable,
            # Actions of an adopted version change one by one, on the record.
            "can_change_actions": can_manage
            and version.state != PledgeVersion.State.SUPERSEDED
            and not commitment.is_withdrawn,
            "can_approve": membership.can(Capability.APPROVE_PROGRESS),
            "changes_form": RequestChangesForm(),
            "back": back,
        },
    )


# Actions ----------------------------------------------------------------------------------


def _actions_changeable(commitment):
    """A draft's actions change on the promise's page, an adopted version's one by one (on
    the record); a superseded version and a withdrawn promise are fixed."""
    if commitment.theme.version.state == PledgeVersion.State.SUPERSEDED:
        raise PermissionDenied("A superseded pledge is the record of what was promised.")
    if commitment.is_withdrawn:
        raise PermissionDenied("This promise is withdrawn: its actions can't change.")


def _on_record(commitment):
    return commitment.theme.version.state == PledgeVersion.State.ADOPTED


def _action_caption(commitment, number=""):
    label = numbered(ACTION_NUMBER_LABEL, number)
    return f"{label} · {commitment}" if label else str(commitment)


def action_create(request, pk):
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    _actions_changeable(commitment)
    form = ActionForm(
        request.POST or None,
        initial={"position": commitment.actions.count() + 1},
        on_record=_on_record(commitment),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            request,
            form,
            services.action_save,
            action=form.save(commit=False),
            commitment=commitment,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
        if saved is not FAILED:
            messages.success(request, "The action is added.")
            return redirect(commitment)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": "Add an action",
            "caption": str(commitment),
            "back": _back_to_promise(commitment),
        },
    )


def action_update(request, pk):
    action = get_for_organisation(
        request,
        CommitmentAction.objects.select_related("commitment__theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    commitment = action.commitment
    _actions_changeable(commitment)
    form = ActionForm(request.POST or None, instance=action, on_record=_on_record(commitment))
    _number, action_numbers = _numbers(commitment)
    context = {
        "form": form,
        "title": "Change an action",
        "caption": _action_caption(commitment, action_numbers.get(action.pk, "")),
        "back": _back_to_promise(commitment),
    }
    if request.method == "POST" and form.is_valid():
        refused = save_or_conflict(
            request,
            form,
            action,
            template=FORM,
            context=context,
            save=lambda: services.action_save(
                action=form.instance,
                commitment=commitment,
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
            ),
        )
        if refused:
            return refused
        messages.success(request, "The action is saved.")
        return redirect(commitment)
    return render(request, FORM, context)


def action_delete(request, pk):
    """Remove an action, after a confirmation that, on an adopted version, asks why."""
    action = get_for_organisation(
        request,
        CommitmentAction.objects.select_related("commitment__theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    commitment = action.commitment
    _actions_changeable(commitment)
    on_record = _on_record(commitment)
    form = ActionRemoveForm(request.POST if request.method == "POST" else None, on_record=on_record)
    if request.method == "POST" and form.is_valid():
        removed = call_service(
            request,
            form,
            services.commitment_action_delete,
            field="reason" if on_record else None,
            action=action,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
        if removed is not FAILED:
            messages.success(request, "The action is removed.")
            return redirect(commitment)
    _number, action_numbers = _numbers(commitment)
    return render(
        request,
        "pledges/action_delete.html",
        {
            "form": form,
            "action": action,
            "on_record": on_record,
            "title": "Remove this action?",
            "caption": _action_caption(commitment, action_numbers.get(action.pk, "")),
            "back": _back_to_promise(commitment),
        },
    )


# Progress and approval ------------------------------------------------------------------------


def _save_update(request, form, commitment, action=None):
    """Save the update (a redirect to its promise), or FAILED with the reason on the form."""
    data = form.cleaned_data
    saved = call_service(
        request,
        form,
        services.progress_update_save,
        update=form.save(commit=False),
        organisation=request.organisation,
        commitment=commitment,
        action=action,
        by=request.user,
        evidence_title=data.get("evidence_title") or "",
        evidence_url=data.get("evidence_url") or "",
        evidence_file=data.get("evidence_file"),
        send="send" in request.POST,
    )
    if saved is FAILED:
        return FAILED
    if "send" in request.POST:
        messages.success(request, "The update is sent for approval.")
    else:
        messages.success(
            request, "The update is saved as a draft. Send it for approval when it is ready."
        )
    return redirect(commitment)


def _update_page(request, form, commitment, *, action=None, update=None, title):
    _number, action_numbers = _numbers(commitment) if action else ("", {})
    return {
        "form": form,
        "title": title,
        "commitment": commitment,
        "action": action,
        "action_number": action_numbers.get(action.pk, "") if action else "",
        "update": update,
        "back": _back_to_promise(commitment),
    }


def update_create(request, pk):
    """Record progress on a promise (one without actions: with actions, on each action)."""
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version"),
        Capability.RECORD_PROGRESS,
        pk=pk,
    )
    return _record_progress(request, commitment)


def action_update_create(request, pk):
    """Record progress on one action of a promise: the same draft, send, approve workflow."""
    action = get_for_organisation(
        request,
        CommitmentAction.objects.select_related("commitment__theme__version"),
        Capability.RECORD_PROGRESS,
        pk=pk,
    )
    return _record_progress(request, action.commitment, action=action)


def _record_progress(request, commitment, action=None):
    if commitment.theme.version.state != PledgeVersion.State.ADOPTED:
        raise PermissionDenied("Progress is recorded against the adopted pledge.")
    if commitment.is_withdrawn:
        messages.error(request, "This promise is withdrawn: no more progress is recorded on it.")
        return redirect(commitment)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        saved = _save_update(request, form, commitment, action)
        if saved is not FAILED:
            return saved
    return render(
        request,
        "pledges/update_form.html",
        _update_page(request, form, commitment, action=action, title="Record progress"),
    )


def update_edit(request, pk):
    update = get_for_organisation(
        request,
        ProgressUpdate.objects.select_related("commitment__theme__version", "action"),
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
    context = _update_page(
        request,
        form,
        update.commitment,
        action=update.action,
        update=update,
        title="Change progress update",
    )
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
        if refused:
            return refused
        if saved[0] is not FAILED:
            return saved[0]
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
    waiting = list(
        ProgressUpdate.objects.for_organisation(request.organisation)
        .filter(state=ProgressUpdate.State.SUBMITTED)
        .select_related("commitment__theme__version", "action", "author")
        .prefetch_related("evidence")
        .order_by("submitted_at")
    )
    _number_updates(waiting)
    return render(
        request,
        "pledges/approvals.html",
        {"waiting": waiting, "changes_form": RequestChangesForm(), "back": _back_to_pledge()},
    )


@capability_required(Capability.MANAGE_PLEDGE)
def pledge_settings(request):
    settings = PledgeSettings.for_organisation(request.organisation)
    form = PledgeSettingsForm(request.POST or None, instance=settings)
    context = {"form": form, "title": "Pledge settings", "back": _back_to_pledge()}
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
    drafts = list(
        ProgressUpdate.objects.for_organisation(request.organisation)
        .filter(author=request.user)
        .exclude(state=ProgressUpdate.State.APPROVED)
        .select_related("commitment__theme__version", "action")
    )
    _number_updates(drafts)
    return render(
        request,
        "pledges/mine.html",
        {"rows": rows, "drafts": drafts, "version": version, "back": _back_to_pledge()},
    )

"""Writes to the pledge: versions (copy, adopt, compare) and the progress workflow."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import (
    Commitment,
    CommitmentAction,
    Evidence,
    PledgeVersion,
    ProgressUpdate,
    Theme,
    VersionChange,
)


def bump_generation(version_id: int) -> None:
    """Mark everything derived from `version` as out of date (pledges/cache.py keys on it).
    Called inside the transaction of the change, so no reader sees the change with the old
    generation. An UPDATE, not a save: the audit trail records the change itself, not this."""
    PledgeVersion.objects.filter(pk=version_id).update(generation=F("generation") + 1)


def bump_generation_of_commitment(commitment_id: int) -> None:
    PledgeVersion.objects.filter(themes__commitments__pk=commitment_id).update(
        generation=F("generation") + 1
    )


@transaction.atomic
def version_copy(*, version: PledgeVersion, label: str) -> PledgeVersion:
    """A new draft that starts as a copy of `version`, keeping each theme's and commitment's
    lineage so the two can be compared."""
    new = PledgeVersion.objects.create(
        organisation=version.organisation,
        title=version.title,
        label=label,
        introduction=version.introduction,
        replaces=version,
    )
    for theme in version.themes.prefetch_related("commitments__actions"):
        new_theme = Theme.objects.create(
            organisation=version.organisation,
            version=new,
            title=theme.title,
            lead_in=theme.lead_in,
            position=theme.position,
            lineage=theme.lineage,
        )
        for commitment in theme.commitments.all():
            copy = Commitment.objects.create(
                organisation=version.organisation,
                theme=new_theme,
                position=commitment.position,
                wording=commitment.wording,
                young_people_wording=commitment.young_people_wording,
                lead=commitment.lead,
                partners=commitment.partners,
                target=commitment.target,
                due_date=commitment.due_date,
                lineage=commitment.lineage,
            )
            for action in commitment.actions.all():
                CommitmentAction.objects.create(
                    organisation=version.organisation,
                    commitment=copy,
                    description=action.description,
                    owner=action.owner,
                    timeline=action.timeline,
                    links=action.links,
                    expected_outcome=action.expected_outcome,
                    position=action.position,
                )
    return new


@transaction.atomic
def version_adopt(*, version: PledgeVersion, adopted_on, adopted_by: str, review_date=None):
    """Adopt `version`: the adopted one before it becomes superseded. One adopted at a time."""
    if version.state not in (PledgeVersion.State.DRAFT, PledgeVersion.State.CONSULTATION):
        raise ValidationError(f"A {version.get_state_display().lower()} version cannot be adopted.")
    if not version.themes.filter(commitments__isnull=False).exists():
        raise ValidationError("A pledge needs at least one promise before it is adopted.")
    current = (
        PledgeVersion.objects.select_for_update()
        .for_organisation(version.organisation)
        .adopted()
        .first()
    )
    if current is not None:
        current.state = PledgeVersion.State.SUPERSEDED
        current.save(update_fields=["state"])
    version.state = PledgeVersion.State.ADOPTED
    version.adopted_on = adopted_on
    version.adopted_by = adopted_by
    version.review_date = review_date
    if version.replaces is None and current is not None:
        version.replaces = current
    version.save()
    if current is not None:
        bump_generation(current.pk)
    bump_generation(version.pk)
    return version


@dataclass
class CommitmentDiff:
    kind: str  # "added", "removed", "reworded", "moved", "unchanged"
    old: Commitment | None
    new: Commitment | None

    @property
    def theme_title(self):
        return (self.new or self.old).theme.title


def version_diff(old: PledgeVersion, new: PledgeVersion) -> list[CommitmentDiff]:
    """Commitments added, removed, reworded or moved to another theme between two versions,
    matched by lineage (kept when a version is copied)."""

    def by_lineage(version):
        return {
            c.lineage: c for c in Commitment.objects.in_version(version).select_related("theme")
        }

    before, after = by_lineage(old), by_lineage(new)
    diffs = []
    for lineage, commitment in after.items():
        previous = before.get(lineage)
        if previous is None:
            kind = "added"
        elif previous.wording.strip() != commitment.wording.strip() or (
            previous.young_people_wording.strip() != commitment.young_people_wording.strip()
        ):
            kind = "reworded"
        elif previous.theme.lineage != commitment.theme.lineage:
            kind = "moved"
        else:
            kind = "unchanged"
        diffs.append(CommitmentDiff(kind, previous, commitment))
    diffs += [
        CommitmentDiff("removed", c, None) for lineage, c in before.items() if lineage not in after
    ]
    order = {"added": 0, "reworded": 1, "moved": 2, "removed": 3, "unchanged": 4}
    return sorted(diffs, key=lambda d: (order[d.kind], d.theme_title))


# Themes and promises ----------------------------------------------------------------------


@transaction.atomic
def theme_delete(*, theme: Theme) -> None:
    """Delete a theme and its promises."""
    if not theme.version.is_editable:
        raise ValidationError("An adopted pledge's themes are fixed: start a new version.")
    for commitment in theme.commitments.all():
        commitment.delete()  # one by one, so each delete is in the audit trail
    theme.delete()
    bump_generation(theme.version_id)


def commitment_delete(*, commitment: Commitment) -> None:
    """Only while the version is a draft or in consultation: a promise of an adopted pledge
    is withdrawn instead (commitment_withdraw), so the record keeps it."""
    version = commitment.theme.version
    if not version.is_editable:
        raise ValidationError(
            "A promise of an adopted pledge can't be deleted. Withdraw it, with a reason."
        )
    commitment.delete()
    bump_generation(version.pk)


@transaction.atomic
def commitment_withdraw(*, commitment: Commitment, reason: str, by) -> Commitment:
    """Withdraw a promise of an adopted version, with a reason, on the version's record. It
    stays listed (as withdrawn) and leaves every roll-up."""
    commitment = (
        Commitment.objects.select_for_update()
        .select_related("theme__version")
        .get(pk=commitment.pk)
    )
    version = commitment.theme.version
    if version.state != PledgeVersion.State.ADOPTED:
        raise ValidationError(
            "Only a promise of the adopted pledge is withdrawn. Delete it instead."
        )
    if commitment.withdrawn_at is not None:
        raise ValidationError("This promise is already withdrawn.")
    if not reason.strip():
        raise ValidationError("Say why the promise is withdrawn.")
    commitment.withdrawn_at = timezone.now()
    commitment.withdrawn_reason = reason.strip()
    commitment.withdrawn_by = by
    commitment.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_by"])
    _record(
        version,
        commitment,
        VersionChange.Kind.PROMISE_WITHDRAWN,
        commitment.wording,
        by,
        reason=commitment.withdrawn_reason,
    )
    return commitment


def untitled_theme(version: PledgeVersion) -> Theme:
    """The one theme with no title of a plan without themes ("our ten pledges"): the
    version's untitled theme, created when it has no theme yet."""
    theme = version.themes.filter(title="").first()
    if theme is not None:
        return theme
    if version.themes.exists():
        raise ValidationError("This version has themes: add the promise to one of them.")
    return Theme.objects.create(
        organisation=version.organisation, version=version, title="", lead_in="", position=1
    )


@transaction.atomic
def commitment_save_with_actions(
    *,
    commitment: Commitment,
    actions: list[CommitmentAction],
    removed: list[CommitmentAction] = (),
    by,
    theme: Theme | None = None,
    version: PledgeVersion | None = None,
) -> Commitment:
    """Save a promise and its actions, as entered on one page (each unsaved), in one
    transaction: `actions` in their order on the page, `removed` deleted. A new promise goes in
    `theme`, or in `version`'s untitled theme. Only while the version is a draft or in
    consultation: an adopted pledge's actions change one by one, on the record."""
    if commitment.pk is None:
        theme = theme or untitled_theme(version)
        commitment.theme = theme
        commitment.organisation = theme.organisation
    version = commitment.theme.version
    if not version.is_editable:
        raise ValidationError("An adopted pledge's wording is fixed: start a new version.")
    commitment.save()
    for action in removed:
        if action.commitment_id != commitment.pk:
            raise ValidationError("That action belongs to another promise.")
        commitment_action_delete(action=action, by=by)
    for position, action in enumerate(actions, start=1):
        action.position = position
        action_save(action=action, commitment=commitment, by=by)
    bump_generation(version.pk)
    return commitment


# Actions ----------------------------------------------------------------------------------

ACTION_FIELDS = ("description", "owner", "timeline", "links", "expected_outcome")


def _record(version, commitment, kind, summary, by, reason=""):
    """On an adopted version, every change is written down (VersionChange)."""
    bump_generation(version.pk)
    if version.state != PledgeVersion.State.ADOPTED:
        return None
    return VersionChange.objects.create(
        organisation=version.organisation,
        version=version,
        commitment=commitment,
        kind=kind,
        summary=summary,
        reason=reason,
        by=by,
    )


def _describe_changes(before: dict, action: CommitmentAction) -> str:
    labels = {name: CommitmentAction._meta.get_field(name).verbose_name for name in ACTION_FIELDS}
    parts = []
    for name in ACTION_FIELDS:
        old, new = before.get(name, ""), getattr(action, name)
        if old != new:
            parts.append(
                f"{labels[name].capitalize()}: “{old or '(blank)'}” → “{new or '(blank)'}”"
            )
    return "; ".join(parts)


@transaction.atomic
def action_save(*, action: CommitmentAction, commitment: Commitment, by, reason: str = ""):
    """Add or change an action (its fields as entered, unsaved). On an adopted version the
    change goes on the record: added, or what changed from what to what."""
    version = commitment.theme.version
    if version.state == PledgeVersion.State.SUPERSEDED:
        raise ValidationError(
            "A superseded pledge is the record of what was promised: it is fixed."
        )
    if commitment.withdrawn_at is not None:
        raise ValidationError("This promise is withdrawn: its actions can't change.")
    action.organisation = commitment.organisation
    action.commitment = commitment
    before = None
    if action.pk:
        before = CommitmentAction.objects.filter(pk=action.pk).values(*ACTION_FIELDS).first() or {}
    elif not action.position:
        action.position = commitment.actions.count() + 1
    action.save()
    if before is None:
        _record(
            version, commitment, VersionChange.Kind.ACTION_ADDED, action.description, by, reason
        )
    else:
        described = _describe_changes(before, action)
        if described:
            _record(
                version,
                commitment,
                VersionChange.Kind.ACTION_CHANGED,
                f"{action.description}. {described}",
                by,
                reason,
            )
    return action


@transaction.atomic
def commitment_action_delete(*, action: CommitmentAction, by, reason: str = "") -> None:
    """Remove an action. On an adopted version the removal goes on the record with what the
    action said (its progress history goes with it, so say why)."""
    commitment = action.commitment
    version = commitment.theme.version
    if version.state == PledgeVersion.State.SUPERSEDED:
        raise ValidationError(
            "A superseded pledge is the record of what was promised: it is fixed."
        )
    if version.state == PledgeVersion.State.ADOPTED and not reason.strip():
        raise ValidationError("Say why the action is removed from the adopted pledge.")
    summary = action.description
    action.delete()
    _record(version, commitment, VersionChange.Kind.ACTION_REMOVED, summary, by, reason.strip())


# Progress workflow ------------------------------------------------------------------------


@transaction.atomic
def progress_update_save(
    *,
    update: ProgressUpdate,
    organisation,
    commitment: Commitment,
    by,
    action: CommitmentAction | None = None,
    evidence_title: str = "",
    evidence_url: str = "",
    evidence_file=None,
    send: bool = False,
) -> ProgressUpdate:
    """Save a new or changed progress update on `commitment` (its fields as entered, unsaved:
    a form's save(commit=False)), with a piece of evidence when it is given a title, and send
    it for approval when `send`. The author stays whoever wrote it first."""
    if action is not None and action.commitment_id != commitment.pk:
        raise ValidationError("That action belongs to another promise.")
    if commitment.withdrawn_at is not None:
        raise ValidationError("This promise is withdrawn: no more progress is recorded on it.")
    update.organisation = organisation
    update.commitment = commitment
    if update.pk is None:
        update.action = action
    update.author = update.author or by
    update.save()
    if evidence_title:
        Evidence.objects.create(
            organisation=organisation,
            update=update,
            title=evidence_title,
            url=evidence_url or "",
            file=evidence_file,
        )
    if send:
        progress_update_submit(update=update, by=by)
    return update


def progress_update_submit(*, update: ProgressUpdate, by) -> ProgressUpdate:
    if not update.is_editable:
        raise ValidationError(
            "Only a draft, or one with changes requested, can be sent for approval."
        )
    update.state = ProgressUpdate.State.SUBMITTED
    update.submitted_at = timezone.now()
    update.save(update_fields=["state", "submitted_at"])
    return update


def _review(update: ProgressUpdate, by):
    if update.state != ProgressUpdate.State.SUBMITTED:
        raise ValidationError("Only an update waiting for approval can be reviewed.")
    if update.author_id == by.pk:
        raise ValidationError("Someone else must approve your own update.")


@transaction.atomic
def progress_update_approve(*, update: ProgressUpdate, by) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    _review(update, by)
    update.state = ProgressUpdate.State.APPROVED
    update.reviewed_by = by
    update.approved_at = timezone.now()
    update.save(update_fields=["state", "reviewed_by", "approved_at"])
    bump_generation_of_commitment(update.commitment_id)
    return update


@transaction.atomic
def progress_update_request_changes(*, update: ProgressUpdate, by, note: str) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    _review(update, by)
    if not note.strip():
        raise ValidationError("Say what needs to change.")
    update.state = ProgressUpdate.State.CHANGES_REQUESTED
    update.reviewed_by = by
    update.review_note = note.strip()
    update.save(update_fields=["state", "reviewed_by", "review_note"])
    return update

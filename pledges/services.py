"""Writes to the pledge: versions (copy, adopt, compare) and the progress workflow."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import (
    Commitment,
    CommitmentAction,
    Evidence,
    PledgeVersion,
    ProgressUpdate,
    Theme,
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
        raise ValidationError("A pledge needs at least one commitment before it is adopted.")
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
    for commitment in theme.commitments.all():
        commitment.delete()  # one by one, so each delete is in the audit trail
    theme.delete()


def commitment_delete(*, commitment: Commitment) -> None:
    commitment.delete()


def commitment_action_delete(*, action: CommitmentAction) -> None:
    action.delete()


# Progress workflow ------------------------------------------------------------------------


@transaction.atomic
def progress_update_save(
    *,
    update: ProgressUpdate,
    organisation,
    commitment: Commitment,
    by,
    evidence_title: str = "",
    evidence_url: str = "",
    evidence_file=None,
    send: bool = False,
) -> ProgressUpdate:
    """Save a new or changed progress update on `commitment` (its fields as entered, unsaved:
    a form's save(commit=False)), with a piece of evidence when it is given a title, and send
    it for approval when `send`. The author stays whoever wrote it first."""
    update.organisation = organisation
    update.commitment = commitment
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

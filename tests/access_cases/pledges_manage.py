"""Access cases for the pledge's management views (pledges/views/manage.py)."""

from django.core.files.base import ContentFile
from django.urls import reverse

from corporate_parenting.roles import Capability, Role, roles_with
from pledges.models import Evidence, PledgeVersion, ProgressUpdate

from ..access import AccessCase
from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
    UserFactory,
    pdf_bytes,
)


def _draft(w):
    return PledgeVersionFactory(organisation=w.organisation)


def _draft_theme(w):
    return ThemeFactory(version=_draft(w))


def _draft_commitment(w):
    return CommitmentFactory(theme=_draft_theme(w))


def _adopted_commitment(w):
    version = PledgeVersion.objects.for_organisation(w.organisation).adopted().first()
    version = version or PledgeVersionFactory(organisation=w.organisation, adopted=True)
    return CommitmentFactory(theme=ThemeFactory(version=version))


def _adopted_action(w):
    return CommitmentActionFactory(commitment=_adopted_commitment(w))


def _promise_with_actions(w):
    return {
        "wording": "We will listen",
        "position": "1",
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-0-description": "Run a workshop",
        "actions-1-description": "",
    }


def _update(w, state):
    return ProgressUpdateFactory(
        commitment=_adopted_commitment(w), state=state, approved_at=None, author=UserFactory()
    )


def _evidence(state):
    def make(w):
        update = ProgressUpdateFactory(commitment=_adopted_commitment(w), state=state)
        evidence = Evidence(organisation=w.organisation, update=update, title="Survey summary")
        evidence.file.save("survey.pdf", ContentFile(pdf_bytes()), save=True)
        return evidence

    return make


def url(name, make=None):
    if make is None:
        return lambda w: reverse(f"pledges:{name}")
    return lambda w: reverse(f"pledges:{name}", args=[make(w).pk])


MANAGE, NARRATIVES = Capability.MANAGE_PLEDGE, Capability.VIEW_PLEDGE_NARRATIVES
RECORD, APPROVE = Capability.RECORD_PROGRESS, Capability.APPROVE_PROGRESS

# Evidence files: as the commitment page shows them. Approved: who reads narratives; pending:
# who records or approves progress.
SEES_PENDING = roles_with(Capability.RECORD_PROGRESS) | roles_with(Capability.APPROVE_PROGRESS)

CASES = [
    AccessCase("pledges:versions", url("versions"), NARRATIVES),
    AccessCase("pledges:version_create", url("version_create"), MANAGE),
    AccessCase(
        "pledges:version_create (save)",
        url("version_create"),
        MANAGE,
        method="post",
        data={"title": "Our Pledge", "label": "2026", "state": "draft"},
    ),
    AccessCase("pledges:version", url("version", _draft), NARRATIVES, object_view=True),
    AccessCase("pledges:version_update", url("version_update", _draft), MANAGE, object_view=True),
    AccessCase(
        "pledges:version_copy",
        url("version_copy", _draft),
        MANAGE,
        method="post",
        data={"label": "Copy"},
        object_view=True,
    ),
    AccessCase("pledges:version_adopt", url("version_adopt", _draft), MANAGE, object_view=True),
    AccessCase(
        "pledges:version_adopt (adopt)",
        url("version_adopt", lambda w: _draft_commitment(w).theme.version),
        MANAGE,
        method="post",
        data={"adopted_on": "2026-01-10", "adopted_by": "Full Council"},
        object_view=True,
    ),
    AccessCase(
        "pledges:version_compare", url("version_compare", _draft), NARRATIVES, object_view=True
    ),
    AccessCase("pledges:theme_create", url("theme_create", _draft), MANAGE, object_view=True),
    AccessCase("pledges:theme_update", url("theme_update", _draft_theme), MANAGE, object_view=True),
    AccessCase(
        "pledges:theme_delete",
        url("theme_delete", _draft_theme),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "pledges:commitment_create",
        url("commitment_create", _draft_theme),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:commitment_create (save, with actions)",
        url("commitment_create", _draft_theme),
        MANAGE,
        method="post",
        data=_promise_with_actions,
        object_view=True,
    ),
    AccessCase(
        "pledges:version_promise_create",
        url("version_promise_create", _draft),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:version_promise_create (save)",
        url("version_promise_create", _draft),
        MANAGE,
        method="post",
        data=_promise_with_actions,
        object_view=True,
    ),
    AccessCase(
        "pledges:commitment",
        url("commitment", _adopted_commitment),
        Capability.VIEW_PLEDGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:commitment_update",
        url("commitment_update", _draft_commitment),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:commitment_delete",
        url("commitment_delete", _draft_commitment),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "pledges:action_create", url("action_create", _adopted_commitment), MANAGE, object_view=True
    ),
    AccessCase(
        "pledges:action_update",
        url("action_update", lambda w: CommitmentActionFactory(commitment=_adopted_commitment(w))),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:action_delete (confirm)",
        url("action_delete", _adopted_action),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:action_delete",
        url("action_delete", _adopted_action),
        MANAGE,
        method="post",
        data={"reason": "Merged into action 1."},
        object_view=True,
    ),
    AccessCase(
        "pledges:action_update_create",
        url("action_update_create", _adopted_action),
        RECORD,
        object_view=True,
    ),
    AccessCase(
        "pledges:action_update_create (save)",
        url("action_update_create", _adopted_action),
        RECORD,
        method="post",
        data={"as_of": "2026-01-10", "status": "on_track", "narrative": "Going well."},
        object_view=True,
    ),
    AccessCase(
        "pledges:update_create", url("update_create", _adopted_commitment), RECORD, object_view=True
    ),
    AccessCase(
        "pledges:update_create (save)",
        url("update_create", _adopted_commitment),
        RECORD,
        method="post",
        data={"as_of": "2026-01-10", "status": "on_track", "narrative": "Going well."},
        object_view=True,
    ),
    # Only the author, or someone who manages the pledge, may change a draft.
    AccessCase(
        "pledges:update_edit",
        url("update_edit", lambda w: _update(w, ProgressUpdate.State.DRAFT)),
        [Role.ADMINISTRATOR, Role.OFFICER],
        object_view=True,
    ),
    AccessCase(
        "pledges:update_submit",
        url("update_submit", lambda w: _update(w, ProgressUpdate.State.DRAFT)),
        RECORD,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "pledges:update_approve",
        url("update_approve", lambda w: _update(w, ProgressUpdate.State.SUBMITTED)),
        APPROVE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "pledges:update_request_changes",
        url("update_request_changes", lambda w: _update(w, ProgressUpdate.State.SUBMITTED)),
        APPROVE,
        method="post",
        data={"note": "Add this quarter's figures."},
        object_view=True,
    ),
    AccessCase("pledges:approvals", url("approvals"), APPROVE),
    AccessCase("pledges:mine", url("mine"), RECORD),
    AccessCase("pledges:settings", url("settings"), MANAGE),
    AccessCase(
        "pledges:settings (save)",
        url("settings"),
        MANAGE,
        method="post",
        data={"update_interval_weeks": 8},
    ),
    AccessCase(
        "pledges:evidence_download",
        url("evidence_download", _evidence(ProgressUpdate.State.APPROVED)),
        Capability.VIEW_PLEDGE_NARRATIVES,
        object_view=True,
    ),
    AccessCase(
        "pledges:evidence_download (pending)",
        url("evidence_download", _evidence(ProgressUpdate.State.SUBMITTED)),
        SEES_PENDING,
        object_view=True,
    ),
]

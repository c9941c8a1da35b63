"""Writes of the action log. Objects are saved one by one: the audit trail listens to signals."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Action, ActionUpdate


@transaction.atomic
def action_create(*, meeting, item, description, owner_name, owner=None, due_date=None):
    """Record an action arising from `item` of `meeting`."""
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError("The item must be on this meeting's agenda.")
    action = Action(
        organisation_id=meeting.organisation_id,
        board_id=meeting.board_id,
        meeting=meeting,
        item=item,
        description=description.strip(),
        owner_name=owner_name.strip(),
        owner=owner,
        due_date=due_date,
        from_exempt=bool(item and item.exempt),
    )
    action.save()
    return action


@transaction.atomic
def action_update_create(*, action, text, status, by):
    """Add an update to the action's history and set its status."""
    if status not in Action.Status.values:
        raise ValidationError("Select one of the statuses.")
    update = ActionUpdate(
        organisation_id=action.organisation_id,
        action=action,
        text=text.strip(),
        status=status,
        by=by,
    )
    update.save()
    if action.status != status:
        action.status = status
        action.save(update_fields=["status"])
    return update

"""One guard against lost updates, shared by every edit form of a shared object.

Two people open the same form; the first saves; without a guard the second save would
silently put back what the first replaced. So:

- `EditGuardMixin` gives a form a hidden `loaded_state` field: a signed map of
  {field name: short hash of the value as the form was loaded}. It is computed when the form
  is first shown, from `initial` (a ModelForm's `initial` comes from its instance; plain
  forms get theirs from the object in the view).
- On POST the view calls `save_or_conflict()`. Inside one transaction it re-reads the object
  with `select_for_update()`, asks the form for the object's current values
  (`form.state_of(obj)`) and compares. A field is a conflict when someone changed it since
  the form was loaded *and* what this person posts differs from what is stored now: then
  nothing is saved and the page answers 409 with the same form, still holding everything
  they typed, a fresh `loaded_state` (so saving again knowingly overwrites), and the panel
  (`concurrency/_conflict_panel.html`) with both values side by side and who saved last.
- A field someone else changed that this person posts unchanged from the current value is
  not a conflict (both agree). A field this person did not touch but someone else changed
  *is* a conflict when the form would put back the old value: the save would undo the
  other person's change, so they are asked (see docs/decisions/0012).

A missing or tampered token is an error on the form, never a 500. Create views may use the
same form classes: they ignore the token.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.shortcuts import render
from django.utils import formats, timezone

FIELD = "loaded_state"
SALT = "corporate_parenting.concurrency.loaded_state"
MISSING_MESSAGE = (
    "This page is out of date or incomplete, so it cannot be saved safely. Copy anything you "
    "typed, open the page again and make your change there."
)


def _plain(value):
    """A JSON-friendly, stable form of a field's value, for hashing."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | models.QuerySet) else items
    if isinstance(value, datetime.datetime | datetime.time):
        return value.replace(microsecond=0).isoformat()  # as forms show them
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def digest(value) -> str:
    """A short hash of one value: enough to tell "changed", never the value itself."""
    payload = json.dumps(_plain(value), sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def sign_state(state: dict) -> str:
    return signing.dumps({name: digest(value) for name, value in state.items()}, salt=SALT)


def read_state(token: str) -> dict:
    """The loaded hashes, or signing.BadSignature for a missing, tampered or foreign token."""
    loaded = signing.loads(token or "", salt=SALT)
    if not isinstance(loaded, dict):
        raise signing.BadSignature("not a loaded state")
    return loaded


class EditGuardMixin:
    """Mixin for an edit form of a shared object: `class ThemeForm(EditGuardMixin, ModelForm)`.

    Override `state_of(obj)` when the form's fields are not the object's fields by name
    (plain forms, fields computed from the object)."""

    guard_exclude: tuple = ()  # fields never compared (file inputs, one-off extras)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            # Computed when the form is shown: a form's own __init__ may add fields after this.
            self.initial[FIELD] = lambda: sign_state(self.loaded_values())

    # The hidden field sits outside each form's crispy layout: render it after the layout.
    @property
    def helper(self):
        return self.__dict__.get("_guard_helper")

    @helper.setter
    def helper(self, helper):
        helper.render_hidden_fields = True
        self.__dict__["_guard_helper"] = helper

    def guarded_fields(self) -> list[str]:
        return [
            name
            for name, field in self.fields.items()
            if name != FIELD
            and name not in self.guard_exclude
            and not field.disabled
            and not isinstance(field, forms.FileField)
        ]

    def loaded_values(self) -> dict:
        """The values as the form is shown now (unbound): from `initial`."""
        return {
            name: self.get_initial_for_field(self.fields[name], name)
            for name in self.guarded_fields()
        }

    def state_of(self, obj) -> dict:
        """The object's current values, keyed by form field, in the form's initial types."""
        values = model_to_dict(obj, fields=self.guarded_fields())
        return {name: values[name] for name in self.guarded_fields() if name in values}

    def read_loaded_state(self) -> bool:
        """Read the posted token (a valid form). False, with an error on the form that says
        what to do, if it is missing or was tampered with."""
        try:
            self.loaded_state = read_state(self.cleaned_data.get(FIELD, ""))
        except signing.BadSignature:
            self.add_error(None, MISSING_MESSAGE)
            return False
        return True

    def conflicts(self, obj) -> list["Conflict"]:
        """Fields changed by someone else since load, where this form would store another
        value than the one stored now. Call on a valid form whose loaded state is read,
        under the object's lock."""
        return self.conflicts_in(self.state_of(obj))

    def conflicts_in(self, current: dict) -> list["Conflict"]:
        """`conflicts()` against a current state the caller computed."""
        found = []
        for name, value in current.items():
            if self.loaded_state.get(name) == digest(value):
                continue  # nobody changed it since this form was loaded
            field = self.fields[name]
            if not field.has_changed(value, self[name].data):
                continue  # they already agree with what is stored
            found.append(
                Conflict(
                    name=name,
                    label=str(field.label or name.replace("_", " ").capitalize()),
                    theirs=display(field, value),
                    yours=display(field, self.cleaned_data.get(name)),
                )
            )
        return found

    def reload_state(self, obj) -> None:
        """After a conflict: the form keeps what they typed and now counts as loaded from
        the object's current state, so saving again knowingly overwrites."""
        self.reload_from(self.state_of(obj))

    def reload_from(self, current: dict) -> None:
        data = self.data.copy()
        data[self.add_prefix(FIELD)] = sign_state(current)
        self.data = data


@dataclass(frozen=True)
class Conflict:
    name: str
    label: str
    theirs: str
    yours: str


def display(field, value) -> str:
    """A value as a person reads it (labels of choices, names of people, dates)."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.ModelMultipleChoiceField):
        objects = value if isinstance(value, list | models.QuerySet) else [value]
        return ", ".join(str(o) for o in objects) or "(empty)"
    if isinstance(field, forms.ModelChoiceField):
        if not isinstance(value, models.Model):
            value = field.queryset.filter(pk=value).first() or value
        return field.label_from_instance(value) if isinstance(value, models.Model) else str(value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def last_saved(obj):
    """(who, when) of the object's latest audit entry, or (None, None)."""
    from auditlog import get_logentry_model

    entry = (
        get_logentry_model()
        .objects.get_for_object(obj)
        .select_related("actor")
        .order_by("-timestamp")
        .first()
    )
    if entry is None:
        return None, None
    actor = entry.actor
    who = (actor.full_name or actor.email) if actor is not None else None
    return who, entry.timestamp


def conflict_context(conflicts, obj) -> dict:
    who, when = last_saved(obj)
    return {"conflicts": conflicts, "saved_by": who, "saved_at": when}


def save_or_conflict(request, form, obj, *, template, context, save=None, lock=None, status=409):
    """Save a valid guarded form unless someone else changed what it would overwrite.

    Inside one transaction `obj` is read again with select_for_update() (or by `lock()`,
    for an object that may not be saved yet); if no field
    conflicts, `save()` runs (default: `form.save()`) and None is returned, so the view goes
    on to its redirect. Otherwise nothing is saved and the 409 response is returned:
    `template` with `context`, the same form (what they typed, a fresh loaded state) and the
    conflict panel's values (`conflicts`, `saved_by`, `saved_at`). A missing or tampered
    token is an error on the form, shown like any other (200), and nothing is saved."""
    if not form.read_loaded_state():
        return render(request, template, {**context, "form": form})
    with transaction.atomic():
        current = lock() if lock else type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        conflicts = form.conflicts(current)
        if not conflicts:
            (save or form.save)()
            return None
    form.reload_state(current)
    page = {**context, "form": form, **conflict_context(conflicts, current)}
    return render(request, template, page, status=status)

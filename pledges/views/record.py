"""An adopted pledge changes only on the record: a promise is withdrawn (with a reason), never
deleted, and every change to an adopted version is listed in the version's history.

The writes are the services' (services.commitment_withdraw, and action_save /
commitment_action_delete, which write the VersionChange rows); these views show and ask.
"""

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from corporate_parenting.access import get_for_organisation
from corporate_parenting.forms import form_helper
from corporate_parenting.roles import Capability
from corporate_parenting.views_helpers import FAILED, call_service

from .. import services
from ..models import Commitment, PledgeVersion, VersionChange
from ..selectors import promise_numbers


class WithdrawForm(forms.Form):
    # Kept beside its only view, so the record's pieces stay in one module.
    reason = forms.CharField(
        label="Why is this promise withdrawn?",
        help_text="This is kept on the record with the promise and shown wherever it is listed, "
        "including the public pledge page: write it in plain words young people will read.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why the promise is withdrawn"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=4), submit="Withdraw this promise")

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the promise is withdrawn")
        return reason


def commitment_withdraw(request, pk):
    commitment = get_for_organisation(
        request,
        Commitment.objects.select_related("theme__version"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    version = commitment.theme.version
    if commitment.is_withdrawn:
        messages.error(request, "This promise is already withdrawn.")
        return redirect(commitment)
    if version.state != PledgeVersion.State.ADOPTED:
        messages.error(
            request, "Only a promise of the adopted pledge is withdrawn. Delete it instead."
        )
        return redirect(commitment)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        withdrawn = call_service(
            request,
            form,
            services.commitment_withdraw,
            field="reason",
            commitment=commitment,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        if withdrawn is not FAILED:
            messages.success(
                request, "The promise is withdrawn. It stays on the pledge, marked as withdrawn."
            )
            return redirect(commitment)
    number = promise_numbers(version).get(commitment.pk, "")
    return render(
        request,
        "pledges/withdraw_form.html",
        {
            "form": form,
            "title": "Withdraw this promise",
            "commitment": commitment,
            "number": number,
        },
    )


def version_history(request, pk):
    """Every change on the record of a version, newest first, and its adoption."""
    version = get_for_organisation(
        request,
        PledgeVersion.objects.select_related("replaces"),
        Capability.VIEW_PLEDGE_NARRATIVES,
        pk=pk,
    )
    changes = list(
        VersionChange.objects.filter(version=version)
        .select_related("by", "commitment")
        .order_by("-at", "-pk")
    )
    numbers = promise_numbers(version)
    replaced_by = (
        version.replaced_by.filter(adopted_on__isnull=False).order_by("adopted_on").first()
        if version.state == PledgeVersion.State.SUPERSEDED
        else None
    )
    return render(
        request,
        "pledges/version_history.html",
        {
            "version": version,
            "entries": [(change, numbers.get(change.commitment_id, "")) for change in changes],
            "replaced_by": replaced_by,
            "was_adopted": version.state
            in (PledgeVersion.State.ADOPTED, PledgeVersion.State.SUPERSEDED),
        },
    )

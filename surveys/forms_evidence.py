"""Forms that link a survey result to a promise's progress (surveys.models_evidence)."""

from crispy_forms_gds.layout import Field
from django import forms

from corporate_parenting.forms import form_helper

from .blocks import _where
from .models import Finding, Indicator, SurveyEvidence

SOURCE_ERRORS = {
    "required": "Choose the survey result or finding that backs this update",
    "invalid_choice": "Choose one of your council's survey results or findings",
}


class SurveyEvidenceForm(forms.Form):
    """From a progress update: which survey result or finding backs it. Only the update's own
    organisation's results are offered, and nothing else is accepted."""

    source = forms.ChoiceField(
        label="Survey result or finding",
        help_text="Signed-in readers follow it to the result; young people and the public see "
        "its published figure only, with small numbers hidden.",
        error_messages=SOURCE_ERRORS,
    )

    def __init__(self, *args, update, **kwargs):
        super().__init__(*args, **kwargs)
        self.update = update
        organisation = update.organisation
        indicators = (
            Indicator.objects.for_organisation(organisation)
            .select_related("wave__instrument", "cohort")
            .order_by("wave__instrument__name", "-wave__period_end", "domain", "position", "pk")
        )
        findings = (
            Finding.objects.for_organisation(organisation)
            .select_related("wave__instrument", "cohort")
            .order_by("wave__instrument__name", "-wave__period_end", "kind", "position", "pk")
        )
        self.fields["source"].choices = (
            [("", "Choose a survey result or finding")]
            + [
                (f"indicator-{i.pk}", f"Survey result: {i.question} ({_where(i)})")
                for i in indicators
            ]
            + [
                (f"finding-{f.pk}", f"{f.get_kind_display()}: {f.summary} ({_where(f)})")
                for f in findings
            ]
        )
        self.helper = form_helper(Field.select("source"), submit="Add the evidence")

    def clean_source(self):
        kind, _, pk = self.cleaned_data["source"].partition("-")
        model = Indicator if kind == "indicator" else Finding
        found = model.objects.for_organisation(self.update.organisation).filter(pk=pk).first()
        if found is None:  # gone since the page was shown
            raise forms.ValidationError(SOURCE_ERRORS["invalid_choice"])
        already = SurveyEvidence.objects.filter(update=self.update, **{kind: found}).exists()
        if already:
            raise forms.ValidationError("This update already has that survey evidence")
        return found

    def save(self) -> SurveyEvidence:
        source = self.cleaned_data["source"]
        kind = "indicator" if isinstance(source, Indicator) else "finding"
        evidence = SurveyEvidence(
            organisation=self.update.organisation, update=self.update, **{kind: source}
        )
        evidence.full_clean()
        evidence.save()
        return evidence


class _UpdateChoice(forms.ModelChoiceField):
    def label_from_instance(self, update):
        wording = update.commitment.wording
        if len(wording) > 90:
            wording = f"{wording[:89]}…"
        on = f" (action: {update.action.description[:60]})" if update.action_id else ""
        return f"{wording}{on}: update of {update.as_of:%-d %B %Y}, {update.get_state_display()}"


class EvidenceUpdateForm(forms.Form):
    """From a survey result: the progress update (a draft of the reader's own, or any draft
    for those who manage the pledge) it is evidence on."""

    update = _UpdateChoice(
        label="Progress update",
        queryset=None,
        empty_label="Choose a progress update",
        help_text="Drafts and updates sent back for changes: evidence is checked with the "
        "update when it is approved.",
        error_messages={
            "required": "Choose the progress update this result is evidence on",
            "invalid_choice": "Choose one of the progress updates listed",
        },
    )

    def __init__(self, *args, updates, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["update"].queryset = updates
        self.helper = form_helper(Field.select("update"), submit="Use as evidence")

    def clean_update(self):
        update = self.cleaned_data["update"]
        kind = "indicator" if isinstance(self.source, Indicator) else "finding"
        if SurveyEvidence.objects.filter(update=update, **{kind: self.source}).exists():
            raise forms.ValidationError("That update already has this survey result as evidence")
        return update

    def save(self) -> SurveyEvidence:
        update = self.cleaned_data["update"]
        kind = "indicator" if isinstance(self.source, Indicator) else "finding"
        evidence = SurveyEvidence(
            organisation=update.organisation, update=update, **{kind: self.source}
        )
        evidence.full_clean()
        evidence.save()
        return evidence

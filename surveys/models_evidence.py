"""Survey results as evidence on a promise's progress (issue 13, point 9: the golden thread).

A `SurveyEvidence` links one progress update (pledges.ProgressUpdate) to one survey indicator
or one finding, never both (a check constraint). It lives here, not in pledges, because
pledges may not import surveys: the pledge pages show it through this app's template tags
(`{% survey_evidence update %}`, surveys/templatetags/surveys.py).

Both ends belong to the same organisation: the form offers only the organisation's own
results and updates, and `clean()` refuses a mix (decision 0028).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from corporate_parenting import audit
from corporate_parenting.models import OrganisationOwned

__all__ = ["SurveyEvidence"]


class SurveyEvidence(OrganisationOwned):
    update = models.ForeignKey(
        "pledges.ProgressUpdate", on_delete=models.CASCADE, related_name="survey_evidence"
    )
    indicator = models.ForeignKey(
        "surveys.Indicator",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_for",
    )
    finding = models.ForeignKey(
        "surveys.Finding",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_for",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "survey evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(indicator__isnull=False) & Q(finding__isnull=True))
                | (Q(indicator__isnull=True) & Q(finding__isnull=False)),
                name="survey_evidence_exactly_one",
            ),
            models.UniqueConstraint(
                fields=["update", "indicator"], name="survey_evidence_indicator_once"
            ),
            models.UniqueConstraint(
                fields=["update", "finding"], name="survey_evidence_finding_once"
            ),
        ]

    def __str__(self):
        # No free text (a finding's summary may name someone): this goes to the audit trail.
        return f"Survey evidence {self.pk} on update {self.update_id}"

    @property
    def source(self):
        return self.indicator or self.finding

    def clean(self):
        super().clean()
        if (self.indicator_id is None) == (self.finding_id is None):
            raise ValidationError("Choose one survey indicator or one finding.")
        organisations = {self.update.organisation_id, self.source.organisation_id}
        if self.organisation_id:
            organisations.add(self.organisation_id)
        if len(organisations) != 1:
            raise ValidationError("Choose one of your council's survey results.")


audit.track(SurveyEvidence)

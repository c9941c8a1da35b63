"""What children and young people told the council in surveys: instruments, waves, cohorts
with their response rates, demographics, indicators with comparators, and findings with the
council's response.

Rates, shares and percentages are never stored: they are computed from counts by
`surveys.rates.percent` (whole percent, halves up). Significance is computed by
`surveys.significance.compare` from the counts on both sides.

Small numbers: nothing here is suppressed. The disclosure mask (issue 13, point 6) is applied
where the tables are built for a page (`surveys.selectors.wave_tables`); until it exists, the
views show survey counts only to roles with Capability.VIEW_SURVEYS (officers and councillors).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from corporate_parenting import audit
from corporate_parenting.models import OrganisationOwned

from .rates import percent


class Instrument(OrganisationOwned):
    """A questionnaire, e.g. Bright Spots "Your Life, Your Care" or "Your Life Beyond Care"."""

    class Audience(models.TextChoices):
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        CARERS = "carers", "Foster carers"

    name = models.CharField(max_length=200, help_text='e.g. "Your Life, Your Care"')
    audience = models.CharField(max_length=30, choices=Audience.choices)
    provider = models.CharField(
        max_length=200,
        blank=True,
        help_text='Who designed it, e.g. "Coram Voice and the '
        'University of Bristol (Bright Spots)"',
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="survey_instrument_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("surveys:instrument", args=[self.pk])


audit.track(Instrument, free_text=["description"])


class Wave(OrganisationOwned):
    """One running of an instrument: its period, how it was run and by whom."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="waves")
    label = models.CharField(max_length=60, help_text='e.g. "2018"')
    period_start = models.DateField()
    period_end = models.DateField()
    method = models.CharField(
        max_length=200, blank=True, help_text='e.g. "Online, with paper copies on request"'
    )
    run_by = models.CharField(
        max_length=200, blank=True, help_text='e.g. "Independent Reviewing Officers"'
    )
    notes = models.TextField(blank=True)
    public = models.BooleanField(
        default=False,
        help_text="Show this wave on the council's public pages (small numbers hidden).",
    )

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "label"], name="survey_wave_unique_label"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="survey_wave_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.instrument} {self.label}"

    def get_absolute_url(self):
        return reverse("surveys:wave", args=[self.pk])

    def totals(self) -> tuple[int, int]:
        """(eligible, responses) over the wave's cohorts."""
        eligible = responses = 0
        for cohort in self.cohorts.all():
            eligible += cohort.eligible
            responses += cohort.responses
        return eligible, responses

    @property
    def response_rate(self) -> Decimal | None:
        eligible, responses = self.totals()
        return percent(responses, eligible)


audit.track(Wave, free_text=["notes"])


class Cohort(OrganisationOwned):
    """One group a wave asked (an age band of the instrument): eligible and responses."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="cohorts")
    label = models.CharField(max_length=60, help_text='e.g. "8-11 years"')
    position = models.PositiveSmallIntegerField(default=0)
    eligible = models.PositiveIntegerField(
        help_text="How many children or young people could have answered."
    )
    responses = models.PositiveIntegerField(help_text="How many did.")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "label"], name="survey_cohort_unique_label"),
            models.CheckConstraint(
                condition=Q(responses__lte=F("eligible")),
                name="survey_cohort_responses_within_eligible",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def response_rate(self) -> Decimal | None:
        return percent(self.responses, self.eligible)


audit.track(Cohort)


class Dimension(models.TextChoices):
    GENDER = "gender", "Gender"
    AGE = "age", "Age"
    ETHNICITY = "ethnicity", "Ethnicity"
    PLACEMENT = "placement", "Placement type"
    TIME_IN_CARE = "time_in_care", "Time in care"


class DemographicCount(OrganisationOwned):
    """How many respondents (of a cohort, or of the whole wave) fell in one category, beside
    how many of the care population did where that is known. Shares are computed within the
    same wave, cohort and dimension."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="demographics")
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="demographics",
        help_text="Empty: all respondents of the wave.",
    )
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    category = models.CharField(max_length=100, help_text='e.g. "Girls", "Foster care"')
    position = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveIntegerField()
    care_population = models.PositiveIntegerField(
        null=True, blank=True, help_text="The same category in the care population, if known."
    )

    class Meta:
        ordering = ["dimension", "cohort__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "cohort", "dimension", "category"],
                name="survey_demographic_unique_category",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.category}"


audit.track(DemographicCount)


class Domain(models.TextChoices):
    """Bright Spots' four domains, and the overall well-being measures."""

    WELLBEING = "wellbeing", "Well-being"
    RELATIONSHIPS = "relationships", "Relationships"
    RESILIENCE = "resilience", "Resilience"
    RIGHTS = "rights", "Rights"
    RECOVERY = "recovery", "Recovery"


class IndicatorQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def trend_of(self, indicator):
        """The same question, for the same cohort, in every wave of the instrument."""
        return (
            self.filter(
                organisation_id=indicator.organisation_id,
                wave__instrument_id=indicator.wave.instrument_id,
                key=indicator.key,
                cohort__label=indicator.cohort.label if indicator.cohort else None,
            )
            .select_related("wave", "cohort")
            .order_by("wave__period_end", "wave__pk")
        )


class Indicator(OrganisationOwned):
    """A question's result for a cohort of a wave: `count` of `denominator` answered as the
    indicator counts (e.g. "felt settled all or most of the time")."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="indicators")
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="Empty: all respondents of the wave.",
    )
    domain = models.CharField(max_length=20, choices=Domain.choices)
    question = models.CharField(
        max_length=300, help_text='What the percentage says, e.g. "Felt settled where they live"'
    )
    key = models.SlugField(
        max_length=80, help_text="The same question in every wave has the same key (for trends)."
    )
    count = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], help_text="How many answered the question."
    )
    higher_is_better = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["domain", "position", "cohort__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "cohort", "key"],
                name="survey_indicator_unique_key",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(count__lte=F("denominator")) & Q(denominator__gte=1),
                name="survey_indicator_count_within_denominator",
            ),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("surveys:indicator", args=[self.pk])

    @property
    def percentage(self) -> Decimal | None:
        return percent(self.count, self.denominator)


audit.track(Indicator)


class Comparator(OrganisationOwned):
    """What the indicator is compared with. A percentage always; counts where known (they
    make a significance test possible)."""

    class Kind(models.TextChoices):
        OTHER_COUNCILS = "other_councils", "Other councils' average"
        GENERAL_POPULATION = "general_population", "General population"
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="comparators")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    label = models.CharField(
        max_length=200, blank=True, help_text='As the source words it, e.g. "16 other councils"'
    )
    percentage = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    count = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "kind"], name="survey_comparator_one_per_kind"
            ),
            models.CheckConstraint(
                condition=(Q(count__isnull=True) & Q(denominator__isnull=True))
                # Each part spelled out: a comparison with NULL would pass the check.
                | (
                    Q(count__isnull=False)
                    & Q(denominator__isnull=False)
                    & Q(denominator__gte=1)
                    & Q(count__lte=F("denominator"))
                ),
                name="survey_comparator_counts_whole",
            ),
            models.CheckConstraint(
                condition=Q(percentage__gte=0) & Q(percentage__lte=100),
                name="survey_comparator_percentage_range",
            ),
        ]

    def __str__(self):
        return self.label or self.get_kind_display()

    @property
    def has_counts(self) -> bool:
        return self.count is not None and self.denominator is not None


audit.track(Comparator)


class Finding(OrganisationOwned):
    """What children wished for, or a theme of their free-text answers, with how many said
    it, and the council's response ("We will ..."). Participation's "You said, We did" links
    here by `reference`, which never changes."""

    class Kind(models.TextChoices):
        WISH = "wish", "What children wish for"
        THEME = "theme", "Theme in what they wrote"

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="findings")
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        help_text="Empty: all respondents of the wave.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    summary = models.CharField(max_length=300, help_text='e.g. "Fewer changes of social worker"')
    count = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many said it, if counted."
    )
    response = models.TextField(
        blank=True, verbose_name="The council's response", help_text='"We will ..."'
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "pk"]

    def __str__(self):
        # Not the summary: what children said may name someone, and this string is copied
        # into the audit trail (object_repr), where free text never goes.
        return f"{self.get_kind_display()}, finding {self.position}"

    def get_absolute_url(self):
        """Its place on its wave's page: the anchor stays put as long as the finding does."""
        return f"{self.wave.get_absolute_url()}#finding-{self.reference}"


audit.track(Finding, free_text=["summary", "response"])


class WaveImport(OrganisationOwned):
    """A spreadsheet of a wave's results (surveys/wave_import.py), kept from its upload
    through its preview to its confirmation, so the file confirmed is the file previewed."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", "Checked: ready to import"
        REJECTED = "rejected", "Has errors: nothing can be imported"
        IMPORTED = "imported", "Imported"

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(upload_to="wave-imports/%Y/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PREVIEWED)
    created = models.DateTimeField(auto_now_add=True)
    # What the import did, per section: {"cohort": {"new": n, "changed": n, "unchanged": n}}.
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.original_name


audit.track(WaveImport, exclude=["result"])


from .models_evidence import *  # noqa: E402, F403  (survey results as evidence on progress)
from .models_figures import *  # noqa: E402, F403  (performance figures)

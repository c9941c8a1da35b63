"""Performance figures: the indicators the board watches (seed 002 section 5, seed 003) and
their values by period and area, as the DfE's children-looked-after statistics publish them.

A figure is either a number or one of the statistics symbols (`c` suppressed, `k` rounds to
zero, `z` not applicable, `x` not available, `u` low reliability, older files' `~` and the
like): a symbol is kept as its own typed state, never as 0 or blank, so nothing can add it
into a total or draw it on a chart as zero (docs/decisions/0024-performance-figures.md).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from corporate_parenting import audit
from corporate_parenting.models import OrganisationOwned

__all__ = ["Figure", "FigureSource", "FiguresImport", "PerformanceIndicator"]


class PerformanceIndicator(OrganisationOwned):
    """One measure the board watches, and where in a DfE file its values come from."""

    class Unit(models.TextChoices):
        COUNT = "count", "Number"
        PERCENT = "percent", "Percentage"
        RATE = "rate", "Rate per 10,000 children"
        DAYS = "days", "Days"
        SCORE = "score", "Average score"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither higher nor lower is better"

    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.NEITHER
    )
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    # The DfE file's indicator column, and the filter values that pick its rows (a "long"
    # file holds many series in one column: {"characteristic": "Three or more placements"}).
    source_column = models.CharField(max_length=100, blank=True)
    source_filters = models.JSONField(default=dict, blank=True)
    # source_column and source_filters as one comparable text (series_key): JSON is not
    # comparable in a unique constraint on every database.
    source_key = models.CharField(max_length=500, blank=True, editable=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="surveys_indicator_unique_name"
            ),
            models.UniqueConstraint(
                fields=["organisation", "source_key"],
                condition=~Q(source_key=""),
                name="surveys_indicator_unique_source",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.source_key = series_key(self.source_column, self.source_filters)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "source_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("surveys:figures_indicator", args=[self.pk])

    @property
    def is_count(self):
        return self.unit == self.Unit.COUNT


def series_key(column: str, filters: dict | None) -> str:
    """ "percentage|characteristic=Three or more placements": a column and its filters."""
    if not column:
        return ""
    parts = [column, *(f"{name}={value}" for name, value in sorted((filters or {}).items()))]
    return "|".join(parts)


class FigureSource(OrganisationOwned):
    """Where figures come from: the data set, its release, and its footnote."""

    dataset = models.CharField(max_length=300)
    release = models.CharField(max_length=200, blank=True)
    footnote = models.TextField(blank=True)

    class Meta:
        ordering = ["dataset", "release"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "dataset", "release"], name="surveys_source_unique"
            )
        ]

    def __str__(self):
        return f"{self.dataset}, {self.release}" if self.release else self.dataset


class Figure(OrganisationOwned):
    """One value of one indicator, for one period and one area."""

    class Area(models.TextChoices):
        COUNCIL = "council", "This council"
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        NEIGHBOUR = "neighbour", "Statistical neighbour"

    class Symbol(models.TextChoices):
        """The statistics symbols (GSS, and the DfE's older files), kept as typed."""

        NONE = "", "A value"
        SUPPRESSED = "c", "Suppressed to protect confidential information"
        ROUNDS_TO_ZERO = "k", "Rounds to zero, but is not zero"
        LOW = "low", "Rounds to zero, but is not zero"
        NOT_APPLICABLE = "z", "Not applicable"
        NOT_AVAILABLE = "x", "Not available"
        LOW_RELIABILITY = "u", "Low reliability"
        OLD_SMALL = "~", "Less than half the smallest unit shown (older files)"
        OLD_NOT_AVAILABLE = ":", "Not available (older files)"
        OLD_NOT_APPLICABLE = ".", "Not applicable (older files)"

    indicator = models.ForeignKey(
        PerformanceIndicator, on_delete=models.CASCADE, related_name="figures"
    )
    period = models.CharField(max_length=10)  # the DfE time_period: "202324", "2023"
    time_identifier = models.CharField(max_length=50, blank=True)  # "Financial year"
    area = models.CharField(max_length=10, choices=Area.choices)
    area_code = models.CharField(max_length=20)  # new_la_code, region_code, country_code
    area_name = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    symbol = models.CharField(max_length=4, choices=Symbol.choices, default="", blank=True)
    source = models.ForeignKey(FigureSource, on_delete=models.PROTECT, related_name="figures")

    class Meta:
        ordering = ["indicator", "period", "area", "area_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period", "area_code"],
                name="surveys_figure_unique_period_area",
            ),
            # A number or a symbol, never both and never neither: a symbol is not a zero.
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(symbol=""))
                | (Q(value__isnull=True) & ~Q(symbol="")),
                name="surveys_figure_value_or_symbol",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "area", "period"])]

    def __str__(self):
        return f"{self.indicator}, {self.area_name}, {self.period_label}: {self.display}"

    @property
    def period_label(self):
        return period_label(self.period)

    @property
    def display(self) -> str:
        """The value as the DfE prints it: a number, or its symbol."""
        if self.symbol:
            return self.symbol
        return format_value(self.value, self.indicator.unit)


def period_label(period: str) -> str:
    """ "202324" -> "2023-24"; "2023" -> "2023"; anything else as it is."""
    if len(period) == 6 and period.isdigit():
        return f"{period[:4]}-{period[4:]}"
    return period


def format_value(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():,f}"
    if unit == PerformanceIndicator.Unit.PERCENT:
        return f"{text}%"
    return text


class FiguresImport(OrganisationOwned):
    """An uploaded DfE figures file, kept from its upload through the officer's choices
    (council, indicators, comparators) to its import."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded: choose what to import"
        CHECKED = "checked", "Checked: ready to import"
        IMPORTED = "imported", "Imported"

    file = models.FileField(upload_to="figures-imports/%Y/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.UPLOADED)
    created = models.DateTimeField(auto_now_add=True)
    # The officer's choices (see surveys.figures_import.Choices).
    council_code = models.CharField(max_length=20, blank=True)
    include_england = models.BooleanField(default=True)
    include_region = models.BooleanField(default=True)
    neighbour_codes = models.JSONField(default=list, blank=True)
    series = models.JSONField(default=list, blank=True)  # series keys picked
    dataset = models.CharField(max_length=300, blank=True)
    release = models.CharField(max_length=200, blank=True)
    footnote = models.TextField(blank=True)
    # What the file holds (surveys.figures_import.FileSummary), read once at upload.
    summary = models.JSONField(default=dict, blank=True)
    # What the import did: {"created": n, "updated": n, "unchanged": n}.
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.original_name


audit.track(PerformanceIndicator)
audit.track(FigureSource, free_text=["footnote"])
audit.track(FiguresImport, exclude=["series", "result", "summary"])

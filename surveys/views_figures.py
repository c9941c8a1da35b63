"""Performance figures: the indicators with their trends (councillors and officers read), and
the import of a DfE figures file (officers: upload, choose, check, import). The reading,
checking and saving is in surveys/figures_import.py; what a figure is, in models_figures.py."""

import math
from collections import defaultdict
from decimal import Decimal

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.concurrency import EditGuardMixin, save_or_conflict
from corporate_parenting.forms import form_helper
from corporate_parenting.roles import Capability
from corporate_parenting.uploads import megabytes
from corporate_parenting.views_helpers import FAILED, call_service

from . import charts
from . import figures_import as fi
from .models_figures import (
    Figure,
    FiguresImport,
    PerformanceIndicator,
    format_value,
    period_label,
)

# Reading ------------------------------------------------------------------------------------


def _movement(indicator, latest, previous) -> str:
    """ "better", "worse", "same" or "" (no direction, or not two numbers to compare)."""
    if latest is None or previous is None or latest.value is None or previous.value is None:
        return ""
    if latest.value == previous.value:
        return "same"
    if indicator.direction == PerformanceIndicator.Direction.NEITHER:
        return "up" if latest.value > previous.value else "down"
    higher = latest.value > previous.value
    wanted = indicator.direction == PerformanceIndicator.Direction.HIGHER
    return "better" if higher == wanted else "worse"


def _meets_target(indicator, figure) -> bool | None:
    if indicator.target is None or figure is None or figure.value is None:
        return None
    if indicator.direction == PerformanceIndicator.Direction.LOWER:
        return figure.value <= indicator.target
    if indicator.direction == PerformanceIndicator.Direction.HIGHER:
        return figure.value >= indicator.target
    return None


def _neighbour_average(figures) -> tuple[Decimal | None, int, int]:
    """The mean of the neighbours' numbers, how many had one, and how many there are: a
    suppressed neighbour is left out of the mean, and the page says so."""
    values = [f.value for f in figures if f.value is not None]
    if not values:
        return None, 0, len(figures)
    mean = sum(values) / len(values)
    return mean.quantize(Decimal("0.1")), len(values), len(figures)


class Row:
    """One period of an indicator: the council's figure and its comparators."""

    def __init__(self, indicator, period, figures):
        self.period = period
        self.label = period_label(period)
        by_area = defaultdict(list)
        for figure in figures:
            by_area[figure.area].append(figure)
        self.council = next(iter(by_area[Figure.Area.COUNCIL]), None)
        self.england = next(iter(by_area[Figure.Area.ENGLAND]), None)
        self.region = next(iter(by_area[Figure.Area.REGION]), None)
        self.neighbours = {f.area_code: f for f in by_area[Figure.Area.NEIGHBOUR]}
        self.average, self.averaged, self.neighbour_count = _neighbour_average(
            by_area[Figure.Area.NEIGHBOUR]
        )
        self.meets_target = _meets_target(indicator, self.council)


def _trend(indicator, figures):
    by_period = defaultdict(list)
    for figure in figures:
        by_period[figure.period].append(figure)
    rows = [Row(indicator, period, by_period[period]) for period in sorted(by_period)]
    for previous, row in zip([None, *rows], rows, strict=False):
        row.movement = _movement(indicator, row.council, previous.council if previous else None)
    return rows


NEIGHBOURS_AVERAGE = "Neighbours\u2019 average"
DIRECTIONS = {
    PerformanceIndicator.Direction.HIGHER: True,
    PerformanceIndicator.Direction.LOWER: False,
}


def _figure_point(label: str, figure) -> charts.Point | None:
    """A figure as a point of the trend: its number written as the DfE prints it, or its
    statistics symbol as a gap, written as the symbol with its meaning ("c (suppressed)"),
    never as 0. No figure at all is left out (the chart says "not available")."""
    if figure is None:
        return None
    if figure.symbol:
        words = charts.SYMBOL_WORDS.get(figure.symbol)
        return charts.Point(label, hidden=f"{figure.symbol} ({words})" if words else figure.symbol)
    return charts.Point(label, figure.value, shown_as=figure.display)


def _average_point(label: str, row, unit: str) -> charts.Point:
    """The neighbours' average as the table beside it prints it: a neighbour with a symbol is
    left out of the mean, and the point says how many were averaged."""
    if row.average is None:
        return charts.Point(label, hidden="no neighbour has a number")
    text = format_value(row.average, unit)
    if row.averaged != row.neighbour_count:
        text += f" ({row.averaged} of {row.neighbour_count} neighbours)"
    return charts.Point(label, row.average, shown_as=text)


def _decimals(values) -> int:
    """The places the chart draws to: as many as the most precise figure shown (at most 3),
    so a line is never drawn finer than its label."""
    places = [max(0, -Decimal(str(v)).normalize().as_tuple().exponent) for v in values]
    return min(3, max(places, default=0))


def _percent_axis_top(values) -> float | None:
    """A low percentage (placement moves near 10%) is a flat line on 0 to 100%: end the axis
    at the next multiple of 5 above the values and the target instead (it still starts at
    0). From 50% up, the axis runs to 100%."""
    largest = max(values, default=0)
    if largest >= 50 or largest <= 0:
        return None
    return float(min(100, 5 * math.ceil(largest * Decimal("1.1") / 5)))


def trend_chart_for(
    indicator, rows, *, council_name: str, region_name: str, has_neighbours: bool
) -> charts.Chart | None:
    """The indicator page's chart: the council against England, the region and the
    neighbours' average over the periods (`rows`, from _trend), with the target and the
    direction; a count (children in care) is the council's line alone. None when there is
    nothing to draw; ValueError when the figures cannot be drawn (a percentage above 100),
    with the reason in words."""
    if not rows:
        return None
    lines = [(council_name, [_figure_point(row.label, row.council) for row in rows])]
    if indicator.is_count:
        # A count is not comparable with England's or a region's, many times larger (they
        # would flatten the council's line at 0): the table below has them.
        has_neighbours = False
    else:
        lines.append(("England", [_figure_point(row.label, row.england) for row in rows]))
        lines.append((region_name, [_figure_point(row.label, row.region) for row in rows]))
    if has_neighbours:
        average = [_average_point(row.label, row, indicator.unit) for row in rows]
        lines.append((NEIGHBOURS_AVERAGE, average))
    # The council's line always; a comparator only where the file had it.
    series = [
        charts.Series(label, [p for p in points if p is not None])
        for index, (label, points) in enumerate(lines)
        if index == 0 or any(p is not None for p in points)
    ]
    values = [p.value for line in series for p in line.points if not p.is_hidden]
    if indicator.target is not None:
        values.append(indicator.target)
    percent = indicator.unit == PerformanceIndicator.Unit.PERCENT
    return charts.trend_chart(
        title=indicator.name,
        periods=[row.label for row in rows],
        series=series,
        unit=charts.PERCENT if percent else indicator.get_unit_display(),
        target=indicator.target,
        higher_is_better=DIRECTIONS.get(indicator.direction),
        decimals=_decimals(values),
        axis_top=_percent_axis_top(values) if percent else None,
    )


@require_GET
@capability_required(Capability.VIEW_SURVEYS)
def index(request):
    organisation = request.membership.organisation
    indicators = list(PerformanceIndicator.objects.filter(organisation=organisation))
    # The list shows each indicator's latest period and the one before it: load only those.
    periods = defaultdict(set)
    for indicator_id, period in (
        Figure.objects.filter(organisation=organisation)
        .values_list("indicator_id", "period")
        .distinct()
    ):
        periods[indicator_id].add(period)
    wanted = {(i, p) for i, found in periods.items() for p in sorted(found)[-2:]}
    figures = defaultdict(list)
    for figure in Figure.objects.filter(
        organisation=organisation, period__in={p for _i, p in wanted}
    ).select_related("indicator"):
        if (figure.indicator_id, figure.period) in wanted:
            figures[figure.indicator_id].append(figure)
    summaries = []
    for indicator in indicators:
        rows = _trend(indicator, figures[indicator.pk])
        latest = rows[-1] if rows else None
        summaries.append({"indicator": indicator, "latest": latest, "rows": rows})
    return render(
        request,
        "surveys/figures/index.html",
        {
            "summaries": summaries,
            "can_import": request.membership.can(Capability.MANAGE_FIGURES),
        },
    )


@require_GET
def indicator(request, pk):
    indicator = get_for_organisation(request, PerformanceIndicator, Capability.VIEW_SURVEYS, pk=pk)
    figures = list(indicator.figures.select_related("source", "indicator"))
    rows = _trend(indicator, figures)
    neighbours = sorted(
        {(f.area_code, f.area_name) for f in figures if f.area == Figure.Area.NEIGHBOUR},
        key=lambda n: n[1].casefold(),
    )
    for row in rows:
        row.neighbour_cells = [row.neighbours.get(code) for code, _name in neighbours]
    sources = sorted({f.source for f in figures}, key=str)
    region_name = next((f.area_name for f in figures if f.area == Figure.Area.REGION), "Region")
    council_name = next(
        (f.area_name for f in figures if f.area == Figure.Area.COUNCIL),
        indicator.organisation.name,
    )
    chart, chart_problem = None, ""
    try:
        chart = trend_chart_for(
            indicator,
            rows,
            council_name=council_name,
            region_name=region_name,
            has_neighbours=bool(neighbours),
        )
    except ValueError as error:  # the tables still show every figure
        chart_problem = str(error)
    return render(
        request,
        "surveys/figures/indicator.html",
        {
            "indicator": indicator,
            "rows": rows,
            "neighbours": neighbours,
            "region_name": region_name,
            "chart": chart,
            "chart_problem": chart_problem,
            "can_change": request.membership.can(Capability.MANAGE_FIGURES),
            "sources": sources,
            "symbols": [s for s in Figure.Symbol if s.value],
        },
    )


@require_GET
@never_cache
def indicator_export(request, pk):
    """The indicator's figures as a CSV in the DfE's layout (it imports back unchanged)."""
    indicator = get_for_organisation(request, PerformanceIndicator, Capability.VIEW_SURVEYS, pk=pk)
    response = HttpResponse(fi.export_indicator(indicator), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{slugify(indicator.name) or 'indicator'}.csv"
    )
    return response


class IndicatorForm(EditGuardMixin, forms.ModelForm):
    """What an indicator means and which way is better: the import guesses the unit from the
    column's name and leaves the rest for the officer."""

    TARGET_MESSAGE = "Enter the target as a number, like 95 or 9.5, or leave it blank"

    class Meta:
        model = PerformanceIndicator
        fields = ["name", "definition", "unit", "direction", "target"]
        error_messages = {"name": {"required": "Enter the indicator's name"}}
        help_texts = {
            "definition": "As the DfE defines it, in words a councillor can read.",
            "target": "The board's target, in the indicator's unit. Leave blank for none.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        target.min_value = Decimal("0")
        target.validators = [v for v in target.validators if not hasattr(v, "limit_value")]
        for code in ("invalid", "max_digits", "max_decimal_places", "max_whole_digits"):
            target.error_messages[code] = self.TARGET_MESSAGE
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.textarea("definition", rows=4),
            Field.radios("unit", legend_size=Size.SMALL, small=True),
            Field.radios("direction", legend_size=Size.SMALL, small=True),
            Field.text("target", field_width=Fluid.ONE_QUARTER),
            submit="Save indicator",
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = PerformanceIndicator.objects.filter(
            organisation=self.instance.organisation, name=name
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("Another indicator has this name: choose another")
        return name

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target is not None and target < 0:
            raise ValidationError("Enter a target of 0 or more")
        return target


@require_http_methods(["GET", "POST"])
def indicator_update(request, pk):
    indicator = get_for_organisation(
        request, PerformanceIndicator, Capability.MANAGE_FIGURES, pk=pk
    )
    form = IndicatorForm(request.POST or None, instance=indicator)
    context = {
        "form": form,
        "title": f"Change {indicator.name}",
        "caption": "Performance figures",
        "back": {"url": indicator.get_absolute_url(), "label": f"Back to {indicator.name}"},
    }
    if request.method == "POST" and form.is_valid():
        template = "form_page.html"
        if refused := save_or_conflict(
            request, form, indicator, template=template, context=context
        ):
            return refused
        messages.success(request, f"{indicator.name} is saved.")
        return redirect(indicator)
    return render(request, "form_page.html", context)


# Import -------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a DfE figures file",
        help_text=(
            f"A CSV (as downloaded from Explore Education Statistics) or an Excel spreadsheet "
            f"(.xlsx), smaller than {megabytes(fi.MAX_BYTES)}, with up to "
            f"{fi.MAX_ROWS:,} rows. From a spreadsheet, the first sheet is read."
        ),
        error_messages={
            "required": "Select a CSV or Excel file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or Excel file",
            "missing": "Select a CSV or Excel file",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.helper = form_helper(Field("file"), submit="Upload and read the file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > fi.MAX_BYTES:
            raise ValidationError(
                f"The selected file must be smaller than {megabytes(fi.MAX_BYTES)}"
            )
        self.content = upload.read()
        return upload


@require_http_methods(["GET", "POST"])
@capability_required(Capability.MANAGE_FIGURES)
def upload(request):
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            figures_import = fi.figures_import_create(
                organisation=request.membership.organisation,
                content=form.content,
                original_name=form.cleaned_data["file"].name,
                by=request.user,
            )
        except fi.ImportFileError as problem:
            form.add_error("file", problem.message)
        else:
            return redirect("surveys:figures_import_preview", pk=figures_import.pk)
    return render(
        request,
        "surveys/figures/import_upload.html",
        {
            "form": form,
            "required": fi.REQUIRED,
            "symbols": [s for s in Figure.Symbol if s.value],
            "max_rows": fi.MAX_ROWS,
        },
    )


class ChoicesForm(forms.Form):
    council_code = forms.ChoiceField(
        label="Your council",
        help_text="Its figures are the ones the board watches.",
        error_messages={"required": "Choose your council"},
    )
    series = forms.MultipleChoiceField(
        label="Measures to import",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one measure to import"},
    )
    include_england = forms.BooleanField(label="England", required=False)
    include_region = forms.BooleanField(
        label="The council's region", required=False, help_text="As the file gives it."
    )
    neighbour_codes = forms.MultipleChoiceField(
        label="Statistical neighbours",
        help_text="Councils like yours to compare with. Hold Ctrl (or Cmd) to choose several.",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    dataset = forms.CharField(
        label="Data set",
        max_length=300,
        help_text="Like “Children looked after in England including adoptions”.",
        error_messages={"required": "Enter the data set the figures come from"},
    )
    release = forms.CharField(
        label="Release", max_length=200, required=False, help_text="Like “2024 release”."
    )
    footnote = forms.CharField(
        label="Footnote",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What a reader should know about these figures, as the DfE notes them.",
    )

    def __init__(self, *args, summary: fi.FileSummary, indicators: dict, **kwargs):
        super().__init__(*args, **kwargs)
        councils = [(c[0], f"{c[1]} ({c[0]})") for c in summary.councils]
        self.fields["council_code"].choices = [("", "Choose your council"), *councils]
        self.fields["neighbour_codes"].choices = councils
        self.fields["series"].choices = [
            (key, _series_label(column, filters, indicators.get(key)))
            for key, column, filters in summary.series
        ]
        self.helper = form_helper(
            Field("council_code"),
            Field.checkboxes("series", legend_size=Size.SMALL, small=True),
            Fieldset(
                Field("include_england"),
                Field("include_region"),
                Field("neighbour_codes"),
                legend="Compare with",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.text("dataset"),
                Field.text("release", field_width=Fluid.ONE_THIRD),
                Field.textarea("footnote", rows=3),
                legend="Where the figures come from",
                legend_size=Size.SMALL,
            ),
            submit="Check the figures",
        )

    def choices(self) -> fi.Choices:
        data = self.cleaned_data
        return fi.Choices(
            council_code=data["council_code"],
            series=list(data["series"]),
            include_england=data["include_england"],
            include_region=data["include_region"],
            neighbour_codes=list(data["neighbour_codes"]),
            dataset=data["dataset"].strip(),
            release=data["release"].strip(),
            footnote=data["footnote"].strip(),
        )


def _series_label(column, filters, indicator) -> str:
    where = ", ".join(f"{name}: {value}" for name, value in filters.items())
    source = f"{column} ({where})" if where else column
    if indicator is not None:
        return f"{indicator.name}: {source}"
    return f"{source}: a new indicator"


def _initial(figures_import: FiguresImport, summary: fi.FileSummary, indicators: dict):
    keys = {s[0] for s in summary.series}
    picked = [k for k in figures_import.series if k in keys] or [
        key for key in keys if key in indicators
    ]
    return {
        "council_code": figures_import.council_code,
        "series": picked,
        "include_england": figures_import.include_england,
        "include_region": figures_import.include_region,
        "neighbour_codes": figures_import.neighbour_codes,
        "dataset": figures_import.dataset,
        "release": figures_import.release,
        "footnote": figures_import.footnote,
    }


@require_http_methods(["GET", "POST"])
@never_cache
def preview(request, pk):
    figures_import = get_for_organisation(request, FiguresImport, Capability.MANAGE_FIGURES, pk=pk)
    summary = fi.FileSummary.from_json(figures_import.summary)
    organisation = figures_import.organisation
    known = {
        i.source_key: i
        for i in PerformanceIndicator.objects.filter(
            organisation=organisation, source_key__in=[s[0] for s in summary.series]
        )
    }
    action = request.POST.get("action", "")
    checked, problem = None, None
    form = ChoicesForm(
        request.POST if action == "check" else None,
        summary=summary,
        indicators=known,
        initial=_initial(figures_import, summary, known),
    )
    if action == "check" and form.is_valid():
        checked = call_service(
            request,
            form,
            fi.figures_import_choose,
            figures_import=figures_import,
            choices=form.choices(),
        )
        if checked is FAILED:
            checked = None
        elif checked.is_valid:
            return redirect("surveys:figures_import_preview", pk=figures_import.pk)
    elif action == "change":
        fi.figures_import_reopen(figures_import=figures_import)
        return redirect("surveys:figures_import_preview", pk=figures_import.pk)
    elif action == "import":
        try:
            result = fi.figures_import_apply(figures_import=figures_import)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages[:3]))
            return redirect("surveys:figures_import_preview", pk=figures_import.pk)
        messages.success(request, f"{result}.")
        return redirect("surveys:figures")
    elif figures_import.state == FiguresImport.State.CHECKED:
        try:
            checked = fi.check_import(figures_import)
        except fi.ImportFileError as error:
            problem = error.message
    council_rows = []
    if checked is not None and checked.is_valid:
        for key, planned in checked.council_figures().items():
            council_rows.append((checked.indicators[key], sorted(planned, key=lambda p: p.period)))
    return render(
        request,
        "surveys/figures/import_preview.html",
        {
            "figures_import": figures_import,
            "summary": summary,
            "form": form,
            "checked": checked,
            "council_rows": council_rows,
            "problem": problem,
            "periods": [period_label(p) for p in summary.periods],
            "council_name": summary.council_name(figures_import.council_code),
            "region": summary.region_of(figures_import.council_code),
            "neighbour_names": [summary.council_name(c) for c in figures_import.neighbour_codes],
        },
    )


@require_GET
@never_cache
@capability_required(Capability.MANAGE_FIGURES)
def template(request):
    response = HttpResponse(fi.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "dfe-figures-template.csv")
    return response

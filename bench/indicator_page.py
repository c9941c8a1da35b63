"""Render the two indicator pages, with their charts and without: time, queries and memory.

    .venv/bin/python bench/indicator_page.py [-n 50]

Builds a throwaway SQLite database in /tmp (bench/harness.py: production-like settings) the
size to plan for, and GETs each page N times as a councillor through django.test.Client:

- the survey indicator page (/surveys/indicators/<pk>/): one instrument with 10 waves, 3
  cohorts each, 50 indicators per wave with 5 comparators each (500 indicators, 2,500
  comparators, three of five with counts so the significance tests run); the page of an
  indicator of the latest wave, which draws the council against its comparators and its
  trend over the 10 waves;
- the performance indicator page (/surveys/figures/indicators/<pk>/): a DfE-layout file with
  every council in England (153) and ten years (surveys.demo_figures.national_file, 20
  indicators) imported through the officer's services for one council with England, its
  region and ten statistical neighbours (2,600 figures); the page draws the council, England,
  the region and the neighbours' average over ten years, with the target.

Each page is measured three ways: "drawn", every chart drawn for each GET (surveys.charts
remembers none); "remembered", as served, where the charts drawn for the first reader are
kept by surveys.charts and the next GETs reuse them; "not drawn", surveys.charts._draw
replaced by one returning a one-line SVG, so the page still builds each chart's points, alt
text and table and only matplotlib's drawing is left out. The ratio to "not drawn" is the
figure to read: what the charts cost on top of the page. It prints the median and 95th
percentile in ms, the median CPU ms of a GET (less moved by other work on the machine), the
queries, the page's size, the peak of Python's allocations during one
GET (tracemalloc, in separate runs so it does not slow the timed ones), the first drawing in
the process (which imports matplotlib), and the process's peak resident memory (VmHWM).
Figures are printed for comparison between runs on the same machine; nothing is asserted.
"""

import datetime
import os
import statistics
import sys
import time
import tracemalloc
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

from bench import harness  # noqa: E402 - after the path is set

WAVES = 10
COHORTS = ("4-7 years", "8-11 years", "11-18 years")
INDICATORS_PER_WAVE = 50
NEIGHBOURS = 10
TRACED_RUNS = 3
BLANK_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def peak_resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def charts_drawn_each_time():
    """The pages as they are, but every chart drawn afresh (none remembered)."""
    from surveys import charts

    size = charts.CACHE_SIZE
    charts.CACHE_SIZE = 0
    try:
        yield
    finally:
        charts.CACHE_SIZE = size


@contextmanager
def charts_not_drawn():
    """The pages as they are, but matplotlib never called: each chart is a blank SVG."""
    from surveys import charts

    drawn, size = charts._draw, charts.CACHE_SIZE
    charts._draw = lambda *args, **kwargs: BLANK_SVG
    charts.CACHE_SIZE = 0
    try:
        yield
    finally:
        charts._draw, charts.CACHE_SIZE = drawn, size


def build_surveys(organisation):
    """One instrument, WAVES yearly waves, COHORTS each, INDICATORS_PER_WAVE indicators per
    wave (the same questions every wave, so each has a trend) with five comparators each."""
    from surveys.models import Cohort, Comparator, Domain, Indicator, Instrument, Wave

    instrument = Instrument.objects.create(
        organisation=organisation,
        name="Your Life, Your Care",
        audience=Instrument.Audience.CHILDREN_IN_CARE,
    )
    waves = Wave.objects.bulk_create(
        Wave(
            organisation=organisation,
            instrument=instrument,
            label=str(2015 + year),
            period_start=datetime.date(2015 + year, 1, 1),
            period_end=datetime.date(2015 + year, 3, 31),
        )
        for year in range(WAVES)
    )
    cohorts = Cohort.objects.bulk_create(
        Cohort(
            organisation=organisation,
            wave=wave,
            label=label,
            position=position,
            eligible=300 + 200 * position,
            responses=80 + 60 * position + year,
        )
        for year, wave in enumerate(waves)
        for position, label in enumerate(COHORTS)
    )
    domains = list(Domain.values)
    indicators = []
    for year, wave in enumerate(waves):
        for number in range(INDICATORS_PER_WAVE):
            cohort = cohorts[year * len(COHORTS) + number % len(COHORTS)]
            denominator = cohort.responses - number % 7
            indicators.append(
                Indicator(
                    organisation=organisation,
                    wave=wave,
                    cohort=cohort,
                    domain=domains[number % len(domains)],
                    question=f"Question {number + 1}: felt something all or most of the time",
                    key=f"question-{number + 1}",
                    count=(denominator * (50 + (number * 7 + year * 3) % 45)) // 100,
                    denominator=denominator,
                    higher_is_better=number % 5 != 0,
                    position=number,
                )
            )
    indicators = Indicator.objects.bulk_create(indicators)
    kinds = list(Comparator.Kind.values)
    Comparator.objects.bulk_create(
        Comparator(
            organisation=organisation,
            indicator=indicator,
            kind=kind,
            label=f"{kind.replace('_', ' ').capitalize()} (bench)",
            percentage=40 + (indicator.pk * 3 + k * 11) % 55,
            # Counts for three of five, so the page runs z-tests and Fisher's exact tests.
            count=(1000 * (40 + (indicator.pk * 3 + k * 11) % 55)) // 100 if k < 3 else None,
            denominator=1000 if k < 3 else None,
        )
        for indicator in indicators
        for k, kind in enumerate(kinds)
    )
    latest = [i for i in indicators if i.wave_id == waves[-1].pk]
    return latest[1]  # the second question: higher is better, a trend of ten waves


def build_figures(organisation, officer):
    """A national-scale DfE file imported as an officer would, for one council with England,
    its region and NEIGHBOURS neighbours; the page of an indicator with a target."""
    from surveys import demo_figures
    from surveys import figures_import as fi
    from surveys.models import PerformanceIndicator

    content = demo_figures.national_file()
    figures_import = fi.figures_import_create(
        organisation=organisation, content=content, original_name="national.csv", by=officer
    )
    summary = fi.FileSummary.from_json(figures_import.summary)
    checked = fi.figures_import_choose(
        figures_import=figures_import,
        choices=fi.Choices(
            council_code=summary.councils[0][0],
            series=[s[0] for s in summary.series],
            neighbour_codes=[c[0] for c in summary.councils[1 : NEIGHBOURS + 1]],
            dataset="Children looked after in England including adoptions (bench)",
            release="Bench",
        ),
    )
    assert checked.is_valid, checked.errors[:3]
    fi.figures_import_apply(figures_import=figures_import)
    indicator = (
        PerformanceIndicator.objects.filter(
            organisation=organisation, source_column__startswith="pc_health_assessment"
        )
        .order_by("pk")
        .first()
    )
    # As an officer sets it after the import (which guesses a count from this column's
    # name): a percentage, higher is better, with the board's target, so a line for it too.
    indicator.unit = PerformanceIndicator.Unit.PERCENT
    indicator.direction = PerformanceIndicator.Direction.HIGHER
    indicator.target = 95
    indicator.save(update_fields=["unit", "direction", "target"])
    return indicator, summary.rows, indicator.figures.count()


def cpu_ms(client, path, iterations) -> float:
    """The median CPU time of one GET in this process: less moved than the wall-clock time by
    other work on a shared machine (it leaves out the waiting for a core)."""
    samples = []
    for _ in range(iterations):
        start = time.process_time()
        client.get(path)
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def traced_peak_mb(client, path) -> float:
    """The peak of Python's allocations during one GET (the most of TRACED_RUNS)."""
    peaks = []
    for _ in range(TRACED_RUNS):
        tracemalloc.start()
        client.get(path)
        peaks.append(tracemalloc.get_traced_memory()[1] / (1024 * 1024))
        tracemalloc.stop()
    return max(peaks)


def run(iterations: int) -> None:
    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client

    from corporate_parenting.models import Membership, Organisation, User
    from corporate_parenting.roles import Role

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.create(name="Bench Council", slug="bench")
    officer = User.objects.create_user("officer@bench.example.org", full_name="Officer")
    councillor = User.objects.create_user("councillor@bench.example.org", full_name="Cllr")
    Membership.objects.create(user=officer, organisation=organisation, role=Role.OFFICER)
    Membership.objects.create(user=councillor, organisation=organisation, role=Role.COUNCILLOR)
    survey_indicator = build_surveys(organisation)
    figures_indicator, file_rows, figure_count = build_figures(organisation, officer)
    built = time.perf_counter() - started

    client = Client()
    client.force_login(councillor)
    pages = [
        ("survey indicator", survey_indicator.get_absolute_url()),
        ("performance indicator", figures_indicator.get_absolute_url()),
    ]
    # Templates, URLs and the first queries warmed without charts; then the first drawing,
    # which imports matplotlib (once per web or worker process).
    with charts_not_drawn():
        for _name, path in pages:
            client.get(path)
    assert "matplotlib" not in sys.modules, "a chart was drawn before the first timed one"
    start = time.perf_counter()
    first = client.get(pages[1][1])
    first_ms = (time.perf_counter() - start) * 1000
    assert first.status_code == 200 and b"cp-chart__image" in first.content

    results = []  # (page, charts on the page, [(mode, measured, peak, size)])
    modes = [
        ("drawn", charts_drawn_each_time),
        ("remembered", nullcontext),
        ("not drawn", charts_not_drawn),
    ]
    for name, path in pages:
        response = client.get(path)
        assert response.status_code == 200 and b"cp-chart__image" in response.content, name
        rows = []
        for mode, context in modes:
            with context():
                measured = harness.measure(client, path, iterations)
                rows.append(
                    (
                        mode,
                        measured,
                        cpu_ms(client, path, iterations),
                        traced_peak_mb(client, path),
                        len(client.get(path).content),
                    )
                )
        results.append((name, response.content.count(b"cp-chart__image"), rows))

    print(
        f"Built in {built:.0f} s: {WAVES} waves x {len(COHORTS)} cohorts, "
        f"{WAVES * INDICATORS_PER_WAVE:,} survey indicators with 5 comparators each; "
        f"a national figures file ({file_rows:,} rows, 153 councils x 10 years) imported for "
        f"one council with England, its region and {NEIGHBOURS} neighbours "
        f"({figure_count} figures of the indicator shown)."
    )
    print(
        f"{iterations} GETs per page as a councillor, SQLite, DEBUG=false, in-process, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end"
    )
    print()
    header = (
        f"{'page (charts)':<26} {'charts':<10} {'status':>6} {'median ms':>10} {'p95 ms':>8} "
        f"{'x not drawn':>11} {'CPU ms':>7} {'x':>5} {'queries':>7} {'KB':>4} {'peak MB':>7}"
    )
    print(header)
    for name, images, rows in results:
        wall, cpu = rows[-1][1][1], rows[-1][2]
        for index, (mode, measured, cpu_median, peak, size) in enumerate(rows):
            status, median_ms, p95_ms, queries, _max_queries = measured
            label = f"{name} ({images})" if index == 0 else ""
            print(
                f"{label:<26} {mode:<10} {status:>6} {median_ms:>10.1f} {p95_ms:>8.1f} "
                f"{median_ms / wall:>11.2f} {cpu_median:>7.1f} {cpu_median / cpu:>5.2f} "
                f"{queries:>7g} {size / 1024:>4.0f} {peak:>7.1f}"
            )
    print()
    print(f"first GET that draws a chart in the process (imports matplotlib): {first_ms:.0f} ms")
    print(f"peak resident memory of this process (VmHWM): {peak_resident_mb():.0f} MB")
    print(
        "drawn: every chart drawn for each GET; remembered: as served (surveys.charts keeps "
        "the charts drawn, so only the first GET draws); not drawn: a blank SVG instead. "
        "x: the ratio to not drawn. peak MB: Python's allocations during one GET."
    )


def main() -> None:
    harness.main(run, description=__doc__.splitlines()[0], prefix="cp-bench-indicator-")


if __name__ == "__main__":
    main()

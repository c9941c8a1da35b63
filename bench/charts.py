"""Time the evidence's charts (surveys/charts.py): drawing them, and printing them in a PDF.

    .venv/bin/python bench/charts.py [-n 20]

Needs no database and leaves nothing behind. In this process it measures:

- importing surveys.charts (which must not import matplotlib) and drawing the first chart
  (which does: the cost a web or worker process pays once);
- the median time to draw an indicator chart (the council and four comparators) and a trend
  chart (ten periods, four lines, a target, a hidden value), and the size of each SVG;
- rendering one page holding ten of each through the PDF pipeline (render_pdf), as a
  report block in the agenda pack would, and the peak memory of the process.

Figures are printed for comparison between runs on the same machine, never asserted.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corporate_parenting.settings")

PERIODS = [str(year) for year in range(2015, 2025)]


def indicator(charts):
    return charts.indicator_chart(
        title="Children in care who feel safe",
        council=charts.Point("Demo council", 91, note="significantly higher"),
        comparators=[charts.Point(f"Comparator {i}", 80 + i) for i in range(3)]
        + [charts.Point.suppressed("Small comparator", "fewer than 5")],
        higher_is_better=True,
    )


def trend(charts):
    lines = []
    for k in range(4):
        points = [charts.Point(period, 40 + 5 * k + i) for i, period in enumerate(PERIODS)]
        if k == 0:
            points[3] = charts.Point.suppressed(PERIODS[3])
        lines.append(charts.Series(f"Series {k}", points))
    return charts.trend_chart(
        title="Care leavers in touch with the council",
        periods=PERIODS,
        series=lines,
        target=60,
        higher_is_better=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="charts of each kind to time")
    iterations = parser.parse_args().n

    started = time.perf_counter()
    from surveys import charts

    imported = time.perf_counter()
    assert "matplotlib" not in sys.modules, "surveys.charts imported matplotlib at import time"
    indicator(charts)
    first = time.perf_counter()

    indicator_times, trend_times = [], []
    for _ in range(iterations):
        start = time.perf_counter()
        one = indicator(charts)
        indicator_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        other = trend(charts)
        trend_times.append(time.perf_counter() - start)

    import django

    django.setup()
    from django.template.loader import render_to_string

    from corporate_parenting.pdf import render_pdf

    body = "".join(
        render_to_string("surveys/_chart.html", {"chart": chart}) for chart in [one, other] * 10
    )
    html = (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Charts</title>'
        "<style>img { max-width: 100%; height: auto; }</style></head>"
        f"<body><h1>Charts</h1>{body}</body></html>"
    )
    render_pdf("<!doctype html><html lang='en-GB'><title>warm</title><p>warm</p></html>")
    start = time.perf_counter()
    pdf = render_pdf(html)
    rendered = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows = [
        ("import surveys.charts", imported - started, ""),
        ("first chart (imports matplotlib)", first - imported, ""),
        (f"indicator chart, median of {iterations}", statistics.median(indicator_times), one.svg),
        (f"trend chart, median of {iterations}", statistics.median(trend_times), other.svg),
    ]
    for name, seconds, svg in rows:
        size = f"  ({len(svg):,} bytes of SVG)" if svg else ""
        print(f"{name:<34} {1000 * seconds:8.1f} ms{size}")
    print(f"{'PDF of 20 charts with tables':<34} {1000 * rendered:8.1f} ms  ({len(pdf):,} bytes)")
    print(f"{'peak memory of the process':<34} {peak:8.0f} MB")


if __name__ == "__main__":
    main()

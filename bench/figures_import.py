"""Import a national-scale DfE figures file and render the figures pages: time and memory.

    .venv/bin/python bench/figures_import.py [-n 50]

Builds a throwaway SQLite database in /tmp (bench/harness.py: production-like settings), then
generates a file in the DfE's layout with every council in England (153, invented names and
codes), ten years and 20 indicator columns (surveys.demo_figures.national_file), and runs it
through the officer's three steps as the views do: read it (upload), check the choices (one
council, England, its region and ten neighbours, every series), import. Then it imports the
same file again (which must change nothing), and GETs the figures list and one indicator's
page N times as a councillor.

For each step it prints the time and the peak of Python's own allocations during the step
(tracemalloc), and at the end the process's peak resident memory (VmHWM). Figures are printed
for comparison between runs on the same machine; nothing here asserts a timing.
"""

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

from bench import harness  # noqa: E402 - after the path is set


def peak_resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def step(name, rows, function, **kwargs):
    tracemalloc.reset_peak()
    start = time.perf_counter()
    result = function(**kwargs)
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    rows.append((name, seconds, peak / (1024 * 1024)))
    return result


def run(iterations: int) -> None:
    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client

    from corporate_parenting.models import Membership, Organisation, User
    from corporate_parenting.roles import Role
    from surveys import demo_figures
    from surveys import figures_import as fi
    from surveys.models import PerformanceIndicator

    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.create(name="Bench Council", slug="bench")
    officer = User.objects.create_user("officer@bench.example.org", full_name="Officer")
    councillor = User.objects.create_user("councillor@bench.example.org", full_name="Cllr")
    Membership.objects.create(user=officer, organisation=organisation, role=Role.OFFICER)
    Membership.objects.create(user=councillor, organisation=organisation, role=Role.COUNCILLOR)

    tracemalloc.start()
    rows = []
    files = {
        "wide": step("generate the wide file", rows, demo_figures.national_file),
        "long": step(
            "generate the long file",
            rows,
            demo_figures.national_file,
            indicators=4,
            groups=10,
        ),
    }
    lines = []

    def once(label, content):
        figures_import = step(
            f"{label}: read (upload)",
            rows,
            fi.figures_import_create,
            organisation=organisation,
            content=content,
            original_name="national.csv",
            by=officer,
        )
        summary = fi.FileSummary.from_json(figures_import.summary)
        choices = fi.Choices(
            council_code=summary.councils[0][0],
            series=[s[0] for s in summary.series],
            neighbour_codes=[c[0] for c in summary.councils[1:11]],
            dataset="Children looked after in England including adoptions (bench)",
            release="Bench",
        )
        checked = step(
            f"{label}: check the choices",
            rows,
            fi.figures_import_choose,
            figures_import=figures_import,
            choices=choices,
        )
        assert checked.is_valid, checked.errors[:3]
        return step(
            f"{label}: import", rows, fi.figures_import_apply, figures_import=figures_import
        ), summary

    for name, content in files.items():
        first, summary = once(f"{name}, first import", content)
        second, _ = once(f"{name}, same file again", content)
        lines.append(
            f"{name} file: {len(content) / (1024 * 1024):.1f} MB, {summary.rows:,} rows, "
            f"{len(summary.series)} series; {first.created:,} figures created, then "
            f"{second.unchanged:,} unchanged and {second.created + second.updated} written"
        )
    tracemalloc.stop()

    client = Client()
    client.force_login(councillor)
    indicator = PerformanceIndicator.objects.filter(organisation=organisation).first()
    pages = [
        ("figures list", "/surveys/figures/"),
        ("one indicator", indicator.get_absolute_url()),
    ]
    measured = [(name, *harness.measure(client, path, iterations)) for name, path in pages]

    print("\n".join(lines))
    print()
    print(f"{'step':<40} {'seconds':>8} {'peak MB (Python)':>17}")
    for name, seconds, peak in rows:
        print(f"{name:<40} {seconds:>8.2f} {peak:>17.1f}")
    print()
    print(f"{iterations} GETs per page as a councillor, SQLite, DEBUG=false, in-process")
    print(f"{'page':<16} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'max':>5}")
    for name, status, median_ms, p95_ms, queries, max_queries in measured:
        print(
            f"{name:<16} {status:>6} {median_ms:>10.2f} {p95_ms:>8.2f} {queries:>8g} "
            f"{max_queries:>5}"
        )
    print()
    print(f"peak resident memory of this process (VmHWM): {peak_resident_mb():.0f} MB")


def main() -> None:
    harness.main(run, description=__doc__.splitlines()[0], prefix="cp-bench-figures-")


if __name__ == "__main__":
    main()

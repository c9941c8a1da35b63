"""Time agenda packs: the old single WeasyPrint document against the piece-by-piece pipeline.

    .venv/bin/python bench/packs.py [-n 1] [--scale 1.0]

Builds a throwaway SQLite database and media folder in /tmp (deleted at the end), loads the
demo (`manage.py load_demo`) and builds a pack the size of seed 002 (10 papers, about 110
pages), then, for the members' pack of each meeting, measures:

- the naive render: bench/naive_pack.html, one WeasyPrint document (the first slice);
- a full publish with a cold cache, the pieces on 2 processes as the worker's chord spreads
  them (boards/papers/tasks.py, concurrency 2), and on 1 process;
- a re-publish after one report edit that keeps the paper's length, the same edit published
  as a correction (the re-issued edition's cover names it: issue 12), and after one that adds
  a page to an early paper (so the papers after it move).

Each measured run happens in new processes (multiprocessing "spawn", Django set up in the
child, WeasyPrint imported and warmed on a one-line document before the clock starts), once
as they are ("fresh processes") and once after they have served a small pack ("warm
worker"). Peak memory is each process's own high-water mark (VmHWM). Figures are printed for
comparison between runs on the same machine; targets are shown as "met" or "missed", never
asserted. bench/README.md says what each figure includes.
"""

import argparse
import contextlib
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder is sys.path[0]; swap it for the project root so the project
# imports.
sys.path[0] = str(ROOT)

from bench import harness  # noqa: E402 - after the path is set

KIND = "members"  # the members' pack carries every paper, the exempt one included
WORKER_PROCESSES = 2  # the worker's concurrency on this machine (2 cores)
NAIVE_TEMPLATE = ROOT / "bench" / "naive_pack.html"

TARGET_PUBLISH = 0.6  # full publish <= 0.6 x naive
TARGET_REPUBLISH = 0.15  # re-publish after one edit <= 0.15 x naive
TARGET_MEMORY_MB = 200  # worker peak memory for a ~120-page pack


# The measured side: these run in the spawned processes ----------------------------------------

_WARM: dict = {}
_TASK: dict = {}  # this task's clock and where its time went


def _peak_mb() -> float:
    """This process's peak resident memory in MB: VmHWM, the high-water mark of its own
    address space. Not ru_maxrss: on Linux a process started with fork (or vfork) and exec
    keeps its parent's ru_maxrss across the exec, so every process this bench starts would
    report at least the orchestrating process's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(name: str, function):
    """`function`, adding the seconds spent in it to this task's account under `name`."""

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent = _TASK.setdefault("spent", {})
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    return timed


def _start_process(barrier, warm_up: int | None = None, naive: bool = False) -> None:
    """Pool initializer: what a Celery worker process has done before its first task. Django
    is set up, the task modules are imported, WeasyPrint is imported and has rendered (and
    the assembler assembled) a one-line document. With `warm_up` (a meeting's id), it has
    also served that small meeting's pack, as a worker that has been up for a while has: as
    one document for the naive render (`naive`), else through the pipeline. Then wait for
    the other processes.

    The pipeline's two expensive calls are wrapped to count their seconds (WeasyPrint's
    render of a piece, the pikepdf assembly); nothing else is changed.

    A failure is kept for the first task to raise: an initializer that raised would make
    the pool start process after process, for ever."""
    try:
        _warm_up(warm_up, naive)
    except Exception:
        import traceback

        _WARM["error"] = traceback.format_exc()
    if barrier is not None:
        with contextlib.suppress(threading.BrokenBarrierError):
            # A process the pool starts again later waits alone, then goes on.
            barrier.wait(timeout=600)


def _warm_up(warm_up: int | None, naive: bool) -> None:
    started = time.perf_counter()
    import django

    django.setup()
    import boards.papers.tasks  # noqa: F401 - the worker imports its tasks at start
    from boards.papers import pack_pdf

    set_up = time.perf_counter()
    if not naive:
        # What boards/papers/tasks.py does when a worker process starts.
        from boards.papers.packs import warm_up as worker_process_warm_up

        worker_process_warm_up()
    pdf, pages, _ = pack_pdf.render_html("<!DOCTYPE html><html lang=en><p>Warm up.</p></html>")
    pack_pdf.assemble([pack_pdf.Piece(pdf=pdf, page_count=pages)], title="Warm up")
    if warm_up is not None:
        _serve_warm_up_pack(warm_up, naive=naive)
    _WARM.update(
        setup_s=set_up - started,
        warm_s=time.perf_counter() - set_up,
        warm_mb=_peak_mb(),
    )
    pack_pdf.render_html = _timed("WeasyPrint", pack_pdf.render_html)
    pack_pdf.assemble = _timed("assembly", pack_pdf.assemble)


def _serve_warm_up_pack(meeting_id: int, *, naive: bool) -> None:
    """Render a small meeting's pack as one document (`naive`), or render its pieces (not
    kept) and publish it through the pipeline: templates compiled, queries and fonts used."""
    from weasyprint import HTML

    from boards.models import Meeting
    from boards.papers import pack_pdf
    from boards.papers.models import AgendaPack
    from boards.papers.packs import pack_sources, render_pack_pdf
    from boards.papers.services.packs import pack_notify_members

    meeting = Meeting.objects.select_related("board", "organisation").get(pk=meeting_id)
    if naive:
        HTML(string=naive_pack_html(meeting, KIND)).render().write_pdf(pdf_variant="pdf/ua-1")
        return
    for source in pack_sources(meeting=meeting, kind=KIND):
        pack_pdf.render_html(source.html)
    rendered = render_pack_pdf(meeting=meeting, kind=KIND)
    # The message finish_pack sends (the URLs are loaded on the first): to nobody here, as
    # this board has no members with accounts.
    pack = AgendaPack(
        organisation=meeting.organisation,
        meeting=meeting,
        kind=KIND,
        edition=1,
        page_count=rendered.page_count,
    )
    pack_notify_members(pack=pack)


def _begin() -> None:
    if "error" in _WARM:
        raise RuntimeError(f"The process did not start:\n{_WARM['error']}")
    _TASK.clear()
    _TASK.update(started=time.perf_counter(), cpu=_cpu(), spent={})


def _report(**values) -> dict:
    """What a task sends back: its seconds, CPU seconds, where they went, its process's peak
    memory so far (a high-water mark: it only grows)."""
    return {
        "pid": os.getpid(),
        "seconds": time.perf_counter() - _TASK["started"],
        "cpu": _cpu() - _TASK["cpu"],
        "spent": dict(_TASK["spent"]),
        "peak_mb": _peak_mb(),
        **_WARM,
        **values,
    }


def _task_naive(meeting_id: int) -> dict:
    """The first slice's pack: one WeasyPrint document, stored as pack_finish stored it."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from weasyprint import HTML

    from boards.models import Meeting

    _begin()
    started = time.perf_counter()
    meeting = Meeting.objects.select_related("board", "organisation").get(pk=meeting_id)
    html = naive_pack_html(meeting, KIND)
    built = time.perf_counter()
    document = HTML(string=html).render()
    laid_out = time.perf_counter()
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    written = time.perf_counter()
    default_storage.save(f"bench/naive-{meeting_id}.pdf", ContentFile(pdf))
    _TASK["spent"] = {
        "HTML": built - started,
        "WeasyPrint layout": laid_out - built,
        "WeasyPrint write_pdf": written - laid_out,
    }
    return _report(pages=len(document.pages), size=len(pdf))


def _task_render_pack(pack_id: int) -> dict:
    """boards.papers.tasks.render_pack, with the chord left to the caller: claim the pack and
    list the pieces to render; with at most one, finish the pack in this task."""
    from boards.papers.services.packs import pack_claim, pack_finish, pack_pending_pieces

    _begin()
    pack = pack_claim(pack_id)
    pending = pack_pending_pieces(pack)
    if len(pending) <= 1:
        pack = pack_finish(pack)
    return _report(task="render_pack", pending=pending, state=pack.state)


def _task_piece(args: tuple[int, int, int, str]) -> dict:
    """boards.papers.tasks.render_pack_piece, one chord member."""
    from boards.papers.tasks import render_pack_piece

    _begin()
    render_pack_piece(*args)
    return _report(task="render_pack_piece")


def _task_finish(pack_id: int) -> dict:
    """boards.papers.tasks.finish_pack, the chord's callback."""
    from boards.papers.tasks import finish_pack

    _begin()
    finish_pack(pack_id)
    return _report(task="finish_pack")


def naive_pack_html(meeting, kind: str) -> str:
    """bench/naive_pack.html filled as the first slice's boards/papers/packs.py filled it."""
    from django.template import Context, Template

    from boards.papers.models import AgendaPack, Report
    from boards.papers.packs import meeting_when
    from boards.papers.report_rendering import render_report

    members = kind == AgendaPack.Kind.MEMBERS
    reports = {
        report.agenda_item_id: report
        for report in Report.objects.filter(
            agenda_item__meeting=meeting, status=Report.Status.PUBLISHED
        ).select_related("template", "board", "agenda_item__meeting", "organisation")
    }
    entries = []
    for item in meeting.items.order_by("position", "pk"):
        report = reports.get(item.pk)
        exempt = item.exempt or bool(report and report.exempt)
        stamp = f"Agenda Item {item.number}" if item.number else "Agenda Item"
        entries.append(
            {
                "number": item.number,
                "title": item.title,
                "purpose": item.purpose,
                "exempt": exempt,
                "exempt_paragraph": item.exempt_paragraph
                or (report.exempt_paragraph if report else None),
                "anchor": f"item-{item.pk}",
                "stamp": stamp,
                "bookmark": f"{stamp}: {item.title}",
                "paper": render_report(report)
                if report is not None and (members or not exempt)
                else None,
            }
        )
    board = meeting.board
    what = "members' agenda pack" if members else "agenda pack"
    context = {
        "meeting": meeting,
        "board": board,
        "members": members,
        "title": f"{board.name}, {meeting_when(meeting)}: {what}",
        "when": meeting_when(meeting),
        "place": meeting.venue or board.usual_venue,
        "entries": entries,
    }
    return Template(NAIVE_TEMPLATE.read_text()).render(Context(context))


# The orchestrating side: builds data, starts the processes, prints ---------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the largest process
    pages: int = 0
    size: int = 0
    processes: int = 1  # processes that ran a task
    reports: list = field(default_factory=list)  # what each task sent back
    others: float | None = None  # CPU seconds other processes used meanwhile

    @property
    def cpu(self) -> float:
        return sum(r["cpu"] for r in self.reports)

    def where(self) -> str:
        """Task seconds summed over the processes: in WeasyPrint, in the assembly, the rest."""
        spent: dict[str, float] = {}
        for report in self.reports:
            for name, seconds in report["spent"].items():
                spent[name] = spent.get(name, 0.0) + seconds
        total = sum(r["seconds"] for r in self.reports)
        parts = [f"{name} {seconds:.2f}" for name, seconds in spent.items()]
        parts.append(f"the rest {total - sum(spent.values()):.2f}")
        text = ", ".join(parts) + " s"
        by_task: dict[str, list[float]] = {}
        for report in self.reports:
            by_task.setdefault(report.get("task", ""), []).append(report["seconds"])
        if len(self.reports) > 1:
            text += f"; tasks on {self.processes} process(es): " + ", ".join(
                f"{task} {seconds[0]:.2f} s"
                if len(seconds) == 1
                else f"{len(seconds)} x {task} {sum(seconds):.2f} s (longest {max(seconds):.2f})"
                for task, seconds in by_task.items()
            )
        return text


def _pool(processes: int, warm_up: int | None, *, naive: bool = False):
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    pool = context.Pool(processes, initializer=_start_process, initargs=(barrier, warm_up, naive))
    barrier.wait(timeout=600)  # every process set up and warm: the clock starts after this
    return pool


class OtherLoad:
    """CPU seconds the machine spent on anything but the measured tasks while the clock ran
    (from /proc/stat): another test run, say. Near 0 for honest figures."""

    def __enter__(self):
        self.busy, self.own = _machine_busy(), _cpu()
        return self

    def __exit__(self, *exc):
        busy = _machine_busy()
        self.seconds = None if busy is None else busy - self.busy - (_cpu() - self.own)

    def others(self, tasks_cpu: float) -> float | None:
        return None if self.seconds is None else max(0.0, self.seconds - tasks_cpu)


def _machine_busy() -> float | None:
    """CPU seconds all processors have been busy since boot (Linux), else None."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:9]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _close(pool) -> None:
    pool.close()
    pool.join()


def measure_naive(meeting, warm_up: int | None) -> Run:
    pool = _pool(1, warm_up, naive=True)
    try:
        with OtherLoad() as load:
            report = pool.apply(_task_naive, (meeting.pk,))
    finally:
        _close(pool)
    run = Run(report["seconds"], report["peak_mb"], report["pages"], report["size"], 1, [report])
    run.others = load.others(run.cpu)
    return run


def queue_pack(meeting):
    """A queued edition of the pack, as boards.papers.services.packs.pack_request leaves it (without
    sending the task: the bench plays the worker)."""
    from django.db.models import Max

    from boards.papers.models import AgendaPack

    last = AgendaPack.objects.filter(meeting=meeting, kind=KIND, supplement=0).aggregate(
        n=Max("edition")
    )["n"]
    return AgendaPack.objects.create(
        organisation=meeting.organisation,
        meeting=meeting,
        kind=KIND,
        edition=(last or 0) + 1,
        state=AgendaPack.State.QUEUED,
    )


def measure_publish(meeting, processes: int, warm_up: int | None) -> Run:
    """render_pack, then (with more than one piece to render) the chord of render_pack_piece
    over `processes` processes, then finish_pack: the worker's path, timed from the first
    task's start to the last task's end."""
    pack = queue_pack(meeting)
    pool = _pool(processes, warm_up)
    try:
        with OtherLoad() as load:
            started = time.perf_counter()
            first = pool.apply(_task_render_pack, (pack.pk,))
            reports = [first]
            if len(first["pending"]) > 1:
                pieces = [(pack.pk, *piece) for piece in first["pending"]]
                reports.extend(pool.imap_unordered(_task_piece, pieces, chunksize=1))
                reports.append(pool.apply(_task_finish, (pack.pk,)))
            seconds = time.perf_counter() - started
    finally:
        _close(pool)
    pack.refresh_from_db()
    if pack.state != pack.State.READY:
        raise RuntimeError(f"The pack did not render: {pack.state} {pack.error}")
    run = Run(
        seconds,
        max(r["peak_mb"] for r in reports),
        pack.page_count,
        pack.pdf.size,
        len({r["pid"] for r in reports}),
        reports,
    )
    run.others = load.others(run.cpu)
    return run


def forget_renderings(organisation, keep: set[str] = frozenset()) -> None:
    """Delete the kept pieces (all but `keep`), rows and files: a cold cache."""
    from boards.papers.models import PaperRendering

    for rendering in PaperRendering.objects.filter(organisation=organisation).exclude(key__in=keep):
        rendering.pdf.delete(save=False)
        rendering.delete()


# Building the meetings -----------------------------------------------------------------------


def demo_meeting():
    """The demo council's meeting of 3 December 2018 (manage.py load_demo)."""
    from django.core.management import call_command

    from boards.models import Meeting
    from corporate_parenting import demo

    with open(os.devnull, "w") as quiet:
        call_command("load_demo", allow_without_debug=True, stdout=quiet)
    return Meeting.objects.select_related("board", "organisation").get(
        organisation__slug=demo.DEMO_ORGANISATION[1], starts_at__date=date(2018, 12, 3)
    )


SENTENCES = [
    "Children and young people told us they felt safe and settled in their homes.",
    "The response rate fell by eight percentage points compared with the previous year.",
    "Most children trusted their carers and thought their carers showed an interest in "
    "their education.",
    "The introduction of the assessment and safeguarding teams was designed to reduce the "
    "number of changes of social worker a child experiences.",
    "Contact arrangements are considered at every statutory review, held at least twice a "
    "year, and may be increased where reunification is being assessed.",
    "Independent visitors can be found where a child in care has no trusted adult.",
    "The district participation leads held events in every district over the summer.",
    "Care ambassadors represent the voice of children in care and care leavers at the board, "
    "at conferences, on interview panels and in training.",
    "The peer challenge team identified strengths in the investment in technology and in the "
    "number of personal advisers.",
    "Care leavers reported that they valued having the same personal adviser for longer.",
    "The service will report progress against each recommendation at the board's next meeting.",
    "Whilst the department has developed measures to retain staff, there will always be some "
    "turnover through promotion or staff moving away.",
    "Young people asked for fewer meetings held at school and more notice of their reviews.",
    "The virtual school tracks the attendance and attainment of every child in care.",
    "Feedback from the conference has been shared with the district teams and the "
    "participation officers.",
    "The proportion of care leavers in education, employment or training rose this year.",
    "Life story work needs to be age appropriate and to grow with the child.",
    "The survey provides a window into the world of some of the children in our care.",
    "Members asked that the findings be presented to the board again in six months.",
    "Placement stability remains a priority for the service and for the board.",
    "Health assessments were completed on time for most children entering care.",
    "The local offer for care leavers was revised with young people and published online.",
]
BULLETS = [
    "reduced changes of social worker through the new assessment teams",
    "recruiting volunteer independent visitors",
    "more training in life story work",
    "regularly reviewing contact arrangements",
    "a newsletter telling young people what changed because of what they said",
    "care ambassadors at every board meeting",
    "more notice of reviews and a choice of where they are held",
    "council tax exemption for care leavers up to 25",
    "a named worker for every young person leaving care",
    "district events in the school holidays",
]
INDICATORS = [
    "Feel settled where they live",
    "Trust their carers",
    "Carers notice how they feel",
    "Talk to carers about things that matter",
    "Know who their social worker is",
    "Trust their social worker",
    "Have a trusted adult",
    "Feel safe where they live",
    "Have a good friend",
    "Get to explore the outdoors",
    "Like school",
    "Feel their life is improving",
]
AGES = ["4-7 yrs", "8-11 yrs", "11-18 yrs"]
DISTRICTS = [
    "Basingstoke",
    "East Hampshire",
    "Eastleigh",
    "Fareham",
    "Gosport",
    "Hart",
    "Havant",
    "New Forest",
    "Rushmoor",
    "Test Valley",
    "Winchester",
]

# Seed 002's agenda, grown to ten papers: (title, purpose, pages aimed at, exempt); None for
# items without a paper. Aimed at about 100 pages of papers, 110 with the front matter and
# the blank pages before right-hand starts.
BENCH_AGENDA = [
    ("Apologies for absence", "", None, False),
    ("Declarations of interest", "", None, False),
    ("Minutes of previous meeting held on 25 September 2018", "", 4, False),
    ("Deputations", "", None, False),
    ("Chairman's announcements", "", None, False),
    ("Bright Spots survey of children in care", "an overview of the survey", 16, False),
    ("South East DCS peer challenge of care leaver service", "the peer challenge", 12, False),
    ("Participation update", "progress on participation", 16, False),
    ("Overview of participation conference", "the conference's feedback", 22, False),
    ("Ofsted focused visit published letter", "a summary of the letter", 8, False),
    ("Corporate Parenting Board annual report", "the board's annual report", 10, False),
    ("Feedback from members' workshop (verbal update only)", "", None, False),
    ("Virtual school annual report", "the virtual school's results", 6, False),
    ("Work programme", "the board's work programme", 6, False),
    ("Placement of a young person out of county", "an individual placement", 5, True),
]
# The small pack a "warm worker" has served before the clock starts (see `_start_process`).
WARM_UP_AGENDA = [
    ("Apologies for absence", "", None, False),
    ("Pledge progress", "progress on the pledge", 3, False),
    ("An individual placement", "an individual placement", 3, True),
]


def _prose(rng, words: int = 90) -> str:
    text: list[str] = []
    while sum(len(s.split()) for s in text) < words:
        text.append(rng.choice(SENTENCES))
    return " ".join(text)


def _paragraph(rng) -> str:
    return f"<p>{_prose(rng, rng.randint(60, 130))}</p>"


def _bullets(rng) -> str:
    items = rng.sample(BULLETS, rng.randint(3, 6))
    return (
        f"<p>{_prose(rng, 20)} The service has responded with:</p><ul>"
        + "".join(f"<li>{item.capitalize()};</li>" for item in items)
        + "</ul>"
    )


def _indicator_table(rng) -> str:
    """Bright Spots: each indicator by age band, against 16 other councils."""
    rows = []
    for indicator in rng.sample(INDICATORS, rng.randint(5, 10)):
        age = rng.choice(AGES)
        ours, theirs = rng.randint(55, 99), rng.randint(55, 99)
        compared = "Significantly higher" if ours - theirs > 5 else "Similar"
        rows.append(
            f"<tr><th>{indicator}</th><td>{age}</td><td>{ours}%</td><td>{theirs}%</td>"
            f"<td>{compared}</td></tr>"
        )
    return (
        "<table><thead><tr><th>Indicator</th><th>Age group</th><th>Hampshire</th>"
        "<th>16 other LAs</th><th>Compared</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _district_table(rng) -> str:
    """The participation log: events and young people by district."""
    rows = []
    for district in rng.sample(DISTRICTS, rng.randint(6, 11)):
        rows.append(
            f"<tr><th>{district}</th><td>{rng.randint(1, 9)}</td><td>{rng.randint(3, 60)}</td>"
            f"<td>{rng.choice(BULLETS).capitalize()}</td></tr>"
        )
    return (
        "<table><thead><tr><th>District</th><th>Events</th><th>Young people</th>"
        "<th>What they told us</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _blocks(rng, count: int) -> list[str]:
    """Numbered prose, bulleted lists and tables, mixed as the seed's reports mix them."""
    makers = [_paragraph] * 6 + [_bullets] * 2 + [_indicator_table, _district_table]
    return [rng.choice(makers)(rng) for _ in range(count)]


BLOCKS_PER_PAGE = 3.6  # measured on this content: about 3.6 blocks fill a page
FIXED_PAGES = 2.5  # header, recommendation, summary, conclusion and the standard wording
BODY_HEADINGS = ["Contextual information", "Performance", "What young people told us", "Next steps"]


def paper_snapshot(title: str, pages: int, seed: int) -> dict:
    """A frozen version's snapshot: the Hampshire layout (seed 002), about `pages` pages."""
    import random

    from boards.papers.demo.reports import EQUALITY_DUTY, SECTION_100D_HAMPSHIRE, STRATEGIC_PLAN

    rng = random.Random(seed)
    blocks = _blocks(rng, max(2, round((pages - FIXED_PAGES) * BLOCKS_PER_PAGE)))
    body = len(BODY_HEADINGS)
    share = -(-len(blocks) // body)
    sections = [
        {
            "heading": "Recommendation",
            "numbered": True,
            "html": "<p>That the Corporate Parenting Board note the contents of this report.</p>",
        },
        {"heading": "Executive summary", "numbered": True, "html": _paragraph(rng)},
    ]
    for index, heading in enumerate(BODY_HEADINGS):
        html = "".join(blocks[index * share : (index + 1) * share])
        if html:
            sections.append({"heading": heading, "numbered": True, "html": html})
    sections += [
        {"heading": "Conclusion", "numbered": True, "html": _paragraph(rng)},
        {"heading": "Links to the strategic plan", "numbered": False, "html": STRATEGIC_PLAN},
        {"heading": "Section 100D background documents", "numbered": False, "html": ""},
        {"heading": "Equality duty", "numbered": False, "html": EQUALITY_DUTY},
    ]
    sections[-2]["html"] = SECTION_100D_HAMPSHIRE
    return {"header": {"title": title}, "sections": sections, "young_people_summary": ""}


def bench_meeting(
    agenda=BENCH_AGENDA, *, name="Bench County Council", slug="bench-packs", scale=1.0
):
    """A pack the size of seed 002's: ten published papers, one exempt, about 110 pages (or
    the meeting of `agenda`, in an organisation of its own), every paper `scale` times as
    long."""
    from django.utils import timezone

    from boards.models import AgendaItem, Board, Meeting
    from boards.papers.models import Report, ReportTemplate, ReportVersion
    from corporate_parenting.models import Organisation

    organisation = Organisation.objects.create(name=name, slug=slug)
    board = Board.objects.create(
        organisation=organisation,
        name="Corporate Parenting Board",
        parent_body="a sub-committee of the Children and Families Advisory Panel",
        usual_venue="Chute Room, Elizabeth II Court, Winchester",
        enquiries_contact="members.services@example.org",
    )
    meeting = Meeting.objects.create(
        organisation=organisation,
        board=board,
        starts_at=timezone.make_aware(datetime(2018, 12, 3, 14, 0)),
        venue=board.usual_venue,
        status=Meeting.Status.AGENDA_PUBLISHED,
    )
    template = ReportTemplate.objects.create(
        organisation=organisation,
        name="Committee report",
        header_fields=[key for key, _ in ReportTemplate.HEADER_FIELDS],
    )
    for position, (title, purpose, pages, exempt) in enumerate(agenda):
        item = AgendaItem.objects.create(
            organisation=organisation,
            meeting=meeting,
            position=position,
            number=str(position + 1),
            title=title,
            purpose=f"To receive a report from the Director of Children's Services with {purpose}."
            if purpose
            else "",
            exempt=exempt,
            exempt_paragraph=AgendaItem.ExemptParagraph.P2 if exempt else None,
        )
        if pages is None:
            continue
        report = Report.objects.create(
            organisation=organisation,
            template=template,
            board=board,
            title=title,
            reference=f"CPB-{position + 1:03d}",
            report_from="Director of Children's Services",
            contact_name="Report Author",
            telephone="01962 000000",
            email="report.author@example.org",
            status=Report.Status.PUBLISHED,
            exempt=exempt,
            exempt_paragraph=AgendaItem.ExemptParagraph.P2 if exempt else None,
            agenda_item=item,
        )
        ReportVersion.objects.create(
            organisation=organisation,
            report=report,
            number=1,
            frozen=True,
            snapshot=paper_snapshot(title, pages * scale, seed=position),
        )
    return Meeting.objects.select_related("board", "organisation").get(pk=meeting.pk)


# Edits -----------------------------------------------------------------------------------------


@dataclass
class Paper:
    report: object  # None for a paper from the board's own records
    name: str  # the piece's name in boards.papers.packs
    key: str
    pages: int
    first_page: int
    entry_pages: int = 0  # with its appendices


def papers_in_pack(meeting) -> list[Paper]:
    """The papers (not appendices) of the pack as last published, with their first pages."""
    from boards.papers import pack_pdf
    from boards.papers.models import AgendaPack, PaperRendering, Report
    from boards.papers.packs import pack_entries, piece_key

    reports = {
        r.agenda_item_id: r
        for r in Report.objects.filter(agenda_item__meeting=meeting, status=Report.Status.PUBLISHED)
    }
    kept = dict(
        PaperRendering.objects.filter(organisation=meeting.organisation).values_list(
            "key", "page_count"
        )
    )
    pieces, papers = [], []
    for entry in pack_entries(meeting=meeting, kind=KIND):
        first_piece = len(pieces)
        for index, source in enumerate(entry.sources):
            if source.upload is not None:
                with source.upload.file.open("rb") as f:
                    pages = pack_pdf.page_count(f.read())
            else:
                key = piece_key(source.html)
                pages = kept[key]
            pieces.append((pages, index == 0))
        # Papers from the board's own records (minutes, action log, work programme) have
        # no report to edit, but take their place in the pack.
        report = reports.get(entry.item_id)
        if entry.sources and report is not None:
            first = entry.sources[0]
            entry_pages = sum(pages for pages, _ in pieces[first_piece:])
            paper = Paper(report, first.name, piece_key(first.html), pieces[first_piece][0], 0)
            paper.entry_pages = entry_pages
            papers.append(paper)
        elif entry.sources:
            papers.append(Paper(None, entry.sources[0].name, "", pieces[first_piece][0], 0))
    # The front matter's length: the one that makes the layout end where the pack ends.
    pack = AgendaPack.objects.filter(
        meeting=meeting, kind=KIND, state=AgendaPack.State.READY
    ).latest("edition")
    for front in range(1, 20):
        starts = pack_pdf.layout(pieces, first_page=front + 1)
        if starts and starts[-1] + pieces[-1][0] - 1 == pack.page_count:
            break
    firsts = iter(start for start, (_, right) in zip(starts, pieces, strict=True) if right)
    for paper in papers:
        paper.first_page = next(firsts)
    return papers


def reports_in_pack(meeting) -> list[Paper]:
    """The papers of the pack that are reports (which an author can edit)."""
    return [paper for paper in papers_in_pack(meeting) if paper.report is not None]


def current_version(report):
    return report.versions.filter(frozen=True).order_by("-number").first()


def add_version(report, snapshot: dict):
    from boards.papers.models import ReportVersion

    latest = report.versions.order_by("-number").first()
    return ReportVersion.objects.create(
        organisation=report.organisation,
        report=report,
        number=latest.number + 1,
        frozen=True,
        snapshot=snapshot,
    )


def latest_pack(meeting):
    from boards.papers.models import AgendaPack

    return AgendaPack.objects.filter(meeting=meeting, kind=KIND, supplement=0).latest("edition")


def correct(report, original, edit):
    """`edit` published as a correction of `report`, as correction_publish leaves it. The
    last edition is made to have carried `original` (the bench's earlier edits were undone,
    so their version numbers come round again)."""
    from django.utils import timezone

    from boards.papers.models import ReportCorrection

    previous = latest_pack(report.agenda_item.meeting)
    previous.versions = {**previous.versions, str(report.pk): original.number}
    previous.save(update_fields=["versions"])
    return ReportCorrection.objects.create(
        organisation=report.organisation,
        report=report,
        reason="A figure was wrong.",
        summary="paragraph 2.3 corrected",
        status=ReportCorrection.Status.PUBLISHED,
        base_version=original,
        version=edit,
        published_at=timezone.now(),
    )


def _text_word_positions(html: str, word: str) -> list[int]:
    """Offsets of `word` (a whole word) in the text between tags, not inside a tag."""
    positions = []
    for text in re.finditer(r">([^<]+)", html):
        for found in re.finditer(rf"\b{word}\b", text.group(1)):
            positions.append(text.start(1) + found.start())
    return positions


def edit_same_length(snapshot: dict, occurrence: int) -> dict:
    """The snapshot with one word changed for another of the same length ("the" to "its", the
    `occurrence`th one), so the paper keeps its length."""
    import copy

    edited = copy.deepcopy(snapshot)
    seen = 0
    for section in edited.get("sections", []):
        html = section.get("html", "")
        positions = _text_word_positions(html, "the")
        if seen + len(positions) > occurrence:
            at = positions[occurrence - seen]
            section["html"] = html[:at] + "its" + html[at + 3 :]
            return edited
        seen += len(positions)
    raise ValueError("No word left to change")


def edit_adding(snapshot: dict, paragraphs: int, marker: int) -> dict:
    """The snapshot with `paragraphs` paragraphs added to its last numbered section."""
    import copy
    import random

    edited = copy.deepcopy(snapshot)
    numbered = [s for s in edited.get("sections", []) if s.get("numbered", True)]
    section = numbered[-1] if numbered else edited["sections"][-1]
    rng = random.Random(1000 + marker)
    added = "".join(f"<p>{_prose(rng, 90)}</p>" for _ in range(paragraphs))
    section["html"] = section.get("html", "") + added
    return edited


def paper_pages_with(meeting, paper: Paper, snapshot: dict) -> int:
    """How many pages the paper would take with this snapshot (rendered here, not kept)."""
    from boards.papers import pack_pdf
    from boards.papers.packs import pack_sources

    version = add_version(paper.report, snapshot)
    try:
        sources = pack_sources(meeting=meeting, kind=KIND)
        html = next(s.html for s in sources if s.name == paper.name)
        return pack_pdf.render_html(html)[1]
    finally:
        version.delete()


def paragraphs_for_one_more_page(meeting, paper: Paper, snapshot: dict) -> int:
    """The fewest added paragraphs that make the paper one page longer (bisection)."""
    low, high = 0, 2
    while paper_pages_with(meeting, paper, edit_adding(snapshot, high, 0)) <= paper.pages:
        low, high = high, high * 2
        if high > 64:
            raise RuntimeError("Could not grow the paper by a page")
    while high - low > 1:
        middle = (low + high) // 2
        if paper_pages_with(meeting, paper, edit_adding(snapshot, middle, 0)) > paper.pages:
            high = middle
        else:
            low = middle
    return high


# The benchmark ---------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    runs: list[Run]
    note: str = ""

    @property
    def median_run(self) -> Run:
        return sorted(self.runs, key=lambda r: r.seconds)[(len(self.runs) - 1) // 2]

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def others(self) -> str:
        values = [r.others for r in self.runs if r.others is not None]
        return f"{max(values):.2f}" if values else "?"

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def best(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def pages(self) -> int:
        return self.runs[-1].pages


def bench(meeting, label: str, iterations: int, warm_up_meeting) -> None:
    from boards.papers.packs import pack_sources

    sources = pack_sources(meeting=meeting, kind=KIND)
    print(f"\n== {label}: {meeting.organisation}, {meeting}: members' pack ==")
    print(f"{len(sources)} pieces for WeasyPrint besides the front matter", flush=True)
    modes = [
        (
            "fresh processes: as a worker process starts (pipeline: boards.papers.packs.warm_up; "
            "naive: a one-line document rendered)",
            None,
        ),
        (
            "warm worker: the processes have also served a small pack (2 papers) their way",
            warm_up_meeting.pk,
        ),
    ]
    for title, warm_up in modes:
        print(f"\n-- {title} --", flush=True)
        naive, publish_two, publish_one, republish = measure_all(meeting, iterations, warm_up)
        print_results(naive, [naive, publish_two, publish_one, *republish])
        print_targets(naive, publish_two, publish_one, republish)


def measure_all(meeting, iterations: int, warm_up: int | None):
    """The naive render, the cold publishes and the two re-publishes of `meeting`."""
    from boards.papers.models import PaperRendering

    organisation = meeting.organisation
    naive = Result(
        "naive: one WeasyPrint document",
        [measure_naive(meeting, warm_up) for _ in range(iterations)],
    )
    one, two = [], []
    for _ in range(iterations):
        forget_renderings(organisation)
        one.append(measure_publish(meeting, 1, warm_up))
    for _ in range(iterations):
        forget_renderings(organisation)
        two.append(measure_publish(meeting, WORKER_PROCESSES, warm_up))
    publish_two = Result(f"full publish, cold, {WORKER_PROCESSES} processes", two)
    publish_one = Result("full publish, cold, 1 process", one)

    republish: list[Result] = []
    papers = reports_in_pack(meeting)
    if not papers:
        print("No published papers on this meeting: the re-publish figures are left out.")
        return naive, publish_two, publish_one, republish
    kept = set(
        PaperRendering.objects.filter(organisation=organisation).values_list("key", flat=True)
    )
    papers_before = papers_in_pack(meeting)
    # One edit keeping the length: the paper nearest 10 pages (PDF.md's "10-page report").
    same = min(papers, key=lambda p: (abs(p.pages - 10), p.first_page))
    original = current_version(same.report)
    runs = []
    for n in range(iterations):
        forget_renderings(organisation, keep=kept)
        edit = add_version(same.report, edit_same_length(original.snapshot, n))
        runs.append(measure_publish(meeting, WORKER_PROCESSES, warm_up))
        after = next(p for p in papers_in_pack(meeting) if p.name == same.name)
        edit.delete()
    republish.append(
        Result(
            "re-publish, one edit, same length",
            runs,
            f"{same.name} ({same.pages} pages, now {after.pages}; pages {same.first_page}-"
            f"{same.first_page + same.pages - 1}): one word changed",
        )
    )
    forget_renderings(organisation, keep=kept)

    # The correction path (issue 12, decision 0018): the same one-word edit, published as a
    # correction, so the re-issued edition also prints "Revised: item N, ..." on its cover
    # (the front matter is rendered again, once more if that moves the page ranges).
    runs = []
    for n in range(iterations):
        forget_renderings(organisation, keep=kept)
        edit = add_version(same.report, edit_same_length(original.snapshot, iterations + n))
        correction = correct(same.report, original, edit)
        runs.append(measure_publish(meeting, WORKER_PROCESSES, warm_up))
        revised = latest_pack(meeting).revisions
        if not revised:
            raise RuntimeError("The re-issued pack names no correction")
        correction.delete()
        edit.delete()
    republish.append(
        Result(
            "re-issue after a correction",
            runs,
            f"{same.name}: one word corrected, the cover printing "
            f'"Revised: item {revised[0]["item"]}, {revised[0]["summary"]}"',
        )
    )
    forget_renderings(organisation, keep=kept)

    # One edit adding a page to an early paper whose item (paper and appendices) has an even
    # length, so a blank page comes in before the next paper and every later paper moves.
    last = papers_in_pack(meeting)[-1].name
    evens = [p for p in papers if p.entry_pages % 2 == 0 and p.name != last]
    grown = (evens or papers)[0]
    original = current_version(grown.report)
    added = paragraphs_for_one_more_page(meeting, grown, original.snapshot)
    runs = []
    for n in range(iterations):
        forget_renderings(organisation, keep=kept)
        edit = add_version(grown.report, edit_adding(original.snapshot, added, n))
        runs.append(measure_publish(meeting, WORKER_PROCESSES, warm_up))
        moved = papers_in_pack(meeting)
        edit.delete()
    later = [p for p in moved if p.first_page > grown.first_page + 1]
    now = next(p.pages for p in moved if p.name == grown.name)
    before = {p.name: p.first_page for p in papers_before}
    shift = sorted({p.first_page - before[p.name] for p in later})
    republish.append(
        Result(
            "re-publish, one edit adding a page",
            runs,
            f"{grown.name} ({grown.pages} pages, now {now}: {added} paragraph(s) added); "
            f"{len(later)} later paper(s) moved by {shift or [0]} page(s)",
        )
    )
    forget_renderings(organisation, keep=kept)
    return naive, publish_two, publish_one, republish


def print_results(naive: Result, results: list[Result]) -> None:
    header = ("", "pages", "seconds", "best", "pages/s", "CPU s", "others", "peak MB")
    print(
        f"{header[0]:<36} {header[1]:>5} {header[2]:>7} {header[3]:>6} {header[4]:>7} "
        f"{header[5]:>6} {header[6]:>6} {header[7]:>7} x naive"
    )
    for result in results:
        ratio = result.seconds / naive.seconds
        print(
            f"{result.label:<36} {result.pages:>5} {result.seconds:>7.2f} {result.best:>6.2f} "
            f"{result.pages / result.seconds:>7.1f} {result.cpu:>6.2f} {result.others:>6} "
            f"{result.peak_mb:>7.0f} {ratio:>7.2f}"
        )
        if result.note:
            print(f"    {result.note}")
        print(f"    where: {result.median_run.where()}")
    warm = naive.runs[0].reports[0]
    print(
        f"warm-up of each process, not in the seconds: django.setup() {warm['setup_s']:.2f} s, "
        f"then {warm['warm_s']:.2f} s; peak memory after it {warm['warm_mb']:.0f} MB (in the "
        "peak figures)"
    )


def _met(value: float, target: float) -> str:
    return "met" if value <= target else "missed"


def print_targets(naive: Result, publish: Result, one: Result, republish: list[Result]) -> None:
    if naive.pages != publish.pages:
        print(
            f"note: the naive document has {naive.pages} pages, the pack {publish.pages}: "
            "bench/naive_pack.html prints no appendices and none of the papers from the "
            "board's own records (minutes, action log, work programme). The ratios compare "
            "times as they are; 'per page' compares seconds per page."
        )
    print("targets (medians; in brackets the best run over the best naive run):")
    for result, target in [(publish, TARGET_PUBLISH)] + [(r, TARGET_REPUBLISH) for r in republish]:
        ratio = result.seconds / naive.seconds
        per_page = ""
        if naive.pages != publish.pages:
            per_page = f", per page {ratio * naive.pages / publish.pages:.2f}x"
        print(
            f"  {result.label} <= {target}x naive: {ratio:.2f}x ({result.best / naive.best:.2f}x"
            f"{per_page})  {_met(ratio, target)}"
        )
    worst = max([publish, one, *republish], key=lambda r: r.peak_mb)
    print(
        f"  worker peak memory <= {TARGET_MEMORY_MB} MB (target set for a ~120-page pack; this "
        f"one has {publish.pages} pages): {worst.peak_mb:.0f} MB ({worst.label})  "
        f"{_met(worst.peak_mb, TARGET_MEMORY_MB)}"
    )


LEGEND = """\
What the figures are (members' pack, every paper in; figures are medians of -n runs, peak
memory the largest of them):
- Every run is in new processes (multiprocessing "spawn"): each set up Django, imported the
  task modules and WeasyPrint, rendered and assembled a one-line document, and only then did
  the clock start. So the seconds exclude interpreter start, imports and that warm-up; the
  peak memory includes them: it is the whole process, Django and WeasyPrint loaded.
  "fresh processes" stop there; for the pipeline that includes boards.papers.packs.warm_up(), which
  boards/papers/tasks.py runs when each worker process starts (URLs loaded, pack
  templates compiled, fonts met); the naive render has no such step. "warm worker" processes
  have also served a small pack (2 short papers) their own way (the naive render's as one
  document, the others through the pipeline, members emailed), as a worker that has been up
  a while has: its steady state. Peak memory is VmHWM
  (/proc/self/status), not ru_maxrss: a process started by fork and exec keeps its parent's
  ru_maxrss on Linux, so each would report at least this orchestrating process's peak.
- naive: the first slice: bench/naive_pack.html as one WeasyPrint document (margin boxes,
  target-counter page ranges), HTML built from the database, write_pdf(pdf/ua-1), file stored.
- full publish, cold: no kept pieces; the worker's path from boards/papers/tasks.py: render_pack
  (claim, list the missing pieces), the render_pack_piece chord over the processes (one piece
  at a time to whichever process is free, as prefetch 1 with late acks does), then finish_pack
  (front matter, assembly, stored, members emailed to an in-memory mailbox). Timed from the
  first task's start to the last one's end, queue hops between processes included (a real
  broker adds its own latency). Peak memory: the largest process.
- re-publish: after that publish, one report gets a new frozen version; the other pieces are
  kept. With one piece missing render_pack finishes the pack itself, on one process. Each
  edit starts again from the state after the full publish (the other edit undone).
- Columns: pages of the pack; wall-clock seconds (median of the -n runs) and the best run;
  pages per second; CPU s, the CPU seconds of the measured processes; others, the most CPU
  seconds the rest of the machine used during one of the runs (/proc/stat: well above 0,
  something else competed for the 2 cores and the seconds are inflated: run again, or look
  at the best run); peak MB, the largest process's peak RSS; x naive, seconds over the naive
  render's.
- where: task seconds summed over the processes, inside WeasyPrint (pack_pdf.render_html, or
  layout and write_pdf for the naive render), inside the assembly (pack_pdf.assemble) and the
  rest (building HTML from the database, hashing, storing files, queries); then per task.
"""


def run(iterations: int, scale: float = 1.0) -> None:
    import django

    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(LEGEND)
    started = time.perf_counter()
    demo = demo_meeting()
    synthetic = bench_meeting(scale=scale)
    warm_up = bench_meeting(WARM_UP_AGENDA, name="Warm-up County Council", slug="bench-warm-up")
    print(f"Data built in {time.perf_counter() - started:.1f} s")
    bench(demo, "(a) the demo meeting", iterations, warm_up)
    bench(synthetic, "(b) a pack the size of seed 002", iterations, warm_up)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-n", "--iterations", type=int, default=1, help="measured runs of each variant"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="make the seed-002-sized pack's papers this many times as long (1.1: ~120 pages)",
    )
    args = parser.parse_args()

    handle, name = tempfile.mkstemp(prefix="cp-bench-packs-", suffix=".sqlite3")
    os.close(handle)
    database = Path(name)
    media = Path(tempfile.mkdtemp(prefix="cp-bench-packs-media-"))
    harness.configure_environment(database)
    os.environ["MEDIA_ROOT"] = str(media)
    os.environ["EMAIL_URL"] = "memorymail://"  # members are emailed, into memory
    # WhiteNoise notes that STATIC_ROOT was never collected; irrelevant here.
    warnings.filterwarnings("ignore", message="No directory at: ")
    try:
        run(args.iterations, args.scale)
    finally:
        from django.db import connections

        connections.close_all()
        database.unlink(missing_ok=True)
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()

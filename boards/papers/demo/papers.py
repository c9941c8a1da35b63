"""The published papers of the demo board's meeting of 3 December 2018 (seed 002's agenda pack).

Seed 002 is the real 112-page pack of that meeting. Its papers are reproduced here only in
kind: the same agenda items, the council's report template and the kinds of content each paper
had (response rates by age band and indicators against a comparison group in the Bright Spots
survey report, strengths and areas for consideration from the care leaver peer challenge,
district events and "You said, We did" in the participation update, the conference's feedback
as a designed PDF appendix, the board's first annual report). The words are our own, every
figure and every quotation is invented, and no person is named: officers appear by their role.
Nothing here is about a real child.

The texts are data files, one folder a paper under texts/papers/ (texts/README.md): its
paper.toml (title, reference, contact, when each step happened, the reviewers' notes, its
answers to the template's standard blocks), one HTML file a section it writes itself, the
summary for young people as plain text, and for the conference paper the booklet it attaches.

The papers are made as the product makes them: each is created from the "Hampshire County
Council committee report" template by its author (the Head of Children in Care Service, or the
Participation Lead for the participation papers), saved, sent for clearance, cleared by someone
else (one is sent back once with changes requested), and published by the clerk onto its agenda
item, which writes the frozen version the pack prints. The meeting is in the past: the clerk
publishes `as_of` a week before it (the service's parameter for loading past records), and the
rows each step wrote are then dated when it would have happened in November 2018 (`_dated`).

Two of seed 002's papers are not reports: the minutes of the previous meeting and the work
programme. The pack prints both from the board's own records (boards/papers/packs.py). The exempt
item the demo invents (14) has a short exempt paper, so the members' pack differs from the
public one.

`load(organisation)` is called by `manage.py load_demo` after boards.papers.demo.reports. It does
nothing if the meeting already has a paper, or if the board, the meeting or the template is
missing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from string import Template

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from boards.demo import BOARD_NAME
from boards.models import AgendaItem, Board, Meeting
from boards.papers.demo import textfiles as texts
from boards.papers.demo.reports import HAMPSHIRE_NAME
from boards.papers.models import Report, ReportTemplate
from boards.papers.services import report_workflow
from boards.papers.services.reports import report_appendix_add, report_create, report_save
from corporate_parenting.models import Membership, User

MEETING_DAY = date(2018, 12, 3)

OFFICER_EMAIL = "officer@example.org"  # Head of Children in Care Service
PARTICIPATION_EMAIL = "participation@example.org"  # Participation Lead
CLERK_EMAIL = "clerk@example.org"  # Democratic Services Officer

DCS = "Director of Children's Services"

# Section headings of the Hampshire template (boards.papers.demo.reports.HAMPSHIRE_SECTIONS).
RECOMMENDATION = "Recommendation"
SUMMARY = "Summary"
CONTEXT = "Contextual information"
PERFORMANCE = "Performance"
CONSULTATION = "Consultation and Equalities"
CONCLUSION = "Conclusion"
STRATEGIC_PLAN = "Corporate or legal information: Links to the Strategic Plan"
BACKGROUND = "Section 100 D - Local Government Act 1972 - background documents"
EQUALITY = "Impact assessments: Equality Duty"


# The template's three standard blocks, which each paper answers in its paper.toml. ---------


def p(*paragraphs: str) -> str:
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in paragraphs)


def lead(label: str, text: str) -> str:
    """A paragraph starting with a few words in bold."""
    return f"<p><strong>{escape(label, quote=False)}</strong> {escape(text, quote=False)}</p>"


def table(head: tuple[str, ...], rows) -> str:
    """A table with a header row; the first cell of each row is a row header."""
    header = "".join(f'<th scope="col">{escape(cell, quote=False)}</th>' for cell in head)
    body = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            text = escape(str(cell), quote=False)
            if index == 0:
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"


STRATEGIC_AIMS = (
    "Hampshire maintains strong and sustainable economic growth and prosperity",
    "People in Hampshire live safe, healthy and independent lives",
    "People in Hampshire enjoy a rich and diverse environment",
    "People in Hampshire enjoy being part of strong, inclusive communities",
)


def strategic_plan(*answers: str, member_decisions: str = "none", legislation: str = "none"):
    """The template's Strategic Plan block with each aim answered."""
    rows = [(aim, answer) for aim, answer in zip(STRATEGIC_AIMS, answers, strict=True)]
    return (
        table(("Aim of the Strategic Plan", "Links to it"), rows)
        + "<p><strong>Other Significant Links</strong></p>"
        + p(
            f"Links to previous Member decisions: {member_decisions}",
            f"Direct links to specific legislation or Government Directives: {legislation}",
        )
    )


def background(*documents: tuple[str, str]) -> str:
    """The Section 100D paragraph with its list of documents (or "None")."""
    rows = list(documents) or [("None", "")]
    return texts.html("standard/background-documents.html") + table(("Document", "Location"), rows)


def equality(assessment: str) -> str:
    return texts.html("standard/equality-duty.html") + lead(
        "Equalities Impact Assessment:", assessment
    )


# The papers: texts/papers/<item>-<name>/, one folder a paper (texts/README.md) ---------------


@dataclass(frozen=True)
class ChangesRequested:
    """The reviewer sent the first draft back; the author changed `sections` and re-sent it."""

    note: str
    reply: str
    first_draft: dict[str, str]  # heading -> the section as first sent
    at: datetime
    revised_at: datetime


@dataclass(frozen=True)
class Paper:
    item: str  # agenda item number
    title: str
    reference: str
    author: str  # demo user's email
    reviewer: str
    contact: str  # a role, never a person
    telephone: str  # Ofcom's numbers for drama: they reach no one
    email: str
    summary_for_young_people: str
    sections: dict[str, str]
    created: datetime  # when each step of its journey happened (London time, November 2018)
    submitted: datetime
    cleared: datetime
    submit_note: str = ""
    clear_note: str = ""
    changes: ChangesRequested | None = None
    exempt_paragraph: int | None = None
    appendix: tuple[str, str, Callable[[], bytes]] | None = None  # title, file name, maker


# The sections a paper writes in its own files; the other three are the template's standard
# blocks, answered in paper.toml.
SECTION_FILES = {
    RECOMMENDATION: "recommendation.html",
    SUMMARY: "summary.html",
    CONTEXT: "context.html",
    PERFORMANCE: "performance.html",
    CONSULTATION: "consultation.html",
    CONCLUSION: "conclusion.html",
}


def _own_sections(folder: str) -> dict[str, str]:
    return {
        heading: texts.html(f"{folder}/{name}")
        for heading, name in SECTION_FILES.items()
        if texts.exists(f"{folder}/{name}")
    }


def _paper(folder: str) -> Paper:
    data = texts.toml(f"{folder}/paper.toml")
    plan, changes, appendix = data["strategic_plan"], data.get("changes_requested"), None
    if "appendix" in data:
        appendix = (
            data["appendix"]["title"],
            data["appendix"]["file"],
            lambda: conference_feedback_pdf(folder),
        )
    return Paper(
        item=data["item"],
        title=data["title"],
        reference=data["reference"],
        author=data["author"],
        reviewer=data["reviewer"],
        contact=data["contact"],
        telephone=data["telephone"],
        email=data["email"],
        summary_for_young_people=texts.prose(f"{folder}/summary-for-young-people.txt"),
        sections={
            **_own_sections(folder),
            STRATEGIC_PLAN: strategic_plan(
                *plan["answers"],
                member_decisions=plan.get("member_decisions", "none"),
                legislation=plan.get("legislation", "none"),
            ),
            BACKGROUND: background(*map(tuple, data["background"]["documents"])),
            EQUALITY: equality(data["equality"]["assessment"]),
        },
        created=_london(data["created"]),
        submitted=_london(data["submitted"]),
        cleared=_london(data["cleared"]),
        submit_note=data.get("submit_note", ""),
        clear_note=data.get("clear_note", ""),
        changes=changes
        and ChangesRequested(
            note=changes["note"],
            reply=changes["reply"],
            first_draft=_own_sections(f"{folder}/first-draft"),
            at=_london(changes["at"]),
            revised_at=_london(changes["revised_at"]),
        ),
        exempt_paragraph=(
            AgendaItem.ExemptParagraph(data["exempt_paragraph"])
            if "exempt_paragraph" in data
            else None
        ),
        appendix=appendix,
    )


def _london(moment: datetime) -> datetime:
    return timezone.make_aware(moment)


PUBLISHED = _london(datetime(2018, 11, 22, 15, 30))  # the clerk puts the papers on the agenda
PAPERS = tuple(_paper(folder) for folder in texts.folders("papers"))


# An appendix: a designed PDF, as the participation team would upload it. Its page is
# appendix.html in the paper's folder, with $names filled from appendix.toml.


def _li(items) -> str:
    return "".join(f"<li>{escape(item, quote=False)}</li>" for item in items)


def _rows(rows) -> str:
    return "".join(
        f'<tr><th scope="row">{escape(str(first), quote=False)}</th>'
        + "".join(f"<td>{escape(str(cell), quote=False)}</td>" for cell in rest)
        + "</tr>"
        for first, *rest in rows
    )


def _quotes(quotes) -> str:
    return "".join(f"<blockquote><p>{escape(q, quote=False)}</p></blockquote>" for q in quotes)


def conference_feedback_html(folder: str = "papers/09-conference") -> str:
    data = texts.toml(f"{folder}/appendix.toml")
    staff = sum(row[1] for row in data["register"])
    young = sum(row[2] for row in data["register"])
    return Template(texts.text(f"{folder}/appendix.html")).substitute(
        everyone=staff + young,
        staff=staff,
        young=young,
        register=_rows(data["register"]),
        ideal_social_worker=_li(data["ideal_social_worker"]),
        no_more=_li(data["no_more"]),
        yes_more=_li(data["yes_more"]),
        new_names=_rows(data["new_names"]),
        day_feedback=_quotes(data["day_feedback"]),
        staff_feedback=_quotes(data["staff_feedback"]),
        next_time=_li(data["next_time"]),
    )


def conference_feedback_pdf(folder: str = "papers/09-conference") -> bytes:
    """The booklet as a tagged PDF (PDF/UA-1), made when the demo loads, never committed."""
    from weasyprint import HTML  # slow to import: only when the demo loads

    return HTML(string=conference_feedback_html(folder)).write_pdf(pdf_variant="pdf/ua-1")


# Loading ---------------------------------------------------------------------------------------


@contextmanager
def _dated(report: Report | None, moment: datetime):
    """Date what the block writes for `report` (its versions and comments; the report itself
    when the block creates it) at `moment`: the services stamp rows with the time they run."""
    versions = set(report.versions.values_list("pk", flat=True)) if report else set()
    comments = set(report.comments.values_list("pk", flat=True)) if report else set()
    written: list[Report] = []
    yield written
    for each in [report, *written]:
        if each is None:
            continue
        each.versions.exclude(pk__in=versions).update(saved_at=moment)
        each.comments.exclude(pk__in=comments).update(created=moment)
        Report.objects.filter(pk=each.pk).update(updated=moment)
    for created in written:
        Report.objects.filter(pk=created.pk).update(created=moment)


def _template_sections(template: ReportTemplate) -> dict[str, int]:
    return {section.heading: section.pk for section in template.sections.all()}


def _save(report: Report, user, sections: dict[str, str], ids: dict[str, int], paper: Paper):
    report_save(
        report=report,
        by=user,
        expected_revision=report.revision,
        header={
            "title": paper.title,
            "reference": paper.reference,
            "report_from": DCS,
            "contact_name": paper.contact,
            "telephone": paper.telephone,
            "email": paper.email,
        },
        sections={ids[heading]: html for heading, html in sections.items()},
        young_people_summary=paper.summary_for_young_people,
        exempt=paper.exempt_paragraph is not None,
        exempt_paragraph=paper.exempt_paragraph,
    )


def _publish(paper: Paper, *, board, item, template, ids, users, memberships) -> Report:
    author, reviewer, clerk = users[paper.author], users[paper.reviewer], users[CLERK_EMAIL]
    with _dated(None, paper.created) as written:
        report = report_create(
            organisation=board.organisation,
            template=template,
            title=paper.title,
            board=board,
            by=author,
        )
        written.append(report)
        first = {**paper.sections, **(paper.changes.first_draft if paper.changes else {})}
        _save(report, author, first, ids, paper)
        if paper.appendix is not None:
            title, name, make = paper.appendix
            report_appendix_add(report=report, title=title, file=ContentFile(make(), name=name))
    with _dated(report, paper.submitted):
        report_workflow.report_submit(
            report=report, by=author, membership=memberships[author.pk], note=paper.submit_note
        )
    if paper.changes is not None:
        with _dated(report, paper.changes.at):
            report_workflow.report_request_changes(
                report=report,
                by=reviewer,
                membership=memberships[reviewer.pk],
                note=paper.changes.note,
            )
        with _dated(report, paper.changes.revised_at):
            report.refresh_from_db()
            _save(report, author, paper.sections, ids, paper)
            report_workflow.report_submit(
                report=report,
                by=author,
                membership=memberships[author.pk],
                note=paper.changes.reply,
            )
    with _dated(report, paper.cleared):
        report_workflow.report_clear(
            report=report, by=reviewer, membership=memberships[reviewer.pk], note=paper.clear_note
        )
    with _dated(report, PUBLISHED):
        report = report_workflow.report_publish(
            report=report,
            by=clerk,
            membership=memberships[clerk.pk],
            item=item,
            as_of=PUBLISHED,
        )
    report.refresh_from_db()
    return report


def december_2018(organisation) -> Meeting | None:
    board = Board.objects.for_organisation(organisation).filter(name=BOARD_NAME).first()
    if board is None:
        return None
    return next(
        (
            meeting
            for meeting in board.meetings.all()
            if timezone.localtime(meeting.starts_at).date() == MEETING_DAY
        ),
        None,
    )


@transaction.atomic
def load(organisation):
    """Publish the December 2018 papers, once. Returns the published reports."""
    meeting = december_2018(organisation)
    template = (
        ReportTemplate.objects.for_organisation(organisation).filter(name=HAMPSHIRE_NAME).first()
    )
    if meeting is None or template is None:
        return []
    existing = Report.objects.for_organisation(organisation).filter(agenda_item__meeting=meeting)
    if existing.exists():
        return list(existing)
    emails = {OFFICER_EMAIL, PARTICIPATION_EMAIL, CLERK_EMAIL}
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(
            organisation=organisation, user__email__in=emails, is_active=True
        )
    }
    users = {u.email: u for u in User.objects.filter(pk__in=memberships)}
    if set(users) != emails:
        return []
    items = {item.number: item for item in meeting.items.all()}
    ids = _template_sections(template)
    return [
        _publish(
            paper,
            board=meeting.board,
            item=items[paper.item],
            template=template,
            ids=ids,
            users=users,
            memberships=memberships,
        )
        for paper in PAPERS
        if paper.item in items
    ]

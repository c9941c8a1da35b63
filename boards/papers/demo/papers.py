"""The published papers of the demo board's meeting of 3 December 2018 (seed 002's agenda pack).

Seed 002 is the real 112-page pack of that meeting. Its papers are reproduced here only in
kind: the same agenda items, the council's report template and the kinds of content each paper
had (response rates by age band and indicators against a comparison group in the Bright Spots
survey report, strengths and areas for consideration from the care leaver peer challenge,
district events and "You said, We did" in the participation update, the conference's feedback
as a designed PDF appendix, the board's first annual report). The words are our own, every
figure and every quotation is invented, and no person is named: officers appear by their role.
Nothing here is about a real child.

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
from datetime import date, datetime, time
from html import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from boards.demo import BOARD_NAME
from boards.models import AgendaItem, Board, Meeting
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
WORKPLACE = "Children's Services, EII Court, Winchester"

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


# Small HTML builders. Text is escaped here, so the content below is plain words. ------------


def p(*paragraphs: str) -> str:
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in paragraphs)


def lead(label: str, text: str) -> str:
    """A paragraph starting with a few words in bold."""
    return f"<p><strong>{escape(label, quote=False)}</strong> {escape(text, quote=False)}</p>"


def h3(text: str) -> str:
    return f"<h3>{escape(text, quote=False)}</h3>"


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"


def table(head: tuple[str, ...], rows, *, row_headers: bool = True) -> str:
    """A table with a header row; the first cell of each row is a row header if asked."""
    header = "".join(f'<th scope="col">{escape(cell, quote=False)}</th>' for cell in head)
    body = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            text = escape(str(cell), quote=False)
            if index == 0 and row_headers:
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
    return p(
        "The following documents discuss facts or matters on which this report, or an "
        "important part of it, is based and have been relied upon to a material extent in "
        "the preparation of this report. (NB: the list excludes published works and any "
        "documents which disclose exempt or confidential information as defined in the "
        "Act.)"
    ) + table(("Document", "Location"), rows)


EQUALITY_DUTY_WORDING = (
    "<p>The County Council has a duty under Section 149 of the Equality Act 2010 ('the Act') "
    "to have due regard in the exercise of its functions to the need to:</p>"
    "<ul>"
    "<li>Eliminate discrimination, harassment and victimisation and any other conduct "
    "prohibited under the Act;</li>"
    "<li>Advance equality of opportunity between persons who share a relevant protected "
    "characteristic (age, disability, gender reassignment, pregnancy and maternity, race, "
    "religion or belief, gender and sexual orientation) and those who do not share it;</li>"
    "<li>Foster good relations between persons who share a relevant protected characteristic "
    "and persons who do not share it.</li>"
    "</ul>"
    "<p>Due regard in this context involves having due regard in particular to:</p>"
    "<ul>"
    "<li>The need to remove or minimise disadvantages suffered by persons sharing a relevant "
    "characteristic connected to that characteristic;</li>"
    "<li>Take steps to meet the needs of persons sharing a relevant protected characteristic "
    "different from the needs of persons who do not share it;</li>"
    "<li>Encourage persons sharing a relevant protected characteristic to participate in "
    "public life or in any other activity which participation by such persons is "
    "disproportionately low.</li>"
    "</ul>"
)


def equality(assessment: str) -> str:
    return EQUALITY_DUTY_WORDING + lead("Equalities Impact Assessment:", assessment)


# The papers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """When a step of a paper's journey happened (London time, November 2018)."""

    day: int
    hour: int
    minute: int = 0

    @property
    def moment(self) -> datetime:
        return timezone.make_aware(
            datetime.combine(date(2018, 11, self.day), time(self.hour, self.minute))
        )


@dataclass(frozen=True)
class ChangesRequested:
    """The reviewer sent the first draft back; the author changed `sections` and re-sent it."""

    note: str
    reply: str
    first_draft: dict[str, str]  # heading -> the section as first sent
    at: Step
    revised_at: Step


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
    created: Step
    submitted: Step
    cleared: Step
    submit_note: str = ""
    clear_note: str = ""
    changes: ChangesRequested | None = None
    exempt_paragraph: int | None = None
    appendix: tuple[str, str, Callable[[], bytes]] | None = None  # title, file name, maker


PUBLISHED = Step(22, 15, 30)  # the clerk puts the papers on the agenda, published next morning


BRIGHT_SPOTS_RATES = table(
    (
        "Age band",
        "Children in care able to take part",
        "Responses",
        "Response rate 2018",
        "Response rate 2017",
    ),
    [
        ("4 to 7 years", "224", "38", "17%", "41%"),
        ("8 to 11 years", "251", "79", "31%", "36%"),
        ("11 to 18 years", "793", "225", "28%", "33%"),
        ("All ages", "1,268", "342", "27%", "35%"),
    ],
)

BRIGHT_SPOTS_INDICATORS = table(
    ("Indicator", "Age band", "This council", "Comparison group", "Difference"),
    [
        (
            "Feel settled where they live all or most of the time",
            "8 to 11",
            "91%",
            "84%",
            "Higher (significant)",
        ),
        (
            "Think the adults they live with notice how they are feeling",
            "4 to 7",
            "98%",
            "91%",
            "Higher (significant)",
        ),
        ("Trust the adults they live with", "11 to 18", "87%", "85%", "Similar"),
        (
            "Have had the chance to explore the outdoors",
            "11 to 18",
            "86%",
            "78%",
            "Higher (significant)",
        ),
        (
            "Talk to their carers about things that matter to them",
            "11 to 18",
            "68%",
            "63%",
            "Higher",
        ),
        ("Have an adult they trust", "11 to 18", "91%", "89%", "Similar"),
        (
            "Trust their social worker (of those who know who it is)",
            "8 to 11",
            "94%",
            "92%",
            "Similar",
        ),
        (
            "Had three or more social workers in the last year",
            "11 to 18",
            "26%",
            "21%",
            "Higher: worse (significant)",
        ),
        (
            "Understand why they are in care",
            "8 to 11",
            "72%",
            "79%",
            "Lower (significant)",
        ),
        (
            "Afraid to go to school because of bullying, at least sometimes",
            "11 to 18",
            "13%",
            "10%",
            "Similar",
        ),
        ("Feel their life is getting better", "8 to 18", "74%", "71%", "Similar"),
        (
            "Low well-being (life satisfaction 4 or less out of 10)",
            "11 to 18",
            "16%",
            "17%",
            "Similar",
        ),
    ],
)

BRIGHT_SPOTS_WISHES = table(
    ("What children wished for", "Comments", "What we are doing"),
    [
        (
            "Fewer changes of social worker",
            "46",
            "New teams keep a child with one team from the first assessment; more permanent "
            "social workers from the graduate programme mean fewer agency workers.",
        ),
        (
            "More family time, or less",
            "38",
            "Looked at again at every review, where the Independent Reviewing Officer explains "
            "the arrangements to the child and how to ask for a change.",
        ),
        (
            "To understand why I am in care",
            "29",
            "An extra life story work course for social workers in January 2019.",
        ),
        (
            "Less bullying and more friends",
            "21",
            "More schools training peer mentors for new arrivals.",
        ),
        (
            "Someone I can trust",
            "17",
            "Twelve volunteer independent visitors in training for children with no trusted adult.",
        ),
    ],
)

BRIGHT_SPOTS = Paper(
    item="6",
    title="Bright Spots survey of children in care",
    reference="CPB/18/12/06",
    author=OFFICER_EMAIL,
    reviewer=CLERK_EMAIL,
    contact="Head of Children in Care Service",
    telephone="01632 960118",
    email="children.in.care@example.org",
    summary_for_young_people=(
        "Every year we ask children in care how their lives are going, using a survey called "
        "Your Life, Your Care. This year 342 of you answered it: thank you.\n\n"
        "Most of you feel settled and safe where you live. You told us what needs to get "
        "better: too many changes of social worker, not understanding why you are in care, "
        "and bullying at school.\n\n"
        "This report tells the board what you said and what we are doing about it. We will "
        "write back to you in the January newsletter."
    ),
    sections={
        RECOMMENDATION: p(
            "That the Corporate Parenting Board note the findings of the Bright Spots survey 2018.",
            "That the Corporate Parenting Board support running the survey every two years, "
            "with the themes of this report followed up at district participation events in "
            "the years between.",
        ),
        SUMMARY: p(
            "This report gives the board an overview of the second Bright Spots survey of the "
            "county's children in care, which ran from October 2017 to March 2018. 342 "
            "children and young people aged 4 to 18 took part, out of 1,268 who were able to: "
            "a response rate of 27%, down from 35% in the first survey.",
            "The survey was offered to each child by their Independent Reviewing Officer, "
            "usually in the weeks before their review, online or on paper. Answers were "
            "anonymous.",
            "Children and young people feel settled where they live and trust the adults who "
            "look after them, and compare well with children in care elsewhere. They want "
            "fewer changes of social worker, to understand why they are in care, help with "
            "bullying and a say in family time. Section 5 sets out what is being done.",
        ),
        CONTEXT: p(
            "Bright Spots is a programme run by a national children's charity with a "
            "university research centre. It measures how children in care feel about their "
            "own lives, their subjective well-being, through a survey called Your Life, Your "
            "Care. Because many councils ask the same questions, a council can compare its "
            "children's answers with those of children in care elsewhere and, for some "
            "questions, with children in the general population. Its aims are to improve the "
            "experience of care, to give children a voice about their own well-being and to "
            "find the bright spots of practice that help children to flourish.",
        )
        + p(
            "There are three versions of the survey, for children aged 4 to 7 (16 questions), "
            "8 to 11 (31 questions) and 11 to 18 (46 questions), with sixteen core questions "
            "common to all three. They cover relationships, resilience, rights and recovery, "
            "and overall measures such as whether life is getting better.",
            "No names, schools or other details that could identify a child were collected, "
            "and the researchers removed anything identifying from comments.",
            "Table 1 shows who took part. The fall was largest for the youngest children, "
            "whose carers were less willing to do the survey a second year running.",
        )
        + BRIGHT_SPOTS_RATES
        + p(
            "Boys (54% of responses) and girls (44%) answered in about the shares in which "
            "they are in care. Children from Black, Asian, mixed and other ethnic backgrounds "
            "gave 17% of responses, more than their 11% share of the care population.",
        ),
        PERFORMANCE: p(
            "Table 2 compares the answers of our children and young people with those of "
            "children in care in the fifteen other councils that ran the survey in the same "
            "year (the comparison group). A difference is marked significant where the "
            "researchers judged it unlikely to be due to chance.",
        )
        + BRIGHT_SPOTS_INDICATORS
        + h3("Bright spots")
        + p(
            "Children and young people feel settled and safe where they live. Nine in ten "
            "children aged 8 to 11 said they felt settled all or most of the time, a bigger "
            "share than in the comparison group.",
            "Relationships with carers are a real strength. Almost all of the youngest "
            "children said the adults they live with notice how they are feeling, and two in "
            "three young people talk to their carers about things that matter to them.",
            "Young people here are more likely than those elsewhere to have been given the "
            "chance to explore the outdoors, which the Virtual School and foster carers have "
            "worked to encourage.",
        )
        + h3("Where children here did less well")
        + p(
            "One young person in four aged 11 to 18 had three or more social workers in the "
            "year before the survey, more than in the comparison group. This was the theme "
            "children wrote most about.",
            "Fewer children aged 8 to 11 than elsewhere said they understood why they were in "
            "care. This matters: children who do not understand their own story find it "
            "harder to settle and to trust.",
            "One young person in eight is afraid to go to school because of bullying at least "
            "sometimes: not significantly different from elsewhere, but up on last year.",
        ),
        CONSULTATION: p(
            "The survey is itself a consultation with children in care. 211 children and "
            "young people also wrote comments; Table 3 groups their wishes by theme, with "
            "what the service is doing about each.",
        )
        + BRIGHT_SPOTS_WISHES
        + p(
            "The Care Ambassadors asked that the reply to children is short, says what will "
            "change and when, and comes from the board.",
        ),
        CONCLUSION: p(
            "Fewer children took part in this second survey than in the first, so the results "
            "should be read with some care, but they show clearly what is going well and what "
            "children want changed.",
            "The survey tells us how children feel, but not always why. District participation "
            "events will ask children about the themes of this report, so that we learn more "
            "about the reasons behind the figures.",
            "A survey every two years should raise the response rate. If the board agrees, "
            "the next will run from October 2019; progress on Table 3 comes in June 2019.",
        ),
        STRATEGIC_PLAN: strategic_plan("No", "Yes", "No", "Yes"),
        BACKGROUND: background(
            (
                "Your Life, Your Care: survey results for the council, 2018 (research report)",
                WORKPLACE,
            )
        ),
        EQUALITY: equality("Not completed: this report is for information."),
    },
    created=Step(5, 9, 30),
    submitted=Step(12, 10),
    cleared=Step(16, 12),
    submit_note="Ready for clearance: figures checked against the research report.",
    clear_note="Cleared for the December agenda.",
    changes=ChangesRequested(
        note=(
            "Please put the comparison with the other councils into a table, so members can "
            "see the figures behind the bright spots, and say which differences are "
            "significant."
        ),
        reply="Table 2 added with the comparison group's figures; significant ones marked.",
        first_draft={
            PERFORMANCE: p(
                "Children and young people feel settled and safe where they live, trust their "
                "carers and have had more chances to explore the outdoors than their peers in "
                "other councils. Too many young people have had three or more social workers "
                "in a year, and fewer younger children than elsewhere understand why they are "
                "in care.",
            ),
        },
        at=Step(13, 15),
        revised_at=Step(14, 10),
    ),
)


PEER_CHALLENGE_ACTIONS = table(
    ("Asked to consider", "What we will do", "Lead", "By"),
    [
        (
            "The Local Offer",
            "Send it to every care leaver, by email or post as they choose.",
            "Strategic Lead for Care Leavers",
            "March 2019",
        ),
        (
            "Unaccompanied young people",
            "Pilot a needs assessment tool built with neighbouring councils; train twenty "
            "staff to use it.",
            "Strategic Lead for Care Leavers",
            "July 2019",
        ),
        (
            "Care leavers living outside the county",
            "Add them to the Care Leaver Strategy, with contacts in the councils where most live.",
            "Head of Children in Care Service",
            "April 2019",
        ),
        (
            "Links with the Virtual College",
            "A monthly meeting to plan for every care leaver not in education, employment or "
            "training.",
            "Virtual School Head",
            "January 2019",
        ),
        (
            "Links with adult mental health",
            "Two mental health practitioners to work alongside the teams.",
            "Head of Children in Care Service",
            "June 2019",
        ),
        (
            "Innovation",
            "A workshop of care leavers and staff; one new idea tried each year.",
            "Strategic Lead for Care Leavers",
            "May 2019",
        ),
    ],
)

CARE_LEAVER_FIGURES = table(
    ("Care leavers aged 19 to 21", "2017/18", "2016/17", "Similar councils 2017/18"),
    [
        ("In touch with the council", "94%", "91%", "92%"),
        ("In suitable accommodation", "87%", "84%", "85%"),
        ("In education, employment or training", "54%", "49%", "51%"),
        ("In higher education", "7%", "6%", "6%"),
        ("Staying put with their former foster carers at 18", "29%", "24%", "26%"),
    ],
)

PEER_CHALLENGE = Paper(
    item="7",
    title="South East DCS peer challenge of care leaver service",
    reference="CPB/18/12/07",
    author=OFFICER_EMAIL,
    reviewer=CLERK_EMAIL,
    contact="Strategic Lead for Care Leavers",
    telephone="01632 960245",
    email="care.leavers@example.org",
    summary_for_young_people=(
        "In November, four senior managers from other councils in the South East spent two "
        "days looking at how we support care leavers. They talked to managers, social "
        "workers, Personal Advisers and care leavers.\n\n"
        "They found that care leavers feel better supported now that there are more Personal "
        "Advisers, and that staff tablets make it easier to keep in touch. They asked us to "
        "think about how we help young people who came to this country on their own, and "
        "care leavers who live outside the county.\n\n"
        "This report tells the board what they found and what we will do next."
    ),
    sections={
        RECOMMENDATION: p(
            "That the Corporate Parenting Board note the findings of the peer challenge of "
            "the care leaver service.",
            "That the Corporate Parenting Board receive progress on the action plan in this "
            "report with the six-monthly update on the care leaver service in June 2019.",
        ),
        SUMMARY: p(
            "This report gives the board an overview of the peer challenge of the council's "
            "care leaver service carried out on 6 and 7 November 2018 under the South East "
            "Sector Led Improvement Programme.",
            "In the programme each council is responsible for its own performance and "
            "improves by learning from its peers: a team of four senior managers from other "
            "councils spends two days looking at a service the host council chooses.",
            "The council asked the peer team to look at its care leaver service. The team "
            "spent a day and a half in focus groups with managers, social workers, Personal "
            "Advisers and care leavers, and the final half day giving feedback to staff.",
            "The feedback was very positive. The team found strengths in the investment in "
            "Personal Advisers and in mobile technology, in quality assurance and in the move "
            "from the care leaver service to adult services. They also raised questions they "
            "did not have time to explore fully; the service's response is in section 4.",
        ),
        CONTEXT: h3("The care leaver service")
        + p(
            "Four care leaver teams, each with Personal Advisers, administrative support and "
            "a team manager, support the county's care leavers. Personal Advisers start "
            "working alongside a young person's social worker when the young person reaches "
            "16, and become their key worker at 18.",
            "A Personal Adviser advises and supports a care leaver as they move into adult "
            "life: practical help with a home, money and education or work, and emotional "
            "support. For care leavers under 21 they visit at least every eight weeks and "
            "keep in touch in between in the way the young person prefers.",
            "A care leaver is a young person aged 16 to 25 who was looked after for at least "
            "13 weeks after their 14th birthday. Since April 2018 every care leaver may ask "
            "for a Personal Adviser's support up to the age of 25.",
            "At 31 October 2018 the teams were the key team for 548 care leavers, of whom "
            "about 110 first came to the country as unaccompanied asylum-seeking children. "
            "About 45 more care leavers are supported mainly by adult services and also have "
            "a Personal Adviser. There are 298 young people aged 16 and 17 in care, about 95 "
            "of them unaccompanied: the teams' work for the next two years. Since April, 84 "
            "care leavers aged 21 to 24 have come back to ask for support.",
        )
        + h3("The peer challenge")
        + p(
            "The council asked the peer team to:",
        )
        + ul(
            "find the service's strengths;",
            "identify areas for development, and any gaps in what is delivered or planned;",
            "say whether the core offer is the same in all four teams;",
            "look at how risks to care leavers, including exploitation, are assessed; and",
            "say whether quality assurance gives a clear and accurate picture of the service.",
        )
        + p(
            "The team met senior managers, team managers of the children in care and care "
            "leaver teams, social workers, Personal Advisers and a group of care leavers. Two "
            "of them also met the managers of the Virtual College, the commissioning lead for "
            "accommodation and the team that assesses whether young people will need adult "
            "services when they turn 18. The programme paid the peer team's costs.",
        ),
        PERFORMANCE: p(
            "The service's figures have improved over the last year and are now a little "
            "better than those of similar councils on each measure in Table 1.",
        )
        + CARE_LEAVER_FIGURES
        + h3("What the peer team found to be strengths")
        + ul(
            "More Personal Advisers: care leavers said their Personal Adviser is easier to "
            "reach and knows their story, so they do not have to repeat it.",
            "Tablets for staff: described by one Personal Adviser as life changing, because "
            "visits can be recorded on the spot and young people can be reached by message.",
            "Quality assurance: case audits done by a manager together with the worker, and "
            "then checked again by senior managers, help staff to reflect and give reliable "
            "figures.",
            "The move to adult services: a shared strategy and good relationships between "
            "the care leaver teams and adult services, with a clear route when a young person "
            "does not meet the adult services criteria.",
            "The Local Offer: strong, though too few care leavers know about it.",
        )
        + h3("What the peer team asked us to consider")
        + p(
            "The team raised three questions: can the service be more innovative, how can it "
            "develop its response to unaccompanied asylum-seeking young people, and how can "
            "it improve outcomes for care leavers living outside the county, many of whom "
            "are unaccompanied young people placed where their community can best support "
            "them. Table 2 is the service's plan in response.",
        )
        + PEER_CHALLENGE_ACTIONS,
        CONSULTATION: p(
            "The peer team held focus groups with staff at every level and with care leavers. "
            "Nine care leavers met the team without managers present and set their own "
            "agenda. What they said, in their own words as the team reported them, included:",
        )
        + ul(
            "My PA actually knows my story now, so I don't have to start again every time.",
            "Messaging my PA is easier than phoning the office.",
            "I didn't know I could come back for help after 21 until my friend told me.",
        )
        + p(
            "Unaccompanied asylum-seeking young people make up about one care leaver in five, "
            "and most live outside the county. The actions on their needs and on care leavers "
            "living elsewhere are intended to make sure they receive the same offer as "
            "everyone else. Disabled care leavers were not a focus of the challenge; their "
            "move to adult services will be part of the June 2019 update.",
        ),
        CONCLUSION: p(
            "This was the first peer challenge the department has hosted; they will now be "
            "held every year.",
            "The outcome was very positive. The investment in more Personal Advisers and in "
            "tablets for staff is making a difference that care leavers themselves notice, "
            "and the way the service checks the quality of its work was seen as a strength.",
            "The service accepts the areas for consideration. The action plan in Table 2 will "
            "be added to the department's quality improvement plan, and the board will hear "
            "how it is going in June 2019.",
        ),
        STRATEGIC_PLAN: strategic_plan("Yes", "Yes", "No", "Yes"),
        BACKGROUND: background(),
        EQUALITY: equality("Not relevant to this item."),
    },
    created=Step(9, 14),
    submitted=Step(15, 11),
    cleared=Step(19, 10),
    submit_note="For the December board, please.",
)


DISTRICT_EVENTS = table(
    (
        "District",
        "Events since April",
        "Attendances by young people",
        "What they did",
    ),
    [
        ("Basingstoke", "6", "38", "Pizza nights; the ideal social worker"),
        ("East Hants", "5", "31", "Picnic; a welcome pack for new arrivals"),
        ("Fareham & Gosport", "7", "44", "Open youth night for 16 to 21 year olds"),
        ("Hart and Rushmoor", "3", "15", "Halloween party; our leaflets"),
        ("Test Valley", "2", "9", "Activity day"),
        ("New Forest", "6", "33", "Outdoor day; careers ideas"),
        ("Havant", "6", "40", "Graffiti wall: no more, yes more"),
        ("Winchester and Eastleigh", "4", "22", "Games night; meeting words"),
        ("Living outside their district", "2", "14", "County-wide group"),
        ("All", "41", "246", ""),
    ],
)

YOU_SAID_WE_DID = table(
    ("You said", "We did", "Where you said it"),
    [
        (
            "Don't call it contact. It's time with my family.",
            "Recording guidance now says family time; the forms change in spring 2019.",
            "Participation conference",
        ),
        (
            "We don't know who to ring when the office is shut.",
            "A wallet card for every child in care with the daytime and out of hours numbers.",
            "East Hants event",
        ),
        (
            "Being taken out of lessons for meetings makes us stand out.",
            "Reviews are held outside lesson time unless the young person asks otherwise.",
            "Havant graffiti wall",
        ),
        (
            "Care leavers want a youth night that isn't labelled as being for care leavers.",
            "A monthly open youth night with Personal Advisers there and lifts offered.",
            "Fareham & Gosport event",
        ),
        (
            "We need to learn how to pay bills before we leave care.",
            "A money skills session in every pathway plan at 17.",
            "Care leavers' forum",
        ),
        (
            "We never hear what happened to our ideas.",
            "This table in every report, and a termly newsletter from January 2019.",
            "Every district",
        ),
    ],
    row_headers=False,
)

PARTICIPATION_UPDATE = Paper(
    item="8",
    title="Participation update",
    reference="CPB/18/12/08",
    author=PARTICIPATION_EMAIL,
    reviewer=OFFICER_EMAIL,
    contact="Participation Lead",
    telephone="01632 960371",
    email="participation.team@example.org",
    summary_for_young_people=(
        "This is our six-monthly report on how children and young people take part in "
        "decisions about their own care and about our services.\n\n"
        "Every district now has a participation lead, and most districts hold regular Have "
        "your say events. Young people have interviewed people applying for jobs, helped to "
        "run the conference in October and told us many things they want changed. The You "
        "said, We did table shows what you said and what we did about it.\n\n"
        "We know we still need to get better at telling you what happened to your ideas."
    ),
    sections={
        RECOMMENDATION: p(
            "That the Corporate Parenting Board note the progress made on the Participation "
            "Strategy over the last six months.",
            "That the Corporate Parenting Board endorse the priorities for the next six "
            "months set out in the conclusion of this report.",
        ),
        SUMMARY: p(
            "This six-monthly report sets out the progress children's social care has made "
            "on every part of the Participation Strategy: how children and young people take "
            "part in planning their own care and help to improve services.",
            "Participation is growing: 41 district events since April, a participation lead in "
            "every district, young people on interview panels and a county conference. But "
            "much of it is still consultation rather than shared decisions, and we cannot yet "
            "show consistently how what children say has changed what we do.",
        ),
        CONTEXT: p(
            "The Participation and Engagement Strategy for Children and Young People was "
            "agreed in 2017. It starts from trust: children take part when the adults who "
            "work with them build open and honest relationships and give them time.",
            "Social work assistants and tablets for direct work give social workers that "
            "time: a child who trusts their worker can take part in their own plan.",
            "The strategy asks for more than consultation: real participation is when young "
            "people start things and share decisions with adults.",
            "The Departmental Management Team received this update on 1 November 2018 and "
            "agreed the priorities in the conclusion.",
        ),
        PERFORMANCE: h3("District events")
        + p(
            "Every district is asked to hold a monthly Have your say event. Table 1 shows what "
            "has happened since April; some districts are still starting. The figures count "
            "attendances, not different young people.",
        )
        + DISTRICT_EVENTS
        + p(
            "A county-wide group began in September for children in care who live outside "
            "their home district.",
        )
        + h3("District participation leads and the district log")
        + p(
            "Each district has a participation lead who plans and records its events. At "
            "their training day in June the leads asked for a visible sign from senior "
            "managers that participation matters; district managers have agreed to attend at "
            "least one event each quarter.",
            "The district log should show for each event what young people said and what "
            "changed as a result. Four districts keep it well; the others record the event "
            "but not yet what happened next.",
        )
        + h3("Care Ambassadors")
        + p(
            "Care Ambassadors are care-experienced young people aged 16 and over who speak "
            "for children in care and care leavers. Nine of the sixteen places are filled, "
            "and four take part regularly. This year they have reviewed the Pledge and sat on "
            "interview panels.",
            "Recruitment has been hard, so the role will be reviewed with the Care "
            "Ambassadors by March 2019.",
            "Recruitment of sixteen Junior Care Ambassadors, aged 12 to 16, has begun with the "
            "foster carers' network: six have applied so far.",
        )
        + h3("Interview panels")
        + p(
            "Young people have sat on eleven interview panels since April, including for an "
            "Area Director and Independent Reviewing Officers. Fourteen young people are "
            "trained; their scores count and they are paid for their time. The aim is a young "
            "people's panel for every senior post in children's services.",
        )
        + h3("UK Youth Parliament")
        + p(
            "The county has two Members of Youth Parliament and three deputies, with room for "
            "six members. Their campaign is for life skills to be taught in schools. The "
            "ballot for the next members runs in January 2019.",
        )
        + h3("You said, We did")
        + p(
            "Table 2 shows some of the things children and young people have asked for in "
            "the last six months and what has changed as a result.",
        )
        + YOU_SAID_WE_DID,
        CONSULTATION: p(
            "This report is itself about consultation. The Care Ambassadors read a draft and "
            "asked that the You said, We did table comes first in future reports, because it "
            "is what young people want to see. That will be done from the next report.",
            "Participation must include the children heard least: younger children, disabled "
            "children and children placed outside the county. From the next report the "
            "service will report who takes part, by age and by district.",
        ),
        CONCLUSION: p(
            "Participation has grown over the year and there are very good examples of it. "
            "But we are still at the start. We cannot yet show, for most districts, how the "
            "voice of the child has changed what we do, and too much of what we record is "
            "events rather than outcomes.",
            "The Participation Strategy remains the right one. The priorities for the next "
            "six months are:",
        )
        + ul(
            "participation is part of every area of children's social care;",
            "the board shows its impact through changes to services for children in care "
            "and care leavers;",
            "the Care Ambassador role is reviewed and the Junior Care Ambassadors recruited;",
            "district events move on from engagement to You said, We did, recorded in the "
            "district log;",
            "senior and district managers attend participation events in the districts and "
            "the county; and",
            "every report to this board says what children and young people told us and what "
            "we did about it.",
        ),
        STRATEGIC_PLAN: strategic_plan("No", "Yes", "No", "Yes"),
        BACKGROUND: background(
            (
                "Participation update to the Departmental Management Team, 1 November 2018",
                WORKPLACE,
            ),
            ("District participation log, April to October 2018", WORKPLACE),
        ),
        EQUALITY: equality("Not relevant: this is an update, not a change to policy."),
    },
    created=Step(6, 10),
    submitted=Step(14, 16),
    cleared=Step(16, 9, 30),
    submit_note="Six-monthly update as agreed at the Departmental Management Team.",
    clear_note="Cleared. Good to see the You said, We did table.",
)


CONFERENCE_DAY = "22 October 2018"

CONFERENCE = Paper(
    item="9",
    title="Overview of participation conference",
    reference="CPB/18/12/09",
    author=PARTICIPATION_EMAIL,
    reviewer=OFFICER_EMAIL,
    contact="Participation Lead",
    telephone="01632 960371",
    email="participation.team@example.org",
    summary_for_young_people=(
        f"On {CONFERENCE_DAY} young people and staff from every district spent a day together "
        "at our participation conference. 32 young people came.\n\n"
        "Each district ran an activity: describing the ideal social worker, a no more, yes "
        "more graffiti wall, and finding better words for things like contact and core group "
        "meeting. Appendix 1 has everything you told us.\n\n"
        "The board is asked to support more days like this: shorter, with more to do that is "
        "not art, and with a reply to you about what changed."
    ),
    sections={
        RECOMMENDATION: p(
            "That the Corporate Parenting Board support further participation events of this "
            "kind, so that the wishes and views of children and young people continue to "
            "shape services.",
            "That each member of the board attend at least one district participation event "
            "in 2019.",
        ),
        SUMMARY: p(
            f"Appendix 1 is the feedback from the participation conference held on "
            f"{CONFERENCE_DAY}.",
            "79 people attended: 32 children and young people and 47 adults, including "
            "members of this board and senior managers. Before the day each district was "
            "asked to prepare and lead a twenty-minute activity; the brief was kept loose to "
            "encourage creative ideas.",
            "The day was full of energy and young people contributed a great deal. The "
            "activities asked what makes a good social worker, what young people want no "
            "more of and more of, and what the words we use mean to them.",
            "The next step is a plan, made with young people through the district events, "
            "that turns what they said into changes to services, each recorded in the "
            "district log as You said, We did.",
        ),
        CONTEXT: p(
            "Children and young people know from their own lives what helps and what does "
            "not, and can teach professionals how to work with them better. Our involvement "
            "with a family is there to improve things for the child, so the child's voice "
            "must shape how we work.",
            "The conference brought staff and young people from every district together to "
            "share ways of involving children. It was hosted by the Participation Lead with a "
            "Care Ambassador.",
        ),
        PERFORMANCE: p(
            "Every district took part and brought young people, although two districts "
            "brought only one or two. The register by district is in the appendix.",
            "The activities were:",
        )
        + ul(
            "My ideal social worker: young people described the social worker they would "
            "want, in words and pictures;",
            "No more, yes more: graffiti walls of what young people want to stop and what "
            "they want more of;",
            "What is in a name: young people suggested other words for terms such as "
            "contact, looked after, core group meeting and reunification;",
            "and, through the day, a vote on phones for the best activity.",
        )
        + p(
            "The strongest messages from young people were consistent across districts:",
        )
        + ul(
            "keep the same social worker, and tell us why when it has to change;",
            "keep your promises, and tell us what happened after we gave our views;",
            "explain our plans to us, in words we understand;",
            "do not take us out of lessons for meetings; and",
            "call it family time, not contact.",
        )
        + p(
            "Young people and staff were also clear about what to change: the day was too "
            "long, with too much sitting and too much art, and consent for photographs and "
            "film had not been gathered in advance.",
        ),
        CONSULTATION: p(
            "The conference was a consultation with young people from every district, who "
            "also gave feedback on the day itself (see the appendix). Younger children and "
            "disabled children were under-represented; future events will include activities "
            "and support for them.",
        ),
        CONCLUSION: p(
            "The conference showed how much young people have to say. Several signed up for a "
            "creative programme starting in January.",
            "The next conference will be shorter (11am to 3pm), with more variety and more "
            "movement, and with consent arranged in advance. Its first session will report "
            "back to young people on what has changed since this one.",
        ),
        STRATEGIC_PLAN: strategic_plan("No", "Yes", "No", "Yes"),
        BACKGROUND: background(),
        EQUALITY: equality("Not applicable."),
    },
    created=Step(7, 11),
    submitted=Step(15, 14),
    cleared=Step(16, 10),
    submit_note="The conference feedback is attached as Appendix 1.",
    appendix=(
        "Participation Conference 2018: feedback and outcomes",
        "participation-conference-2018-feedback.pdf",
        lambda: conference_feedback_pdf(),
    ),
)


OFSTED_ACTIONS = table(
    ("What inspectors said should improve", "What we are doing", "By"),
    [
        (
            "Some child protection plans are too long and use words families do not understand.",
            "A shorter plan template, written with parents, and training for conference "
            "chairs on writing plans in plain language.",
            "March 2019",
        ),
        (
            "Letters to parents before proceedings are not always clear about what must "
            "change and by when.",
            "A new letter template checked by the legal team and a parents' group; every "
            "letter reviewed by a team manager before it is sent.",
            "January 2019",
        ),
        (
            "Plans for some children who wait a long time before a decision is made about "
            "proceedings drift.",
            "A monthly review by the service manager of every family in pre-proceedings for "
            "more than sixteen weeks.",
            "From December 2018",
        ),
    ],
)

OFSTED = Paper(
    item="10",
    title="Ofsted focused visit published letter",
    reference="CPB/18/12/10",
    author=OFFICER_EMAIL,
    reviewer=CLERK_EMAIL,
    contact="Assistant Director, Children and Families",
    telephone="01632 960402",
    email="childrens.services@example.org",
    summary_for_young_people=(
        "Ofsted inspects councils' children's services. In October inspectors spent two days "
        "looking at how we work with children who have a child protection plan, and with "
        "families where we are thinking about going to court.\n\n"
        "Their letter says that children are seen often, that social workers know them well "
        "and that most plans are clear. It also says that some plans and letters to parents "
        "need to be shorter and easier to understand. This report tells the board what the "
        "letter says and what we are doing about it."
    ),
    sections={
        RECOMMENDATION: p(
            "That the Corporate Parenting Board note the outcome of the Ofsted focused visit "
            "of October 2018 and the actions being taken in response.",
        ),
        SUMMARY: p(
            "Ofsted carried out a focused visit to the council's children's services over two "
            "days in October 2018. The visit looked at child protection planning and at the "
            "work done with families before care proceedings are started (the pre-proceedings "
            "stage of the Public Law Outline).",
            "Ofsted set out what it found in a letter to the Director of Children's Services, "
            "which has been published. The conclusion is positive. The presenting officer will "
            "take members through the letter at the meeting; this report summarises it.",
        ),
        CONTEXT: p(
            "Focused visits take place between full inspections of children's services. "
            "Ofsted chooses the area to be looked at. A visit does not give a grade; it ends "
            "with a published letter setting out strengths and areas for improvement.",
            "The visit matters to this board because most children who come into care have "
            "first had a child protection plan or been the subject of pre-proceedings work. "
            "How well that work is done shapes their experience of coming into care, and "
            "whether they need to.",
            "An action plan responding to the letter has been agreed by the Departmental "
            "Management Team and is summarised in section 4.",
        ),
        PERFORMANCE: h3("What inspectors found to be working well")
        + ul(
            "Children with child protection plans are seen regularly, and seen alone where "
            "that is right for them; their views are recorded and inform their plans.",
            "Social workers know the children well and speak about them with warmth. They "
            "said their caseloads allow them to do direct work with children.",
            "Child protection conferences are timely and well attended by partner agencies.",
            "Families in pre-proceedings are given good support, and many children are able "
            "to stay safely at home as a result.",
            "Managers know the quality of practice well, and audits lead to action.",
        )
        + h3("What inspectors said should improve")
        + p(
            "Inspectors identified three areas for improvement. Table 1 sets them out with "
            "what the service is doing about each.",
        )
        + OFSTED_ACTIONS,
        CONSULTATION: p(
            "Inspectors looked at children's records with their social workers and managers. "
            "The new plan and letter templates are being written with parents who have been "
            "through this work.",
        ),
        CONCLUSION: p(
            "The letter confirms that children subject to child protection plans and "
            "pre-proceedings work are, in the main, well served, and that managers know where "
            "practice needs to improve.",
            "The board will receive progress on the action plan with the six-monthly update "
            "on the children in care service in June 2019.",
        ),
        STRATEGIC_PLAN: strategic_plan("No", "Yes", "No", "Yes"),
        BACKGROUND: background(),
        EQUALITY: equality("Not completed: this report is for information."),
    },
    created=Step(15, 9),
    submitted=Step(19, 11),
    cleared=Step(20, 16),
    clear_note="Cleared.",
)


BOARD_MEETINGS = table(
    ("Meeting", "What the board looked at"),
    [
        (
            "27 November 2017",
            "Its terms of reference; the figures it will follow on children in care and care "
            "leavers; the health of children in care",
        ),
        (
            "5 March 2018",
            "The education of children in care and the Virtual School; care leavers and the "
            "Local Offer; how technology can help young people keep in touch",
        ),
        (
            "13 July 2018",
            "Feedback from members' meeting with young people in care; the Bright Spots "
            "findings on school; the Care Ambassadors' work on the Pledge",
        ),
        (
            "25 September 2018",
            "Foster care recruitment and foster placement moves; placement commissioning; "
            "feedback from members' meeting with foster carers",
        ),
    ],
)

BOARD_FIGURES = table(
    ("Measure", "31 March 2017", "31 March 2018"),
    [
        ("Children in care", "1,412", "1,486"),
        ("Children in care per 10,000 children", "50", "53"),
        ("Children with three or more placements in the year", "10%", "9%"),
        (
            "Children in care for two and a half years or more who have been in the same "
            "placement for two years",
            "67%",
            "70%",
        ),
        ("Health assessments completed on time", "86%", "91%"),
        ("Dental checks in the year", "79%", "84%"),
        ("Care leavers aged 19 to 21 in touch with the council", "91%", "94%"),
    ],
)

BOARD_ACTIONS = table(
    ("What the board agreed", "Where it stands"),
    [
        (
            "The Chairman to write to the young people members met in the summer, to thank "
            "them and tell them how their ideas informed the board's work",
            "Done: a letter went to each young person through their Care Ambassador",
        ),
        (
            "Meet a wider group of foster carers, with different levels of training",
            "Arranged as a workshop in February 2019",
        ),
        (
            "Bring the action plan on foster carers' feedback about communication and changes "
            "of social worker to the board",
            "In progress: drafted with the foster carers' representatives",
        ),
        (
            "Report back on the review of what the council pays for placements with "
            "independent fostering agencies",
            "Open",
        ),
    ],
)

ANNUAL_REPORT = Paper(
    item="11",
    title="Corporate Parenting Board - annual report",
    reference="CPB/18/12/11",
    author=OFFICER_EMAIL,
    reviewer=CLERK_EMAIL,
    contact="Head of Children in Care Service",
    telephone="01632 960118",
    email="children.in.care@example.org",
    summary_for_young_people=(
        "The Corporate Parenting Board is a group of councillors and Care Ambassadors who "
        "check that the council is a good parent to the children it looks after and to care "
        "leavers.\n\n"
        "This is its first yearly report. It says what the board did in its first year, what "
        "it learned from meeting young people and foster carers, and what it wants to do "
        "next year: above all, to meet more young people before each meeting and to show "
        "what has changed because of what they said."
    ),
    sections={
        RECOMMENDATION: p(
            "That the Corporate Parenting Board note its first annual report.",
            "That the annual report be shared with the Children and Families Advisory Panel "
            "and the Local Safeguarding Children Board.",
        ),
        SUMMARY: p(
            "The Corporate Parenting Board first met on 27 November 2017 as a sub-committee "
            "of the Children and Families Advisory Panel. This report looks back on its first "
            "year: what it considered, what it learned and how it has changed the way it "
            "works. A version of it was presented to the Children and Families Advisory Panel "
            "on 16 October 2018, which agreed that the board should continue.",
            "The board has three councillors and three co-opted Care Ambassadors. In its first "
            "year it met four times and its members met young people in care and foster "
            "carers informally between meetings.",
            "Members are enthusiastic about their role as corporate parents. The board is "
            "still young: its second year should show what has changed for children in care "
            "and care leavers because of its work.",
        ),
        CONTEXT: p(
            "Every council is the corporate parent of the children it looks after and of its "
            "care leavers, and must have regard to the corporate parenting principles in the "
            "Children and Social Work Act 2017. The board is the council's way of making sure "
            "that it acts as a good parent would.",
            "Its terms of reference ask it to:",
        )
        + ul(
            "make sure that services for children in care and care leavers are of a high "
            "standard, at school, in health and well-being, in their social lives and as "
            "they become adults;",
            "make sure that their voice is listened to, acted on and built into plans and "
            "policies;",
            "make sure the Care Ambassadors have what they need to reach all children in "
            "care and care leavers;",
            "hold partner agencies to account; and",
            "meet children in care, care leavers, frontline staff and foster carers to hear "
            "about the care they receive and give.",
        )
        + p("Table 1 shows what the board looked at in its first year.")
        + BOARD_MEETINGS,
        PERFORMANCE: p(
            "The board follows a small set of figures about children in care and care "
            "leavers. Table 2 shows them at the end of the last two years.",
        )
        + BOARD_FIGURES
        + h3("Health")
        + p(
            "The Designated Nurse for Children in Care told the board how health assessments "
            "are arranged and followed up. More are now done on time, and dental checks have "
            "improved, but emotional well-being remains the area where children in care most "
            "often need more help. The board asked to follow the figures for children missing "
            "from care and at risk of exploitation as well.",
        )
        + h3("Education")
        + p(
            "The Virtual School Head reported that results for children in care are "
            "improving at every key stage and are close to those of children in care "
            "nationally, though still well below those of their classmates. The board heard "
            "how the Virtual School is helping all schools in the county to understand what "
            "children in care need, and how being in a good school helps them to progress.",
        )
        + h3("Care leavers")
        + p(
            "The board heard how care leavers were asked about the Local Offer: 61 of the "
            "520 asked replied, a good response for a survey of this kind. Work with the "
            "district councils on exempting care leavers from council tax, a protocol between "
            "children's and adults' services for care leavers over 21, and mental health "
            "practitioners for the care leaver teams all followed.",
        )
        + h3("Hearing from young people")
        + p(
            "Early on, members felt that the meetings were formal and full of figures but "
            "told them little about what being in care is like. The board changed the way it "
            "works: members now meet a group of young people or carers before meetings, and "
            "what they hear shapes the agenda.",
            "In the summer members met seven young people aged 12 to 17 in care. They heard "
            "how much the first days in care and moves between homes matter, and young "
            "people suggested a leaflet for children coming into care, a chance to meet or "
            "video call new foster carers before moving, and welcome and leaving packs. In "
            "September members met foster carers, who raised communication and changes of "
            "social worker. Table 3 shows what the board agreed to do.",
        )
        + BOARD_ACTIONS,
        CONSULTATION: p(
            "The Care Ambassadors on the board helped to write this report. They are "
            "reviewing the Pledge so that it reflects what children in care and care leavers "
            "say matters most, and have sat on interview panels for senior posts. One spent a "
            "day shadowing a civil servant, and the board asked officers to look at similar "
            "opportunities within the council.",
        ),
        CONCLUSION: p(
            "In its first year the board has established itself, found a way of working "
            "that puts young people's experience at its centre and agreed a work programme "
            "for 2019. Its priorities for the coming year are to:",
        )
        + ul(
            "meet more groups of young people and carers, including young people placed out "
            "of the county, unaccompanied young people and care leavers in further and "
            "higher education;",
            "follow the progress of the foster care action plan, placement stability and "
            "suitable homes for care leavers;",
            "show, in each of its reports, what has changed because of what young people said; and",
            "support the review of the Pledge with the Care Ambassadors.",
        ),
        STRATEGIC_PLAN: strategic_plan(
            "No",
            "Yes",
            "No",
            "Yes",
            member_decisions="Children and Families Advisory Panel, 16 October 2018",
            legislation="Children and Social Work Act 2017, section 1",
        ),
        BACKGROUND: background(),
        EQUALITY: equality("Not relevant to this item."),
    },
    created=Step(8, 15),
    submitted=Step(16, 10),
    cleared=Step(20, 11),
)


EXEMPT_REVIEW = Paper(
    item="14",
    title="Review of an individual residential placement",
    reference="CPB/18/12/14",
    author=OFFICER_EMAIL,
    reviewer=CLERK_EMAIL,
    contact="Head of Children in Care Service",
    telephone="01632 960118",
    email="children.in.care@example.org",
    summary_for_young_people=(
        "This is a private report about where one young person lives. It is not published, "
        "because it could identify them. The young person was asked what they want, and "
        "their views are in the report."
    ),
    sections={
        RECOMMENDATION: p(
            "That the Corporate Parenting Board note the review of the placement and support "
            "the plan for the young person to move to a foster family in the county once the "
            "right family is found, after their exams in the summer of 2019.",
        ),
        SUMMARY: p(
            "This report reviews one of the council's most costly placements, of one young "
            "person (Young Person A). It is exempt because it could reveal who they are.",
        ),
        CONTEXT: p(
            "Young Person A is 15 and has lived in an independent children's home outside the "
            "county for two years. The home is rated good. The placement costs £4,850 a week, "
            "shared with the health service, and is reviewed every six months.",
        ),
        PERFORMANCE: p(
            "The placement is going well: school attendance this year is 96% and the young "
            "person is on track for their exams.",
        )
        + table(
            ("Option", "For", "Against"),
            [
                (
                    "Stay in the home until 18",
                    "Stability; good progress at school",
                    "Far from family; cost; the young person's wish to move",
                ),
                (
                    "Move to a foster family in the county after exams",
                    "The young person's wish; closer to family; a family setting before adulthood",
                    "Needs the right family; a new school or college",
                ),
            ],
        ),
        CONSULTATION: p(
            "Young Person A wants to finish their exams where they are and then live closer "
            "to their family, with a foster family. Their family and the home support this.",
        ),
        CONCLUSION: p(
            "Matching with a foster family in the county begins in January, so that a move "
            "can be planned with the young person for the summer.",
        ),
        STRATEGIC_PLAN: strategic_plan("No", "Yes", "No", "No"),
        BACKGROUND: background(),
        EQUALITY: equality("Not completed."),
    },
    created=Step(12, 14),
    submitted=Step(19, 15),
    cleared=Step(21, 10),
    exempt_paragraph=AgendaItem.ExemptParagraph.P2,
)

PAPERS = (
    BRIGHT_SPOTS,
    PEER_CHALLENGE,
    PARTICIPATION_UPDATE,
    CONFERENCE,
    OFSTED,
    ANNUAL_REPORT,
    EXEMPT_REVIEW,
)


# Appendix 1 to the conference paper: a designed PDF, as the participation team would upload it.

CONFERENCE_REGISTER = (
    ("Participation team, senior managers and board members", 11, 0),
    ("Basingstoke", 4, 5),
    ("East Hants", 5, 6),
    ("Fareham & Gosport", 5, 5),
    ("Hart and Rushmoor", 4, 2),
    ("Test Valley", 4, 1),
    ("New Forest", 5, 4),
    ("Havant", 5, 6),
    ("Winchester and Eastleigh", 4, 3),
)

IDEAL_SOCIAL_WORKER = (
    "Always there for you",
    "Approachable",
    "Big heart",
    "Calm",
    "Caring",
    "Doesn't cancel",
    "Explains things",
    "Friendly",
    "Funny",
    "Good listener",
    "Helps you sort things out",
    "Honest",
    "Kind",
    "Knows my story",
    "Likes music",
    "Meets me somewhere normal, not school",
    "Not a robot!",
    "On time",
    "One social worker, not five",
    "Patient",
    "Real",
    "Reliable",
    "Remembers what I said",
    "Respectful",
    "Sense of humour",
    "Stays",
    "Talks to me, not about me",
    "Trustworthy",
    "Understanding",
    "Does what they say they will",
)

NO_MORE = (
    "Changing my social worker",
    "Being taken out of lessons",
    "Broken promises",
    "The same questionnaire again and again",
    "Waiting for an answer",
    "Meetings about me without me",
    "Being judged",
    "Bullying",
    "Saying things and then not doing them",
    "Jargon",
)

YES_MORE = (
    "Telling us what happened to our views",
    "Explaining my plan",
    "Time with my family",
    "Honesty",
    "Visits that are fun sometimes",
    "Help before I leave care, like paying bills",
    "Meeting managers",
    "Days like this one",
    "Being listened to",
    "Respect",
)

NEW_NAMES = (
    ("Contact", "Family time; time with my family; catch-up"),
    ("Looked after", "Cared for; living with carers"),
    ("Core group meeting", "My plan meeting; people around me; safety meeting"),
    ("Reunification", "Going home; my journey home"),
    ("Visit", "Catch-up; check-in"),
    ("LAC review", "My review; my meeting"),
)

DAY_FEEDBACK = (
    "Good to meet other young people who get it.",
    "I learnt that social workers do try their hardest.",
    "I'm not the only one with big things going on.",
    "It was too long and we sat down too much.",
    "Too much art. Could we do sport or go out?",
    "More days like this, please, but shorter.",
    "Great to see the managers there and listening.",
    "The pizza was cold.",
)

STAFF_FEEDBACK = (
    "The young people's confidence was amazing.",
    "Good to see young people in a different setting.",
)

NEXT_TIME = (
    "A shorter day, 11am to 3pm, with more moving about and less art.",
    "Consent for photographs and film gathered well before the day.",
    "Activities for younger children, and support for disabled children to take part.",
    "Young people's ideas: a careers day, a gaming day, a treasure hunt in town.",
)


def _li(items) -> str:
    return "".join(f"<li>{escape(item, quote=False)}</li>" for item in items)


def conference_feedback_html() -> str:
    staff = sum(row[1] for row in CONFERENCE_REGISTER)
    young = sum(row[2] for row in CONFERENCE_REGISTER)
    register = "".join(
        f'<tr><th scope="row">{escape(name, quote=False)}</th><td>{adults}</td>'
        f"<td>{children}</td></tr>"
        for name, adults, children in CONFERENCE_REGISTER
    )
    names = "".join(
        f'<tr><th scope="row">{escape(w, quote=False)}</th><td>{escape(n, quote=False)}</td></tr>'
        for w, n in NEW_NAMES
    )
    staff_quotes = "".join(
        f"<blockquote><p>{escape(q, quote=False)}</p></blockquote>" for q in STAFF_FEEDBACK
    )
    quotes = "".join(
        f"<blockquote><p>{escape(q, quote=False)}</p></blockquote>" for q in DAY_FEEDBACK
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Participation Conference 2018: feedback and outcomes</title>
<style>
  @page {{ size: A4; margin: 24mm 20mm 22mm 20mm; }}
  html {{ font: 11pt/1.45 sans-serif; color: #0b0c0c; }}
  h1 {{ font-size: 28pt; color: #1d5c63; margin: 0 0 2mm; }}
  h2 {{ font-size: 16pt; color: #1d5c63; margin: 8mm 0 3mm; break-after: avoid; }}
  h3 {{ font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }}
  .cover {{ border-bottom: 2pt solid #1d5c63; padding-bottom: 4mm; margin-bottom: 6mm; }}
  .cover p {{ margin: 0 0 1mm; }}
  .cover .subtitle {{ font-size: 16pt; margin: 0 0 4mm; }}
  .cover .note {{ margin-top: 3mm; font-size: 9.5pt; }}
  table {{ border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }}
  th, td {{ border: 0.5pt solid #505a5f; padding: 1.5mm 2mm; text-align: left;
    vertical-align: top; }}
  thead th {{ background: #e8f1f2; }}
  .columns {{ columns: 3; column-gap: 6mm; }}
  .columns li {{ break-inside: avoid; }}
  .pair {{ display: flex; gap: 8mm; }}
  .pair > div {{ flex: 1; }}
  blockquote {{ margin: 0 0 3mm; padding: 2mm 4mm; border-left: 3pt solid #1d5c63;
    background: #f3f7f7; }}
  blockquote p {{ margin: 0; }}
  .quotes {{ columns: 2; column-gap: 6mm; }}
  .quotes blockquote {{ break-inside: avoid; }}
</style>
</head>
<body>
<section class="cover">
  <h1>Participation Conference 2018</h1>
  <p class="subtitle">Feedback and outcomes</p>
  <p>{CONFERENCE_DAY}. Children's Services participation team</p>
  <p class="note">A demonstration document: every figure and every quotation in it is invented.
  No child can be identified from it.</p>
</section>

<h2>1. Introduction</h2>
<p>This booklet records what happened at the participation conference and what children and
young people told us. {staff + young} people came: {young} children and young people and
{staff} adults. Every district led an activity, and the day was full of energy, laughter and
honest views.</p>
<p>We also learnt a lot about running a day like this. It was too long, it leaned too heavily
on art, and we had not gathered consent for photographs and film in advance, so the short film
made on the day can only be shown to those who took part. Section 6 sets out what we will
change.</p>
<p>Beyond this booklet, young people signed up for a creative programme starting in
January, where one young person's idea for a film introducing care to children will be
made.</p>

<h2>2. Who came</h2>
<table>
  <thead><tr><th scope="col">District or team</th><th scope="col">Staff</th>
  <th scope="col">Children and young people</th></tr></thead>
  <tbody>{register}
  <tr><th scope="row">Total</th><td>{staff}</td><td>{young}</td></tr></tbody>
</table>

<h2>3. My ideal social worker</h2>
<p>Young people described the social worker they would want. These are their words.</p>
<ul class="columns">{_li(IDEAL_SOCIAL_WORKER)}</ul>

<h2>4. No more, yes more</h2>
<p>Graffiti walls in two districts, and an anonymous wall for anyone, asked what young people
want to stop and what they want more of. The same things came up again and again.</p>
<div class="pair">
  <div><h3>No more</h3><ul>{_li(NO_MORE)}</ul></div>
  <div><h3>Yes more</h3><ul>{_li(YES_MORE)}</ul></div>
</div>

<h2>5. What is in a name?</h2>
<p>Young people looked at words professionals use about them and suggested their own.
Several said that no one understands what a core group meeting is.</p>
<table>
  <thead><tr><th scope="col">The word we use</th><th scope="col">What young people
  suggested</th></tr></thead>
  <tbody>{names}</tbody>
</table>

<h2>6. Reflections on the day</h2>
<h3>What young people said</h3>
<div class="quotes">{quotes}</div>
<h3>What staff said</h3>
<div class="quotes">{staff_quotes}</div>
<h3>What we will change next time</h3>
<ul>{_li(NEXT_TIME)}</ul>

<h2>7. What happens next</h2>
<p>Each district will take the messages from this booklet to its next Have your say event and
agree with young people what should change first. Every change will be recorded in the district
log as You said, We did, and the next conference will start by telling young people what has
changed since this one.</p>
</body>
</html>"""


def conference_feedback_pdf() -> bytes:
    """The booklet as a tagged PDF (PDF/UA-1), made when the demo loads, never committed."""
    from weasyprint import HTML  # slow to import: only when the demo loads

    return HTML(string=conference_feedback_html()).write_pdf(pdf_variant="pdf/ua-1")


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
    with _dated(None, paper.created.moment) as written:
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
    with _dated(report, paper.submitted.moment):
        report_workflow.report_submit(
            report=report, by=author, membership=memberships[author.pk], note=paper.submit_note
        )
    if paper.changes is not None:
        with _dated(report, paper.changes.at.moment):
            report_workflow.report_request_changes(
                report=report,
                by=reviewer,
                membership=memberships[reviewer.pk],
                note=paper.changes.note,
            )
        with _dated(report, paper.changes.revised_at.moment):
            report.refresh_from_db()
            _save(report, author, paper.sections, ids, paper)
            report_workflow.report_submit(
                report=report,
                by=author,
                membership=memberships[author.pk],
                note=paper.changes.reply,
            )
    with _dated(report, paper.cleared.moment):
        report_workflow.report_clear(
            report=report, by=reviewer, membership=memberships[reviewer.pk], note=paper.clear_note
        )
    with _dated(report, PUBLISHED.moment):
        report = report_workflow.report_publish(
            report=report,
            by=clerk,
            membership=memberships[clerk.pk],
            item=item,
            as_of=PUBLISHED.moment,
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

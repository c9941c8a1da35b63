"""The demo council's Corporate Parenting Board: seed 003's membership structure, seed 002's
meeting of 3 December 2018 with its agenda, the minutes of 25 September 2018 (minutes 28 to
35) and the 2019 work programme.

What is real (public facts from the seeds): the board's name, its parent body, its role, the
venue, the meeting dates, agenda titles and purposes, minute numbers, the minutes' words about
services and the work programme's items and workshops. What is invented: every person. The
councillors, Care Ambassadors (first names only), invitees and advisers are fictional; officers
appear by their role ("the Director of Children's Services"); political groups are real parties
but the people in them are not. The 2019 meeting days, the actions' progress and the meetings
after today are made up too.

`load(organisation)` is called by `manage.py load_demo` after the pledge demo. It builds the
board only once: if the organisation already has a board it returns without changing anything.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from corporate_parenting.models import User

from .models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Board,
    BoardMember,
    Meeting,
    Minute,
    Resolution,
    RollingItem,
    WorkProgrammeEntry,
)
from .services.meetings import exclusion_sync

CHAIR_EMAIL = "councillor@example.org"
COOPTED_EMAIL = "coopted@example.org"
OFFICER_EMAIL = "officer@example.org"
CLERK_EMAIL = "clerk@example.org"

BOARD_NAME = "Corporate Parenting Board"
PARENT_BODY = "a sub-committee of the Children and Families Advisory Panel"
VENUE = "Chute Room, EII South, Winchester"
ENQUIRIES = "members.services@example.org"
# Seed 002: the minutes of 25 September 2018 run from 28 to 35.
FIRST_MINUTE_NUMBER = 28

# Seed 003, "Role of the Corporate Parenting Board", in short.
TERMS_OF_REFERENCE = (
    "The Corporate Parenting Board makes sure that every service for children in care and "
    "care leavers is of a high standard and that they are well supported in all parts of "
    "their lives: at school, in their mental health and wellbeing, in their social lives and "
    "as they grow into successful adults. It reviews their outcomes; makes sure their voice "
    "is listened to, acted on and built into plans, policies and strategies; makes sure the "
    "Care Ambassadors have the resources to engage with all children in care and care "
    "leavers; raises the profile of councillors as corporate parents; holds partner agencies "
    "to account; and meets children in care, care leavers, frontline staff and foster carers "
    "to hear about the standard of care. Its work follows the Pledge and the Local Offer for "
    "Care Leavers, focused pieces of work are done by task and finish groups, an annual "
    "report is shared with the Safeguarding Children's Partnership, and it makes "
    "recommendations to the Executive Lead Member for Children's Services."
)

FORMED = date(2017, 11, 27)  # the board's first meeting (seed 002, annual report)
EXPANDED = date(2020, 10, 16)  # seed 003: revised membership of nine councillors
BEFORE_EXPANSION = EXPANDED - timedelta(days=1)

C, CO, INV, ADV = (
    BoardMember.Kind.COUNCILLOR,
    BoardMember.Kind.COOPTED,
    BoardMember.Kind.STANDING_INVITEE,
    BoardMember.Kind.ADVISER,
)
CHAIR, VICE, MEMBER, SUB = (
    BoardMember.Role.CHAIR,
    BoardMember.Role.VICE_CHAIR,
    BoardMember.Role.MEMBER,
    BoardMember.Role.SUBSTITUTE,
)
CON, LD, LAB = "Conservative", "Liberal Democrat", "Labour"


@dataclass(frozen=True)
class Term:
    """One term of one fictional person. `key` names it in this file only."""

    key: str
    name: str
    kind: str
    role: str = MEMBER
    group: str = ""
    represents: str = ""
    start: date = FORMED
    end: date | None = None
    email: str = ""  # the demo user this term belongs to


# Seed 002 (2018): three councillors (chair, vice-chair, member), a substitute from each of
# two political groups and three co-opted Care Ambassadors. Seed 003 (October 2020): nine
# councillors with a chair, a vice-chair and substitutes from each group, a standing
# invitation to the Executive Lead Member, and advisers. Every name is invented.
TERMS = (
    Term("chair", "Cllr Helen Morris", C, CHAIR, CON, email=CHAIR_EMAIL),
    Term("vice_2017", "Cllr Margaret Ellison", C, VICE, CON, end=BEFORE_EXPANSION),
    Term("ellison_2020", "Cllr Margaret Ellison", C, MEMBER, CON, start=EXPANDED),
    Term("ashworth", "Cllr David Ashworth", C, MEMBER, LD),
    Term("sub_con_2017", "Cllr Peter Langley", C, SUB, CON, end=BEFORE_EXPANSION),
    Term("vice_2020", "Cllr Peter Langley", C, VICE, CON, start=EXPANDED),
    Term("sub_ld_2017", "Cllr Nadia Khan", C, SUB, LD, end=BEFORE_EXPANSION),
    Term("khan_2020", "Cllr Nadia Khan", C, MEMBER, LD, start=EXPANDED),
    Term("pike", "Cllr Graham Pike", C, MEMBER, CON, start=EXPANDED),
    Term("harker", "Cllr Josephine Harker", C, MEMBER, CON, start=EXPANDED),
    Term("crowe", "Cllr Bethany Crowe", C, MEMBER, CON, start=EXPANDED),
    Term("fairbanks", "Cllr Owen Fairbanks", C, MEMBER, LAB, start=EXPANDED),
    Term("sub_con", "Cllr Keith Rowley", C, SUB, CON, start=EXPANDED),
    Term("sub_ld", "Cllr Anita Desai", C, SUB, LD, start=EXPANDED),
    Term("sub_lab", "Cllr Martin Hale", C, SUB, LAB, start=EXPANDED),
    Term("jordan", "Jordan", CO, represents="Care Ambassadors", email=COOPTED_EMAIL),
    Term("kai", "Kai", CO, represents="Care Ambassadors", end=date(2019, 7, 31)),
    Term("mia", "Mia", CO, represents="Care Ambassadors", end=BEFORE_EXPANSION),
    Term("aisha", "Aisha", CO, represents="Care Ambassadors", start=EXPANDED),
    Term(
        "lead_member",
        "Cllr Victoria Marsh",
        INV,
        group=CON,
        represents="Executive Lead Member for Children's Services",
    ),
    Term("dcs", "Andrew Pryce", ADV, represents="Director of Children's Services"),
    Term(
        "vs_2017",
        "Mark Denholm",
        ADV,
        represents="Virtual School (Virtual School Head)",
        end=date(2021, 8, 31),
    ),
    Term(
        "vs_2021",
        "Fiona Bright",
        ADV,
        represents="Virtual School (Virtual School Head)",
        start=date(2021, 9, 1),
    ),
    Term("nurse", "Claire Whitby", ADV, represents="Designated Nurse for Children in Care"),
    Term("police", "DI Sarah Quinn", ADV, represents="Police"),
    Term("camhs", "Dr Neil Ashdown", ADV, represents="CAMHS", start=EXPANDED),
    Term("public_health", "Ruth Akande", ADV, represents="Public Health", start=EXPANDED),
    Term("districts", "Paul Greaves", ADV, represents="District Councils", start=EXPANDED),
)

K = AgendaItem.Kind
DCS = "Director of Children's Services"

# (number, kind, title, purpose, presenter); seed 002's agenda of 3 December 2018.
DECEMBER_2018_AGENDA = (
    ("1", K.APOLOGIES, "Apologies for absence", "To receive any apologies for absence.", ""),
    (
        "2",
        K.DECLARATIONS,
        "Declarations of interest",
        "All Members who believe they have a Disclosable Pecuniary Interest in any matter to be "
        "considered at the meeting must declare that interest and, having regard to the "
        "Members' Code of Conduct, leave the meeting while the matter is discussed, save for "
        "exercising any right to speak in accordance with the Code. Members with a "
        "Non-Pecuniary interest should consider whether to declare it and whether it is "
        "appropriate to leave the meeting while the matter is discussed.",
        "",
    ),
    (
        "3",
        K.PREVIOUS_MINUTES,
        "Minutes of previous meeting held on 25 September 2018",
        "To confirm the minutes of the previous meeting.",
        "",
    ),
    (
        "4",
        K.DEPUTATIONS,
        "Deputations",
        "To receive any deputations notified under Standing Order 12.",
        "",
    ),
    (
        "5",
        K.ANNOUNCEMENTS,
        "Chairman's announcements",
        "To receive any announcements the Chairman may wish to make.",
        "Chairman",
    ),
    (
        "6",
        K.REPORT,
        "Bright Spots survey of children in care",
        "To receive a report from the Director of Children's Services with an overview of the "
        "Bright Spots Survey 2018.",
        DCS,
    ),
    (
        "7",
        K.REPORT,
        "South East DCS peer challenge of care leaver service",
        "To receive a report from the Director of Children's Services with an overview of the "
        "South East Sector Led Improvement Programme – DCS Peer Challenge of the Care Leaver "  # noqa: RUF001 - the seed's own dash
        "service.",
        DCS,
    ),
    (
        "8",
        K.REPORT,
        "Participation update",
        "To receive an update from the Director of Children's Services providing an update on "
        "the progress made on all elements of the Participation Strategy.",
        DCS,
    ),
    (
        "9",
        K.REPORT,
        "Overview of participation conference",
        "To receive a report from the Director of Children's Services with feedback from the "
        "recent conference held on 22 October 2018.",
        DCS,
    ),
    (
        "10",
        K.REPORT,
        "Ofsted focused visit published letter",
        "To receive a report from the Director of Children's Services with the outcome letter "
        "from the recent departmental Ofsted inspection.",
        DCS,
    ),
    (
        "11",
        K.REPORT,
        "Corporate Parenting Board - annual report",
        "To receive the annual report from the Director of Children's Services.",
        DCS,
    ),
    (
        "12",
        K.VERBAL,
        "Feedback from members' workshop (verbal update only)",
        "To receive feedback from the workshop which took place on 13 November 2018.",
        "Board members",
    ),
    (
        "13",
        K.WORK_PROGRAMME,
        "Work programme",
        "To agree the Work Programme for the Corporate Parenting Board.",
        DCS,
    ),
)
# Invented for the demo: an exempt item, so the demo shows what the public never sees.
EXEMPT_ITEM = (
    "14",
    K.REPORT,
    "Review of an individual residential placement",
    "To receive a confidential report from the Director of Children's Services on the review "
    "of one child's residential placement. The press and public are expected to be excluded "
    "for this item.",
    DCS,
)

FOSTER_CARE_RECRUITMENT = (
    "The Board received a presentation from the Director of Children's Services providing an "
    "overview of Foster Care Recruitment in Hampshire. The Panel found that those wishing to "
    "become Foster Carers must be over 21 years old and possess a spare room and previous "
    "childcare experience; this experience can be personal or professional. The main "
    "difficulties in recruiting Foster Carers were financial concerns linked to the cost of "
    "caring for a child and the availability of a spare room.\n\n"
    "The Board heard that there has been a decline in the number of households approved in "
    "line with a decline in interested parties but that this fit the national picture. It was "
    "noted that a variety of support is provided for Foster Carers including a buddy system to "
    "match with experienced carers and facilitated groups for Foster Carers. This is alongside "
    "the Skills payments and training provided alongside ongoing learning and development.\n\n"
    "The Board noted that there were 45 Foster Placement moves in the last year, but not all "
    "of these could be considered to be disruptive as the figures do include those that have "
    "returned to parents, received a Special Guardianship order or returned home. In response "
    "to this, work is being undertaken to ensure that carers have the right skills and "
    "experience for the child being placed. Having a variety of Foster Carers to select from "
    "is essential for the 'matching' process and is therefore a crucial element of Placement "
    "Stability.\n\n"
    "The Panel received an overview of recent Foster Carer Surveys which recorded Foster "
    "Carers' causes of stress and levels of satisfaction with the quantity and quality of "
    "support. It was noted that although the responses have improved, the feedback still "
    "shows areas that can be improved, and an action plan has been created to drive this "
    "change.\n\n"
    "In response to questions members heard that:\n"
    "- A significant issue with the recruitment of Foster Carers is Independent Fostering "
    "Agencies who make the market more competitive. Foster Carers from these agencies are "
    "also more expensive for Hampshire to use than those recruited and trained by the Local "
    "Authority.\n"
    "- The current policy is that a child is best placed with their family if possible, in "
    "line with current legislation."
)

PLACEMENT_COMMISSIONING = (
    "The Board received a presentation from the Director of Children's Services providing an "
    "overview of Placement Commissioning in Hampshire. It was noted that the team handles a "
    "variety of placement types including overnight respite, out of county placements and "
    "post 16 accommodation.\n\n"
    "The Board heard that between September 2017 and February 2018, 30% of referrals were "
    "made for same day placements and a total of 41% were handled in less than two days.\n\n"
    "The key components of the Independent Fostering Agency (IFA) Strategy were highlighted:\n"
    "- Reduce competition between the Council and IFAs,\n"
    "- Understand provider costs and improve price transparency,\n"
    "- Work more closely with a reduced number of providers,\n"
    "- Share data more openly and effectively.\n\n"
    "Underpinning this was a Market Positioning Statement which aims to support IFAs in "
    "understanding the Council's needs and considering alignment with their own business "
    "plans and strategies.\n\n"
    "The Board noted that the number of Children who are Looked After is increasing, as are "
    "the number of referrals dealt with by the Placement Commissioning team and alongside "
    "this there is a capacity issue with Foster Carers and the ability to increase is "
    "considered limited. There are additional issues with competition with bordering "
    "authorities for the same pool of Foster Carers and increased numbers of Unaccompanied "
    "Asylum Seeking Children.\n\n"
    "In response to questions members heard that:\n"
    "- The amount paid for an IFA placement will be kept under review in order to ensure that "
    "there is value for money, but if a child needs to be placed that would be the main "
    "priority."
)

# (agenda number, kind, title, presenter, minute text, resolutions); seed 002's minutes of
# 25 September 2018, numbered 28 to 35.
SEPTEMBER_2018 = (
    ("1", K.APOLOGIES, "Apologies for absence", "", "No apologies were received.", ()),
    (
        "2",
        K.DECLARATIONS,
        "Declarations of interest",
        "",
        "There were no declarations of interest.",
        (),
    ),
    (
        "3",
        K.PREVIOUS_MINUTES,
        "Minutes of previous meeting",
        "",
        "The minutes of the meeting dated the 13 July 2018 were agreed.",
        (),
    ),
    ("4", K.DEPUTATIONS, "Deputations", "", "There were no deputations received.", ()),
    (
        "5",
        K.ANNOUNCEMENTS,
        "Chairman's announcements",
        "Chairman",
        "The Chairman noted that members of the Corporate Parenting Board had recently met with "
        "Foster Carers to discuss their role and any feedback they would like to raise. This "
        "meeting was considered to be beneficial to the Board's work and the discussion aligned "
        "with the feedback received from young people previously. However, it was noted that a "
        "wider pool of Foster Carers with a variety of training levels should be consulted in "
        "the future.\n\n"
        "In a summary of the conversations that took place, the Chairman highlighted the lack "
        "of communication and the impact of changing Social Workers as the main issues raised "
        "by those present. It was noted that this was not a systemic problem and that an Action "
        "Plan would be created to respond to this feedback.",
        (),
    ),
    (
        "6",
        K.REPORT,
        "Foster care recruitment",
        DCS,
        FOSTER_CARE_RECRUITMENT,
        (
            "That the Corporate Parenting Board note the difficulties, and the work being done "
            "to overcome them, of Foster Care Recruitment and the impact of Foster Placement "
            "moves.",
        ),
    ),
    (
        "7",
        K.REPORT,
        "Foster placement moves",
        DCS,
        "With the agreement of the Chairman, this item was heard as part of the previous item "
        "'Foster Care Recruitment' in order to more easily facilitate discussion on the issues "
        "to be raised.",
        (),
    ),
    (
        "8",
        K.REPORT,
        "Placement commissioning",
        DCS,
        PLACEMENT_COMMISSIONING,
        (
            "That the Corporate Parenting Board note the role of the Placement Commissioning "
            "Team and their role in securing placements.",
        ),
    ),
)

SEPTEMBER_2018_TOPICS = {
    "6": "Foster Care Recruitment in Hampshire",
    "7": "Foster Placement moves",
    "8": "Placement Commissioning in Hampshire",
}

P, AP, AB = Attendance.Status.PRESENT, Attendance.Status.APOLOGIES, Attendance.Status.ABSENT
# Seed 002: three councillors present ("p"), one of three co-opted members present, and "no
# apologies were received"; mapped onto the fictional members.
SEPTEMBER_2018_ATTENDANCE = {
    "chair": P,
    "vice_2017": P,
    "ashworth": P,
    "jordan": P,
    "kai": AB,
    "mia": AB,
}
JULY_2018_ATTENDANCE = {
    "chair": P,
    "vice_2017": AP,
    "ashworth": P,
    "sub_con_2017": P,
    "jordan": P,
    "kai": P,
    "mia": AP,
}

# Seed 002's work programme for 2019 (and the December 2018 meeting).
STANDING = (
    "CPB members feedback on workshops",
    "Care Ambassadors feedback on progress of work",
    "Participation Officer feedback on progress of work",
    "Marketing",
)
# (title, cycle in months, starts on, purpose)
ROLLING = (
    (
        "Six-monthly update on the education of children in care",
        6,
        date(2019, 3, 1),
        "Virtual School progress, attainment and attendance",
    ),
    (
        "Six-monthly update on the health of children in care",
        6,
        date(2019, 3, 1),
        "Health and dental checks, immunisations and emotional wellbeing",
    ),
    ("Six-monthly update on fostering", 6, date(2019, 3, 1), "Recruitment, retention, support"),
    ("Six-monthly performance update", 6, date(2019, 3, 1), "The board's performance figures"),
    (
        "Six-monthly update on progress of the Care Leavers Service",
        6,
        date(2019, 6, 1),
        "",
    ),
    (
        "Six-monthly update on progress of the Children in Care Service",
        6,
        date(2019, 6, 1),
        "",
    ),
    ("HFN annual update", 12, date(2019, 6, 1), ""),
    ("Update on progress of Bright Spots", 12, date(2019, 6, 1), "Survey follow-up"),
    ("Annual Adoption Report update", 12, date(2019, 9, 1), ""),
    ("Annual report on the progress of the CPB", 12, date(2019, 9, 1), ""),
)

# The 2019 meetings: the seed gives the months; the days are invented.
MEETINGS_2019 = (date(2019, 3, 18), date(2019, 6, 17), date(2019, 9, 16), date(2019, 12, 2))

# What each meeting of the programme takes besides the standing items: (rolling titles,
# relevant-to-meeting titles).
PROGRAMME = {
    date(2018, 12, 3): (
        (),
        (
            "Bright Spots survey overview",
            "Peer challenge feedback",
            "Participation report: annual CPB report and six-monthly progress on participation",
            "Feedback from participation conference",
            "Summary of Ofsted letter",
            "Forward planning",
            "Pledge",
        ),
    ),
    date(2019, 3, 18): (
        (
            "Six-monthly update on the education of children in care",
            "Six-monthly update on the health of children in care",
            "Six-monthly update on fostering",
            "Six-monthly performance update",
        ),
        (
            "Outcome of the marketing task and finish group",
            "Update on the retention and recruitment of social workers",
        ),
    ),
    date(2019, 6, 17): (
        (
            "Six-monthly update on progress of the Care Leavers Service",
            "Six-monthly update on progress of the Children in Care Service",
            "HFN annual update",
            "Update on progress of Bright Spots",
        ),
        (),
    ),
    date(2019, 9, 16): (
        ("Annual Adoption Report update", "Annual report on the progress of the CPB"),
        (),
    ),
    date(2019, 12, 2): (
        (
            "Six-monthly update on progress of the Care Leavers Service",
            "Six-monthly update on progress of the Children in Care Service",
        ),
        (),
    ),
}
# December 2018 programme entries that became items of the published agenda.
ON_DECEMBER_AGENDA = {
    "CPB members feedback on workshops": "12",
    "Bright Spots survey overview": "6",
    "Peer challenge feedback": "7",
    "Participation report: annual CPB report and six-monthly progress on participation": "8",
    "Feedback from participation conference": "9",
    "Summary of Ofsted letter": "10",
    "Forward planning": "13",
}

YP_SUMMER = (
    "CPB meet original group of young people from summer 2018",
    "Board members and the young people they first met in summer 2018",
    "Follow up the first meeting and tell the young people how their ideas informed the "
    "board's work",
)
CARERS_REP = (
    "Foster carers: representative group",
    "A representative group of foster carers",
    "Hear foster carers' experience of support, communication and training",
)
CARERS_FIRST_YEAR = (
    "Foster carers in first year of role",
    "Foster carers in their first year",
    "Learn what helps new foster carers through their first year, from a wider pool of carers",
)
EDGE_OF_CARE = (
    "Cohort of young people known to Children's Services",
    "Children on child protection plans, children in need and the Family Support Service, "
    "including the Disabled Children's Team",
    "Understand the experience of children on the edge of care",
)
OUT_OF_COUNTY = (
    "Meeting with young people and carers in out of county placements",
    "Young people and carers in out of county placements",
    "Gather information on their health and education",
)
REG_25 = (
    "Meeting with young people and carers of Reg 25 placements",
    "Young people placed with extended family (Regulation 25) and their carers",
    "Hear how placements with extended family are supported",
)
# (year, month, workshops); seed 002's "Workshops - who and what purpose?".
WORKSHOPS = (
    (2019, 1, (YP_SUMMER, CARERS_REP)),
    (2019, 2, (CARERS_FIRST_YEAR, EDGE_OF_CARE)),
    (2019, 4, (OUT_OF_COUNTY, REG_25)),
    (
        2019,
        5,
        (
            (
                "Group of unaccompanied asylum seeking children in care",
                "Unaccompanied asylum seeking children in care",
                "Hear what matters to them about their care",
            ),
        ),
    ),
    (
        2019,
        7,
        (
            (
                "Care leavers using the new post 16 provision",
                "Care leavers using the new post 16 provision",
                "Hear how the new post 16 accommodation is working for them",
            ),
            (
                "Care leavers in higher and further education",
                "Care leavers in higher and further education",
                "Understand the support care leavers need to stay in education",
            ),
        ),
    ),
    (2019, 8, (YP_SUMMER, CARERS_REP)),
    (2019, 10, (CARERS_FIRST_YEAR, EDGE_OF_CARE)),
    (2019, 11, (OUT_OF_COUNTY, REG_25)),
)
# Seed 002: the members' workshop of 13 November 2018, fed back at item 12 in December.
NOVEMBER_2018_WORKSHOP = (
    date(2018, 11, 13),
    "Members' workshop",
    "Board members",
    "Prepare the board's priorities and work programme for 2019",
)


def _at(day, hour=14):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _first_weekday(year, month):
    day = date(year, month, 1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _second_tuesday(year, month):
    day = date(year, month, 1)
    while day.weekday() != 1:
        day += timedelta(days=1)
    return day + timedelta(days=7)


def upcoming_dates(today):
    """Four meetings in the next twelve months: the second Tuesday of every third month."""
    return [
        _second_tuesday(first.year, first.month)
        for first in (_add_months(today, n) for n in (1, 4, 7, 10))
    ]


@transaction.atomic
def load(organisation):
    """Build the demo board, once. Returns the board."""
    existing = Board.objects.for_organisation(organisation).first()
    if existing is not None:
        return existing
    users = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    board = Board.objects.create(
        organisation=organisation,
        name=BOARD_NAME,
        parent_body=PARENT_BODY,
        terms_of_reference=TERMS_OF_REFERENCE,
        quorum=3,
        usual_venue=VENUE,
        enquiries_contact=ENQUIRIES,
        first_minute_number=FIRST_MINUTE_NUMBER,
    )
    members = _members(board, users)
    july, september, december = _meetings_2018(board)
    september_items = _record_september(september, members)
    _attendance(july, members, JULY_2018_ATTENDANCE)
    dec_items = _agenda(december, (*DECEMBER_2018_AGENDA, EXEMPT_ITEM))
    dec_items["14"].exempt = True
    dec_items["14"].exempt_paragraph = AgendaItem.ExemptParagraph.P2
    dec_items["14"].save(update_fields=["exempt", "exempt_paragraph"])
    exclusion_sync(meeting=december)  # the resolution to exclude the public goes before it
    actions = _actions(board, september, september_items, users)
    meetings_2019 = [_meeting(board, day) for day in MEETINGS_2019]
    upcoming = [_meeting(board, day) for day in upcoming_dates(timezone.localdate())]
    _work_programme(board, december, meetings_2019, upcoming, dec_items, actions)
    return board


def _members(board, users):
    members = {}
    for term in TERMS:
        members[term.key] = BoardMember.objects.create(
            organisation=board.organisation,
            board=board,
            name=term.name,
            user=users.get(term.email) if term.email else None,
            kind=term.kind,
            role=term.role,
            political_group=term.group,
            represents=term.represents,
            start_date=term.start,
            end_date=term.end,
        )
    return members


def _meeting(board, day, **fields):
    return Meeting.objects.create(
        organisation=board.organisation,
        board=board,
        starts_at=_at(day),
        venue=VENUE,
        **fields,
    )


def _meetings_2018(board):
    december = _meeting(
        board,
        date(2018, 12, 3),
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=_at(date(2018, 11, 23), 10),
    )
    september = _meeting(
        board,
        date(2018, 9, 25),
        ends_at=_at(date(2018, 9, 25), 16),
        status=Meeting.Status.MINUTES_APPROVED,
        agenda_published_at=_at(date(2018, 9, 14), 10),
        minutes_published_at=_at(date(2018, 10, 2), 10),
        minutes_approved_at=december,
    )
    july = _meeting(
        board,
        date(2018, 7, 13),
        ends_at=_at(date(2018, 7, 13), 16),
        status=Meeting.Status.MINUTES_APPROVED,
        agenda_published_at=_at(date(2018, 7, 4), 10),
        minutes_published_at=_at(date(2018, 7, 20), 10),
        minutes_approved_at=september,
    )
    return july, september, december


def _agenda(meeting, rows):
    items = {}
    for position, (number, kind, title, purpose, presenter) in enumerate(rows, start=1):
        items[number] = AgendaItem.objects.create(
            organisation=meeting.organisation,
            meeting=meeting,
            position=position,
            number=number,
            title=title,
            purpose=purpose,
            kind=kind,
            presenter=presenter,
        )
    return items


def _record_september(meeting, members):
    purposes = {kind: purpose for _, kind, _, purpose, _ in DECEMBER_2018_AGENDA}
    rows = []
    for number, kind, title, presenter, _, _ in SEPTEMBER_2018:
        if kind in AgendaItem.PROCEDURAL:
            purpose = purposes[kind]
        else:
            topic = SEPTEMBER_2018_TOPICS[number]
            purpose = f"To receive a presentation from the {DCS} with an overview of {topic}."
        rows.append((number, kind, title, purpose, presenter))
    items = _agenda(meeting, rows)
    for minute_number, (number, _, _, _, text, resolutions) in enumerate(
        SEPTEMBER_2018, start=FIRST_MINUTE_NUMBER
    ):
        minute = Minute.objects.create(
            organisation=meeting.organisation, item=items[number], number=minute_number, text=text
        )
        for position, resolution in enumerate(resolutions, start=1):
            Resolution.objects.create(
                organisation=meeting.organisation,
                minute=minute,
                position=position,
                text=resolution,
            )
    _attendance(meeting, members, SEPTEMBER_2018_ATTENDANCE)
    return items


def _attendance(meeting, members, marks):
    for key, status in marks.items():
        Attendance.objects.create(
            organisation=meeting.organisation, meeting=meeting, member=members[key], status=status
        )


def _actions(board, september, items, users):
    today = timezone.localdate()
    chair, officer, clerk = users.get(CHAIR_EMAIL), users.get(OFFICER_EMAIL), users.get(CLERK_EMAIL)

    def action(item, description, owner_name, owner, due, status, updates=()):
        created = Action.objects.create(
            organisation=board.organisation,
            board=board,
            meeting=september,
            item=items[item],
            description=description,
            owner_name=owner_name,
            owner=owner,
            due_date=due,
            status=status,
        )
        for text, update_status, by in updates:
            ActionUpdate.objects.create(
                organisation=board.organisation,
                action=created,
                text=text,
                status=update_status,
                by=by,
            )
        return created

    S = Action.Status
    return {
        "thank": action(
            "5",
            "The Chairman to write to the young people to thank them and update them on how "
            "their ideas informed future work",
            "Chair of the board",
            chair,
            date(2018, 10, 31),
            S.DONE,
            (("Letter sent to each young person through their Care Ambassador.", S.DONE, chair),),
        ),
        "carers": action(
            "5",
            "Consult a wider pool of foster carers, with a variety of training levels, at a "
            "board workshop",
            "Democratic Services Officer",
            clerk,
            date(2019, 2, 28),
            S.DONE,
            (("Added to the work programme as a February 2019 workshop.", S.DONE, clerk),),
        ),
        "plan": action(
            "6",
            "Bring the action plan responding to foster carers' feedback on communication and "
            "changes of social worker to the board",
            "Head of Children in Care Service",
            officer,
            today + timedelta(days=5),
            S.IN_PROGRESS,
            (
                (
                    "Action plan drafted with the foster carers' representatives; due date "
                    "moved so the board sees the latest survey results with it.",
                    S.IN_PROGRESS,
                    officer,
                ),
            ),
        ),
        "ifa": action(
            "8",
            "Report back on the review of the amount paid for Independent Fostering Agency "
            "placements",
            "Director of Children's Services",
            officer,
            today + timedelta(days=40),
            S.OPEN,
        ),
    }


def _work_programme(board, december, meetings_2019, upcoming, dec_items, actions):
    organisation = board.organisation
    standing = {}
    for title in STANDING:
        standing[title] = RollingItem.objects.create(
            organisation=organisation,
            board=board,
            title=title,
            every_meeting=True,
            starts_on=date(2018, 12, 1),
        )
    rolling = {}
    for title, cycle, starts_on, purpose in ROLLING:
        rolling[title] = RollingItem.objects.create(
            organisation=organisation,
            board=board,
            title=title,
            purpose=purpose,
            cycle_months=cycle,
            starts_on=starts_on,
        )

    def entry(kind, title, *, meeting=None, rolling_item=None, **fields):
        return WorkProgrammeEntry.objects.create(
            organisation=organisation,
            board=board,
            meeting=meeting,
            kind=kind,
            title=title,
            rolling_item=rolling_item,
            purpose=fields.pop("purpose", rolling_item.purpose if rolling_item else ""),
            **fields,
        )

    E = WorkProgrammeEntry.Kind
    for meeting in [december, *meetings_2019]:
        rolling_titles, one_offs = PROGRAMME[timezone.localtime(meeting.starts_at).date()]
        planned = [(E.STANDING, title, standing[title]) for title in STANDING]
        planned += [(E.ROLLING, title, rolling[title]) for title in rolling_titles]
        planned += [(E.ONE_OFF, title, None) for title in one_offs]
        for kind, title, rolling_item in planned:
            fields = {}
            if meeting == december and title in ON_DECEMBER_AGENDA:
                fields = {
                    "status": WorkProgrammeEntry.Status.ON_AGENDA,
                    "agenda_item": dec_items[ON_DECEMBER_AGENDA[title]],
                }
            entry(kind, title, meeting=meeting, rolling_item=rolling_item, **fields)

    day, title, who, purpose = NOVEMBER_2018_WORKSHOP
    entry(E.WORKSHOP, title, who=who, purpose=purpose, workshop_date=day)
    for year, month, workshops in WORKSHOPS:
        for title, who, purpose in workshops:
            entry(
                E.WORKSHOP,
                title,
                who=who,
                purpose=purpose,
                workshop_date=_first_weekday(year, month),
                from_action=actions["carers"] if title == CARERS_FIRST_YEAR[0] else None,
            )

    # The next meeting's plan, so an agenda can be drafted from it, and a workshop after it.
    following = upcoming[0]
    for title in STANDING:
        entry(E.STANDING, title, meeting=following, rolling_item=standing[title])
    entry(
        E.ONE_OFF,
        "Action plan responding to foster carers' feedback",
        meeting=following,
        purpose="Matters arising from the meeting of 25 September 2018",
        from_action=actions["plan"],
    )
    workshop_month = _add_months(timezone.localtime(following.starts_at).date(), 1)
    entry(
        E.WORKSHOP,
        "Care Ambassadors and board members: review of the Pledge",
        who="Board members and the Care Ambassadors",
        purpose="Hear what young people want the next Pledge to say",
        workshop_date=_first_weekday(workshop_month.year, workshop_month.month),
    )

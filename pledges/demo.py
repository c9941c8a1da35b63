"""The demo council's pledge: Hampshire's 2020 pledge (seed 003, Corporate Parenting Board of
16 October 2020) word for word, with everything around it made up for the demo.

What is real: the six themes, their lead-ins and every "We will ..." line of the 2020 version.
What is invented: the 2017 version's differences (one line worded differently, one line that
was later dropped, one line not yet there), the 2026 draft's change, the plain words for young
people, leads, partners, due dates, action plans and the whole progress history. Every figure
in a narrative is fictional and is not Hampshire's; no narrative names a child or any real
person.

`load(organisation)` is called by `manage.py load_demo`. It builds the pledge only once: if
the organisation already has any pledge version it returns without changing anything, so
running `load_demo` again on an existing install keeps the pledge (and any edits made to it
through the app) as it is.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from corporate_parenting.models import User

from . import services
from .models import (
    Commitment,
    CommitmentAction,
    PledgeSettings,
    PledgeVersion,
    ProgressUpdate,
    Status,
    Theme,
)

OFFICER_EMAIL = "officer@example.org"
PARTICIPATION_EMAIL = "participation@example.org"
REVIEWER_EMAIL = "admin@example.org"

TITLE = "Hampshire's Pledge to children in care and care leavers"
INTRODUCTION = (
    "This is our promise to you. We wrote it with children in care and care leavers. "
    "Every few months we check how well we are keeping it, and we tell you."
)
ADOPTED_2017 = date(2017, 10, 12)
ADOPTED_2020 = date(2020, 10, 16)
ADOPTED_BY_2020 = "Corporate Parenting Board, endorsed by Full Council"
HISTORY_FROM = date(2021, 1, 1)

ON, RISK, OFF, DONE = Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.ACHIEVED


@dataclass(frozen=True)
class Line:
    """One commitment. `key` names it in this file only."""

    key: str
    wording: str
    plain: str
    partners: str = ""
    target: str = ""
    due: date | None = None
    lead: str = OFFICER_EMAIL
    wording_2017: str = ""  # set: worded differently in 2017 (reworded in 2020)
    plain_2017: str = ""
    new_in_2020: bool = False


@dataclass(frozen=True)
class ThemeLines:
    title: str
    lead_in: str
    lines: tuple


# Seed 003, "Hampshire's Pledge to children in care and care leavers": wording verbatim.
PLEDGE_2020 = (
    ThemeLines(
        "Moving On",
        "We will support you to",
        (
            Line(
                "home",
                "Find somewhere to live",
                "Help you find a place to live",
                partners="District councils, Housing",
            ),
            Line(
                "skills",
                "Build necessary skills to maintain your accommodation",
                "Help you learn how to look after your home",
                partners="District councils, Further education colleges",
                due=date(2022, 3, 31),
            ),
            Line(
                "adult",
                "Become the successful young adult that you can become",
                "Help you become the adult you want to be",
                partners="Jobcentre Plus, Local employers",
            ),
            Line(
                "until25",
                "This offer of support will be there until you are 25",
                "Be there for you until you are 25",
                new_in_2020=True,
            ),
            Line(
                "older",
                "Access the services relevant to your needs as an older young person",
                "Help you get the services you need as you get older",
                partners="Adult Services, NHS, Jobcentre Plus",
            ),
        ),
    ),
    ThemeLines(
        "Your Health and Wellbeing",
        "We will support you to",
        (
            Line(
                "health",
                "Access Health Services – this includes your mental and physical well-being",  # noqa: RUF001 - the seed's own dash
                "Help you see a doctor, a nurse or someone to talk to about your feelings",
                partners="NHS, CAMHS",
            ),
            Line(
                "relationships",
                "Maintain healthy and happy relationships",
                "Help you have safe and happy friendships and relationships",
                partners="Schools, Youth services",
            ),
            Line(
                "activities",
                "Identify and access positive activities, interests and hobbies",
                "Help you find hobbies and things you enjoy",
                partners="District councils, Leisure services",
                due=date(2023, 3, 31),
            ),
        ),
    ),
    ThemeLines(
        "Your Voice",
        "We will",
        (
            Line(
                "careplans",
                "Actively involve you in your own care plans",
                "Ask you what you think about your care plan",
                partners="Independent Reviewing Officers",
                lead=PARTICIPATION_EMAIL,
            ),
            Line(
                "talk",
                "Make time for you to talk one to one with us",
                "Make time to talk with you on your own",
                lead=PARTICIPATION_EMAIL,
            ),
            Line(
                "contact",
                "Be contactable through a variety of ways and get back to you within 3 "
                "working days",
                "Be easy to reach, and reply to you within 3 working days",
                target="Reply within 3 working days",
                lead=PARTICIPATION_EMAIL,
                wording_2017="Be easy to contact and get back to you as soon as we can",
                plain_2017="Be easy to reach and get back to you quickly",
            ),
            Line(
                "involve",
                "Involve you in different ways so that together we can improve what we do",
                "Ask for your ideas, so together we can make things better",
                partners="Care Ambassadors, Children in Care Council",
                lead=PARTICIPATION_EMAIL,
            ),
            Line(
                "entitled",
                "Let you know what you are entitled to as well as what you have responsibility for",
                "Tell you what help you can get, and what is up to you",
                lead=PARTICIPATION_EMAIL,
            ),
            Line(
                "complaints",
                "Make you aware of our compliments and complaints procedure and support you "
                "through this if needed",
                "Tell you how to say thank you or complain, and help you do it",
                partners="Advocacy service",
                due=date(2022, 9, 30),
                lead=PARTICIPATION_EMAIL,
            ),
        ),
    ),
    ThemeLines(
        "Your Education Training and Employment",
        "We will support you to",
        (
            Line(
                "opportunities",
                "Access academic and non-academic opportunities – not just school or college",  # noqa: RUF001
                "Help you learn in lots of ways, not just at school or college",
                partners="Schools, Virtual School, Colleges",
            ),
            Line(
                "decisions",
                "Be involved about decisions made about your education",
                "Ask you about decisions on your education",
                partners="Schools, Virtual School",
            ),
            Line(
                "extra",
                "Access additional support for school or college if this is necessary",
                "Get you extra help at school or college if you need it",
                partners="Schools, Virtual School, Educational Psychology",
            ),
            Line(
                "university",
                "Access college or university if you would like that help",
                "Help you go to college or university if you want to",
                partners="Colleges, Universities, Virtual School",
                due=date(2024, 9, 30),
            ),
        ),
    ),
    ThemeLines(
        "Your Future",
        "We will",
        (
            Line(
                "plan",
                "Help you plan your future",
                "Help you plan your future",
                partners="Jobcentre Plus",
            ),
            Line(
                "best",
                "Support and encourage you to be the very best that you can be",
                "Cheer you on to be the best you can be",
            ),
        ),
    ),
    ThemeLines(
        "Where you live",
        "We will",
        (
            Line(
                "honest",
                "Be open and honest about your care especially when changes are happening or "
                "where we can see that they are likely to happen for you",
                "Be honest with you about your care, most of all when things are changing",
                partners="Independent Reviewing Officers, Foster carers",
            ),
            Line(
                "move",
                "Help you to move smoothly to a new place to live, should you need to",
                "Make moving to a new home as easy as we can, if you need to move",
                partners="Foster carers, Residential homes",
                due=date(2025, 3, 31),
            ),
            Line(
                "family",
                "Inform you about how you will keep in touch with your own family, if appropriate",
                "Tell you how you will keep in touch with your family",
                partners="Foster carers",
            ),
        ),
    ),
)

# Invented for the demo: a 2017 line the 2020 review dropped (added at the end of its theme).
DROPPED_IN_2020 = (
    "Your Voice",
    Line(
        "iro",
        "Tell you who your Independent Reviewing Officer is and how to contact them",
        "Tell you who your IRO is and how to reach them",
        lead=PARTICIPATION_EMAIL,
    ),
)

# The 2026 review draft's one change: young people asked for "Family Time", not "contact".
FAMILY_TIME = (
    "family",
    "Talk with you about how you will spend Family Time with your own family, if appropriate",
    "Help you keep in touch with your family (Family Time)",
)

# Action plan rows for the 2020 version: (promise key, description, owner team, timeline,
# expected outcome). Their links to other plans are in ACTION_LINKS, in the same order.
ACTIONS = (
    (
        "home",
        "Agree a joint housing protocol for care leavers with each district council",
        "Care Leavers Service",
        "April 2021 to March 2022",
        "Every district council names a housing contact for care leavers and plans a home "
        "with each young person before they turn 18.",
    ),
    (
        "home",
        "Increase the number of supported lodgings places",
        "Placements Commissioning team",
        "By March 2024",
        "Young people leaving care can move to a home that suits them, near where they live.",
    ),
    (
        "health",
        "Agree a faster route to a first CAMHS appointment for children in care",
        "Children in Care Health team",
        "2021 to 2022",
        "Children in care wait no longer than other children to see someone about their "
        "mental health.",
    ),
    (
        "contact",
        "Publish one phone number, text number and email address for each district team",
        "Children in Care Service",
        "By March 2021",
        "Young people know how to reach us, in the way they prefer.",
    ),
    (
        "contact",
        "Report every month how many contacts were answered within 3 working days",
        "Performance and Business Intelligence team",
        "Monthly from April 2021",
        "The board sees the figure every quarter and can act when it drops.",
    ),
    (
        "complaints",
        "Write a young people's guide to compliments and complaints with the Care Ambassadors",
        "Participation team",
        "By September 2022",
        "Every child coming into care gets the guide, in words young people chose.",
    ),
    (
        "university",
        "Offer every care leaver at university a named contact and help with housing in the "
        "holidays",
        "Virtual School",
        "From September 2022",
        "More care leavers start university and stay on their course.",
    ),
)


# Made-up plan names, as real action plans cite their council's strategies.
ACTION_LINKS = (
    "Care Leavers Local Offer 2021-2024",
    "Sufficiency Strategy 2021-2024",
    "Emotional Wellbeing and Mental Health Strategy",
    "Not applicable",
    "Performance Framework 2021",
    "Participation Strategy 2021-2024",
    "Virtual School Improvement Plan",
)

# Approved progress on actions (promise key, action index within the promise, as_of, status,
# narrative, public summary): the contact promise is tracked by its two actions, so its
# status is derived from them (pledges/status.py).
ACTION_PROGRESS = (
    (
        "contact",
        0,
        date(2021, 3, 31),
        DONE,
        "Each district team's phone number, text number and email address is on the website "
        "and on the back of every review invitation.",
        "You can now find your team's phone, text and email on our website.",
    ),
    (
        "contact",
        1,
        None,  # the latest quarter end
        ON,
        "The monthly contact report has gone to the service's leadership team since April "
        "2021; the board sees it each quarter.",
        "We check every month how fast we reply to you.",
    ),
)


@dataclass(frozen=True)
class Story:
    """A commitment's fictional progress: phases of (from date, status, figure at the phase's
    first update, figure at its last), the board's words and the public's words per status."""

    phases: tuple
    board: dict
    public: dict
    metric: str = ""  # "{v}" is replaced by the quarter's (fictional) figure
    notes: tuple = ()
    stale: int = 0  # stop this many quarters before the latest, so it needs an update
    pending: str = ""  # "submitted" or "draft": an update waiting after the history
    pending_status: Status | None = None
    pending_text: tuple = ()  # (narrative, public summary)


STORIES = {
    "home": Story(
        phases=(
            (date(2021, 1, 1), ON, 91, 90),
            (date(2023, 1, 1), RISK, 88, 85),
            (date(2024, 7, 1), OFF, 83, 80),
        ),
        metric="{v}% of care leavers aged 19 to 21 were in suitable accommodation at the end "
        "of the quarter.",
        board={
            ON: "Housing options are agreed with district councils before young people turn 18.",
            RISK: "Demand for one-bedroom homes is rising faster than supply in several "
            "districts, and waits for move-on accommodation are longer.",
            OFF: "Some care leavers are waiting in temporary accommodation. The service has "
            "escalated this with district housing leads and asks the board to raise it with "
            "partners.",
        },
        public={
            ON: "Most young people leaving care moved into a home that suits them.",
            RISK: "Finding homes is getting harder. We are working with housing teams so you "
            "do not wait too long.",
            OFF: "Some young people waited too long for a home. We have told the housing teams "
            "this must change, and the board is following it up.",
        },
        notes=(
            "The joint housing panel with district councils met every month.",
            "Two new supported lodgings hosts were approved this quarter.",
            "Personal advisers started housing plans at age 17 for every young person.",
        ),
        pending="draft",
        pending_status=OFF,
        pending_text=(
            "Draft: figures for this quarter to be added once the housing panel has met.",
            "We are still working on this update.",
        ),
    ),
    "skills": Story(
        phases=((date(2021, 1, 1), ON, 18, 26), (date(2022, 4, 1), DONE, 24, 31)),
        metric="{v} young people completed the independence skills course this quarter.",
        board={
            ON: "The independence skills course (budgeting, cooking, tenancy rights) now runs "
            "in every district.",
            DONE: "The course is offered to every young person from 16 as part of their "
            "pathway plan and has become routine practice.",
        },
        public={
            ON: "We run a course to help you learn to cook, budget and look after a home.",
            DONE: "Everyone aged 16 or over can now do our course on running a home.",
        },
        notes=(
            "Sessions were run with care-experienced young people as co-trainers.",
            "A new session on paying bills was added after feedback.",
            "Young people rated the course 4.5 out of 5 on average.",
        ),
    ),
    "adult": Story(
        phases=(
            (date(2021, 1, 1), ON, 58, 63),
            (date(2023, 1, 1), RISK, 56, 55),
            (date(2024, 1, 1), ON, 57, 61),
        ),
        metric="{v}% of care leavers aged 19 to 21 were in education, employment or training.",
        board={
            ON: "Personal advisers review each care leaver's goals at every pathway plan review.",
            RISK: "Fewer apprenticeship places were available locally; the service is asking "
            "employers to ring-fence places for care leavers.",
        },
        public={
            ON: "Your personal adviser helps you set goals and check how you are doing.",
            RISK: "There were fewer apprenticeships this year. We are asking employers to keep "
            "places for you.",
        },
        notes=(
            "The council's own apprenticeship scheme kept places for care leavers.",
            "Care leavers' achievements were celebrated at the annual awards evening.",
        ),
        stale=3,
        pending="submitted",
        pending_status=ON,
        pending_text=(
            "61% of care leavers aged 19 to 21 were in education, employment or training. "
            "Twelve ring-fenced apprenticeships were agreed with local employers.",
            "More apprenticeships are now kept for care leavers.",
        ),
    ),
    "older": Story(
        phases=((date(2021, 4, 1), ON, 88, 95),),
        metric="{v}% of care leavers aged 21 to 25 who asked for support had an up-to-date "
        "pathway plan.",
        board={
            ON: "Care leavers aged 21 to 25 can ask for a personal adviser again at any time; "
            "requests are logged and answered.",
        },
        public={ON: "If you are 21 to 25 and want help, you can ask for a personal adviser again."},
        notes=(
            "A joint meeting with Adult Services now looks at young people's needs from 17.",
            "The Local Offer for care leavers was updated with young people.",
        ),
    ),
    "health": Story(
        phases=(
            (date(2021, 1, 1), RISK, 84, 87),
            (date(2022, 7, 1), ON, 88, 93),
            (date(2025, 4, 1), RISK, 89, 87),
        ),
        metric="{v}% of children in care had an up-to-date health assessment.",
        board={
            RISK: "Waits for a first CAMHS appointment are longer than the agreed standard; "
            "the faster route is being tested with the NHS.",
            ON: "Health assessments are on time and the faster CAMHS route is working.",
        },
        public={
            RISK: "Some of you are waiting too long to see someone about your feelings. We are "
            "working with the NHS to make it quicker.",
            ON: "Most of you had your health check on time, and help with feelings is quicker.",
        },
        notes=(
            "The Children in Care Health team held drop-in sessions in two districts.",
            "Dental checks delayed earlier in the year have been caught up.",
            "Young people helped write a leaflet about health assessments.",
        ),
    ),
    "relationships": Story(
        phases=((date(2021, 4, 1), ON, None, None),),
        board={
            ON: "Healthy relationships sessions ran for foster carers and residential staff, "
            "and for young people in schools and youth clubs.",
        },
        public={ON: "We helped carers and young people talk about safe, happy relationships."},
        notes=(
            "A session on staying safe online was added at young people's request.",
            "Residential homes took part in a training week on relationships.",
        ),
        stale=2,
    ),
    "activities": Story(
        phases=((date(2021, 1, 1), ON, 41, 58), (date(2023, 4, 1), DONE, 60, 66)),
        metric="{v}% of children in care aged 5 to 18 used the free leisure pass this quarter.",
        board={
            ON: "District councils are rolling out a free leisure pass for children in care and "
            "their carers.",
            DONE: "Every district now offers the free leisure pass; use of it is reported each "
            "quarter.",
        },
        public={
            ON: "We are setting up a free pass for swimming, gyms and leisure centres.",
            DONE: "You can now get a free leisure pass in every district. Ask your social worker.",
        },
        notes=(
            "A summer activities guide was sent to every foster family.",
            "Music and drama taster days were run with the county arts service.",
        ),
    ),
    "careplans": Story(
        phases=((date(2021, 1, 1), ON, 86, 95),),
        metric="{v}% of children aged 4 and over took part in their review or shared their "
        "views for it.",
        board={
            ON: "Independent Reviewing Officers meet each child before their review; young "
            "people can chair their own review if they wish.",
        },
        public={
            ON: "Most of you told us what you thought before your review. You can chair your "
            "own review if you want to.",
        },
        notes=(
            "A new 'my views' form was designed with the Children in Care Council.",
            "Younger children can now share their views with pictures or a short video.",
        ),
    ),
    "contact": Story(
        phases=((date(2021, 1, 1), RISK, 72, 80), (date(2022, 4, 1), ON, 84, 93)),
        metric="{v}% of contacts were answered within 3 working days this quarter.",
        board={
            RISK: "Messages by text and social media were not logged the same way as phone "
            "calls, so some replies were late.",
            ON: "All ways of contacting us are logged in one place and replies are tracked "
            "against the 3 working day target.",
        },
        public={
            RISK: "Some of you waited more than 3 working days for a reply. We are fixing how "
            "we keep track of messages.",
            ON: "Most of you got a reply within 3 working days.",
        },
        notes=(
            "District teams now share one duty phone and text number.",
            "Late replies are checked every week by team managers.",
        ),
    ),
    "involve": Story(
        phases=((date(2021, 1, 1), ON, 35, 80),),
        metric="{v} young people took part in participation events this quarter.",
        board={
            ON: "Monthly 'Have your say' events ran across the districts; ideas are logged as "
            "You said, We did actions.",
        },
        public={
            ON: "You came to our events and shared your ideas. We tell you what we did with them."
        },
        notes=(
            "Care Ambassadors helped run the county conference.",
            "Young people sat on interview panels for new managers.",
            "Events moved to evenings after young people asked for it.",
        ),
    ),
    "entitled": Story(
        phases=(
            (date(2021, 4, 1), ON, None, None),
            (date(2024, 1, 1), RISK, None, None),
            (date(2025, 1, 1), ON, None, None),
        ),
        board={
            ON: "The Local Offer for care leavers is given to every young person at 16 and "
            "explained by their personal adviser.",
            RISK: "Young people told us the Local Offer was hard to find and out of date; a new "
            "version is being written with them.",
        },
        public={
            ON: "Your personal adviser goes through the Local Offer with you: what you can get, "
            "and what is up to you.",
            RISK: "You told us the Local Offer was hard to find. We are rewriting it with you.",
        },
        notes=(
            "The Local Offer web page was checked with Care Ambassadors.",
            "A short video about what care leavers can get was made with young people.",
        ),
    ),
    "complaints": Story(
        phases=((date(2021, 1, 1), ON, None, None),),
        board={
            ON: "The young people's guide to compliments and complaints was written with Care "
            "Ambassadors; advocates help young people use it.",
        },
        public={
            ON: "There is a new guide on how to say thank you or complain. An advocate can "
            "help you."
        },
        notes=(
            "The guide is now given out at every first review in care.",
            "Most complaints from young people were settled at the first stage.",
        ),
        stale=5,
    ),
    "opportunities": Story(
        phases=((date(2021, 4, 1), ON, None, None),),
        board={
            ON: "The Virtual School runs a programme of summer school, arts and sports "
            "opportunities alongside school and college.",
        },
        public={ON: "We offered summer school, arts and sports, as well as school and college."},
        notes=(
            "A university summer school ran for young people aged 14 to 16.",
            "Work taster days were run with local employers.",
        ),
    ),
    "decisions": Story(
        phases=((date(2021, 1, 1), RISK, 70, 76), (date(2022, 1, 1), ON, 80, 93)),
        metric="{v}% of Personal Education Plans recorded the young person's own views.",
        board={
            RISK: "Too many Personal Education Plans do not record the young person's views; "
            "designated teachers are being trained.",
            ON: "Personal Education Plans record young people's views, checked by the Virtual "
            "School each term.",
        },
        public={
            RISK: "Some of you were not asked about your education plan. We are training "
            "teachers to ask you.",
            ON: "Most of you were asked what you think about your education plan.",
        },
        notes=(
            "Designated teachers had training on hearing the young person's voice.",
            "Young people helped redesign the 'my views' page of the plan.",
        ),
    ),
    "extra": Story(
        phases=((date(2021, 1, 1), ON, 90, 93), (date(2025, 1, 1), RISK, 85, 82)),
        metric="{v}% of children in care with special educational needs had their support "
        "plan reviewed on time.",
        board={
            ON: "Additional support is agreed through the Personal Education Plan and funded "
            "where needed.",
            RISK: "Waits for educational psychology assessments have grown; the Virtual School "
            "is buying extra assessment time.",
        },
        public={
            ON: "If you needed extra help at school or college, we arranged it.",
            RISK: "Some of you are waiting too long for extra help at school. We are working "
            "to make the wait shorter.",
        },
        notes=(
            "Tutoring was offered to every child in care in Year 11.",
            "The Virtual School trained school staff on supporting children after trauma.",
        ),
        pending="submitted",
        pending_status=ON,
        pending_text=(
            "88% of children in care with special educational needs had their support plan "
            "reviewed on time. Extra assessment time has cut the waiting list.",
            "Waits for extra help at school are getting shorter.",
        ),
    ),
    "university": Story(
        phases=((date(2021, 1, 1), ON, 38, 49), (date(2024, 10, 1), DONE, 50, 54)),
        metric="{v} care leavers were studying at university this quarter.",
        board={
            ON: "Care leavers going to university get a bursary and help with housing in the "
            "holidays.",
            DONE: "Every care leaver at university now has a named contact and year-round "
            "housing support.",
        },
        public={
            ON: "If you go to university, we help with money and somewhere to live in the "
            "holidays.",
            DONE: "Everyone at university now has a named person to help them, all year round.",
        },
        notes=(
            "Partner universities agreed a named contact for care leavers.",
            "Taster visits to universities ran for young people in Years 10 to 12.",
        ),
    ),
    "plan": Story(
        phases=(
            (date(2021, 1, 1), ON, 87, 91),
            (date(2022, 10, 1), RISK, 84, 85),
            (date(2023, 7, 1), ON, 89, 96),
        ),
        metric="{v}% of care leavers had an up-to-date pathway plan.",
        board={
            ON: "Pathway plans are reviewed on time and written with the young person.",
            RISK: "Vacancies among personal advisers have delayed some pathway plan reviews; "
            "recruitment is under way.",
        },
        public={
            ON: "Most of you have a plan for your future that you helped write.",
            RISK: "Some plans were late because we were short of staff. We are hiring more "
            "personal advisers.",
        },
        notes=(
            "Pathway plans were rewritten in plainer words with young people.",
            "New personal advisers joined the team.",
        ),
    ),
    "honest": Story(
        phases=((date(2021, 4, 1), ON, None, None),),
        board={
            ON: "Social workers tell children about planned changes early; reviewing officers "
            "check that children understood what is happening.",
        },
        public={ON: "We told you early when things were going to change, and explained why."},
        notes=(
            "Later life letters were written for children moving to permanent homes.",
            "Social workers had training on explaining changes to younger children.",
        ),
    ),
    "move": Story(
        phases=((date(2021, 1, 1), RISK, 12, 10), (date(2022, 7, 1), ON, 9, 8)),
        metric="{v}% of children in care had 3 or more moves in the last 12 months.",
        board={
            RISK: "Too many children moved three or more times in a year; a stability meeting "
            "is now held when a placement is at risk.",
            ON: "Moves are planned with the child, with introductions before they move.",
        },
        public={
            RISK: "Some of you moved too many times. We now meet early to stop moves that are "
            "not needed.",
            ON: "When you had to move, we planned it with you and you met your new carers first.",
        },
        notes=(
            "Stability meetings were held for every placement at risk of ending.",
            "Welcome packs for new homes were made with young people.",
        ),
    ),
    "family": Story(
        phases=((date(2021, 4, 1), ON, None, None),),
        board={
            ON: "Plans for keeping in touch with family are agreed at each review; young "
            "people asked us to call it Family Time rather than contact.",
        },
        public={
            ON: "We talk with you about seeing your family. We now call it Family Time, as "
            "you asked."
        },
        notes=(
            "Family Time rooms in two family centres were redecorated with young people.",
            "Brothers and sisters living apart were offered shared activity days.",
        ),
    ),
}


def load(organisation):
    """Build the demo pledge for `organisation`, once. Returns the adopted version, or None
    when the organisation already had a pledge (then nothing is changed)."""
    if PledgeVersion.objects.for_organisation(organisation).exists():
        return None
    users = {u.email: u for u in User.objects.filter(email__in=_emails())}
    with transaction.atomic():
        settings = PledgeSettings.for_organisation(organisation)
        settings.update_interval_weeks = 13
        settings.save()
        v2017 = _build_2017(organisation, users)
        services.version_adopt(
            version=v2017,
            adopted_on=ADOPTED_2017,
            adopted_by="Corporate Parenting Board",
            review_date=date(2020, 10, 31),
        )
        v2020 = _build_2020(v2017, users)
        services.version_adopt(
            version=v2020,
            adopted_on=ADOPTED_2020,
            adopted_by=ADOPTED_BY_2020,
            review_date=date(2026, 10, 16),
        )
        _history(organisation, v2020, users, timezone.localdate())
        _build_2026(v2020)
    return v2020


def _emails():
    return [OFFICER_EMAIL, PARTICIPATION_EMAIL, REVIEWER_EMAIL]


def _build_2017(organisation, users):
    version = PledgeVersion.objects.create(
        organisation=organisation, title=TITLE, label="2017 review", introduction=INTRODUCTION
    )
    for theme_position, theme_lines in enumerate(PLEDGE_2020):
        theme = Theme.objects.create(
            organisation=organisation,
            version=version,
            title=theme_lines.title,
            lead_in=theme_lines.lead_in,
            position=theme_position,
        )
        lines = list(enumerate(theme_lines.lines))
        if DROPPED_IN_2020[0] == theme_lines.title:
            lines.append((len(lines), DROPPED_IN_2020[1]))
        for position, line in lines:
            if line.new_in_2020:
                continue  # its position is left free for the 2020 version
            Commitment.objects.create(
                organisation=organisation,
                theme=theme,
                position=position,
                wording=line.wording_2017 or line.wording,
                young_people_wording=line.plain_2017 or line.plain,
                lead=users.get(line.lead),
                partners=line.partners,
            )
    return version


def _lines_by_key():
    return {line.key: line for theme in PLEDGE_2020 for line in theme.lines}


def _by_key(version):
    """The version's commitments by their key in this file, matched on wording across
    versions through lineage."""
    lines = _lines_by_key()
    lines[DROPPED_IN_2020[1].key] = DROPPED_IN_2020[1]
    known = {}
    for key, line in lines.items():
        known[line.wording] = key
        if line.wording_2017:
            known[line.wording_2017] = key
    return {
        known[c.wording]: c
        for c in Commitment.objects.in_version(version).select_related("theme")
        if c.wording in known
    }


def _build_2020(v2017, users):
    organisation = v2017.organisation
    version = services.version_copy(version=v2017, label="2020")
    commitments = _by_key(version)
    # The review with young people: one line dropped, one reworded (measurable now), one added.
    commitments.pop(DROPPED_IN_2020[1].key).delete()
    themes = {t.title: t for t in version.themes.all()}
    for theme_lines in PLEDGE_2020:
        for position, line in enumerate(theme_lines.lines):
            if line.new_in_2020:
                commitments[line.key] = Commitment.objects.create(
                    organisation=organisation,
                    theme=themes[theme_lines.title],
                    position=position,
                    wording=line.wording,
                    young_people_wording=line.plain,
                    lead=users.get(line.lead),
                    partners=line.partners,
                    target=line.target,
                    due_date=line.due,
                )
                continue
            commitment = commitments[line.key]
            changed = {
                "wording": line.wording,
                "young_people_wording": line.plain,
                "target": line.target,
                "due_date": line.due,
            }
            fields = [name for name, value in changed.items() if getattr(commitment, name) != value]
            if fields:
                for name in fields:
                    setattr(commitment, name, changed[name])
                commitment.save(update_fields=fields)
    for position, (key, description, owner, timeline, outcome) in enumerate(ACTIONS):
        CommitmentAction.objects.create(
            organisation=organisation,
            commitment=commitments[key],
            description=description,
            owner=owner,
            timeline=timeline,
            links=ACTION_LINKS[position],
            expected_outcome=outcome,
            position=position,
        )
    return version


def _build_2026(v2020):
    draft = services.version_copy(version=v2020, label="2026 review")
    key, wording, plain = FAMILY_TIME
    commitment = _by_key(draft)[key]
    commitment.wording = wording
    commitment.young_people_wording = plain
    commitment.save(update_fields=["wording", "young_people_wording"])
    return draft


def _quarter_ends(today):
    """Quarterly reporting dates from 2021 up to the end of last month, oldest first."""
    year, month = today.year, today.month - 1
    if month == 0:
        year, month = year - 1, 12
    dates = []
    while True:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end < HISTORY_FROM:
            break
        dates.append(end)
        month -= 3
        if month <= 0:
            year, month = year - 1, month + 12
    return dates[::-1]


@dataclass
class _Entry:
    as_of: date
    status: Status
    figure: int | None = None


def _timeline(story, quarters):
    """The quarters a story reports on, each with its status and figure."""
    entries = []
    for index, (start, status, first, last) in enumerate(story.phases):
        end = story.phases[index + 1][0] if index + 1 < len(story.phases) else date.max
        dates = [q for q in quarters if start <= q < end]
        for n, as_of in enumerate(dates):
            figure = None
            if first is not None:
                share = n / (len(dates) - 1) if len(dates) > 1 else 1
                figure = round(first + (last - first) * share)
            entries.append(_Entry(as_of, status, figure))
    if story.stale:
        entries = entries[: -story.stale]
    return entries


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _action_history(organisation, version, users, quarters):
    reviewer = users.get(REVIEWER_EMAIL)
    commitments = _by_key(version)
    for key, index, as_of, status, narrative, summary in ACTION_PROGRESS:
        commitment = commitments[key]
        as_of = as_of or quarters[-1]
        ProgressUpdate.objects.create(
            organisation=organisation,
            commitment=commitment,
            action=list(commitment.actions.all())[index],
            as_of=as_of,
            status=status,
            narrative=narrative,
            public_summary=summary,
            state=ProgressUpdate.State.APPROVED,
            author=commitment.lead,
            submitted_at=_at(as_of, 9),
            reviewed_by=reviewer,
            approved_at=_at(as_of, 11),
        )


def _history(organisation, version, users, today):
    reviewer = users.get(REVIEWER_EMAIL)
    quarters = _quarter_ends(today)
    _action_history(organisation, version, users, quarters)
    commitments = _by_key(version)
    for key, story in STORIES.items():
        commitment = commitments[key]
        for n, entry in enumerate(_timeline(story, quarters)):
            parts = []
            if story.metric and entry.figure is not None:
                parts.append(story.metric.format(v=entry.figure))
            parts.append(story.board[entry.status])
            if story.notes:
                parts.append(story.notes[n % len(story.notes)])
            ProgressUpdate.objects.create(
                organisation=organisation,
                commitment=commitment,
                as_of=entry.as_of,
                status=entry.status,
                narrative=" ".join(parts),
                public_summary=story.public[entry.status],
                state=ProgressUpdate.State.APPROVED,
                author=commitment.lead,
                submitted_at=_at(entry.as_of, 9),
                reviewed_by=reviewer,
                approved_at=_at(entry.as_of, 10),
            )
        if story.pending:
            narrative, summary = story.pending_text
            submitted = story.pending == "submitted"
            ProgressUpdate.objects.create(
                organisation=organisation,
                commitment=commitment,
                as_of=today,
                status=story.pending_status,
                narrative=narrative,
                public_summary=summary,
                state=ProgressUpdate.State.SUBMITTED if submitted else ProgressUpdate.State.DRAFT,
                author=commitment.lead,
                submitted_at=timezone.now() - timedelta(hours=2) if submitted else None,
            )

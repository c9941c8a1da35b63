"""The demo council's participation events, groups, district leads and themes (issue 14,
points 1, 2 and 7), from seed 002's participation update and conference report.

- The Participation Conference of 22 October 2018 with attendance by district exactly as
  the seed's register lists it (staff and young people per district, 14 professionals from
  no district): 32 young people and 51 adults. The seed's own summary line says "51 adults
  and 31 young people = 83 total"; its district list adds up to 32, as its covering report
  says, so the counts follow the list. No photo consent: the seed says it was not gained.
- A few district "Have your say" events (invented), dated within the last year so the
  district log's default period shows them.
- The Care Ambassadors (16+): 16 places, 8 filled in the seed's update; the rows before and
  after it are invented to show the fill rate over time. The Junior Care Ambassadors: 16
  places planned, none filled yet. No names: the demo keeps none.
- District leads from the demo users; themes from the seed's feedback lists.

Counts only, never a child's name. Loading again does nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from corporate_parenting.demo import HAMPSHIRE_DISTRICTS
from corporate_parenting.models import District, Membership
from corporate_parenting.roles import Role

from ..models import Attendance, DistrictLead, Event, GroupPlaces, Theme, YouthGroup

CONFERENCE_TITLE = "Participation Conference 2018"

# Seed 002, "Attendance & Voting", a) Register: (district, staff, young people).
CONFERENCE_REGISTER = [
    ("Basingstoke", 3, 4),
    ("East Hants", 4, 6),
    ("Fareham & Gosport", 4, 5),
    ("Hart and Rushmoor", 5, 3),
    ("Test Valley", 6, 1),
    ("New Forest", 5, 3),
    ("Havant", 5, 6),
    ("Winchester and Eastleigh", 5, 4),
]
CONFERENCE_PROFESSIONALS = 14  # "Professionals: 14 staff", from no district

# Themes the seed's "No More / Yes More" and "What is in a name" lists fall under.
THEMES = [
    "Keeping the same social worker",
    "Being listened to",
    "Keeping promises and feedback",
    "Meetings and plans",
    "School and education",
    "Family time",
    "Bullying and respect",
    "Leaving care",
    "Activities and fun",
    "Words we use",
]

# Invented district sessions: (district, days ago, methods, {(group, age band): count}).
HAVE_YOUR_SAY = [
    (
        "Havant",
        40,
        "Graffiti wall, No more / Yes more",
        {
            ("in_care", "12_15"): 4,
            ("in_care", "8_11"): 2,
            ("care_leavers", "18_25"): 1,
            ("staff", "adult"): 3,
        },
    ),
    (
        "East Hants",
        75,
        "Sticky notes, voting with stickers",
        {
            ("in_care", "not_recorded"): 5,
            ("children_in_need", "not_recorded"): 2,
            ("staff", "adult"): 2,
        },
    ),
    (
        "New Forest",
        130,
        "Treasure hunt in town, then a talk about what could improve",
        {
            ("in_care", "not_recorded"): 3,
            ("care_leavers", "not_recorded"): 2,
            ("staff", "adult"): 2,
            ("board", "adult"): 1,
        },
    ),
    (
        "Winchester and Eastleigh",
        220,
        "What is in a name: cards with the words we use",
        {("in_care", "not_recorded"): 6, ("staff", "adult"): 3},
    ),
]


@transaction.atomic
def load(organisation) -> None:
    if Event.objects.for_organisation(organisation).filter(title=CONFERENCE_TITLE).exists():
        return
    districts = _districts(organisation)
    _leads(organisation, districts)
    _themes(organisation)
    ambassadors = _groups(organisation)
    _conference(organisation, districts, ambassadors)
    _district_sessions(organisation, districts)


def _districts(organisation) -> dict[str, District]:
    if not District.objects.for_organisation(organisation).exists():
        for position, name in enumerate(HAMPSHIRE_DISTRICTS, start=1):
            District.objects.create(organisation=organisation, name=name, position=position)
    return {d.name: d for d in District.objects.for_organisation(organisation)}


def _leads(organisation, districts) -> None:
    members = list(
        Membership.objects.for_organisation(organisation)
        .active()
        .filter(role__in=[Role.PARTICIPATION_OFFICER, Role.OFFICER])
        .order_by("role", "user__email")
        .select_related("user")
    )
    if not members:
        return
    # The participation officer leads most districts; the officer the rest.
    leads = [m.user for m in members if m.role == Role.PARTICIPATION_OFFICER] or [members[0].user]
    others = [m.user for m in members if m.role == Role.OFFICER] or leads
    for i, district in enumerate(districts.values()):
        DistrictLead.objects.get_or_create(
            district=district,
            defaults={
                "organisation": organisation,
                "lead": others[0] if i % 3 == 2 else leads[0],
            },
        )


def _themes(organisation) -> None:
    for position, name in enumerate(THEMES, start=1):
        if not Theme.objects.for_organisation(organisation).filter(name__iexact=name).exists():
            Theme.objects.create(organisation=organisation, name=name, position=position)


def _groups(organisation) -> YouthGroup:
    ambassadors, _ = YouthGroup.objects.get_or_create(
        organisation=organisation,
        name="Care Ambassadors",
        defaults={
            "kind": YouthGroup.Kind.CARE_AMBASSADORS,
            "minimum_age": 16,
            "description": "The representative voice of children in care and care leavers: "
            "the Corporate Parenting Board, conferences, interviews, training and Bright "
            "Spots feedback.",
        },
    )
    juniors, _ = YouthGroup.objects.get_or_create(
        organisation=organisation,
        name="Junior Care Ambassadors",
        defaults={
            "kind": YouthGroup.Kind.JUNIOR_AMBASSADORS,
            "minimum_age": 12,
            "description": "Younger Care Ambassadors (12 to 16), recruited with the "
            "Hampshire Fostering Network.",
        },
    )
    for group, history in (
        (
            ambassadors,
            # The seed's update (November 2018): 16 places, 8 filled. Before and after: invented.
            [
                (datetime.date(2018, 4, 1), 16, 5),
                (datetime.date(2018, 11, 1), 16, 8),
                (datetime.date(2019, 6, 1), 16, 11),
            ],
        ),
        (juniors, [(datetime.date(2018, 11, 1), 16, 0)]),
    ):
        for as_of, places, filled in history:
            GroupPlaces.objects.get_or_create(
                group=group,
                as_of=as_of,
                defaults={"organisation": organisation, "places": places, "filled": filled},
            )
    return ambassadors


def _conference(organisation, districts, ambassadors) -> None:
    event = Event.objects.create(
        organisation=organisation,
        title=CONFERENCE_TITLE,
        date=datetime.date(2018, 10, 22),
        kind=Event.Kind.CONFERENCE,
        group=ambassadors,
        methods="Activities led by each district: graffiti walls (No more / Yes more), "
        '"My ideal social worker", "What is in a name", a digital voting app',
        photo_consent=Event.PhotoConsent.NOT_OBTAINED,
        notes="Hosted by the Participation Lead and a Care Ambassador. The register counts "
        "young people without saying which group, so they are entered as other young "
        "people. Photo consent was not gained before the day, so the theatre company's "
        "video cannot be shared widely.",
    )
    event.districts.set(districts[name] for name, *_ in CONFERENCE_REGISTER if name in districts)
    rows = [
        Attendance(
            organisation=organisation,
            event=event,
            district=None,
            group=Attendance.Group.STAFF,
            age_band=Attendance.AgeBand.ADULT,
            count=CONFERENCE_PROFESSIONALS,
        )
    ]
    for name, staff, young in CONFERENCE_REGISTER:
        district = districts.get(name)
        rows += [
            Attendance(
                organisation=organisation,
                event=event,
                district=district,
                group=Attendance.Group.STAFF,
                age_band=Attendance.AgeBand.ADULT,
                count=staff,
            ),
            Attendance(
                organisation=organisation,
                event=event,
                district=district,
                group=Attendance.Group.OTHER_YOUNG,
                age_band=Attendance.AgeBand.NOT_RECORDED,
                count=young,
            ),
        ]
    if all(name in districts for name, *_ in CONFERENCE_REGISTER):
        Attendance.objects.bulk_create(rows)


def _district_sessions(organisation, districts) -> None:
    today = timezone.localdate()
    for name, days_ago, methods, counts in HAVE_YOUR_SAY:
        district = districts.get(name)
        if district is None:
            continue
        event = Event.objects.create(
            organisation=organisation,
            title=f"Have your say: {name}",
            date=today - datetime.timedelta(days=days_ago),
            kind=Event.Kind.HAVE_YOUR_SAY,
            methods=methods,
            photo_consent=Event.PhotoConsent.NOT_NEEDED,
        )
        event.districts.add(district)
        Attendance.objects.bulk_create(
            Attendance(
                organisation=organisation,
                event=event,
                district=district,
                group=group,
                age_band=band,
                count=count,
            )
            for (group, band), count in counts.items()
        )

"""The demo council's survey results: Bright Spots "Your Life, Your Care" 2018 from seed 002's
report (Corporate Parenting Board, 3 December 2018), and an invented earlier wave so that
trends show.

What is from the seed: the 2018 wave's period (October 2017 to March 2018), method and who ran
it; the cohorts' eligible populations and responses (231/42, 238/75, 835/261); respondents'
gender by cohort; the overall shares of ethnicity (80% white, 10% mixed) and placement (70%
in foster care, seven "somewhere else"); the indicators' percentages (89% of 8-11s felt
settled, 92% and 88% explored the outdoors, 70% talked with their carers against 66% in the
general population, 100%, 99% and 93% felt noticed, 93%, 95% and 88% trusted their social
worker, 74% felt life was getting better); which differences the report called significant;
the five wishes and the council's responses, shortened.

What is invented: the denominators behind those percentages (chosen so each rounds to the
seed's figure), the comparators' counts (chosen so the tests agree with the report), the
care population's counts, time in care, the findings' counts, the whole 2016/17 wave (the
seed gives only its overall 37% and the youngest children's 45%) and the care leavers'
wave. No figure describes a real child.

`load(organisation)` is called by `manage.py load_demo`; it does nothing if the organisation
already has a survey instrument, so running it again keeps what is there.
"""

from datetime import date

from django.db import transaction

from .models import (
    Cohort,
    Comparator,
    DemographicCount,
    Dimension,
    Domain,
    Finding,
    Indicator,
    Instrument,
    Wave,
)

BRIGHT_SPOTS = "Coram Voice and the University of Bristol (Bright Spots)"
OTHER_LAS = "16 other councils"

# (label, eligible, responses)
COHORTS_2018 = [("4-7 years", 231, 42), ("8-11 years", 238, 75), ("11-18 years", 835, 261)]
COHORTS_2017 = [("4-7 years", 230, 104), ("8-11 years", 245, 95), ("11-18 years", 830, 284)]

# (cohort, category, count): seed 002, 3.7
GENDER_2018 = [
    ("4-7 years", "Girls", 19),
    ("4-7 years", "Boys", 23),
    ("8-11 years", "Girls", 27),
    ("8-11 years", "Boys", 48),
    ("11-18 years", "Girls", 121),
    ("11-18 years", "Boys", 135),
    ("11-18 years", "Prefer not to say or no reply", 5),
]
# (category, respondents, care population): all respondents
ETHNICITY_2018 = [
    ("White", 302, 1174),
    ("Mixed", 38, 52),
    ("Asian, black and other ethnicities", 38, 78),
]
# Invented: the seed does not give time in care.
TIME_IN_CARE_2018 = [
    ("Less than a year", 71, 298),
    ("One to three years", 124, 402),
    ("More than three years", 183, 604),
]
PLACEMENT_2018 = [
    ("Foster care", 265, None),
    ("With relatives or friends", 36, None),
    ("Residential care", 48, None),
    ("With parents", 22, None),
    ("Somewhere else (supported accommodation)", 7, None),
]

# key: (domain, question, higher is better)
QUESTIONS = {
    "settled": (Domain.RIGHTS, "Felt settled where they live all or most of the time", True),
    "outdoors": (Domain.RESILIENCE, "Had the chance to explore the outdoors", True),
    "talk-to-carers": (
        Domain.RELATIONSHIPS,
        "Talked regularly with their carers about things that matter",
        True,
    ),
    "noticed": (
        Domain.RELATIONSHIPS,
        "Felt the adults they live with notice how they are feeling",
        True,
    ),
    "trust-social-worker": (
        Domain.RELATIONSHIPS,
        "Trusted their social worker (of those who knew them)",
        True,
    ),
    "life-better": (Domain.RECOVERY, "Felt their life was getting better", True),
}

# (key, cohort or None, count, denominator, [(kind, label, percentage, count, denominator)])
INDICATORS_2018 = [
    (
        "settled",
        "8-11 years",
        67,
        75,
        [(Comparator.Kind.OTHER_COUNCILS, OTHER_LAS, "79.0", 1296, 1640)],
    ),
    (
        "outdoors",
        "8-11 years",
        69,
        75,
        [(Comparator.Kind.OTHER_COUNCILS, OTHER_LAS, "89.6", 1470, 1640)],
    ),
    (
        "outdoors",
        "11-18 years",
        230,
        261,
        [(Comparator.Kind.OTHER_COUNCILS, OTHER_LAS, "80.0", 4160, 5200)],
    ),
    (
        "talk-to-carers",
        "11-18 years",
        183,
        261,
        [
            (Comparator.Kind.GENERAL_POPULATION, "Young people in the general population", "66"),
            (Comparator.Kind.OTHER_COUNCILS, OTHER_LAS, "69.2", 3598, 5200),
        ],
    ),
    (
        "noticed",
        "4-7 years",
        42,
        42,
        [(Comparator.Kind.OTHER_COUNCILS, OTHER_LAS, "90.0", 630, 700)],
    ),
    (
        "noticed",
        "8-11 years",
        74,
        75,
        [(Comparator.Kind.OTHER_COUNCILS, OTHER_LAS, "96.1", 1480, 1540)],
    ),
    (
        "noticed",
        "11-18 years",
        243,
        261,
        [(Comparator.Kind.OTHER_COUNCILS, OTHER_LAS, "93.1", 4840, 5200)],
    ),
    ("trust-social-worker", "4-7 years", 38, 41, []),
    ("trust-social-worker", "8-11 years", 69, 73, []),
    ("trust-social-worker", "11-18 years", 220, 250, []),
    ("life-better", None, 249, 336, []),
]
INDICATORS_2017 = [
    ("settled", "8-11 years", 70, 95, []),
    ("outdoors", "8-11 years", 84, 95, []),
    ("outdoors", "11-18 years", 233, 284, []),
    ("talk-to-carers", "11-18 years", 190, 284, []),
    ("noticed", "4-7 years", 97, 104, []),
    ("noticed", "8-11 years", 91, 95, []),
    ("noticed", "11-18 years", 259, 284, []),
    ("life-better", None, 270, 379, []),
]

# (summary, count, response): seed 002, section 5, shortened
WISHES_2018 = [
    (
        "Fewer changes of social worker",
        31,
        "We will reduce changes of social worker through the Children's Assessment and "
        "Safeguarding Teams, and fewer agency workers as newly qualified social workers join.",
    ),
    (
        "More family contact, or less family contact",
        27,
        "We will review family time at every review, at least twice a year, and explain to "
        "each child, in words that suit their age, why it is arranged as it is.",
    ),
    (
        "An adult they can trust",
        12,
        "We will recruit volunteer independent visitors for children in care who have no "
        "trusted adult.",
    ),
    (
        "Less bullying and more friends",
        19,
        "We will train more schools' new arrivals ambassadors and widen the county's "
        "anti-bullying campaign.",
    ),
    (
        "A clearer understanding of their journey into care",
        15,
        "We will run extra life story training so that every social worker can do this work.",
    ),
]


def load(organisation):
    """Build the demo survey results for `organisation`, once. Returns the 2018 wave, or None
    when the organisation already had survey instruments (then nothing is changed)."""
    if Instrument.objects.for_organisation(organisation).exists():
        return None
    with transaction.atomic():
        ylyc = Instrument.objects.create(
            organisation=organisation,
            name="Your Life, Your Care",
            audience=Instrument.Audience.CHILDREN_IN_CARE,
            provider=BRIGHT_SPOTS,
            description="Three online surveys, by age: 4-7 years (16 questions), 8-11 years "
            "(31 questions) and 11-18 years (46 questions), with 16 core questions in common.",
        )
        earlier = _wave(
            ylyc,
            "2016/17",
            date(2016, 10, 1),
            date(2017, 3, 31),
            COHORTS_2017,
            "Invented for the demo: the seed gives only the overall rate (37%).",
        )
        _indicators(earlier, INDICATORS_2017)
        wave = _wave(
            ylyc,
            "2018",
            date(2017, 10, 1),
            date(2018, 3, 31),
            COHORTS_2018,
            "Most children completed the survey with their Independent Reviewing Officer "
            "ahead of their review meeting.",
        )
        _demographics(wave)
        _indicators(wave, INDICATORS_2018)
        for position, (summary, count, response) in enumerate(WISHES_2018, 1):
            Finding.objects.create(
                organisation=organisation,
                wave=wave,
                kind=Finding.Kind.WISH,
                summary=summary,
                count=count,
                response=response,
                position=position,
            )
        _evidence(wave)
        leavers = Instrument.objects.create(
            organisation=organisation,
            name="Your Life Beyond Care",
            audience=Instrument.Audience.CARE_LEAVERS,
            provider=BRIGHT_SPOTS,
            description="For care leavers aged 16 to 25.",
        )
        _wave(
            leavers,
            "2019",
            date(2019, 1, 7),
            date(2019, 3, 29),
            [("18-25 years", 525, 54)],
            "Invented for the demo.",
        )
    return wave


def _evidence(wave):
    """The golden thread in the demo: the 8-11s feeling settled is evidence on the latest
    approved update of the pledge's promise about a stable home (when the pledge demo is
    there), so the promise's page and the public pledge show it."""
    from pledges.models import ProgressUpdate

    from .models import SurveyEvidence

    updates = ProgressUpdate.objects.for_organisation(wave.organisation).filter(
        state=ProgressUpdate.State.APPROVED
    )
    update = (
        updates.filter(commitment__wording__iregex=r"settled|stable|stability|home")
        .order_by("-as_of", "-pk")
        .first()
    ) or updates.order_by("-as_of", "-pk").first()
    settled = Indicator.objects.filter(wave=wave, key="settled").first()
    if update is not None and settled is not None:
        SurveyEvidence.objects.create(
            organisation=wave.organisation, update=update, indicator=settled
        )


def _wave(instrument, label, start, end, cohorts, notes):
    wave = Wave.objects.create(
        organisation=instrument.organisation,
        instrument=instrument,
        label=label,
        period_start=start,
        period_end=end,
        method="Online, with paper copies where there was no internet or the child preferred",
        run_by="Independent Reviewing Service",
        notes=notes,
        public=True,  # the demo council publishes its survey results (small numbers hidden)
    )
    for position, (cohort, eligible, responses) in enumerate(cohorts, 1):
        Cohort.objects.create(
            organisation=instrument.organisation,
            wave=wave,
            label=cohort,
            position=position,
            eligible=eligible,
            responses=responses,
        )
    return wave


def _demographics(wave):
    cohorts = {c.label: c for c in wave.cohorts.all()}
    rows = [(Dimension.GENDER, cohorts[c], cat, n, None) for c, cat, n in GENDER_2018]
    rows += [(Dimension.ETHNICITY, None, cat, n, pop) for cat, n, pop in ETHNICITY_2018]
    rows += [(Dimension.PLACEMENT, None, cat, n, pop) for cat, n, pop in PLACEMENT_2018]
    rows += [(Dimension.TIME_IN_CARE, None, cat, n, pop) for cat, n, pop in TIME_IN_CARE_2018]
    for position, (dimension, cohort, category, count, population) in enumerate(rows, 1):
        DemographicCount.objects.create(
            organisation=wave.organisation,
            wave=wave,
            cohort=cohort,
            dimension=dimension,
            category=category,
            count=count,
            care_population=population,
            position=position,
        )


def _indicators(wave, rows):
    cohorts = {c.label: c for c in wave.cohorts.all()}
    for position, (key, cohort, count, denominator, comparators) in enumerate(rows, 1):
        domain, question, higher_is_better = QUESTIONS[key]
        indicator = Indicator.objects.create(
            organisation=wave.organisation,
            wave=wave,
            cohort=cohorts[cohort] if cohort else None,
            domain=domain,
            question=question,
            key=key,
            count=count,
            denominator=denominator,
            higher_is_better=higher_is_better,
            position=position,
        )
        for kind, label, percentage, *counts in comparators:
            Comparator.objects.create(
                organisation=wave.organisation,
                indicator=indicator,
                kind=kind,
                label=label,
                percentage=percentage,
                count=counts[0] if counts else None,
                denominator=counts[1] if counts else None,
            )

"""The demo council's feedback: a sample of seed 002's Participation Conference 2018 ("My
Ideal Social Worker", "No More & Yes More", "What is in a Name", reflections on the day),
attached to the demo's conference event (made by the events part; without one, the items
have no event), filed under the seed's own groups as themes, some linked to the demo pledge's
promises. Items where the seed names someone ("Emma has the biggest heart", "Haley (real
name)") stay flagged and not approved; the others are checked and approved, as an officer
would, so their public_text is what leaves the officers' view. Idempotent."""

from datetime import date

from corporate_parenting.models import District, Membership
from corporate_parenting.roles import Role
from pledges.models import Commitment, PledgeVersion

from .. import feedback as services
from ..guard import scan
from ..models import Event, Feedback, GuardDecision, Theme

CONFERENCE_DAY = date(2018, 10, 22)  # seed 002: "held on 22 October 2018"

IDEAL = "My ideal social worker"
MORE = "No more and yes more"
NAME = "What is in a name"
DAY = "Reflections on the day"
THEMES = [IDEAL, MORE, NAME, DAY]

K = Feedback.Kind
# (words, kind, theme, district, promise: the start of its wording, approve)
ITEMS = [
    ("Always there for you", K.PRAISE, IDEAL, None, None, True),
    ("Be a good listener/banter", K.PRAISE, IDEAL, None, None, True),
    ("Big heart", K.PRAISE, IDEAL, None, None, True),
    ("Brings food", K.PRAISE, IDEAL, None, None, True),
    ("Emma has the biggest heart", K.PRAISE, IDEAL, None, None, False),
    ("Emma is a star!", K.PRAISE, IDEAL, None, None, False),
    ("Less Bullying", K.NO_MORE, MORE, "Havant", None, True),
    ("Interruptions", K.NO_MORE, MORE, "Havant", None, True),
    ("To understand our plans", K.YES_MORE, MORE, "Havant", "Actively involve you", True),
    ("Social workers understand more and pass on", K.YES_MORE, MORE, "East Hants", None, True),
    ("Waste of time if nothing is happening", K.WORRY, MORE, "East Hants", None, True),
    ("Don't change my social worker", K.NO_MORE, MORE, None, None, True),
    ("Don't drag me out of school", K.NO_MORE, MORE, None, "Be involved about decisions", True),
    ("No more broken promises", K.NO_MORE, MORE, None, None, True),
    ("No more waiting", K.NO_MORE, MORE, None, "Be contactable", True),
    ("Saying things then not doing it", K.NO_MORE, MORE, None, None, True),
    ('What happened to "You said... We did"', K.NO_MORE, MORE, None, "Be contactable", True),
    ("Honesty", K.YES_MORE, MORE, None, "Be open and honest", True),
    ("Communication back to us", K.YES_MORE, MORE, None, "Be contactable", True),
    ("Talk to us a bit more about our care plan", K.YES_MORE, MORE, None,
     "Actively involve you", True),
    ("More family time", K.YES_MORE, MORE, None, "Inform you about how you will keep", True),
    ("Visits would be better if...They were more frequent", K.IDEA, MORE, None,
     "Make time for you", False),
    ("Instead of “Contact”: Quality time", K.BETTER_WORD, NAME, None, None, True),
    ("Instead of “Contact”: Spending time with family", K.BETTER_WORD, NAME, None, None, True),
    ("Instead of “Core Group Meeting”: My meeting", K.BETTER_WORD, NAME,
     "Winchester and Eastleigh", None, True),
    ("Instead of “Core Group Meeting”: Plan for the future", K.BETTER_WORD, NAME, "East Hants",
     None, True),
    ("Instead of “Visit”: Catch up", K.BETTER_WORD, NAME, None, None, True),
    ("Haley (real name)", K.BETTER_WORD, NAME, None, None, False),
    ("I think we should have more days like this", K.YES_MORE, DAY, None, None, True),
    ("Young people had a voice and were listened to", K.PRAISE, DAY, "New Forest", None, True),
]  # fmt: skip


def _conference(organisation):
    events = Event.objects.for_organisation(organisation)
    return (
        events.filter(title__icontains="conference").order_by("date").first()
        or events.filter(kind=Event.Kind.CONFERENCE).order_by("date").first()
    )


def _themes(organisation):
    found = {}
    for position, name in enumerate(THEMES, start=1):
        theme = Theme.objects.filter(organisation=organisation, name__iexact=name).first()
        if theme is None:
            theme = Theme.objects.create(organisation=organisation, name=name, position=position)
        found[name] = theme
    return found


def _promise(organisation, start):
    if not start:
        return None
    version = PledgeVersion.objects.for_organisation(organisation).adopted().first()
    if version is None:
        return None
    return Commitment.objects.in_version(version).filter(wording__istartswith=start).first()


def _officer(organisation):
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.PARTICIPATION_OFFICER)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def load(organisation):
    if Feedback.objects.for_organisation(organisation).exists():
        return
    event = _conference(organisation)
    themes = _themes(organisation)
    officer = _officer(organisation)
    districts = {d.name: d for d in District.objects.filter(organisation=organisation)}
    for text, kind, theme, district, promise_start, approve in ITEMS:
        promise = _promise(organisation, promise_start)
        item = services.feedback_create(
            organisation=organisation,
            created_by=officer,
            event=event,
            text=text,
            kind=kind,
            district=districts.get(district) if district else None,
            said_on=event.date if event else CONFERENCE_DAY,
            themes=[themes[theme]],
            promises=[promise] if promise else [],
        )
        if not approve:
            continue  # the named ones wait for an officer's check (and a few others)
        for flag in scan(item.text):  # the guard's rare false flags: kept, as an officer would
            services.feedback_decide(
                item=item,
                key=services.flag_key(flag),
                digest=services.words_digest(item.text),
                decision=GuardDecision.Decision.CONFIRMED,
                decided_by=officer,
            )
        services.feedback_approve(
            item=item, digest=services.words_digest(item.text), approved_by=officer
        )

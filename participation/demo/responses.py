"""The demo council's "We did": answers to some of the conference feedback the feedback part
loaded (found by their words), so the loop measures show something: one the same day, some
within the promise of 3 working days, some late, one "we can't, and here is why", one linked
to the pledge's promise to get back within 3 working days, and the rest left waiting. And that
promise as the council's own (seed 004: "get back to you within 3 working days").

Idempotent: the promise is set once, and the responses are recorded only while the council
has none. Words not found (the feedback part not loaded, or sampled differently) are skipped.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from corporate_parenting.models import User
from pledges.models import Commitment, PledgeVersion

from ..measures import add_working_days
from ..models import Feedback, LoopPromise, Response
from ..responses import response_create, response_status_change

CONTACT_PROMISE = "get back to you within 3 working days"
OFFICER_EMAIL = "participation@example.org"


@dataclass(frozen=True)
class Plan:
    words: tuple[str, ...]  # found by these words (any of them, case ignored)
    text: str
    by_whom: str
    status: str
    working_days: int | None = None  # answered this many working days after it was said
    days: int | None = None  # or this many calendar days after
    reason: str = ""
    later: tuple[str, str, int] | None = None  # (status, reason, days after the response)
    promise: bool = False


PLANS = (
    Plan(
        ("Lunch was very nice", "the pizza we had"),
        "We ordered different pizzas, and a choice of other food, for the next conference.",
        "Participation team",
        Response.Status.DONE,
        days=0,
        reason="Ordered on the day, for the next conference.",
    ),
    Plan(
        ("No more waiting", "Waiting forever for meaningful feedback", "Communication back to us"),
        "We now answer every message within 3 working days, and the participation team checks "
        "each week that nobody was missed.",
        "Participation team",
        Response.Status.PLANNED,
        working_days=2,
        promise=True,
        later=(
            Response.Status.IN_PROGRESS,
            "The weekly check started; the board sees the figures every quarter.",
            21,
        ),
    ),
    Plan(
        ("Less jargon", "More explaining"),
        "We are writing our letters and plans again in plain words, with young people checking "
        "them.",
        "Children in Care Service",
        Response.Status.IN_PROGRESS,
        working_days=3,
    ),
    Plan(
        ("No more change of social workers", "Don't change my social worker"),
        "We can't promise you will never change social worker.",
        "Children in Care Service",
        Response.Status.CANNOT,
        days=26,
        reason="Workers sometimes leave or move on, and we cannot stop that. When it happens we "
        "will tell you first, and your new worker will meet you with the old one.",
    ),
    Plan(
        ("The day was too long", "Too much in one day", "It was a bit long"),
        "The next conference is shorter and ends at 2pm, with more time outside.",
        "Participation team",
        Response.Status.DONE,
        days=12,
    ),
    Plan(
        ("Private meeting area",),
        "Every office now has a quiet room you can ask for when you visit.",
        "Children in Care Service",
        Response.Status.DONE,
        working_days=6,
    ),
)


def _contact_promise(organisation):
    version = PledgeVersion.objects.filter(
        organisation=organisation, state=PledgeVersion.State.ADOPTED
    ).first()
    if version is None:
        return None
    return Commitment.objects.in_version(version).filter(wording__icontains=CONTACT_PROMISE).first()


def _items(organisation, words):
    found = Feedback.objects.none()
    for phrase in words:
        found = found | Feedback.objects.for_organisation(organisation).filter(
            text__icontains=phrase
        )
    return list(found.distinct().order_by("said_on", "pk"))


@transaction.atomic
def load(organisation):
    promise = _contact_promise(organisation)
    if not LoopPromise.objects.for_organisation(organisation).exists():
        LoopPromise.objects.create(
            organisation=organisation,
            working_days=3,
            promise=promise,
            wording="Be contactable through a variety of ways and get back to you within 3 "
            "working days",
        )
    if Response.objects.for_organisation(organisation).exists():
        return
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    today = timezone.localdate()
    for plan in PLANS:
        items = _items(organisation, plan.words)
        if not items:
            continue
        said = max(item.said_on for item in items)
        if plan.working_days is not None:
            on = add_working_days(said, plan.working_days)
        else:
            on = said + timedelta(days=plan.days or 0)
        on = min(on, today)
        response = response_create(
            organisation=organisation,
            items=items,
            text=plan.text,
            by_whom=plan.by_whom,
            responded_on=on,
            status=plan.status,
            reason=plan.reason,
            promise=promise if plan.promise else None,
            by=officer,
        )
        if plan.later:
            status, reason, after = plan.later
            response_status_change(
                response=response,
                status=status,
                reason=reason,
                changed_on=min(on + timedelta(days=after), today),
                by=officer,
            )

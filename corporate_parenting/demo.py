"""Demo data from the seeds' public facts. No child's data, and no real person's account:
every demo user is fictional (addresses on example.org, which cannot receive mail).

Later apps add their own demo data in `<app>/demo.py` with a `load(organisation)` function;
`load_demo` calls them in the order of the dependency direction.
"""

from dataclasses import dataclass

from django.db import transaction

from .models import District, Membership, Organisation, User
from .roles import Role

DEMO_PASSWORD = "corporate-parenting-demo"  # noqa: S105 - demo installs only (DEBUG), printed on purpose

# Seed 002, participation conference: Hampshire's eight districts.
HAMPSHIRE_DISTRICTS = [
    "Basingstoke",
    "East Hants",
    "Fareham & Gosport",
    "Hart and Rushmoor",
    "Test Valley",
    "New Forest",
    "Havant",
    "Winchester and Eastleigh",
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role
    job_title: str


DEMO_USERS = [
    DemoUser("admin@example.org", "Priya Shah", Role.ADMINISTRATOR, "Systems administrator"),
    DemoUser("clerk@example.org", "Tom Walker", Role.CLERK, "Democratic Services Officer"),
    DemoUser(
        "officer@example.org", "Grace Bennett", Role.OFFICER, "Head of Children in Care Service"
    ),
    DemoUser("councillor@example.org", "Cllr Helen Morris", Role.COUNCILLOR, "Chair of the board"),
    DemoUser("coopted@example.org", "Jordan Lee", Role.COOPTED, "Care Ambassador"),
    DemoUser(
        "participation@example.org", "Sam Okafor", Role.PARTICIPATION_OFFICER, "Participation Lead"
    ),
]

DEMO_ORGANISATION = ("Hampshire County Council (demo)", "hampshire-demo")
# A second council, so the organisation switcher has something to switch to.
SECOND_ORGANISATION = ("Halton Borough Council (demo)", "halton-demo")


@transaction.atomic
def load() -> Organisation:
    """Create or refresh the demo organisation and users. Safe to run again."""
    organisation, _ = Organisation.objects.update_or_create(
        slug=DEMO_ORGANISATION[1], defaults={"name": DEMO_ORGANISATION[0]}
    )
    for position, name in enumerate(HAMPSHIRE_DISTRICTS, start=1):
        District.objects.update_or_create(
            organisation=organisation, name=name, defaults={"position": position}
        )
    for demo in DEMO_USERS:
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            user = User.objects.create_user(
                email=demo.email, password=DEMO_PASSWORD, full_name=demo.full_name
            )
        Membership.objects.update_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": demo.role, "job_title": demo.job_title, "is_active": True},
        )
    second, _ = Organisation.objects.update_or_create(
        slug=SECOND_ORGANISATION[1], defaults={"name": SECOND_ORGANISATION[0]}
    )
    Membership.objects.update_or_create(
        user=User.objects.get(email=DEMO_USERS[0].email),
        organisation=second,
        defaults={"role": Role.ADMINISTRATOR, "is_active": True},
    )
    return organisation

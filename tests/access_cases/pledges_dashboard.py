"""Access cases for the councillors' pledge view and the young people's public page."""

from django.urls import reverse

from corporate_parenting.roles import Capability
from pledges.models import PledgeVersion

from ..access import AccessCase
from ..factories import (
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)


def _with_pledge(world):
    """World's organisation with an adopted pledge (made once: the URL is built per visitor)."""
    if not PledgeVersion.objects.for_organisation(world.organisation).adopted().exists():
        version = PledgeVersionFactory(organisation=world.organisation, adopted=True)
        commitment = CommitmentFactory(theme=ThemeFactory(version=version), lead=world.officer)
        ProgressUpdateFactory(commitment=commitment)
    return world.organisation


def _index_with_pledge(world):
    _with_pledge(world)
    return reverse("pledges:index") + "?since=2025-01-31"


CASES = [
    AccessCase("pledges:index", lambda w: reverse("pledges:index"), Capability.VIEW_PLEDGE),
    AccessCase(
        "pledges:index (adopted pledge, chosen date)",
        _index_with_pledge,
        Capability.VIEW_PLEDGE,
    ),
    # Public by design: anyone, signed in or not, of any organisation, reads a council's pledge.
    AccessCase(
        "pledges_public:pledge",
        lambda w: reverse("pledges_public:pledge", args=[w.organisation.slug]),
        [],
        public=True,
    ),
    AccessCase(
        "pledges_public:pledge (adopted pledge)",
        lambda w: reverse("pledges_public:pledge", args=[_with_pledge(w).slug]),
        [],
        public=True,
    ),
]

"""Access cases for the public front door (/p/ and /p/<org_slug>/): public by design, so
anyone, signed in or not, of any organisation, gets in (200)."""

from django.urls import reverse

from ..access import AccessCase

CASES = [
    AccessCase(
        "public_index", lambda w: reverse("public_index"), [], public=True, ok_statuses=(200,)
    ),
    AccessCase(
        "public_home",
        lambda w: reverse("public_home", args=[w.organisation.slug]),
        [],
        public=True,
        ok_statuses=(200,),
    ),
]

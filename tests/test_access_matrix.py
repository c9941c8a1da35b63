"""Who may use each view: every role of the organisation, outsiders and signed-out visitors.

The cases live in tests/access_cases/, one module per area, each with a CASES list. Add a case
for every new view; test_every_view_has_an_access_case fails until you do.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from corporate_parenting.roles import Capability, Role

from .access import AccessCase, check_access
from .access_cases import ALL_CASES as CASES

# Views whose access is proven by their own tests rather than by the matrix.
COVERED_ELSEWHERE = {
    "no_organisation": "test_tenancy: a user with no membership is sent there",
    "invitation_accept": "test_invitations: the token is the key, any visitor may use it",
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_role_gets_exactly_what_it_should(world, case):
    check_access(world, case)


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin has its own staff-only access
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_view_has_an_access_case():
    covered = {case.name.split(" ")[0] for case in CASES} | set(COVERED_ELSEWHERE)
    missing = sorted(set(_named_urls()) - covered)
    assert not missing, f"Views without an access case in tests/test_access_matrix.py: {missing}"


def test_the_check_catches_a_view_open_to_the_wrong_role(world):
    """The helper itself must fail when the rules are wrong (a test that cannot fail is no test)."""
    wrong = AccessCase("members", lambda w: reverse("members"), [Role.OFFICER])
    with pytest.raises(AssertionError, match="Access rules broken"):
        check_access(world, wrong)


def test_the_check_catches_an_outsider_who_gets_in(world):
    leaky = AccessCase(
        "home", lambda w: reverse("home"), Capability.VIEW_HOME, object_view=True
    )  # home is not an object view: outsiders get in, so the check must complain
    with pytest.raises(AssertionError, match="outsider"):
        check_access(world, leaky)

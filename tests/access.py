"""The reusable access check: every view proves who gets in and who does not.

Describe a view once as an `AccessCase`: how to make its URL (called afresh for every
visitor, so a view that deletes can be tried by each role), the method and data, and which
roles may use it. `check_access(world, case)` then asserts, for every visitor:

- a signed-out visitor is sent to sign in (or, for a public view, gets in);
- each role of the organisation gets in exactly when it is allowed, and 403 otherwise;
- for a view of one object, every role of another organisation gets 404, never 403,
  so an outsider cannot even learn that the object exists.

All failures are reported together, as a table, so one run shows the whole matrix.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client
from django.urls import resolve

from corporate_parenting.roles import Capability, Role, roles_with

BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class AccessCase:
    name: str  # the URL name, so coverage of every view can be checked
    url: Callable  # world -> str; called once per visitor
    allowed: Iterable[Role] | Capability
    method: str = "get"
    data: dict | Callable | None = None  # a dict, or world -> dict
    object_view: bool = False  # the URL names one object of world.organisation
    public: bool = False
    ok_statuses: tuple = (200, 302)
    extra: dict = field(default_factory=dict)

    @property
    def allowed_roles(self) -> frozenset:
        if isinstance(self.allowed, Capability):
            return roles_with(self.allowed)
        return frozenset(Role(r) for r in self.allowed)

    def __str__(self):
        return self.name


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend=BACKEND)
    return client


def _request(case: AccessCase, world, user):
    client = client_for(user)
    url = case.url(world)
    data = case.data(world) if callable(case.data) else (case.data or {})
    response = getattr(client, case.method)(url, data)
    return url, response


def _is_sign_in_redirect(response) -> bool:
    return (
        response.status_code == 302
        and resolve(response.url.split("?")[0].split("#")[0]).url_name == settings.LOGIN_URL
    )


def check_access(world, case: AccessCase) -> None:
    failures = []

    url, response = _request(case, world, None)
    if case.public:
        if response.status_code not in case.ok_statuses:
            failures.append(("signed out", url, "gets in", response.status_code))
    elif not _is_sign_in_redirect(response):
        failures.append(("signed out", url, "sent to sign in", response.status_code))

    for role in Role:
        url, response = _request(case, world, world.member(role))
        expected_in = case.public or role in case.allowed_roles
        got_in = response.status_code in case.ok_statuses and (
            case.public or not _is_sign_in_redirect(response)
        )
        if expected_in and not got_in:
            failures.append(
                (role.label, url, f"gets in ({case.ok_statuses})", response.status_code)
            )
        if not expected_in and response.status_code != 403:
            failures.append((role.label, url, "403", response.status_code))

    if case.object_view:
        for role in Role:
            url, response = _request(case, world, world.outsiders[role])
            if response.status_code != 404:
                failures.append((f"outsider {role.label}", url, "404", response.status_code))

    if failures:
        table = "\n".join(
            f"  {who:<45} {method_url:<45} expected {expected}, got {got}"
            for who, method_url, expected, got in failures
        )
        raise AssertionError(f"Access rules broken for {case.method.upper()} {case.name}:\n{table}")

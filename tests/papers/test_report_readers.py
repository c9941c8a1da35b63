"""One rule for who reads a board report, declared once (boards.papers.rules) and applied alike by
the report list, the report page, its comments and its versions."""

import re

import pytest
from django.urls import reverse

from boards.papers.models import Report
from corporate_parenting.roles import GRANTS, Capability, Role

from ..access import client_for
from ..factories import BoardFactory
from .test_reports import make_report

pytestmark = pytest.mark.django_db

READERS = (
    "administrator",
    "clerk",
    "officer",
    "councillor",
    "young_member",
    "participation_officer",
)


def _reports(world):
    """Drafts and published papers, open and exempt, by the officer and by the participation
    officer, on a board whose co-opted members may not read exempt items."""
    board = BoardFactory(organisation=world.organisation, coopted_see_exempt=False)
    reports = {}
    for author_name in ("officer", "participation_officer"):
        author = getattr(world, author_name)
        for status in (Report.Status.DRAFT, Report.Status.PUBLISHED):
            for exempt in (False, True):
                title = f"{author_name} {status} {'exempt' if exempt else 'open'}"
                reports[title] = make_report(
                    world,
                    author=author,
                    board=board,
                    title=title,
                    status=status,
                    exempt=exempt,
                    exempt_paragraph=3 if exempt else None,
                )
    return reports


def _listed(client):
    response = client.get(reverse("papers:reports"))
    if response.status_code == 403:
        return None
    assert response.status_code == 200
    return set(
        re.findall(r">([a-z_]+ (?:draft|published) (?:exempt|open))<", response.content.decode())
    )


def _opened(client, reports):
    return {
        title
        for title, report in reports.items()
        if client.get(reverse("papers:report", args=[report.pk])).status_code == 200
    }


def test_a_participation_officer_reads_their_own_drafts_and_published_papers_only(world):
    reports = _reports(world)
    client = client_for(world.participation_officer)
    theirs = reports["officer draft open"]
    for name in ("papers:report", "papers:report_versions"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 403, name
    compare = reverse("papers:report_compare", args=[theirs.pk]) + "?a=1&b=1"
    assert client.get(compare).status_code == 403
    comment = client.post(reverse("papers:report_comment", args=[theirs.pk]), {"text": "Hello"})
    assert comment.status_code == 403
    assert not theirs.comments.exists()
    own = reports["participation_officer draft open"]
    assert client.get(reverse("papers:report", args=[own.pk])).status_code == 200


@pytest.mark.parametrize("reader", READERS)
def test_the_list_shows_exactly_the_reports_the_reader_may_open(world, reader):
    reports = _reports(world)
    client = client_for(getattr(world, reader))
    listed = _listed(client)
    opened = _opened(client, reports)
    assert opened  # everyone opens something: published open papers at least
    if listed is not None:
        assert listed == opened


def test_a_reader_of_drafts_who_may_not_read_exempt_items_sees_neither_in_list_nor_page(
    world, monkeypatch
):
    """A council whose clerks clear papers but may not read exempt ones: the list's exempt
    filter and the page's agree."""
    monkeypatch.setitem(
        GRANTS, Capability.VIEW_EXEMPT, GRANTS[Capability.VIEW_EXEMPT] - {Role.CLERK}
    )
    reports = _reports(world)
    client = client_for(world.clerk)
    listed = _listed(client)
    assert "officer draft open" in listed
    assert not {title for title in listed if title.endswith("exempt")}
    exempt = reports["officer draft exempt"]
    assert client.get(reverse("papers:report", args=[exempt.pk])).status_code == 404
    assert listed == _opened(client, reports)

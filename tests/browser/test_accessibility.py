"""axe-core (vendored from npm, 4.14) finds no WCAG 2.2 A/AA failures on the pages that exist.

The script is evaluated, not injected as a tag, so the strict CSP stays on during the check.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page):
    page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
        for v in result["violations"]
    ]


def visit(page, live_server, path):
    """Open `path` and make sure it is the page meant: answered 200 and not redirected (a
    sign-in page would pass axe in its place), with a main heading."""
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, (path, response and response.status)
    wanted, landed = urlsplit(path), urlsplit(page.url)
    assert (landed.path, landed.query) == (wanted.path, wanted.query), f"{path} led to {page.url}"
    assert page.locator("h1").count() >= 1, f"{path} has no main heading"


def test_signed_out_pages_pass_axe(demo, page, live_server):
    for path in ["/account/sign-in/", "/account/password/reset/", "/p/", "/p/hampshire-demo/"]:
        visit(page, live_server, path)
        assert violations(page) == [], path


def test_a_form_with_errors_passes_axe(demo, page, live_server):
    visit(page, live_server, "/account/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    # Waits for the page the post brings back (reading the title at once raced the load).
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert violations(page) == []


def test_the_administrators_pages_pass_axe_on_a_phone_and_a_desktop(
    demo, page, sign_in, live_server
):
    sign_in("admin@example.org")
    for size in ({"width": 375, "height": 740}, {"width": 1280, "height": 900}):
        page.set_viewport_size(size)
        for path in ["/", "/members/", "/members/invite/", "/districts/", "/audit/", "/pledge/"]:
            visit(page, live_server, path)
            assert violations(page) == [], (path, size)


def test_the_pledge_pages_pass_axe(demo, page, sign_in, live_server):
    from pledges.models import Commitment, PledgeVersion, ProgressUpdate

    adopted = PledgeVersion.objects.get(organisation__slug="hampshire-demo", state="adopted")
    commitment = Commitment.objects.in_version(adopted).first()
    pending = ProgressUpdate.objects.filter(state="submitted").first()
    sign_in("officer@example.org")
    paths = [
        "/pledge/",
        "/pledge/?since=not-a-date",
        "/pledge/versions/",
        f"/pledge/versions/{adopted.pk}/",
        f"/pledge/versions/{adopted.pk}/compare/",
        f"/pledge/commitments/{commitment.pk}/",
        f"/pledge/commitments/{commitment.pk}/progress/new/",
        "/pledge/mine/",
        "/pledge/report/",
        "/pledge/settings/",
        f"/pledge/commitments/{pending.commitment_id}/",
    ]
    for path in paths:
        visit(page, live_server, path)
        assert violations(page) == [], path
    visit(page, live_server, f"/pledge/commitments/{commitment.pk}/progress/new/")
    page.get_by_role("button", name="Save draft").click()  # empty: the error state
    assert page.title().startswith("Error: ")
    assert violations(page) == [], "progress form with errors"
    page.get_by_role("button", name="Sign out").click()
    visit(page, live_server, "/p/hampshire-demo/pledge/")
    assert violations(page) == [], "public pledge"


def test_the_board_pages_pass_axe(demo, page, sign_in, live_server):
    from boards.models import Board, BoardMember, Meeting

    board = Board.objects.get(organisation__slug="hampshire-demo")
    december = Meeting.objects.get(board=board, starts_at__year=2018, starts_at__month=12)
    september = Meeting.objects.get(board=board, starts_at__year=2018, starts_at__month=9)
    member = BoardMember.objects.filter(board=board).first()
    sign_in("clerk@example.org")
    paths = [
        "/boards/",
        f"/boards/{board.pk}/",
        f"/boards/{board.pk}/programme/",
        f"/boards/meetings/{december.pk}/",
        f"/boards/meetings/{december.pk}/attendance/",
        f"/boards/meetings/{september.pk}/minutes/",
        f"/boards/members/{member.pk}/attendance/",
        "/boards/actions/",
    ]
    for path in paths:
        visit(page, live_server, path)
        assert violations(page) == [], path
    page.get_by_role("button", name="Sign out").click()
    for path in ["/p/hampshire-demo/meetings/", f"/p/hampshire-demo/meetings/{september.pk}/"]:
        visit(page, live_server, path)
        assert violations(page) == [], path

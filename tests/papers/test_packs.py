"""Agenda packs: one WeasyPrint document with the notice, the agenda (true page ranges), each
paper on a right-hand page stamped with its item, blank pages marked, exempt papers only in
the members' pack; queued once, rendered once, superseded only when the new one is ready."""

import io
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from boards.papers.models import AgendaPack, Report
from boards.papers.services import packs as pack_services
from boards.papers.services.packs import pack_render
from boards.papers.tasks import render_pack  # noqa: F401  (the task the service queues)

from ..access import client_for
from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    ReportFactory,
    ReportTemplateFactory,
    frozen_version,
)

pytestmark = pytest.mark.django_db

# (number, title, paper marker or None, paragraphs, exempt)
ITEMS = [
    ("1", "Apologies for absence", None, 0, False),
    ("2", "Aardvark review", "Aardvark", 8, False),
    ("3", "Bumblebee strategy", "Bumblebee", 140, False),
    ("4", "Secret placement matter", "Zebrafish", 20, True),
    ("5", "Chinchilla update", "Chinchilla", 60, False),
    ("6", "Verbal update on workshops", None, 0, False),
]
EXEMPT_TITLE = "Secret placement matter"


@pytest.fixture(autouse=True)
def _render_in_this_process():
    """These tests read the rendered PDF back, so the render task runs in this process even
    where REDIS_URL sends tasks to a worker (as in CI). The path through a real worker is the
    same service call, proven for report PDFs in tests/pledges/test_progress_report.py."""
    from corporate_parenting.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _meeting(world, *, coopted_see_exempt=False):
    board = BoardFactory(
        organisation=world.organisation,
        name="Corporate Parenting Board",
        coopted_see_exempt=coopted_see_exempt,
    )
    meeting = MeetingFactory(board=board, venue="Chute Room, Winchester")
    template = ReportTemplateFactory(organisation=world.organisation)
    for position, (number, title, marker, paragraphs, exempt) in enumerate(ITEMS):
        item = AgendaItemFactory(
            meeting=meeting,
            position=position,
            number=number,
            title=title,
            purpose=f"To consider the {title.lower()}.",
            exempt=exempt,
            exempt_paragraph=1 if exempt else None,
        )
        if marker is None:
            continue
        report = ReportFactory(
            template=template,
            board=board,
            title=f"{marker} report",
            status=Report.Status.PUBLISHED,
            exempt=exempt,
            exempt_paragraph=1 if exempt else None,
            agenda_item=item,
        )
        frozen_version(
            report, "".join(f"<p>{marker} paragraph {n}.</p>" for n in range(paragraphs))
        )
    return meeting


def _request(world, meeting, kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.clerk).post(
            reverse("papers:pack_request", args=[meeting.pk]), {"kind": kind}
        )
    assert response.status_code == 302
    return AgendaPack.objects.filter(meeting=meeting, kind=kind).latest("edition")


def _pages(pack):
    with pack.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return reader, [page.extract_text() or "" for page in reader.pages]


def _papers(kind):
    return [
        (number, title, marker)
        for number, title, marker, _, exempt in ITEMS
        if marker and (kind == "members" or not exempt)
    ]


def _agenda_ranges(texts):
    """The "(Pages X - Y)" on the agenda, in order."""
    agenda = "\n".join(t for t in texts[:3] if "AGENDA" in t)
    found = re.findall(r"\(Pages?\s*(\d+)(?:\s*-\s*(\d+))?\s*\)", agenda)
    return [(int(x), int(y or x)) for x, y in found]


def _is_blank(text):
    return "This page is intentionally left blank" in text


@pytest.mark.parametrize("convention", ["with_blank", "printed_only"])
@pytest.mark.parametrize("kind", ["public", "members"])
def test_agenda_page_ranges_hold_each_paper_stamped_and_starting_on_odd_pages(
    world, kind, convention, django_capture_on_commit_callbacks
):
    """Seed 002's convention (the default): item 3 is "Pages 5 - 8" and item 6 starts on
    page 9, so a paper's range counts the blank page after it. The other convention ends
    the range at the paper's last printed page."""
    meeting = _meeting(world)
    meeting.board.pack_page_ranges = convention
    meeting.board.save()
    pack = _request(world, meeting, kind, django_capture_on_commit_callbacks)
    assert pack.state == AgendaPack.State.READY
    _, texts = _pages(pack)
    assert pack.page_count == len(texts)
    assert "Public Document Pack" in texts[0] or kind == "members"
    assert "NOTICE OF MEETING" in texts[0]
    assert "Chute Room, Winchester" in texts[0]
    assert "members.services@example.org" in texts[0]

    papers = _papers(kind)
    ranges = _agenda_ranges(texts)
    assert len(ranges) == len(papers)
    covered = set()
    for (number, _title, marker), (first, last) in zip(papers, ranges, strict=True):
        assert first % 2 == 1, f"item {number} starts on page {first}"
        assert first <= last
        stamp = re.compile(rf"Agenda Item {number}\b")
        for page_number, text in enumerate(texts, start=1):
            inside = first <= page_number <= last
            if inside and _is_blank(text):
                # Only the seed's convention counts a blank page, and only the last one.
                assert convention == "with_blank" and page_number == last, page_number
                assert not stamp.search(text)
                covered.add(page_number)
                continue
            assert bool(stamp.search(text)) == inside, (number, page_number)
            if inside:
                assert marker in text, (number, page_number)
                covered.add(page_number)
            else:
                assert marker not in text, (number, page_number)
    blank_in_a_range = 0
    for page_number, text in enumerate(texts, start=1):
        assert f"Page {page_number}" in text
        if _is_blank(text):
            assert page_number % 2 == 0
            assert page_number + 1 in {first for first, _ in ranges}
            assert "Agenda Item" not in text
            blank_in_a_range += page_number in covered
    assert any(_is_blank(t) for t in texts)
    # Each range ends where the next begins (seed) or may leave the blank page out (other).
    ends_before_next = [
        last + 1 == next_first for (_, last), (next_first, _) in itertools.pairwise(ranges)
    ]
    if convention == "with_blank":
        assert all(ends_before_next) and blank_in_a_range
    else:
        assert not all(ends_before_next) and not blank_in_a_range


def test_the_clerk_chooses_the_boards_page_range_convention(world):
    from boards.models import Board

    from ..edit_guard import save_edit

    board = BoardFactory(organisation=world.organisation, name="Corporate Parenting Board")
    assert board.pack_page_ranges == Board.PageRanges.WITH_BLANK  # seed 002's, by default
    client = client_for(world.clerk)
    url = reverse("boards:board_update", args=[board.pk])
    page = client.get(url).content.decode()
    assert "Count a paper&#x27;s trailing blank page in its range" in page
    response = save_edit(
        client,
        url,
        {
            "name": board.name,
            "quorum": 3,
            "first_minute_number": 1,
            "pack_page_ranges": "printed_only",
        },
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.pack_page_ranges == Board.PageRanges.PRINTED_ONLY
    response = save_edit(
        client,
        url,
        {"name": board.name, "quorum": 3, "first_minute_number": 1, "pack_page_ranges": "x"},
    )
    assert response.status_code == 200
    assert "Choose whether a paper&#x27;s page range counts the blank page after it" in (
        response.content.decode()
    )


def test_blank_pages_only_where_a_paper_would_start_on_an_even_page(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    pack = _request(world, meeting, "members", django_capture_on_commit_callbacks)
    _, texts = _pages(pack)
    ranges = _agenda_ranges(texts)
    blanks = {n for n, t in enumerate(texts, start=1) if _is_blank(t)}
    agenda_end = min(first for first, _ in ranges) - 1
    previous_end = agenda_end - (1 if agenda_end in blanks else 0)
    for first, last in ranges:
        would_start = previous_end + 1
        if would_start % 2 == 0:
            assert blanks & {would_start}, first
        else:
            assert would_start == first
        previous_end = last - (1 if last in blanks else 0)  # the seed's ranges count it
    expected = set()
    previous_end = agenda_end - (1 if agenda_end in blanks else 0)
    for first, last in ranges:
        expected |= set(range(previous_end + 1, first))
        previous_end = last - (1 if last in blanks else 0)
    assert blanks == expected


def test_the_public_pack_holds_no_exempt_text(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world)
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _, texts = _pages(pack)
    everything = "\n".join(texts).lower()
    assert "zebrafish" not in everything
    assert EXEMPT_TITLE.lower() not in everything
    assert "exempt item (paragraph 1): not for publication" in everything
    assert "not for publication" not in "\n".join(texts[2:]).lower()


def test_the_members_pack_holds_exempt_papers_marked_not_for_publication(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    pack = _request(world, meeting, "members", django_capture_on_commit_callbacks)
    _, texts = _pages(pack)
    exempt_pages = [n for n, t in enumerate(texts, start=1) if re.search(r"Agenda Item 4\b", t)]
    assert exempt_pages
    for n in exempt_pages:
        assert "NOT FOR PUBLICATION" in texts[n - 1]
        assert "Zebrafish" in texts[n - 1]
    other_paper_pages = [
        n
        for n, t in enumerate(texts, start=1)
        if re.search(r"Agenda Item [235]\b", t) and n not in exempt_pages
    ]
    assert other_paper_pages
    for n in other_paper_pages:
        assert "NOT FOR PUBLICATION" not in texts[n - 1]
    assert EXEMPT_TITLE.upper() in "\n".join(texts[:3])


@pytest.mark.parametrize("kind", ["public", "members"])
def test_bookmarks_follow_the_agenda_and_the_pdf_is_tagged(
    world, kind, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    pack = _request(world, meeting, kind, django_capture_on_commit_callbacks)
    reader, _ = _pages(pack)
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles == ["Agenda"] + [
        f"Agenda Item {number}: {title}" for number, title, _ in _papers(kind)
    ]
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower() == "en-gb"
    assert reader.metadata.title.startswith("Corporate Parenting Board")


def test_requesting_twice_while_queued_makes_one_pack(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world)
    client = client_for(world.clerk)
    url = reverse("papers:pack_request", args=[meeting.pk])
    with django_capture_on_commit_callbacks() as callbacks:
        first = client.post(url, {"kind": "public"})
        second = client.post(url, {"kind": "public"})
    assert first.url == second.url
    assert AgendaPack.objects.filter(meeting=meeting).count() == 1
    assert len(callbacks) == 1
    pack = AgendaPack.objects.get(meeting=meeting)
    assert pack.state == AgendaPack.State.QUEUED
    status = client.get(first.url)
    assert '<meta http-equiv="refresh" content="2">' in status.content.decode()

    assert pack_render(pack.pk) is not None
    assert pack_render(pack.pk) is None  # delivered twice: rendered once
    pack.refresh_from_db()
    assert pack.state == AgendaPack.State.READY and pack.edition == 1
    page = client.get(first.url).content.decode()
    assert "refresh" not in page
    assert reverse("papers:pack_download", args=[pack.pk]) in page


def test_a_render_failure_marks_the_pack_failed_with_the_reason(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)

    def broken(**kwargs):
        raise RuntimeError("No fonts installed on the worker")

    monkeypatch.setattr(pack_services, "render_pack_pdf", broken)
    with pytest.raises(RuntimeError):
        _request(world, meeting, "public", django_capture_on_commit_callbacks)
    pack = AgendaPack.objects.get(meeting=meeting)
    assert pack.state == AgendaPack.State.FAILED
    assert pack.error == "No fonts installed on the worker"
    page = client_for(world.clerk).get(reverse("papers:pack_status", args=[pack.pk]))
    html = page.content.decode()
    assert "No fonts installed on the worker" in html
    assert reverse("papers:pack_request", args=[meeting.pk]) in html
    assert "Try again" in html
    download = client_for(world.clerk).get(reverse("papers:pack_download", args=[pack.pk]))
    assert download.status_code == 404


def test_a_new_edition_supersedes_the_old_only_when_it_is_ready(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    old = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert old.state == AgendaPack.State.READY

    client = client_for(world.clerk)
    url = reverse("papers:pack_request", args=[meeting.pk])
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(url, {"kind": "public"})
    new = AgendaPack.objects.get(meeting=meeting, edition=2)
    old.refresh_from_db()
    assert (old.state, new.state) == (AgendaPack.State.READY, AgendaPack.State.QUEUED)

    # The worker dies mid-render: the old pack stays the current one.
    monkeypatch.setattr(
        pack_services, "render_pack_pdf", lambda **kw: (_ for _ in ()).throw(MemoryError())
    )
    with pytest.raises(MemoryError):
        callbacks[0]()
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.state, new.state) == (AgendaPack.State.READY, AgendaPack.State.FAILED)
    monkeypatch.undo()

    third = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    old.refresh_from_db()
    assert third.edition == 3 and third.state == AgendaPack.State.READY
    assert old.state == AgendaPack.State.SUPERSEDED
    # A superseded pack can still be downloaded (it is what was sent out).
    assert client.get(reverse("papers:pack_download", args=[old.pk])).status_code == 200


def test_download_access(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world, coopted_see_exempt=False)
    public = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    members = _request(world, meeting, "members", django_capture_on_commit_callbacks)
    public_url = reverse("papers:pack_download", args=[public.pk])
    members_url = reverse("papers:pack_download", args=[members.pk])

    response = client_for(world.young_member).get(public_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(world.young_member).get(members_url).status_code == 404
    assert client_for(world.councillor).get(members_url).status_code == 200
    assert client_for(world.participation_officer).get(public_url).status_code == 403
    assert client_for(world.outsiders["councillor"]).get(public_url).status_code == 404

    meeting.board.coopted_see_exempt = True
    meeting.board.save()
    assert client_for(world.young_member).get(members_url).status_code == 200


def test_a_pack_not_yet_ready_cannot_be_downloaded(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world)
    with django_capture_on_commit_callbacks():
        client_for(world.clerk).post(
            reverse("papers:pack_request", args=[meeting.pk]), {"kind": "public"}
        )
    pack = AgendaPack.objects.get(meeting=meeting)
    url = reverse("papers:pack_download", args=[pack.pk])
    assert client_for(world.clerk).get(url).status_code == 404


def test_an_unknown_kind_queues_nothing(world):
    meeting = _meeting(world)
    response = client_for(world.clerk).post(
        reverse("papers:pack_request", args=[meeting.pk]), {"kind": "everything"}
    )
    assert response.status_code == 302
    assert not AgendaPack.objects.exists()


def test_members_are_emailed_when_a_pack_is_published(world, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.core import mail

    from ..factories import BoardMemberFactory

    meeting = _meeting(world)
    long_ago = timezone.localdate() - timedelta(days=900)
    BoardMemberFactory(board=meeting.board, name="Chair", user=world.councillor)
    BoardMemberFactory(
        board=meeting.board, name="Care Ambassador", user=world.young_member, kind="coopted"
    )
    BoardMemberFactory(  # a past member hears nothing
        board=meeting.board,
        name="Former member",
        user=world.officer,
        start_date=long_ago,
        end_date=long_ago + timedelta(days=30),
    )
    BoardMemberFactory(board=meeting.board, name="No account")  # nobody to email

    _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.councillor.email, world.young_member.email]
    )
    assert meeting.get_absolute_url() in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Published: public pack")

    mail.outbox.clear()
    _request(world, meeting, "members", django_capture_on_commit_callbacks)
    # The board does not let co-opted members read exempt papers: not told of that pack.
    assert [m.to[0] for m in mail.outbox] == [world.councillor.email]
    assert "please do not share them" in mail.outbox[0].body

    mail.outbox.clear()
    _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert mail.outbox and all(m.subject.startswith("Re-issued") for m in mail.outbox)


def test_no_email_when_the_render_fails(world, django_capture_on_commit_callbacks, monkeypatch):
    from django.core import mail

    from ..factories import BoardMemberFactory

    meeting = _meeting(world)
    BoardMemberFactory(board=meeting.board, name="Chair", user=world.councillor)

    def broken(**kwargs):
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr("boards.papers.services.packs.render_pack_pdf", broken)
    with pytest.raises(RuntimeError):
        _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert mail.outbox == []

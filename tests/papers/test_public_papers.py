"""The public's papers: signed out, anyone downloads the public pack (every edition and
supplement), each public paper on its own (the report, each appendix) and the minutes once
published, from links on the public meeting page that give each file's size and page count.
The members' pack and exempt papers stay behind sign-in, and nothing of one organisation is
reachable through another's URLs."""

import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from boards.models import Meeting
from boards.papers.models import AgendaPack, MinutesPdf, PackPaper, Report, ReportAppendix
from boards.papers.services.packs import pack_request
from boards.papers.services.public_papers import minutes_pdfs_refresh
from boards.services.minutes import MinuteEntry, minutes_approve, minutes_publish, minutes_save

from ..access import client_for
from ..boards.test_no_exempt_leak import PUBLIC_RESOLUTION, SECRETS
from ..boards.test_no_exempt_leak import scene as scene  # the fixture
from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    ReportFactory,
    ReportTemplateFactory,
    frozen_version,
)

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & "quoted" \'single\'\nsecond line'
EXEMPT_TITLE = "Secret placement matter"


@pytest.fixture(autouse=True)
def _render_in_this_process():
    """The tests read the PDFs back, so tasks run in this process (as in tests/papers/
    test_packs.py; the path through a real worker is the same service call)."""
    from corporate_parenting.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _appendix_pdf(marker: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in (1, 2):
        canvas.drawString(72, 700, f"{marker} appendix page {page}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _report(meeting, item, title, marker, *, exempt=False):
    report = ReportFactory(
        template=ReportTemplateFactory(organisation=meeting.organisation),
        board=meeting.board,
        title=title,
        status=Report.Status.PUBLISHED,
        exempt=exempt,
        exempt_paragraph=1 if exempt else None,
        agenda_item=item,
    )
    frozen_version(report, f"<p>{marker} paragraph.</p>")
    return report


def _meeting(organisation, *, title_of_paper="Aardvark review", **fields):
    """A public meeting: a paper with an uploaded appendix, an exempt paper, another paper."""
    now = timezone.now()
    board = BoardFactory(organisation=organisation, name="Corporate Parenting Board")
    meeting = MeetingFactory(
        board=board,
        status=fields.pop("status", Meeting.Status.AGENDA_PUBLISHED),
        agenda_published_at=now,
        **fields,
    )
    AgendaItemFactory(meeting=meeting, position=0, number="1", title="Apologies for absence")
    aardvark = _report(
        meeting,
        AgendaItemFactory(meeting=meeting, position=1, number="2", title=title_of_paper),
        title_of_paper,
        "Aardvark",
    )
    appendix = ReportAppendix(
        organisation=organisation, report=aardvark, title="Quokka tables", position=1
    )
    appendix.file.save("quokka.pdf", ContentFile(_appendix_pdf("Quokka")), save=True)
    secret = AgendaItemFactory(
        meeting=meeting,
        position=2,
        number="3",
        title=EXEMPT_TITLE,
        exempt=True,
        exempt_paragraph=1,
    )
    _report(meeting, secret, EXEMPT_TITLE, "Zebrafish", exempt=True)
    _report(
        meeting,
        AgendaItemFactory(meeting=meeting, position=3, number="4", title="Chinchilla update"),
        "Chinchilla update",
        "Chinchilla",
    )
    return meeting


def _publish(clerk, meeting, kind, capture, *, supplement=False):
    data = {"kind": kind, **({"supplement": "1"} if supplement else {})}
    with capture(execute=True):
        response = client_for(clerk).post(reverse("papers:pack_request", args=[meeting.pk]), data)
    assert response.status_code == 302
    pack = AgendaPack.objects.filter(meeting=meeting, kind=kind).latest("created")
    assert pack.state == AgendaPack.State.READY, pack.error
    return pack


def _page(meeting, client=None):
    url = reverse("boards_public:meeting", args=[meeting.organisation.slug, meeting.pk])
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _links(html, testid):
    """(href, text) of each link marked `testid`."""
    found = re.findall(
        rf'<a [^>]*href="([^"]+)"[^>]*data-testid="{testid}"[^>]*>(.*?)</a>', html, flags=re.S
    )
    return [(unescape(href), unescape(re.sub(r"<[^>]+>", "", text))) for href, text in found]


def _download(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = b"".join(response.streaming_content)
    return data, PdfReader(io.BytesIO(data))


def _text(reader):
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _described(text):
    """(size in KB, pages) from "... (PDF, 412 KB, 12 pages)"."""
    match = re.search(r"\(PDF, (\d+(?:\.\d+)?) (KB|MB), (\d+) pages?\)$", text)
    assert match, text
    return match.group(1), match.group(2), int(match.group(3))


def test_signed_out_anyone_downloads_the_pack_and_each_public_paper_from_the_meeting_page(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world.organisation)
    pack = _publish(world.clerk, meeting, "public", django_capture_on_commit_callbacks)
    _publish(world.clerk, meeting, "members", django_capture_on_commit_callbacks)

    html = _page(meeting)
    packs = _links(html, "public-pack-link")
    papers = _links(html, "public-paper-link")
    assert [text.split(" (")[0] for _, text in packs] == ["Agenda pack, edition 1"]
    assert [text.split(" (")[0] for _, text in papers] == [
        "Agenda Item 2: Aardvark review",
        "Agenda Item 2, Appendix 1: Quokka tables",
        "Agenda Item 4: Chinchilla update",
    ]
    markers = {"Agenda pack": "Chinchilla", "Aardvark": "Aardvark", "Quokka": "Quokka"}
    for href, text in packs + papers:
        data, reader = _download(href)
        size, unit, pages = _described(text)
        assert len(reader.pages) == pages, text
        assert unit == "KB" and int(size) == -(-len(data) // 1024), text
        body = _text(reader)
        assert "Zebrafish" not in body
        for word, marker in markers.items():
            if word in text:
                assert marker in body, text
    assert len(_download(packs[0][0])[1].pages) == pack.page_count
    # The exempt paper is nowhere: not its title, not its text, not a file of its own.
    assert EXEMPT_TITLE not in html and "Zebrafish" not in html
    assert not PackPaper.objects.filter(title__contains=EXEMPT_TITLE).exists()
    # Only the public pack's papers are kept on their own.
    assert set(PackPaper.objects.values_list("pack__kind", flat=True)) == {"public"}


def test_the_members_pack_is_not_linked_and_its_urls_refuse_signed_out_visitors(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world.organisation)
    _publish(world.clerk, meeting, "public", django_capture_on_commit_callbacks)
    members = _publish(world.clerk, meeting, "members", django_capture_on_commit_callbacks)
    slug = world.organisation.slug

    html = _page(meeting)
    assert reverse("papers:pack_download", args=[members.pk]) not in html
    assert "Members" not in html and "members' pack" not in html.lower()
    # The signed-in download sends a signed-out visitor to sign in, showing nothing.
    response = Client().get(reverse("papers:pack_download", args=[members.pk]))
    assert response.status_code == 302 and reverse("login") in response.url
    # The public download of the members' pack is 404, as if it did not exist.
    response = Client().get(reverse("papers_public:pack", args=[slug, meeting.pk, members.pk]))
    assert response.status_code == 404
    assert EXEMPT_TITLE.encode() not in response.content
    # A councillor signed in gets nothing more from the public URL either.
    response = client_for(world.councillor).get(
        reverse("papers_public:pack", args=[slug, meeting.pk, members.pk])
    )
    assert response.status_code == 404


def test_another_organisations_papers_are_never_reachable_through_this_ones_urls(
    world, django_capture_on_commit_callbacks
):
    mine = _meeting(world.organisation)
    pack = _publish(world.clerk, mine, "public", django_capture_on_commit_callbacks)
    paper = pack.papers.first()
    other = world.other_organisation
    theirs = MeetingFactory(
        board=BoardFactory(organisation=other),
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=timezone.now(),
    )
    urls = [
        # My papers under their slug.
        reverse("papers_public:pack", args=[other.slug, mine.pk, pack.pk]),
        reverse("papers_public:paper", args=[other.slug, mine.pk, paper.pk]),
        # My papers under their meeting, with their slug or mine.
        reverse("papers_public:pack", args=[other.slug, theirs.pk, pack.pk]),
        reverse("papers_public:paper", args=[other.slug, theirs.pk, paper.pk]),
        reverse("papers_public:pack", args=[world.organisation.slug, theirs.pk, pack.pk]),
    ]
    for url in urls:
        assert Client().get(url).status_code == 404, url
    assert "public-pack-link" not in _page(theirs)


def test_nothing_is_offered_before_the_meeting_is_public(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world.organisation, status=Meeting.Status.SCHEDULED)
    pack = _publish(world.clerk, meeting, "public", django_capture_on_commit_callbacks)
    slug = world.organisation.slug
    for url in (
        reverse("papers_public:pack", args=[slug, meeting.pk, pack.pk]),
        reverse("papers_public:paper", args=[slug, meeting.pk, pack.papers.first().pk]),
    ):
        assert Client().get(url).status_code == 404


def test_a_re_issued_pack_keeps_the_old_edition_and_its_papers_marked_superseded(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world.organisation)
    first = _publish(world.clerk, meeting, "public", django_capture_on_commit_callbacks)
    frozen_version(Report.objects.get(title="Chinchilla update"), "<p>Marmot paragraph.</p>")
    second = _publish(world.clerk, meeting, "public", django_capture_on_commit_callbacks)
    assert second.edition == 2

    html = _page(meeting)
    packs = _links(html, "public-pack-link")
    assert [text.split(" (")[0] for _, text in packs] == [
        "Agenda pack, edition 2",
        "Agenda pack, edition 1",
    ]
    superseded = re.findall(r'data-testid="public-pack".*?</li>', html, flags=re.S)
    assert ['data-testid="superseded"' in block for block in superseded] == [False, True]
    # Each old paper says so in its link, for those who hear the links read out of context.
    papers = [text for _, text in _links(html, "public-paper-link")]
    assert [t.startswith("Superseded edition 1: ") for t in papers] == [False] * 3 + [True] * 3
    new = second.papers.get(title="Agenda Item 4: Chinchilla update")
    old = first.papers.get(title="Agenda Item 4: Chinchilla update")
    slug = world.organisation.slug
    assert "Marmot" in _text(
        _download(reverse("papers_public:paper", args=[slug, meeting.pk, new.pk]))[1]
    )
    old_text = _text(_download(reverse("papers_public:paper", args=[slug, meeting.pk, old.pk]))[1])
    assert "Chinchilla paragraph" in old_text and "Marmot" not in old_text


def test_a_supplement_is_linked_with_its_late_papers(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world.organisation)
    _publish(world.clerk, meeting, "public", django_capture_on_commit_callbacks)
    late = AgendaItemFactory(meeting=meeting, position=4, number="5", title="Late llama paper")
    _report(meeting, late, "Late llama paper", "Llama")
    _publish(world.clerk, meeting, "public", django_capture_on_commit_callbacks, supplement=True)

    html = _page(meeting)
    assert [t.split(" (")[0] for _, t in _links(html, "public-pack-link")] == [
        "Agenda pack, edition 1",
        "Supplementary agenda pack 1, edition 1",
    ]
    (href,) = [h for h, t in _links(html, "public-paper-link") if "Llama" in t or "llama" in t]
    assert "Llama paragraph" in _text(_download(href)[1])


def test_hostile_titles_are_shown_as_text_and_name_safe_files(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world.organisation, title_of_paper=HOSTILE)
    _publish(world.clerk, meeting, "public", django_capture_on_commit_callbacks)

    html = _page(meeting)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    (href,) = [h for h, t in _links(html, "public-paper-link") if "alert" in t]
    response = Client().get(href)
    disposition = response["Content-Disposition"]
    assert "<" not in disposition and "\n" not in disposition
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "alert" in _text(PdfReader(io.BytesIO(b"".join(response.streaming_content))))


def _held_meeting(organisation, *, minute_text):
    now = timezone.now()
    meeting = MeetingFactory(
        board=BoardFactory(organisation=organisation),
        starts_at=now - timedelta(days=10),
        status=Meeting.Status.HELD,
        agenda_published_at=now - timedelta(days=17),
    )
    item = AgendaItemFactory(meeting=meeting, number="5", title="Pledge progress")
    minutes_save(
        meeting=meeting,
        entries=[MinuteEntry(item=item, text=minute_text, resolutions=["Noted the Ibex report."])],
    )
    return meeting


def test_minutes_become_a_pdf_in_a_worker_when_published_and_again_when_approved(
    world, django_capture_on_commit_callbacks
):
    meeting = _held_meeting(world.organisation, minute_text=f"The Board discussed {HOSTILE}.")
    slug = world.organisation.slug
    url = reverse("papers_public:minutes", args=[slug, meeting.pk])
    assert Client().get(url).status_code == 404  # not published: nothing
    assert not MinutesPdf.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=meeting)
    (minutes,) = _links(_page(meeting), "public-minutes-link")
    assert minutes[0] == url and minutes[1].startswith("Draft minutes (PDF, ")
    _data, reader = _download(url)
    body = _text(reader)
    assert "Draft minutes" in body and "Noted the Ibex report." in body
    assert '<script>alert("x")</script>' in body  # as text, nothing run
    assert len(reader.pages) == _described(minutes[1])[2]

    later = MeetingFactory(
        board=meeting.board,
        starts_at=timezone.now() - timedelta(hours=1),
        status=Meeting.Status.HELD,
    )
    with django_capture_on_commit_callbacks(execute=True):
        minutes_approve(meeting=meeting, approved_at=later)
    (minutes,) = _links(_page(meeting), "public-minutes-link")
    assert minutes[1].startswith("Minutes (PDF, ")
    assert "Draft minutes" not in _text(_download(url)[1])
    assert MinutesPdf.objects.filter(meeting=meeting, state="ready").count() == 2


def test_minutes_changed_elsewhere_are_rendered_again_by_the_hourly_refresh_only_once(
    world, django_capture_on_commit_callbacks
):
    meeting = _held_meeting(world.organisation, minute_text="The Board heard from the Jaguar.")
    # Published without the service (as minutes published before this existed were).
    Meeting.objects.filter(pk=meeting.pk).update(minutes_published_at=timezone.now())
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert minutes_pdfs_refresh() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert minutes_pdfs_refresh() == 0  # the same minutes: not rendered again
    item = meeting.items.get()
    item.title = "Pledge progress, renamed"
    item.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert minutes_pdfs_refresh() == 1
    url = reverse("papers_public:minutes", args=[world.organisation.slug, meeting.pk])
    assert "RENAMED" in _text(_download(url)[1]).upper()


def test_the_meetings_list_links_the_meetings_with_papers(
    world, django_capture_on_commit_callbacks
):
    with_papers = _meeting(world.organisation)
    _publish(world.clerk, with_papers, "public", django_capture_on_commit_callbacks)
    without = MeetingFactory(
        board=with_papers.board,
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=timezone.now(),
        starts_at=timezone.now() + timedelta(days=60),
    )
    response = Client().get(reverse("boards_public:meetings", args=[world.organisation.slug]))
    links = [href for href, _ in _links(response.content.decode(), "papers-link")]
    assert links == [
        reverse("boards_public:meeting", args=[world.organisation.slug, with_papers.pk]) + "#papers"
    ]
    assert "no-papers" in _page(without)


def test_no_public_download_holds_anything_of_an_exempt_item_or_a_young_persons_name(
    scene, django_capture_on_commit_callbacks
):
    """tests/boards/test_no_exempt_leak.py's meeting (an exempt item with its minute,
    resolution, declaration and action; a co-opted member present): every file its public
    page offers is read back and searched."""
    meeting = scene["meeting"]
    with django_capture_on_commit_callbacks(execute=True):
        pack_request(meeting=meeting, kind="public", by=None)
        pack_request(meeting=meeting, kind="members", by=None)
        minutes_pdfs_refresh()
    html = _page(meeting)
    links = [
        *_links(html, "public-pack-link"),
        *_links(html, "public-paper-link"),
        *_links(html, "public-minutes-link"),
    ]
    assert len(links) >= 2  # the pack and the minutes at least: not a vacuous search
    texts = {href: _text(_download(href)[1]) for href, _ in links}
    minutes = texts[reverse("papers_public:minutes", args=["shire", meeting.pk])]
    assert PUBLIC_RESOLUTION in minutes
    # The pack's agenda numbers every item, the exempt one too, as council agendas print it
    # ("Exempt item (paragraph 2): not for publication"); nothing else of it.
    pack = reverse(
        "papers_public:pack", args=["shire", meeting.pk, meeting.packs.get(kind="public").pk]
    )
    leaks = [
        (href, secret)
        for href, text in texts.items()
        for secret in SECRETS
        if secret in text and not (href == pack and secret == "9-EXEMPTZ")
    ]
    assert not leaks, f"Exempt or private text reached public downloads: {leaks}"


# Through Redis to a real worker ------------------------------------------------------------


@pytest.mark.services
def test_a_real_worker_renders_the_minutes_when_the_clerk_publishes_them_and_the_public_papers(
    transactional_db, celery_worker, world, monkeypatch, settings
):
    import os
    import time

    from django.conf import settings as django_settings

    from boards.papers import tasks

    assert not settings.CELERY_TASK_ALWAYS_EAGER
    settings.MEDIA_ROOT = getattr(celery_worker, "media_root", None) or os.environ.get(
        "MEDIA_ROOT", str(django_settings.BASE_DIR / "media")
    )

    render_minutes_pdf = tasks.render_minutes_pdf

    class ToTheTestWorker:
        """The worker consumes only its own queue: send the task there."""

        def delay(self, job_id):
            return render_minutes_pdf.apply_async(args=[job_id], queue=celery_worker.queue)

    monkeypatch.setattr(tasks, "render_minutes_pdf", ToTheTestWorker())

    def wait_for(model, pk):
        deadline = time.monotonic() + 90
        job = model.objects.get(pk=pk)
        while job.state in ("queued", "rendering"):
            if time.monotonic() > deadline:
                pytest.fail(f"{job} was still {job.state} after 90 s")
            time.sleep(0.25)
            job.refresh_from_db()
        assert job.state == "ready", job.error
        return job

    meeting = _held_meeting(world.organisation, minute_text="The Board heard from the Kudu.")
    response = client_for(world.clerk).post(reverse("boards:minutes_publish", args=[meeting.pk]))
    assert response.status_code == 302
    wait_for(MinutesPdf, MinutesPdf.objects.get(meeting=meeting).pk)
    url = reverse("papers_public:minutes", args=[world.organisation.slug, meeting.pk])
    assert "Kudu" in _text(_download(url)[1])

    papers_meeting = _meeting(world.organisation)
    pack = AgendaPack.objects.create(
        organisation=world.organisation, meeting=papers_meeting, kind="public"
    )
    tasks.render_pack.apply_async(args=[pack.pk], queue=celery_worker.queue)
    pack = wait_for(AgendaPack, pack.pk)
    titles = list(pack.papers.values_list("title", flat=True))
    assert titles == [
        "Agenda Item 2: Aardvark review",
        "Appendix 1: Quokka tables",
        "Agenda Item 4: Chinchilla update",
    ]
    for href, _text_of_link in _links(_page(papers_meeting), "public-paper-link"):
        _download(href)

"""The one PDF pipeline (corporate_parenting.pdf): what the renderer may fetch, and the life of
a render job from asking for it to downloading it.

The job rules are proved on ProgressReport, the first concrete RenderJob; nothing here
depends on what a progress report holds."""

import io
import socket
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone
from pypdf import PdfReader

from corporate_parenting.models import Membership
from corporate_parenting.pdf import RefusedURL, render_pdf, url_fetcher
from corporate_parenting.pdf.jobs import (
    render_job_download,
    render_job_queue,
    render_job_request,
    render_job_run,
    stalled_after,
)
from corporate_parenting.roles import Capability, Role
from pledges.models import PledgeVersion, ProgressReport

from .factories import PledgeVersionFactory

MARKER = "LEAKED-FROM-DISK-7f3a"


def _page(body: str, head: str = "") -> str:
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>A test page</title>{head}</head><body><p>Hello</p>{body}</body></html>"
    )


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def secret_css(tmp_path):
    """A stylesheet outside the static folders that would print MARKER if it were read."""
    path = tmp_path / "secret.css"
    path.write_text(f'p::after {{ content: " {MARKER}"; }}')
    return path


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def _connected(server) -> bool:
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to open a connection is recorded (and refused)."""
    attempts = []

    def connect(self, address):
        attempts.append(address)
        raise OSError("the network is not for PDFs")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    return attempts


# What the renderer fetches ---------------------------------------------------------------


def test_a_page_linking_the_network_and_the_disk_renders_without_fetching_either(
    listener, no_network, secret_css
):
    port = listener.getsockname()[1]
    html = _page(
        f'<img alt="" src="http://127.0.0.1:{port}/tracker.png">'
        '<img alt="" src="https://127.0.0.1:1/tracker.png">'
        '<img alt="" src="file:///etc/passwd">'
        '<img alt="" src="/static/../../../../etc/passwd">',
        head=(
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/remote.css">'
            f'<link rel="stylesheet" href="{secret_css.as_uri()}">'
            '<link rel="stylesheet" href="file:///etc/passwd">'
            f"<style>@import url(http://127.0.0.1:{port}/imported.css);</style>"
        ),
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "Hello" in text
    assert MARKER not in text
    assert "root:" not in text and b"root:x:" not in pdf
    assert no_network == []  # nothing even tried to connect
    assert not _connected(listener)


def test_a_static_file_and_a_data_uri_are_used(settings, tmp_path, secret_css):
    """The other side of the test above: the same stylesheet in a static folder is read (so
    MARKER would have shown had the fetcher let the secret one through)."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "print.css").write_text(secret_css.read_text())
    settings.STATICFILES_DIRS = [static]
    pixel = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E"
    html = _page(
        f'<img alt="" src="{pixel}">', head='<link rel="stylesheet" href="/static/print.css">'
    )
    assert MARKER in _text(render_pdf(html))


@pytest.mark.parametrize(
    "url, why",
    [
        ("http://127.0.0.1:1/x.png", "http is never fetched"),
        ("https://example.org/x.png", "https is never fetched"),
        ("ftp://example.org/x.png", "ftp is never fetched"),
        ("file:///etc/passwd", "outside our static folders"),
        ("file:///static/../../etc/passwd", "outside our static folders"),
        ("file:///static/css/../../../../etc/passwd", "outside our static folders"),
        ("file://elsewhere.example.org/static/favicon.svg", "a file on another host"),
        ("file:///static/no-such-file.css", "outside our static folders"),
    ],
)
def test_the_fetcher_refuses_everything_but_static_files_and_data(url, why):
    with pytest.raises(RefusedURL, match=why) as refused:
        url_fetcher().fetch(url)
    assert "a PDF may use only our static files and data: URIs" in str(refused.value)


def test_the_fetcher_serves_static_files_by_static_url_and_by_path(settings):
    fetcher = url_fetcher()
    by_url = fetcher.fetch("file:///static/favicon.svg")
    by_path = fetcher.fetch((settings.BASE_DIR / "static" / "favicon.svg").as_uri())
    assert (
        by_url.read() == by_path.read() == (settings.BASE_DIR / "static/favicon.svg").read_bytes()
    )
    assert by_url.content_type == "image/svg+xml"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_a_symlink_in_a_static_folder_does_not_lead_out_of_it(settings, tmp_path, secret_css):
    static = tmp_path / "static"
    static.mkdir()
    (static / "innocent.css").symlink_to(secret_css)
    settings.STATICFILES_DIRS = [static]
    with pytest.raises(RefusedURL, match="outside our static folders"):
        url_fetcher().fetch("file:///static/innocent.css")


def test_the_pdf_is_tagged():
    pdf = render_pdf(_page("<h1>A heading</h1>"))
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"


# A render job ----------------------------------------------------------------------------


@pytest.fixture
def version(world):
    return PledgeVersionFactory(organisation=world.organisation, adopted=True)


def _job(version, **fields):
    return ProgressReport.objects.create(
        organisation=version.organisation,
        version=version,
        period_start=date(2025, 4, 1),
        period_end=date(2025, 9, 30),
        **fields,
    )


class Task:
    """Stands in for a Celery task: records what it was sent."""

    def __init__(self, error=None):
        self.sent = []
        self.error = error

    def delay(self, pk):
        if self.error:
            raise self.error
        self.sent.append(pk)


def _request(version, task, **kwargs):
    return render_job_request(
        subject=PledgeVersion.objects.filter(pk=version.pk),
        jobs=ProgressReport.objects.filter(version=version),
        new=lambda: ProgressReport(
            organisation=version.organisation,
            version=version,
            period_start=date(2025, 4, 1),
            period_end=date(2025, 9, 30),
        ),
        task=task,
        **kwargs,
    )


def test_a_job_is_queued_and_its_task_sent_only_once_the_transaction_commits(
    version, django_capture_on_commit_callbacks
):
    task = Task()
    with django_capture_on_commit_callbacks(execute=True):
        job = _request(version, task)
        assert job.state == ProgressReport.State.QUEUED
        assert task.sent == []  # a worker could not see the row yet
    assert task.sent == [job.pk]


def test_asking_twice_gives_the_job_already_on_its_way(version, django_capture_on_commit_callbacks):
    task = Task()
    with django_capture_on_commit_callbacks(execute=True):
        first = _request(version, task)
        second = _request(version, task)
    assert first == second
    assert task.sent == [first.pk]
    ProgressReport.claim(first.pk)
    assert _request(version, task) == first  # rendering, and not stalled


def test_only_the_first_claim_wins(version):
    job = _job(version)
    assert ProgressReport.claim(job.pk) is True
    assert ProgressReport.claim(job.pk) is False  # a redelivered task, a second worker
    job.refresh_from_db()
    assert job.state == ProgressReport.State.RENDERING
    assert job.started_at is not None
    ready = _job(version, state=ProgressReport.State.READY)
    assert ProgressReport.claim(ready.pk) is False
    assert ProgressReport.claim(0) is False


def test_a_job_is_stalled_from_when_it_was_claimed_not_when_it_was_asked_for(version):
    now = timezone.now()
    limit = stalled_after()
    waited_long = _job(version, state=ProgressReport.State.RENDERING, started_at=now)
    ProgressReport.objects.filter(pk=waited_long.pk).update(created=now - 2 * limit)
    waited_long.refresh_from_db()
    assert not waited_long.is_stalled()  # it queued a long time, but has only just started
    assert waited_long.in_progress

    dead = _job(version, state=ProgressReport.State.RENDERING)
    dead.started_at = now - limit - timedelta(minutes=1)
    assert dead.is_stalled()
    assert not dead.in_progress

    # Waiting its turn is not stalling, however long.
    queued = _job(version)
    ProgressReport.objects.filter(pk=queued.pk).update(created=now - 2 * limit)
    queued.refresh_from_db()
    assert not queued.is_stalled()
    assert queued.in_progress


def test_the_stall_limit_is_a_setting(version, settings):
    job = _job(version, state=ProgressReport.State.RENDERING)
    job.started_at = timezone.now() - timedelta(minutes=7)
    settings.PDF_STALLED_AFTER_MINUTES = 10
    assert not job.is_stalled()
    settings.PDF_STALLED_AFTER_MINUTES = 5
    assert job.is_stalled()


def test_a_failure_keeps_its_reason(version):
    job = _job(version, state=ProgressReport.State.RENDERING)
    job.fail(RuntimeError("No fonts found on the worker"))
    job.refresh_from_db()
    assert job.state == ProgressReport.State.FAILED
    assert job.error == "No fonts found on the worker"
    assert job.finished_at is not None
    other = _job(version, state=ProgressReport.State.RENDERING)
    other.fail(MemoryError())
    other.refresh_from_db()
    assert other.error == "MemoryError"  # an exception without a message is still named


def test_running_a_job_claims_it_renders_it_once_and_records_a_failure(version):
    job = _job(version)
    renders = []

    def render(j):
        renders.append(j.pk)
        return b"%PDF-1.7 tiny", "tiny.pdf"

    done = render_job_run(ProgressReport, job.pk, render=render)
    assert done.state == ProgressReport.State.READY and done.error == ""
    with done.pdf.open("rb") as f:
        assert f.read() == b"%PDF-1.7 tiny"
    assert render_job_run(ProgressReport, job.pk, render=render) is None
    assert renders == [job.pk]

    def broken(j):
        raise RuntimeError("The template is missing")

    failing = _job(version)
    with pytest.raises(RuntimeError):
        render_job_run(ProgressReport, failing.pk, render=broken)
    failing.refresh_from_db()
    assert failing.state == ProgressReport.State.FAILED
    assert failing.error == "The template is missing"
    assert not failing.pdf


def test_a_failed_job_can_be_asked_for_again(version, django_capture_on_commit_callbacks):
    failed = _job(version, state=ProgressReport.State.FAILED, error="No fonts")
    with django_capture_on_commit_callbacks(execute=True):
        again = _request(version, Task())
    assert again.pk != failed.pk
    assert again.state == ProgressReport.State.QUEUED


def test_a_stalled_job_asked_for_again_is_failed_with_its_reason_and_replaced(
    version, django_capture_on_commit_callbacks
):
    stuck = _job(version, state=ProgressReport.State.RENDERING)
    stuck.started_at = timezone.now() - stalled_after() - timedelta(minutes=1)
    stuck.save()
    task = Task()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = _request(version, task)
    stuck.refresh_from_db()
    assert fresh.pk != stuck.pk
    assert task.sent == [fresh.pk]
    assert stuck.state == ProgressReport.State.FAILED
    assert stuck.error == ProgressReport.stalled_reason
    assert stuck.finished_at is not None


def test_an_error_in_new_undoes_the_request(version, django_capture_on_commit_callbacks):
    stuck = _job(version, state=ProgressReport.State.RENDERING)
    stuck.started_at = timezone.now() - stalled_after() - timedelta(minutes=1)
    stuck.save()

    def nothing_to_render():
        raise ValueError("Nothing to put in it")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError):
        render_job_request(
            subject=PledgeVersion.objects.filter(pk=version.pk),
            jobs=ProgressReport.objects.filter(version=version),
            new=nothing_to_render,
            task=Task(),
        )
    stuck.refresh_from_db()
    assert stuck.state == ProgressReport.State.RENDERING  # its failing was rolled back too


def test_a_task_the_broker_refuses_fails_the_job_with_the_reason(
    version, django_capture_on_commit_callbacks
):
    job = ProgressReport(
        organisation=version.organisation,
        version=version,
        period_start=date(2025, 4, 1),
        period_end=date(2025, 9, 30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        render_job_queue(job, task=Task(error=ConnectionError("Redis is down")))
    job.refresh_from_db()
    assert job.state == ProgressReport.State.FAILED
    assert job.error == ProgressReport.not_queued_reason


@pytest.mark.parametrize("robust", [True, False])
def test_an_in_process_render_error_reaches_the_caller_only_when_not_robust(
    version, django_capture_on_commit_callbacks, robust
):
    job = ProgressReport(
        organisation=version.organisation,
        version=version,
        period_start=date(2025, 4, 1),
        period_end=date(2025, 9, 30),
    )
    task = Task(error=RuntimeError("the render, run eagerly, failed"))
    if robust:
        with django_capture_on_commit_callbacks(execute=True):
            render_job_queue(job, task=task, robust=True)
    else:
        with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
            render_job_queue(job, task=task, robust=False)
    job.refresh_from_db()
    assert job.state == ProgressReport.State.QUEUED  # not the broker's fault: left as it is


# Downloading -----------------------------------------------------------------------------


def _get(user, organisation):
    request = RequestFactory().get("/")
    request.user = user
    request.membership = Membership.objects.filter(user=user, organisation=organisation).first()
    request.organisation = organisation
    return request


def _ready(version):
    job = _job(version, state=ProgressReport.State.RENDERING)
    job.finish(b"%PDF-1.7 tiny", "tiny.pdf")
    return job


def test_a_ready_pdf_goes_out_as_an_attachment_that_is_not_sniffed(world, version):
    job = _ready(version)
    response = render_job_download(
        _get(world.clerk, world.organisation),
        ProgressReport,
        Capability.VIEW_PLEDGE_NARRATIVES,
        pk=job.pk,
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{job.download_filename()}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 tiny"


def test_the_download_goes_through_the_access_check(world, version):
    job = _ready(version)
    download = lambda request, **kw: render_job_download(  # noqa: E731
        request, ProgressReport, Capability.VIEW_PLEDGE_NARRATIVES, pk=job.pk, **kw
    )
    for outsider in world.outsiders.values():
        with pytest.raises(Http404):
            download(_get(outsider, world.other_organisation))
    with pytest.raises(PermissionDenied):  # co-opted members read the pledge, not the paper
        download(_get(world.members[Role.COOPTED], world.organisation))
    with pytest.raises(Http404):  # the concrete model's own rule (a members' pack, say)
        download(_get(world.clerk, world.organisation), readable=lambda j: False)
    assert (
        download(_get(world.clerk, world.organisation), readable=lambda j: True).status_code == 200
    )


@pytest.mark.parametrize(
    "state",
    [ProgressReport.State.QUEUED, ProgressReport.State.RENDERING, ProgressReport.State.FAILED],
)
def test_a_pdf_not_ready_is_not_found(world, version, state):
    job = _job(version, state=state)
    job.pdf.save("left-over.pdf", ContentFile(b"%PDF-1.7"), save=True)
    with pytest.raises(Http404):
        render_job_download(
            _get(world.clerk, world.organisation),
            ProgressReport,
            Capability.VIEW_PLEDGE_NARRATIVES,
            pk=job.pk,
        )

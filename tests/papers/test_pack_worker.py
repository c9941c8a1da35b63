"""A real Celery worker renders a pack: the papers fan out as a chord on the worker's queue
(its processes render them side by side) and the pack is assembled when all are done."""

import io
import os
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from boards.papers.models import AgendaPack, PaperRendering
from boards.papers.services.packs import pack_request
from boards.papers.tasks import render_pack

from ..access import client_for
from .pdf_tags import check_tags
from .test_packs import _agenda_ranges, _meeting, _papers


@pytest.mark.services
def test_a_real_worker_renders_the_pieces_as_a_chord_and_assembles_the_pack(
    transactional_db, celery_worker, world, settings
):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    settings.MEDIA_ROOT = getattr(celery_worker, "media_root", None) or os.environ.get(
        "MEDIA_ROOT", str(django_settings.BASE_DIR / "media")
    )
    meeting = _meeting(world)
    pack = AgendaPack.objects.create(
        organisation=world.organisation, meeting=meeting, kind="members", requested_by=world.clerk
    )
    render_pack.apply_async(args=[pack.pk], queue=celery_worker.queue)
    deadline = time.monotonic() + 90
    while pack.state in (AgendaPack.State.QUEUED, AgendaPack.State.RENDERING):
        if time.monotonic() > deadline:
            pytest.fail(f"The pack was still {pack.state} after 90 s")
        time.sleep(0.25)
        pack.refresh_from_db()
    try:
        assert pack.state == AgendaPack.State.READY, pack.error
        # Each paper was rendered once, as its own piece, plus the notice and the agenda.
        assert PaperRendering.objects.count() == 2 + len(_papers("members"))
        with pack.pdf.open("rb") as f:
            data = f.read()
        texts = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
        assert len(_agenda_ranges(texts)) == len(_papers("members"))
        assert check_tags(data).problems == []
    finally:
        for rendering in PaperRendering.objects.all():
            rendering.pdf.delete(save=False)
        if pack.pdf:
            pack.pdf.delete(save=False)


def test_a_pack_whose_worker_died_can_be_asked_for_again(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world)
    with django_capture_on_commit_callbacks():  # queued, never run: the worker is gone
        stuck = pack_request(meeting=meeting, kind="public", by=world.clerk)
    stuck.state = AgendaPack.State.RENDERING
    stuck.started_at = timezone.now() - timedelta(minutes=5)
    stuck.save()
    with django_capture_on_commit_callbacks():
        assert pack_request(meeting=meeting, kind="public", by=world.clerk) == stuck  # still busy

    stuck.started_at = timezone.now() - timedelta(minutes=25)
    stuck.save()
    with django_capture_on_commit_callbacks():
        fresh = pack_request(meeting=meeting, kind="public", by=world.clerk)
    stuck.refresh_from_db()
    assert fresh.edition == 2 and fresh.state == AgendaPack.State.QUEUED
    assert stuck.state == AgendaPack.State.FAILED
    assert stuck.error == "The worker stopped before the pack was finished."


def test_the_status_page_of_a_stalled_pack_stops_refreshing_and_offers_to_try_again(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    with django_capture_on_commit_callbacks():  # queued, never run: the worker is gone
        stuck = pack_request(meeting=meeting, kind="public", by=world.clerk)
    stuck.state = AgendaPack.State.RENDERING
    stuck.started_at = timezone.now() - timedelta(minutes=25)
    stuck.save()
    page = client_for(world.clerk).get(reverse("papers:pack_status", args=[stuck.pk]))
    body = page.content.decode()
    assert 'http-equiv="refresh"' not in body  # it used to poll for ever
    assert 'data-testid="pack-stalled"' in body and 'data-testid="pack-retry"' in body


def test_pack_pieces_fetch_nothing_outside_our_static_files(tmp_path):
    """Pieces render through the one pipeline's fetcher (corporate_parenting.pdf)."""
    from boards.papers import pack_pdf

    secret = tmp_path / "secret.css"
    secret.write_text('body::before { content: "LEAKED-SECRET"; }')
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>Piece</title>'
        f'<link rel="stylesheet" href="file://{secret}"></head><body><p>Paper</p></body></html>'
    )
    pdf, pages, _ = pack_pdf.render_html(html)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert pages == 1 and "Paper" in text
    assert "LEAKED-SECRET" not in text

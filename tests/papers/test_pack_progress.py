"""What the clerk sees while a pack renders (issue 12, point 7): which paper is being rendered,
how many remain, and how long the meeting's last publish took, read through the status page.
The pieces are the chord's members (boards/papers/tasks.py); here they are called one after
the other, as a worker's processes would call them."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from boards.papers import packs as pack_module
from boards.papers.models import AgendaPack
from boards.papers.services import packs as services
from boards.papers.tasks import finish_pack, render_pack_piece

from ..access import client_for
from .test_packs import _meeting, _papers

pytestmark = pytest.mark.django_db


def _status(client, pack):
    page = client.get(reverse("papers:pack_status", args=[pack.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()), html


def _queued(world, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        client_for(world.clerk).post(
            reverse("papers:pack_request", args=[meeting.pk]), {"kind": "public"}
        )
    return AgendaPack.objects.get(meeting=meeting, kind="public", state="queued")


def test_the_status_page_names_the_paper_rendering_and_counts_down(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    clerk = client_for(world.clerk)
    pack = _queued(world, meeting, django_capture_on_commit_callbacks)
    text, _ = _status(clerk, pack)
    assert "Waiting for the worker to start on it." in text
    assert "last publish" not in text  # nothing published yet

    # What render_pack does before fanning the pieces out.
    pack = services.pack_claim(pack.pk)
    pending = services.pack_pending_pieces(pack)
    assert len(pending) == len(_papers("public"))
    services.pack_pieces_planned(pack, len(pending))
    text, _ = _status(clerk, pack)
    assert f"0 of {len(pending)} papers rendered: {len(pending)} to go." in text

    seen = []
    rendering_for = pack_module.rendering_for

    def watched(organisation, html, *, name=""):
        # The clerk looks at the page while this piece is in WeasyPrint.
        seen.append(_status(clerk, pack)[0])
        return rendering_for(organisation, html, name=name)

    monkeypatch.setattr(services, "rendering_for", watched)
    for done, piece in enumerate(pending, start=1):
        render_pack_piece(pack.pk, *piece)
        text, _ = _status(clerk, pack)
        remaining = len(pending) - done
        if remaining:
            assert f"{done} of {len(pending)} papers rendered: {remaining} to go." in text
            assert "Rendering now" not in text
        else:
            assert f"{done} of {len(pending)} papers rendered. The pack is being put" in text
    # While each piece rendered, the page named it (the longest paper goes first).
    assert 'Rendering now: Item 3: the paper "Bumblebee report"' in seen[0]
    assert all("Rendering now: Item" in during for during in seen)
    assert {re.search(r'"(\w+) report"', during).group(1) for during in seen} == {
        marker for _n, _t, marker in _papers("public")
    }

    monkeypatch.undo()
    finish_pack(pack.pk)
    pack.refresh_from_db()
    assert pack.state == AgendaPack.State.READY
    # How long it took, from asking to ready (the times are set: no clock in the test).
    AgendaPack.objects.filter(pk=pack.pk).update(
        created=pack.finished_at - timedelta(minutes=1, seconds=7)
    )
    text, _ = _status(clerk, pack)
    assert "This pack took 1 minute 7 seconds to make" in text

    # The next publish shows how long the last one took while the clerk waits.
    again = _queued(world, meeting, django_capture_on_commit_callbacks)
    text, _ = _status(clerk, again)
    assert "The last publish of this meeting (public pack, edition 1) took 1 minute 7 seconds" in (
        text
    )


def test_a_piece_counts_once_and_never_past_the_total(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world)
    pack = services.pack_claim(_queued(world, meeting, django_capture_on_commit_callbacks).pk)
    services.pack_pieces_planned(pack, 2)
    for _ in range(3):  # a piece delivered twice, and one more than planned
        services.pack_piece_started(pack.pk, "Item 2: the paper")
        services.pack_piece_done(pack.pk, "Item 2: the paper")
    pack.refresh_from_db()
    assert (pack.pieces_done, pack.pieces_total, pack.rendering_now) == (2, 2, [])
    # A pack no longer rendering is left alone.
    AgendaPack.objects.filter(pk=pack.pk).update(state=AgendaPack.State.FAILED, pieces_done=0)
    services.pack_piece_started(pack.pk, "Item 3: the paper")
    services.pack_piece_done(pack.pk, "Item 3: the paper")
    pack.refresh_from_db()
    assert (pack.pieces_done, pack.rendering_now) == (0, [])


def test_the_status_page_shows_progress_safely(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world)
    pack = services.pack_claim(_queued(world, meeting, django_capture_on_commit_callbacks).pk)
    services.pack_pieces_planned(pack, 3)
    services.pack_piece_started(pack.pk, 'Item 2: the paper "<script>x</script>"')
    _, html = _status(client_for(world.clerk), pack)
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert client_for(world.councillor).get(
        reverse("papers:pack_status", args=[pack.pk])
    ).status_code in (403, 404)

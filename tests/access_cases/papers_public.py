"""Access cases for the public downloads of a meeting's papers (boards/papers/views/public.py):
public by design, so anyone, signed in or not, of any organisation, gets in (200). What they
refuse (the members' pack, another organisation's papers, a meeting not yet public) is
tested in tests/papers/test_public_papers.py."""

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting
from boards.papers.models import AgendaPack, MinutesPdf, PackPaper

from ..access import AccessCase
from ..factories import BoardFactory, MeetingFactory, pdf_bytes


def _meeting(world, **fields):
    return MeetingFactory(
        board=BoardFactory(organisation=world.organisation),
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=timezone.now(),
        **fields,
    )


def _pack(world):
    pack = AgendaPack(
        organisation=world.organisation,
        meeting=_meeting(world),
        kind=AgendaPack.Kind.PUBLIC,
        state=AgendaPack.State.READY,
        page_count=1,
    )
    pack.pdf.save("pack.pdf", ContentFile(pdf_bytes()), save=False)
    pack.save()
    return pack


def _paper(world):
    pack = _pack(world)
    paper = PackPaper(
        organisation=world.organisation,
        pack=pack,
        position=1,
        item_number="2",
        title="Agenda Item 2: A report",
        page_count=1,
        size=100,
    )
    paper.pdf.save("paper.pdf", ContentFile(pdf_bytes()), save=False)
    paper.save()
    return paper


def _minutes(world):
    meeting = _meeting(
        world,
        starts_at=timezone.now() - timezone.timedelta(days=7),
        minutes_published_at=timezone.now(),
    )
    job = MinutesPdf(
        organisation=world.organisation,
        meeting=meeting,
        key="k",
        state=MinutesPdf.State.READY,
        page_count=1,
        finished_at=timezone.now(),
    )
    job.pdf.save("minutes.pdf", ContentFile(pdf_bytes()), save=False)
    job.save()
    return meeting


def _slug(world):
    return world.organisation.slug


def _public(name, url):
    return AccessCase(name, url, [], public=True, ok_statuses=(200,))


def _pack_url(w):
    pack = _pack(w)
    return reverse("papers_public:pack", args=[_slug(w), pack.meeting_id, pack.pk])


def _paper_url(w):
    paper = _paper(w)
    return reverse("papers_public:paper", args=[_slug(w), paper.pack.meeting_id, paper.pk])


CASES = [
    _public("papers_public:pack", _pack_url),
    _public("papers_public:paper", _paper_url),
    _public(
        "papers_public:minutes",
        lambda w: reverse("papers_public:minutes", args=[_slug(w), _minutes(w).pk]),
    ),
]

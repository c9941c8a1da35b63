"""Packs assembled from kept pieces: the output stays tagged, a re-publish renders only what
changed and the page numbers stay true, uploaded appendices go in their place."""

import io
import re

import pytest
from django.core.files.base import ContentFile

from boards.papers.models import AgendaPack, PaperRendering, Report, ReportAppendix

from ..factories import frozen_version
from .pdf_tags import check_tags
from .test_packs import (
    _agenda_ranges,
    _is_blank,
    _meeting,
    _pages,
    _papers,
    _render_in_this_process,  # noqa: F401  (autouse fixture)
    _request,
)

pytestmark = pytest.mark.django_db


def _pdf_bytes(pack):
    with pack.pdf.open("rb") as f:
        return f.read()


def _assert_ranges_true(texts, papers):
    """Each stated range holds its paper and its stamp, and nothing else does."""
    ranges = _agenda_ranges(texts)
    assert len(ranges) == len(papers)
    for (number, _title, marker), (first, last) in zip(papers, ranges, strict=True):
        assert first % 2 == 1
        stamp = re.compile(rf"Agenda Item {number}\b")
        for page_number, text in enumerate(texts, start=1):
            inside = first <= page_number <= last
            if inside and _is_blank(text):  # seed 002 counts the blank page after a paper
                assert page_number == last and not stamp.search(text)
                continue
            assert bool(stamp.search(text)) == inside, (number, page_number)
        assert marker in texts[first - 1]
    for page_number, text in enumerate(texts, start=1):
        assert f"Page {page_number}" in text
    return ranges


@pytest.mark.parametrize("kind", ["public", "members"])
def test_the_assembled_pack_keeps_one_whole_structure_tree(
    world, kind, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    pack = _request(world, meeting, kind, django_capture_on_commit_callbacks)
    tags = check_tags(_pdf_bytes(pack))
    assert tags.problems == []
    assert tags.untagged_text_pages == []  # page numbers and stamps are artifacts
    # The front matter (cover, agenda) and each paper are parts of one Document.
    assert tags.parts == ["/Part"] * (2 + len(_papers(kind)))
    assert tags.roles["/H1"] >= 2 + len(_papers(kind))  # notice, agenda, one per paper
    assert tags.roles["/P"] > 100


def _edit(report, marker, paragraphs):
    """A new frozen version of a published report (as re-publishing it would make)."""
    frozen_version(report, "".join(f"<p>{marker} paragraph {n}.</p>" for n in range(paragraphs)))


@pytest.mark.parametrize(
    ("paragraphs", "moves_later_papers"), [(140, False), (190, True)], ids=["same", "longer"]
)
def test_republishing_after_one_report_changes_renders_only_that_paper(
    world, paragraphs, moves_later_papers, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    first = _request(world, meeting, "members", django_capture_on_commit_callbacks)
    _, before = _pages(first)
    kept = set(PaperRendering.objects.values_list("key", flat=True))
    assert len(kept) == 2 + len(_papers("members"))  # cover, agenda + one per paper

    report = Report.objects.get(title="Bumblebee report")
    _edit(report, "Hornet", paragraphs)  # the Bumblebee paper is rewritten
    second = _request(world, meeting, "members", django_capture_on_commit_callbacks)
    assert second.edition == 2 and second.state == AgendaPack.State.READY

    # Only the changed paper is rendered again, and the agenda if its page ranges moved;
    # every other paper is reused.
    new = set(PaperRendering.objects.values_list("key", flat=True)) - kept
    assert len(new) == (2 if moves_later_papers else 1)
    _, after = _pages(second)
    everything = "\n".join(after)
    assert "Hornet paragraph 3." in everything and "Bumblebee paragraph" not in everything
    papers = [(n, t, "Hornet" if m == "Bumblebee" else m) for n, t, m in _papers("members")]
    ranges_before = _agenda_ranges(before)
    ranges_after = _assert_ranges_true(after, papers)
    moved = ranges_after[-1] != ranges_before[-1]
    assert moved == moves_later_papers
    assert check_tags(_pdf_bytes(second)).problems == []


def _tagged_appendix_pdf(marker, pages):
    from weasyprint import HTML

    body = "".join(
        f'<section style="break-after: page"><h1>{marker} page {n}</h1><p>{marker} table.</p>'
        "</section>"
        for n in range(1, pages + 1)
    )
    html = f'<html lang="en-GB"><head><title>{marker}</title></head><body>{body}</body></html>'
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _untagged_appendix_pdf(marker):
    from reportlab.lib.pagesizes import landscape
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape((595.28, 841.89)))
    canvas.drawString(72, 300, f"{marker} scanned letter")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _attach(report, title, data, position):
    appendix = ReportAppendix(
        organisation=report.organisation, report=report, title=title, position=position
    )
    appendix.file.save(f"{title}.pdf", ContentFile(data), save=True)
    return appendix


def test_uploaded_appendices_go_in_their_place_numbered_and_stamped(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    report = Report.objects.get(title="Aardvark report")
    _attach(report, "Survey tables", _tagged_appendix_pdf("Quokka", 3), 1)
    _attach(report, "Inspection letter", _untagged_appendix_pdf("Wombat"), 2)

    pack = _request(world, meeting, "members", django_capture_on_commit_callbacks)
    assert pack.state == AgendaPack.State.READY, pack.error
    reader, texts = _pages(pack)
    ranges = _assert_ranges_true(texts, _papers("members"))
    first, last = ranges[0]  # item 2: the Aardvark paper, then its two appendices
    inside = texts[first - 1 : last]
    assert [n for n, t in enumerate(inside) if "Quokka page" in t] == [1, 2, 3]
    assert "Wombat scanned letter" in inside[4]
    # One page of paper, three of the first appendix, one letter; then (seed 002's ranges)
    # the blank page that puts item 3 on a right-hand page.
    assert last - first + 1 == 6
    assert [n for n, t in enumerate(inside) if _is_blank(t)] == [5]

    agenda = "\n".join(texts[:3])
    assert "Appendix 1: Survey tables" in agenda and "Appendix 2: Inspection letter" in agenda
    # The untagged upload is named in the accessibility statement; the tagged one is not.
    statement = agenda[agenda.index("Accessibility") :]
    assert "Inspection letter" in statement and "Survey tables" not in statement
    assert pack.untagged == ["Appendix 2: Inspection letter (item 2)"]
    from django.urls import reverse

    from ..access import client_for

    status = client_for(world.clerk).get(reverse("papers:pack_status", args=[pack.pk]))
    assert "1 appendix came without tags" in status.content.decode()
    assert "Appendix 2: Inspection letter (item 2)" in status.content.decode()

    outline = reader.outline
    item = outline.index(next(e for e in outline if getattr(e, "title", "").endswith("review")))
    children = outline[item + 1]
    assert [c.title for c in children] == [
        "Appendix 1: Survey tables",
        "Appendix 2: Inspection letter",
    ]
    assert reader.get_destination_page_number(children[0]) == first  # 0-based: the page after
    letter = last - 1  # the range's last page is the blank one
    tags = check_tags(_pdf_bytes(pack), untagged_pages={letter})
    assert tags.problems == []
    assert tags.untagged_text_pages == [letter]  # only the uploaded letter


@pytest.mark.parametrize("put_right", ["replace", "remove"])
def test_an_unreadable_appendix_fails_the_pack_naming_it_and_the_clerk_can_put_it_right(
    world, put_right, django_capture_on_commit_callbacks
):
    """Issue 9, defect 4: a file stored before uploads were opened at upload (it starts
    %PDF-1.4, then is HTML) fails the pack; the clerk follows the link on the pack's status
    page, replaces or removes the appendix of the published report, and the pack is made."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from corporate_parenting.models import AuditEntry

    from ..access import client_for

    meeting = _meeting(world)
    report = Report.objects.get(title="Aardvark report")
    assert report.status == Report.Status.PUBLISHED
    broken = _attach(report, "Budget", b"%PDF-1.4\n<html><body>Budget</body></html>", 1)
    failed = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert failed.state == AgendaPack.State.FAILED
    # The error names the agenda item, the paper, the appendix and the file, and says what to do.
    assert "Agenda item 2" in failed.error
    assert 'Appendix 1: Budget to "Aardvark report"' in failed.error
    assert "“Budget.pdf”" in failed.error and "is not a readable PDF" in failed.error
    assert "Replace the file with one that opens, or remove the appendix" in failed.error

    clerk = client_for(world.clerk)
    status = clerk.get(reverse("papers:pack_status", args=[failed.pk])).content.decode()
    fix_url = reverse("papers:report_appendix_fix", args=[broken.pk])
    assert f'href="{fix_url}"' in status
    # Removing it the old way is refused on a published report; the link's way works.
    delete = clerk.post(reverse("papers:report_appendix_delete", args=[broken.pk]))
    assert delete.status_code == 403
    fix_page = clerk.get(fix_url)
    assert fix_page.status_code == 200
    assert "cannot be put in an agenda pack" in fix_page.content.decode()

    if put_right == "replace":
        data = {"file": SimpleUploadedFile("budget.pdf", _tagged_appendix_pdf("Budget", 1))}
    else:
        data = {"action": "remove"}
    done = clerk.post(fix_url, data)
    assert done.status_code == 302 and done.url == reverse("boards:meeting", args=[meeting.pk])
    entry = AuditEntry.objects.get(additional_data__event__startswith="unreadable appendix")
    assert entry.actor == world.clerk and entry.organisation == world.organisation

    made = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert made.state == AgendaPack.State.READY, made.error
    texts = "\n".join(_pages(made)[1])
    assert ("Budget page 1" in texts) == (put_right == "replace")
    assert ReportAppendix.objects.filter(pk=broken.pk).exists() == (put_right == "replace")


def test_an_appendix_that_opens_is_not_changed_through_the_fix_page(world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from ..access import client_for

    _meeting(world)
    report = Report.objects.get(title="Aardvark report")
    good = _attach(report, "Tables", _tagged_appendix_pdf("Tables", 1), 1)
    url = reverse("papers:report_appendix_fix", args=[good.pk])
    clerk = client_for(world.clerk)
    assert "nothing to put right" in clerk.get(url).content.decode()
    clerk.post(url, {"file": SimpleUploadedFile("other.pdf", _tagged_appendix_pdf("X", 1))})
    clerk.post(url, {"action": "remove"})
    good.refresh_from_db()
    assert good.file.name.endswith("Tables.pdf")


def _late_paper(world, meeting, *, number="6", marker="Wallaby", exempt=False):
    """A report published onto an item after the pack went out."""
    from ..factories import ReportFactory, ReportTemplateFactory

    item = meeting.items.get(number=number)
    if exempt:
        item.exempt, item.exempt_paragraph = True, 3
        item.save()
    report = ReportFactory(
        template=ReportTemplateFactory(organisation=world.organisation),
        board=meeting.board,
        title=f"{marker} report",
        status=Report.Status.PUBLISHED,
        exempt=exempt,
        exempt_paragraph=3 if exempt else None,
        agenda_item=item,
    )
    _edit(report, marker, 12)
    return report


def _post_supplement(world, meeting, kind, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from ..access import client_for

    with django_capture_on_commit_callbacks(execute=True):
        return client_for(world.clerk).post(
            reverse("papers:pack_request", args=[meeting.pk]),
            {"kind": kind, "supplement": "1"},
            follow=True,
        )


def test_a_supplementary_pack_carries_only_the_late_papers(
    world, django_capture_on_commit_callbacks
):
    from django.core import mail

    from ..factories import BoardMemberFactory

    meeting = _meeting(world)
    BoardMemberFactory(board=meeting.board, name="Chair", user=world.councillor)
    main = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _late_paper(world, meeting)
    mail.outbox.clear()

    response = _post_supplement(world, meeting, "public", django_capture_on_commit_callbacks)
    supplement = AgendaPack.objects.get(meeting=meeting, supplement=1)
    assert supplement.state == AgendaPack.State.READY, supplement.error
    assert supplement.label == "Public supplementary pack 1"
    assert "Public supplementary pack 1" in response.content.decode()
    main.refresh_from_db()
    assert main.state == AgendaPack.State.READY  # the pack itself stands

    _, texts = _pages(supplement)
    assert "SUPPLEMENTARY AGENDA" in texts[0]
    ranges = _assert_ranges_true(texts, [("6", "Verbal update on workshops", "Wallaby")])
    everything = "\n".join(texts)
    for marker in ("Aardvark", "Bumblebee", "Chinchilla"):
        assert marker not in everything
    assert ranges == [(3, 3)] and "(Page 3)" in texts[1]
    assert check_tags(_pdf_bytes(supplement)).problems == []
    assert mail.outbox[0].subject.startswith("Published: public supplementary pack 1")

    # Nothing more is late: no second supplement, and the clerk is told why.
    response = _post_supplement(world, meeting, "public", django_capture_on_commit_callbacks)
    assert "already in the pack or a supplement" in response.content.decode()
    assert AgendaPack.objects.filter(meeting=meeting).count() == 2

    # Re-issuing the pack takes the late paper in and retires the supplement.
    reissued = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    supplement.refresh_from_db()
    main.refresh_from_db()
    assert reissued.edition == 2 and reissued.supplement == 0
    assert (main.state, supplement.state) == (AgendaPack.State.SUPERSEDED,) * 2
    assert "Wallaby paragraph 3." in "\n".join(_pages(reissued)[1])


def test_a_supplement_needs_a_pack_and_a_late_paper_its_readers_may_see(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    response = _post_supplement(world, meeting, "public", django_capture_on_commit_callbacks)
    assert "Publish the pack first" in response.content.decode()
    assert not AgendaPack.objects.exists()

    _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _request(world, meeting, "members", django_capture_on_commit_callbacks)
    _late_paper(world, meeting, marker="Pangolin", exempt=True)
    # The late paper is exempt: nothing for the public supplement ...
    response = _post_supplement(world, meeting, "public", django_capture_on_commit_callbacks)
    assert "already in the pack or a supplement" in response.content.decode()
    # ... and it goes in the members' one, marked.
    _post_supplement(world, meeting, "members", django_capture_on_commit_callbacks)
    supplement = AgendaPack.objects.get(meeting=meeting, kind="members", supplement=1)
    _, texts = _pages(supplement)
    paper_pages = [t for t in texts if "Agenda Item 6" in t]
    assert paper_pages and all("NOT FOR PUBLICATION" in t for t in paper_pages)
    assert all("Pangolin" in t for t in paper_pages)


def test_the_notice_carries_the_boards_signature_block_and_standing_notices(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    board = meeting.board
    board.pack_signatory = "Chief Executive\nThe Castle, Winchester"
    board.pack_notices = "FILMING AND BROADCAST NOTIFICATION\n\nThis meeting may be recorded."
    board.save()
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _, texts = _pages(pack)
    assert "Chief Executive\nThe Castle, Winchester" in texts[0]
    assert "FILMING AND BROADCAST NOTIFICATION" in texts[0]
    assert "This meeting may be recorded." in texts[0]
    _assert_ranges_true(texts, _papers("public"))


def test_pieces_unused_for_months_are_pruned_and_rendered_again_when_needed(
    world, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from boards.papers.services.packs import prune_renderings

    meeting = _meeting(world)
    _request(world, meeting, "public", django_capture_on_commit_callbacks)
    kept = list(PaperRendering.objects.all())
    assert kept  # the pack kept its pieces
    assert prune_renderings() == 0
    later = timezone.now() + timedelta(days=121)
    assert prune_renderings(now=later) == len(kept)
    assert not PaperRendering.objects.exists()
    assert not any(r.pdf.storage.exists(r.pdf.name) for r in kept)

    again = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert again.state == AgendaPack.State.READY
    _assert_ranges_true(_pages(again)[1], _papers("public"))


def test_the_boards_own_records_become_papers_minutes_actions_and_work_programme(
    world, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from boards.models import AgendaItem, Meeting

    from ..factories import (
        ActionFactory,
        AgendaItemFactory,
        MeetingFactory,
        MinuteFactory,
        ResolutionFactory,
        WorkProgrammeEntryFactory,
    )

    meeting = _meeting(world)
    board = meeting.board
    previous = MeetingFactory(
        board=board,
        starts_at=meeting.starts_at - timedelta(days=90),
        status=Meeting.Status.HELD,
        minutes_published_at=timezone.now(),
    )
    heard = AgendaItemFactory(meeting=previous, title="Fostering recruitment", number="5")
    secret = AgendaItemFactory(
        meeting=previous, title="Placement of a child", exempt=True, exempt_paragraph=1
    )
    ResolutionFactory(
        minute=MinuteFactory(item=heard, number=41, text="The Board heard about recruitment."),
        text="That the Board notes the recruitment campaign.",
    )
    MinuteFactory(item=secret, number=42, text="Kestrel placement discussed in private.")
    ActionFactory(meeting=previous, description="Send the Ibis leaflet to every carer.")
    ActionFactory(meeting=previous, item=secret, description="Review the Kestrel placement.")
    ActionFactory(meeting=previous, from_exempt=True, description="Write to the Kestrel school.")
    later = MeetingFactory(board=board, starts_at=meeting.starts_at + timedelta(days=90))
    WorkProgrammeEntryFactory(board=board, meeting=later, title="Virtual School annual report")
    WorkProgrammeEntryFactory(board=board, meeting=later, title="Dropped topic", status="dropped")
    WorkProgrammeEntryFactory(
        board=board, kind="workshop", title="Meet the Care Ambassadors", who="All members"
    )
    for position, (kind, title) in enumerate(
        [
            (AgendaItem.Kind.PREVIOUS_MINUTES, "Minutes of the previous meeting"),
            (AgendaItem.Kind.MATTERS_ARISING, "Matters arising"),
            (AgendaItem.Kind.WORK_PROGRAMME, "Work programme"),
        ],
        start=10,
    ):
        AgendaItemFactory(
            meeting=meeting, position=position, number=str(position), kind=kind, title=title
        )

    papers = {
        "public": [
            *_papers("public"),
            ("10", "Minutes of the previous meeting", "FOSTERING RECRUITMENT"),
            ("11", "Matters arising", "Ibis"),
            ("12", "Work programme", "Virtual School annual report"),
        ]
    }
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _, texts = _pages(pack)
    ranges = _assert_ranges_true(texts, papers["public"])
    minutes = "\n".join(texts[ranges[-3][0] - 1 : ranges[-3][1]])
    assert "41. FOSTERING RECRUITMENT" in minutes
    assert "Resolved: That the Board notes the recruitment campaign." in minutes
    assert "Exempt item: the public were excluded (Schedule 12A, paragraph 1)" in minutes
    everything = "\n".join(texts)
    assert "Kestrel" not in everything  # no exempt minute or action in the public pack
    programme = " ".join(" ".join(texts[ranges[-1][0] - 1 : ranges[-1][1]]).split())
    assert "Meet the Care Ambassadors" in programme and "Dropped topic" not in programme

    members = _request(world, meeting, "members", django_capture_on_commit_callbacks)
    members_text = " ".join(" ".join(_pages(members)[1]).split())
    assert "Review the Kestrel placement." in members_text  # exempt actions: members only


def test_a_worker_process_warms_the_renderer_up_when_it_starts():
    """boards/papers/tasks.py runs this on worker_process_init: it must work with no
    data at all (a broken pack template fails here, not in the clerk's first pack)."""
    from celery.signals import worker_process_init

    from boards.papers import pack_pdf
    from boards.papers.tasks import warm_up_renderer

    pack_pdf._fonts.cache_clear()
    assert warm_up_renderer in [r() for _, r in worker_process_init.receivers]
    from boards.papers.packs import warm_up

    warm_up()
    assert pack_pdf._fonts.cache_info().currsize == 1

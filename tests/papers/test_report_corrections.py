"""Correcting a published report (docs/decisions/0018): the officer starts a correction with
its reason and summary, the report stays published as it was (its page, the public and the
packs) until the correction is cleared by someone else and re-published in place; the next
edition of the pack names the change on its cover and in the email, renders only that paper
again and keeps the earlier edition, superseded."""

import io

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from boards.papers import packs as pack_module
from boards.papers.models import (
    AgendaPack,
    PaperRendering,
    Report,
    ReportAppendix,
    ReportCorrection,
    ReportSection,
)
from boards.papers.packs import pack_entries
from boards.papers.report_rendering import render_report

from ..access import client_for
from ..factories import BoardMemberFactory, TemplateSectionFactory
from .test_pack_pieces import _assert_ranges_true, _tagged_appendix_pdf
from .test_packs import (
    _meeting,
    _pages,
    _papers,
    _render_in_this_process,  # noqa: F401  (autouse fixture)
    _request,
)
from .test_reports import edit_data

pytestmark = pytest.mark.django_db

S = ReportCorrection.Status


def _correctable(world, title="Bumblebee report"):
    """One of the meeting's published reports, by the officer, with its live text (one
    section, as its frozen version prints it) so that a correction can change it."""
    report = Report.objects.get(title=title)
    report.author = world.officer
    report.save()
    version = report.versions.get(frozen=True)
    snapshot = version.snapshot
    section = TemplateSectionFactory(template=report.template, heading="Summary")
    ReportSection.objects.create(
        organisation=report.organisation,
        report=report,
        section=section,
        html=snapshot["sections"][0]["html"],
    )
    snapshot["sections"][0]["section"] = section.pk
    version.snapshot = snapshot
    version.save()
    return Report.objects.get(pk=report.pk)


def _post(user, name, report, data=None):
    return client_for(user).post(reverse(f"papers:{name}", args=[report.pk]), data or {})


def _start(world, report, summary="paragraph 1.3 corrected", by=None):
    response = _post(
        by or world.officer,
        "report_correction_start",
        report,
        {"correct-reason": "The figure was last year's.", "correct-summary": summary},
    )
    assert response.status_code == 302
    return ReportCorrection.objects.open().get(report=report)


def _edit(world, report, old, new):
    report = Report.objects.get(pk=report.pk)
    section = report.sections.get(section__heading="Summary")
    data = edit_data(report, sections={section.section_id: section.html.replace(old, new)})
    response = client_for(world.officer).post(reverse("papers:report_edit", args=[report.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _through_clearance(world, report):
    assert _post(world.officer, "report_submit", report).status_code == 302
    assert _post(world.clerk, "report_clear", report).status_code == 302
    response = _post(world.clerk, "report_correction_publish", report, {"republish-note": ""})
    assert response.status_code == 302


def _correct(world, report, old, new, summary="paragraph 1.3 corrected"):
    _start(world, report, summary)
    _edit(world, report, old, new)
    _through_clearance(world, report)
    return ReportCorrection.objects.filter(report=report).latest("pk")


def _paper_html(meeting, report, kind="members"):
    entries = pack_entries(meeting=meeting, kind=kind)
    return next(e for e in entries if e.report_id == report.pk).sources[0].html


# Starting -----------------------------------------------------------------------------------


def test_a_correction_needs_its_reason_and_summary_and_loses_neither(world):
    meeting = _meeting(world)
    report = _correctable(world)
    client = client_for(world.officer)
    response = client.post(
        reverse("papers:report_correction_start", args=[report.pk]),
        {"correct-reason": "", "correct-summary": "paragraph 1.3 corrected"},
    )
    assert response.status_code == 302
    assert not ReportCorrection.objects.exists()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Say why the published report needs correcting" in page
    assert 'value="paragraph 1.3 corrected"' in page  # what they typed is still there
    assert meeting  # the report is on its agenda


def test_only_a_published_report_is_corrected_and_by_those_who_write_reports(world):
    _meeting(world)
    report = _correctable(world)
    assert _post(world.councillor, "report_correction_start", report).status_code == 403
    _start(world, report)
    # A second correction while one is open is refused with a reason.
    response = _post(
        world.officer,
        "report_correction_start",
        report,
        {"correct-reason": "Again.", "correct-summary": "table 2 corrected"},
    )
    assert response.status_code == 302
    assert ReportCorrection.objects.filter(report=report).count() == 1
    draft = Report.objects.create(
        organisation=report.organisation, template=report.template, title="A draft"
    )
    _post(
        world.officer,
        "report_correction_start",
        draft,
        {"correct-reason": "x", "correct-summary": "y"},
    )
    assert not ReportCorrection.objects.filter(report=draft).exists()


def test_while_corrected_the_report_stays_published_as_it_was(world):
    meeting = _meeting(world)
    report = _correctable(world)
    before = _paper_html(meeting, report)
    _start(world, report)
    _edit(world, report, "Bumblebee paragraph 3.", "Hornet paragraph 3.")
    report = Report.objects.get(pk=report.pk)

    assert report.status == Report.Status.PUBLISHED
    assert report in Report.objects.public()
    # The packs read the frozen published version: the same HTML, so the same kept piece.
    assert _paper_html(meeting, report) == before
    assert "Hornet" not in before
    # The report page too shows the published text, and says a correction is in progress.
    page = client_for(world.councillor).get(report.get_absolute_url()).content.decode()
    assert "Bumblebee paragraph 3." in page and "Hornet" not in page
    assert "A correction is in progress: paragraph 1.3 corrected" in page
    assert render_report(report).frozen


def test_a_title_changed_by_a_correction_waits_for_it_too(world):
    meeting = _meeting(world)
    report = _correctable(world)
    before = _paper_html(meeting, report)
    _start(world, report)
    data = edit_data(Report.objects.get(pk=report.pk), title="Wasp strategy")
    client_for(world.officer).post(reverse("papers:report_edit", args=[report.pk]), data)
    assert Report.objects.get(pk=report.pk).title == "Wasp strategy"
    assert _paper_html(meeting, report) == before and "Wasp" not in before
    page = client_for(world.councillor).get(report.get_absolute_url()).content.decode()
    assert "Wasp" not in page


def test_the_report_list_says_a_correction_is_in_progress(world):
    _meeting(world)
    report = _correctable(world)
    url = reverse("papers:reports")
    assert "Correction in progress" not in client_for(world.officer).get(url).content.decode()
    _start(world, report)
    assert "Correction in progress" in client_for(world.officer).get(url).content.decode()


def test_the_author_never_clears_their_own_correction(world):
    _meeting(world)
    report = _correctable(world)
    _start(world, report)
    _post(world.officer, "report_submit", report)
    assert ReportCorrection.objects.get().status == S.SUBMITTED
    assert _post(world.officer, "report_clear", report).status_code == 403
    assert ReportCorrection.objects.get().status == S.SUBMITTED


def test_changes_can_be_requested_on_a_correction(world):
    _meeting(world)
    report = _correctable(world)
    _start(world, report)
    _post(world.officer, "report_submit", report)
    _post(world.clerk, "report_request_changes", report, {"changes-note": "Check 1.4 too."})
    assert ReportCorrection.objects.get().status == S.CHANGES_REQUESTED
    # Back with its author, who may change it again.
    _edit(world, report, "Bumblebee paragraph 4.", "Hornet paragraph 4.")


def test_a_correction_is_republished_in_place_as_a_new_frozen_version(world):
    meeting = _meeting(world)
    report = _correctable(world)
    item = report.agenda_item
    published_before = report.versions.get(frozen=True)
    correction = _correct(world, report, "Bumblebee paragraph 3.", "Hornet paragraph 3.")

    report = Report.objects.get(pk=report.pk)
    assert report.agenda_item == item and report.status == Report.Status.PUBLISHED
    assert correction.status == S.PUBLISHED and correction.published_at
    assert correction.cleared_by == world.clerk
    assert correction.version.frozen and correction.version.number > published_before.number
    html = _paper_html(meeting, report)
    assert "Hornet paragraph 3." in html and "Bumblebee paragraph 3." not in html
    assert report.open_correction is None and not report.is_editable


def test_a_section_left_as_it_was_keeps_its_published_figures(world):
    """A section the correction did not touch keeps its frozen text, live figures and all;
    only a changed section is frozen anew."""
    _meeting(world)
    report = _correctable(world)
    version = report.versions.get(frozen=True)
    extra = TemplateSectionFactory(template=report.template, heading="Performance")
    ReportSection.objects.create(
        organisation=report.organisation, report=report, section=extra, html="<p>live</p>"
    )
    version.snapshot["sections"].append(
        {"section": extra.pk, "heading": "Performance", "html": "<p>As at May: 71%.</p>"}
    )
    version.save()
    _correct(world, report, "Bumblebee paragraph 3.", "Hornet paragraph 3.")
    new = Report.objects.get(pk=report.pk).versions.filter(frozen=True).first()
    by_heading = {s["heading"]: s["html"] for s in new.snapshot["sections"]}
    assert by_heading["Performance"] == "<p>As at May: 71%.</p>"
    assert "Hornet paragraph 3." in by_heading["Summary"]


def test_a_withdrawn_correction_puts_the_text_back(world):
    meeting = _meeting(world)
    report = _correctable(world)
    before = _paper_html(meeting, report)
    _start(world, report)
    _edit(world, report, "Bumblebee paragraph 3.", "Hornet paragraph 3.")
    assert _post(world.officer, "report_correction_withdraw", report).status_code == 302
    report = Report.objects.get(pk=report.pk)
    assert ReportCorrection.objects.get().status == S.WITHDRAWN
    assert "Hornet" not in report.sections.get(section__heading="Summary").html
    assert report.open_correction is None and _paper_html(meeting, report) == before
    _start(world, report, summary="table 1 corrected")  # a new one may be started


def test_the_exemption_is_not_changed_through_a_correction(world):
    _meeting(world)
    report = _correctable(world)
    _start(world, report)
    report = Report.objects.get(pk=report.pk)
    data = edit_data(report, exempt="on", exempt_paragraph="3")
    client_for(world.officer).post(reverse("papers:report_edit", args=[report.pk]), data)
    report.refresh_from_db()
    assert not report.exempt and report.exempt_paragraph is None


# The pack re-issued --------------------------------------------------------------------------


def test_the_reissued_pack_names_the_correction_and_renders_only_that_paper(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    meeting = _meeting(world)
    BoardMemberFactory(board=meeting.board, name="Chair", user=world.councillor)
    report = _correctable(world)
    first = _request(world, meeting, "members", django_capture_on_commit_callbacks)
    _, first_pages = _pages(first)
    assert not any("Revised" in text for text in first_pages)  # a first edition says nothing
    assert first.versions == {
        str(r.pk): r.versions.get(frozen=True).number
        for r in Report.objects.filter(agenda_item__meeting=meeting)
    }

    _correct(world, report, "Bumblebee paragraph 3.", "Hornet paragraph 3.")
    rendered = []
    real = pack_module.pack_pdf.render_html
    monkeypatch.setattr(
        pack_module.pack_pdf,
        "render_html",
        lambda html: rendered.append(html) or real(html),
    )
    kept = PaperRendering.objects.count()
    mail.outbox.clear()
    second = _request(world, meeting, "members", django_capture_on_commit_callbacks)

    assert second.edition == 2 and second.state == AgendaPack.State.READY
    # Only the corrected paper and the cover (its "Revised" line) were rendered: the agenda
    # and every other paper are the kept pieces.
    assert PaperRendering.objects.count() == kept + 2
    assert len(rendered) == 2
    paper, cover = sorted(rendered, key=lambda html: "Hornet" not in html)
    assert "Hornet paragraph 3." in paper
    assert "Revised: item 3" in cover and "AGENDA" not in cover
    _, pages = _pages(second)
    assert "Revised: item 3, paragraph 1.3 corrected" in " ".join(pages[0].split())
    assert "Edition 2, replacing edition 1" in pages[0]
    assert "AGENDA" in pages[1]  # straight after the cover: no blank page between
    everything = "\n".join(pages)
    assert "Hornet paragraph 3." in everything and "Bumblebee paragraph 3." not in everything
    _assert_ranges_true(pages, _papers("members"))
    assert second.revisions == [{"item": "3", "summary": "paragraph 1.3 corrected"}]

    # The members are told what was revised.
    assert mail.outbox and "Edition 2, revised: item 3, paragraph 1.3 corrected." in (
        mail.outbox[0].body
    )
    assert mail.outbox[0].subject.startswith("Revised (edition 2)")

    # The old edition is superseded and still downloadable from the meeting's page.
    first.refresh_from_db()
    assert first.state == AgendaPack.State.SUPERSEDED
    page = client_for(world.councillor).get(meeting.get_absolute_url()).content.decode()
    old_link = reverse("papers:pack_download", args=[first.pk])
    assert old_link in page and "Superseded" in page and "edition 1" in page
    assert client_for(world.councillor).get(old_link).status_code == 200

    # Re-issued again with nothing corrected since: no "Revised" line.
    third = _request(world, meeting, "members", django_capture_on_commit_callbacks)
    _, pages = _pages(third)
    assert third.revisions == [] and "Revised" not in pages[0]


def test_a_hostile_summary_is_printed_as_text(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world)
    report = _correctable(world)
    _request(world, meeting, "public", django_capture_on_commit_callbacks)
    hostile = '<script>alert("x")</script> & "quotes"'
    _correct(world, report, "Bumblebee paragraph 3.", "Hornet paragraph 3.", summary=hostile)
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _, pages = _pages(pack)
    assert hostile in " ".join(pages[0].split())


def test_the_public_pack_never_names_a_correction_of_an_exempt_paper(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    report = _correctable(world, title="Zebrafish report")
    _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _correct(world, report, "Zebrafish paragraph 3.", "Secret paragraph 3.")
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _, pages = _pages(pack)
    assert pack.revisions == [] and "Revised" not in pages[0]


# Appendices ---------------------------------------------------------------------------------


def _attach(report, title, data):
    appendix = ReportAppendix(
        organisation=report.organisation, report=report, title=title, position=1
    )
    appendix.file.save(f"{title}.pdf", ContentFile(data), save=True)
    return appendix


def _upload(data, name="new.pdf"):
    return SimpleUploadedFile(name, data, "application/pdf")


def _pack_text(world, meeting, callbacks):
    pack = _request(world, meeting, "members", callbacks)
    return "\n".join(_pages(pack)[1])


def test_an_appendix_is_replaced_through_the_correction(world, django_capture_on_commit_callbacks):
    meeting = _meeting(world)
    report = _correctable(world)
    appendix = _attach(report, "Survey tables", _tagged_appendix_pdf("Quokka", 1))
    _start(world, report)
    url = reverse("papers:report_appendix_replace", args=[appendix.pk])
    client = client_for(world.officer)
    assert client.get(url).status_code == 200
    # A file that is not a PDF is refused with a reason, and nothing changes.
    response = client.post(url, {"file": _upload(b"not a pdf at all", "x.pdf")})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    appendix.refresh_from_db()
    assert appendix.pending == ""
    response = client.post(url, {"file": _upload(_tagged_appendix_pdf("Platypus", 1))})
    assert response.status_code == 302
    # The reviewer can read the new file; a reader of the published report cannot.
    download = reverse("papers:report_appendix_download", args=[appendix.pk])
    response = client_for(world.clerk).get(download, {"file": "replacement"})
    appendix.refresh_from_db()
    with appendix.replacement.open("rb") as f:
        assert b"".join(response.streaming_content) == f.read()
    assert client_for(world.councillor).get(download, {"file": "replacement"}).status_code == 403
    page = client_for(world.clerk).get(report.get_absolute_url()).content.decode()
    assert "download the new file" in page and "File replaced by the correction" in page

    # Until the correction is published, the packs keep the old file.
    text = _pack_text(world, meeting, django_capture_on_commit_callbacks)
    assert "Quokka" in text and "Platypus" not in text
    _through_clearance(world, report)
    text = _pack_text(world, meeting, django_capture_on_commit_callbacks)
    assert "Platypus" in text and "Quokka" not in text
    appendix.refresh_from_db()
    assert appendix.pending == "" and not appendix.replacement


def test_an_appendix_is_removed_or_added_through_the_correction(
    world, django_capture_on_commit_callbacks
):
    meeting = _meeting(world)
    report = _correctable(world)
    old = _attach(report, "Survey tables", _tagged_appendix_pdf("Quokka", 1))
    _start(world, report)
    client = client_for(world.officer)
    client.post(reverse("papers:report_appendix_delete", args=[old.pk]))
    client.post(
        reverse("papers:report_appendix_add", args=[report.pk]),
        {"title": "New tables", "file": _upload(_tagged_appendix_pdf("Platypus", 1))},
    )
    old.refresh_from_db()
    assert old.pending == ReportAppendix.Pending.REMOVE
    # A reader of the published report sees the published appendices only.
    page = client_for(world.councillor).get(report.get_absolute_url()).content.decode()
    assert "Survey tables" in page and "New tables" not in page
    text = _pack_text(world, meeting, django_capture_on_commit_callbacks)
    assert "Quokka" in text and "Platypus" not in text

    _through_clearance(world, report)
    text = _pack_text(world, meeting, django_capture_on_commit_callbacks)
    assert "Platypus" in text and "Quokka" not in text
    assert list(report.appendices.values_list("title", "pending")) == [("New tables", "")]


def test_the_pdf_reader_sees_one_pack_per_edition(world, django_capture_on_commit_callbacks):
    """The superseded edition's file is its own: the re-issue does not overwrite it."""
    meeting = _meeting(world)
    report = _correctable(world)
    first = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _correct(world, report, "Bumblebee paragraph 3.", "Hornet paragraph 3.")
    _request(world, meeting, "public", django_capture_on_commit_callbacks)
    first.refresh_from_db()
    with first.pdf.open("rb") as f:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert "Bumblebee paragraph 3." in text and "Hornet" not in text

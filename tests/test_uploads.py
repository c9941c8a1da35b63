"""Uploaded files (issue 9, defect 3): every upload form accepts only the allowed types,
checked by opening the content, within a size limit, and says why a file was refused,
keeping what was typed and storing nothing. Kept files have no URL: they are sent only by
views that check organisation and role, as attachments, never sniffed."""

from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from boards.papers.models import Report, ReportAppendix
from corporate_parenting import uploads
from pledges.models import Evidence, PledgeImport, ProgressUpdate

from .access import client_for
from .factories import (
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
    docx_bytes,
    pdf_bytes,
    png_bytes,
)
from .papers.test_reports import make_report

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
FAKE_PDF = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n"
BOMB = docx_bytes(padding=3 * 1024 * 1024)  # 3 MB of zeros in a few kilobytes
ACCEPTS_ANY = (
    "is not a file type we accept: upload a PDF, an image (PNG, JPEG), a Word, Excel or "
    "OpenDocument file, or a CSV"
)
ACCEPTS_PDF = "is not a file type we accept: upload a PDF"


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()]


def text(response) -> str:
    return unescape(response.content.decode())


def oversized() -> SimpleUploadedFile:
    """A real PDF, 1.5 MB, with the limit set to 1 MB by the `small_limit` fixture."""
    pdf = pdf_bytes()
    return SimpleUploadedFile("huge.pdf", pdf + b"%" * (3 * 512 * 1024 - len(pdf)))


@pytest.fixture
def small_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024


def refused(kind):
    return {
        "exe": SimpleUploadedFile("setup.exe", EXE),
        "html": SimpleUploadedFile("notes.html", HTML),
        "fake pdf": SimpleUploadedFile("budget.pdf", FAKE_PDF),
        "oversized": oversized(),
        "zip bomb": SimpleUploadedFile("minutes.docx", BOMB),
    }[kind]


KINDS = ["exe", "html", "fake pdf", "oversized", "zip bomb"]


# Evidence of a progress update --------------------------------------------------------------


@pytest.fixture
def commitment(world):
    version = PledgeVersionFactory(organisation=world.organisation, adopted=True)
    return CommitmentFactory(theme=ThemeFactory(version=version), lead=world.officer)


def record_with_evidence(world, commitment, file):
    return client_for(world.officer).post(
        reverse("pledges:update_create", args=[commitment.pk]),
        {
            "as_of": "2026-11-01",
            "status": "on_track",
            "narrative": "Replies within three days rose to 82% (fictional).",
            "evidence_title": "Survey summary",
            "evidence_file": file,
        },
    )


EVIDENCE_MESSAGES = {
    "exe": f"“setup.exe” {ACCEPTS_ANY}",
    "html": f"“notes.html” {ACCEPTS_ANY}",
    "fake pdf": "“budget.pdf” could not be opened as a PDF: it is damaged or not really a PDF",
    "oversized": "“huge.pdf” is 1.5 MB; the limit is 1 MB",
    "zip bomb": "“minutes.docx” could not be opened as a Word document: it would unpack to far "
    "more than its size",
}


@pytest.mark.parametrize("kind", KINDS)
def test_evidence_refuses_what_it_should_not_keep(world, commitment, small_limit, kind):
    response = record_with_evidence(world, commitment, refused(kind))

    assert response.status_code == 200
    page = text(response)
    assert EVIDENCE_MESSAGES[kind] in page
    assert "Replies within three days rose to 82% (fictional)." in page  # nothing typed is lost
    assert "Survey summary" in page
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("survey.pdf", pdf_bytes()),
        ("chart.png", png_bytes()),
        ("letter.docx", docx_bytes()),
        ("figures.csv", "\ufeffarea,replies\nNorth,82\n".encode()),
    ],
)
def test_evidence_of_an_accepted_type_is_kept_and_downloads_as_an_attachment(
    world, commitment, name, content
):
    response = record_with_evidence(world, commitment, SimpleUploadedFile(name, content))
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert len(stored_files()) == 1  # the "nothing stored" checks above can see a file

    page = client_for(world.officer).get(commitment.get_absolute_url()).content.decode()
    link = reverse("pledges:evidence_download", args=[evidence.pk])
    assert link in page and "/media/" not in page
    download = client_for(world.officer).get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content


def test_evidence_of_a_draft_is_for_those_who_see_drafts(world, commitment):
    update = ProgressUpdateFactory(commitment=commitment, state=ProgressUpdate.State.SUBMITTED)
    evidence = Evidence(organisation=world.organisation, update=update, title="Draft figures")
    evidence.file.save("figures.pdf", ContentFile(pdf_bytes()), save=True)
    url = reverse("pledges:evidence_download", args=[evidence.pk])

    assert client_for(world.administrator).get(url).status_code == 200  # an approver
    assert client_for(world.councillor).get(url).status_code == 403
    assert client_for(world.outsiders["administrator"]).get(url).status_code == 404


# Appendices of a report ------------------------------------------------------------------


APPENDIX_MESSAGES = {
    "exe": f"“setup.exe” {ACCEPTS_PDF}",
    "html": f"“notes.html” {ACCEPTS_PDF}",
    "fake pdf": "“budget.pdf” could not be opened as a PDF: it is damaged or not really a PDF",
    "oversized": "“huge.pdf” is 1.5 MB; the limit is 1 MB",
    "zip bomb": f"“minutes.docx” {ACCEPTS_PDF}",
}


@pytest.mark.parametrize("kind", KINDS)
def test_an_appendix_refuses_what_it_should_not_keep(world, small_limit, kind):
    report = make_report(world, author=world.officer)
    response = client_for(world.officer).post(
        reverse("papers:report_appendix_add", args=[report.pk]),
        {"title": "Appendix 1: Bright Spots tables", "file": refused(kind)},
    )

    assert response.status_code == 200
    page = text(response)
    assert APPENDIX_MESSAGES[kind] in page
    assert "Appendix 1: Bright Spots tables" in page
    assert not ReportAppendix.objects.exists()
    assert stored_files() == []


def test_an_encrypted_pdf_appendix_is_refused(world):
    import io

    import pikepdf

    buffer = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_bytes())) as pdf:
        pdf.save(buffer, encryption=pikepdf.Encryption(owner="o", user="u"))
    report = make_report(world, author=world.officer)
    response = client_for(world.officer).post(
        reverse("papers:report_appendix_add", args=[report.pk]),
        {"title": "Locked", "file": SimpleUploadedFile("locked.pdf", buffer.getvalue())},
    )
    assert "“locked.pdf” could not be opened as a PDF: it is protected" in text(response)
    assert not ReportAppendix.objects.exists()


def test_the_real_limit_is_20_mb():
    assert settings.UPLOAD_MAX_BYTES == 20 * 1024 * 1024
    big = SimpleUploadedFile("board.pdf", b"")
    big.size = 31 * 1024 * 1024  # the check reads the size first, never the content
    with pytest.raises(uploads.ValidationError) as refusal:
        uploads.validate_upload(big, allowed=uploads.PDF_ONLY)
    assert "“board.pdf” is 31 MB; the limit is 20 MB" in refusal.value.messages[0]


def test_a_pdf_appendix_downloads_only_for_those_who_may_read_its_report(world):
    report = make_report(world, author=world.officer)
    appendix = ReportAppendix(organisation=world.organisation, report=report, title="Tables")
    appendix.file.save("tables.pdf", ContentFile(pdf_bytes()), save=True)
    url = reverse("papers:report_appendix_download", args=[appendix.pk])

    page = client_for(world.officer).get(report.get_absolute_url()).content.decode()
    assert url in page
    response = client_for(world.officer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # A draft is the officers' business; published, every member who sees boards reads it.
    assert client_for(world.councillor).get(url).status_code == 403
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED)
    assert client_for(world.councillor).get(url).status_code == 200
    # An exempt report's appendix is not even found by who may not read exempt items.
    Report.objects.filter(pk=report.pk).update(exempt=True, exempt_paragraph=1)
    assert client_for(world.young_member).get(url).status_code == 404


# Pledge imports ---------------------------------------------------------------------------


IMPORT_MESSAGES = {
    "exe": "The selected file must be a CSV or an Excel spreadsheet (.xlsx)",
    "html": "The selected file must be a CSV or an Excel spreadsheet (.xlsx)",
    "fake pdf": "The selected file must be a CSV or an Excel spreadsheet (.xlsx)",
    "oversized": "The selected file must be smaller than 2MB",
    "zip bomb": "The selected file must be a CSV or an Excel spreadsheet (.xlsx)",
}


@pytest.mark.parametrize("kind", [*KINDS, "zip bomb as xlsx"])
def test_a_pledge_import_refuses_what_it_should_not_keep(world, kind):
    version = PledgeVersionFactory(organisation=world.organisation)
    if kind == "oversized":
        file = SimpleUploadedFile("big.csv", b"theme,commitment\n" + b"a,b\n" * 600_000)
    elif kind == "zip bomb as xlsx":
        file = SimpleUploadedFile("pledge.xlsx", BOMB)
    else:
        file = refused(kind)
    response = client_for(world.officer).post(
        reverse("pledges:import_upload", args=[version.pk]), {"file": file}
    )

    assert response.status_code == 200
    expected = IMPORT_MESSAGES.get(
        kind, "“pledge.xlsx” could not be opened as an Excel spreadsheet: it would unpack"
    )
    assert expected in text(response)
    assert not PledgeImport.objects.exists()
    assert stored_files() == []


# No file under MEDIA_URL ------------------------------------------------------------------


def test_no_uploaded_file_is_reachable_under_media_url(world, commitment):
    record_with_evidence(world, commitment, SimpleUploadedFile("survey.pdf", pdf_bytes()))
    evidence = Evidence.objects.get()
    assert (Path(settings.MEDIA_ROOT) / evidence.file.name).is_file()

    direct = f"/{settings.MEDIA_URL.strip('/')}/{evidence.file.name}"
    assert Client().get(direct).status_code == 404
    assert client_for(world.officer).get(direct).status_code == 404
    with pytest.raises(ValueError, match="no public URL"):
        evidence.file.url  # noqa: B018 (no template can link to a kept file)
    # The only way to it is the view, which checks organisation and role.
    via_view = reverse("pledges:evidence_download", args=[evidence.pk])
    assert client_for(world.officer).get(via_view).status_code == 200
    assert client_for(world.outsiders["officer"]).get(via_view).status_code == 404

"""The public's downloads of a meeting's papers, signed in or not, under
/p/<org_slug>/meetings/<meeting>/ (namespace `papers_public`, boards/papers/public_urls.py):

- pack: a public agenda pack (any edition, or a supplement) that is ready or superseded;
- paper: one paper of such a pack (the report, or one of its appendices);
- minutes: the newest PDF of the meeting's published minutes.

Only what is published and public: the meeting must be public (boards.public_records), the
pack the public kind. Anything else, the members' pack and another organisation's papers
included, is 404 and shows nothing of what it is. Files go out through
corporate_parenting.uploads.file_download (an attachment, nosniff, sandboxed).
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from boards.papers.models import AgendaPack, PackPaper
from boards.papers.services.public_papers import current_minutes_pdf
from boards.public_records import public_meetings
from corporate_parenting.models import Organisation
from corporate_parenting.uploads import file_download


def _public_meeting(org_slug, meeting_pk):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    return organisation, get_object_or_404(public_meetings(organisation), pk=meeting_pk)


def _pdf(field_file, filename):
    return file_download(field_file, filename=filename, content_type="application/pdf")


@login_not_required
@require_safe
def pack_download(request, org_slug, meeting_pk, pk):
    organisation, meeting = _public_meeting(org_slug, meeting_pk)
    pack = get_object_or_404(
        AgendaPack,
        organisation=organisation,
        meeting=meeting,
        kind=AgendaPack.Kind.PUBLIC,
        state__in=AgendaPack.DOWNLOADABLE_STATES,
        pk=pk,
    )
    return _pdf(pack.pdf, pack.download_filename())


@login_not_required
@require_safe
def paper_download(request, org_slug, meeting_pk, pk):
    organisation, meeting = _public_meeting(org_slug, meeting_pk)
    paper = get_object_or_404(
        PackPaper.objects.select_related("pack__meeting"),
        organisation=organisation,
        pack__meeting=meeting,
        pack__kind=AgendaPack.Kind.PUBLIC,
        pack__state__in=AgendaPack.DOWNLOADABLE_STATES,
        pk=pk,
    )
    return _pdf(paper.pdf, paper.download_filename())


@login_not_required
@require_safe
def minutes_download(request, org_slug, meeting_pk):
    _organisation, meeting = _public_meeting(org_slug, meeting_pk)
    job = current_minutes_pdf(meeting)
    if job is None:
        raise Http404("The minutes of this meeting are not published as a PDF yet.")
    return _pdf(job.pdf, job.download_filename())

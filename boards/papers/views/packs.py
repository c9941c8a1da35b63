"""Agenda packs: asking for one (clerks), following its rendering, downloading it.

- pack_request: CLERK_MEETINGS; queues the public or members' pack (or, with `supplement`, a
  supplementary pack of the late papers) and shows its status.
- pack_status: CLERK_MEETINGS; refreshes itself while the pack is queued or rendering, says
  which papers are being rendered and how many remain, and how long the meeting's last
  publish took.
- pack_download: anyone who sees boards may download a ready (or superseded) public pack;
  the members' pack only those who may read the board's exempt items, others get 404.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from boards.models import Meeting
from boards.papers.models import AgendaPack
from boards.papers.rules import may_read_pack
from boards.papers.services.packs import NothingLate, last_publish
from boards.papers.services.packs import pack_request as request_pack
from corporate_parenting.access import get_for_organisation
from corporate_parenting.pdf.jobs import render_job_download
from corporate_parenting.roles import Capability


@require_POST
def pack_request(request, pk):
    meeting = get_for_organisation(
        request, Meeting.objects.select_related("board"), Capability.CLERK_MEETINGS, pk=pk
    )
    kind = request.POST.get("kind", "")
    if kind not in AgendaPack.Kind.values:
        messages.error(request, "Choose the public pack or the members' pack")
        return redirect("boards:meeting", pk=meeting.pk)
    try:
        pack = request_pack(
            meeting=meeting, kind=kind, by=request.user, supplement="supplement" in request.POST
        )
    except NothingLate as reason:
        messages.error(request, str(reason))
        return redirect("boards:meeting", pk=meeting.pk)
    return redirect("papers:pack_status", pk=pack.pk)


def pack_status(request, pk):
    pack = get_for_organisation(
        request,
        AgendaPack.objects.select_related("meeting__board"),
        Capability.CLERK_MEETINGS,
        pk=pk,
    )
    last = pack if pack.took is not None else last_publish(pack.meeting, exclude=pack)
    return render(
        request,
        "papers/pack_status.html",
        {
            "pack": pack,
            "meeting": pack.meeting,
            "in_progress": pack.in_progress,
            "stalled": pack.is_stalled(),
            "downloadable": pack.is_downloadable,
            "last": last,
            "last_took": duration_words(last.took) if last is not None else "",
        },
    )


def duration_words(took) -> str:
    """e.g. "4 seconds", "2 minutes 5 seconds", "less than a second"."""
    seconds = round(took.total_seconds())
    if seconds < 1:
        return "less than a second"
    minutes, seconds = divmod(seconds, 60)
    words = []
    if minutes:
        words.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if seconds or not minutes:
        words.append(f"{seconds} second{'s' if seconds != 1 else ''}")
    return " ".join(words)


def pack_download(request, pk):
    return render_job_download(
        request,
        AgendaPack.objects.select_related("meeting__board"),
        Capability.VIEW_BOARDS,
        pk=pk,
        readable=lambda pack: may_read_pack(request.membership, pack),
    )

"""Access cases for agenda packs (boards/papers/views/packs.py).

The members' pack is refused with 404 (not 403) to those who may not read exempt items, so it
cannot be described here; tests/papers/test_packs.py covers it.
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from boards.papers.models import AgendaPack
from corporate_parenting.roles import Capability

from ..access import AccessCase
from ..factories import MeetingFactory


def _meeting(w):
    return MeetingFactory(board__organisation=w.organisation)


def _pack(state):
    def make(w):
        meeting = _meeting(w)
        pack = AgendaPack(
            organisation=w.organisation,
            meeting=meeting,
            kind=AgendaPack.Kind.PUBLIC,
            state=state,
        )
        if state == AgendaPack.State.READY:
            pack.pdf.save("pack.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
            pack.page_count = 1
        pack.save()
        return pack

    return make


CASES = [
    AccessCase(
        "papers:pack_request",
        lambda w: reverse("papers:pack_request", args=[_meeting(w).pk]),
        Capability.CLERK_MEETINGS,
        method="post",
        data={"kind": "public"},
        object_view=True,
    ),
    AccessCase(
        "papers:pack_status",
        lambda w: reverse("papers:pack_status", args=[_pack(AgendaPack.State.QUEUED)(w).pk]),
        Capability.CLERK_MEETINGS,
        object_view=True,
    ),
    AccessCase(
        "papers:pack_download",
        lambda w: reverse("papers:pack_download", args=[_pack(AgendaPack.State.READY)(w).pk]),
        Capability.VIEW_BOARDS,
        object_view=True,
    ),
]

"""The demo's published PDFs: the December 2018 meeting's public and members' packs, and the
minutes PDFs of the meetings whose minutes are published, made as the product makes them
(`pack_request`, `minutes_pdf_request`: in-process where no worker runs, by the worker where
one does).

So a visitor of `make run` finds on the public meeting page what a member of the public would:
the pack, each paper on its own, the minutes. `manage.py load_demo --with-pdfs` runs this
(`make run` passes it); without the flag nothing is rendered, which keeps the many tests that
load the demo quick. Run again, it renders nothing that is already there.
"""

from boards.models import Meeting
from boards.papers.demo.papers import CLERK_EMAIL, december_2018
from boards.papers.models import AgendaPack
from boards.papers.services.packs import pack_request
from boards.papers.services.public_papers import minutes_pdf_request
from corporate_parenting.models import User


def load(organisation) -> None:
    meeting = december_2018(organisation)
    clerk = User.objects.filter(email=CLERK_EMAIL).first()
    if meeting is not None:
        for kind in (AgendaPack.Kind.PUBLIC, AgendaPack.Kind.MEMBERS):
            packs = AgendaPack.objects.filter(meeting=meeting, kind=kind, supplement=0)
            if not packs.filter(state=AgendaPack.State.READY).exists():
                pack_request(meeting=meeting, kind=kind, by=clerk)
    published = Meeting.objects.for_organisation(organisation).filter(
        minutes_published_at__isnull=False
    )
    for past in published.order_by("starts_at"):
        minutes_pdf_request(meeting=past)

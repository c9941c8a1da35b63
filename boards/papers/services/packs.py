"""Agenda packs: asking for one, and rendering it in a worker.

`pack_request()` queues the next edition (or returns the one already queued or rendering, so
two clicks render once). `pack_render()` claims the pack with a conditional update, so a task
delivered twice renders once; the new edition supersedes the old only once it is complete,
so a worker that dies mid-render leaves the previous pack in place.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from boards.models import BoardMember, Meeting
from boards.papers.models import AgendaPack, PaperRendering
from boards.papers.pack_pdf import PackAssemblyError
from boards.papers.packs import (
    missing_renderings,
    pack_entries,
    piece_key,
    render_pack_pdf,
    rendering_for,
)
from boards.papers.rules import may_read_pack
from boards.papers.services.public_papers import pack_papers_keep
from corporate_parenting.mail import subject_line
from corporate_parenting.models import Membership
from corporate_parenting.pdf.jobs import render_job_request


def pack_request(*, meeting: Meeting, kind: str, by, supplement: bool = False) -> AgendaPack:
    """Queue the next edition of the pack (or, with `supplement`, a new supplementary pack of
    the late papers), through the one PDF lifecycle (corporate_parenting.pdf.jobs): two clicks
    queue once, a pack already queued or rendering is returned, a stalled one is replaced.

    Raises NothingLate when a supplement is asked for and there is no current pack to add to
    or no late paper."""
    from boards.papers.tasks import render_pack

    packs = AgendaPack.objects.filter(meeting=meeting, kind=kind)

    def new() -> AgendaPack:
        if supplement:
            number, edition = late_items_check(meeting=meeting, kind=kind), 1
        else:
            last = packs.filter(supplement=0).aggregate(last=Max("edition"))["last"]
            number, edition = 0, (last or 0) + 1
        return AgendaPack(
            organisation=meeting.organisation,
            meeting=meeting,
            kind=kind,
            supplement=number,
            edition=edition,
            requested_by=by,
        )

    return render_job_request(
        subject=Meeting.objects.filter(pk=meeting.pk),
        jobs=packs,
        new=new,
        task=render_pack,
        robust=False,
    )


class NothingLate(Exception):
    """A supplementary pack was asked for with nothing to put in it."""


def current_packs(*, meeting: Meeting, kind: str):
    """The ready pack of this kind and its ready supplements."""
    return AgendaPack.objects.filter(meeting=meeting, kind=kind, state=AgendaPack.State.READY)


def late_items(*, meeting: Meeting, kind: str) -> set[int]:
    """Agenda items with a paper (for this kind of pack) that neither the current pack nor
    any of its supplements carries."""
    sent = set()
    for pack in current_packs(meeting=meeting, kind=kind):
        sent.update(pack.items)
    entries = pack_entries(meeting=meeting, kind=kind)
    return {entry.item_id for entry in entries if entry.sources and entry.item_id not in sent}


def late_items_check(*, meeting: Meeting, kind: str) -> int:
    """The number the next supplement takes, or NothingLate saying why there is none."""
    current = current_packs(meeting=meeting, kind=kind)
    if not current.filter(supplement=0).exists():
        raise NothingLate("Publish the pack first: a supplement adds late papers to it.")
    if not late_items(meeting=meeting, kind=kind):
        raise NothingLate("Every paper on the agenda is already in the pack or a supplement.")
    last = AgendaPack.objects.filter(meeting=meeting, kind=kind).aggregate(n=Max("supplement"))
    return (last["n"] or 0) + 1


# A kept piece no pack has used for this long is deleted (a later pack renders it again).
KEEP_RENDERINGS_FOR = timedelta(days=120)


def prune_renderings(*, now=None) -> int:
    """Delete kept pieces unused for KEEP_RENDERINGS_FOR, files first. Published packs are
    whole PDFs of their own and never need their pieces again."""
    cutoff = (now or timezone.now()) - KEEP_RENDERINGS_FOR
    pruned = 0
    for rendering in PaperRendering.objects.filter(used_at__lt=cutoff).iterator():
        rendering.pdf.delete(save=False)
        rendering.delete()
        pruned += 1
    return pruned


def pack_claim(pack_id: int) -> AgendaPack | None:
    """Take a queued pack for rendering; None when another run has it (or it is not queued)."""
    if not AgendaPack.claim(pack_id):
        return None
    return AgendaPack.objects.select_related("meeting__board", "meeting__organisation").get(
        pk=pack_id
    )


def _contents(pack: AgendaPack) -> set[int] | None:
    """The items a supplement carries (None for the pack itself: everything)."""
    if not pack.supplement:
        return None
    only = late_items(meeting=pack.meeting, kind=pack.kind)
    if not only:
        raise NothingLate("Every paper on the agenda is already in the pack or a supplement.")
    return only


def pack_pending_pieces(pack: AgendaPack) -> list[tuple[int, int, str]]:
    """The pieces (papers, report appendices) not yet rendered, as (agenda item id, index of
    the piece in the item, key), the longest HTML first so the worker's processes finish
    together rather than one waiting on the last long paper."""
    try:
        entries = pack_entries(meeting=pack.meeting, kind=pack.kind, only=_contents(pack))
    except Exception:
        return []  # pack_finish meets the same problem and records it
    pieces = [
        (len(source.html), entry.item_id, index, piece_key(source.html))
        for entry in entries
        for index, source in enumerate(entry.sources)
        if source.upload is None
    ]
    missing = missing_renderings(pack.organisation, [key for *_, key in pieces])
    pieces.sort(key=lambda piece: -piece[0])
    return [(item, index, key) for _size, item, index, key in pieces if key in missing]


def pack_pieces_planned(pack: AgendaPack, count: int) -> None:
    """Record how many pieces this render has to make (the status page counts them down)."""
    AgendaPack.objects.filter(pk=pack.pk, state=AgendaPack.State.RENDERING).update(
        pieces_total=count, pieces_done=0, rendering_now=[]
    )


def _rendering_now(pack_id: int, change) -> None:
    """Change the list of pieces being rendered, the row locked for the moment it takes: the
    pieces run in parallel, and a list cannot be changed by one conditional update."""
    with transaction.atomic():
        row = (
            AgendaPack.objects.select_for_update()
            .filter(pk=pack_id, state=AgendaPack.State.RENDERING)
            .values_list("rendering_now", flat=True)
            .first()
        )
        if row is not None:
            AgendaPack.objects.filter(pk=pack_id).update(rendering_now=change(list(row or [])))


def pack_piece_started(pack_id: int, name: str) -> None:
    _rendering_now(pack_id, lambda names: [*names, name])


def pack_piece_done(pack_id: int, name: str) -> None:
    """One piece rendered: counted by a conditional update (only while the pack renders,
    never past the total), so parallel pieces never lose each other's count."""
    AgendaPack.objects.filter(
        pk=pack_id, state=AgendaPack.State.RENDERING, pieces_done__lt=F("pieces_total")
    ).update(pieces_done=F("pieces_done") + 1)

    def without(names):
        if name in names:
            names.remove(name)
        return names

    _rendering_now(pack_id, without)


def pack_render_piece(pack_id: int, item_id: int, index: int, key: str) -> str | None:
    """Render one piece of a pack that is rendering (a chord member): only that agenda
    item's paper is built, not the whole pack's."""
    pack = AgendaPack.objects.select_related("meeting__board", "meeting__organisation").get(
        pk=pack_id
    )
    if pack.state != AgendaPack.State.RENDERING:
        return None
    entries = pack_entries(meeting=pack.meeting, kind=pack.kind, only={item_id})
    sources = entries[0].sources if entries else []
    if index >= len(sources) or sources[index].upload is not None:
        pack_piece_done(pack_id, "")  # the agenda changed meanwhile: pack_finish renders it
        return None
    source = sources[index]
    label = _progress_label(entries[0], source)
    pack_piece_started(pack_id, label)
    try:
        rendering_for(pack.organisation, source.html, name=source.name)
    finally:
        pack_piece_done(pack_id, label)
    return piece_key(source.html) if piece_key(source.html) == key else None


def _progress_label(entry, source) -> str:
    """e.g. 'Item 6: the paper "Bright Spots survey"', as the status page names a piece."""
    name = source.name[0].lower() + source.name[1:] if source.name else "a paper"
    return f"Item {entry.number}: {name}" if entry.number else name[0].upper() + name[1:]


def last_publish(meeting: Meeting, *, exclude=None) -> AgendaPack | None:
    """The pack of this meeting made most recently (any kind), for how long it took."""
    packs = AgendaPack.objects.filter(
        meeting=meeting, state__in=AgendaPack.DOWNLOADABLE_STATES, finished_at__isnull=False
    )
    if exclude is not None:
        packs = packs.exclude(pk=exclude.pk)
    return packs.order_by("-finished_at", "-pk").first()


def previous_edition(pack: AgendaPack) -> AgendaPack | None:
    """The last edition of this pack that was published before `pack` (ready or superseded)."""
    return (
        AgendaPack.objects.filter(
            meeting_id=pack.meeting_id,
            kind=pack.kind,
            supplement=0,
            edition__lt=pack.edition,
            state__in=AgendaPack.DOWNLOADABLE_STATES,
        )
        .order_by("-edition")
        .first()
    )


def pack_render(pack_id: int) -> AgendaPack | None:
    """Claim and render a queued pack in this process."""
    pack = pack_claim(pack_id)
    return pack_finish(pack) if pack is not None else None


def pack_finish(pack: AgendaPack) -> AgendaPack:
    """Render what is missing, assemble and publish a claimed pack, superseding the old
    edition only now that the new one is complete."""
    try:
        rendered = render_pack_pdf(
            meeting=pack.meeting,
            kind=pack.kind,
            supplement=pack.supplement,
            only=_contents(pack),
            previous=None if pack.supplement else previous_edition(pack),
            edition=pack.edition,
        )
        name = f"agenda-pack-{pack.meeting_id}-{pack.kind}-{pack.supplement}-{pack.edition}.pdf"
        with transaction.atomic():
            # A new edition of the pack carries every paper: it replaces the old edition and
            # the supplements issued with it. A supplement replaces nothing.
            if not pack.supplement:
                earlier = current_packs(meeting=pack.meeting, kind=pack.kind).exclude(pk=pack.pk)
                for old in earlier:
                    old.state = AgendaPack.State.SUPERSEDED
                    old.save(update_fields=["state"])
            pack.page_count = rendered.page_count
            pack.items = rendered.items
            pack.untagged = rendered.untagged
            pack.versions = rendered.versions
            pack.revisions = rendered.revisions
            pack.front_pages = rendered.front_pages
            pack.unreadable_appendix = None
            pack.finish(
                rendered.pdf,
                name,
                also=(
                    "page_count",
                    "items",
                    "untagged",
                    "versions",
                    "revisions",
                    "front_pages",
                    "unreadable_appendix",
                ),
            )
            pack_papers_keep(pack=pack, papers=rendered.papers)
    except Exception as exc:
        pack.unreadable_appendix_id = getattr(exc, "appendix_id", None)
        pack.fail(exc, also=("unreadable_appendix",))
        if isinstance(exc, (NothingLate, PackAssemblyError)):
            return pack  # a reason for the clerk, not a fault in the worker
        raise
    # After the pack is safely published, in a task of its own: a mail failure shows in the
    # worker's log (and is retried there) but never delays or takes the pack back.
    from boards.papers.tasks import notify_pack_published

    transaction.on_commit(lambda: notify_pack_published.delay(pack.pk))
    return pack


def pack_recipients(*, pack: AgendaPack) -> list:
    """Board members with an account whose term covers the meeting; for the members' pack,
    only those who may read its exempt papers."""
    meeting = pack.meeting
    on = timezone.localtime(meeting.starts_at).date()
    terms = (
        BoardMember.objects.filter(board=meeting.board, user__isnull=False, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("user")
    )
    memberships = {
        m.user_id: m
        for m in Membership.objects.for_organisation(meeting.organisation)
        .active()
        .filter(user_id__in=[t.user_id for t in terms])
    }
    recipients = []
    for term in terms:
        membership = memberships.get(term.user_id)
        if membership is None or term.user in recipients:
            continue
        if not may_read_pack(membership, pack):
            continue
        recipients.append(term.user)
    return recipients


def pack_notify_members(*, pack: AgendaPack) -> int:
    """Email the board's members that the pack is published (or re-issued)."""
    link = settings.SITE_URL.rstrip("/") + reverse("boards:meeting", args=[pack.meeting_id])
    context = {"pack": pack, "meeting": pack.meeting, "link": link}
    subject = subject_line(render_to_string("papers/emails/pack_published_subject.txt", context))
    body = render_to_string("papers/emails/pack_published.txt", context)
    messages = [(subject, body, None, [user.email]) for user in pack_recipients(pack=pack)]
    return send_mass_mail(messages, fail_silently=False) if messages else 0

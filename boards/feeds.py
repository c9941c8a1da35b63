"""Atom feed of newly published papers: an entry per published agenda and per published minutes.

Entries carry the board, the date and a link to the public meeting page, never an agenda
item: the feed cannot leak an exempt item because it names none.

Everything here is text. Atom titles are text; Django writes every summary as
`<summary type="html">`, which a feed reader renders as HTML, so the summary is HTML-escaped
here (the XML writer then escapes it once more, as XML): a board named `<script>` reads as
those characters, never as markup.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from corporate_parenting.dates import local

from .public_records import minutes_public, public_meetings

FEED_LENGTH = 50
# Atom ids must be URIs: tag URIs (RFC 4151), stable per paper.
TAG = "tag:corporate-parenting,2025:"


@dataclass(frozen=True)
class Paper:
    kind: str  # "agenda" or "minutes"
    title: str
    description: str
    link: str
    published: datetime
    guid: str


def _when(meeting):
    return f"{local(meeting.starts_at):%-d %B %Y}"


def papers(organisation):
    """Published agendas and minutes of the organisation, newest first."""
    rows = []
    slug = organisation.slug
    for meeting in public_meetings(organisation):
        link = reverse("boards_public:meeting", args=[slug, meeting.pk])
        cancelled = " (cancelled)" if meeting.status == meeting.Status.CANCELLED else ""
        if meeting.agenda_published_at:
            rows.append(
                Paper(
                    kind="agenda",
                    title=f"Agenda: {meeting.board.name}, {_when(meeting)}{cancelled}",
                    description=(
                        f"The agenda for the meeting of the {meeting.board.name} on "
                        f"{_when(meeting)} is published."
                    ),
                    link=f"{link}#agenda",
                    published=meeting.agenda_published_at,
                    guid=f"{TAG}{slug}/agenda/{meeting.pk}",
                )
            )
        if minutes_public(meeting):
            approved = meeting.status == meeting.Status.MINUTES_APPROVED
            rows.append(
                Paper(
                    kind="minutes",
                    title=(
                        f"{'Minutes' if approved else 'Draft minutes'}: "
                        f"{meeting.board.name}, {_when(meeting)}"
                    ),
                    description=(
                        f"The {'approved' if approved else 'draft'} minutes of the meeting of "
                        f"the {meeting.board.name} on {_when(meeting)} are published."
                    ),
                    link=f"{link}#minutes",
                    published=meeting.minutes_published_at,
                    guid=f"{TAG}{slug}/minutes/{meeting.pk}",
                )
            )
    rows.sort(key=lambda paper: paper.published, reverse=True)
    return rows[:FEED_LENGTH]


class PapersFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, organisation):
        return organisation

    def title(self, organisation):
        return f"{organisation}: board papers"

    def subtitle(self, organisation):
        return "Newly published agendas and minutes of the board meetings."

    def link(self, organisation):
        return reverse("boards_public:meetings", args=[organisation.slug])

    def feed_url(self, organisation):
        return reverse("boards_public:feed", args=[organisation.slug])

    def feed_guid(self, organisation):
        return f"{TAG}{organisation.slug}/papers"

    def items(self, organisation):
        return papers(organisation)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The summary's type is "html": the text goes in escaped, so it stays text.
        return escape(item.description)

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.published

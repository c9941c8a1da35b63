"""The demo pledge: Hampshire's 2020 pledge from seed 003, with fictional progress."""

from datetime import date, time

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from corporate_parenting.models import Organisation
from pledges import reminders
from pledges.models import (
    Commitment,
    CommitmentAction,
    PledgeSettings,
    PledgeVersion,
    ProgressUpdate,
    Status,
    Theme,
)
from pledges.selectors import adopted_version, pledge_summary
from pledges.services import version_diff

pytestmark = pytest.mark.django_db

SEED_THEMES = [
    ("Moving On", "We will support you to", 5),
    ("Your Health and Wellbeing", "We will support you to", 3),
    ("Your Voice", "We will", 6),
    ("Your Education Training and Employment", "We will support you to", 4),
    ("Your Future", "We will", 2),
    ("Where you live", "We will", 3),
]

# People named in the seeds (board members in seed 003, report authors, a quote with a name):
# none may appear in demo progress.
SEED_NAMES = [
    "Emma",
    "Ann Briggs",
    "Briggs",
    "Fran Carpenter",
    "Roz Chadd",
    "Chadd",
    "Stephen Philpott",
    "Philpott",
    "Jackie Porter",
    "Patricia Stallard",
    "Stallard",
    "Elaine Still",
    "Robert Taylor",
    "Malcolm Wade",
    "Rachel Walker",
    "Tim Clare",
    "Cheriel",
]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    return Organisation.objects.get(slug="hampshire-demo")


def test_the_adopted_2020_pledge_has_the_seeds_six_themes(demo):
    version = adopted_version(demo)
    assert version.label == "2020"
    assert version.adopted_on == date(2020, 10, 16)
    assert "Full Council" in version.adopted_by
    themes = list(version.themes.all())
    assert [(t.title, t.lead_in, t.commitments.count()) for t in themes] == SEED_THEMES
    wordings = set(Commitment.objects.in_version(version).values_list("wording", flat=True))
    assert "Find somewhere to live" in wordings
    assert "Maintain healthy and happy relationships" in wordings
    assert "Access Health Services – this includes your mental and physical well-being" in wordings  # noqa: RUF001
    assert (
        "Be open and honest about your care especially when changes are happening or where we "
        "can see that they are likely to happen for you" in wordings
    )
    contact = Commitment.objects.in_version(version).get(
        wording="Be contactable through a variety of ways and get back to you within 3 working days"
    )
    assert contact.target == "Reply within 3 working days"
    assert contact.actions.exists()


def test_every_commitment_has_plain_words_and_a_lead(demo):
    version = adopted_version(demo)
    for commitment in Commitment.objects.in_version(version).select_related("theme", "lead"):
        assert commitment.young_people_wording
        assert len(commitment.young_people_wording) <= 80
        expected = "participation@example.org"
        if commitment.theme.title != "Your Voice":
            expected = "officer@example.org"
        assert commitment.lead.email == expected
    housing = Commitment.objects.in_version(version).get(wording="Find somewhere to live")
    assert "District councils" in housing.partner_list
    assert Commitment.objects.in_version(version).exclude(due_date=None).count() >= 3
    assert CommitmentAction.objects.filter(commitment__theme__version=version).count() >= 5
    assert PledgeSettings.for_organisation(demo).update_interval_weeks == 13


def test_versions_have_changes_to_compare(demo):
    old = PledgeVersion.objects.for_organisation(demo).get(label="2017 review")
    current = adopted_version(demo)
    draft = PledgeVersion.objects.for_organisation(demo).get(label="2026 review")
    assert old.state == PledgeVersion.State.SUPERSEDED
    assert old.adopted_on.year == 2017
    assert draft.state == PledgeVersion.State.DRAFT
    assert current.replaces == old and draft.replaces == current

    changes = [d for d in version_diff(old, current) if d.kind != "unchanged"]
    assert sorted(d.kind for d in changes) == ["added", "removed", "reworded"]
    reworded = next(d for d in changes if d.kind == "reworded")
    assert "3 working days" in reworded.new.wording

    draft_changes = [d for d in version_diff(current, draft) if d.kind != "unchanged"]
    assert [d.kind for d in draft_changes] == ["reworded"]
    assert "Family Time" in draft_changes[0].new.wording


def test_progress_history_approved_pending_not_started_and_stale(demo):
    version = adopted_version(demo)
    updates = ProgressUpdate.objects.for_organisation(demo)
    approved = updates.approved()
    assert approved.count() > 200
    assert approved.filter(as_of__year=2021).exists()
    assert {u.status for u in approved} == {
        Status.ON_TRACK,
        Status.AT_RISK,
        Status.OFF_TRACK,
        Status.ACHIEVED,
    }
    assert set(approved.values_list("reviewed_by__email", flat=True)) == {"admin@example.org"}
    for update in approved.order_by("?")[:20]:
        local = timezone.localtime(update.approved_at)
        assert local.date() == update.as_of and local.time() == time(10)
        assert update.narrative and update.public_summary

    submitted = updates.filter(state=ProgressUpdate.State.SUBMITTED)
    assert submitted.count() == 2
    assert {u.author.email for u in submitted} == {"officer@example.org"}
    assert updates.filter(state=ProgressUpdate.State.DRAFT).count() == 1

    summary = pledge_summary(version)
    not_started = [r for r in summary.rows if r.status == Status.NOT_STARTED]
    stale_with_history = [r for r in summary.stale if r.latest is not None]
    assert 2 <= len(not_started) <= 3
    assert 2 <= len(stale_with_history) <= 3
    assert any(r.status == Status.OFF_TRACK for r in summary.rows)
    assert summary.status == Status.OFF_TRACK
    # "Reply within 3 working days": at risk first, on track now.
    contact = next(r for r in summary.rows if r.commitment.target)
    statuses = list(
        approved.filter(commitment=contact.commitment)
        .order_by("as_of")
        .values_list("status", flat=True)
    )
    assert statuses[0] == Status.AT_RISK and statuses[-1] == Status.ON_TRACK
    assert "within 3 working days this quarter" in contact.latest.narrative


def test_no_seed_person_is_named(demo):
    texts = []
    for commitment in Commitment.objects.for_organisation(demo):
        texts += [commitment.wording, commitment.young_people_wording]
    for update in ProgressUpdate.objects.for_organisation(demo):
        texts += [update.narrative, update.public_summary]
    for action in CommitmentAction.objects.for_organisation(demo):
        texts += [action.description, action.owner, action.expected_outcome]
    for text in texts:
        for name in SEED_NAMES:
            assert name not in text, (name, text)
        # Nor any demo user: progress is about services, not people.
        for name in ("Grace", "Bennett", "Priya", "Okafor", "Walker"):
            assert name not in text, (name, text)


def test_demo_stale_commitments_remind_their_leads(demo):
    assert reminders.send_due_reminders() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "officer@example.org",
        "participation@example.org",
    ]


def test_loading_twice_changes_nothing(demo, settings):
    models = [PledgeVersion, Theme, Commitment, CommitmentAction, ProgressUpdate, PledgeSettings]

    def counts():
        return [m.objects.for_organisation(demo).count() for m in models]

    before = counts()
    call_command("load_demo")
    assert counts() == before


def test_the_contact_promise_is_tracked_by_its_actions(demo):
    """Its two actions have approved progress, so its status is theirs (status.RULES), and
    every demo action says which other plan it links to."""
    version = adopted_version(demo)
    rows = {row.commitment.wording: row for row in pledge_summary(version).rows}
    contact = next(row for wording, row in rows.items() if "3 working days" in wording)
    assert [a.status for a in contact.actions] == [Status.ACHIEVED, Status.ON_TRACK]
    assert contact.by_actions and contact.status == Status.ON_TRACK
    assert str(contact.coverage) == "All 2 actions have progress"
    actions = CommitmentAction.objects.filter(commitment__theme__version=version)
    assert actions.exists() and not actions.filter(links="").exists()

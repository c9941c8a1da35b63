from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pledges import selectors, services
from pledges.models import Commitment, PledgeVersion, ProgressUpdate, Status, Theme
from pledges.status import combine

from ..access import client_for
from ..edit_guard import loaded
from ..factories import (
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


# The derived status rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], Status.NOT_STARTED),
        ([Status.NOT_STARTED, Status.NOT_STARTED], Status.NOT_STARTED),
        ([Status.ACHIEVED, Status.ACHIEVED], Status.ACHIEVED),
        # Not started counts against a roll-up: nobody can say the rest is on track.
        ([Status.ACHIEVED, Status.NOT_STARTED], Status.AT_RISK),
        ([Status.ON_TRACK] * 2 + [Status.NOT_STARTED] * 8, Status.AT_RISK),
        ([Status.ON_TRACK, Status.ACHIEVED], Status.ON_TRACK),
        ([Status.ON_TRACK, Status.AT_RISK, Status.ACHIEVED], Status.AT_RISK),
        ([Status.AT_RISK, Status.OFF_TRACK], Status.OFF_TRACK),
        ([Status.ACHIEVED] * 9 + [Status.OFF_TRACK], Status.OFF_TRACK),
    ],
)
def test_a_group_takes_the_worst_status_of_its_promises(statuses, expected):
    assert combine(statuses) == expected


def test_a_commitment_with_no_approved_update_counts_as_not_started(world):
    version = PledgeVersionFactory(organisation=world.organisation, adopted=True)
    quiet = CommitmentFactory(theme=ThemeFactory(version=version))
    ProgressUpdateFactory(
        commitment=quiet, status=Status.OFF_TRACK, state=ProgressUpdate.State.SUBMITTED
    )
    summary = selectors.pledge_summary(version)
    assert summary.rows[0].status == Status.NOT_STARTED
    assert summary.themes[0].status == Status.NOT_STARTED


def test_the_latest_approved_update_by_date_decides(world):
    commitment = CommitmentFactory(
        theme=ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
    )
    today = timezone.localdate()
    ProgressUpdateFactory(commitment=commitment, status=Status.ON_TRACK, as_of=today)
    # Approved later, but about an earlier date: it does not overrule the newer news.
    ProgressUpdateFactory(
        commitment=commitment, status=Status.OFF_TRACK, as_of=today - timedelta(days=90)
    )
    row = selectors.pledge_summary(commitment.theme.version).rows[0]
    assert row.status == Status.ON_TRACK


def test_a_theme_follows_from_its_commitments(world):
    theme = ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
    on, late, _quiet = CommitmentFactory.create_batch(3, theme=theme)
    ProgressUpdateFactory(commitment=on, status=Status.ON_TRACK)
    ProgressUpdateFactory(commitment=late, status=Status.AT_RISK)
    summary = selectors.pledge_summary(theme.version)
    assert summary.themes[0].status == Status.AT_RISK
    assert dict(summary.themes[0].counts)[Status.NOT_STARTED] == 1


def test_the_rules_are_shown_on_the_commitment_page_as_words(world):
    commitment = CommitmentFactory(
        theme=ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
    )
    body = client_for(world.councillor).get(commitment.get_absolute_url()).content.decode()
    assert 'data-status="not_started">Not started<' in body
    assert "counts as not started" in body


# Versions ----------------------------------------------------------------------------------


def test_an_officer_builds_a_draft_pledge(world):
    client = client_for(world.officer)
    response = client.post(
        reverse("pledges:version_create"),
        {"title": "Our Pledge", "label": "2026 review", "state": "consultation"},
    )
    version = PledgeVersion.objects.get(label="2026 review")
    assert response.url == version.get_absolute_url()
    client.post(
        reverse("pledges:theme_create", args=[version.pk]),
        {"title": "Your Voice", "lead_in": "We will", "position": 1},
    )
    theme = Theme.objects.get(version=version)
    response = client.post(
        reverse("pledges:commitment_create", args=[theme.pk]),
        {
            "wording": "Get back to you within 3 working days",
            "young_people_wording": "Reply to you within 3 days",
            "lead": world.officer.pk,
            "partners": "Health, Police",
            "target": "Reply within 3 working days",
            "position": 1,
        },
    )
    commitment = Commitment.objects.get(theme=theme)
    assert commitment.partner_list == ["Health", "Police"]
    assert commitment.lead == world.officer
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Get back to you within 3 working days" in page


def test_a_lead_must_be_a_member_of_the_organisation(world):
    theme = ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
    outsider = world.outsiders[world.officer.memberships.get().role]
    response = client_for(world.officer).post(
        reverse("pledges:commitment_create", args=[theme.pk]),
        {"wording": "We will", "lead": outsider.pk, "position": 1},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Commitment.objects.exists()


def test_an_empty_promise_is_refused_and_the_rest_kept(world):
    theme = ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
    response = client_for(world.officer).post(
        reverse("pledges:commitment_create", args=[theme.pk]),
        {"wording": "", "target": "Reply within 3 days", "position": 1},
    )
    body = response.content.decode()
    assert "Enter the promise" in body
    assert 'value="Reply within 3 days"' in body


def test_adopting_a_version_supersedes_the_adopted_one(world):
    old = CommitmentFactory(
        theme=ThemeFactory(
            version=PledgeVersionFactory(organisation=world.organisation, adopted=True)
        )
    ).theme.version
    new = services.version_copy(version=old, label="2026 review")
    response = client_for(world.officer).post(
        reverse("pledges:version_adopt", args=[new.pk]),
        {"adopted_on": "2026-10-16", "adopted_by": "Full Council", "review_date": "2029-10-16"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.state, new.state) == (PledgeVersion.State.SUPERSEDED, PledgeVersion.State.ADOPTED)
    assert (new.adopted_on, new.adopted_by) == (date(2026, 10, 16), "Full Council")
    assert new.replaces == old


def test_an_empty_version_cannot_be_adopted(world):
    version = PledgeVersionFactory(organisation=world.organisation)
    response = client_for(world.officer).post(
        reverse("pledges:version_adopt", args=[version.pk]),
        {"adopted_on": "2026-10-16", "adopted_by": "Full Council"},
    )
    assert "needs at least one promise" in response.content.decode()
    version.refresh_from_db()
    assert version.state == PledgeVersion.State.DRAFT


def test_a_review_date_before_adoption_is_refused(world):
    version = CommitmentFactory(
        theme=ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
    ).theme.version
    response = client_for(world.officer).post(
        reverse("pledges:version_adopt", args=[version.pk]),
        {"adopted_on": "2026-10-16", "adopted_by": "Full Council", "review_date": "2026-01-01"},
    )
    assert "must be after the adoption date" in response.content.decode()


def test_the_wording_of_an_adopted_pledge_is_frozen(world):
    commitment = CommitmentFactory(
        theme=ThemeFactory(
            version=PledgeVersionFactory(organisation=world.organisation, adopted=True)
        )
    )
    client = client_for(world.officer)
    assert client.get(reverse("pledges:commitment_update", args=[commitment.pk])).status_code == 403
    assert (
        client.post(reverse("pledges:theme_delete", args=[commitment.theme.pk])).status_code == 403
    )


def test_a_copy_keeps_everything_and_the_original_is_untouched(world):
    commitment = CommitmentFactory(
        theme=ThemeFactory(
            version=PledgeVersionFactory(organisation=world.organisation, adopted=True)
        ),
        lead=world.officer,
        target="Reply within 3 working days",
    )
    copy = services.version_copy(version=commitment.theme.version, label="Next")
    copied = Commitment.objects.in_version(copy).get()
    assert (copied.wording, copied.lead, copied.target, copied.lineage) == (
        commitment.wording,
        world.officer,
        "Reply within 3 working days",
        commitment.lineage,
    )
    assert copied.pk != commitment.pk
    assert copy.state == PledgeVersion.State.DRAFT


def test_the_difference_between_versions(world):
    old = PledgeVersionFactory(organisation=world.organisation, adopted=True)
    voice = ThemeFactory(version=old, title="Your Voice")
    home = ThemeFactory(version=old, title="Where you live")
    kept = CommitmentFactory(theme=voice, wording="Make time to talk one to one")
    reword = CommitmentFactory(theme=voice, wording="Reply within 5 days")
    move = CommitmentFactory(theme=voice, wording="Help you move smoothly")
    drop = CommitmentFactory(theme=home, wording="Tell you about your rights")
    new = services.version_copy(version=old, label="New")
    in_new = {c.lineage: c for c in Commitment.objects.in_version(new)}
    in_new[reword.lineage].wording = "Reply within 3 working days"
    in_new[reword.lineage].save()
    in_new[move.lineage].theme = Theme.objects.get(version=new, title="Where you live")
    in_new[move.lineage].save()
    in_new[drop.lineage].delete()
    CommitmentFactory(theme=Theme.objects.get(version=new, title="Your Voice"), wording="Listen")

    kinds = {(d.kind, (d.new or d.old).wording) for d in services.version_diff(old, new)}
    assert kinds == {
        ("unchanged", kept.wording),
        ("reworded", "Reply within 3 working days"),
        ("moved", "Help you move smoothly"),
        ("removed", "Tell you about your rights"),
        ("added", "Listen"),
    }
    page = client_for(world.councillor).get(reverse("pledges:version_compare", args=[new.pk]))
    body = page.content.decode()
    assert "4 changes, 1 promise unchanged" in body
    assert "Reply within 5 days" in body and "Reply within 3 working days" in body


def test_comparing_with_another_councils_version_is_a_404(world):
    mine = PledgeVersionFactory(organisation=world.organisation)
    theirs = PledgeVersionFactory(organisation=world.other_organisation)
    response = client_for(world.councillor).get(
        reverse("pledges:version_compare", args=[mine.pk]), {"with": theirs.pk}
    )
    assert response.status_code == 404


# Progress and approval ------------------------------------------------------------------------


@pytest.fixture
def commitment(world):
    return CommitmentFactory(
        theme=ThemeFactory(
            version=PledgeVersionFactory(organisation=world.organisation, adopted=True)
        ),
        lead=world.officer,
    )


def record(client, commitment, send=True, **extra):
    data = {
        "as_of": "2026-11-01",
        "status": "at_risk",
        "narrative": "Replies within 3 days fell to 71% (fictional).",
        "public_summary": "We are answering faster but not fast enough yet.",
        **extra,
    }
    if send:
        data["send"] = "Save and send for approval"
    return client.post(reverse("pledges:update_create", args=[commitment.pk]), data)


def test_progress_is_published_only_after_someone_else_approves_it(world, commitment):
    officer = client_for(world.officer)
    record(officer, commitment)
    update = ProgressUpdate.objects.get()
    assert update.state == ProgressUpdate.State.SUBMITTED
    assert selectors.pledge_summary(commitment.theme.version).rows[0].status == Status.NOT_STARTED

    own = officer.post(reverse("pledges:update_approve", args=[update.pk]), follow=True)
    assert "Someone else must approve your own update" in own.content.decode()

    client_for(world.administrator).post(reverse("pledges:update_approve", args=[update.pk]))
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.APPROVED
    assert update.reviewed_by == world.administrator
    assert selectors.pledge_summary(commitment.theme.version).rows[0].status == Status.AT_RISK


def test_a_draft_is_kept_until_sent(world, commitment):
    officer = client_for(world.officer)
    record(officer, commitment, send=False)
    update = ProgressUpdate.objects.get()
    assert update.state == ProgressUpdate.State.DRAFT
    officer.post(reverse("pledges:update_submit", args=[update.pk]))
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.SUBMITTED


def test_an_approver_asks_for_changes_and_the_author_resubmits(world, commitment):
    record(client_for(world.officer), commitment)
    update = ProgressUpdate.objects.get()
    admin = client_for(world.administrator)
    empty = admin.post(
        reverse("pledges:update_request_changes", args=[update.pk]), {"note": ""}, follow=True
    )
    assert "Say what needs to change" in empty.content.decode()
    admin.post(
        reverse("pledges:update_request_changes", args=[update.pk]), {"note": "Add the figures."}
    )
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.CHANGES_REQUESTED
    page = client_for(world.officer).get(reverse("pledges:update_edit", args=[update.pk]))
    assert "Add the figures." in page.content.decode()
    officer = client_for(world.officer)
    url = reverse("pledges:update_edit", args=[update.pk])
    officer.post(
        url,
        {
            **loaded(officer, url),
            "as_of": "2026-11-01",
            "status": "at_risk",
            "narrative": "Now with figures.",
            "send": "1",
        },
    )
    update.refresh_from_db()
    assert (update.state, update.narrative) == (ProgressUpdate.State.SUBMITTED, "Now with figures.")


def test_an_approved_update_cannot_be_edited(world, commitment):
    update = ProgressUpdateFactory(commitment=commitment, author=world.officer)
    response = client_for(world.officer).post(
        reverse("pledges:update_edit", args=[update.pk]),
        {"as_of": "2026-11-01", "status": "achieved", "narrative": "Rewritten history"},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.narrative != "Rewritten history"


def test_evidence_is_kept_with_the_update(world, commitment):
    record(
        client_for(world.officer),
        commitment,
        evidence_title="Quarterly contact figures",
        evidence_url="https://intranet.example.org/figures",
    )
    evidence = ProgressUpdate.objects.get().evidence.get()
    assert (evidence.title, evidence.url) == (
        "Quarterly contact figures",
        "https://intranet.example.org/figures",
    )


def test_evidence_without_a_title_or_a_link_gets_a_message(world, commitment):
    response = record(client_for(world.officer), commitment, evidence_title="Figures")
    assert "Enter a web address or choose a file" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_progress_is_recorded_against_the_adopted_pledge_only(world):
    draft = CommitmentFactory(
        theme=ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
    )
    assert record(client_for(world.officer), draft).status_code == 403


def test_the_co_opted_member_sees_plain_words_and_no_narrative(world, commitment):
    ProgressUpdateFactory(
        commitment=commitment, narrative="Internal narrative", public_summary="Plain summary"
    )
    ProgressUpdateFactory(
        commitment=commitment,
        state=ProgressUpdate.State.SUBMITTED,
        approved_at=None,
        narrative="Unapproved words",
    )
    body = client_for(world.young_member).get(commitment.get_absolute_url()).content.decode()
    assert commitment.young_people_wording in body
    assert "Plain summary" in body
    assert "Internal narrative" not in body
    assert "Unapproved words" not in body
    assert world.officer.full_name not in body


def test_the_councillor_sees_the_approved_history_but_not_pending_updates(world, commitment):
    ProgressUpdateFactory(commitment=commitment, narrative="Approved narrative")
    ProgressUpdateFactory(
        commitment=commitment, state=ProgressUpdate.State.DRAFT, approved_at=None, narrative="Draft"
    )
    body = client_for(world.councillor).get(commitment.get_absolute_url()).content.decode()
    assert "Approved narrative" in body
    assert "Draft" not in body


def test_the_approval_queue_lists_submitted_updates_of_this_council_only(world, commitment):
    record(client_for(world.officer), commitment)
    elsewhere = CommitmentFactory(
        theme=ThemeFactory(version=PledgeVersionFactory(organisation=world.other_organisation))
    )
    ProgressUpdateFactory(
        commitment=elsewhere, state=ProgressUpdate.State.SUBMITTED, narrative="Elsewhere's news"
    )
    body = client_for(world.administrator).get(reverse("pledges:approvals")).content.decode()
    assert "Replies within 3 days fell" in body
    assert "Elsewhere's news" not in body


def test_my_promises_shows_what_needs_an_update(world, commitment):
    Commitment.objects.filter(pk=commitment.pk).update(created=timezone.now() - timedelta(weeks=30))
    body = client_for(world.officer).get(reverse("pledges:mine")).content.decode()
    assert commitment.wording in body
    assert "Update due" in body


def test_date_fields_are_filled_in_the_format_browsers_need(world, commitment):
    """A date input shows nothing unless its value is YYYY-MM-DD."""
    page = client_for(world.officer).get(reverse("pledges:update_create", args=[commitment.pk]))
    today = timezone.localdate().isoformat()
    assert f'value="{today}"' in page.content.decode()


def test_a_pledge_manager_sets_how_often_progress_is_due(world, commitment):
    client = client_for(world.officer)
    url = reverse("pledges:settings")
    bad = client.post(url, {**loaded(client, url), "update_interval_weeks": "0"})
    assert "Enter the number of weeks as a whole number from 1 to 52" in bad.content.decode()
    client.post(url, {**loaded(client, url), "update_interval_weeks": "4"})
    Commitment.objects.filter(pk=commitment.pk).update(created=timezone.now() - timedelta(weeks=5))
    summary = selectors.pledge_summary(commitment.theme.version)
    assert summary.interval_weeks == 4
    assert summary.rows[0].is_stale


def test_a_public_page_view_writes_nothing(world, client):
    """Settings are read with their defaults until saved: a visitor's GET never writes."""
    from pledges.models import PledgeSettings

    PledgeVersionFactory(organisation=world.organisation, adopted=True)
    client.get(reverse("pledges_public:pledge", args=[world.organisation.slug]))
    assert not PledgeSettings.objects.exists()

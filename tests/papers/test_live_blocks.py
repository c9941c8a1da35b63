"""Live data blocks: current pledge figures in a report, frozen when it is published."""

import datetime

from django.utils import timezone

from boards.papers.live_blocks import (
    UNAVAILABLE,
    freeze_live_blocks,
    placeholder,
    render_live_blocks,
)
from pledges import services
from pledges.models import ProgressUpdate, Status

from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)


def _pledge(organisation):
    version = PledgeVersionFactory(organisation=organisation, adopted=True)
    voice = ThemeFactory(version=version, title="Your Voice", position=1)
    home = ThemeFactory(version=version, title="Where you live", position=2)
    listen = CommitmentFactory(theme=voice, wording="We will get back to you within 3 days")
    move = CommitmentFactory(theme=home, wording="We will tell you before you move")
    ProgressUpdateFactory(
        commitment=listen, status=Status.ON_TRACK, as_of=datetime.date(2026, 1, 12)
    )
    return version, voice, home, listen, move


def test_the_whole_pledge_table_shows_each_promise_with_its_current_status(db, world):
    _pledge(world.organisation)
    html = f"<p>Progress:</p>{placeholder(theme='all')}"

    rendered = render_live_blocks(html, organisation=world.organisation)

    assert "data-live-block=" not in rendered
    assert "<p>Progress:</p>" in rendered
    assert "Pledge progress: Our Pledge to children in care and care leavers" in rendered
    assert "We will get back to you within 3 days" in rendered
    assert "On track" in rendered and "12 January 2026" in rendered
    assert "We will tell you before you move" in rendered
    assert "Not started" in rendered and "No update yet" in rendered
    assert '<th scope="col" class="govuk-table__header">Status</th>' in rendered
    assert "Figures as at" not in rendered  # live, not frozen


def test_the_table_gives_numbers_and_the_coverage_beside_a_rolled_up_status(db, world):
    """A promise whose status comes from its actions says how many of them have progress; a
    numbered version says "Pledge 2"; a withdrawn promise says so, not a status."""
    version, _voice, _home, listen, move = _pledge(world.organisation)
    version.numbered = True
    version.save()
    first, _second = (
        CommitmentActionFactory(commitment=move, description="Tell the child in writing"),
        CommitmentActionFactory(commitment=move, description="Visit before the move"),
    )
    ProgressUpdateFactory(
        commitment=move, action=first, status=Status.ON_TRACK, as_of=datetime.date(2026, 2, 3)
    )
    services.commitment_withdraw(commitment=listen, reason="Merged", by=world.officer)

    rendered = render_live_blocks(placeholder(theme="all"), organisation=world.organisation)

    assert "Pledge 1: We will get back to you within 3 days" in rendered
    assert "Pledge 2: We will tell you before you move" in rendered
    assert "At risk (1 of 2 actions have progress)" in rendered
    assert "3 February 2026" in rendered  # its newest update is its action's
    assert "<td>Withdrawn</td>" in rendered
    assert "On track" not in rendered  # the withdrawn promise's old status is not shown


def test_a_theme_table_shows_only_that_theme(db, world):
    _, voice, _, _, _ = _pledge(world.organisation)

    rendered = render_live_blocks(placeholder(theme=str(voice.pk)), organisation=world.organisation)

    assert "Pledge progress: Your Voice" in rendered
    assert "We will get back to you within 3 days" in rendered
    assert "We will tell you before you move" not in rendered


def test_the_figures_follow_each_new_approved_update(db, world):
    _, _, _, listen, _ = _pledge(world.organisation)
    html = placeholder(theme="all")
    ProgressUpdateFactory(
        commitment=listen, status=Status.OFF_TRACK, as_of=datetime.date(2026, 2, 20)
    )

    rendered = render_live_blocks(html, organisation=world.organisation)

    assert "Off track" in rendered and "20 February 2026" in rendered


def test_frozen_figures_do_not_change_after_a_new_progress_update(db, world):
    _, _, _, listen, _ = _pledge(world.organisation)
    frozen = freeze_live_blocks(
        f"<p>Before.</p>{placeholder(theme='all')}",
        organisation=world.organisation,
        today=datetime.date(2026, 3, 1),
    )
    ProgressUpdateFactory(
        commitment=listen, status=Status.OFF_TRACK, as_of=datetime.date(2026, 3, 5)
    )

    assert "Figures as at 1 March 2026." in frozen
    assert "On track" in frozen and "Off track" not in frozen
    # Nothing is left to fill in: showing it again changes nothing.
    assert render_live_blocks(frozen, organisation=world.organisation) == frozen
    assert "Off track" in render_live_blocks(placeholder(), organisation=world.organisation)


def test_another_organisations_theme_shows_nothing_of_theirs(db, world):
    _pledge(world.organisation)
    _, their_theme, _, _, _ = _pledge(world.other_organisation)
    their_theme.title = "Their secret theme"
    their_theme.save()
    their_commitment = their_theme.commitments.get()
    their_commitment.wording = "We will keep their promise"
    their_commitment.save()

    rendered = render_live_blocks(
        placeholder(theme=str(their_theme.pk)), organisation=world.organisation
    )

    assert UNAVAILABLE in rendered
    assert "Their secret theme" not in rendered
    assert "We will keep their promise" not in rendered


def test_an_unknown_theme_or_no_adopted_pledge_says_the_data_is_no_longer_available(db, world):
    assert UNAVAILABLE in render_live_blocks(placeholder(), organisation=world.organisation)
    _pledge(world.organisation)
    for theme in ("999999", "not-a-number"):
        html = f'<div data-live-block="pledge-progress" data-theme="{theme}"></div>'
        assert UNAVAILABLE in render_live_blocks(html, organisation=world.organisation)


def test_a_theme_of_an_earlier_pledge_version_shows_the_same_theme_now(db, world):
    old = PledgeVersionFactory(organisation=world.organisation)
    old_theme = ThemeFactory(version=old, title="Your Voice (2010)")
    _, voice, _, _, _ = _pledge(world.organisation)
    voice.lineage = old_theme.lineage
    voice.save()

    rendered = render_live_blocks(
        placeholder(theme=str(old_theme.pk)), organisation=world.organisation
    )

    assert "Pledge progress: Your Voice" in rendered
    assert "We will get back to you within 3 days" in rendered


def test_only_approved_updates_count(db, world):
    _, _, _, _, move = _pledge(world.organisation)
    ProgressUpdateFactory(
        commitment=move,
        status=Status.ACHIEVED,
        state=ProgressUpdate.State.SUBMITTED,
        approved_at=None,
        as_of=timezone.localdate(),
    )

    rendered = render_live_blocks(placeholder(), organisation=world.organisation)

    assert "Achieved" not in rendered

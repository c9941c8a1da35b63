"""Survey results as evidence on a promise's progress (issue 13, point 9): linked from an
update or from the survey result's page, same organisation only, shown with a link to readers
of survey results and as a published sentence (small numbers hidden) to everyone else."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from pledges.models import PledgeVersion, ProgressUpdate
from surveys.models import Instrument, SurveyEvidence

from ..access import client_for
from ..factories import (
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from .factories import FindingFactory, IndicatorFactory, InstrumentFactory, WaveFactory

pytestmark = pytest.mark.django_db

DRAFT, APPROVED = ProgressUpdate.State.DRAFT, ProgressUpdate.State.APPROVED


def _commitment(organisation):
    version = PledgeVersion.objects.for_organisation(organisation).adopted().first()
    version = version or PledgeVersionFactory(organisation=organisation, adopted=True)
    return CommitmentFactory(
        theme=ThemeFactory(version=version),
        wording="We will make sure you feel settled where you live",
        young_people_wording="You will feel settled where you live",
    )


def _wave(organisation, label="2018"):
    instrument = Instrument.objects.filter(
        organisation=organisation, name="Your Life, Your Care"
    ).first() or InstrumentFactory(organisation=organisation, name="Your Life, Your Care")
    return instrument.waves.filter(label=label).first() or WaveFactory(
        instrument=instrument, label=label
    )


def _indicator(organisation, **kwargs):
    values = {"question": "Felt settled where they live", "count": 60, "denominator": 80}
    return IndicatorFactory(wave=_wave(organisation), **(values | kwargs))


def _update(world, state=DRAFT, **kwargs):
    return ProgressUpdateFactory(
        commitment=_commitment(world.organisation),
        state=state,
        approved_at=None if state != APPROVED else kwargs.pop("approved_at", None),
        author=world.officer,
        **kwargs,
    )


def test_an_officer_links_a_survey_result_to_their_draft_update(world):
    update = _update(world)
    indicator = _indicator(world.organisation)
    client = client_for(world.officer)

    page = client.get(reverse("surveys:evidence_add", args=[update.pk]))
    assert page.status_code == 200
    assert "Survey result: Felt settled where they live (Your Life, Your Care, 2018)" in (
        page.content.decode()
    )
    response = client.post(
        reverse("surveys:evidence_add", args=[update.pk]), {"source": f"indicator-{indicator.pk}"}
    )

    assert response.status_code == 302
    assert response.url == update.commitment.get_absolute_url()
    evidence = SurveyEvidence.objects.get()
    assert (evidence.update, evidence.indicator, evidence.finding) == (update, indicator, None)
    assert evidence.organisation == world.organisation
    shown = client.get(update.commitment.get_absolute_url()).content.decode()
    assert "Survey evidence:" in shown
    assert reverse("surveys:indicator", args=[indicator.pk]) in shown  # a link for officers
    assert "Felt settled where they live: 75%" in shown


def test_another_councils_result_is_refused_and_nothing_is_saved(world):
    update = _update(world)
    theirs = _indicator(world.other_organisation)
    their_finding = FindingFactory(wave=_wave(world.other_organisation))
    client = client_for(world.officer)

    for source in (f"indicator-{theirs.pk}", f"finding-{their_finding.pk}", "indicator-x", ""):
        response = client.post(
            reverse("surveys:evidence_add", args=[update.pk]), {"source": source}
        )
        assert response.status_code == 200
        assert "Choose" in response.content.decode()
    page = client.get(reverse("surveys:evidence_add", args=[update.pk])).content.decode()
    assert f"indicator-{theirs.pk}" not in page
    assert not SurveyEvidence.objects.exists()


def test_the_model_refuses_a_mix_of_organisations_and_anything_but_exactly_one_source(world):
    update = _update(world)
    ours, theirs = _indicator(world.organisation), _indicator(world.other_organisation)
    finding = FindingFactory(wave=ours.wave)

    mixed = SurveyEvidence(organisation=world.organisation, update=update, indicator=theirs)
    with pytest.raises(Exception, match="your council"):
        mixed.full_clean()
    for kwargs in ({}, {"indicator": ours, "finding": finding}):
        with pytest.raises(IntegrityError), transaction.atomic():
            SurveyEvidence.objects.create(organisation=world.organisation, update=update, **kwargs)


def test_the_same_result_twice_on_one_update_is_refused(world):
    update = _update(world)
    indicator = _indicator(world.organisation)
    SurveyEvidence.objects.create(
        organisation=world.organisation, update=update, indicator=indicator
    )

    response = client_for(world.officer).post(
        reverse("surveys:evidence_add", args=[update.pk]), {"source": f"indicator-{indicator.pk}"}
    )

    assert "already has that survey evidence" in response.content.decode()
    assert SurveyEvidence.objects.count() == 1


def test_an_approved_updates_evidence_is_fixed(world):
    update = _update(world, state=ProgressUpdate.State.SUBMITTED)
    indicator = _indicator(world.organisation)

    response = client_for(world.officer).post(
        reverse("surveys:evidence_add", args=[update.pk]), {"source": f"indicator-{indicator.pk}"}
    )

    assert response.status_code == 302
    assert not SurveyEvidence.objects.exists()


def test_from_the_indicator_page_use_as_evidence_on_a_promise_both_directions(world):
    update = _update(world)
    indicator = _indicator(world.organisation)
    their_update = ProgressUpdateFactory(
        commitment=_commitment(world.other_organisation), state=DRAFT, approved_at=None
    )
    client = client_for(world.officer)
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "This result is not yet evidence on any promise" in page
    assert reverse("surveys:evidence_from_indicator", args=[indicator.pk]) in page

    url = reverse("surveys:evidence_from_indicator", args=[indicator.pk])
    refused = client.post(url, {"update": their_update.pk})
    assert refused.status_code == 200 and not SurveyEvidence.objects.exists()
    response = client.post(url, {"update": update.pk})

    assert response.status_code == 302
    assert SurveyEvidence.objects.get().update == update
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "We will make sure you feel settled where you live" in page
    assert update.commitment.get_absolute_url() in page


def test_a_finding_with_a_small_count_does_not_say_it(world):
    update = _update(world, state=APPROVED)
    finding = FindingFactory(
        wave=_wave(world.organisation), summary="More time with my social worker", count=3
    )
    SurveyEvidence.objects.create(organisation=world.organisation, update=update, finding=finding)

    page = client_for(world.councillor).get(update.commitment.get_absolute_url())
    text = page.content.decode()

    assert "More time with my social worker (said by a few: the number is not published" in text
    assert "said by 3" not in text


def test_every_member_reads_the_sentence_with_its_link(world):
    update = _update(world, state=APPROVED)
    indicator = _indicator(world.organisation)
    SurveyEvidence.objects.create(
        organisation=world.organisation, update=update, indicator=indicator
    )

    page = client_for(world.clerk).get(update.commitment.get_absolute_url()).content.decode()

    # Every role reads survey pages (small numbers hidden), so the clerk gets the link too.
    assert "Felt settled where they live: 75%" in page
    assert reverse("surveys:indicator", args=[indicator.pk]) in page


def test_the_public_pledge_shows_published_figures_only_and_no_names(world):
    update = _update(world, state=APPROVED, public_summary="We asked you how settled you feel.")
    big = _indicator(world.organisation)
    small = IndicatorFactory(
        wave=big.wave,
        question="Had no trusted adult",
        key="no-trusted-adult",
        count=3,
        denominator=40,
    )
    for indicator in (big, small):
        SurveyEvidence.objects.create(
            organisation=world.organisation, update=update, indicator=indicator
        )
    draft = _update(world)  # not approved: nothing of it is public
    SurveyEvidence.objects.create(
        organisation=world.organisation,
        update=draft,
        indicator=IndicatorFactory(wave=big.wave, question="Draft only question", key="draft"),
    )

    page = client_for(None).get(reverse("pledges_public:pledge", args=[world.organisation.slug]))
    text = page.content.decode()

    assert page.status_code == 200
    assert "What children told us: Felt settled where they live: 75%" in text
    assert "Had no trusted adult: the figure is not published" in text
    assert "8%" not in text  # 3 of 40, hidden
    assert "Draft only question" not in text
    assert world.officer.full_name not in text
    assert reverse("surveys:indicator", args=[big.pk]) not in text


def test_an_officer_removes_evidence_from_their_draft(world):
    update = _update(world)
    evidence = SurveyEvidence.objects.create(
        organisation=world.organisation, update=update, indicator=_indicator(world.organisation)
    )

    response = client_for(world.officer).post(
        reverse("surveys:evidence_remove", args=[evidence.pk])
    )

    assert response.status_code == 302
    assert not SurveyEvidence.objects.exists()

"""Disclosure control on every output of a wave: who sees what, the linked tables, the rule
per organisation, the public pages and the files; the attacker run on what each output
publishes."""

import csv
import io
import math
import re

import numpy as np
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from corporate_parenting import demo as core_demo
from corporate_parenting.models import Organisation
from surveys import demo, selectors
from surveys.disclosure import unsafe
from surveys.disclosure.attack import Attacker
from surveys.models import DemographicCount, Wave
from surveys.published import Audience, Disclosure, WaveMask, policy_for

from ..access import client_for
from .factories import (
    CohortFactory,
    ComparatorFactory,
    FindingFactory,
    IndicatorFactory,
    InstrumentFactory,
    WaveFactory,
)

pytestmark = pytest.mark.django_db


def _small_wave(world, **kwargs):
    """Three cohorts, the youngest with 3 replies; a question 37 of 40 said yes to (so 3 did
    not); a gender table where 2 are girls; a wish said by 3."""
    instrument = InstrumentFactory(organisation=world.organisation, name="Your Life, Your Care")
    wave = WaveFactory(instrument=instrument, label="2026", **kwargs)
    young = CohortFactory(wave=wave, label="4-7 years", eligible=30, responses=3, position=1)
    middle = CohortFactory(wave=wave, label="8-11 years", eligible=100, responses=40, position=2)
    CohortFactory(wave=wave, label="11-18 years", eligible=90, responses=38, position=3)
    question = IndicatorFactory(
        wave=wave,
        cohort=middle,
        question="Felt safe where they live",
        key="safe",
        count=37,
        denominator=40,
    )
    ComparatorFactory(indicator=question, percentage="80.0", count=800, denominator=1000)
    for category, count in (("Girls", 2), ("Boys", 38)):
        DemographicCount.objects.create(
            organisation=world.organisation,
            wave=wave,
            cohort=middle,
            dimension="gender",
            category=category,
            count=count,
        )
    FindingFactory(wave=wave, summary="A pet", count=3)
    return wave, young, middle, question


def _text(response):
    return response.content.decode()


def _rates_row(html, label):
    table = re.search(r'data-testid="response-rates".*?</table>', html, re.S).group(0)
    row = re.search(rf">{re.escape(label)}</th>(.*?)</tr>", table, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_a_councillor_and_a_co_opted_member_see_c_where_an_officer_sees_the_count_and_why(
    world,
):
    wave, _young, _middle, question = _small_wave(world)
    for user in (world.councillor, world.young_member, world.clerk):
        html = _text(client_for(user).get(wave.get_absolute_url()))
        eligible, responses, rate = _rates_row(html, "4-7 years")[:3]
        assert (eligible, responses, rate) == ("30", "c (not published)", "c (not published)")
        assert "Hidden when published" not in html
        assert "A pet" in html and "said by 3" not in html
        page = _text(client_for(user).get(question.get_absolute_url()))
        assert "37 of 40" not in page and "93%" not in page
        assert "Our figure is not published, so neither is the comparison." in page
    html = _text(client_for(world.officer).get(wave.get_absolute_url()))
    assert _rates_row(html, "4-7 years")[1].startswith("3 Hidden when published")
    assert 'data-hidden-reason="fewer than 5"' in html
    assert "37 of 40" in _text(client_for(world.officer).get(question.get_absolute_url()))


def test_hiding_one_cohort_hides_another_so_the_total_cannot_give_it_away(world):
    wave, *_ = _small_wave(world)
    disclosure = Disclosure(world.organisation, Audience.PUBLISHED)
    rows, total = selectors.response_rates(wave, disclosure)
    hidden = [r.label for r in [*rows, total] if r.responses.value is None]
    assert "4-7 years" in hidden and len(hidden) >= 2
    # Officers are told why the second one is hidden.
    officers = Disclosure(world.organisation, Audience.OFFICERS)
    rows, total = selectors.response_rates(wave, officers)
    reasons = {r.label: r.responses.reason for r in [*rows, total] if r.responses.hidden}
    assert reasons["4-7 years"] == "fewer than 5"
    assert all("reveal" in why for label, why in reasons.items() if label != "4-7 years")


def test_every_table_of_the_wave_is_safe_and_linked_figures_agree(world):
    wave, _young, middle, question = _small_wave(world)
    masks = WaveMask(wave, policy_for(world.organisation))
    for mask in masks.masks:
        assert unsafe(mask) == []
    # 3 said no to the question: both answers are hidden, so is its percentage.
    count, _denominator, share = Disclosure(world.organisation, Audience.PUBLISHED).indicator(
        question
    )
    assert (count.value, share.value) == (None, None)
    # The 8-11s' gender table totals their responses: hidden in one, hidden in both.
    gender_total = masks.is_hidden(("group", "gender", middle.pk))
    assert gender_total == masks.is_hidden(("responses", middle.pk))


def test_the_ten_five_rule_hides_under_ten_and_rounds_the_rest(world):
    Organisation.objects.filter(pk=world.organisation.pk).update(disclosure_rule="ten_five")
    world.organisation.refresh_from_db()
    wave, *_ = _small_wave(world)
    disclosure = Disclosure(world.organisation, Audience.PUBLISHED)
    rows, total = selectors.response_rates(wave, disclosure)
    shown = [r.responses.value for r in [*rows, total] if r.responses.value is not None]
    assert shown and all(v % 5 == 0 and v >= 10 for v in shown)
    for mask in WaveMask(wave, policy_for(world.organisation)).masks:
        assert unsafe(mask) == []


def test_an_administrator_sets_the_rule_and_others_may_not(world):
    url = reverse("surveys:disclosure_settings")
    assert client_for(world.officer).get(url).status_code == 403
    admin = client_for(world.administrator)
    form = admin.get(url)
    token = re.search(r'name="loaded_state" value="([^"]*)"', _text(form)).group(1)
    refused = admin.post(
        url,
        {"disclosure_rule": "threshold", "disclosure_threshold": "1", "loaded_state": token},
    )
    assert "Enter the threshold as a whole number from 2 to 50" in _text(refused)
    admin.post(
        url,
        {
            "disclosure_rule": "threshold",
            "disclosure_threshold": "10",
            "disclosure_hide_zeros": "on",
            "loaded_state": token,
        },
    )
    world.organisation.refresh_from_db()
    assert world.organisation.disclosure_threshold == 10
    assert policy_for(world.organisation).zero_is_sensitive


def test_the_public_sees_only_published_waves_as_published(world, client):
    wave, *_ = _small_wave(world, public=True)
    hidden_wave = WaveFactory(instrument=wave.instrument, label="Draft", public=False)
    slug = world.organisation.slug
    listing = _text(client.get(reverse("surveys_public:index", args=[slug])))
    assert "2026" in listing and "Draft" not in listing
    html = _text(client.get(reverse("surveys_public:wave", args=[slug, wave.pk])))
    assert _rates_row(html, "4-7 years")[1] == "c (not published)"
    assert "Hidden when published" not in html
    assert (
        client.get(reverse("surveys_public:wave", args=[slug, hidden_wave.pk])).status_code == 404
    )
    elsewhere = world.other_organisation.slug
    assert client.get(reverse("surveys_public:wave", args=[elsewhere, wave.pk])).status_code == 404
    assert reverse("surveys_public:index", args=[slug]) in _text(
        client.get(reverse("public_home", args=[slug]))
    )


def _csv(content):
    return [tuple(r) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))]


def _xlsx(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [
        tuple("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)
    ]


def _published_intervals(table, values: dict):
    """What an output publishes of `table`, as the attacker reads it: a shown count is exact,
    "c" is anything from 0 up."""
    lower = np.zeros(table.values.size)
    upper = np.full(table.values.size, math.inf)
    for cell, text in values.items():
        if text != "c":
            k = table.flat(cell)
            lower[k] = upper[k] = int(text.replace(",", ""))
    return lower, upper


def test_every_format_publishes_the_same_figures_and_the_attacker_learns_nothing_from_them(
    world, client
):
    wave, *_ = _small_wave(world, public=True)
    slug = world.organisation.slug
    from_csv = _csv(
        client.get(reverse("surveys_public:wave_export", args=[slug, wave.pk, "csv"])).content
    )
    from_xlsx = _xlsx(
        client.get(reverse("surveys_public:wave_export", args=[slug, wave.pk, "xlsx"])).content
    )
    assert from_csv == from_xlsx
    # An officer's download is the published file too.
    officer_csv = client_for(world.officer).get(
        reverse("surveys:wave_export", args=[wave.pk, "csv"])
    )
    assert _csv(officer_csv.content) == from_csv
    html = _text(client.get(reverse("surveys_public:wave", args=[slug, wave.pk])))
    responses = {r[1]: r[4] for r in from_csv if r[0] == "Response rates" and r[3] == "Responses"}
    for label, value in responses.items():
        page = _rates_row(html, label if label != "All" else "All")[1]
        assert page == (value if value != "c" else "c (not published)")
    # The attacker, from the file alone: no hidden response count narrower than the rule.
    mask = WaveMask(wave, policy_for(world.organisation))
    table = mask.tables[0]
    values = {((label if label != "All" else "Total"),): v for label, v in responses.items()}
    lower, upper = _published_intervals(table, values)
    attacker = Attacker(table, lower, upper)
    hidden = [table.flat(cell) for cell, v in values.items() if v == "c"]
    assert hidden and attacker.check(hidden, 5) == []
    assert "3" not in [r[4] for r in from_csv if r[0] == "A pet" or r[1] == "A pet"]


def test_a_hostile_name_in_an_export_is_not_a_formula(world, client):
    wave, *_ = _small_wave(world, public=True)
    FindingFactory(wave=wave, summary='=HYPERLINK("http://evil")', count=12)
    rows = _csv(
        client.get(
            reverse("surveys_public:wave_export", args=[world.organisation.slug, wave.pk, "csv"])
        ).content
    )
    assert any(r[1] == '\'=HYPERLINK("http://evil")' for r in rows)


def test_every_table_of_the_demo_is_safe_for_the_public():
    organisation = core_demo.load()
    demo.load(organisation)
    waves = Wave.objects.for_organisation(organisation)
    assert waves.count() >= 3
    for wave in waves:
        for mask in WaveMask(wave, policy_for(organisation)).masks:
            assert unsafe(mask) == [], (wave, mask.table.title)


def test_a_hidden_wave_is_a_gap_in_the_trend_chart_and_its_words(world):
    wave, _young, _middle, question = _small_wave(world)  # 37 of 40: hidden
    for year, count in ((2024, 30), (2025, 33)):
        earlier = WaveFactory(
            instrument=wave.instrument,
            label=str(year),
            period_start=wave.period_start.replace(year=year - 1),
            period_end=wave.period_end.replace(year=year),
        )
        cohort = CohortFactory(wave=earlier, label="8-11 years", eligible=100, responses=40)
        IndicatorFactory(wave=earlier, cohort=cohort, key="safe", count=count, denominator=40)
    html = _text(client_for(world.councillor).get(question.get_absolute_url()))
    alts = re.findall(r'<img class="cp-chart__image"[^>]*alt="([^"]*)"', html)
    assert alts, "the trend is drawn from the waves that are published"
    trend_alt = alts[-1]
    assert "2026" in trend_alt and "not published" in trend_alt
    assert "93" not in trend_alt and "37" not in trend_alt
    assert "75%" in trend_alt or "75" in trend_alt  # 30 of 40 in 2024

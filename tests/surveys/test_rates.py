"""Response rates and shares are computed from counts: whole percent, halves rounded up."""

from decimal import Decimal

import pytest
from django.urls import reverse

from surveys.rates import percent

from ..access import client_for
from .factories import CohortFactory, WaveFactory

SEED_002 = [
    ("4-7 years", 231, 42, "18%"),
    ("8-11 years", 238, 75, "32%"),
    ("11-18 years", 835, 261, "31%"),
]


@pytest.mark.parametrize(
    "part, whole, expected",
    [
        (42, 231, 18),
        (75, 238, 32),
        (261, 835, 31),
        (378, 1304, 29),
        (1, 8, 13),  # 12.5: half up, where round() and float formatting give 12
        (5, 200, 3),  # 2.5
        (1, 3, 33),
        (2, 3, 67),
        (0, 10, 0),
        (10, 10, 100),
    ],
)
def test_percent_rounds_half_up_to_a_whole_percent(part, whole, expected):
    assert percent(part, whole) == Decimal(expected)


def test_no_whole_means_no_rate():
    assert percent(0, 0) is None
    assert percent(None, 10) is None


@pytest.mark.django_db
def test_seed_002s_table_comes_out_as_printed(world):
    wave = WaveFactory(instrument__organisation=world.organisation, label="2018")
    for position, (label, eligible, responses, _printed) in enumerate(SEED_002, 1):
        CohortFactory(
            wave=wave, label=label, eligible=eligible, responses=responses, position=position
        )
    assert [str(c.response_rate) + "%" for c in wave.cohorts.all()] == [row[3] for row in SEED_002]
    assert wave.totals() == (1304, 378)
    assert wave.response_rate == Decimal(29)

    page = client_for(world.councillor).get(reverse("surveys:wave", args=[wave.pk]))
    body = page.content.decode()
    table = body[
        body.index('data-testid="response-rates"') : body.index(
            "</table>", body.index('data-testid="response-rates"')
        )
    ]
    for label, eligible, responses, printed in SEED_002:
        row = table[table.index(label) :]
        assert row.index(str(eligible)) < row.index(str(responses)) < row.index(printed)
    assert "1,304" in table and "378" in table
    assert 'data-testid="overall-rate"><strong>29%</strong></td>' in table
    assert "<caption" in table

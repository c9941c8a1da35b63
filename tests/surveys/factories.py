"""Factories of the surveys app (kept here so the shared tests/factories.py stays small)."""

from datetime import date

import factory

from surveys.models import Cohort, Comparator, Finding, Indicator, Instrument, Wave

from ..factories import OrganisationFactory


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Your Life, Your Care {n}")
    audience = Instrument.Audience.CHILDREN_IN_CARE


class WaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wave

    instrument = factory.SubFactory(InstrumentFactory)
    organisation = factory.SelfAttribute("instrument.organisation")
    label = factory.Sequence(lambda n: str(2000 + n))
    period_start = date(2017, 10, 1)
    period_end = date(2018, 3, 31)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    wave = factory.SubFactory(WaveFactory)
    organisation = factory.SelfAttribute("wave.organisation")
    label = factory.Sequence(lambda n: f"Cohort {n}")
    eligible = 100
    responses = 40


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    wave = factory.SubFactory(WaveFactory)
    organisation = factory.SelfAttribute("wave.organisation")
    domain = "relationships"
    question = "Trusted their carers"
    key = factory.Sequence(lambda n: f"question-{n}")
    count = 60
    denominator = 80


class ComparatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comparator

    indicator = factory.SubFactory(IndicatorFactory)
    organisation = factory.SelfAttribute("indicator.organisation")
    kind = Comparator.Kind.OTHER_COUNCILS
    percentage = "70.0"


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    wave = factory.SubFactory(WaveFactory)
    organisation = factory.SelfAttribute("wave.organisation")
    kind = Finding.Kind.WISH
    summary = "Fewer changes of social worker"

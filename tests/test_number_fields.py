"""Whole-number fields say what to enter, never the database's limit."""

import importlib
import inspect

import pytest
from django import forms
from django.urls import reverse

from .access import client_for
from .edit_guard import save_edit
from .factories import DistrictFactory, PledgeVersionFactory, ThemeFactory

FORM_MODULES = [
    "corporate_parenting.forms",
    "pledges.forms",
    "boards.forms.actions",
    "boards.forms.boards",
    "boards.forms.programme",
    "boards.forms.record",
    "boards.papers.forms.report_templates",
    "boards.papers.forms.report_workflow",
    "boards.papers.forms.reports",
    "surveys.forms",
]
NUMBER_FIELDS = (forms.IntegerField, forms.FloatField, forms.DecimalField)


def _number_fields():
    found = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module_name:
                continue
            for name, field in form.base_fields.items():
                if isinstance(field, NUMBER_FIELDS) and not field.widget.is_hidden:
                    found.append((form, name, field))
    return found


def test_every_number_a_person_types_has_limits_and_says_what_to_enter():
    fields = _number_fields()
    assert len(fields) >= 8  # positions, quorum, first minute number, cycle, weeks...
    for form, name, field in fields:
        where = f"{form.__module__}.{form.__name__}.{name}"
        assert field.max_value is not None and field.min_value is not None, where
        for code in ("invalid", "min_value", "max_value"):
            assert "whole number from" in str(field.error_messages[code]), (where, code)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "3.5", "1000"])
def test_a_position_out_of_range_is_refused_with_what_to_enter_and_nothing_is_lost(world, value):
    version = PledgeVersionFactory(organisation=world.organisation)
    theme = ThemeFactory(version=version, title="Your Voice", position=1)
    response = client_for(world.officer).post(
        reverse("pledges:theme_update", args=[theme.pk]),
        {"title": "Your Voice, Your Say", "lead_in": "We will listen", "position": value},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the position as a whole number from 0 to 999" in body
    assert "9223372036854775807" not in body and "32767" not in body
    assert "Your Voice, Your Say" in body  # what they typed is still in the form
    theme.refresh_from_db()
    assert (theme.title, theme.position) == ("Your Voice", 1)


@pytest.mark.django_db
def test_a_district_position_out_of_range_is_refused(world):
    district = DistrictFactory(organisation=world.organisation, name="Havant", position=1)
    response = save_edit(
        client_for(world.administrator),
        reverse("district_update", args=[district.pk]),
        {"name": "Havant", "position": "99999999999999999999"},
    )
    assert "Enter the position as a whole number from 0 to 999" in response.content.decode()


def test_numbers_are_typed_into_govuk_text_inputs_with_a_numeric_keypad():
    for form, name, field in _number_fields():
        where = f"{form.__module__}.{form.__name__}.{name}"
        html = field.widget.render(name, 3)
        assert 'type="text"' in html and 'inputmode="numeric"' in html, where
        assert "min=" not in html and "max=" not in html, where

"""Access cases for performance figures and their import (surveys/views_figures.py)."""

from django.urls import reverse

from corporate_parenting.roles import Capability
from surveys.models import FiguresImport, PerformanceIndicator

from ..access import AccessCase


def _indicator(world):
    return PerformanceIndicator.objects.get_or_create(
        organisation=world.organisation, name="Children in care"
    )[0]


def _import(world):
    """An upload waiting for choices. Its file is not written to storage (so the matrix
    leaves no files behind): checking it says the file cannot be read, and importing it
    imports nothing. tests/surveys/test_figures_import.py covers real files."""
    return FiguresImport.objects.create(
        organisation=world.organisation,
        file="figures-imports/access-case-not-stored.csv",
        original_name="figures.csv",
    )


CASES = [
    AccessCase("surveys:figures", lambda w: reverse("surveys:figures"), Capability.VIEW_SURVEYS),
    AccessCase(
        "surveys:figures_indicator",
        lambda w: reverse("surveys:figures_indicator", args=[_indicator(w).pk]),
        Capability.VIEW_SURVEYS,
        object_view=True,
    ),
    AccessCase(
        "surveys:figures_indicator_export",
        lambda w: reverse("surveys:figures_indicator_export", args=[_indicator(w).pk]),
        Capability.VIEW_SURVEYS,
        object_view=True,
    ),
    AccessCase(
        "surveys:figures_indicator_update",
        lambda w: reverse("surveys:figures_indicator_update", args=[_indicator(w).pk]),
        Capability.MANAGE_FIGURES,
        object_view=True,
    ),
    AccessCase(
        "surveys:figures_indicator_update (save)",
        lambda w: reverse("surveys:figures_indicator_update", args=[_indicator(w).pk]),
        Capability.MANAGE_FIGURES,
        method="post",
        data={},  # no token or name: the form says what is missing
        object_view=True,
    ),
    AccessCase(
        "surveys:figures_import",
        lambda w: reverse("surveys:figures_import"),
        Capability.MANAGE_FIGURES,
    ),
    AccessCase(
        "surveys:figures_import (upload)",
        lambda w: reverse("surveys:figures_import"),
        Capability.MANAGE_FIGURES,
        method="post",
        data={},  # no file: the form asks for one
    ),
    AccessCase(
        "surveys:figures_import_template",
        lambda w: reverse("surveys:figures_import_template"),
        Capability.MANAGE_FIGURES,
    ),
    AccessCase(
        "surveys:figures_import_preview",
        lambda w: reverse("surveys:figures_import_preview", args=[_import(w).pk]),
        Capability.MANAGE_FIGURES,
        object_view=True,
    ),
    AccessCase(
        "surveys:figures_import_preview (check)",
        lambda w: reverse("surveys:figures_import_preview", args=[_import(w).pk]),
        Capability.MANAGE_FIGURES,
        method="post",
        data={"action": "check"},
        object_view=True,
    ),
    AccessCase(
        "surveys:figures_import_preview (import)",
        lambda w: reverse("surveys:figures_import_preview", args=[_import(w).pk]),
        Capability.MANAGE_FIGURES,
        method="post",
        data={"action": "import"},
        object_view=True,
    ),
]

"""Access cases for importing a pledge from a spreadsheet, and exporting it (views/imports.py)."""

from django.urls import reverse

from corporate_parenting.roles import Capability
from pledges.models import PledgeImport

from ..access import AccessCase
from ..factories import CommitmentFactory, PledgeVersionFactory


def _version(world):
    version = PledgeVersionFactory(organisation=world.organisation)
    CommitmentFactory(theme__version=version)
    return version


def _import(world):
    """An upload waiting for confirmation. Its file is not written to storage (so the matrix
    leaves no files behind): the preview says the file cannot be read, and confirming it
    imports nothing. tests/pledges/test_import_export.py covers real files."""
    version = PledgeVersionFactory(organisation=world.organisation)
    return PledgeImport.objects.create(
        organisation=world.organisation,
        version=version,
        file="pledge-imports/access-case-not-stored.csv",
        original_name="pledge.csv",
    )


CASES = [
    AccessCase(
        "pledges:import_upload",
        lambda w: reverse("pledges:import_upload", args=[_version(w).pk]),
        Capability.MANAGE_PLEDGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:import_upload (upload)",
        lambda w: reverse("pledges:import_upload", args=[_version(w).pk]),
        Capability.MANAGE_PLEDGE,
        method="post",
        data={},  # no file: the form asks for one
        object_view=True,
    ),
    AccessCase(
        "pledges:import_template",
        lambda w: reverse("pledges:import_template", args=[_version(w).pk]),
        Capability.MANAGE_PLEDGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:import_preview",
        lambda w: reverse("pledges:import_preview", args=[_import(w).pk]),
        Capability.MANAGE_PLEDGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:import_preview (import)",
        lambda w: reverse("pledges:import_preview", args=[_import(w).pk]),
        Capability.MANAGE_PLEDGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "pledges:export",
        lambda w: reverse("pledges:export", args=[_version(w).pk]),
        Capability.VIEW_PLEDGE_NARRATIVES,
        object_view=True,
    ),
    AccessCase(
        "pledges:export (xlsx)",
        lambda w: reverse("pledges:export", args=[_version(w).pk]) + "?format=xlsx",
        Capability.VIEW_PLEDGE_NARRATIVES,
        object_view=True,
    ),
]

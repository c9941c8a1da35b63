"""Access cases for the record of an adopted version (pledges/views/record.py): withdrawing a
promise, and the version's history."""

from django.urls import reverse

from corporate_parenting.roles import Capability
from pledges.models import PledgeVersion

from ..access import AccessCase
from ..factories import CommitmentFactory, PledgeVersionFactory, ThemeFactory


def _adopted_commitment(w):
    version = PledgeVersion.objects.for_organisation(w.organisation).adopted().first()
    version = version or PledgeVersionFactory(organisation=w.organisation, adopted=True)
    return CommitmentFactory(theme=ThemeFactory(version=version))


def _adopted_version(w):
    return _adopted_commitment(w).theme.version


def url(name, make):
    return lambda w: reverse(f"pledges:{name}", args=[make(w).pk])


CASES = [
    AccessCase(
        "pledges:commitment_withdraw",
        url("commitment_withdraw", _adopted_commitment),
        Capability.MANAGE_PLEDGE,
        object_view=True,
    ),
    AccessCase(
        "pledges:commitment_withdraw (withdraw)",
        url("commitment_withdraw", _adopted_commitment),
        Capability.MANAGE_PLEDGE,
        method="post",
        data={"reason": "Replaced by the Care Leavers Offer agreed at Cabinet"},
        object_view=True,
    ),
    AccessCase(
        "pledges:version_history",
        url("version_history", _adopted_version),
        Capability.VIEW_PLEDGE_NARRATIVES,
        object_view=True,
    ),
]

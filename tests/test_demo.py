import pytest
from django.core.management import CommandError, call_command

from corporate_parenting import demo
from corporate_parenting.models import District, Membership, Organisation
from corporate_parenting.roles import Role

pytestmark = pytest.mark.django_db


def test_demo_data_has_a_council_its_districts_and_one_user_per_role(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    organisation = Organisation.objects.get(slug="hampshire-demo")
    assert District.objects.for_organisation(organisation).count() == 8
    roles = set(Membership.objects.for_organisation(organisation).values_list("role", flat=True))
    assert roles == set(Role)
    printed = capsys.readouterr().out
    assert demo.DEMO_PASSWORD in printed
    for user in demo.DEMO_USERS:
        assert user.email in printed


def test_demo_data_loads_twice_without_duplicates(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    assert Membership.objects.filter(organisation__slug="hampshire-demo").count() == len(
        demo.DEMO_USERS
    )


def test_demo_users_are_fictional(settings):
    settings.DEBUG = True
    call_command("load_demo")
    assert all(user.email.endswith("@example.org") for user in demo.DEMO_USERS)


def test_demo_data_refuses_to_load_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to load demo users"):
        call_command("load_demo")
    assert not Organisation.objects.exists()

import pytest

from corporate_parenting.demo import DEMO_PASSWORD


@pytest.fixture
def demo(transactional_db, settings):
    """The demo council exactly as `make run` loads it."""
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


@pytest.fixture
def sign_in(page, live_server):
    def sign_in_as(email, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()

    return sign_in_as

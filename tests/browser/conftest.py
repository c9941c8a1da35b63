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


@pytest.fixture
def tasks_in_process():
    """The live server runs in this process: render PDFs here, even where REDIS_URL would
    send the task to a worker (the worker path is tested with the services)."""
    from corporate_parenting.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous

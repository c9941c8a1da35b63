import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_on_the_embedded_defaults_reports_in_process_work(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "in-process",
        "worker": "in-process",
    }


def test_health_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from corporate_parenting import health

    monkeypatch.setattr(health, "database_status", lambda connection: "unavailable")
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_health_is_503_when_the_broker_does_not_answer(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from corporate_parenting.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get(reverse("health"))
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"


@pytest.mark.services
def test_health_reports_the_real_broker_and_a_worker(client, celery_worker):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "worker": "ok"}

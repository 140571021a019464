from unittest import mock

from django.db.utils import OperationalError


def test_healthz_reports_ok_when_the_database_and_broker_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_reports_a_broken_database_as_unhealthy(client, db):
    with mock.patch("talent.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "unhealthy"


def test_healthz_reports_an_unreachable_broker_as_unhealthy(client, db, settings):
    with mock.patch("talent.views.celery_app.connection_for_write",
                    side_effect=ConnectionError("no broker")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"


def test_healthz_needs_no_login_and_shows_no_details(client, db):
    body = client.get("/healthz").content.decode()
    assert "password" not in body.lower()
    assert "Traceback" not in body


def test_liveness_answers_without_asking_the_database_or_the_broker(client, db):
    with mock.patch("talent.views.connection.cursor", side_effect=OperationalError("down")), \
         mock.patch("talent.views.celery_app.connection_for_write",
                    side_effect=ConnectionError("no broker")):
        response = client.get("/healthz/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readiness_stays_ready_when_only_the_broker_is_down(client, db):
    # Answering needs only the database: a Redis outage must not empty the load balancer.
    with mock.patch("talent.views.celery_app.connection_for_write",
                    side_effect=ConnectionError("no broker")):
        response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readiness_fails_when_the_database_is_down(client, db):
    with mock.patch("talent.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz/ready")
    assert response.status_code == 503 and response.json()["database"] == "error"

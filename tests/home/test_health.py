"""/health/: the database answers or not, never cached, never telling why."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthy_when_the_database_answers(client, page_cache):
    for _ in range(2):
        response = client.get("/health/")
        assert response.status_code == 200
        assert response.content == b"ok\n"
        assert "no-store" in response["Cache-Control"]
        assert "X-Page-Cache" not in response
    assert response.cookies == {}


def test_unhealthy_when_the_database_fails_and_says_nothing_more(client, monkeypatch, caplog):
    def broken_cursor(*args, **kwargs):
        raise RuntimeError("connection to server at 10.0.0.5 failed: password authentication")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert "no-store" in response["Cache-Control"]
    # Logged for the operators, not returned to whoever asks.
    assert "password authentication" in caplog.text


def test_answers_any_host_and_plain_http_in_production(client, settings):
    settings.ALLOWED_HOSTS = ["example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    response = client.get("/health/", HTTP_HOST="10.0.0.12")
    assert response.status_code == 200 and response.content == b"ok\n"
    # Everything else still checks the Host and redirects to HTTPS.
    assert client.get("/", HTTP_HOST="10.0.0.12").status_code == 400
    assert client.get("/", HTTP_HOST="example.org").status_code == 301

"""Rate limits counted in the database; the admin password reset and page passwords."""

import datetime
import time

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import PageViewRestriction

from factories.home import StandardPageFactory
from home import ratelimit

pytestmark = pytest.mark.django_db


def test_the_window_holds_and_the_next_one_starts_afresh(monkeypatch):
    start = (int(time.time()) // 3600) * 3600
    now = [start + 10]
    monkeypatch.setattr(time, "time", lambda: now[0])
    assert ratelimit.hit(scope="t", ident="1.2.3.4", limit=2)
    assert ratelimit.hit(scope="t", ident="1.2.3.4", limit=2)
    now[0] = start + 1800  # still in the same hour: still counted
    assert not ratelimit.hit(scope="t", ident="1.2.3.4", limit=2)
    assert ratelimit.hit(scope="t", ident="5.6.7.8", limit=2)
    now[0] = start + 3600 + 1
    assert ratelimit.hit(scope="t", ident="1.2.3.4", limit=2)


def test_an_expired_count_starts_again_from_one():
    from django.utils import timezone

    past = timezone.now() - datetime.timedelta(seconds=1)
    later = timezone.now() + datetime.timedelta(minutes=5)
    assert ratelimit.add_one("clé", expires_at=past) == 1
    assert ratelimit.add_one("clé", expires_at=later) == 1  # the first one had expired
    assert ratelimit.add_one("clé", expires_at=later) == 2
    assert ratelimit.count_of("clé") == 2


def test_keys_of_any_length_and_text_are_counted_apart():
    from django.utils import timezone

    later = timezone.now() + datetime.timedelta(minutes=5)
    long_key, other = "x" * 5000, "x" * 4999 + "y"
    assert ratelimit.add_one(long_key, expires_at=later) == 1
    assert ratelimit.add_one(other, expires_at=later) == 1
    assert ratelimit.add_one("adresse:é\x00", expires_at=later) == 1


def test_admin_password_reset_is_rate_limited(client, settings, django_user_model):
    settings.PASSWORD_FORM_RATE_LIMIT = 2
    django_user_model.objects.create_user(username="sophie", email="s@example.org", password="x")
    url = reverse("wagtailadmin_password_reset")
    for _ in range(2):
        client.post(url, {"email": "s@example.org"})
    assert len(mail.outbox) == 2
    response = client.post(url, {"email": "s@example.org"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "Trop de tentatives depuis votre connexion" in html
    assert 'value="s@example.org"' in html
    assert len(mail.outbox) == 2


def test_page_password_guessing_is_rate_limited(client, settings, home_page):
    settings.PASSWORD_FORM_RATE_LIMIT = 2
    page = StandardPageFactory(parent=home_page, title="Réservé", slug="reserve")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    for _ in range(2):
        response = client.post(url, {"password": "devine", "return_url": page.url})
        assert response.status_code == 200
    response = client.post(url, {"password": "secret", "return_url": page.url})
    assert response.status_code == 429
    assert "Trop de tentatives depuis votre connexion" in response.content.decode()
    # The right password was not even tried: the page stays closed.
    assert "secret" not in response.content.decode()
    passed = client.session.get(PageViewRestriction.passed_view_restrictions_session_key, [])
    assert restriction.pk not in passed

"""Admin sign-in: a lockout per username and per address, shared by every worker."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        username="sophie", password="le-bon-mot-de-passe", is_superuser=True
    )


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user(
        username="louis", password="un-autre-mot-de-passe", is_superuser=True
    )


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.ADMIN_LOGIN_FAILURE_LIMIT = 3
    settings.ADMIN_LOGIN_IP_FAILURE_LIMIT = 5
    settings.ADMIN_LOGIN_COOLOFF_MINUTES = 15


def attempt(client, username, password, ip="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(response):
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


LOCKED = "Trop de tentatives de connexion infructueuses"


def test_failures_lock_the_username_even_with_the_right_password(client, editor):
    for _ in range(2):
        html = attempt(client, "sophie", "faux").content.decode()
        assert LOCKED not in html
    # The third failure locks, and says so.
    assert LOCKED in attempt(client, "sophie", "faux").content.decode()
    response = attempt(client, "sophie", "le-bon-mot-de-passe")
    html = response.content.decode()
    assert not signed_in(response)
    assert LOCKED in html and "15 minutes" in html
    assert "_auth_user_id" not in client.session
    # From another address too: the username is what is locked.
    assert not signed_in(attempt(client, "sophie", "le-bon-mot-de-passe", ip="10.2.2.2"))


def test_another_username_from_another_address_is_unaffected(client, editor, other):
    for _ in range(3):
        attempt(client, "sophie", "faux")
    assert signed_in(attempt(client, "louis", "un-autre-mot-de-passe", ip="10.2.2.2"))


def test_failures_from_one_address_lock_it_for_every_username(client, editor, other):
    for n in range(5):
        attempt(client, f"inconnu{n}", "faux")
    response = attempt(client, "louis", "un-autre-mot-de-passe")
    assert not signed_in(response) and LOCKED in response.content.decode()
    assert signed_in(attempt(client, "louis", "un-autre-mot-de-passe", ip="10.2.2.2"))


def test_the_lock_ends_after_the_cool_off(client, editor, monkeypatch):
    for _ in range(3):
        attempt(client, "sophie", "faux")
    assert not signed_in(attempt(client, "sophie", "le-bon-mot-de-passe"))
    later = timezone.now() + datetime.timedelta(minutes=15, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert signed_in(attempt(client, "sophie", "le-bon-mot-de-passe"))


def test_a_success_resets_the_count(client, editor):
    for _ in range(2):
        attempt(client, "sophie", "faux")
    assert signed_in(attempt(client, "sophie", "le-bon-mot-de-passe"))
    client.logout()
    for _ in range(2):
        attempt(client, "sophie", "faux")
    assert signed_in(attempt(client, "sophie", "le-bon-mot-de-passe"))


def test_the_lock_is_kept_in_the_database_whatever_the_caches(client, editor):
    from django.core.cache import caches

    from home.models import Counter

    for _ in range(3):
        attempt(client, "sophie", "faux")
    for cache in caches.all():
        cache.clear()
    assert not signed_in(attempt(client, "sophie", "le-bon-mot-de-passe"))
    Counter.objects.all().delete()
    assert signed_in(attempt(client, "sophie", "le-bon-mot-de-passe"))


def test_test_client_login_without_a_request_still_works(client, editor):
    assert client.login(username="sophie", password="le-bon-mot-de-passe")


def test_the_site_login_form_is_locked_too(client, editor):
    """Wagtail's front-end login (pages restricted to signed-in users) shares the lockout."""
    for _ in range(3):
        attempt(client, "sophie", "faux")
    response = client.post(
        "/_util/login/",
        {"username": "sophie", "password": "le-bon-mot-de-passe"},
        REMOTE_ADDR="10.1.1.1",
    )
    assert response.status_code == 200  # the form again, not a redirect
    assert "_auth_user_id" not in client.session

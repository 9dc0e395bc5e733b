"""A Permissions-Policy header on every response (issue 25, item 9)."""

import pytest
from django.test import Client

from factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

OFF = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]


def assert_policy(response):
    value = response.headers.get("Permissions-Policy", "")
    assert all(feature in value for feature in OFF), (response.status_code, value)
    # What embedded video players need stays with the browser's defaults.
    assert "fullscreen" not in value and "autoplay" not in value


def test_every_kind_of_response_says_it(client, home_page, page_cache):
    page = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    assert_policy(client.get("/"))
    first, second = client.get(page.url), client.get(page.url)
    assert second.headers.get("X-Page-Cache") == "hit"
    assert_policy(first)
    assert_policy(second)  # a stored page too
    assert_policy(client.get("/page-qui-n-existe-pas/"))  # 404
    assert_policy(client.get("/admin/"))  # redirect to sign in
    assert_policy(client.get("/admin/login/"))
    assert_policy(client.get("/health/"))
    assert_policy(client.get("/recherche/?q=colloque"))
    assert_policy(client.get("/sitemap.xml"))


def test_a_server_error_says_it_too(home_page, monkeypatch):
    from home.routing import SiteMiddleware

    def broken(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(SiteMiddleware, "__call__", broken)
    client = Client(raise_request_exception=False)  # its own handler: the broken chain
    response = client.get("/")
    assert response.status_code == 500
    assert_policy(response)

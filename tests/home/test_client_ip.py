"""Rate limits count the address a visitor really connects from (issue 25, item 6).

X-Forwarded-For is believed only when a trusted proxy sent it, hop by hop; a forwarded value
that is not an address, however long, falls back to the last address we trust; every
counter is keyed by a fixed-length digest.
"""

import random
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from colloque.models import EditionStatus
from communities.models import Registration
from factories.colloque import ColloqueIndexPageFactory, EditionPageFactory
from factories.communities import CommunityIndexPageFactory, create_community, person
from factories.host_applications import HostCallPageFactory, application_data
from home import ratelimit
from home.models import Counter
from host_applications.models import HostApplication

pytestmark = pytest.mark.django_db


def request(remote="127.0.0.1", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def random_address():
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        # No proxy: the header is never read.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # nginx on this machine appended the visitor's address: the rightmost entry.
        (1, "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a visitor's own entry
        (1, "::1", "2001:DB8::1", "2001:db8::1"),
        (1, "127.0.0.1", "::ffff:198.51.100.1", "198.51.100.1"),
        # gunicorn reached directly, the header written by the visitor: not believed.
        (1, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        (2, "203.0.113.7", "1.1.1.1, 198.51.100.1", "203.0.113.7"),
        # Not an address, of any length: the last address we trust.
        (1, "127.0.0.1", "x" * 300, "127.0.0.1"),
        (1, "127.0.0.1", "<script>alert(1)</script>", "127.0.0.1"),
        (1, "127.0.0.1", "1.2.3.4.5", "127.0.0.1"),
        (1, "127.0.0.1", "", "127.0.0.1"),
        (1, "127.0.0.1", None, "127.0.0.1"),
        # Fewer entries than proxies: as far as they go.
        (2, "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        # A REMOTE_ADDR that is no address (a Unix socket): the header of the local proxy.
        (1, "", "198.51.100.1", "198.51.100.1"),
        (0, "not-an-address", None, ""),
    ],
)
def test_client_ip(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert ratelimit.client_ip(request(remote, forwarded)) == expected


def test_two_proxies_are_walked_hop_by_hop(settings):
    """Balancer 10.0.0.5 → nginx on the app server → Django."""
    settings.TRUSTED_PROXY_COUNT = 2
    settings.TRUSTED_PROXY_ADDRESSES = ["127.0.0.0/8", "10.0.0.0/8"]
    chain = "6.6.6.6, 198.51.100.1, 10.0.0.5"
    assert ratelimit.client_ip(request("127.0.0.1", chain)) == "198.51.100.1"
    # Someone reaching nginx directly: nginx appends their own address, which is no proxy.
    assert ratelimit.client_ip(request("127.0.0.1", "198.51.100.1, 203.0.113.9")) == ("203.0.113.9")
    # The balancer's address not declared: every visitor would share its count.
    settings.TRUSTED_PROXY_ADDRESSES = ["127.0.0.0/8"]
    assert ratelimit.client_ip(request("127.0.0.1", chain)) == "10.0.0.5"


def test_counters_are_keyed_by_a_fixed_length_digest(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    ident = ratelimit.client_ip(request("127.0.0.1", "x" * 5000))
    assert ratelimit.hit(scope="t", ident=ident, limit=5)
    assert ratelimit.hit(scope="t", ident="y" * 5000, limit=5)
    assert all(
        re.fullmatch(r"[0-9a-f]{64}", key) for key in Counter.objects.values_list("key", flat=True)
    )


# Through the forms: a random header on every request from one address -----------------------


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_the_candidature_limit_holds_against_random_headers(
    client, behind_nginx, settings, home_page
):
    series = ColloqueIndexPageFactory(parent=home_page)
    edition = EditionPageFactory(parent=series, year=2026, status=EditionStatus.LOOKING_FOR_HOST)
    call = HostCallPageFactory(parent=edition)
    settings.HOST_APPLICATION_RATE_LIMIT = 2
    statuses = []
    for n in range(4):
        response = client.post(
            call.url,
            application_data(institution_name=f"École {n}", contact_email=f"e{n}@example.org"),
            REMOTE_ADDR="203.0.113.7",  # gunicorn reached directly
            HTTP_X_FORWARDED_FOR=random_address(),
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429, 429]
    assert HostApplication.objects.count() == 2


def test_the_registration_limit_holds_against_random_and_long_headers(
    client, behind_nginx, settings, home_page
):
    community = create_community(CommunityIndexPageFactory(parent=home_page), capacity_max=20)
    settings.COMMUNITY_RATE_LIMIT = 2
    url = f"/communautes/{community.slug}/inscription/"
    headers = [random_address(), random_address(), "z" * 300, random_address()]
    statuses = [
        client.post(
            url, person(n), REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=header
        ).status_code
        for n, header in enumerate(headers)
    ]
    assert statuses == [302, 302, 429, 429]
    assert Registration.objects.count() == 2
    # Through the proxy, a forwarded value longer than a cache key is counted too (under the
    # proxy's address): it used to be silently dropped.
    settings.COMMUNITY_RATE_LIMIT = 4
    statuses = [
        client.post(url, person(10 + n), HTTP_X_FORWARDED_FOR="z" * 300).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 302, 429]


def test_the_sign_in_lockout_holds_against_random_headers(
    client, behind_nginx, settings, django_user_model
):
    settings.ADMIN_LOGIN_IP_FAILURE_LIMIT = 3
    django_user_model.objects.create_user(username="sophie", password="le-bon-mot-de-passe")
    for n in range(3):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": f"inconnu{n}", "password": "faux"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=random_address(),
        )
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "sophie", "password": "le-bon-mot-de-passe"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR=random_address(),
    )
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session

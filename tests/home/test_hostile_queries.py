"""Hostile query strings on every public listing, the API and the calendars (property tests),
and a decompression bomb where staff upload images."""

import struct
import zlib
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from wagtail.images import get_image_model

from factories import NewsIndexPageFactory, NewsPageFactory
from factories.communities import CommunityIndexPageFactory, create_community
from tests.colloque.conftest import (  # noqa: F401 (fixtures)
    edition,
    partners_page,
    programme,
    series,
)
from tests.hostile import assert_no_raw_markup, fewer, hostile_text

pytestmark = pytest.mark.django_db

PARAMS = {
    "/recherche/": ["q", "page"],
    "/actualites/": ["tag", "page"],
    "/communautes/": ["niveau", "type", "statut", "page"],
    "/colloque/2024/programme/": ["kind", "theme", "venue"],
    "/colloque/2024/programme.ics": ["kind"],
    "/communautes/lecture-plaisir/seances.ics": ["x"],
    "/api/v2/pages/": [
        "type",
        "fields",
        "order",
        "limit",
        "offset",
        "search",
        "search_operator",
        "child_of",
        "descendant_of",
        "locale",
        "slug",
        "html_path",
        "translation_of",
    ],
    "/api/v2/images/": ["limit", "offset", "order", "fields", "search"],
    "/api/v2/documents/": ["limit", "offset", "order", "fields", "search"],
    "/api/v2/programme-items/": [
        "fields",
        "order",
        "limit",
        "offset",
        "search",
        "locale",
        "edition",
        "year",
        "kind",
        "day",
        "venue",
    ],
    "/api/v2/speakers/": ["fields", "order", "offset", "search", "locale", "edition", "year"],
    "/api/v2/community-sessions/": ["fields", "order", "offset", "locale", "community", "date"],
}
NUMBERS = st.sampled_from(
    ["0", "-1", "1", "2", "1e3", "9" * 30, "9" * 5000, "٣", "²", "1.5", "NaN", "0x10", " 1"]
)
values = st.one_of(NUMBERS, hostile_text, st.sampled_from(["title", "-title", "*", "-id,*"]))


@pytest.fixture
def public_site(home_page, programme):  # noqa: F811
    news = NewsIndexPageFactory(parent=home_page)
    item = NewsPageFactory(parent=news, title="Nouvelle <b>un</b>")
    item.tags.add("arts")
    item.save_revision().publish()
    create_community(CommunityIndexPageFactory(parent=home_page))
    return home_page


def test_hostile_query_strings_never_fail(client, public_site):
    for url in PARAMS:  # every address answers before any hostile parameter
        assert client.get(url).status_code == 200, url

    @given(
        url=st.sampled_from(list(PARAMS)),
        data=st.data(),
    )
    def visit(url, data):
        names = data.draw(st.lists(st.sampled_from(PARAMS[url]), min_size=1, max_size=3))
        query = {name: data.draw(values) for name in names}
        response = client.get(url, query)
        assert response.status_code in (200, 301, 302, 400, 404), (url, query)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if response["Content-Type"].startswith("text/html"):
            assert_no_raw_markup(content.decode("utf-8", "replace"))
        else:  # JSON errors may echo a parameter: never read as HTML
            assert response["Content-Type"].startswith(("application/json", "text/calendar"))
            assert response["X-Content-Type-Options"] == "nosniff"

    visit()


def test_query_strings_and_paths_that_are_not_utf8_or_hold_nul_never_fail(client, public_site):
    @fewer(3)
    @given(
        url=st.sampled_from(list(PARAMS)),
        raw=st.one_of(st.just(b"\x00"), st.binary(min_size=1, max_size=30)),
    )
    def visit(url, raw):
        response = client.get(f"{url}?{PARAMS[url][0]}={quote(raw, safe='')}")
        assert response.status_code in (200, 400, 404)
        response = client.get(f"{url.rsplit('/', 2)[0]}/{quote(raw, safe='')}/")
        assert response.status_code in (200, 301, 302, 400, 404)

    visit()
    response = client.get("/api/v2/pages/", {"search": "a\x00b"})
    assert response.status_code == 400
    assert "NUL" in response.json()["message"]


@pytest.mark.parametrize("query", ['=HYPERLINK("http://x","y")', 'a"b', '"', '"phrase" mot'])
def test_quotes_in_a_search_never_fail(client, public_site, partners_page, query):  # noqa: F811
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    for url in ("/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"):
        response = client.get(url, {"search": query})
        assert response.status_code == 200
        assert "items" in response.json()


def test_oversized_search_page_numbers_are_handled(client, public_site):
    for page in ("9" * 30, str(2**63), "-5", "0"):
        response = client.get("/recherche/", {"q": "nouvelle", "page": page})
        assert response.status_code in (200, 400)


def png(width, height):
    """A tiny, valid PNG that declares width × height pixels."""

    def chunk(kind, data):
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_image_is_a_form_error_in_the_admin(client, django_user_model):
    """The public uploads no image (candidatures take PDFs only, checked by content);
    staff upload images through Wagtail, which must refuse a bomb without a 500."""
    admin = django_user_model.objects.create_superuser(
        username="admin", password="pw", email="admin@example.org"
    )
    client.force_login(admin)
    bomb = png(50_000, 50_000)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Bombe",
            "collection": "1",
            "file": SimpleUploadedFile("bombe.png", bomb, content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert 'class="error-message"' in response.content.decode() or "pixels" in (
        response.content.decode()
    )
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("bombe.png", bomb, content_type="image/png")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code in (200, 400)
    assert response.json()["success"] is False
    assert not get_image_model().objects.exists()

"""The CDN in front: purged after every public change, told what it may keep
(home/frontend_cache.py, home/page_cache.py)."""

import pytest
from django.db import transaction

from home.models import NewsIndexPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

HTTP_CACHE = {
    "default": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://cdn.invalid:6081",
    }
}


@pytest.fixture
def purges(monkeypatch):
    """PURGE requests the HTTP backend would send, as (URL sent to the cache, Host)."""
    sent = []

    def fake_urlopen(request, *args, **kwargs):
        assert request.get_method() == "PURGE"
        sent.append((request.full_url, request.get_header("Host")))

    monkeypatch.setattr("wagtail.contrib.frontend_cache.backends.http.urlopen", fake_urlopen)
    return sent


@pytest.fixture
def news_index(home_page, english_home):
    index = NewsIndexPageFactory(parent=home_page, title="Actualités", slug="actualites")
    english_index = index.copy_for_translation(english_home.locale)
    english_index.slug = "news"
    english_index.save_revision().publish()
    return NewsIndexPage.objects.get(pk=index.pk)


def test_publishing_a_news_item_purges_it_its_parents_and_both_home_pages_once(
    settings, purges, news_index, django_capture_on_commit_callbacks
):
    news = NewsPageFactory(parent=news_index, title="Brouillon", slug="rentree", live=False)
    settings.WAGTAILFRONTENDCACHE = HTTP_CACHE
    news.title = "Rentrée des communautés"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        news.save_revision().publish()
    # Every signal of the publication, one purge.
    assert sum("_Pending.flush" in repr(callback) for callback in callbacks) == 1
    assert sorted(purges) == [
        ("http://cdn.invalid:6081/", "localhost"),
        ("http://cdn.invalid:6081/actualites/", "localhost"),
        ("http://cdn.invalid:6081/actualites/rentree/", "localhost"),
        ("http://cdn.invalid:6081/en/", "localhost"),
        ("http://cdn.invalid:6081/en/news/", "localhost"),
    ]


def test_a_change_that_is_not_a_page_purges_the_home_pages(
    settings, purges, news_index, django_capture_on_commit_callbacks
):
    from colloque.models import Partner

    settings.WAGTAILFRONTENDCACHE = HTTP_CACHE
    with django_capture_on_commit_callbacks(execute=True):
        Partner.objects.create(name="Culture pour tous")
    assert sorted(url for url, _host in purges) == [
        "http://cdn.invalid:6081/",
        "http://cdn.invalid:6081/en/",
    ]


def test_a_rolled_back_change_purges_nothing_and_the_next_one_still_does(
    settings, purges, news_index, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = HTTP_CACHE
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                NewsPageFactory(parent=news_index, slug="annulee")
                raise RuntimeError
        except RuntimeError:
            pass
        assert purges == []
        NewsPageFactory(parent=news_index, slug="publiee")
    urls = {url for url, _host in purges}
    assert "http://cdn.invalid:6081/actualites/publiee/" in urls
    assert not any("annulee" in url for url in urls)


def test_without_a_cdn_nothing_is_enqueued(
    settings, purges, news_index, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        NewsPageFactory(parent=news_index, slug="sans-cdn")
    assert purges == []
    assert not any("_Pending.flush" in repr(callback) for callback in callbacks)


def test_cloudflare_is_purged_whole_in_one_call(
    settings, monkeypatch, news_index, django_capture_on_commit_callbacks
):
    import requests

    calls = []

    class Answer:
        ok = True
        text = "{}"

    def fake_post(url, json, headers, timeout):
        calls.append((url, json, headers["Authorization"]))
        return Answer()

    monkeypatch.setattr(requests, "post", fake_post)
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "home.frontend_cache.CloudflareBackend",
            "ZONEID": "zone123",
            "BEARER_TOKEN": "jeton",
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index, slug="partout")
    assert calls == [
        (
            "https://api.cloudflare.com/client/v4/zones/zone123/purge_cache",
            {"purge_everything": True},
            "Bearer jeton",
        )
    ]


def test_cloudfront_invalidates_everything_as_one_path(settings, monkeypatch):
    pytest.importorskip("boto3")
    from home.frontend_cache import CloudfrontBackend

    backend = CloudfrontBackend(
        {
            "DISTRIBUTION_ID": "E123",
            "AWS_ACCESS_KEY_ID": "x",
            "AWS_SECRET_ACCESS_KEY": "y",
        }
    )
    batches = []
    monkeypatch.setattr(
        backend.client, "create_invalidation", lambda **kwargs: batches.append(kwargs)
    )
    backend.purge_everything()
    assert batches[0]["DistributionId"] == "E123"
    assert batches[0]["InvalidationBatch"]["Paths"] == {"Quantity": 1, "Items": ["/*"]}


# --- What a CDN may keep --------------------------------------------------------------------


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_public_pages_may_be_kept_by_the_cdn_for_cdn_max_age(client, settings, page_cache):
    settings.CDN_MAX_AGE = 120
    first = client.get("/")
    second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert {"public", "max-age=0", "s-maxage=120"} <= directives(response)


def test_public_pages_say_nothing_to_shared_caches_without_cdn_max_age(client, page_cache):
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Cache-Control" not in response


def test_a_page_that_changes_soon_is_kept_no_longer_than_that(settings, page_cache, rf):
    import datetime

    from django.http import HttpResponse
    from django.utils import timezone
    from django.utils.translation import override

    from home import cache as content_cache
    from home.page_cache import PageCacheMiddleware

    settings.CDN_MAX_AGE = 600
    soon = timezone.now() + datetime.timedelta(seconds=90)

    def view(request):
        content_cache.changes_at(soon)
        return HttpResponse("Les inscriptions ouvrent bientôt")

    middleware = PageCacheMiddleware(view)
    with override("fr-ca"):
        for state in ("miss", "hit"):
            response = middleware(rf.get("/communautes/"))
            assert response["X-Page-Cache"] == state
            (s_maxage,) = (d for d in directives(response) if d.startswith("s-maxage="))
            assert 80 <= int(s_maxage.split("=")[1]) <= 90


def test_what_the_page_cache_never_stores_is_private(
    client, settings, page_cache, home_page, django_user_model
):
    settings.CDN_MAX_AGE = 120
    # A 404, a POST, the admin's login form (a CSRF token), a signed-in visitor.
    for response in (
        client.get("/pas-de-page-ici/"),
        client.post("/"),
        client.get("/admin/login/"),
    ):
        assert "private" in directives(response) and "public" not in directives(response)
    user = django_user_model.objects.create_user(username="redac", password="pw")
    client.force_login(user)
    signed_in = client.get("/")
    assert "X-Page-Cache" not in signed_in
    assert "private" in directives(signed_in) and "public" not in directives(signed_in)


def test_a_page_with_a_form_is_private(settings, page_cache, rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.utils.translation import override

    from home.page_cache import PageCacheMiddleware

    settings.CDN_MAX_AGE = 120

    def view(request):
        response = HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")
        response["Vary"] = "Cookie"  # what CsrfViewMiddleware adds when the token is used
        return response

    with override("fr-ca"):
        response = PageCacheMiddleware(view)(rf.get("/formulaire/"))
    assert "private" in directives(response) and "X-Page-Cache" not in response


def test_a_response_that_touches_the_session_is_private(settings, page_cache, rf):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse
    from django.utils.translation import override

    from home.page_cache import PageCacheMiddleware

    settings.CDN_MAX_AGE = 120

    def view(request):
        request.session["vu"] = True
        return HttpResponse("bonjour")

    request = rf.get("/quelque-part/")
    request.session = SessionStore()
    with override("fr-ca"):
        response = PageCacheMiddleware(view)(request)
    assert "X-Page-Cache" not in response
    assert "private" in directives(response)
    assert len(page_cache._cache) == 0

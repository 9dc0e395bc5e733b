"""The CDN in front: purged by the tags of what changed, told what it may keep
(caching/cdn.py, caching/middleware.py)."""

import pytest
from django.db import transaction

from factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from home.models import NewsIndexPage

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


@pytest.fixture
def cdn(settings, page_cache):
    settings.WAGTAILFRONTENDCACHE = HTTP_CACHE
    settings.CDN_MAX_AGE = 600


def visit(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200, url


def purged_paths(purges):
    return sorted(url.removeprefix("http://cdn.invalid:6081") for url, _host in purges)


def test_publishing_a_news_item_purges_the_pages_that_show_it(
    client, cdn, purges, news_index, home_page, django_capture_on_commit_callbacks
):
    news = NewsPageFactory(parent=news_index, title="Brouillon", slug="rentree")
    other = NewsPageFactory(parent=news_index, title="Autre", slug="autre")
    about = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    visit(client, "/", "/actualites/", news.url, other.url, about.url, "/en/")
    purges.clear()
    news.title = "Rentrée des communautés"
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    # The page, the index and the home page (its latest news), in French: not the English
    # pages, the other news item nor the page about the network.
    assert purged_paths(purges) == ["/", "/actualites/", "/actualites/rentree/"]
    assert {host for _url, host in purges} == {"testserver"}


def test_a_registration_purges_only_what_shows_its_seats(
    client, cdn, purges, home_page, django_capture_on_commit_callbacks
):
    from communities import services
    from factories.communities import CommunityIndexPageFactory, create_community, person

    index = CommunityIndexPageFactory(parent=home_page)
    first = create_community(index, slug="premiere")
    second = create_community(index, slug="deuxieme")
    visit(client, "/", index.url, first.url, second.url)
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(community=first, data=person(1), language="fr-ca")
    assert purged_paths(purges) == [index.url, first.url]


def test_a_change_every_page_shows_purges_every_page(
    client, cdn, purges, news_index, site, django_capture_on_commit_callbacks
):
    from home.models import SiteSettings

    visit(client, "/", "/actualites/", "/en/")
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.objects.update_or_create(site=site, defaults={"phone": "418 555-0100"})
    assert purged_paths(purges) == ["/", "/actualites/", "/en/"]


def test_a_rolled_back_change_purges_nothing(
    client, cdn, purges, news_index, django_capture_on_commit_callbacks
):
    news = NewsPageFactory(parent=news_index, slug="annulee")
    visit(client, news.url)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                news.title = "Jamais publiée"
                news.save_revision().publish()
                raise RuntimeError
        except RuntimeError:
            pass
    assert purges == []


def test_without_a_cdn_nothing_is_noted_or_purged(
    client, settings, page_cache, purges, news_index, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    visit(client, "/actualites/")
    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index, slug="sans-cdn")
    assert purges == []
    assert not (settings.CACHE_DIR / "cdn").exists() or not any(
        (settings.CACHE_DIR / "cdn").iterdir()
    )


def test_a_page_rendered_while_its_content_changed_is_not_left_to_the_cdn(
    client, cdn, news_index, monkeypatch
):
    """A purge that ran while the page rendered could not name it: the CDN is told not to
    keep it (the store would not serve it either)."""
    from caching import middleware

    news = NewsPageFactory(parent=news_index, slug="pendant")
    original = middleware.cdn.record

    def record_after_a_change(url, tags, start):
        NewsPageFactory(parent=news_index, slug="concurrente")  # invalidates the listing
        return original(url, tags, start)

    monkeypatch.setattr(middleware.cdn, "record", record_after_a_change)
    response = client.get("/actualites/")
    assert "private" in directives(response) and "public" not in directives(response)
    monkeypatch.undo()
    assert "public" in directives(client.get(news.url))


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

    import caching
    from caching.middleware import PageCacheMiddleware

    settings.CDN_MAX_AGE = 600
    soon = timezone.now() + datetime.timedelta(seconds=90)

    def view(request):
        caching.changes_at(soon)
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

    from caching.middleware import PageCacheMiddleware

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

    from caching.middleware import PageCacheMiddleware

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

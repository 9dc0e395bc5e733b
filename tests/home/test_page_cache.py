"""Whole public pages are cached, never stale, and never personal (caching/)."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import caching
from caching.middleware import PageCacheMiddleware
from caching.signals import ignored
from caching.store import FileStamps, store
from factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from factories.home import UserFactory
from tests.pages import cached_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def test_second_visit_comes_from_the_cache_without_a_query(
    client, page_cache, news_index, django_assert_num_queries
):
    NewsPageFactory(parent=news_index, title="Rentrée des communautés")
    first = client.get("/actualites/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/actualites/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Rentrée des communautés" in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]


def test_publishing_updates_the_listing_at_once(client, page_cache, news_index):
    NewsPageFactory(parent=news_index, title="Première nouvelle")
    html, state = cached_get(client, "/actualites/")
    assert state == "hit" and "Deuxième nouvelle" not in html
    NewsPageFactory(parent=news_index, title="Deuxième nouvelle")
    assert "Deuxième nouvelle" in client.get("/actualites/").content.decode()


def test_an_edit_reaches_the_page_and_every_page_that_lists_it(client, page_cache, news_index):
    news = NewsPageFactory(parent=news_index, title="Ancien titre")
    for url in ("/actualites/", news.url, "/"):
        cached_get(client, url)
    news.title = "Nouveau titre"
    news.save_revision().publish()
    for url in ("/actualites/", news.url):
        html = client.get(url).content.decode()
        assert "Nouveau titre" in html and "Ancien titre" not in html


def test_a_draft_changes_nothing_public(client, page_cache, news_index):
    news = NewsPageFactory(parent=news_index, title="Titre publié")
    cached_get(client, news.url)
    news.title = "Titre en brouillon"
    news.save_revision()
    html = client.get(news.url).content.decode()
    assert "Titre publié" in html and "Titre en brouillon" not in html


def test_unpublishing_removes_the_page_and_its_listing(client, page_cache, news_index):
    news = NewsPageFactory(parent=news_index, title="Nouvelle retirée")
    cached_get(client, news.url)
    cached_get(client, "/actualites/")
    news.unpublish()
    assert client.get(news.url).status_code == 404
    assert "Nouvelle retirée" not in client.get("/actualites/").content.decode()


def test_moving_a_page_changes_its_address_and_the_menu(client, page_cache, home_page):
    about = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    section = StandardPageFactory(parent=home_page, title="Réseau", slug="reseau")
    page = StandardPageFactory(parent=home_page, title="Équipe", slug="equipe", show_in_menus=True)
    html, _ = cached_get(client, about.url)
    assert 'href="/equipe/"' in html
    cached_get(client, "/equipe/")
    page.move(section, pos="last-child")
    assert client.get("/equipe/")["Location"] == "/reseau/equipe/"  # Wagtail's redirect
    assert "Équipe" in client.get("/reseau/equipe/").content.decode()
    assert 'href="/equipe/"' not in client.get(about.url).content.decode()


def test_deleting_a_page_removes_it(client, page_cache, news_index):
    news = NewsPageFactory(parent=news_index, title="Nouvelle supprimée")
    cached_get(client, "/actualites/")
    news.delete()
    assert "Nouvelle supprimée" not in client.get("/actualites/").content.decode()


def test_an_image_description_change_reaches_the_page(client, page_cache, news_index):
    news = NewsPageFactory(parent=news_index, title="Avec image")
    news.image.description = "Ancienne description"
    news.image.save()
    html, _ = cached_get(client, news.url)
    assert "Ancienne description" in html
    news.image.description = "Des enseignantes en atelier"
    news.image.save()
    assert "Des enseignantes en atelier" in client.get(news.url).content.decode()


def test_search_results_follow_the_search_index(client, page_cache, news_index):
    url = "/recherche/?q=Zorglub"
    html, _ = cached_get(client, url)
    assert "Zorglub à Rimouski" not in html
    NewsPageFactory(parent=news_index, title="Zorglub à Rimouski")
    assert "Zorglub à Rimouski" in client.get(url).content.decode()


def test_each_language_and_query_is_its_own_entry(client, page_cache, news_index, english_home):
    NewsPageFactory(parent=news_index, title="Nouvelle")
    french, _ = cached_get(client, "/")
    english, _ = cached_get(client, "/en/")
    assert 'lang="fr-ca"' in french and 'lang="en"' in english
    assert client.get("/actualites/?page=1").content != b""
    assert client.get("/actualites/?page=1")["X-Page-Cache"] == "hit"
    assert client.get("/actualites/?page=2")["X-Page-Cache"] == "miss"


def test_a_signed_in_editor_never_gets_or_leaves_a_cached_page(client, page_cache, home_page):
    editor = UserFactory(username="sophie", group="Communications")
    client.force_login(editor)
    first = client.get("/")
    assert "X-Page-Cache" not in first
    assert "wagtail-userbar" in first.content.decode()
    client.logout()
    anonymous = client.__class__()
    html = anonymous.get("/").content.decode()
    assert "wagtail-userbar" not in html


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, page_cache, home_page):
    cached_get(client, "/")
    client.cookies["sessionid"] = "quelconque"
    assert "X-Page-Cache" not in client.get("/")


def test_previews_and_the_admin_are_never_cached(client, page_cache, news_index):
    news = NewsPageFactory(parent=news_index, title="Nouvelle")
    editor = UserFactory(username="sophie", group="Communications")
    client.force_login(editor)
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[news.pk])
    client.get(reverse("wagtailadmin_pages:edit", args=[news.pk]))
    client.get(preview)
    assert len(page_cache._cache) == 0


def test_responses_marked_private_or_setting_a_cookie_are_not_stored(page_cache, rf):
    from django.http import HttpResponse
    from django.utils.translation import override

    def view(headers, cookie=False):
        def respond(request):
            response = HttpResponse("personnel", headers=headers)
            if cookie:
                response.set_cookie("choix", "1")
            return response

        return PageCacheMiddleware(respond)

    with override("fr-ca"):
        for headers, cookie in (
            ({"Cache-Control": "private, no-store"}, False),
            ({"Cache-Control": "no-cache"}, False),
            ({"Vary": "Accept-Language, Cookie"}, False),
            ({}, True),
        ):
            response = view(headers, cookie)(rf.get("/quelque-part/"))
            assert "X-Page-Cache" not in response
        assert len(page_cache._cache) == 0
        assert view({})(rf.get("/quelque-part/"))["X-Page-Cache"] == "miss"


def test_content_that_changes_with_time_expires_when_it_does(page_cache, rf, monkeypatch):
    from django.http import HttpResponse
    from django.utils.translation import override

    soon = timezone.now() + datetime.timedelta(seconds=90)

    def view(request):
        caching.changes_at(soon, timezone.now() - datetime.timedelta(days=1), None)
        return HttpResponse("Les inscriptions ouvrent bientôt")

    stored = {}
    monkeypatch.setattr(
        page_cache, "set", lambda key, value, timeout: stored.update(timeout=timeout)
    )
    with override("fr-ca"):
        PageCacheMiddleware(view)(rf.get("/communautes/"))
    assert 80 <= stored["timeout"] <= 90


def test_stamps_in_files_are_shared_by_the_processes_of_the_machine(tmp_path):
    ours, theirs = FileStamps(tmp_path), FileStamps(tmp_path)
    epoch, before = theirs.now()
    ours.invalidate({"home.newspage:7"})
    assert theirs.now() == (epoch, before + 1)
    assert theirs.stamps(["home.newspage:7", "home.newspage:8"]) == [before + 1, 0]
    theirs.invalidate({"home.newspage:8"})
    assert ours.stamps(["home.newspage:7", "home.newspage:8"]) == [before + 1, before + 2]


def test_a_tag_is_invalidated_again_when_the_transaction_commits(
    home_page, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home_page, title="Nouvelle page")
    stamps = store().stamps
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        page.title = "Titre changé"
        page.save_revision().publish()
        [during] = stamps.stamps([caching.name(page)])
    # A page rendered from the rows before the commit started before the second stamp.
    assert stamps.stamps([caching.name(page)])[0] > during


def test_every_ignored_model_named_exists_and_the_public_ones_are_not():
    labels = {model._meta.label_lower for model in apps.get_models()}
    app_labels = {config.label for config in apps.get_app_configs()}
    for name in settings.CACHE_IGNORED_MODELS:
        assert name in labels or name in app_labels, name
    assert not ignored(apps.get_model("communities.Registration"))  # seats left
    assert not ignored(apps.get_model("colloque.Partner"))
    assert ignored(apps.get_model("home.CustomRendition"))
    assert ignored(apps.get_model("host_applications.HostApplication"))

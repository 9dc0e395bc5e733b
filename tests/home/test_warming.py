"""Publishing a page renders it (and the pages above it) as a visitor would, in a task, so
the first visitor finds everything kept for it already computed."""

import logging

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from home import warming
from home.demo_utils import image as image_block
from home.demo_utils import paragraph
from home.models import SiteSettings
from tests.factories import ImageFactory, NewsIndexPageFactory, NewsPageFactory


@pytest.fixture
def news(home_page, site):
    """A news item with its lead image and one in its body (each image's renditions take a
    second or so to make: the fewer, the faster the suite)."""
    # Made on the first render otherwise, which (rightly) invalidates what that render kept.
    SiteSettings.for_site(site)
    index = NewsIndexPageFactory(parent=home_page)
    body = [paragraph("<p>Retour en images.</p>"), image_block(ImageFactory(), alt="Photo")]
    return NewsPageFactory(parent=index, title="Journée d’étude", body=body, live=False)


@pytest.fixture
def no_renditions(monkeypatch):
    """For tests about what is rendered, not about renditions: the task makes none."""
    monkeypatch.setattr("home.renditions.schedule_renditions", lambda *, image_ids: None)


def queries_of(client, url):
    # On the site's own host, as visitors come (the warming renders the page's full URL).
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url, headers={"host": "localhost"}).content.decode()
    return len(queries), html


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()


@pytest.mark.django_db
def test_first_visit_after_publishing_costs_what_a_warm_visit_costs(
    client, settings, news, django_capture_on_commit_callbacks
):
    settings.WARM_PAGES_ON_PUBLISH = True
    publish(news, django_capture_on_commit_callbacks)

    first, html = queries_of(client, news.url)
    warm, _ = queries_of(client, news.url)

    assert "Journée d’étude" in html and html.count("<picture>") == 2
    assert first == warm


@pytest.mark.django_db
def test_without_warming_the_first_visit_does_the_work(
    client, settings, news, django_capture_on_commit_callbacks, no_renditions
):
    settings.WARM_PAGES_ON_PUBLISH = False
    publish(news, django_capture_on_commit_callbacks)

    first, _ = queries_of(client, news.url)
    warm, _ = queries_of(client, news.url)

    assert first > warm  # what the test above proves the task saves


@pytest.mark.django_db
def test_the_page_and_those_above_it_are_warmed_once(
    settings, news, django_capture_on_commit_callbacks, monkeypatch, no_renditions
):
    settings.WARM_PAGES_ON_PUBLISH = True
    rendered = []
    monkeypatch.setattr(warming, "render_as_visitor", lambda *, url: rendered.append(url) or _ok())
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        news.save_revision().publish()
        news.get_parent().specific.save_revision().publish()  # one task for both

    paths = [url.split("localhost", 1)[-1] for url in rendered]
    assert paths == [news.url, news.get_parent().url, "/"]


@pytest.mark.django_db
def test_a_rolled_back_publish_warms_nothing(
    settings, news, django_capture_on_commit_callbacks, monkeypatch, no_renditions
):
    settings.WARM_PAGES_ON_PUBLISH = True
    rendered = []
    monkeypatch.setattr(warming, "render_as_visitor", lambda *, url: rendered.append(url) or _ok())
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                news.save_revision().publish()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert rendered == []


@pytest.mark.django_db
def test_a_failing_render_never_fails_the_publish(
    settings, news, django_capture_on_commit_callbacks, monkeypatch, caplog, no_renditions
):
    settings.WARM_PAGES_ON_PUBLISH = True

    def broken(*, url):
        raise RuntimeError("template error")

    monkeypatch.setattr(warming, "render_as_visitor", broken)
    with caplog.at_level(logging.ERROR, logger="home.warming"):
        publish(news, django_capture_on_commit_callbacks)
    news.refresh_from_db()
    assert news.live
    assert "Could not warm" in caplog.text


@pytest.mark.django_db
def test_the_render_is_anonymous_and_complete(
    news, django_capture_on_commit_callbacks, no_renditions
):
    publish(news, django_capture_on_commit_callbacks)
    response = warming.render_as_visitor(url=news.get_full_url())
    html = response.content.decode()
    assert response.status_code == 200 and "Journée d’étude" in html
    assert not response.cookies  # no session, no CSRF cookie: nothing about a person


def _ok():
    class Response:
        status_code = 200

    return Response()

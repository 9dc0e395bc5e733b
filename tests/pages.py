"""Shared helpers for Wagtail page-type tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html


class EditFormDataMixin:
    """For WagtailPageTestCase: the edit form's data as a browser would post it."""

    def edit_post_data(self, page):
        # StreamFields are built by JavaScript in the admin, so the scraped form lacks
        # their counts; an empty stream is posted for each.
        self.client.force_login(self.user)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
        for field in page.specific_class._meta.get_fields():
            if isinstance(field, StreamField):
                data[f"{field.name}-count"] = "0"
        data["action-publish"] = ""
        return data


# Most SQL queries a public page may make on a warm request (README, "Benchmark").
QUERY_BUDGET = 12


# Every cache off: Django's and Wagtail's caches (site root paths, renditions) and the page cache.
NO_CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    for alias in ("default", "pages", "renditions")
}


def count_queries(client, url):
    """SQL queries of a visit to ``url`` with every cache off, for the "1 item vs many"
    listing tests. Warmed twice: the first visit may create the site settings row."""
    with override_settings(PAGE_CACHE_SECONDS=0, CACHES=NO_CACHES):
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def cached_get(client, url, **kwargs):
    """GET twice: the second answer is the one a visitor gets once the page is cached.

    Returns (html, cache header of the second answer)."""
    client.get(url, **kwargs)
    response = client.get(url, **kwargs)
    return response.content.decode(), response.get("X-Page-Cache")


def stored_pages(cache):
    """The bodies the local-memory page cache holds (test settings use locmem)."""
    import pickle

    return [pickle.loads(value).content for value in cache._cache.values()]


def one_page_of_each_type():
    """The first French page (in tree order) of every page type the database has."""
    from wagtail.models import Page

    pages = {}
    for page in Page.objects.filter(depth__gt=1, locale__language_code="fr-ca").order_by("path"):
        pages.setdefault(page.specific_class, page)
    return [page.specific for page in pages.values()]

"""A request asks the database for each Locale once, however often Wagtail needs it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from factories.colloque import ColloqueIndexPageFactory, EditionPageFactory

pytestmark = pytest.mark.django_db


def locale_queries(queries):
    return [q for q in queries.captured_queries if 'FROM "wagtailcore_locale"' in q["sql"]]


def test_one_locale_query_per_request(client, home_page, english_home):
    EditionPageFactory(parent=ColloqueIndexPageFactory(parent=home_page))
    for url in ("/", "/colloque/2024/", "/en/"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(locale_queries(queries)) <= 2, url  # the page's language and the default


def test_outside_a_request_nothing_is_remembered(english):
    with CaptureQueriesContext(connection) as queries:
        Locale.get_default()
        Locale.get_default()
    assert len(locale_queries(queries)) == 2

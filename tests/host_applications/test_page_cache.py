"""The candidature page is never shared while its form is open, and opens on time."""

import datetime

import pytest
from django.utils import timezone

from tests.pages import stored_pages

pytestmark = pytest.mark.django_db


def test_the_open_call_with_its_form_is_never_stored(client, page_cache, call):
    for _ in range(2):
        response = client.get(call.url)
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
        assert "X-Page-Cache" not in response
    assert stored_pages(page_cache) == []


def test_a_call_not_yet_open_is_cached_until_it_opens(client, page_cache, call, monkeypatch):
    call.opens_at = timezone.now() + datetime.timedelta(minutes=5)
    call.save_revision().publish()
    timeouts = []
    monkeypatch.setattr(page_cache, "set", lambda key, value, timeout: timeouts.append(timeout))
    html = client.get(call.url).content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert 0 < timeouts[0] <= 300

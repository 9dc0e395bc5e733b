"""Defects of the layers this cache replaced, kept fixed."""

import pytest
from django.conf import settings
from django.urls import reverse

from factories.communities import CommunityIndexPageFactory, create_community
from factories.home import UserFactory

pytestmark = pytest.mark.django_db


def test_each_registration_form_offers_its_own_community_s_levels(client, home_page):
    """A blank form's HTML was kept by its fields' names: after a visitor opened a secondary
    community's form, a preschool-primary community's form offered the secondary level."""
    index = CommunityIndexPageFactory(parent=home_page)
    secondary = create_community(index, slug="secondaire", school_levels=("secondary",))
    primary = create_community(index, slug="primaire", school_levels=("preschool-primary",))
    client.get(secondary.url + "inscription/")
    html = client.get(primary.url + "inscription/").content.decode()
    assert 'value="preschool-primary"' in html and 'value="secondary"' not in html


def test_the_french_admin_says_a_page_was_published_in_french(client, home_page, settings):
    """Warming after a publish left English active in the request that published."""
    from factories import StandardPageFactory

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    page = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    from tests.pages import EditFormDataMixin

    class Form(EditFormDataMixin):
        user = UserFactory(username="sophie", group="Communications")

    form = Form()
    form.client = client
    response = client.post(edit, form.edit_post_data(page), follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages and all("a été" in m and "has been" not in m for m in messages), messages


def test_the_default_cache_reaches_every_process_of_the_machine():
    """Without CACHE_URL, Django's cache (Wagtail's site root paths, its deletions) and the
    stored pages are files every worker shares, not each process's memory."""
    from config.settings import base

    if base.CACHE_URL:
        pytest.skip("CACHE_URL is set in this environment")
    for alias in ("default", "pages"):
        assert base.CACHES[alias]["BACKEND"].endswith("FileBasedCache")
    assert settings.PAGE_CACHE_ALIAS == "pages"

"""Content translation with wagtail-localize, as a Communications editor does it."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from factories import StandardPageFactory, UserFactory


@pytest.fixture
def communications_user(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Communications"))
    return user


@pytest.mark.django_db
def test_editor_submits_a_page_tree_for_english_translation(
    client, communications_user, home_page, english
):
    about = StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")
    client.force_login(communications_user)

    response = client.post(
        f"/admin/localize/submit/page/{home_page.pk}/",
        {"locales": [english.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302

    translated_home = home_page.get_translation(english)
    translated_about = about.get_translation(english)
    assert translated_about.get_parent().pk == translated_home.pk
    # wagtail-localize creates drafts: nothing reaches the public site untranslated.
    assert not translated_about.live
    assert Page.objects.filter(locale=english).count() == 2

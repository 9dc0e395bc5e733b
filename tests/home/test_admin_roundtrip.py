"""Every demo page and snippet can be saved from its admin editor without a change.

An editor opens an object and saves it: if a value the demo (or an import) put there is one
the form refuses, the object can no longer be edited at all. The form is posted back as the
editor's JavaScript would post it (tests/admin_forms.py).
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Page, RevisionMixin
from wagtail.snippets.models import get_snippet_models

from tests.admin_forms import edit_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _video_providers_answer(monkeypatch):
    # No network in tests: the video block asks YouTube or Vimeo about its address on save.
    from wagtail.embeds import embeds
    from wagtail.embeds.models import Embed

    def found(url, *args, **kwargs):
        return Embed(url=url, html=f'<iframe src="{url}" title="video"></iframe>', type="video")

    monkeypatch.setattr(embeds, "get_embed", found)


@pytest.fixture
def editor(client, django_user_model):
    admin = django_user_model.objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(admin)
    return client


def save_unchanged(client, url, model):
    """Post the edit form at ``url`` back as it was rendered; the messages the admin gave."""
    form = client.get(url)
    assert form.status_code == 200, url
    response = client.post(url, edit_form_data(form.content.decode(), model))
    messages = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    if response.status_code != 302:
        errors = response.context and [
            (name, error)
            for form in [response.context.get("form")]
            if form is not None
            for name, error in form.errors.items()
        ]
        pytest.fail(f"{url} was not saved: {messages} {errors}")
    assert not [m for m in messages if m[0] == "error"], (url, messages)
    return messages


def test_every_demo_page_saves_unchanged(demo, editor):
    pages = Page.objects.filter(depth__gt=1).order_by("path").specific()
    assert {page.locale.language_code for page in pages} == {"fr-ca", "en"}
    assert len(pages) > 40
    for page in pages:
        revisions = page.revisions.count()
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        messages = save_unchanged(editor, url, type(page))
        assert [level for level, _text in messages] == ["success"], (url, messages)
        assert page.revisions.count() == revisions + 1, url
        # Saved as a draft of the same content: the title did not move.
        assert page.get_latest_revision_as_object().title == page.title, url


def test_every_demo_snippet_saves_unchanged(demo, editor):
    saved = set()
    for model in get_snippet_models():
        edit = model.snippet_viewset.get_url_name("edit")
        for instance in model.objects.all():
            url = reverse(edit, args=[instance.pk])
            before = instance.revisions.count() if issubclass(model, RevisionMixin) else None
            messages = save_unchanged(editor, url, model)
            assert [level for level, _text in messages] == ["success"], (url, messages)
            if before is not None:
                assert instance.revisions.count() == before + 1, url
            saved.add(model.__name__)
    # The demo has partners and their tiers at least; every kind found was saved.
    assert {"Partner", "PartnerTier"} <= saved

"""The edition editor offers the speakers, venues and themes of the edition's language."""

import re

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from colloque.models import EditionPage, Speaker, Theme, Venue

pytestmark = pytest.mark.django_db


def fields_named(html, name):
    """The elements called ``<prefix>-<n>-name``, the new item's <template> included."""
    soup = WagtailTestUtils.get_soup(html)
    found = soup.select(f'[name$="-{name}"]')
    for template in soup.find_all("template"):
        found += WagtailTestUtils.get_soup(template.decode_contents()).select(f'[name$="-{name}"]')
    return found


def offered(html, name):
    """The values each inline form offers for the checkboxes called ``name``."""
    values = {}
    for element in fields_named(html, name):
        values.setdefault(element["name"].rsplit("-", 1)[0], set()).add(element["value"])
    return values


def pks(queryset):
    return {str(pk) for pk in queryset.values_list("pk", flat=True)}


def edition_in(language):
    return (
        EditionPage.objects.filter(locale__language_code=language, programme_items__isnull=False)
        .distinct()
        .first()
    )


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_programme_items_offer_speakers_and_themes_of_the_editions_language(
    demo, admin_client, language
):
    edition = edition_in(language)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[edition.pk])).content
    for model, name in ((Speaker, "speakers"), (Theme, "themes")):
        expected = pks(model.objects.filter(locale=edition.locale))
        # The demo has them in both languages: before, each was listed twice.
        assert expected and model.objects.exclude(locale=edition.locale).exists()
        forms = offered(html.decode(), name)
        # The existing items, and the template a new item is made from.
        assert "programme_items-__prefix__" in forms and len(forms) > 1, sorted(forms)
        for prefix, values in forms.items():
            assert values == expected, (name, prefix)


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_venue_choosers_open_on_the_editions_language(demo, admin_client, language):
    edition = edition_in(language)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[edition.pk])).content
    page = html.decode()
    choosers = re.findall(r'id="id_([\w-]+-venue)-chooser"[^>]*data-chooser-url="([^"]+)"', page)
    prefixes = {name.rsplit("-", 2)[0] for name, _url in choosers}
    # Programme items' and the edition's venues, the templates of new ones included.
    assert {"programme_items", "venues"} <= prefixes
    assert any("__prefix__" in name for name, _url in choosers)
    code = edition.locale.language_code
    for name, url in choosers:
        assert url.endswith(f"?locale={code}"), name
    # The chooser lists that language's venues only.
    listing = admin_client.get(choosers[0][1]).json()["html"]
    shown = {venue.name for venue in Venue.objects.filter(locale=edition.locale)}
    hidden = {venue.name for venue in Venue.objects.exclude(locale=edition.locale)} - shown
    assert shown and hidden
    assert all(name in listing for name in shown)
    assert not any(name in listing for name in hidden)


def test_a_venue_of_another_language_is_refused_unless_already_chosen(demo):
    edition = edition_in("en")
    form_class = EditionPage.get_edit_handler().get_form_class()
    form = form_class(instance=edition, for_user=None)
    item_form = form.formsets["programme_items"].forms[0]
    venues = item_form.fields["venue"].queryset
    chosen = item_form.instance.venue_id
    assert set(venues.values_list("pk", flat=True)) == set(
        Venue.objects.filter(locale=edition.locale).values_list("pk", flat=True)
    ) | {chosen}

import polib
import pytest
from django.conf import settings

from factories import StandardPageFactory


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="À propos", slug="a-propos")


@pytest.fixture
def about_en(about, english_home):
    page = about.copy_for_translation(english_home.locale)
    page.title = "About"
    page.slug = "about"
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_french_is_served_at_the_root(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="fr-ca">' in html
    assert "Aller au contenu" in html  # skip link, translated
    assert response.context["page"].pk == home_page.pk


@pytest.mark.django_db
def test_english_is_served_under_en(client, english_home):
    response = client.get("/en/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert response.context["page"].pk == english_home.pk


@pytest.mark.django_db
def test_language_switcher_leads_to_the_translation(client, about, about_en):
    html = client.get("/a-propos/").content.decode()
    assert '<a href="/en/about/" lang="en" hreflang="en">English</a>' in html
    assert '<span aria-current="true" lang="fr-ca">Français</span>' in html
    html_en = client.get("/en/about/").content.decode()
    assert '<a href="/a-propos/" lang="fr-ca" hreflang="fr-ca">Français</a>' in html_en


@pytest.mark.django_db
def test_hreflang_alternates_only_for_real_translations(client, about, about_en, home_page):
    html = client.get("/a-propos/").content.decode()
    assert '<link rel="alternate" hreflang="fr-ca" href="http://testserver/a-propos/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/about/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/a-propos/">' in html

    untranslated = StandardPageFactory(parent=home_page, title="Seulement en français")
    html = client.get(untranslated.url).content.decode()
    assert 'hreflang="en"' not in html.split("</head>")[0]
    # The switcher still offers English: it leads to the English home page.
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in html


@pytest.mark.django_db
def test_switcher_on_a_non_page_view_keeps_the_query(client, home_page):
    html = client.get("/recherche/", {"q": "colloque"}).content.decode()
    assert 'href="/en/search/?q=colloque"' in html  # the English address


@pytest.mark.django_db
def test_404_is_in_french(client, home_page):
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert "Retour à l’accueil" in html


@pytest.mark.django_db
def test_404_in_english_under_en(client, english_home):
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_500_page_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Une erreur est survenue" in html


@pytest.mark.parametrize("language", ["fr_CA", "en"])
def test_no_catalogue_keeps_a_guessed_translation(language):
    """makemessages marks its guesses "fuzzy" (the English catalogue once offered "Written to
    %(path)s." for "Attendance on %(date)s"): every guess is either checked or removed, so a
    translator never publishes one by clearing the flag."""
    catalogue = polib.pofile(
        str(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po")
    )
    assert [entry.msgid for entry in catalogue.fuzzy_entries() if entry.msgid] == []

"""The registration form's consent links to the privacy policy; emails are signed with the
organisation's name."""

import pytest

from factories import PrivacyPageFactory
from factories.communities import registration_data
from home.models import OutboxEmail, SiteSettings

pytestmark = pytest.mark.django_db

HELP = (
    '<div class="helptext" id="id_consent_helptext"><a href="/confidentialite/">'
    "Lire notre politique de confidentialité</a></div>"
)


def form_url(community):
    return f"/communautes/{community.slug}/inscription/"


@pytest.fixture
def privacy(home_page):
    return PrivacyPageFactory(parent=home_page)


def test_the_consent_links_to_the_privacy_policy(client, community, privacy):
    html = client.get(form_url(community)).content.decode()
    assert HELP in html, html.split("<legend>Consentement")[1][:1500]
    consent = html.split('name="consent"')[1].split(">")[0]
    assert 'aria-describedby="id_consent_helptext"' in consent
    # The notice above the form links to it too.
    notice = html.split('id="privacy-title"')[1].split("</section>")[0]
    assert '<a href="/confidentialite/">Lire notre politique de confidentialité</a>' in notice


def test_the_link_stays_when_the_form_comes_back_with_errors(client, community, privacy):
    html = client.post(form_url(community), registration_data(consent="")).content.decode()
    assert "Votre consentement est nécessaire pour vous inscrire." in html
    assert HELP in html
    assert "id_consent_helptext" in html.split('name="consent"')[1].split(">")[0]


def test_in_english_the_consent_links_to_the_english_policy(
    client, community, privacy, english_home
):
    from home.models import PrivacyPage

    english = privacy.copy_for_translation(english_home.locale)
    english.slug = "privacy"
    english.save_revision().publish()
    english_community = community.copy_for_translation(english_home.locale, copy_parents=True)
    english_community.save_revision().publish()
    assert PrivacyPage.objects.live().count() == 2
    html = client.get(english_community.url + "registration/").content.decode()
    assert '<a href="/en/privacy/">Read our privacy policy</a>' in html


def test_without_a_policy_the_form_still_works(client, community):
    html = client.get(form_url(community)).content.decode()
    assert 'name="consent"' in html and "id_consent_helptext" not in html


def test_the_privacy_officer_answers_when_the_index_names_nobody(
    client, community, community_index, site
):
    community_index.privacy_contact = ""
    community_index.save_revision().publish()
    settings = SiteSettings.for_site(site)
    settings.privacy_officer_email = "protection@example.org"
    settings.save()
    html = client.get(form_url(community)).content.decode()
    assert 'écrivez à <a href="mailto:protection@example.org">' in html


def test_registration_emails_are_signed_with_the_organisation_name(client, community, site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "ACLAM"
    settings.save()
    client.post(form_url(community), registration_data())
    email = OutboxEmail.objects.get()
    assert email.body.rstrip().endswith("L’équipe ACLAM")
    assert "Expressives" not in email.body


def test_without_a_name_emails_are_signed_with_the_site_name(client, community):
    client.post(form_url(community), registration_data())
    assert OutboxEmail.objects.get().body.rstrip().endswith("L’équipe Expressives")

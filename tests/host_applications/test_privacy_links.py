"""The candidature form's consent links to the privacy policy; the emails to applicants are
signed with the organisation's name."""

import pytest

from factories import PrivacyPageFactory
from factories.host_applications import application_data
from home.models import OutboxEmail, SiteSettings

pytestmark = pytest.mark.django_db

HELP = (
    '<div class="helptext" id="id_consent_helptext"><a href="/confidentialite/">'
    "Lire notre politique de confidentialité</a></div>"
)


@pytest.fixture
def privacy(home_page):
    return PrivacyPageFactory(parent=home_page)


def test_the_consent_links_to_the_privacy_policy(client, call, privacy):
    html = client.get(call.url).content.decode()
    assert HELP in html
    assert "id_consent_helptext" in html.split('name="consent"')[1].split(">")[0]
    notice = html.split('id="privacy-title"')[1].split("</section>")[0]
    assert '<a href="/confidentialite/">Lire notre politique de confidentialité</a>' in notice


def test_the_link_stays_when_the_form_comes_back_with_errors(client, call, privacy):
    html = client.post(call.url, application_data(consent="")).content.decode()
    assert "Votre consentement est nécessaire pour évaluer la candidature." in html
    assert HELP in html


def test_without_a_policy_the_form_still_works(client, call):
    html = client.get(call.url).content.decode()
    assert 'name="consent"' in html and "id_consent_helptext" not in html


def test_the_privacy_officer_answers_when_the_call_names_nobody(client, call, site):
    call.privacy_contact = ""
    call.save_revision().publish()
    settings = SiteSettings.for_site(site)
    settings.privacy_officer_email = "protection@example.org"
    settings.save()
    html = client.get(call.url).content.decode()
    assert 'écrivez à <a href="mailto:protection@example.org">' in html


def test_emails_to_applicants_are_signed_with_the_organisation_name(submit, site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "ACLAM"
    settings.save()
    submit()
    receipt = OutboxEmail.objects.get(to="amelie.roy@example.org")
    assert receipt.body.rstrip().endswith("L’équipe ACLAM")

"""Links go to the web, to this site, to an email address or to a phone number; nowhere else."""

import pytest
from django.core.exceptions import ValidationError

from home.blocks import CallToActionBlock, LinkBlock
from home.links import validate_link

ACCEPTED = [
    "https://example.org/",
    "http://example.org/a?b=c#d",
    "mailto:info@example.org",
    "mailto:info@example.org?subject=Colloque%202025",
    "MAILTO:Info@Example.org",
    "tel:+15145550100",
    "tel:514-555-0100",
    "/actualites/",
    "#programme",
]
REFUSED = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:",
    "mailto:nobody",
    "tel:call-me",
    "//evil.example.org/",
    "ftp://example.org/",
    "example org",
    "/with space",
]


@pytest.mark.parametrize("value", ACCEPTED)
def test_links_that_are_accepted(value):
    validate_link(value)
    assert LinkBlock().clean({"url": value, "label": "Écrire"})["url"] == value


@pytest.mark.parametrize("value", REFUSED)
def test_links_that_are_refused(value):
    with pytest.raises(ValidationError):
        validate_link(value)


def test_an_email_call_to_action_renders_its_link_unchanged():
    block = CallToActionBlock()
    value = block.to_python(
        {
            "title": "Envie de relever le défi?",
            "link": {"url": "mailto:info@example.org", "label": "Écrire"},
        }
    )
    html = block.render(value)
    assert 'href="mailto:info@example.org"' in html and "Écrire" in html


@pytest.mark.django_db
def test_an_edition_and_a_partner_may_link_to_an_email():
    from colloque.models import EditionPage, Partner

    for model, name in ((EditionPage, "registration_url"), (Partner, "website")):
        field = model._meta.get_field(name)
        assert field.clean("mailto:info@example.org", None) == "mailto:info@example.org"
        assert field.formfield().clean("tel:+15145550100") == "tel:+15145550100"
        with pytest.raises(ValidationError):
            field.clean("javascript:alert(1)", None)


def test_a_refused_link_is_explained_in_french():
    with pytest.raises(ValidationError) as refused:
        validate_link("javascript:alert(1)")
    message = str(refused.value.messages[0])
    assert message.startswith("Entrez une adresse web (https://…), un chemin de ce site")

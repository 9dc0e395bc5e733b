"""Every free-text answer has a maximum length the form states (issue 25, item 7): a megabyte
of motivation is refused with a French message, nothing is saved and nothing typed is lost."""

import re

import pytest
from django import forms
from django.urls import reverse

from communities.forms import RegistrationForm
from factories.host_applications import application_data
from home.forms import SearchForm
from host_applications.forms import HostApplicationForm
from host_applications.models import HostApplication

from .conftest import act

pytestmark = pytest.mark.django_db

MEGABYTE = "é" * 1_000_000
XLSX_CELL = 32_767  # the most characters a spreadsheet cell holds

LIMITS = {
    "accessibility_details": "2 000",
    "catering": "2 000",
    "technical_equipment": "2 000",
    "accommodation_transport": "2 000",
    "local_partners": "2 000",
    "motivation": "5 000",
}


@pytest.mark.parametrize("form_class", [HostApplicationForm, RegistrationForm, SearchForm])
def test_every_text_field_of_the_public_forms_is_bounded(form_class):
    form = form_class()
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField):
            assert field.max_length, name
            assert field.max_length < XLSX_CELL, name
            assert field.widget.attrs.get("maxlength") == str(field.max_length), name
            if isinstance(field.widget, forms.Textarea):
                assert "caractères au plus" in str(field.help_text), name


def test_the_form_states_each_limit(client, call):
    html = client.get(call.url).content.decode()
    for name, limit in LIMITS.items():
        textarea = re.search(rf'<textarea name="{name}"[^>]*>', html).group(0)
        assert f'maxlength="{limit.replace(" ", "")}"' in textarea, name
        described = re.search(r'aria-describedby="([^"]+)"', textarea).group(1).split()[0]
        help_text = re.search(rf'id="{described}"[^>]*>([^<]*)<', html).group(1)
        assert f"{limit} caractères au plus." in help_text.replace("\xa0", " "), name


@pytest.mark.parametrize("name", list(LIMITS))
def test_an_answer_past_its_limit_is_refused_and_nothing_is_lost(client, call, name):
    data = application_data(institution_name="Cégep Témoin", **{name: MEGABYTE})
    response = client.post(call.url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette réponse est trop longue" in html
    assert "(elle en compte 1000000)" in html
    assert "Cégep Témoin" in html  # the other answers are given back
    assert html.count("é" * 1000) >= 1  # and so is the long one, to shorten
    assert not HostApplication.objects.exists()


def test_an_answer_at_its_limit_is_taken(client, call):
    response = client.post(call.url, application_data(motivation="m" * 5000))
    assert response.status_code == 302
    assert len(HostApplication.objects.get().motivation) == 5000


def test_changes_through_the_private_link_are_bounded_too(client, submit, communications, call):
    application, token = submit()
    act(application, communications, "reject", comment="Précisez")
    data = application_data(catering=MEGABYTE)
    data.pop("consent")
    url = call.url + call.reverse_subpage("edit", kwargs={"token": token})
    html = client.post(url, data).content.decode()
    assert "Cette réponse est trop longue" in html
    application.refresh_from_db()
    assert application.catering == "Cafétéria sur place."


def test_staff_comments_are_bounded(client, submit, communications, committee, criteria):
    application, _token = submit()
    act(application, communications, "approve")
    client.force_login(committee)
    score_url = reverse("host_applications_score", args=[application.pk])
    form_html = client.get(score_url).content.decode().replace("\xa0", " ")
    assert 'maxlength="5000"' in form_html and "5 000 caractères au plus." in form_html
    response = client.post(
        score_url,
        {
            f"score_{criteria[0].pk}": "5",
            f"comment_{criteria[0].pk}": MEGABYTE,
            f"score_{criteria[1].pk}": "3",
            "comment": "Solide",
        },
    )
    assert "Cette réponse est trop longue" in response.content.decode()
    assert not application.reviews.exists()

    url = reverse("host_applications_end_moderation", args=[application.pk])
    client.force_login(communications)
    response = client.post(url, {"choice": "withdraw", "comment": MEGABYTE})
    assert "Cette réponse est trop longue" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "screened"


def test_the_workflow_dialogs_comment_is_bounded(committee, submit, communications):
    application, _token = submit()
    act(application, communications, "approve")
    task = application.current_workflow_task_state.task.specific
    form = task.get_form_for_action("reject")({"comment": MEGABYTE})
    assert not form.is_valid()
    assert "Cette réponse est trop longue" in str(form.errors)
    assert form.fields["comment"].widget.attrs["maxlength"] == "5000"

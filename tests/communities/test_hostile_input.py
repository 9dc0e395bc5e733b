"""Hostile input on the registration form and the private registration page, case by case,
and property tests (hypothesis) over every field of both."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from communities.forms import RegistrationForm
from communities.models import Registration
from factories.communities import registration_data
from home.models import OutboxEmail
from tests.hostile import (
    HOSTILE_EMAIL,
    PAYLOAD,
    assert_escaped,
    assert_no_raw_markup,
    assert_typed_text_shown_escaped,
    body_of,
    choice_or_hostile,
    email_or_hostile,
    fewer,
    hostile_text,
    rolled_back,
    text_or_hostile,
)

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ["name", "organisation", "project", "colleagues"]


def form_url(community):
    return f"/communautes/{community.slug}/inscription/"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", password="pw", email="admin@example.org"
    )


@pytest.fixture
def open_limits(settings):
    settings.COMMUNITY_RATE_LIMIT = 10**9
    settings.PRIVATE_LINK_RATE_LIMIT = 10**9


def test_markup_in_every_field_is_kept_and_shown_escaped_everywhere(
    client, community, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_url(community),
            registration_data(**dict.fromkeys(TEXT_FIELDS, PAYLOAD), email=HOSTILE_EMAIL),
            follow=True,
        )
    registration = Registration.objects.get()
    for name in TEXT_FIELDS:
        assert getattr(registration, name) == PAYLOAD, name
    assert registration.email == HOSTILE_EMAIL
    assert_escaped(response.content.decode())  # the private page, after the redirect

    client.force_login(superuser)
    for url in (
        reverse("registrations:index"),
        reverse("registrations:inspect", args=[registration.pk]),
        reverse("registrations:edit", args=[registration.pk]),
    ):
        assert_escaped(client.get(url).content.decode())

    assert mail.outbox
    for message in mail.outbox:
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
        assert "\n" not in message.subject and "\r" not in message.subject
    assert PAYLOAD in next(m for m in mail.outbox if m.to == [HOSTILE_EMAIL]).body


def test_exports_neutralise_formulas_and_survive_control_characters(client, community, superuser):
    client.post(
        form_url(community),
        registration_data(
            name='=HYPERLINK("http://evil.example","x")',
            organisation="\t=1+2",
            project="-2+3 \x0b\x1b[31m",
            colleagues="@SUM(A1)",
        ),
    )
    assert Registration.objects.count() == 1
    client.force_login(superuser)
    response = client.get(reverse("registrations:index"), {"export": "csv"})
    cells = list(csv.reader(io.StringIO(body_of(response).decode("utf-8-sig"))))[1]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    response = client.get(reverse("registrations:index"), {"export": "xlsx"})
    assert response.status_code == 200
    row = load_workbook(io.BytesIO(body_of(response))).active[2]
    assert not [cell for cell in row if cell.data_type == "f"]
    assert "'-2+3 [31m" in [cell.value for cell in row]


def test_undecodable_bytes_are_a_form_error(client, community):
    body = urlencode(registration_data()).encode() + b"&project=Un+projet+%C3%28+cass%E9"
    response = client.generic(
        "POST", form_url(community), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "caractères illisibles" in response.content.decode()
    assert not Registration.objects.exists() and not OutboxEmail.objects.exists()


def test_too_many_fields_and_broken_bodies_are_refused(client, community, settings):
    data = {**registration_data(), **{f"x{n}": "1" for n in range(10_001)}}
    assert client.post(form_url(community), data).status_code == 400
    response = client.generic(
        "POST", form_url(community), b"--x\r\nbroken", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()


# Property tests ------------------------------------------------------------------------

VALID = registration_data()
form = RegistrationForm()
answers = st.fixed_dictionaries(
    {
        **{name: text_or_hostile(VALID[name]) for name in TEXT_FIELDS},
        "email": st.one_of(st.just(VALID["email"]), email_or_hostile),
        "role": choice_or_hostile(value for value, _ in form.fields["role"].choices if value),
        "region": choice_or_hostile(value for value, _ in form.fields["region"].choices if value),
        "school_level": choice_or_hostile(["preschool-primary", "secondary", "english"]),
        "consent": st.sampled_from(["on", "on", "on", "", "<script>alert(1)</script>"]),
        "website": st.sampled_from(["", "", "", "http://spam.example"]),
    }
)


def expected(name, value):
    if name == "name":
        return " ".join(value.split())
    if name == "email":
        return value.strip().lower()
    return value.strip()


def test_hostile_registrations_are_refused_or_kept_exactly(client, community, open_limits):
    seen = {"saved": 0, "refused": 0}

    @given(data=answers)
    def register(data):
        with rolled_back():
            emails = OutboxEmail.objects.count()
            response = client.post(form_url(community), data)
            content = response.content.decode()
            assert response.status_code in (200, 302)
            assert_no_raw_markup(content)
            if response.status_code == 302:
                seen["saved"] += 1
                registration = Registration.objects.get()
                for name in [*TEXT_FIELDS, "email"]:
                    assert getattr(registration, name) == expected(name, data[name]), name
                for email in OutboxEmail.objects.all()[emails:]:
                    assert "\n" not in email.subject and "\r" not in email.subject
                private = client.get(response["Location"])
                assert private.status_code == 200
                assert_no_raw_markup(private.content.decode())
            else:
                seen["refused"] += 1
                if not data["website"]:  # a filled honeypot is refused without saying why
                    assert 'class="errorlist' in content
                assert_typed_text_shown_escaped(content, data, TEXT_FIELDS)
                assert not Registration.objects.exists()
                assert OutboxEmail.objects.count() == emails

    register()
    assert not Registration.objects.exists()
    assert seen["saved"] and seen["refused"]


def test_hostile_actions_on_the_private_page_never_fail(client, community, open_limits):
    response = client.post(form_url(community), registration_data())
    url = response["Location"]
    registration = Registration.objects.get()
    state = registration.state

    @fewer(3)
    @given(
        action=st.one_of(st.sampled_from(["confirm", "decline", "withdraw"]), hostile_text),
        confirm=st.one_of(st.sampled_from(["on", "", "false"]), hostile_text),
        prefix=st.sampled_from(["decline", "withdraw", "other"]),
    )
    def act(action, confirm, prefix):
        with rolled_back():
            response = client.post(url, {"action": action, f"{prefix}-confirm": confirm})
            assert response.status_code in (200, 302, 400)
            assert_no_raw_markup(response.content.decode())
            if response.status_code != 302:
                assert Registration.objects.get(pk=registration.pk).state == state

    act()
    assert Registration.objects.get(pk=registration.pk).state == state

"""Property tests: hostile answers in every field of the candidature forms never give a 500.

Either the form is refused (the page comes back with what was typed, escaped, and nothing is
saved) or the candidature is saved with the text exactly as the form cleaned it, and shown
escaped. Each example runs in a savepoint that is rolled back. HYPOTHESIS_PROFILE sets how
many examples (tests/conftest.py).
"""

import pytest
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from factories.host_applications import application_data
from home.models import OutboxEmail
from host_applications import services
from host_applications.forms import HostApplicationForm
from host_applications.models import ApplicationFile, HostApplication
from tests.hostile import (
    assert_no_raw_markup,
    assert_typed_text_shown_escaped,
    choice_or_hostile,
    date_or_hostile,
    email_or_hostile,
    fewer,
    hostile_text,
    number_or_hostile,
    rolled_back,
    text_or_hostile,
)

from .conftest import act

pytestmark = pytest.mark.django_db

VALID = application_data()
# Every field the institution types freely, from the form's own list: a new one is fuzzed too.
TEXT_FIELDS = [
    name
    for name in services.APPLICANT_FIELDS
    if isinstance(HostApplication._meta.get_field(name), models.CharField | models.TextField)
    and not HostApplication._meta.get_field(name).choices
]
FREE_TEXT = [name for name in TEXT_FIELDS if name not in ("postal_code", "contact_email")]

form = HostApplicationForm()
answers = st.fixed_dictionaries(
    {
        **{name: text_or_hostile(VALID[name]) for name in FREE_TEXT},
        "postal_code": st.one_of(st.sampled_from(["h2j2l3", " G1R 2B5 ", "H2J-2L3"]), hostile_text),
        "contact_email": st.one_of(st.just(VALID["contact_email"]), email_or_hostile),
        "institution_type": choice_or_hostile(
            value for value, _ in form.fields["institution_type"].choices if value
        ),
        "region": choice_or_hostile(value for value, _ in form.fields["region"].choices if value),
        "accessibility": choice_or_hostile(["full", "partial", "none"]),
        "plenary_capacity": number_or_hostile(300),
        "workshop_rooms": number_or_hostile(9),
        "proposed_start_date": date_or_hostile(VALID["proposed_start_date"]),
        "proposed_end_date": date_or_hostile(VALID["proposed_end_date"]),
        "consent": st.sampled_from(["on", "on", "on", "", "<script>alert(1)</script>"]),
        "website": st.sampled_from(["", "", "", "http://spam.example"]),
    }
)


def expected(name, value):
    """What the form keeps of a text answer."""
    if name == "institution_name":
        return " ".join(value.split())
    if name == "postal_code":
        compact = "".join(value.split()).upper()
        return f"{compact[:3]} {compact[3:]}"
    return value.strip()


@pytest.fixture
def open_limits(settings):
    settings.HOST_APPLICATION_RATE_LIMIT = 10**9
    settings.PRIVATE_LINK_RATE_LIMIT = 10**9


def check_refused_or_saved(response, data, *, saved, before):
    content = response.content.decode()
    assert response.status_code < 500
    assert_no_raw_markup(content)
    if response.status_code == 302:
        application = saved()
        for name in TEXT_FIELDS:
            assert getattr(application, name) == expected(name, data[name]), name
        return application
    assert response.status_code == 200
    assert 'class="errorlist' in content
    assert_typed_text_shown_escaped(content, data, FREE_TEXT)
    assert before() == (HostApplication.objects.count(), ApplicationFile.objects.count())
    return None


def test_hostile_candidatures_are_refused_or_kept_exactly(client, call, open_limits):
    seen = {"saved": 0, "refused": 0}

    @given(data=answers)
    def submit(data):
        with rolled_back():
            emails = OutboxEmail.objects.count()
            response = client.post(call.url, data)
            application = check_refused_or_saved(
                response,
                data,
                saved=HostApplication.objects.get,
                before=lambda: (0, 0),
            )
            if application is None:
                seen["refused"] += 1
                assert OutboxEmail.objects.count() == emails
                return
            seen["saved"] += 1
            for email in OutboxEmail.objects.all()[emails:]:
                assert "\n" not in email.subject and "\r" not in email.subject
            status = client.get(response["Location"])
            assert status.status_code == 200
            assert_no_raw_markup(status.content.decode())

    submit()
    assert HostApplication.objects.count() == 0
    assert seen["saved"] and seen["refused"]  # both sides of the property were exercised


@pytest.fixture
def changes_requested(call, submit, communications):
    application, token = submit()
    act(application, communications, "reject", comment="Précisez les dates.")
    return application, token


def test_hostile_changes_are_refused_or_kept_exactly(client, call, changes_requested, open_limits):
    application, token = changes_requested
    url = call.url + call.reverse_subpage("edit", kwargs={"token": token})
    counts = (HostApplication.objects.count(), ApplicationFile.objects.count())

    @fewer(3)
    @given(data=answers, remove=st.lists(st.one_of(st.integers().map(str), hostile_text)))
    def edit(data, remove):
        with rolled_back():
            response = client.post(url, {**data, "remove_file": remove})
            check_refused_or_saved(
                response,
                data,
                saved=lambda: HostApplication.objects.get(pk=application.pk),
                before=lambda: counts,
            )
            if response.status_code == 200:  # refused: the candidature is as it was
                application.refresh_from_db()
                assert application.motivation == VALID["motivation"]

    edit()
    application.refresh_from_db()
    assert application.motivation == VALID["motivation"]


def test_hostile_withdrawals_never_fail(client, call, submit, open_limits):
    application, token = submit()
    url = call.url + call.reverse_subpage("withdraw", kwargs={"token": token})

    @fewer(6)
    @given(confirm=st.one_of(st.sampled_from(["on", "", "false"]), hostile_text))
    def withdraw(confirm):
        with rolled_back():
            response = client.post(url, {"confirm": confirm})
            assert response.status_code in (200, 302)
            assert_no_raw_markup(response.content.decode())
            withdrawn = HostApplication.objects.get(pk=application.pk).withdrawn_at is not None
            assert withdrawn == (response.status_code == 302)

    withdraw()
    assert services.can_withdraw(application=HostApplication.objects.get(pk=application.pk))

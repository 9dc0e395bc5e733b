"""Moderation emails to staff link to the object itself, never to the bare site address
(issue 25, item 10)."""

import re

import pytest
from django.test import Client

from home.models import OutboxEmail

from .conftest import act

pytestmark = pytest.mark.django_db

BASE = "http://testserver"  # SITE_URL in the test settings


def links(body):
    return re.findall(r"https?://\S+", body)


def assert_real_links(body):
    found = links(body)
    assert found
    for url in found:
        assert url.startswith(BASE + "/"), url
        assert url.rstrip("/") != BASE, f"a bare base URL: {body}"


@pytest.mark.parametrize("stage", ["screening", "decision"])
def test_each_step_emails_its_group_a_link_to_the_candidature(
    submit, communications, committee, stage
):
    application, _token = submit()
    recipient = communications
    if stage == "decision":
        act(application, communications, "approve")
        recipient = committee
    email = OutboxEmail.objects.filter(to=recipient.email).latest("pk")
    assert_real_links(email.body)
    task_id = application.current_workflow_task_state.task_id
    preview = f"{BASE}/admin/snippets/host_applications/hostapplication/workflow/preview/"
    preview += f"{application.pk}/{task_id}/"
    assert preview in email.body

    # The link opens the candidature for the person it was sent to.
    client = Client()
    client.force_login(recipient)
    response = client.get(preview.removeprefix(BASE))
    assert response.status_code == 200
    assert application.institution_name in response.content.decode()

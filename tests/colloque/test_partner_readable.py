"""Partners read well in the admin: the state says what happened, the inspect view shows what
staff need and nothing internal (issue 20)."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from colloque import services
from colloque.models import Partner, PartnerKind
from factories.colloque import PartnerFactory

pytestmark = pytest.mark.django_db

ADMIN = "wagtailsnippets_colloque_partner"
LIST = reverse(f"{ADMIN}:list")


@pytest.fixture
def sent_back(communications, committee):
    partner = PartnerFactory(name="Radio régionale", live=False, approved=False)
    services.propose_partner(partner=partner, user=communications)
    services.reject_partner(partner=partner, user=committee, comment="Le logo manque.")
    partner.refresh_from_db()
    return partner


def test_a_partner_sent_back_says_so(client, communications, sent_back):
    assert services.partner_state(partner=sent_back) == services.PartnerState.SENT_BACK
    client.force_login(communications)
    html = client.get(LIST).content.decode()
    (row,) = [row for row in re.findall(r"<tr.*?</tr>", html, re.S) if "Radio régionale" in row]
    assert "Renvoyé pour modifications" in row
    assert "Brouillon" not in row
    filtered = client.get(LIST, {"state": "sent-back"}).context["object_list"]
    assert [p.name for p in filtered] == ["Radio régionale"]
    assert not client.get(LIST, {"state": "draft"}).context["object_list"]


def test_a_partner_sent_back_can_be_proposed_again(communications, sent_back):
    services.propose_partner(partner=sent_back, user=communications)
    sent_back.refresh_from_db()
    assert services.partner_state(partner=sent_back) == services.PartnerState.AWAITING


def inspect_fields(client, partner):
    html = client.get(reverse(f"{ADMIN}:inspect", args=[partner.pk])).content.decode()
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S)
    return {
        re.sub(r"<[^>]+>|\s+", " ", label).strip(): re.sub(r"<[^>]+>|\s+", " ", value).strip()
        for label, value in pairs
    }


def test_inspect_view_shows_labels_states_and_local_times(client, communications):
    partner = PartnerFactory(name="Observatoire du loisir", kind=PartnerKind.MEDIA, website="")
    # 00:00 UTC on 5 March is 19:00 on 4 March in Montréal.
    Partner.objects.filter(pk=partner.pk).update(
        last_published_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC)
    )
    client.force_login(communications)
    fields = inspect_fields(client, partner)

    assert fields["Nom"] == "Observatoire du loisir"
    assert fields["Type"] == "Média"
    assert fields["État"] == "Approuvé"
    assert fields["Site Web"] == "—"
    assert fields["Logo"] == "—"
    assert fields["Éditions"] == "—"
    assert fields["Dernière publication le"] == "4 mars 2026 à 19 h"
    values = " ".join(fields.values())
    for internal in ("None", "False", "True"):
        assert internal not in values
    labels = " ".join(fields).lower()
    for internal in ("publié", "clé de traduction", "verrouill", "révision"):
        assert internal not in labels


def test_export_writes_states_in_words(client, communications, sent_back):
    client.force_login(communications)
    response = client.get(LIST, {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(content))
    assert row["État"] == "Renvoyé pour modifications"
    assert row["Langue"] == "Français"

import datetime
import json
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from colloque.models import EditionPage
from communities.models import CommunityPage, CommunitySession
from home.demo_utils import DemoDates
from home.models import HomePage, NewsIndexPage, NewsPage, SiteSettings, StandardPage


def demo_footer(html):
    return html.split('<footer class="site-footer">')[1].split("</footer>")[0]


def state():
    """What loading the demo again must leave as it is, across the apps (one load here
    rather than one per app: a load takes seconds)."""
    from colloque.models import EditionPartner, Partner, Venue
    from communities.models import Registration
    from host_applications.models import HostApplication

    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "partners": Partner.objects.count(),
        "listings": EditionPartner.objects.count(),
        "candidatures": HostApplication.objects.count(),
        "registrations": Registration.objects.count(),
        # Seed 002's venues are in France: a second load must not move them to Québec's zone.
        "zones": sorted(Venue.objects.values_list("town", "time_zone")),
    }


@pytest.mark.django_db
def test_demo_is_idempotent_and_reset_republishes(demo):
    before = state()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert state() == before
    assert "0 created, 0 updated" in out.getvalue()

    call_command("load_demo", "--reset", stdout=StringIO())
    after = state()
    for kept in ("pages", "images", "documents"):
        assert after[kept] == before[kept], kept
    assert after["revisions"] > before["revisions"]


@pytest.mark.django_db
def test_demo_builds_both_languages_without_stray_redirects(demo):
    for model in (HomePage, StandardPage, NewsIndexPage, NewsPage):
        french = model.objects.filter(locale__language_code="fr-ca", live=True)
        english = model.objects.filter(locale__language_code="en", live=True)
        assert french.exists() and french.count() == english.count(), model
    assert NewsPage.objects.filter(locale__language_code="fr-ca").count() >= 6
    assert not Redirect.objects.exists()
    assert SiteSettings.objects.get().organisation_name == "ACLAM"


@pytest.mark.django_db
def test_demo_pages_render_in_both_languages(demo, client):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert "<h1" in response.content.decode(), page.url
    home = client.get("/").content.decode()
    # The featured 2026 edition brings its own status.
    assert "Recherche d’un milieu hôte" in home
    assert "Looking for a host" in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_demo_images_have_alt_text_and_the_study_is_a_pdf(demo):
    for image in get_image_model().objects.all():
        assert image.description
        if image.collection.name == "Logos des partenaires":
            assert (image.width, image.height) == (600, 300)
        elif image.pk == SiteSettings.objects.get().logo_id:
            assert (image.width, image.height) == (360, 120)
        else:
            assert (image.width, image.height) == settings.DEMO_IMAGE_SIZE
    # The study, and the ECLORE week's programme and portfolio (seed 002): real PDFs.
    documents = get_document_model().objects.all()
    assert len(documents) == 3
    assert documents.filter(title__startswith="Les bienfaits").exists()
    for document in documents:
        assert document.file_extension == "pdf" and document.file_size > 1000
        with document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    "today",
    [datetime.date(2026, 12, 3), datetime.date(2027, 5, 5), datetime.date(2027, 5, 10)]
    + [datetime.date(2028, 1, 1) + datetime.timedelta(days=n) for n in range(0, 366, 17)],
)
def test_the_demo_dates_make_sense_whatever_the_day_of_loading(today):
    dates = DemoDates(today)
    november = datetime.date(dates.upcoming_year, 11, 1)
    # Six months at least to choose a host, and never the November after the next one.
    assert datetime.timedelta(days=180) <= november - today < datetime.timedelta(days=550)
    assert dates.call_opens_at.date() < today < dates.call_closes_at.date()
    assert dates.call_closes_at.weekday() == 4  # a Friday
    for week in (1, 2, 3, 4):
        thursday, friday = dates.november_days(week)
        assert (thursday.weekday(), friday.weekday()) == (3, 4)
        assert thursday.month == 11 and thursday.year == dates.upcoming_year


def test_loaded_on_3_december_2026_the_next_edition_is_2027():
    assert DemoDates(datetime.date(2026, 12, 3)).upcoming_year == 2027


@pytest.mark.django_db
def test_no_community_session_falls_on_a_weekend(demo):
    weekend = [s.date for s in CommunitySession.objects.all() if s.date.weekday() >= 5]
    assert weekend == []


@pytest.mark.django_db
def test_demo_policy_in_both_languages_names_the_person_responsible(demo, client):
    french = client.get("/confidentialite/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "<h1>Politique de confidentialité</h1>" in french
    assert "<h1>Privacy policy</h1>" in english
    assert "<strong>Nathalie Bergeron</strong>, Directrice générale" in french
    assert "<strong>Nathalie Bergeron</strong>, Executive Director" in english  # her title too
    for html in (french, english):
        assert 'href="mailto:confidentialite@example.org"' in html
        assert 'href="https://www.cai.gouv.qc.ca/"' in html
    assert "la personne responsable de la protection des renseignements personnels" in french
    assert "Commission d’accès à l’information du Québec" in french
    assert "effacées 365 jours après la dernière rencontre" in french
    assert "erased 365 days after the community’s last session" in english
    assert "erased 180 days after the edition" in english
    # Each language's footer links to its own policy.
    assert '<a href="/confidentialite/">Politique de confidentialité</a>' in demo_footer(french)
    assert '<a href="/en/privacy/">Privacy policy</a>' in demo_footer(english)


@pytest.mark.django_db
def test_demo_identity_logo_sharing_image_and_structured_data(demo, client):
    settings = SiteSettings.objects.get()
    assert settings.logo.description == "ACLAM" and settings.default_share_image is not None
    html = client.get("/a-propos/").content.decode()  # a page without its own image
    head, body = html.split("</head>")
    assert "<title>À propos · ACLAM</title>" in head
    assert '<meta property="og:image" content="http://testserver/media/images/' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    data = json.loads(head.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Organization" and data["name"] == "ACLAM"
    assert data["email"] == "info@example.org" and data["logo"].endswith(".png")
    brand = body.split('class="site-header__brand"')[1].split("</a>")[0]
    assert 'alt="ACLAM"' in brand and 'class="site-header__logo"' in brand
    assert '<span class="site-header__name">Écoles expressives</span>' in brand


# schema.org Events in JSON-LD: each edition, programme item and community session (with
# the demo loaded once for this module).


def events(html):
    found = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        found += [d for d in (data if isinstance(data, list) else [data]) if d["@type"] == "Event"]
    return found


def test_an_edition_and_its_items_are_events(client, demo):
    edition = EditionPage.objects.get(year=2024, locale__language_code="fr-ca")
    (data,) = events(client.get(edition.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert (data["startDate"], data["endDate"]) == ("2024-11-21", "2024-11-22")
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place" and data["location"]["address"]
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "ACLAM",
        "url": "http://testserver/",
        "email": data["organizer"]["email"],
    }
    assert data["url"] == f"http://testserver{edition.url}"

    item = edition.get_programme().filter(speakers__isnull=False).first()
    (data,) = events(client.get(item.get_url()).content.decode())
    assert data["name"] == item.title
    assert data["startDate"] == item.starts_at.isoformat()  # with the offset of its zone
    assert data["startDate"].endswith("-05:00")  # November in Québec
    assert data["superEvent"]["url"] == f"http://testserver{edition.url}"
    assert {p["name"] for p in data["performer"]} == {s.name for s in item.speakers.all()}


def test_a_communitys_sessions_are_online_events_without_their_meeting_link(client, demo):
    community = CommunityPage.objects.filter(
        locale__language_code="fr-ca", live=True, mode="videoconference"
    ).first()
    html = client.get(community.url).content.decode()
    found = events(html)
    sessions = list(community.get_sessions())
    assert len(found) == len(sessions) > 0
    for data, session in zip(found, sessions, strict=True):
        assert data["startDate"] == session.starts_at.isoformat()
        assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert data["location"] == {
            "@type": "VirtualLocation",
            "url": f"http://testserver{community.url}",
        }
        if session.meeting_url:
            assert session.meeting_url not in html  # private: participants get it by email


@pytest.mark.django_db
def test_indexes_are_updated_once_per_object_after_its_last_save(
    demo, django_capture_on_commit_callbacks
):
    """load_demo saves a page several times: the reference and search indexes are updated
    after the block, from the object as it ends up (tags changed after a first save)."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag
    from wagtail.models import ReferenceIndex
    from wagtail.search.models import IndexEntry

    from home.demo_utils import indexes_updated_once

    news = NewsPage.objects.filter(locale__language_code="en").first()
    references = ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(NewsPage),
        object_id=str(news.pk),
        to_content_type=ContentType.objects.get_for_model(Tag),
    )
    with django_capture_on_commit_callbacks(execute=True), indexes_updated_once():
        news.tags.set(["first draft"])
        news.save()
        news.tags.set(["final wording"])
        news.save()
    assert [
        Tag.objects.get(pk=pk).name for pk in references.values_list("to_object_id", flat=True)
    ] == ["final wording"]
    body = IndexEntry.objects.get(
        content_type=ContentType.objects.get_for_model(NewsPage), object_id=str(news.pk)
    ).body
    # The entry's text on SQLite, its lexemes on PostgreSQL.
    assert "wording" in body and "draft" not in body

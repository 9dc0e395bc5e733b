"""The bench's volume data (bench/volume/) on top of the demo: built from the factories and
the services, so the services' rules hold in it; added once."""

import pytest
from django.db.models import Count, Q
from wagtail.models import Locale, Page, WorkflowState

from bench.volume import build
from colloque.models import EditionPage, EditionPartner, Partner, ProgrammeItem
from colloque.services import ProgrammeSlot, programme_problems
from communities import services as community_services
from communities.models import (
    CommunityIndexPage,
    CommunityPage,
    CommunitySession,
    Lottery,
    Registration,
    RegistrationState,
)
from home.demo_utils import demo_dates
from home.models import NewsIndexPage, NewsPage
from host_applications.models import ApplicationStatus, HostApplication

SCALE = 0.02  # 60 news items, 1 edition, 4 communities, 400 registrations, 40 candidatures


def volume_counts():
    return {
        "pages": Page.objects.count(),
        "news": NewsPage.objects.filter(slug__startswith="volume-").count(),
        "items": ProgrammeItem.objects.count(),
        "partners": Partner.objects.count(),
        "communities": CommunityPage.objects.filter(slug__startswith="volume-").count(),
        "sessions": CommunitySession.objects.count(),
        "registrations": Registration.objects.count(),
        "candidatures": HostApplication.objects.count(),
    }


@pytest.mark.django_db
def test_volume(demo, client):
    """One test: the volume takes seconds to build, each check below would pay for it again."""
    check_rows_and_report(str(build(scale=SCALE)))
    check_pages_are_live_listed_searchable_and_render(client)
    check_rules_of_each_app(client)
    check_added_once()


def french_volume_editions():
    series = Page.objects.get(slug="colloque", locale=Locale.get_default())
    demo_years = (2024, demo_dates().upcoming_year)  # the seed's edition and the upcoming one
    return EditionPage.objects.child_of(series).exclude(year__in=demo_years)


def check_rows_and_report(volume):
    assert volume.startswith("60 news items, 1 editions, 72 programme items")
    assert "4 communities" in volume and "400 registrations" in volume
    assert "40 host candidatures" in volume

    news = NewsPage.objects.filter(slug__startswith="volume-")
    assert news.count() == 60
    assert news.live().count() == 60
    edition = french_volume_editions().get()
    assert edition.slug == str(edition.year) and edition.year == 2023
    assert edition.programme_items.count() == 72
    assert EditionPartner.objects.filter(edition=edition, partner__live=True).exists()
    communities = CommunityPage.objects.filter(slug__startswith="volume-")
    assert communities.count() == 4
    assert CommunitySession.objects.filter(community__in=communities).count() >= 16
    assert Registration.objects.filter(community__in=communities).count() == 400
    candidatures = HostApplication.objects.filter(contact_email__startswith="volume-")
    assert candidatures.count() == 40
    assert not candidatures.filter(live=True).exists()

    # A sound tree: paths, depths and child counts as treebeard would have written them.
    assert Page.find_problems() == ([], [], [], [], [])
    for parent in (NewsIndexPage.objects.get(locale=Locale.get_default()), edition.get_parent()):
        assert Page.objects.get(pk=parent.pk).numchild == parent.get_children().count()


def check_pages_are_live_listed_searchable_and_render(client):
    news = NewsPage.objects.filter(slug__startswith="volume-").order_by("-date").first()
    index = NewsIndexPage.objects.get(locale=Locale.get_default())
    assert news in index.get_news()
    assert Page.objects.live().filter(pk=news.pk).exists()

    html = client.get(news.url).content.decode()
    assert f"<h1>{news.title}</h1>" in html
    assert news.intro.replace("'", "&#x27;") in html
    tag = news.tags.first()
    assert f"?tag={tag.slug}" in html
    assert news.title in client.get(index.url, {"tag": tag.slug}).content.decode()

    edition = french_volume_editions().get()
    html = client.get(edition.url).content.decode()
    assert f"<h1>{edition.title}</h1>" in html
    assert edition.theme in html
    listed = EditionPartner.objects.filter(edition=edition).select_related("partner").first()
    assert listed.partner.name.replace("'", "&#x27;") in html
    assert f"Colloque {edition.year}" in client.get(edition.get_parent().url).content.decode()

    programme = client.get(edition.url + "programme/").content.decode()
    assert programme.count('class="programme-item__title"') == 72
    item = edition.programme_items.exclude(kind="break").order_by("day", "start_time").first()
    assert item.title.replace("'", "&#x27;") in programme
    assert client.get(edition.url + "intervenants/").status_code == 200

    community = (
        CommunityPage.objects.filter(slug__startswith="volume-")
        .annotate(n=Count("registrations"))
        .filter(n__gt=0)
        .first()
    )
    html = client.get(community.url).content.decode()
    assert f"<h1>{community.title}</h1>" in html
    assert community.sessions.first().topic.replace("'", "&#x27;") in html
    listing = client.get(CommunityIndexPage.objects.get(locale=community.locale).url)
    assert community.title in listing.content.decode()

    # The search index knows the new pages.
    results = client.get("/recherche/", {"q": news.title.split(" — ")[0]}).content.decode()
    assert f'href="{news.url}"' in results


def check_rules_of_each_app(client):
    edition = french_volume_editions().get()
    items = edition.programme_items.prefetch_related("speakers")
    slots = [
        ProgrammeSlot(
            title=item.title,
            day=item.day,
            start=item.start_time,
            end=item.end_time,
            venue=item.venue_id,
            room=item.room,
            speakers=tuple(speaker.pk for speaker in item.speakers.all()),
        )
        for item in items
    ]
    assert (
        programme_problems(start_date=edition.start_date, end_date=edition.end_date, items=slots)
        == []
    )

    registrations = Registration.objects.filter(community__slug__startswith="volume-")
    active = registrations.filter(
        state__in=RegistrationState.active(), personal_data_purged_at__isnull=True
    )
    assert not active.values("community", "email").annotate(n=Count("pk")).filter(n__gt=1)
    assert registrations.values("state").distinct().count() >= 3
    for community in CommunityPage.objects.filter(slug__startswith="volume-"):
        counts = community_services.seat_counts(community_ids=[community.pk])[community.pk]
        if community.capacity_max is not None:
            assert counts.holding <= community.capacity_max
        positions = list(
            registrations.filter(community=community, state=RegistrationState.WAITLISTED)
            .order_by("waitlist_position")
            .values_list("waitlist_position", flat=True)
        )
        # Offers take the head of the line and nobody is renumbered: what waits is a run.
        if positions:
            assert positions == list(range(positions[0], positions[0] + len(positions)))
    for lottery in Lottery.objects.filter(community__slug__startswith="volume-"):
        assert community_services.replay(lottery=lottery)

    # The private link works as for a registration made through the form.
    registration = (
        registrations.filter(
            personal_data_purged_at__isnull=True, state=RegistrationState.CONFIRMED
        ).first()
        or registrations.filter(personal_data_purged_at__isnull=True).first()
    )
    token = community_services.token_of(registration)
    page = registration.community
    assert community_services.find_by_token(community=page, token=token) == registration
    response = client.get(page.url + page.reverse_subpage("registration", kwargs={"token": token}))
    assert registration.name in response.content.decode()

    candidatures = HostApplication.objects.filter(contact_email__startswith="volume-")
    assert candidatures.values("reference").distinct().count() == 40
    assert all(
        len(token_hash) == 64 for token_hash in candidatures.values_list("token_hash", flat=True)
    )
    assert not candidatures.filter(~Q(contact_email__endswith="@example.org")).exists()
    numbers = sorted(candidatures.values_list("number", flat=True))
    assert numbers == list(range(numbers[0], numbers[0] + 40))
    # Every one went through moderation: open ones wait at a step, the others left it.
    assert candidatures.filter(latest_revision__isnull=False).count() == 40
    assert candidatures.values("status").distinct().count() >= 3
    for candidature in candidatures:
        state = candidature.current_workflow_state
        if candidature.status in ApplicationStatus.open_states():
            assert state.status == WorkflowState.STATUS_IN_PROGRESS
            assert candidature.current_workflow_task_state is not None
        else:
            assert state is None


def check_added_once():
    before = volume_counts()
    report = str(build(scale=SCALE))
    assert volume_counts() == before
    assert report == (
        "news items unchanged, editions unchanged, communities unchanged, "
        "host candidatures unchanged"
    )

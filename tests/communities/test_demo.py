"""The communities the seeds describe, as a visitor reads them in each language."""

from html import unescape

import pytest
from django.utils import timezone

from communities.models import CommunityPage


def _page(client, slug):
    page = CommunityPage.objects.get(slug=slug)
    return page, unescape(client.get(page.url).content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "words"),
    [
        (
            "communaute-de-pratique-aclam",
            ["Communauté de pratique ACLAM", "Le colloque, à l'année", "Table ronde virtuelle"],
        ),
        (
            "aclam-community-of-practice",
            ["ACLAM community of practice", "The colloque, all year long", "Virtual round table"],
        ),
    ],
)
def test_aclam_community_is_the_colloque_all_year(client, demo, slug, words):
    """Seed 000: ACLAM's own community of practice — workshops, virtual round tables and
    networking — with sessions ahead of the day the demo was loaded."""
    page, html = _page(client, slug)
    for word in words:
        assert word in html
    sessions = list(page.sessions.all())
    assert len(sessions) == 4
    assert all(s.date > timezone.localdate() and s.date.weekday() < 5 for s in sessions)
    assert sum(1 for s in sessions if s.location) == 1  # the networking one, in person


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "words", "springs"),
    [
        (
            "bien-etre-gestionnaires-repondants",
            [
                "gestionnaires",
                "répondants des dossiers",
                "Symposium de la rentrée scolaire 2021-2022",
            ],
            ["Printemps 2022", "Printemps 2024"],
        ),
        (
            "wellbeing-managers-file-leads",
            ["managers", "wellbeing file", "Symposium de la rentrée scolaire 2021-2022"],
            ["Spring 2022", "Spring 2024"],
        ),
    ],
)
def test_the_other_community_and_its_past_deliverables(client, demo, slug, words, springs):
    """Seed 001: the "other" community (managers, people in charge of the file), the
    Symposium de la rentrée scolaire 2021-2022, and the deliverables of spring 2022 and
    spring 2024 as past, published milestones of its three years (October 2021 – May 2024)."""
    page, html = _page(client, slug)
    for word in words:
        assert word in html
    timeline = html.split('id="deliverables-title"', 1)[1].split("</section>", 1)[0]
    assert [spring in timeline for spring in springs] == [True, True]
    assert timeline.count("timeline__step--success") == 2
    assert [(d.target_date.year, d.status) for d in page.deliverables.order_by("target_date")] == [
        (2022, "published"),
        (2024, "published"),
    ]
    sessions = sorted(s.date for s in page.sessions.all())
    assert len(sessions) == 12 and (sessions[0].year, sessions[0].month) == (2021, 10)
    assert (sessions[-1].year, sessions[-1].month) == (2024, 5)
    assert page.audience_roles == ["principal", "other"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "principles", "next_steps"),
    [
        (
            "ecoles-et-centres-sociaux",
            "Nos six principes",
            "La suite",
        ),
        (
            "schools-and-social-centres",
            "Our six principles",
            "What comes next",
        ),
    ],
)
def test_social_centres_show_all_six_principles_and_what_comes_next(
    client, demo, slug, principles, next_steps
):
    """Seed 003: all six principles and "La suite"."""
    html = _page(client, slug)[1]
    listed = html.split(principles, 1)[1].split("</ol>", 1)[0]
    assert listed.count("<li>") == 6
    assert f"<h3>{next_steps}</h3>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("home", "community"),
    [
        ("/", "/communautes/communaute-de-pratique-aclam/"),
        ("/en/", "/en/communities/aclam-community-of-practice/"),
    ],
)
def test_home_puts_aclams_community_first_under_the_colloque_all_year(
    client, demo, home, community
):
    html = unescape(client.get(home).content.decode())
    section = html.split('id="home-communities-title"', 1)[1].split("</section>", 1)[0]
    other = "virtual-cop-learning-commons-setup" if home == "/en/" else "copv-carrefours"
    assert section.index(f'href="{community}"') < section.index(other)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/communautes/",
        "/communautes/communaute-de-pratique-aclam/",
        "/communautes/bien-etre-gestionnaires-repondants/",
        "/en/communities/wellbeing-managers-file-leads/",
        "/communautes/ecoles-et-centres-sociaux/",
    ],
)
def test_the_seeds_communities_stay_within_the_query_budget(client, demo, url):
    from tests.pages import count_queries

    assert count_queries(client, url) <= 12

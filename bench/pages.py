"""Run inside Django (manage.py shell): the benchmark's URLs and SQL queries per request.

Prints one JSON object: {"static": url, "pages": [{"name", "path", "queries", "bytes"}]}.
"""

import json
import statistics
import sys
import time

from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from colloque.models import EditionPage, PartnersPage
from communities.models import CommunityIndexPage, CommunityPage
from home.models import NewsIndexPage, NewsPage, PrivacyPage
from host_applications.models import HostCallPage


def first_url(model, **filters):
    page = model.objects.live().public().filter(locale__language_code="fr-ca", **filters)
    page = page.order_by("pk").first()
    return page.url if page else None


def newest_url(model, order):
    page = model.objects.live().public().filter(locale__language_code="fr-ca").order_by(order)
    page = page.first()
    return page.url if page else None


def pages():
    edition = (
        EditionPage.objects.live()
        .filter(locale__language_code="fr-ca", year=2024, url_path__contains="/colloque/")
        .first()
    )
    edition_url = edition.url if edition else None
    return [
        ("Accueil", "/"),
        ("Édition", edition_url),
        ("Programmation", edition_url and edition_url + "programme/"),
        ("Intervenants", edition_url and edition_url + "intervenants/"),
        ("Actualités", first_url(NewsIndexPage)),
        ("Actualité", newest_url(NewsPage, "-date")),
        ("Communautés", first_url(CommunityIndexPage)),
        ("Communauté", first_url(CommunityPage)),
        ("Partenaires", first_url(PartnersPage)),
        ("Recherche", "/recherche/?q=colloque"),
        ("Candidature", first_url(HostCallPage)),
        # The plainest page (a title and its text): what the site's chrome alone costs.
        ("Confidentialité", first_url(PrivacyPage)),
    ]


NO_CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    for alias in ("default", "pages", "renditions")
}


@override_settings(PAGE_CACHE_SECONDS=0, CACHES=NO_CACHES)  # every cache off
def measure(path):
    client = Client()
    for _ in range(2):  # the first visit may create the site settings
        client.get(path, secure=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, secure=True)
    return response.status_code, len(queries), len(response.content)


def admin_timings(repeat=5):
    """Median time of the admin views whose cost grows with data, as a signed-in superuser."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.urls import reverse

    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    largest = (
        EditionPage.objects.annotate(items=Count("programme_items")).order_by("-items").first()
    )
    # (key, name, path, items): the key matches a view across scales (the largest edition is
    # another page); the edit view's work grows with the items it shows, a form for each.
    views = [
        (
            "candidatures",
            "Admin : candidatures",
            reverse("wagtailsnippets_host_applications_hostapplication:list"),
            None,
        ),
        ("registrations", "Admin : inscriptions", reverse("registrations:index"), None),
    ]
    if largest is not None:
        views.append(
            (
                "largest-edition",
                f"Admin : édition {largest.year} ({largest.items} éléments)",
                reverse("wagtailadmin_pages:edit", args=[largest.pk]),
                largest.items,
            )
        )
    timings = []
    for key, name, path, items in views:
        client.get(path, secure=True)  # warm
        durations = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(path, secure=True)
            durations.append((time.perf_counter() - started) * 1000)
        timings.append(
            {
                "key": key,
                "name": name,
                "path": path,
                "status": response.status_code,
                "ms": statistics.median(durations),
                "items": items,
            }
        )
    return timings


def written_community():
    """The community registrations arrive for in the benchmark: first come, first served,
    open, with seats and a waitlist (its seats change with every registration)."""
    from communities import services

    candidates = CommunityPage.objects.live().filter(
        locale__language_code="fr-ca",
        selection_method="first-come",
        capacity_max__isnull=False,
        waitlist_enabled=True,
    )
    for community in candidates.order_by("pk"):
        if services.status_of(community=community).accepts_registrations:
            return community
    return None


def main():
    result = {"static": static("css/site.css"), "pages": []}
    community = written_community()
    if community is not None:
        result["writes"] = {
            "community_id": community.pk,
            "paths": [community.url, community.get_parent().url],
        }
    for name, path in pages():
        if path is None:
            print(f"bench: no page for {name}", file=sys.stderr)
            continue
        status, queries, size = measure(path)
        if status != 200:
            print(f"bench: {name} ({path}) answered {status}", file=sys.stderr)
        result["pages"].append(
            {"name": name, "path": path, "status": status, "queries": queries, "bytes": size}
        )
    result["admin"] = admin_timings()
    print("BENCH-JSON " + json.dumps(result))


main()

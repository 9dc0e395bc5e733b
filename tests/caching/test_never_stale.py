"""Never stale: random edits, publishes, moves, translations, approvals, registrations and a
draw, interleaved with anonymous GETs to two gunicorn workers that share the default store
(files, or Redis with CACHE_URL); every GET equals what an uncached render gives.

The writes happen here, as editors and visitors make them (models and services), in
committed transactions; the GETs go to the workers over HTTP; the uncached render is made
here, with every cache off, right after. Run by .ci/run in a process of its own
(``-m concurrency``) on a SQLite file and on PostgreSQL, and again with Redis.
"""

import datetime
import difflib
import itertools
import os
import shutil
import sys
import textwrap
import urllib.request

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Locale

from caching.store import store
from colloque import services as colloque_services
from colloque.models import PartnersPage
from communities import services as community_services
from communities.models import Registration
from factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from factories.colloque import (
    ColloqueIndexPageFactory,
    EditionPageFactory,
    PartnerFactory,
    list_partner,
)
from factories.communities import CommunityIndexPageFactory, create_community, person
from factories.home import UserFactory
from home.models import NewsPage, SiteSettings, StandardPage
from tests.pages import NO_CACHES

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOST = "localhost"  # the default site's: the workers and the uncached render agree on it
SETTINGS = """
from pathlib import PosixPath  # noqa: F401

from config.settings.test import *  # noqa: F403

DATABASES = {databases!r}
CACHE_URL, CACHE_DIR, MEDIA_ROOT = {cache_url!r}, {cache_dir!r}, {media_root!r}
CACHE_KEY_PREFIX = {prefix!r}
CACHES = {caches!r}
PAGE_CACHE_SECONDS = 600
"""


def shared_caches(cache_url, cache_dir, prefix):
    """The default store, as base settings make it: Redis, or files of this machine."""
    if cache_url:
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
        return {
            alias: {**backend, "KEY_PREFIX": f"{prefix}-{alias}"} for alias in ("default", "pages")
        } | {"renditions": NO_CACHES["renditions"]}
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(cache_dir / alias),
        }
        for alias in ("default", "pages")
    } | {"renditions": NO_CACHES["renditions"]}


@pytest.fixture
def workers(settings, tmp_path):
    """Two gunicorn workers on this database and this machine's (or Redis's) store; the
    test process invalidates the same stamps."""
    from bench.run import free_port, serve

    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and ("memory" in name or name == ":memory:"):
        pytest.skip("the workers need a database file (TEST_DATABASE_FILE) or PostgreSQL")
    cache_url, prefix = os.environ.get("CACHE_URL", ""), f"never-stale-{tmp_path.name}"
    cache_dir = tmp_path / "cache"
    module = tmp_path / "never_stale_settings.py"
    databases = {"default": {**settings.DATABASES["default"], "NAME": name, "TEST": {}}}
    module.write_text(
        textwrap.dedent(SETTINGS).format(
            databases=databases,
            cache_url=cache_url,
            cache_dir=cache_dir,
            media_root=settings.MEDIA_ROOT,
            caches=shared_caches(cache_url, cache_dir, prefix),
            prefix=prefix,
        )
    )
    settings.CACHE_URL, settings.CACHE_DIR, settings.CACHE_KEY_PREFIX = cache_url, cache_dir, prefix
    store.cache_clear()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "never_stale_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
        # The workers' errors, to explain a 500 (gunicorn's own options, from the environment).
        "GUNICORN_CMD_ARGS": f"--error-logfile {tmp_path / 'workers.log'} --capture-output",
    }
    server = serve(env, port)
    yield Workers(f"http://127.0.0.1:{port}", tmp_path / "workers.log")
    server.terminate()
    server.wait(timeout=10)
    store.cache_clear()
    shutil.rmtree(cache_dir, ignore_errors=True)


class Workers:
    def __init__(self, url, log):
        self.url, self.log = url, log


def served(workers, path):
    """(status, HTML, X-Page-Cache) of what an anonymous visitor gets from the workers."""
    request = urllib.request.Request(
        workers.url + path, headers={"Host": HOST, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode(), response.headers["X-Page-Cache"]
    except urllib.error.HTTPError as error:
        return error.code, "", None


def uncached(path):
    """What rendering the page now gives, with every cache off."""
    with override_settings(PAGE_CACHE_SECONDS=0, CACHES=NO_CACHES):
        response = Client().get(path, secure=True, headers={"host": HOST})
    return response.status_code, response.content.decode() if response.status_code == 200 else ""


def assert_fresh(base, path, *, after):
    status, html, state = served(base, path)
    expected_status, expected = uncached(path)
    if (status, html) != (expected_status, expected):
        diff = "\n".join(
            difflib.unified_diff(expected.splitlines(), html.splitlines(), lineterm="", n=1)
        )
        errors = base.log.read_text()[-3000:] if status >= 500 else ""
        pytest.fail(
            f"{path} after {after} ({status} {state}, uncached {expected_status}):\n{diff}{errors}"
        )


class World:
    """The site the steps act on, and the addresses a visitor may ask for."""

    def __init__(self, home):
        self.count = itertools.count()
        self.editor = UserFactory(username="sophie", group="Communications")
        self.committee = UserFactory(username="louis", group="Comité de sélection")
        news_index = NewsIndexPageFactory(parent=home, title="Actualités", slug="actualites")
        self.news = [NewsPageFactory(parent=news_index, title=f"Nouvelle {n}") for n in range(3)]
        self.news_index = news_index
        self.english = Locale.objects.get(language_code="en")
        for page in (home, news_index):  # where translated news go
            page.copy_for_translation(self.english).save_revision().publish()
        self.sections = [
            StandardPageFactory(parent=home, title=f"Rubrique {n}", slug=f"rubrique-{n}")
            for n in range(2)
        ]
        self.wanderer = StandardPageFactory(parent=self.sections[0], title="Page mobile")
        self.menu_page = StandardPageFactory(parent=home, title="Menu", show_in_menus=True)
        communities = CommunityIndexPageFactory(parent=home)
        self.open = create_community(communities, slug="ouverte", capacity_max=2)
        self.draw = create_community(
            communities,
            slug="tirage",
            capacity_max=1,
            selection_method="draw",
            closes=timezone.now() + datetime.timedelta(days=2),
        )
        series = ColloqueIndexPageFactory(parent=home)
        self.edition = EditionPageFactory(parent=series, year=2025)
        partners_page = PartnersPage(
            title="Partenaires", slug="partenaires", intro="Nos partenaires."
        )
        home.add_child(instance=partners_page)
        partners_page.save_revision().publish()
        self.partner = PartnerFactory(name="Fonds régional", live=False, approved=False)
        list_partner(self.edition, self.partner)
        self.drawn = False
        SiteSettings.objects.get_or_create(site=home.get_site())  # else made by the first GET

    def paths(self):
        pages = [
            *NewsPage.objects.live(),
            *type(self.news_index).objects.live(),
            *StandardPage.objects.live(),
            self.news_index,
            self.open,
            self.draw,
            self.open.get_parent(),
            self.edition,
            *PartnersPage.objects.live(),
        ]
        return sorted({"/", "/en/", "/recherche/?q=Nouvelle", *(p.url for p in pages if p.url)})

    # The steps ------------------------------------------------------------------------

    def retitle(self, n):
        page = NewsPage.objects.get(pk=self.news[n % len(self.news)].pk)
        page.title = f"Nouvelle retitrée {next(self.count)}"
        page.save_revision(user=self.editor).publish()

    def draft(self, n):
        page = NewsPage.objects.get(pk=self.news[n % len(self.news)].pk)
        page.title = f"Brouillon {next(self.count)}"
        page.save_revision(user=self.editor)

    def toggle(self, n):
        page = NewsPage.objects.get(pk=self.news[n % len(self.news)].pk)
        if page.live:
            page.unpublish()
        else:
            page.save_revision(user=self.editor).publish()

    def add_news(self, n):
        self.news.append(NewsPageFactory(parent=self.news_index, title=f"Ajout {next(self.count)}"))

    def move(self, n):
        page = StandardPage.objects.get(pk=self.wanderer.pk)
        first, second = (StandardPage.objects.get(pk=section.pk) for section in self.sections)
        page.move(second if page.get_parent().pk == first.pk else first, pos="last-child")

    def translate(self, n):
        source = NewsPage.objects.get(pk=self.news[n % len(self.news)].pk)
        translation = source.get_translation_or_none(self.english)
        if translation is None:
            translation = source.copy_for_translation(self.english)
        translation.title = f"News {next(self.count)}"
        translation.save_revision().publish()

    def partner_step(self, n):
        partner = type(self.partner).objects.get(pk=self.partner.pk)
        if partner.live:
            partner.unpublish(user=self.committee)
        else:
            partner.name = f"Fonds régional {next(self.count)}"
            colloque_services.propose_partner(partner=partner, user=self.editor)
            colloque_services.approve_partner(partner=partner, user=self.committee)

    def register(self, n):
        community = self.draw if n % 3 == 0 and not self.drawn else self.open
        community_services.register(
            community=community, data=person(next(self.count)), language="fr-ca"
        )

    def change_seat(self, n):
        registration = (
            Registration.objects.filter(community=self.open, state__in=["selected", "waitlisted"])
            .order_by("pk")
            .first()
        )
        if registration is None:
            return
        if registration.state == "waitlisted":
            community_services.withdraw(registration=registration)
        elif n % 2:
            community_services.confirm_seat(registration=registration)
        else:
            community_services.decline_seat(registration=registration)

    def run_draw(self, n):
        if self.drawn:
            return
        community = type(self.draw).objects.get(pk=self.draw.pk)
        community.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
        community.save_revision().publish()
        pending = Registration.objects.filter(community=community, state="pending")
        community_services.set_eligibility(registrations=pending, eligible=True)
        community_services.draw_lottery(community=community, user=self.committee)
        self.drawn = True

    def settings_step(self, n):
        site_settings = SiteSettings.objects.get_or_create(site=self.news_index.get_site())[0]
        site_settings.phone = f"418 555-{next(self.count):04d}"
        site_settings.save()


STEPS = [name for name in vars(World) if not name.startswith("_") and name != "paths"]


@pytest.fixture
def world(home_page):
    return World(home_page)


@hypothesis_settings(max_examples=int(os.environ.get("NEVER_STALE_EXAMPLES", "8")))
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(STEPS), st.integers(0, 5), st.integers(0, 10**6)),
        min_size=4,
        max_size=16,
    )
)
def test_every_answer_is_what_an_uncached_render_gives(workers, world, steps):
    paths = world.paths()
    for path in paths:  # stored, by one worker or the other
        served(workers, path)
    for name, n, pick in steps:
        getattr(world, name)(n)
        paths = world.paths()
        for path in {paths[pick % len(paths)], paths[(pick // 7) % len(paths)]}:
            assert_fresh(workers, path, after=name)
    for path in paths:
        assert_fresh(workers, path, after="the last step")


def test_a_page_one_worker_stored_is_served_by_both(workers, world):
    """The default store is shared (its files, or Redis): after the first answer, every
    answer is a hit, from either worker."""
    path = world.news_index.url
    first = served(workers, path)
    later = [served(workers, path) for _ in range(10)]
    assert first[2] == "miss" and {answer[2] for answer in later} == {"hit"}
    assert {answer[1] for answer in later} == {first[1]}

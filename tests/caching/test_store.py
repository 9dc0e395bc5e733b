"""The store: stamps in files or Redis, pages checked against their tags before use."""

import time

import pytest

import caching
from caching.store import Entry, FileStamps, Pages, RedisStamps, store
from factories import NewsIndexPageFactory, NewsPageFactory
from home.models import NewsPage


def entry(start, tags, *, until=None):
    return Entry(b"<p>page</p>", [], start, tuple(tags), until or time.time() + 60)


def redis_stamps():
    import redis

    stamps = RedisStamps("redis://127.0.0.1:6379/7", f"test-{time.time_ns()}")
    try:
        stamps.redis.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return stamps


@pytest.fixture(params=["files", "redis"])
def stamps(request, tmp_path):
    return FileStamps(tmp_path) if request.param == "files" else redis_stamps()


def test_a_stamp_only_grows_and_only_for_its_tags(stamps):
    epoch, start = stamps.now()
    stamps.invalidate({"a", "b"})
    assert stamps.now() == (epoch, start + 1)
    assert stamps.stamps(["a", "b", "c"]) == [start + 1, start + 1, 0]
    stamps.invalidate({"b"})
    assert stamps.stamps({"a", "b"}) in ([start + 1, start + 2], [start + 2, start + 1])
    assert stamps.stamps([]) == []


def test_a_stored_page_is_fresh_until_one_of_its_tags_is_invalidated(settings, stamps):
    settings.PAGE_CACHE_MAX_ENTRIES = 10
    pages = Pages(stamps)
    pages.set("page:1", entry(stamps.now(), ["home.newspage:1", "wagtailcore.site"]), 60)
    stamps.invalidate({"home.newspage:2"})  # another page's tag
    assert pages.get("page:1") is not None
    stamps.invalidate({"home.newspage:1"})
    assert pages.get("page:1") is None


def test_the_copy_in_memory_is_checked_like_the_shared_one(settings, stamps):
    """Another process's pages object shares the stamps and the shared cache: a copy in
    this process's memory is never served once its tag moved elsewhere."""
    ours, theirs = Pages(stamps), Pages(stamps)
    ours.set("page:2", entry(stamps.now(), ["colloque.partner:3"]), 60)
    assert theirs.get("page:2") is not None  # from the shared cache, then kept in memory
    ours.stamps.invalidate({"colloque.partner:3"})
    assert theirs.get("page:2") is None


def test_stamps_reset_vouch_for_nothing_stored_before(tmp_path):
    """Their files deleted (or Redis emptied) while a worker kept pages in memory: the counter
    starts again, and without its epoch an old page would look fresh."""
    pages = Pages(FileStamps(tmp_path))
    pages.set("page:4", entry(pages.stamps.now(), ["home.newspage:9"]), 60)
    for path in tmp_path.iterdir():
        path.unlink()
    assert pages.get("page:4") is None


def test_a_page_is_not_served_past_its_moment(stamps):
    pages = Pages(stamps)
    pages.set("page:3", entry(stamps.now(), [], until=time.time() - 1), 60)
    assert pages.get("page:3") is None


def test_memory_keeps_at_most_the_configured_number_of_pages(settings, stamps):
    settings.PAGE_CACHE_MAX_ENTRIES = 2
    pages = Pages(stamps)
    for n in range(4):
        pages.set(f"page:{n}", entry(stamps.now(), []), 60)
    assert list(pages.local) == ["page:2", "page:3"]


@pytest.mark.django_db
def test_a_render_records_the_rows_it_loaded_and_the_listings_it_read(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    news = NewsPageFactory(parent=index)
    scope = caching.Scope(store().stamps.now())
    token = caching._scope.set(scope)
    try:
        list(index.get_news())  # a listing: its tag, and each row's own
        NewsPage.objects.get(pk=news.pk)
    finally:
        caching._scope.reset(token)
    assert {f"wagtailcore.page:{news.pk}", f"home.newspage.locale={index.locale_id}"} <= scope.tags
    assert not any(tag.startswith("home.customrendition") for tag in scope.tags)


@pytest.mark.django_db
def test_names_of_rows_models_and_partitions():
    assert caching.name(NewsPage(pk=4)) == "wagtailcore.page:4"  # one tag in every form
    assert caching.name(NewsPage) == "home.newspage"
    assert caching.name(NewsPage, locale=2) == "home.newspage.locale=2"

"""Browser tests: Playwright driving Debian's chromium, never a downloaded browser."""

import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from tests.demo_database import copy_of, put_back

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time: with SQLite in memory its request
    threads share one connection, and two at once (a page and its /admin/jsi18n/, say) fail
    with "bad parameter or other API misuse". Connections stay threaded (a browser's idle
    keep-alive connection never blocks the others); only the application is serialised.

    The test's own queries take the same lock (``queries_between_requests``): a page left
    open in the browser keeps asking the server while the test writes, and SQLite then
    says "database table is locked"."""

    def set_app(self, application):
        # Reentrant: a request's own queries go through the test's wrapper too.
        lock = self.app_lock = threading.RLock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATime


@contextmanager
def queries_between_requests(live_server):
    """Every query of the connection the test shares with the server's requests (SQLite in
    memory) waits for the request in progress, if any. Elsewhere each thread has its own
    connection, and the database's own locks keep them apart."""
    from django.db import connection

    if not database_put_back():
        yield
        return
    lock = live_server.thread.httpd.app_lock

    def wait_for_the_request(execute, sql, params, many, context):
        with lock:
            return execute(sql, params, many, context)

    with connection.execute_wrapper(wait_for_the_request):
        yield


# Playwright's sync API runs an event loop in this thread; Django would then refuse
# the test's own (synchronous) database work.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)  # after pytest-django has put transactional tests last
def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        if database_put_back():
            # First rather than last: the other test process works while this one waits on
            # the browser, instead of idling at the end (stable sort: the rest keep order).
            items.sort(key=lambda item: "browser" not in item.keywords)
        return
    if os.environ.get("REQUIRE_BROWSER"):
        # .ci/run must never pass without really running the browser tests.
        raise pytest.UsageError(f"REQUIRE_BROWSER is set but {CHROMIUM} does not exist")
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def database_put_back():
    """Whether the database a browser test flushes can be put back as it found it: SQLite in
    memory (``make test``), copied whole with SQLite's backup API. Elsewhere (PostgreSQL) the
    flush takes what migrations made, and the browser test must run last."""
    from django.db import connection

    return connection.vendor == "sqlite" and not connection.settings_dict["TEST"].get("NAME")


# The database as a browser test found it, until the flush after it is over.
_found = {}


def keep_database():
    """Copy the database as it is, to be put back after the test's flush."""
    from django.db import connection

    _found["database"] = copy_of(connection)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)  # the fixtures' teardown, pytest-django's flush among them
    finally:
        found = _found.pop("database", None)
        if found is not None:
            from django.db import connection

            put_back(found, connection)


@pytest.fixture(scope="session")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Added to every page before its own scripts (Playwright's init scripts are not subject to
# the page's policy): a refused script, style, image or frame becomes a console error.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.effectiveDirective} refused ${event.blockedURI}`
        + ` at ${event.sourceFile}:${event.lineNumber} on ${document.location.href}`);
});
"""


class WatchedBrowser:
    """The browser, whose every context records Content-Security-Policy violations."""

    def __init__(self, browser):
        self._browser = browser
        self.csp_violations = []

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", self._console)
        return context

    def _console(self, message):
        text = message.text
        if message.type == "error" and (
            "CSP violation" in text or "Content Security Policy" in text
        ):
            self.csp_violations.append(text)

    def assert_no_csp_violation(self):
        assert self.csp_violations == [], "\n".join(self.csp_violations)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def chromium(chromium_browser):
    """Fails the test on any Content-Security-Policy violation, in any of its pages."""
    browser = WatchedBrowser(chromium_browser)
    yield browser
    browser.assert_no_csp_violation()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page as shown and fail on any violation, naming them."""

    def check(page):
        results = axe.run(page)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check

"""A version number for everything pages share (menus, switcher, footer, breadcrumbs).

Fragments that show other pages are cached under this version; any change to the page
tree or the site settings bumps it, so a cached fragment is never stale.
"""

from django.core.cache import cache

CHROME_VERSION_KEY = "site-chrome-version"


def chrome_version():
    return cache.get_or_set(CHROME_VERSION_KEY, 1, timeout=None)


def bump_chrome_version(**kwargs):
    try:
        cache.incr(CHROME_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates old fragments
        cache.set(CHROME_VERSION_KEY, 2, timeout=None)

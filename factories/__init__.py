"""Builders of content for the tests and the bench's volume data (bench/volume/).

One module per app. Pages go into the tree through Wagtail's API (``parent.add_child``, as
wagtail-factories does) and anything with a rule (a registration, a candidature, a partner's
approval) goes through the app's services, so data built here obeys the same rules as data
entered on the site. Needs the dev dependencies (factory_boy, wagtail-factories).
"""

from .home import (
    CollectionFactory,
    DocumentFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PrivacyPageFactory,
    StandardPageFactory,
    UserFactory,
)

__all__ = [
    "CollectionFactory",
    "DocumentFactory",
    "ImageFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "PrivacyPageFactory",
    "StandardPageFactory",
    "UserFactory",
]

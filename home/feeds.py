"""RSS feed of a news index, built with Django's syndication framework."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext as _

from .services import site_url


class NewsFeed(Feed):
    def __init__(self, news_index):
        super().__init__()
        self.news_index = news_index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.news_index.title

    # Absolute at SITE_URL: Django's syndication would prefix the request's host otherwise.
    def link(self):
        return site_url(self.news_index.get_url(self.request))

    def feed_url(self):
        return site_url(self.request.path)

    def description(self):
        return self.news_index.intro or _("News from the network")

    def items(self):
        return self.news_index.get_news()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return site_url(item.get_url(self.request))

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

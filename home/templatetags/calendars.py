"""``{% calendar_feed %}`` and ``{% calendar_event %}``: the ``.ics`` link with its
subscription, Google Calendar and Outlook links (``home.calendar_links``)."""

from django import template

from ..calendar_links import event_links, feed_links

register = template.Library()


@register.inclusion_tag("components/calendar_links.html")
def calendar_feed(url, name, label, private=False):
    """A calendar of several events: download, or subscribe to follow its changes. A
    ``private`` one (its address is a key) is not offered to online services."""
    return {
        "links": feed_links(url=url, name=name),
        "label": label,
        "name": name,
        "private": private,
    }


@register.inclusion_tag("components/calendar_links.html")
def calendar_event(url, title, start, end, label, location="", details=""):
    """One event: download, or add it to Google Calendar or Outlook, filled in."""
    links = event_links(
        url=url, title=title, start=start, end=end, location=location, details=details
    )
    return {"links": links, "label": label, "name": title}

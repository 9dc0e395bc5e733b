"""The call's window: whether it takes candidatures. It opens and closes on its dates, and
closes early once the edition has a host; the current call is the one staff work on."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from wagtail.models import Locale

from caching import changes_at

from ..models import ApplicationStatus, HostApplication, HostCallPage


class CallClosed(Exception):
    """A candidature arrived after the call closed (its window, or a host was chosen)."""


@dataclass
class CallWindow:
    state: str  # "upcoming", "open", "closed" or "host-chosen"
    opens_at: datetime
    closes_at: datetime

    @property
    def is_open(self):
        return self.state == "open"


def has_host(*, edition):
    """Whether a candidature is selected for the edition (in any of its languages)."""
    return HostApplication.objects.filter(
        edition__translation_key=edition.translation_key, status=ApplicationStatus.SELECTED
    ).exists()


def call_window(*, call, now=None):
    """Where the call stands. Choosing a host closes it, whatever its dates say.

    The edition is loaded here, so a cached call page depends on it: a selection (or its
    undoing) republishes the edition, and the page renders again.
    """
    now = now or timezone.now()
    changes_at(call.opens_at, call.closes_at)  # the page shows the form, or not, from then on
    if now < call.opens_at:
        state = "upcoming"
    elif has_host(edition=call.get_parent()):
        state = "host-chosen"
    elif now >= call.closes_at:
        state = "closed"
    else:
        state = "open"
    return CallWindow(state=state, opens_at=call.opens_at, closes_at=call.closes_at)


def current_call(*, now=None):
    """The call in the default language whose window is open, else the one that closed last."""
    now = now or timezone.now()
    calls = HostCallPage.objects.live().filter(locale=Locale.get_default())
    return (
        calls.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at").first()
        or calls.filter(closes_at__lte=now).order_by("-closes_at").first()
        or calls.order_by("opens_at").first()
    )

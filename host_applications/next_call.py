"""The call for hosts of next year's edition (colloque.next_edition): a copy of this year's
call (texts, requirements, criteria) with its window moved by the same weeks as the
edition, or a first draft when there was none. A draft either way, ready to edit."""

import datetime

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import HostCallPage, SelectionCriterion

CALL_SLUG = "candidature"


def _window_from(edition, now=None):
    """A first window when there is no call to copy: a year to nine months before the
    edition, or three months from now when its dates are not known."""
    if edition.start_date:
        start = datetime.datetime.combine(
            edition.start_date, datetime.time(9), timezone.get_current_timezone()
        )
        return start - datetime.timedelta(weeks=52), start - datetime.timedelta(weeks=39)
    opens = now or timezone.now()
    return opens, opens + datetime.timedelta(weeks=13)


def _title(title, *, source, edition):
    # « Accueillir le colloque 2025 » → « … 2026 »; a title without the year stays.
    return title.replace(str(source.year), str(edition.year))


def open_next_call(*, source, edition, shift, user=None, now=None):
    """Give `edition` its call for hosts, as a draft; returns it."""
    existing = HostCallPage.objects.child_of(edition).first()
    previous = HostCallPage.objects.child_of(source).first()
    if existing is not None:  # Wagtail's copy with its subpages brought the old call along
        call = existing.specific
        call.opens_at += shift
        call.closes_at += shift
        call.title = _title(call.title, source=source, edition=edition)
        call.save()
        call.save_revision(user=user)
        return call
    if previous is not None:
        call = previous.copy(
            to=edition,
            update_attrs={
                "title": _title(previous.title, source=source, edition=edition),
                "opens_at": previous.opens_at + shift,
                "closes_at": previous.closes_at + shift,
            },
            copy_revisions=False,
            keep_live=False,
            user=user,
        ).specific
        call.save_revision(user=user)
        return call
    opens_at, closes_at = _window_from(edition, now=now)
    with override(edition.locale.language_code):
        call = HostCallPage(
            title=_("Call for hosts %(year)s") % {"year": edition.year},
            slug=CALL_SLUG,
            opens_at=opens_at,
            closes_at=closes_at,
            live=False,
            privacy_notice=format_html(
                "<p>{}</p>",
                _(
                    "We use this information only to assess the candidatures to host the "
                    "colloque, with the selection committee."
                ),
            ),
        )
        call.criteria = [
            SelectionCriterion(title=_("Rooms and capacity"), weight=50, sort_order=0),
            SelectionCriterion(title=_("Accessibility"), weight=50, sort_order=1),
        ]
    edition.add_child(instance=call)
    call.save_revision(user=user)
    return call

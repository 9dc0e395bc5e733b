"""The call for hosts, shown where the colloque's pages need it (the edition knows nothing of
the call app: this app builds on colloque, not the other way round)."""

from django import template

from caching import tag
from colloque.models import EditionStatus

from ..models import HostCallPage

register = template.Library()


@register.simple_tag
def host_call_for(edition):
    """The live call for hosts under ``edition``, while the edition looks for one."""
    if edition.status != EditionStatus.LOOKING_FOR_HOST:
        return None
    tag(HostCallPage, locale=edition.locale_id)
    return HostCallPage.objects.child_of(edition).live().public().first()

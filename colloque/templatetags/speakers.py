"""Links to speakers' pages, and a speaker as schema.org structured data."""

from django import template

from home import structured_data
from home.services import site_url

register = template.Library()


@register.simple_tag(takes_context=True)
def speaker_url(context, edition, speaker):
    """The page of ``speaker`` under the series of ``edition``, in the edition's language."""
    return edition.speaker_url(speaker, context.get("request"))


@register.simple_tag
def speaker_data(speaker, url):
    """The speaker as a schema.org Person (JSON-LD)."""
    data = structured_data.person(
        name=speaker.name,
        url=site_url(url),
        job_title=speaker.role,
        works_for=speaker.organisation,
        description=speaker.bio,
    )
    return structured_data.json_ld({"@context": structured_data.SCHEMA, **data})

"""Wagtail's ``{% image %}`` and ``{% picture %}``, with their HTML kept under the content version.

Each tag costs a rendition lookup (a cache read, or a query), a parse of every filter spec
and the markup's assembly: on a page of cards that is most of the rendering time. The HTML
only changes with the image, its renditions or the attributes the template passes, so it is
kept under ``content_version()`` (any image or page change bumps it) and keyed by all of
them. ``as`` forms hand the template an object, not HTML: the rendition (or Wagtail's
responsive image or picture) is kept instead, since Wagtail writes each rendition it looks
up back to its cache, at every call (a file written, or a Redis round trip).

Listings therefore do not prefetch renditions: once warm no tag looks one up, and on a new
version each finds its renditions in Wagtail's rendition cache (made ahead, see
``home.renditions``) rather than in the database.
"""

import hashlib

from django import template
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

from ..cache import versioned

register = template.Library()


class KeptHTML:
    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        attrs = sorted((name, str(value.resolve(context))) for name, value in self.attrs.items())
        # An image chosen in an ImageBlock carries its own alt text, or none when decorative.
        alt = (
            getattr(image, "decorative", False),
            getattr(image, "contextual_alt_text", None),
            image.default_alt_text,
        )
        described = repr((type(self).__name__, self.filter_specs, attrs, alt))
        digest = hashlib.blake2b(described.encode(), digest_size=16).hexdigest()
        if self.output_var_name:

            def made():
                super(KeptHTML, self).render(context)
                return context[self.output_var_name]

            context[self.output_var_name] = versioned(f"image-object:{image.pk}:{digest}", made)
            return ""
        return versioned(
            f"image-html:{image.pk}:{digest}", lambda: super(KeptHTML, self).render(context)
        )


class ImageNode(KeptHTML, wagtail_tags.ImageNode):
    pass


class SrcsetImageNode(KeptHTML, wagtail_tags.SrcsetImageNode):
    pass


class PictureNode(KeptHTML, wagtail_tags.PictureNode):
    pass


KEPT = {
    wagtail_tags.ImageNode: ImageNode,
    wagtail_tags.SrcsetImageNode: SrcsetImageNode,
    wagtail_tags.PictureNode: PictureNode,
}


def image(parser, token):
    """Wagtail's parser (same syntax, same errors), building the node that keeps its HTML."""
    node = wagtail_tags.image(parser, token)
    return KEPT[type(node)](
        node.image_expr, node.filter_specs, output_var_name=node.output_var_name, attrs=node.attrs
    )


register.tag("image", image)
register.tag("srcset_image", image)
register.tag("picture", image)
register.simple_tag(wagtail_tags.image_url, name="image_url")

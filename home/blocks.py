"""StreamField blocks shared by every page type that has a body."""

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds import embeds
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.exceptions import EmbedException
from wagtail.embeds.finders import get_finders
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from home.links import LinkURLBlock

from . import routing

PREVIEW_TEXT = _("Socio-cultural workers meet every year to share their practices.")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
        help_text=_("Keep levels in order: a level 3 heading follows a level 2 one."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        preview_value = {"text": _("Objectives of the colloque"), "level": "h2"}
        description = _("A section heading, announced as such to screen readers.")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Rich text")
        template = "blocks/paragraph_block.html"
        preview_value = f"<p>{PREVIEW_TEXT}</p>"
        description = _("Paragraphs with links, lists and emphasis.")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=120)

    def get_preview_value(self):
        # The newest image of the library stands in, so the preview shows a real picture.
        image = get_image_model().objects.order_by("-created_at").first()
        return self.to_python(
            {
                "image": {
                    "image": image.pk if image else None,
                    "decorative": False,
                    "alt_text": image.default_alt_text if image else "",
                },
                "caption": str(_("A workshop at the colloque")),
                "credit": "ACLAM",
            }
        )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/captioned_image_block.html"
        description = _("An image with its alternative text, caption and photo credit.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        preview_value = {"quote": PREVIEW_TEXT, "attribution": "ACLAM"}
        description = _("A quotation with the name of its author.")


class LinkStructValue(blocks.StructValue):
    @property
    def href(self):
        page = self.get("page")
        return routing.localized(page).url if page else self.get("url")


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to another site; the page wins when both are given."""

    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    # An email or a phone call is a link too (mailto:, tel:), see home/links.py.
    url = LinkURLBlock(label=_("External link"), required=False)
    label = blocks.CharBlock(label=_("Link text"), max_length=120)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give a link."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkStructValue


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False)
    link = LinkBlock(label=_("Button"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"
        preview_value = {
            "title": _("Host the next colloque"),
            "text": PREVIEW_TEXT,
            "link": {"url": "https://example.org/", "label": _("Apply")},
        }
        description = _("A short invitation with one button.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(
        label=_("Link text"), required=False, help_text=_("Defaults to the document title.")
    )

    def get_preview_value(self):
        document = get_document_model().objects.order_by("-created_at").first()
        return self.to_python({"document": document.pk if document else None, "label": ""})

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document_link_block.html"
        description = _("A link to download a document, with its format and size.")


def embedded_player(video, *, max_width):
    """The provider's player for an embed value, or "" when there is no address or no
    provider gives a player for it (unknown site, video gone, no network): the template then
    links to the address instead of showing an empty frame."""
    url = getattr(video, "url", "") or ""
    if not url or not any(finder.accept(url) for finder in get_finders()):
        return ""  # no provider plays this address: no lookup, not even of the stored embeds
    try:
        html = embeds.get_embed(url, max_width=max_width).html
    except EmbedException:
        return ""
    return mark_safe(html)  # the provider's player markup, trusted as {% embed %} trusts it


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address"), max_width=960)
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("Transcript or summary"),
        required=False,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Helps people who cannot watch the video."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"
        preview_value = {
            "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": _("Opening talk of the colloque"),
            "transcript": f"<p>{PREVIEW_TEXT}</p>",
        }
        description = _("An embedded video (YouTube, Vimeo…) with a title and a transcript.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["player"] = embedded_player(value.get("video"), max_width=960)
        context["address"] = getattr(value.get("video"), "url", "") or ""
        return context


class RecordingLinkBlock(blocks.StructBlock):
    """A recording kept elsewhere (a conference's site, a shared drive…) that no video player
    embeds: its title and address, as a plain link."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Link to a recording")
        template = "blocks/recording_link_block.html"
        description = _("A recording hosted elsewhere, shown as a link with its title.")


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"]
    )


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Questions"))

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "blocks/accordion_block.html"
        preview_value = {
            "title": _("Frequently asked questions"),
            "items": [
                {"question": _("Who can take part?"), "answer": f"<p>{PREVIEW_TEXT}</p>"},
            ],
        }
        description = _("Questions that open to show their answer, without JavaScript.")


class CaptionedTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("Caption"), max_length=200, help_text=_("Says what the table shows.")
    )
    table = TableBlock(label=_("Table"))

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"
        preview_value = {
            "caption": _("Participants per community"),
            "table": {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "data": [[_("Community"), _("Seats")], [_("Primary"), "15"]],
            },
        }
        description = _("A data table with a caption and header cells.")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    video = VideoBlock()
    table = CaptionedTableBlock()
    accordion = AccordionBlock()

    class Meta:
        block_counts = {}


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        label=_("Network"),
        choices=[
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("linkedin", "LinkedIn"),
            ("youtube", "YouTube"),
            ("bluesky", "Bluesky"),
            ("other", _("Other")),
        ],
    )
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "site"
        label = _("Social link")

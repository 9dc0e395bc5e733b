import pytest
from django.template.loader import get_template
from django.utils.functional import Promise
from wagtail.rich_text import RichText

from factories import DocumentFactory, ImageFactory
from home.blocks import BodyBlock

BODY = BodyBlock()


@pytest.mark.parametrize("name", list(BODY.child_blocks))
def test_every_block_has_icon_template_label_and_description(name):
    block = BODY.child_blocks[name]
    assert block.meta.icon and block.meta.icon != "placeholder", name
    assert block.meta.template.startswith("blocks/"), name
    get_template(block.meta.template)  # exists and compiles
    assert isinstance(block.meta.label, Promise), f"{name}: label must be translatable"
    assert block.meta.description, name


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(BODY.child_blocks))
def test_every_block_is_previewable(admin_client, name, monkeypatch):
    # No network in tests: the video preview's embed lookup fails fast and renders nothing.
    from wagtail.embeds import embeds
    from wagtail.embeds.exceptions import EmbedNotFoundException

    def no_embed(*args, **kwargs):
        raise EmbedNotFoundException

    monkeypatch.setattr(embeds, "get_embed", no_embed)
    ImageFactory(file__width=800, file__height=450, description="Des élèves en atelier")
    DocumentFactory(title="Étude 2024")
    block = BODY.child_blocks[name]
    assert block.is_previewable, name
    response = admin_client.get(f"/admin/block-preview/?id={block.definition_prefix}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/css/site.css" in html
    assert f"block-{name}" in html
    expected = {"image": 'alt="Des élèves en atelier"', "document": ">Étude 2024</a>"}
    assert expected.get(name, "") in html


@pytest.mark.django_db
def test_blocks_render_semantic_html():
    image = ImageFactory(file__width=1600, file__height=900, description="Des élèves en atelier")
    document = DocumentFactory(title="Étude 2024")
    value = BODY.to_python(
        [
            {"type": "heading", "value": {"text": "Nos objectifs", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Un <b>lien</b> fort.</p>"},
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Un atelier"},
                    "caption": "Atelier de théâtre",
                    "credit": "ACLAM",
                },
            },
            {"type": "quote", "value": {"quote": "Former, outiller.", "attribution": "ACLAM"}},
            {
                "type": "call_to_action",
                "value": {
                    "title": "Accueillez le colloque",
                    "text": "",
                    "link": {"page": None, "url": "https://example.org/", "label": "Postuler"},
                },
            },
            {"type": "document", "value": {"document": document.pk, "label": ""}},
            {
                "type": "table",
                "value": {
                    "caption": "Places",
                    "table": {
                        "data": [["Communauté", "Places"], ["Primaire", "15"]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                    },
                },
            },
            {
                "type": "accordion",
                "value": {
                    "title": "FAQ",
                    "items": [{"question": "Qui?", "answer": "<p>Tout le monde.</p>"}],
                },
            },
        ]
    )
    html = value.render_as_block()
    assert '<h2 class="block-heading">Nos objectifs</h2>' in html
    assert "<b>lien</b>" in html
    assert 'alt="Un atelier"' in html and "<figcaption>Atelier de théâtre" in html
    assert 'loading="lazy"' in html and 'width="' in html and 'height="' in html
    assert "<blockquote><p>Former, outiller.</p></blockquote>" in html
    assert '<a class="button" href="https://example.org/">Postuler</a>' in html
    assert ">Étude 2024</a>" in html and "(PDF" in html
    assert '<th scope="col">Communauté</th>' in html and "<caption>Places</caption>" in html
    assert "<details>" in html and "<summary>Qui\u202f?</summary>" in html


def test_link_block_needs_a_page_or_an_url():
    from django.core.exceptions import ValidationError

    link = BODY.child_blocks["call_to_action"].child_blocks["link"]
    with pytest.raises(ValidationError):
        link.clean(link.to_python({"page": None, "url": "", "label": "Postuler"}))


def test_rich_text_paragraph_value_is_rich_text():
    value = BODY.child_blocks["paragraph"].to_python("<p>x</p>")
    assert isinstance(value, RichText)


@pytest.mark.django_db
def test_a_video_without_a_player_is_a_plain_link_and_with_one_the_player(monkeypatch):
    """An address no provider plays (unknown site, video gone, no network) shows its title as
    a link and the address, never an empty frame; a playable one shows the player."""
    from wagtail.embeds import embeds
    from wagtail.embeds.models import Embed

    block = BODY.child_blocks["video"]
    value = block.to_python(
        {"video": "https://example.org/videos/talk", "title": "Conférence", "transcript": ""}
    )
    html = block.render(value)  # tests have no embed finder: nothing plays
    assert '<a href="https://example.org/videos/talk">Conférence</a>' in html
    assert "<iframe" not in html and "block-video__embed" not in html

    def found(url, max_width=None, max_height=None):
        return Embed(url=url, html=f'<iframe src="{url}" title="Conférence"></iframe>')

    class AnyProvider:
        def accept(self, url):
            return True

    monkeypatch.setattr("home.blocks.get_finders", lambda: [AnyProvider()])
    monkeypatch.setattr(embeds, "get_embed", found)
    html = block.render(value)
    assert '<div class="block-video__embed"><iframe src="https://example.org/videos/talk"' in html

    empty = block.to_python({"video": "", "title": "Conférence", "transcript": ""})
    html = block.render(empty)
    assert "Conférence" in html and "<a " not in html and "<iframe" not in html

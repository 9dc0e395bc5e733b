"""``{% load pictures %}``: Wagtail's image tags, their filters parsed once per template."""

import pytest
from django.template import Context, Template
from wagtail.images.blocks import ImageBlock

from factories.home import ImageFactory, NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

PICTURE = '{% picture img format-{webp,jpeg} fill-{40x30,80x60} sizes="10rem" alt=alt %}'


def render(library, source, **context):
    return Template(f"{{% load {library} %}}{source}").render(Context(context))


def test_the_html_is_wagtails_own():
    image = ImageFactory()
    for source in (PICTURE, "{% image img width-50 loading='lazy' %}"):
        wagtail = render("wagtailimages_tags", source, img=image, alt="Une salle")
        assert render("pictures", source, img=image, alt="Une salle") == wagtail
        assert render("pictures", source, img=image, alt="Une salle") == wagtail  # kept copy


def test_each_set_of_attributes_is_its_own_copy():
    image = ImageFactory()
    assert 'alt="Une salle"' in render("pictures", PICTURE, img=image, alt="Une salle")
    html = render("pictures", PICTURE, img=image, alt="La scène")
    assert 'alt="La scène"' in html and "Une salle" not in html


def test_an_alt_text_chosen_in_a_block_is_its_own_copy():
    image = ImageFactory(description="Description de la photothèque")
    block = ImageBlock()
    first = block.to_python(
        {"image": image.pk, "alt_text": "Atelier du matin", "decorative": False}
    )
    second = block.to_python({"image": image.pk, "alt_text": "", "decorative": True})
    source = "{% image value width-50 %}"
    assert 'alt="Atelier du matin"' in render("pictures", source, value=first)
    assert 'alt=""' in render("pictures", source, value=second)


def test_a_new_focal_point_gives_new_renditions_at_once():
    image = ImageFactory()
    source = "{% image img fill-20x20 %}"
    before = render("pictures", source, img=image)
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width = image.focal_point_height = 5
    image.save()
    after = render("pictures", source, img=image)
    assert after != before
    assert image.renditions.filter(filter_spec="fill-20x20").count() == 2


def test_the_as_form_still_hands_the_rendition_to_the_template():
    image = ImageFactory()
    html = render("pictures", "{% image img width-30 as small %}{{ small.width }}", img=image)
    assert html == "30"
    assert render("pictures", "{% picture missing width-30 %}", missing=None) == ""


@pytest.mark.django_db
def test_an_image_speaks_the_readers_language(client, home_page, english_home):
    """One library for both languages: an image carries its alt text and credit in English
    too, and each reader gets theirs (the French ones when no English is given)."""
    news_index = NewsIndexPageFactory(parent=home_page)
    item = NewsPageFactory(parent=news_index)
    image = item.image
    image.description, image.description_en = "Une salle de classe", "A classroom"
    image.credit, image.credit_en = "Photo du réseau", "Network photo"
    image.save()
    english_index = news_index.copy_for_translation(english_home.locale)
    english_index.save_revision().publish()
    english_item = item.copy_for_translation(english_home.locale, copy_parents=False)
    english_item.save_revision().publish()

    french = client.get(item.url).content.decode()
    english = client.get(english_item.url).content.decode()

    assert 'alt="Une salle de classe"' in french and "Photo du réseau" in french
    assert 'alt="A classroom"' in english and "Network photo" in english
    assert "Une salle de classe" not in english and "Photo du réseau" not in english

    image.description_en = image.credit_en = ""
    image.save()
    english = client.get(english_item.url).content.decode()
    assert 'alt="Une salle de classe"' in english and "Photo du réseau" in english

"""Renditions are made when images are uploaded and pages published, not on a visit."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models.signals import post_init
from django.template.base import Token, TokenType
from wagtail.images import get_image_model
from wagtail.models import Collection

from colloque.serializers import PARTNER_LOGO_FILTER
from factories import ImageFactory, NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from factories.colloque import ColloqueIndexPageFactory, EditionPageFactory, PartnerFactory
from home import renditions
from home.demo_utils import image as image_block
from home.demo_utils import paragraph
from home.models import HomePageFeaturedLink
from home.renditions import expand, images_shown_by, produce_renditions, site_filter_specs

Rendition = get_image_model().get_rendition_model()
IMAGE_TAG = re.compile(r"{%\s*(?:image|srcset_image|picture)\s.*?%}", re.DOTALL)
PROJECT_APPS = ("home", "colloque", "communities", "host_applications")


def template_files():
    roots = [Path(d) for config in settings.TEMPLATES for d in config.get("DIRS", [])]
    roots += [Path(settings.BASE_DIR) / app / "templates" for app in PROJECT_APPS]
    return sorted(path for root in roots if root.is_dir() for path in root.rglob("*.html"))


def specs_in_templates():
    """{spec: "file: tag"} for every rendition an image tag of the site's templates makes,
    read the way Wagtail's tag parser reads them."""
    found = {}
    for path in template_files():
        for match in IMAGE_TAG.finditer(path.read_text()):
            tag = match.group(0)
            name, _image, *bits = Token(TokenType.BLOCK, tag[2:-2].strip()).split_contents()
            specs = []
            for bit in bits:
                if bit == "as":
                    break
                if "=" not in bit:
                    specs.append(bit)
            made = ["|".join(specs)] if name == "image" else expand(specs)
            for spec in made:
                found.setdefault(spec, f"{path.name}: {tag}")
    return found


def scheduled(callbacks):
    """The image ids of the rendition tasks among a transaction's on-commit callbacks."""
    return [c.args[0] for c in callbacks if getattr(c, "func", None) is renditions._enqueue]


def specs_of(image):
    return set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))


def test_every_spec_the_templates_use_is_registered():
    used = specs_in_templates()
    assert len(used) >= 30  # the scan does find the site's tags
    missing = {spec: where for spec, where in used.items() if spec not in site_filter_specs()}
    assert missing == {}, "add these specs to home/renditions.py"


def test_every_registered_spec_is_used():
    # A spec nobody shows would cost every upload for nothing.
    used = set(specs_in_templates()) | {PARTNER_LOGO_FILTER}
    assert set(site_filter_specs()) - used == set()


@pytest.mark.django_db
def test_uploading_an_image_produces_every_registered_rendition(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
    assert specs_of(image) == set(site_filter_specs())
    assert Rendition.objects.filter(image=image).count() == len(site_filter_specs())
    assert all(
        rendition.file.storage.exists(rendition.file.name) for rendition in image.renditions.all()
    )


@pytest.mark.django_db
def test_moving_the_focal_point_produces_the_crops_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
    before = Rendition.objects.filter(image=image).count()
    with django_capture_on_commit_callbacks(execute=True):
        image.focal_point_x, image.focal_point_y = 10, 10
        image.focal_point_width, image.focal_point_height = 20, 20
        image.save()
    fills = [spec for spec in site_filter_specs() if "fill-" in spec]
    new_key = Rendition.objects.filter(image=image).exclude(focal_point_key="")
    # Every crop exists for the new focal point; widths do not depend on it.
    assert {r.filter_spec for r in new_key.filter(filter_spec__in=fills)} == set(fills)
    assert Rendition.objects.filter(image=image).count() >= before + len(fills)


@pytest.mark.django_db
def test_saving_other_fields_of_an_image_enqueues_nothing(django_capture_on_commit_callbacks):
    image = ImageFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        image.save(update_fields=["file_hash"])
    assert scheduled(callbacks) == []


@pytest.mark.django_db
def test_produce_renditions_is_idempotent_and_survives_a_missing_file():
    broken, image = ImageFactory(), ImageFactory()
    broken.file.storage.delete(broken.file.name)
    made = produce_renditions(image_ids=[broken.pk, image.pk])
    assert made == len(site_filter_specs())
    assert specs_of(image) == set(site_filter_specs()) and specs_of(broken) == set()
    assert produce_renditions(image_ids=[image.pk]) == 0


@pytest.mark.django_db
def test_images_shown_by_a_page_include_fields_blocks_inline_children_and_galleries(home_page):
    hero, featured, other = ImageFactory(), ImageFactory(), ImageFactory()
    home_page.hero_image = hero
    home_page.featured_links.add(HomePageFeaturedLink(page=home_page, image=featured))
    assert images_shown_by(obj=home_page) == {hero.pk, featured.pk}

    gallery = Collection.get_first_root_node().add_child(name="Photos 2024")
    photos = {ImageFactory(collection=gallery).pk for _ in range(2)}
    edition = EditionPageFactory(
        parent=ColloqueIndexPageFactory(parent=home_page),
        hero_image=other,
        gallery_collection=gallery,
    )
    assert images_shown_by(obj=edition) == photos | {other.pk}


@pytest.fixture
def image_heavy_news(home_page):
    """A news item whose lead image, sharing image and body images have no rendition yet."""
    lead, sharing = ImageFactory(), ImageFactory()
    body_images = [ImageFactory() for _ in range(3)]
    page = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page),
        image=lead,
        og_image=sharing,
        body=[paragraph("<p>Retour en images.</p>")]
        + [image_block(img, alt=f"Photo {n}") for n, img in enumerate(body_images)],
        live=False,
    )
    Rendition.objects.all().delete()
    return page, [lead, sharing, *body_images]


@pytest.mark.django_db
def test_publishing_a_page_produces_the_renditions_of_its_images(
    image_heavy_news, django_capture_on_commit_callbacks
):
    page, images = image_heavy_news
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    for image in images:
        assert specs_of(image) == set(site_filter_specs()), image.title


@pytest.mark.django_db
def test_first_visit_after_publishing_creates_no_rendition(
    client, image_heavy_news, django_capture_on_commit_callbacks
):
    page, images = image_heavy_news
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    renditions = Rendition.objects.count()

    html = client.get(page.url).content.decode()

    assert Rendition.objects.count() == renditions
    lead, sharing, *body_images = images
    for n, image in enumerate(body_images):
        rendition = image.renditions.get(filter_spec="format-avif|width-640")
        assert rendition.url in html and f'alt="Photo {n}"' in html
    assert lead.renditions.get(filter_spec="format-webp|width-960").url in html
    assert sharing.renditions.get(filter_spec="fill-1200x630|format-jpeg").url in html
    assert html.count("<picture>") == 1 + len(body_images)


@pytest.mark.django_db
def test_publishing_a_standard_page_enqueues_one_task_for_its_images(
    home_page, django_capture_on_commit_callbacks
):
    images = [ImageFactory() for _ in range(2)]
    page = StandardPageFactory(
        parent=home_page, body=[image_block(img, alt="x") for img in images], live=False
    )
    with django_capture_on_commit_callbacks() as callbacks:
        page.save_revision().publish()
    assert scheduled(callbacks) == [sorted(img.pk for img in images)]


@pytest.mark.django_db
def test_publishing_a_partner_produces_its_logo_renditions(django_capture_on_commit_callbacks):
    logo = ImageFactory()
    partner = PartnerFactory(logo=logo, logo_alt="Partenaire", live=False, approved=False)
    assert specs_of(logo) == set()
    with django_capture_on_commit_callbacks(execute=True):
        partner.save_revision().publish()
    assert PARTNER_LOGO_FILTER in specs_of(logo)
    assert specs_of(logo) == set(site_filter_specs())


@pytest.mark.django_db
def test_a_visit_makes_objects_of_the_renditions_it_shows_only(
    client, image_heavy_news, django_capture_on_commit_callbacks
):
    """The renditions of every image on the page are read in few queries, but only those a
    tag shows become model instances: reading ten times more and building them all used to
    cost more than the queries it saved."""
    page, images = image_heavy_news
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance.filter_spec)

    post_init.connect(count, sender=Rendition)
    try:
        html = client.get(page.url).content.decode()
    finally:
        post_init.disconnect(count, sender=Rendition)

    shown = set(re.findall(r'(?:src|srcset)="([^" ]+)', html)) | set(
        re.findall(r"([^\s,\"]+) \d+w", html)
    )
    assert built  # the page shows pictures
    made = Rendition.objects.filter(filter_spec__in=built, image__in=images)
    assert len(built) <= len({r.url for r in made if r.url in shown}) + len(images), built

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model

from home.models import NewsIndexPage, NewsPage, PrivacyPage, StandardPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def group(self, create, name, **kwargs):
        """``UserFactory(group="Communications")``: a member of one editorial group."""
        if create and name:
            self.groups.add(Group.objects.get(name=name))


class CollectionFactory(wagtail_factories.CollectionFactory):
    """A collection of images or documents; under the root one with ``parent=root``."""

    name = factory.Sequence(lambda n: f"Collection {n}")


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Image {n}")
    description = factory.LazyAttribute(lambda o: f"Description de {o.title}")


class DocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="etude.pdf", data=b"%PDF-1.4 demo")

    class Meta:
        model = get_document_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def file_metadata(self, create, extracted, **kwargs):
        """``DocumentFactory(file_metadata=True)``: size and hash recorded, as the admin's
        upload form does (shown next to download links)."""
        if create and extracted:
            self._set_document_file_metadata()
            self.save()


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "Une page de contenu."

    class Meta:
        model = StandardPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Actualités"
    slug = "actualites"
    intro = "Les nouvelles du réseau."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Nouvelle {n}")
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    intro = "Un résumé de la nouvelle."
    image = factory.SubFactory(ImageFactory)

    class Meta:
        model = NewsPage

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        # ``tags=[...]``: the model's constructor does not take them. They are set before the
        # page enters the tree, so that its first save (and its search entry) carries them.
        tags = kwargs.pop("tags", None)
        page = model_class(**kwargs)
        if tags is not None:
            page.tags.set(tags)
        parent.add_child(instance=page)
        return page


class PrivacyPageFactory(wagtail_factories.PageFactory):
    title = "Politique de confidentialité"
    slug = "confidentialite"
    intro = "Ce que nous recueillons et pourquoi."

    class Meta:
        model = PrivacyPage

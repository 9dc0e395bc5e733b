"""Media permissions on the models Wagtail checks.

Wagtail authorises custom image and document models against the permissions of its own
``wagtailimages.Image`` and ``wagtaildocs.Document`` (their permission policies'
``auth_model``), not ``home.CustomImage`` / ``home.CustomDocument``: the collection
permissions of 0004 gave no access at all. Each group gets the same actions on the
models Wagtail checks.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (our model's codename prefix, Wagtail's auth model) for each media kind.
MEDIA = {"customimage": ("wagtailimages", "image"), "customdocument": ("wagtaildocs", "document")}


def grant(apps, schema_editor):
    for label in ("wagtailimages", "wagtaildocs"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth.Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    granted = GroupCollectionPermission.objects.filter(
        permission__content_type__app_label="home",
        permission__content_type__model__in=list(MEDIA),
    ).select_related("permission__content_type")
    for row in granted:
        action = row.permission.codename.rsplit("_", 1)[0]
        app_label, model = MEDIA[row.permission.content_type.model]
        GroupCollectionPermission.objects.get_or_create(
            group_id=row.group_id,
            collection_id=row.collection_id,
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            ),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_personal_data_erasure"),
        ("colloque", "0004_partner_workflow"),  # the committee's logo permission comes first
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

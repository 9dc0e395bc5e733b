"""The editorial groups DESIGN.md names, with what each needs now.

Later apps grant their own model permissions to these groups in their own migrations.
None of these groups may manage users or groups: only a superuser does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMUNICATIONS = "Communications"
SELECTION_COMMITTEE = "Comité de sélection"
FACILITATION = "Animation"

WAGTAIL_STOCK_GROUPS = ["Editors", "Moderators"]

PAGE_PERMISSIONS = {
    COMMUNICATIONS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = {
    COMMUNICATIONS: [
        ("home", "add_customimage"),
        ("home", "change_customimage"),
        ("home", "choose_customimage"),
        ("home", "add_customdocument"),
        ("home", "change_customdocument"),
        ("home", "choose_customdocument"),
    ],
    SELECTION_COMMITTEE: [("home", "choose_customdocument")],
    FACILITATION: [("home", "choose_customimage"), ("home", "choose_customdocument")],
}
MODEL_PERMISSIONS = {
    COMMUNICATIONS: [
        ("wagtailadmin", "access_admin"),
        ("wagtailcore", "view_page"),
        ("taggit", "add_tag"),
        ("taggit", "change_tag"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
        ("wagtail_localize", "submit_translation"),
    ],
    SELECTION_COMMITTEE: [("wagtailadmin", "access_admin")],
    FACILITATION: [("wagtailadmin", "access_admin")],
}


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def get_permission(apps, app_label, codename):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    for name in (COMMUNICATIONS, SELECTION_COMMITTEE, FACILITATION):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in MODEL_PERMISSIONS.get(name, []):
            group.permissions.add(get_permission(apps, app_label, codename))
        for codename in PAGE_PERMISSIONS.get(name, []):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=get_permission(apps, "wagtailcore", codename),
            )
        for app_label, codename in COLLECTION_PERMISSIONS.get(name, []):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=get_permission(apps, app_label, codename),
            )


    # Wagtail's stock groups would give powers outside our design: retire them, and let
    # Communications take over the default page moderation task.
    communications = Group.objects.get(name=COMMUNICATIONS)
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    for task in GroupApprovalTask.objects.filter(groups__name="Moderators"):
        task.groups.add(communications)
    Group.objects.filter(name__in=WAGTAIL_STOCK_GROUPS).delete()


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(
        name__in=[COMMUNICATIONS, SELECTION_COMMITTEE, FACILITATION]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_create_homepage"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

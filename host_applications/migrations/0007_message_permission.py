"""The Comité de sélection may write to the applicants of an edition (issue 24)."""

from django.db import migrations

GROUP = "Comité de sélection"
CODENAME = "message_hostapplication"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    application_type, _ = ContentType.objects.get_or_create(
        app_label="host_applications", model="hostapplication"
    )
    # Django creates new permissions after migrations; the group needs it now.
    permission, _ = Permission.objects.get_or_create(
        content_type=application_type,
        codename=CODENAME,
        defaults={"name": "Can write to the applicants of an edition"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="host_applications", codename=CODENAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("host_applications", "0006_bounded_free_text"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="hostapplication",
            options={
                "ordering": ["-submitted_at", "-pk"],
                "permissions": [
                    ("review_hostapplication", "Can score host candidatures"),
                    ("message_hostapplication", "Can write to the applicants of an edition"),
                ],
                "verbose_name": "host candidature",
                "verbose_name_plural": "host candidatures",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]

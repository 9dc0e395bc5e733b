"""Who may see and manage registrations: the Animation group, and nobody else.

Communications edits community pages through its page permissions; registrations hold
personal data that only the facilitators need.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["view", "add", "change", "delete", "run_lottery"]


def setup(apps, schema_editor):
    app_config = apps.get_app_config("communities")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    registration_type, _ = ContentType.objects.get_or_create(
        app_label="communities", model="registration"
    )
    group, _ = Group.objects.get_or_create(name="Animation")
    group.permissions.add(
        *Permission.objects.filter(
            content_type=registration_type,
            codename__in=[
                name if name == "run_lottery" else f"{name}_registration" for name in PERMISSIONS
            ],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0001_initial"),
        ("home", "0004_groups"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]

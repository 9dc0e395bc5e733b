"""Communications builds programmes: it manages speakers, venues and themes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("speaker", "venue", "theme")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("colloque")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    communications = Group.objects.get(name="Communications")
    communications.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="colloque",
            codename__in=[f"{action}_{model}" for action in ("add", "change", "delete", "view") for model in MODELS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Group.objects.get(name="Communications").permissions.remove(
        *apps.get_model("auth.Permission").objects.filter(content_type__app_label="colloque")
    )


class Migration(migrations.Migration):
    dependencies = [("colloque", "0001_initial"), ("home", "0004_groups")]

    operations = [migrations.RunPython(grant, revoke)]

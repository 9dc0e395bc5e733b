"""Wagtail's stock page workflow and its task are Communications' own: name them so.

Only the stock names are renamed: a name an administrator has since chosen is kept.
"""

from django.db import migrations

STOCK_NAME = "Moderators approval"
NEW_NAME = "Approbation par Communications"


def rename(apps, schema_editor, old=STOCK_NAME, new=NEW_NAME):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=old).update(name=new)
    apps.get_model("wagtailcore", "Task").objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW_NAME, new=STOCK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_counters"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]

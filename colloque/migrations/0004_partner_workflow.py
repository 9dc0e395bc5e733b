"""Partners: Communications proposes, the Comité de sélection approves.

The committee's approval task publishes the partner, so the committee holds the publish
permission and Communications does not. The four tiers the issue names start the editable
list, in French and English. The workflow and its task stay editable in Wagtail's admin.
"""

import uuid

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKFLOW_NAME = "Partenaires"
TASK_NAME = "Approbation par le comité de sélection"
GROUP_PERMISSIONS = {
    "Communications": {
        "partner": ["add", "change", "view", "lock", "unlock"],
        "partnertier": ["add", "change", "delete", "view"],
    },
    "Comité de sélection": {
        "partner": ["change", "view", "delete", "publish", "lock", "unlock"],
        "partnertier": ["view"],
    },
}
EXTRA_PERMISSIONS = {  # Wagtail creates these after migrations; groups need them now.
    "publish": "Can publish partner",
    "lock": "Can lock partner",
    "unlock": "Can unlock partner",
}
TIERS = [
    (10, "Partenaire présentateur", "Presenting partner"),
    (20, "Partenaire majeur", "Major partner"),
    (30, "Collaborateur", "Collaborator"),
    (40, "Partenaire média", "Media partner"),
]


def setup(apps, schema_editor):
    app_config = apps.get_app_config("colloque")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    partner_type, _ = ContentType.objects.get_or_create(app_label="colloque", model="partner")
    for action, name in EXTRA_PERMISSIONS.items():
        Permission.objects.get_or_create(
            content_type=partner_type, codename=f"{action}_partner", defaults={"name": name}
        )
    for group_name, models in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in models.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="colloque",
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )
    # Logos are images: the committee may pick another one while reviewing.
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission.objects.get_or_create(
        group=Group.objects.get(name="Comité de sélection"),
        collection=Collection.objects.get(depth=1),
        permission=Permission.objects.get(
            content_type__app_label="home", codename="choose_customimage"
        ),
    )

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(Group.objects.get(name="Comité de sélection"))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=partner_type, defaults={"workflow": workflow}
    )

    Locale = apps.get_model("wagtailcore", "Locale")
    PartnerTier = apps.get_model("colloque", "PartnerTier")
    french = Locale.objects.filter(language_code="fr-ca").first()
    english = Locale.objects.filter(language_code="en").first()
    if french is None or PartnerTier.objects.exists():
        return
    for sort_order, french_name, english_name in TIERS:
        key = uuid.uuid4()
        PartnerTier.objects.create(
            translation_key=key, locale=french, name=french_name, sort_order=sort_order
        )
        if english is not None:
            PartnerTier.objects.create(
                translation_key=key, locale=english, name=english_name, sort_order=sort_order
            )


def teardown(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("colloque", "0003_partners"),
        ("colloque", "0002_communications_permissions"),
        ("home", "0004_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(setup, teardown)]

"""The candidature workflow and who may do what with candidatures.

Screening by Communications, then the decision by the Comité de sélection, who therefore
holds the publish permission ("published" means "selected"). Both steps stay editable in
Wagtail's workflow admin. Animation gets nothing: candidatures are not its business.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKFLOW_NAME = "Candidatures milieu hôte"
TASKS = [
    ("Tri des candidatures", "Communications"),
    ("Décision du comité de sélection", "Comité de sélection"),
]
GROUP_PERMISSIONS = {
    "Communications": ["view", "change", "lock", "unlock"],
    "Comité de sélection": ["view", "change", "publish", "lock", "unlock", "review"],
}
EXTRA_PERMISSIONS = {  # Wagtail creates these after migrations; groups need them now.
    "publish": "Can publish host candidature",
    "lock": "Can lock host candidature",
    "unlock": "Can unlock host candidature",
}


def setup(apps, schema_editor):
    app_config = apps.get_app_config("host_applications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    application_type, _ = ContentType.objects.get_or_create(
        app_label="host_applications", model="hostapplication"
    )
    for action, name in EXTRA_PERMISSIONS.items():
        Permission.objects.get_or_create(
            content_type=application_type, codename=f"{action}_hostapplication", defaults={"name": name}
        )
    for group_name, actions in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type=application_type,
                codename__in=[f"{action}_hostapplication" for action in actions],
            )
        )

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ReviewTask = apps.get_model("host_applications", "CandidatureReviewTask")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="host_applications", model="candidaturereviewtask"
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for sort_order, (task_name, group_name) in enumerate(TASKS):
        task = ReviewTask.objects.filter(name=task_name).first()
        if task is None:
            task = ReviewTask.objects.create(name=task_name, content_type=task_type, active=True)
        task.groups.add(Group.objects.get(name=group_name))
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": sort_order})
    WorkflowContentType.objects.update_or_create(
        content_type=application_type, defaults={"workflow": workflow}
    )


def teardown(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("host_applications", "CandidatureReviewTask").objects.filter(
        name__in=[name for name, _ in TASKS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("host_applications", "0001_initial"),
        ("home", "0004_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(setup, teardown)]

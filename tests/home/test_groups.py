import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, Task, Workflow

GROUPS = ["Communications", "Comité de sélection", "Animation"]


@pytest.mark.django_db
def test_groups_exist_and_can_reach_the_admin():
    access = Permission.objects.get(codename="access_admin")
    for name in GROUPS:
        assert access in Group.objects.get(name=name).permissions.all()


@pytest.mark.django_db
def test_wagtail_stock_groups_are_retired():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    # Wagtail's default page moderation task now belongs to Communications, and says so.
    task = GroupApprovalTask.objects.get(name="Approbation par Communications")
    assert [g.name for g in task.groups.all()] == ["Communications"]
    assert Workflow.objects.filter(name="Approbation par Communications").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()


@pytest.mark.django_db
def test_communications_edits_and_publishes_pages_and_media():
    group = Group.objects.get(name="Communications")
    page_codenames = set(group.page_permissions.values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= page_codenames
    media_codenames = set(
        group.collection_permissions.values_list("permission__codename", flat=True)
    )
    assert {"add_customimage", "choose_customimage", "add_customdocument"} <= media_codenames


@pytest.mark.django_db
def test_nobody_but_a_superuser_manages_users():
    for group in Group.objects.all():
        codenames = set(group.permissions.values_list("codename", flat=True))
        forbidden = {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}
        assert not forbidden, (group.name, forbidden)


@pytest.mark.django_db
def test_communications_member_cannot_open_user_management(client):
    from factories import UserFactory

    user = UserFactory()
    user.groups.add(Group.objects.get(name="Communications"))
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/users/")
    assert response.status_code == 302 and "/admin/" in response["Location"]


@pytest.mark.django_db
def test_media_permissions_are_on_the_models_wagtail_checks():
    # Wagtail authorises custom image/document models against wagtailimages.Image and
    # wagtaildocs.Document permissions.
    expected = {
        "Communications": {"add_image", "change_image", "choose_image", "add_document"},
        "Comité de sélection": {"choose_image", "choose_document"},
        "Animation": {"choose_image", "choose_document"},
    }
    for name, codenames in expected.items():
        granted = set(
            Group.objects.get(name=name)
            .collection_permissions.filter(
                permission__content_type__app_label__in=["wagtailimages", "wagtaildocs"]
            )
            .values_list("permission__codename", flat=True)
        )
        assert codenames <= granted, (name, codenames - granted)

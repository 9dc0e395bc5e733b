from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_ensure_admin_creates_once_and_keeps_it(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "password admin" in out.getvalue()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("admin")

    user.set_password("changed-by-me")
    user.save()
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "as “admin”" in out.getvalue() and "password" not in out.getvalue()
    assert get_user_model().objects.get().check_password("changed-by-me")


@pytest.mark.django_db
def test_ensure_admin_refuses_a_default_password_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing"):
        call_command("ensure_admin", stdout=StringIO())
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_make_run_says_where_the_site_and_its_admin_are_in_four_lines(settings, monkeypatch):
    """`make run` sets SITE_URL to the address it serves; migrations are not listed one by one."""
    from home.management.commands import prepare_local

    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8123"
    real_call_command = prepare_local.call_command

    def without_demo(name, *args, **kwargs):
        if name == "load_demo":  # the demo's own tests load it; here only the output matters
            kwargs["stdout"].write("home: ...\nDemo content ready.\n")
            return
        real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(prepare_local, "call_command", without_demo)
    out = StringIO()
    call_command("prepare_local", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines == [
        "Database ready (0 migrations applied).",
        "Demo content ready.",
        "Administrator created: log in at http://127.0.0.1:8123/admin/ as “admin”, password admin.",
        "The site: http://127.0.0.1:8123/",
    ]

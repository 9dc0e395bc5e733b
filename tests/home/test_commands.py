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

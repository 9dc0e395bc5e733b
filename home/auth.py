"""Admin login lockout: every login form goes through ``authenticate()``, so it is enforced here.

``LockoutBackend``, the only one in ``AUTHENTICATION_BACKENDS``, refuses any attempt for a
locked username or address (``home.ratelimit``), whatever the password; failed and successful
logins are counted through Django's signals. Logins without a request (the test client,
management commands) are neither counted nor refused: they have no address.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied

from .ratelimit import client_ip, login_locked, record_login_failure, reset_login_failures


def _username(credentials):
    value = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    return value if isinstance(value, str) else None


class LockoutBackend(ModelBackend):
    """Django's ModelBackend, refusing everybody while their username or address is locked.

    One backend rather than a checker placed before ModelBackend: Wagtail's test utilities
    and Client.force_login() take the first backend as the one that signs users in."""

    def authenticate(self, request, username=None, password=None, **credentials):
        name = _username({"username": username, **credentials})
        known = request is not None and name is not None
        if known and login_locked(username=name, ip=client_ip(request)):
            # Read by the login form to explain, rather than "wrong password".
            request.login_locked = True
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **credentials)


def _failed(sender, credentials, request=None, **kwargs):
    username = _username(credentials)
    if request is None or username is None or getattr(request, "login_locked", False):
        return  # attempts during a lockout do not extend it
    if record_login_failure(username=username, ip=client_ip(request)):
        request.login_locked = True


def _succeeded(sender, request, user, **kwargs):
    reset_login_failures(username=user.get_username())


def connect():
    user_login_failed.connect(_failed, dispatch_uid="home.auth.failed")
    user_logged_in.connect(_succeeded, dispatch_uid="home.auth.succeeded")

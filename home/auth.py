"""Admin login lockout: every login form goes through ``authenticate()``, so it is enforced here.

``LockoutBackend`` comes first in ``AUTHENTICATION_BACKENDS`` and refuses any attempt for a
locked username or address (``home.ratelimit``), whatever the password; failed and successful
logins are counted through Django's signals. Logins without a request (the test client,
management commands) are neither counted nor refused: they have no address.
"""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied

from .ratelimit import client_ip, login_locked, record_login_failure, reset_login_failures


def _username(credentials):
    from django.contrib.auth import get_user_model

    value = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    return value if isinstance(value, str) else None


class LockoutBackend:
    """Authenticates nobody; refuses everybody while their username or address is locked."""

    def authenticate(self, request, **credentials):
        username = _username(credentials)
        if request is None or username is None:
            return None
        if login_locked(username=username, ip=client_ip(request)):
            # Read by the login form to explain, rather than "wrong password".
            request.login_locked = True
            raise PermissionDenied
        return None

    # No get_user(): nobody is ever signed in through this backend, and Client.force_login()
    # picks the first backend that has one.


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

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import auth, checks, locales, notifications, personal_data, renditions, routing  # noqa: F401, PLC0415 (the app registry must be ready; checks register on import)

        locales.install()
        routing.install()
        notifications.connect()
        renditions.connect()
        auth.connect()
        personal_data.register()
        post_migrate.connect(follow_site_url, sender=self, dispatch_uid="home.follow_site_url")


def follow_site_url(sender, using="default", plan=None, **kwargs):
    """After every ``migrate``, the default Site takes SITE_URL's host and port."""
    from .services import follow_site_url  # noqa: PLC0415 (the app registry must be ready)

    if plan and all(backwards for _migration, backwards in plan):
        return  # unapplying: the Site table may be on its way out
    follow_site_url(using=using)

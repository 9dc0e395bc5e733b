from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities of practice")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.registry import register_api_endpoint  # noqa: PLC0415

        # The app registry must be ready; signals connect on import.
        from . import personal_data, signals  # noqa: F401, PLC0415
        from .api import CommunitySessionsAPIViewSet  # noqa: PLC0415

        personal_data.register()
        register_api_endpoint(CommunitySessionsAPIViewSet.name, CommunitySessionsAPIViewSet)

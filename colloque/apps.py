from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ColloqueConfig(AppConfig):
    name = "colloque"
    verbose_name = _("Colloque")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcksConfig(AppConfig):
    name = "tandem.acks"
    label = "acks"
    verbose_name = _("Acknowledgements")
    default_auto_field = "django.db.models.BigAutoField"

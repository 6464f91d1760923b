from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "tandem.outbox"
    label = "outbox"
    verbose_name = _("Deliveries")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only: register our jobs here.
        from tandem.outbox import jobs  # noqa: F401

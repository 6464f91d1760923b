from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "tandem.notify"
    label = "notify"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer only autoloads modules named "tasks": import the jobs here so the
        # periodic sweeps are registered wherever Django starts.
        from tandem.notify import deliveries, jobs  # noqa: F401
        from tandem.outbox import registry

        registry.register(deliveries.DIGEST_HANDLER, deliveries.digest_deliver)

        # The daily digest is at a local time of the person's: it moves with their zone.
        from tandem.accounts import hooks as account_hooks
        from tandem.notify import services

        account_hooks.time_zone_changed.connect(services.digests_reschedule)

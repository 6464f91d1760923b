from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "tandem.insights"
    label = "insights"
    verbose_name = _("Insights")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # What the apps below ask of insights (see tandem/lib/hooks.py).
        from tandem.insights.selectors import digest
        from tandem.notify import hooks as notify_hooks

        notify_hooks.digest_waiting.connect(digest.waiting_for)

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "tandem.insights"
    label = "insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # What the apps below ask of insights (see tandem/lib/hooks.py).
        from tandem.insights.selectors import digest
        from tandem.notify import hooks as notify_hooks

        notify_hooks.digest_waiting.connect(digest.waiting_for)

from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "tandem.continuity"
    label = "continuity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only; register our periodic jobs here.
        from tandem.continuity import jobs  # noqa: F401
        from tandem.continuity.services import silence
        from tandem.outbox import registry

        registry.register(
            silence.ESCALATION_HANDLER,
            silence.escalation_deliver,
            batch=silence.escalations_deliver,
        )
        registry.register(silence.RESOLVED_HANDLER, silence.resolution_deliver)

from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "tandem.continuity"
    label = "continuity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only; register our periodic jobs here.
        from tandem.continuity import jobs  # noqa: F401

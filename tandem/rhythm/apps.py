from django.apps import AppConfig


class RhythmConfig(AppConfig):
    name = "tandem.rhythm"
    label = "rhythm"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only; register our periodic jobs here.
        from tandem.rhythm import jobs  # noqa: F401

        # Acknowledgement hooks register on import; load every part that has one.
        from tandem.rhythm.services import announcements, meetings  # noqa: F401

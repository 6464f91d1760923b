from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "tandem.work"
    label = "work"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only; ours are "jobs" (the word "task"
        # belongs to the domain), so register the periodic jobs here.
        from tandem.work import jobs  # noqa: F401

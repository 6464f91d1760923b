from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "tandem.workspaces"
    label = "workspaces"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only: register our jobs here.
        from tandem.workspaces import jobs  # noqa: F401

from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "tandem.roles"
    label = "roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only; register our periodic jobs here.
        from tandem.roles import jobs  # noqa: F401

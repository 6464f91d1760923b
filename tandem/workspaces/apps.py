from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "tandem.workspaces"
    label = "workspaces"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only: register our jobs here.
        from tandem.outbox import registry
        from tandem.workspaces import deliveries, jobs  # noqa: F401

        registry.register(deliveries.INVITATION_EMAIL, deliveries.invitation_email_deliver)
        registry.register(
            deliveries.INVITATION_CONFIRMATION, deliveries.invitation_confirmation_deliver
        )

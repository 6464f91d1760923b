from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "tandem.continuity"
    label = "continuity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only; register our periodic jobs here.
        from tandem.continuity import jobs  # noqa: F401
        from tandem.continuity.services import escalations, silence
        from tandem.outbox import registry

        registry.register(
            silence.ESCALATION_HANDLER,
            escalations.escalation_deliver,
            batch=escalations.escalations_deliver,
        )
        registry.register(silence.RESOLVED_HANDLER, escalations.resolution_deliver)

        # What happens below that continuity acts on (see tandem/lib/hooks.py).
        from tandem.accounts import hooks as account_hooks
        from tandem.workspaces import hooks as workspace_hooks

        account_hooks.logged_in.connect(silence.activity_record_login)
        account_hooks.working_time_changed.connect(silence.silence_reschedule_user)
        workspace_hooks.activity_seen.connect(silence.activity_record)
        workspace_hooks.member_joined.connect(silence.presence_start)
        workspace_hooks.member_role_changed.connect(silence.presence_role_changed)
        workspace_hooks.member_removed.connect(silence.presence_clear)

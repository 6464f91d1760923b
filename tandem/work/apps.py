from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "tandem.work"
    label = "work"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only; ours are "jobs" (the word "task"
        # belongs to the domain), so register the periodic jobs here.
        # What happens below that work acts on (see tandem/lib/hooks.py).
        from tandem.acks import hooks as ack_hooks
        from tandem.work import jobs  # noqa: F401
        from tandem.work.services import members, tasks
        from tandem.workspaces import hooks as workspace_hooks

        ack_hooks.acknowledged.connect(tasks.feedback_acknowledged)
        workspace_hooks.member_role_changing.connect(members.member_role_check)

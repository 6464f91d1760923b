from django.apps import AppConfig


class RhythmConfig(AppConfig):
    name = "tandem.rhythm"
    label = "rhythm"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The job consumer loads modules named "tasks" only; register our periodic jobs here.
        # What happens below that the rhythm acts on (see tandem/lib/hooks.py).
        from tandem.accounts import hooks as account_hooks
        from tandem.acks import hooks as ack_hooks
        from tandem.rhythm import jobs  # noqa: F401
        from tandem.rhythm.selectors import response_time
        from tandem.rhythm.services import announcements, checkins, meetings
        from tandem.workspaces import hooks as workspace_hooks

        account_hooks.time_zone_changed.connect(checkins.checkin_schedules_reschedule_for_user)
        ack_hooks.acknowledged.connect(announcements.announcement_acknowledged)
        ack_hooks.acknowledged.connect(meetings.summary_acknowledged)
        workspace_hooks.response_times.connect(response_time.response_times_of)

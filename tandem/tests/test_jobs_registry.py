"""The job consumer knows every job as soon as Django starts, periodic ones included."""

from __future__ import annotations

from huey.contrib.djhuey import HUEY


def test_every_apps_jobs_are_registered_at_start_up():
    names = set(HUEY._registry._registry)
    assert {
        "tandem.notify.jobs.send_notification_emails",
        "tandem.notify.jobs.send_due_emails",
        "tandem.outbox.jobs.deliver",
        "tandem.outbox.jobs.redeliver",
        "tandem.work.jobs.create_recurring_tasks",
    } <= names


def test_the_sweeps_are_periodic():
    periodic = {job.name for job in HUEY._registry.periodic_tasks}
    assert {"send_due_emails", "redeliver", "create_recurring_tasks"} <= periodic

"""An assistant who becomes a partner: refused while work is assigned to them, and what they see
once they are a partner (notifications, the bell, the calendar feed) follows the role they have
now, not the one they had."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from tandem.notify import kinds
from tandem.notify.models import EmailState, Notification
from tandem.notify.services import notify
from tandem.rhythm.models import CalendarFeed
from tandem.work.models import RecurringTask
from tandem.work.services import tasks as task_services
from tandem.work.tests.factories import make_task
from tandem.workspaces import services
from tandem.workspaces.models import Membership, Role

NOW = datetime(2026, 10, 20, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def make_partner(owner: Membership, member: Membership) -> Membership:
    return services.member_update(actor=owner, member=member, role=Role.PARTNER, partner=None)


def edit_url(member: Membership) -> str:
    return reverse("workspaces:member_edit", kwargs={"ws": "alice", "code": member.code})


def test_it_refuses_to_make_a_partner_of_an_assistant_with_open_tasks(owner, assistant):
    make_task(owner, assistant)
    with pytest.raises(ValidationError) as refused:
        make_partner(owner, assistant)
    assert "open tasks: 1" in str(refused.value)
    assistant.refresh_from_db()
    assert assistant.role == Role.ASSISTANT


def test_it_refuses_while_a_recurring_task_is_theirs(owner, assistant):
    RecurringTask.objects.create(
        workspace=owner.workspace,
        title="Inbox zero",
        assignee=assistant,
        created_by=owner,
        cadence=RecurringTask.Cadence.WEEKDAYS,
        due_time=time(17),
    )
    with pytest.raises(ValidationError, match="recurring tasks: 1"):
        make_partner(owner, assistant)


def test_it_allows_it_once_the_work_is_reassigned_or_cancelled(owner, manager, assistant):
    first = make_task(owner, assistant, title="Reassign me")
    second = make_task(owner, assistant, title="Cancel me")
    task_services.task_assign(actor=owner, task=first, assignee=manager)
    task_services.task_cancel(actor=owner, task=second)
    assert make_partner(owner, assistant).role == Role.PARTNER


def test_it_explains_the_refusal_on_the_page(owner, assistant, client_for):
    make_task(owner, assistant)
    response = client_for(owner).post(edit_url(assistant), {"role": Role.PARTNER, "partner": ""})
    assert response.status_code == 200
    assert "still has work assigned" in response.content.decode()
    assert f"?assignee={assistant.code}&amp;state=open" in response.content.decode()
    assistant.refresh_from_db()
    assert assistant.role == Role.ASSISTANT


def test_it_checks_workspace_isolation(outsider, assistant, client_for):
    response = client_for(outsider).post(edit_url(assistant), {"role": Role.PARTNER, "partner": ""})
    assert response.status_code == 404
    assistant.refresh_from_db()
    assert assistant.role == Role.ASSISTANT


def _done_task_and_notifications(owner: Membership, assistant: Membership) -> None:
    """An assistant with a finished task: a notification naming it, and a town hall one."""
    task = make_task(owner, assistant, title="Secret merger memo")
    task_services.task_cancel(actor=owner, task=task)
    notify(
        workspace=owner.workspace,
        recipients=[assistant],
        kind=kinds.ANNOUNCEMENT_POSTED,
        event_key="announcement:x:posted",
        actor=owner,
        url="/w/alice/",
        thread_key="announcement:x",
        params={"title": "Office closed on Friday"},
    )


def test_it_shows_a_partner_no_notification_that_names_a_task(owner, assistant, client_for):
    _done_task_and_notifications(owner, assistant)
    assert Notification.objects.filter(recipient=assistant).count() == 2
    hidden = Notification.objects.get(recipient=assistant, kind=kinds.TASK_ASSIGNED)
    make_partner(owner, assistant)
    http = client_for(assistant)

    page = http.get(reverse("notify:list", kwargs={"ws": "alice"})).content.decode()
    assert "Secret merger memo" not in page
    assert "Office closed on Friday" in page
    bell = http.get(reverse("notify:bell", kwargs={"ws": "alice"})).content.decode()
    assert "Notifications: 1 unread" in bell
    read = reverse("notify:read", kwargs={"ws": "alice", "code": hidden.code})
    assert http.post(read).status_code == 404


def test_it_tells_a_partner_nothing_of_a_task_they_wrote(owner, manager, assistant):
    """A manager who wrote a brief and then became a partner is not told of its moves; the
    owners and managers are, in their place."""
    task = make_task(manager, assistant)
    services.member_update(actor=owner, member=manager, role=Role.PARTNER, partner=None)
    task.refresh_from_db()
    task_services.task_acknowledge(actor=assistant, task=task)
    told = set(
        Notification.objects.filter(kind=kinds.TASK_ACKNOWLEDGED).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {owner.pk}


def test_it_does_not_email_a_held_notification_once_the_role_changed(
    owner, assistant, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tandem.notify.deliveries import notification_email_send

    task = make_task(owner, assistant, title="Secret merger memo")
    notification = Notification.objects.get(recipient=assistant, kind=kinds.TASK_ASSIGNED)
    task_services.task_cancel(actor=owner, task=task)
    Notification.objects.filter(pk=notification.pk).update(
        email_state=EmailState.HELD, email_due_at=NOW
    )
    make_partner(owner, assistant)
    mail.outbox.clear()
    assert notification_email_send(notification.pk, redelivery=True) is False
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_state == EmailState.OFF


def test_it_leaves_a_partners_feed_without_deadlines_of_that_workspace(owner, assistant, client):
    """A task still assigned to someone who is now a partner (a row from before the rule)
    is not in their feed."""
    make_task(owner, assistant, title="Secret merger memo")
    Membership.objects.filter(pk=assistant.pk).update(role=Role.PARTNER)
    feed, _ = CalendarFeed.objects.get_or_create(user=assistant.user)
    response = client.get(reverse("insights:calendar_feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert b"Secret merger memo" not in response.content
    assert Calendar.from_ical(response.content).walk("VEVENT") == []


def test_it_shows_a_partner_no_brief_they_acknowledged_before(owner, assistant, client_for):
    task = make_task(owner, assistant, title="Secret merger memo")
    task_services.task_acknowledge(actor=assistant, task=task)
    http = client_for(assistant)
    acks = reverse("rhythm:acks", kwargs={"ws": "alice"})
    assert "Secret merger memo" in http.get(acks).content.decode()
    task_services.task_cancel(actor=owner, task=task)
    make_partner(owner, assistant)
    response = http.get(acks)
    assert response.status_code == 200
    assert "Secret merger memo" not in response.content.decode()

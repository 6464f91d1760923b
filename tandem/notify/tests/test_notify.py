"""The notify service: who is told, at most once, and whether by email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from tandem.notify import kinds, selectors, services
from tandem.notify.models import EmailPreference, EmailState, Notification
from tandem.workspaces import services as workspace_services

pytestmark = pytest.mark.django_db


def test_it_tells_each_recipient_of_an_event_once(
    owner, assistant, tell, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = tell(assistant, event_key="task:t1:assigned")
    with django_capture_on_commit_callbacks(execute=True):
        again = tell(assistant, event_key="task:t1:assigned")
    assert len(first) == 1
    assert again == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.com"]


def test_it_tells_new_recipients_of_a_known_event(owner, assistant, manager, tell):
    tell(assistant, event_key="task:t1:comment:1")
    created = tell(assistant, manager, event_key="task:t1:comment:1")
    assert [n.recipient for n in created] == [manager]
    assert Notification.objects.filter(event_key="task:t1:comment:1").count() == 2


def test_it_never_tells_the_actor_of_their_own_action(owner, assistant, tell):
    created = tell(owner, assistant, actor=owner)
    assert [n.recipient for n in created] == [assistant]
    assert tell(owner, actor=owner) == []


def test_it_skips_people_outside_the_workspace(owner, assistant, outsider, tell):
    workspace_services.member_remove(actor=owner, member=assistant)
    created = services.notify(
        workspace=owner.workspace,
        recipients=[assistant, outsider],
        kind="task_assigned",
        event_key="e1",
        actor=owner,
        url="/w/alice/",
        thread_key="task:t1",
        params={"task": "x"},
    )
    assert created == []
    assert not Notification.objects.exists()


def test_it_stores_the_event_and_not_the_text(owner, assistant, tell):
    (notification,) = tell(assistant, task="Write the newsletter", thread_key="task:abc")
    assert notification.workspace == owner.workspace
    assert notification.actor == owner
    assert notification.kind == "task_assigned"
    assert notification.params == {"task": "Write the newsletter"}
    assert notification.thread_key == "task:abc"
    assert notification.read_at is None
    assert len(notification.code) == 10
    shown = selectors.notifications_for_member(assistant).get()
    assert shown.message == "Alice Owner assigned you “Write the newsletter”."


def test_it_writes_the_message_when_shown_in_the_active_language(assistant, tell):
    tell(assistant)
    notification = selectors.notifications_for_member(assistant).get()
    with translation.override("nb"):
        # Rendered from the gettext_lazy catalogue entry at display time, not stored.
        assert notification.message == str(kinds.KINDS["task_assigned"].message) % {
            "actor": "Alice Owner",
            "task": "Write the newsletter",
        }


def test_it_shows_a_missing_parameter_as_an_ellipsis():
    assert kinds.render("review_requested", {}, "Ana") == "Ana submitted “…” for review."


def test_it_names_tandem_when_nobody_acted(assistant, tell):
    (notification,) = tell(assistant, actor=None)
    assert notification.message == "Tandem assigned you “Write the newsletter”."


def test_it_makes_help_requests_urgent(owner, assistant, tell):
    (notification,) = tell(owner, actor=assistant, kind="help_requested")
    assert notification.urgent
    (ordinary,) = tell(assistant, kind="task_assigned")
    assert not ordinary.urgent


def test_it_refuses_an_unknown_kind(assistant, tell):
    with pytest.raises(ValueError, match="no_such_kind"):
        tell(assistant, kind="no_such_kind")


def test_it_emails_by_the_recipients_preferences(
    owner, assistant, tell, django_capture_on_commit_callbacks
):
    services.email_preferences_set(member=assistant, enabled_kinds={"comment_mention"})
    with django_capture_on_commit_callbacks(execute=True):
        (assigned,) = tell(assistant, kind="task_assigned")
        (mention,) = tell(assistant, kind="comment_mention")
    assert assigned.email_state == EmailState.OFF
    assert mention.email_state == EmailState.PENDING
    assert len(mail.outbox) == 1
    assert "mentioned you" in mail.outbox[0].body


def test_it_does_not_email_comments_by_default(
    owner, assistant, tell, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (comment,) = tell(assistant, kind="comment_added")
    assert comment.email_state == EmailState.OFF
    assert mail.outbox == []


def test_it_sends_nothing_for_work_that_was_rolled_back(
    owner, assistant, tell, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tell(assistant)
        raise RuntimeError
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_it_stores_only_preferences_that_differ_from_the_defaults(assistant):
    defaults = {kind for kind, spec in kinds.KINDS.items() if spec.email_default}
    services.email_preferences_set(
        member=assistant, enabled_kinds=(defaults - {"task_assigned"}) | {"comment_added"}
    )
    stored = dict(EmailPreference.objects.filter(member=assistant).values_list("kind", "enabled"))
    assert stored == {"task_assigned": False, "comment_added": True}
    assert EmailPreference.objects.get(kind="comment_added").workspace == assistant.workspace
    preferences = selectors.email_preferences(assistant)
    assert preferences["task_assigned"] is False
    assert preferences["comment_added"] is True
    assert preferences["task_accepted"] is True

    services.email_preferences_set(member=assistant, enabled_kinds=defaults)
    assert not EmailPreference.objects.exists()


def test_it_refuses_preferences_for_unknown_kinds(assistant):
    with pytest.raises(ValueError, match="nonsense"):
        services.email_preferences_set(member=assistant, enabled_kinds={"nonsense"})


def test_it_marks_a_notification_read_once(assistant, tell):
    (notification,) = tell(assistant)
    services.notification_mark_read(member=assistant, notification=notification)
    first = Notification.objects.get().read_at
    assert first is not None
    services.notification_mark_read(member=assistant, notification=notification)
    assert Notification.objects.get().read_at == first


def test_it_lets_only_the_recipient_mark_read(owner, assistant, manager, tell):
    (notification,) = tell(assistant)
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(member=manager, notification=notification)
    assert Notification.objects.get().read_at is None


def test_it_marks_all_of_one_members_notifications_read(owner, assistant, manager, tell):
    tell(assistant)
    tell(assistant)
    tell(manager)
    services.notification_mark_read(
        member=assistant, notification=selectors.notifications_for_member(assistant).first()
    )
    assert services.notifications_mark_all_read(member=assistant) == 1
    assert selectors.unread_count(assistant) == 0
    assert selectors.unread_count(manager) == 1
    assert Notification.objects.filter(read_at__lte=timezone.now()).count() == 2

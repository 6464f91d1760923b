"""Typed acknowledgement subjects: one foreign key per kind, exactly one set, in the subject's own
workspace; and the migration that carried the generic subjects over."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tandem.acks.models import AckKind, Acknowledgement
from tandem.acks.selectors import acks_of_subject
from tandem.acks.services import ack_request
from tandem.rhythm.services.announcements import announcement_post
from tandem.work.models import Review
from tandem.work.tests.factories import make_task


def test_it_refuses_a_subject_of_another_workspace(owner, assistant, outsider):
    foreign = make_task(outsider, None, title="Not Alice's")
    with pytest.raises(PermissionDenied):
        ack_request(
            workspace=owner.workspace, subject=foreign, kind=AckKind.BRIEF, members=[assistant]
        )
    assert not Acknowledgement.objects.filter(task=foreign).exists()


@pytest.mark.parametrize("subjects", [{}, {"task": True, "review": True}])
def test_a_row_has_exactly_one_subject(owner, assistant, subjects):
    task = make_task(owner, None)
    review = Review.objects.create(
        workspace=owner.workspace, task=task, reviewer=owner, assignee=assistant, outcome="accepted"
    )
    chosen = {"task": task, "review": review}
    with pytest.raises(IntegrityError), transaction.atomic():
        Acknowledgement.objects.create(
            workspace=owner.workspace,
            member=assistant,
            kind=AckKind.BRIEF,
            **{field: chosen[field] for field in subjects},
        )


def test_the_subject_comes_with_the_row(owner, assistant, django_assert_num_queries):
    task = make_task(owner, assistant)
    with django_assert_num_queries(1):
        ack = acks_of_subject(task).select_related("task__workspace").get()
        assert ack.subject == task and ack.task.workspace == owner.workspace


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_every_generic_subject_over(owner, manager, assistant):
    task = make_task(owner, None, title="Read me")
    announcement = announcement_post(actor=owner, title="Hello", body="All of you.")
    before = [("acks", "0002_typed_subjects")]
    after = [("acks", "0004_typed_subjects_only")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("acks", "Acknowledgement")
        # The generic key never deleted a request with its subject: the last one points at a
        # task that is gone.
        for member, subject, pk, kind in [
            (assistant, task, task.pk, AckKind.BRIEF),
            (manager, announcement, announcement.pk, AckKind.ANNOUNCEMENT),
            (assistant, task, task.pk + 10_000, AckKind.BRIEF),
        ]:
            old.objects.create(
                workspace_id=owner.workspace_id,
                member_id=member.pk,
                kind=kind,
                content_type_id=ContentType.objects.get_for_model(type(subject)).pk,
                object_id=pk,
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
    rows = {(ack.member_id, ack.subject) for ack in Acknowledgement.objects.all()}
    assert rows == {(assistant.pk, task), (manager.pk, announcement)}

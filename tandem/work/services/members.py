"""What work says about a change of a member's role (a `workspaces` hook, connected in
`WorkConfig.ready()`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tandem.work.selectors import assigned_work_of
from tandem.workspaces.models import Membership, Role


def member_role_check(member: Membership, *, role: str) -> None:
    """A partner sees no task content, so nobody becomes a partner while work is still assigned
    to them: the owner reassigns or cancels it first, and chooses who takes it over."""
    if role != Role.PARTNER or member.role == Role.PARTNER:
        return
    work = assigned_work_of(member)
    if work:
        raise ValidationError(
            {
                "role": _(
                    "%(name)s still has work assigned (open tasks: %(tasks)d, recurring tasks: "
                    "%(recurring)d). A partner sees no task content: reassign or cancel that "
                    "work first, then make them a partner."
                )
                % {"name": str(member.user), "tasks": work.tasks, "recurring": work.recurring}
            }
        )

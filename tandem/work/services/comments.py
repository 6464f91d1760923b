"""Every write of a task's thread: comments, @mentions, and the files attached to them.

Whoever may see a task may talk about it: its workspace's owners and managers, and its assignee.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.lib.markdown import MENTION
from tandem.notify.kinds import COMMENT_ADDED, COMMENT_MENTION
from tandem.notify.services import notify
from tandem.work import selectors
from tandem.work.models import Attachment, Comment, Task
from tandem.work.services.files import attachments_check, attachments_store
from tandem.work.services.tasks import task_feedback_replied
from tandem.workspaces.hooks import activity_seen
from tandem.workspaces.models import Membership

MAX_BODY = 10_000
MAX_FILES = 5


def _require_reader(actor: Membership, task: Task) -> None:
    if task.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if not (actor.can_delegate or task.assignee_id == actor.pk):
        raise PermissionDenied


def mention_handles(candidates: Sequence[Membership]) -> dict[str, Membership]:
    """Each handle (casefolded) that names one of `candidates`: their email, the whole display
    name written without spaces, and a first name that only one of them has."""
    handles: dict[str, Membership] = {}
    by_first: dict[str, list[Membership]] = {}
    for member in candidates:
        handles[member.user.email.casefold()] = member
        name = member.user.display_name.strip()
        if not name:
            continue
        handles["".join(name.split()).casefold()] = member
        by_first.setdefault(name.split()[0].casefold(), []).append(member)
    for first, members in by_first.items():
        if len(members) == 1:
            handles.setdefault(first, members[0])
    return handles


def mention_handle(member: Membership, handles: dict[str, Membership]) -> str:
    """The shortest handle that names `member`: their first name when no one else has it."""
    name = member.user.display_name.strip()
    if name:
        first, compact = name.split()[0], "".join(name.split())
        if handles.get(first.casefold()) == member:
            return first
        if handles.get(compact.casefold()) == member:
            return compact
    return member.user.email


def mentioned_members(text: str, candidates: Sequence[Membership]) -> list[Membership]:
    """Who `text` mentions among `candidates`: by email, by a first name that only one of them
    has, or by the whole display name written without spaces. Case does not matter."""
    handles = mention_handles(candidates)
    found: dict[int, Membership] = {}
    for handle in MENTION.findall(text or ""):
        who = handles.get(handle.casefold())
        if who is not None:
            found[who.pk] = who
    return list(found.values())


def _tell_thread(comment: Comment, task: Task, actor: Membership, mentioned: list[int]) -> None:
    """The mentioned members, then everyone else involved (the task's assignee and author), hear
    of the comment; one event, so nobody hears of it twice."""
    people = {member.pk: member for member in selectors.members_who_see_task(task)}
    mentions = [people[pk] for pk in mentioned if pk in people]
    involved = [
        people[pk]
        for pk in dict.fromkeys([task.assignee_id, task.created_by_id])
        if pk in people and pk not in mentioned
    ]
    url = task.get_absolute_url()
    for recipients, kind in ((mentions, COMMENT_MENTION), (involved, COMMENT_ADDED)):
        if recipients:
            notify(
                workspace=task.workspace,
                recipients=recipients,
                kind=kind,
                event_key=f"comment:{comment.pk}",
                actor=actor,
                url=f"{url}#comment-{comment.pk}",
                thread_key=f"task:{task.code}",
                params={"task": task.title, "actor": str(actor.user), "subject": task.title},
            )


def comment_add(
    *,
    actor: Membership,
    task: Task,
    body: str,
    files: Sequence[UploadedFile] = (),
) -> Comment:
    """Add to the thread: words, files, or both. Files are checked before anything is saved;
    mentioned members and the task's assignee and author are told with it."""
    _require_reader(actor, task)
    body = (body or "").strip()
    if not body and not files:
        raise ValidationError({"body": _("Write a comment or choose a file.")})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {"body": _("A comment holds at most %(max)d characters.") % {"max": MAX_BODY}}
        )
    types = attachments_check(files, limit=MAX_FILES, field="attachments")

    mentioned = mentioned_members(body, selectors.members_who_see_task(task))
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                workspace_id=task.workspace_id, task=task, author=actor, body=body
            )
            activity_seen.send(actor, at=comment.created_at)
            if task.assignee_id == actor.pk:  # a reply answers the feedback before it
                task_feedback_replied(actor=actor, task=task, at=comment.created_at)
            attachments_store(
                task=task, actor=actor, files=files, types=types, stored=stored, comment=comment
            )
            # In the comment's own transaction: the comment and its notifications commit together.
            _tell_thread(comment, task, actor, [member.pk for member in mentioned])
    except Exception:
        # The rows are rolled back; the files written for them go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return comment

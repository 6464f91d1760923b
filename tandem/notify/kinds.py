"""The registry of notification kinds: what each says, and whether it emails by default.

A notification stores its kind and plain parameters, never rendered text, so the message is
written at display time in the viewer's language (and in the recipient's language in email).
Messages take `%(actor)s` (the member who acted) and the notification's params, such as
`%(task)s`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tandem.workspaces.models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Kind:
    message: StrOrPromise
    email_default: bool
    # Completes "Email me when…" on the settings page.
    label: StrOrPromise
    # Sent at once whatever the recipient's quiet hours: someone is blocked.
    always_urgent: bool = False
    # Shown to partners: the attendance, health and escalations of the assistants they supply,
    # and the town hall; never a kind that names a task, a check-in or a meeting.
    partners: bool = False


TASK_ASSIGNED = "task_assigned"
TASK_ACKNOWLEDGED = "task_acknowledged"
DEADLINE_PROPOSED = "deadline_proposed"
DEADLINE_ACCEPTED = "deadline_accepted"
DEADLINE_KEPT = "deadline_kept"
HELP_REQUESTED = "help_requested"
HELP_ANSWERED = "help_answered"
REVIEW_REQUESTED = "review_requested"
CHANGES_REQUESTED = "changes_requested"
TASK_ACCEPTED = "task_accepted"
COMMENT_ADDED = "comment_added"
COMMENT_MENTION = "comment_mention"
FEEDBACK_ACKNOWLEDGED = "feedback_acknowledged"
CHECK_IN_DUE = "check_in_due"
CHECK_IN_BLOCKER = "check_in_blocker"
CHECK_IN_REPLY = "check_in_reply"
MEETING_ADDED = "meeting_added"
SUMMARY_DUE = "summary_due"
SUMMARY_SUBMITTED = "summary_submitted"
SUMMARY_ACKNOWLEDGED = "summary_acknowledged"
SUMMARY_LATE = "summary_late"
ANNOUNCEMENT_POSTED = "announcement_posted"
ANNOUNCEMENT_REPLY = "announcement_reply"
SILENCE_NUDGE = "silence_nudge"
SILENCE_OWNER = "silence_owner"
SILENCE_PARTNER = "silence_partner"
SILENCE_RESOLVED = "silence_resolved"
OUTAGE_REPORTED = "outage_reported"
OUTAGE_PLANNED = "outage_planned"
OUTAGE_ENDED = "outage_ended"
OUTAGE_CANCELLED = "outage_cancelled"

KINDS: dict[str, Kind] = {
    TASK_ASSIGNED: Kind(
        _("%(actor)s assigned you “%(task)s”."),
        email_default=True,
        label=_("someone assigns me a task"),
    ),
    TASK_ACKNOWLEDGED: Kind(
        _("%(actor)s acknowledged “%(task)s”."),
        email_default=True,
        label=_("someone acknowledges a task I delegated"),
    ),
    DEADLINE_PROPOSED: Kind(
        _("%(actor)s proposes another deadline for “%(task)s”."),
        email_default=True,
        label=_("someone proposes another deadline"),
    ),
    DEADLINE_ACCEPTED: Kind(
        _("%(actor)s accepted your proposed deadline for “%(task)s”."),
        email_default=True,
        label=_("my proposed deadline is accepted"),
    ),
    DEADLINE_KEPT: Kind(
        _("%(actor)s kept the original deadline for “%(task)s”."),
        email_default=True,
        label=_("the original deadline is kept instead of mine"),
    ),
    HELP_REQUESTED: Kind(
        _("%(actor)s is stuck on “%(task)s” and asks for help."),
        email_default=True,
        label=_("someone is stuck and asks me for help (even in my quiet hours)"),
        always_urgent=True,
    ),
    HELP_ANSWERED: Kind(
        _("%(actor)s answered your request for help on “%(task)s”."),
        email_default=True,
        label=_("my request for help is answered"),
    ),
    REVIEW_REQUESTED: Kind(
        _("%(actor)s submitted “%(task)s” for review."),
        email_default=True,
        label=_("a task is submitted for my review"),
    ),
    CHANGES_REQUESTED: Kind(
        _("%(actor)s asked for changes to “%(task)s”."),
        email_default=True,
        label=_("changes are asked for on my work"),
    ),
    TASK_ACCEPTED: Kind(
        _("%(actor)s accepted “%(task)s”."),
        email_default=True,
        label=_("my work is accepted"),
    ),
    COMMENT_ADDED: Kind(
        _("%(actor)s commented on “%(task)s”."),
        email_default=False,
        label=_("someone comments on a task of mine"),
    ),
    COMMENT_MENTION: Kind(
        _("%(actor)s mentioned you on “%(task)s”."),
        email_default=True,
        label=_("someone mentions me in a comment"),
    ),
    FEEDBACK_ACKNOWLEDGED: Kind(
        _("%(actor)s acknowledged your feedback on “%(task)s”."),
        email_default=False,
        label=_("my feedback is acknowledged"),
    ),
    CHECK_IN_DUE: Kind(
        _("Time for your check-in: a few lines on your day."),
        email_default=True,
        label=_("it is time for my check-in"),
    ),
    CHECK_IN_BLOCKER: Kind(
        _("%(actor)s is blocked, says their check-in."),
        email_default=True,
        label=_("a check-in reports a blocker"),
    ),
    CHECK_IN_REPLY: Kind(
        _("%(actor)s replied to your check-in."),
        email_default=True,
        label=_("someone replies to my check-in"),
    ),
    MEETING_ADDED: Kind(
        _("%(actor)s added you to the meeting “%(meeting)s”."),
        email_default=True,
        label=_("someone adds me to a meeting"),
    ),
    SUMMARY_DUE: Kind(
        _("The meeting “%(meeting)s” is over: please write its summary."),
        email_default=True,
        label=_("a meeting summary is due from me"),
    ),
    SUMMARY_SUBMITTED: Kind(
        _("%(actor)s wrote the summary of “%(meeting)s”."),
        email_default=True,
        label=_("a meeting summary is written"),
    ),
    SUMMARY_ACKNOWLEDGED: Kind(
        _("%(actor)s acknowledged your summary of “%(meeting)s”."),
        email_default=False,
        label=_("my meeting summary is acknowledged"),
    ),
    SUMMARY_LATE: Kind(
        _("The summary of “%(meeting)s” is late."),
        email_default=True,
        label=_("a meeting summary is late"),
    ),
    ANNOUNCEMENT_POSTED: Kind(
        _("%(actor)s posted “%(title)s” in the town hall."),
        email_default=True,
        label=_("something is posted in the town hall"),
        partners=True,
    ),
    ANNOUNCEMENT_REPLY: Kind(
        _("%(actor)s replied to “%(title)s”."),
        email_default=False,
        label=_("someone replies to my announcement"),
        partners=True,
    ),
    SILENCE_NUDGE: Kind(
        _("We have not heard from you for a while. All well? If you are stuck, say so."),
        email_default=True,
        label=_("I have been quiet for a while in my working hours"),
        always_urgent=True,
    ),
    SILENCE_OWNER: Kind(
        _("%(assistant)s has been silent in their working hours and has not answered a nudge."),
        email_default=True,
        label=_("an assistant has been silent too long"),
        always_urgent=True,
    ),
    SILENCE_PARTNER: Kind(
        _("%(assistant)s, whom you supply, has been silent and the owner was told."),
        email_default=True,
        label=_("an assistant I supply has been silent too long"),
        always_urgent=True,
        partners=True,
    ),
    SILENCE_RESOLVED: Kind(
        _("%(assistant)s is active again."),
        email_default=True,
        label=_("a silent assistant is active again"),
        partners=True,
    ),
    OUTAGE_REPORTED: Kind(
        _("%(actor)s reports an outage and cannot work right now."),
        email_default=True,
        label=_("an assistant reports an outage"),
        always_urgent=True,
        partners=True,
    ),
    OUTAGE_PLANNED: Kind(
        _("%(actor)s planned an outage or time off."),
        email_default=True,
        label=_("an assistant plans an outage or time off"),
        partners=True,
    ),
    OUTAGE_ENDED: Kind(
        _("%(actor)s is back after an outage."),
        email_default=True,
        label=_("an assistant is back after an outage"),
        partners=True,
    ),
    OUTAGE_CANCELLED: Kind(
        _("%(actor)s called off a planned outage."),
        email_default=False,
        label=_("an assistant calls off a planned outage"),
        partners=True,
    ),
}


# The kinds a partner is shown: a member whose role changed keeps their earlier notifications,
# and a partner's list, bell and email never show the kinds that name a task.
PARTNER_KINDS = frozenset(kind for kind, spec in KINDS.items() if spec.partners)


def shown_to(role: str, kind: str) -> bool:
    """Whether a member with `role` is shown notifications of `kind` (now, whatever it was)."""
    return role != Role.PARTNER or kind in PARTNER_KINDS


def get(kind: str) -> Kind:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(
            f"Unknown notification kind {kind!r}; add it to notify/kinds.py."
        ) from None


class _Params(dict[str, object]):
    """Parameters for a message: a missing one shows as an ellipsis instead of failing."""

    def __missing__(self, key: str) -> str:
        return "…"


def render(kind: str, params: dict[str, object], actor_name: str) -> str:
    """The message of a notification in the active language."""
    spec = KINDS.get(kind)
    if spec is None:  # a kind retired after its rows were written
        return str(params.get("subject") or params.get("task") or "")
    return str(spec.message) % _Params(params, actor=actor_name)

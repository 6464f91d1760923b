"""Pages that read across the apps: where a person starts (the home pages), the assistant's My
day and the delegators' Needs attention. Each composes the selectors of the apps below."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.insights.selectors import home as home_selectors
from tandem.insights.selectors.continuity_attention import continuity_attention
from tandem.insights.selectors.digest import waiting_for
from tandem.insights.selectors.rhythm_attention import rhythm_attention
from tandem.rhythm.selectors.meetings import meeting_next_of
from tandem.work import selectors
from tandem.work.views.rows import Rows, bases
from tandem.workspaces import selectors as workspace_selectors
from tandem.workspaces.access import DELEGATORS, SESSION_KEY, WorkspaceRequest, member_required
from tandem.workspaces.models import Role


def home(request: HttpRequest) -> HttpResponse:
    """Send a person to the workspace they used last, or to the list to pick or create one."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    memberships = workspace_selectors.memberships_of_user(request.user)
    last = request.session.get(SESSION_KEY)
    slugs = [m.workspace.slug for m in memberships]
    if last in slugs:
        return redirect("insights:home", ws=last)
    if len(slugs) == 1:
        return redirect("insights:home", ws=slugs[0])
    return redirect("workspaces:list")


@require_GET
@member_required()
def workspace_home(request: WorkspaceRequest) -> HttpResponse:
    """Where a member starts: an assistant's home is My day; an owner or a manager sees what
    waits on them, each assistant now and the week's delivered work; a partner the assistants
    they supply."""
    member = request.member
    if member.role == Role.ASSISTANT:
        return redirect("insights:my_day", ws=request.workspace.slug)
    now = timezone.now()
    context: dict[str, Any] = {"nav": "home", "now": now}
    if member.can_delegate:
        steps = home_selectors.checklist(member)
        context |= {
            "steps": None if all(step.done for step in steps) else {s.key: s.done for s in steps},
            "triage": home_selectors.triage(member, now=now),
            "assistants": home_selectors.assistants_now(member, now=now),
            "delivered": home_selectors.delivered_this_week(
                member, zone=request.user.time_zone, now=now
            ),
        }
    else:
        context["partner"] = home_selectors.partner_home(member, now=now)
    return render(request, "insights/home.html", context)


@dataclass
class Block:
    """A section of a page with its heading, what to say when it is empty, and where the rest
    of it is listed."""

    title: str
    empty: str
    more: str
    section: selectors.Section

    @property
    def hidden(self) -> int:
        return self.section.total - len(self.section.rows)


@require_GET
@member_required()
def my_day(request: WorkspaceRequest) -> HttpResponse:
    context: dict[str, Any] = {"nav": "my_day", **bases(request)}
    if request.member.role != Role.PARTNER:
        now = timezone.now()
        sections = selectors.my_day(request.member, zone=request.user.time_zone, now=now)
        # A brief still to acknowledge sits in its own section even when it is overdue; the
        # Overdue section must not then say that nothing is.
        overdue_above = any(
            row["due_at"] is not None and row["due_at"] < now for row in sections["waiting"].rows
        )
        rows = Rows(request)
        for section in sections.values():
            rows.prepare(section.rows)
        mine = f"&assignee={request.member.code}" if request.member.can_delegate else ""
        context |= {
            "waiting": Block(
                _("Waiting for your acknowledgement"),
                "",
                f"?state=assigned{mine}",
                sections["waiting"],
            ),
            "blocks": [
                Block(
                    _("Overdue"),
                    _("Nothing else is overdue.") if overdue_above else _("Nothing overdue."),
                    f"?due=overdue{mine}",
                    sections["overdue"],
                ),
                Block(
                    _("Today"),
                    _("Nothing else is due today."),
                    f"?due=today&state=open{mine}",
                    sections["today"],
                ),
                Block(
                    _("Next"),
                    _("Nothing due after today."),
                    f"?state=open{mine}",
                    sections["next"],
                ),
                Block(
                    _("No deadline"),
                    _("Every open task has a deadline."),
                    f"?due=none&state=open{mine}",
                    sections["none"],
                ),
                Block(
                    _("Handed in, waiting for review"),
                    _("Nothing is waiting for review."),
                    f"?state=in_review{mine}",
                    sections["in_review"],
                ),
            ],
            "has_tasks": any(section.total for section in sections.values()),
            "rhythm": waiting_for(request.member, now=now, site="", tasks=False),
            "feedback": selectors.feedback_received(request.member),
            "today": timezone.localdate(),
            # With its call: a Join button while it is on.
            "next_meeting": meeting_next_of(request.member, now=now),
        }
    return render(request, "insights/my_day.html", context)


@require_GET
@member_required(*DELEGATORS)
def attention(request: WorkspaceRequest) -> HttpResponse:
    sections = selectors.needs_attention(request.member)
    rows = Rows(request)
    for section in sections.values():
        rows.prepare(section.rows)
    blocks = {
        "acknowledgements": Block(
            _("Briefs not acknowledged yet"),
            _("Every assigned brief has been acknowledged."),
            "?state=assigned",
            sections["acknowledgements"],
        ),
        "proposals": Block(
            _("Deadlines proposed by the assistant"),
            _("No proposed deadline waits for your decision."),
            "",
            sections["proposals"],
        ),
        "stuck": Block(
            _("Stuck: asking for help"),
            _("Nobody is stuck."),
            "?state=blocked",
            sections["stuck"],
        ),
        "reviews": Block(
            _("Waiting for your review"),
            _("No work is waiting for a review."),
            "?state=in_review",
            sections["reviews"],
        ),
        "overdue": Block(
            _("Overdue"),
            _("No open task is past its deadline."),
            "?due=overdue",
            sections["overdue"],
        ),
    }
    rhythm = rhythm_attention(request.member)
    continuity = continuity_attention(request.member)
    return render(
        request,
        "insights/attention.html",
        {
            "nav": "attention",
            "blocks": blocks,
            "rhythm": rhythm,
            "continuity": continuity,
            "everything_fine": not rhythm.total
            and not continuity.total
            and not any(section.total for section in sections.values()),
            "now": timezone.now(),
            **bases(request),
        },
    )

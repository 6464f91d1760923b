"""Task rows for the pages of many tasks (the board's cards, the list, the calendar, My day and
Needs attention): links, labels and deadlines prepared once per page rather than once per row.

Row links are built from a base path computed once per page rather than one `{% url %}` per
row: the board shows 400 cards.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tandem.lib.templatetags.when import deadline_html, deadline_text, when
from tandem.work.models import OPEN_STATES, Priority, State, Task
from tandem.workspaces.access import WorkspaceRequest
from tandem.workspaces.models import Role


def bases(request: WorkspaceRequest) -> dict[str, str]:
    """Base paths for the links of many rows: `{{ tasks_base }}{{ task.code }}/`."""
    slug = request.workspace.slug
    return {
        "tasks_base": reverse("work:list", kwargs={"ws": slug}),
        "board_base": reverse("work:board", kwargs={"ws": slug}),
        "card_base": f"{reverse('work:board', kwargs={'ws': slug})}card/",
    }


# A card of the board. The board shows up to 400 of them: written out here they cost a third
# of what the same markup cost as template nodes (measured: 6 ms against 18 ms for 400 cards,
# and 200 ms with the first version's filters and includes). work/_card.html places them; its
# `card` partial is the same markup as a template, and a test holds the two equal.
CARD = (
    '<li class="board-card{stuck_class}" data-code="{code}" data-state="{state}" draggable="true">'
    '<div class="card-head"><a class="card-title" href="{url}">{title}</a>'
    '<a class="card-menu-button" href="{menu}" hx-get="{menu}" hx-target="next .card-menu" '
    'aria-expanded="false" aria-label="{actions}" title="{actions}">⋯</a></div>'
    '<div class="card-meta">{stuck}<span class="badge priority-{priority}">{priority_label}</span>'
    "{proposal}"
    '<span class="card-deadline">{deadline}</span></div>'
    '<div class="card-assignee">{assignee}</div><div class="card-menu"></div></li>\n'
)


class Rows:
    """Prepares task rows (dicts from the selectors) for the templates, doing once per page
    what filters and includes would do for every row: links from base paths, translated
    labels, each local time's label, and the deadline as work/_deadline.html shows
    it."""

    def __init__(self, request: WorkspaceRequest) -> None:
        links = bases(request)
        self.tasks_base, self.card_base = links["tasks_base"], links["card_base"]
        self.now = timezone.now()
        self.zone = timezone.get_current_timezone()
        self.states = {value: str(label) for value, label in State.choices}
        self.priorities = {value: str(label) for value, label in Priority.choices}
        self.no_deadline = format_html('<span class="muted">{}</span>', _("No deadline"))
        self._times: dict[time, str] = {}

    def _time(self, local: datetime) -> str:
        """The local time's label, escaped: "17:00"."""
        moment = local.time().replace(second=0, microsecond=0)
        if moment not in self._times:
            self._times[moment] = escape(when(moment, "time"))
        return self._times[moment]

    def deadline(self, row: dict[str, Any]) -> SafeString:
        """What work/_deadline.html shows, for a row; its words go to `deadline_text` (for the
        calendar's titles)."""
        if row["due_at"] is None:
            row["deadline_text"] = ""
            return self.no_deadline
        text = deadline_text(
            row["due_at"],
            with_time=row["due_time"] is not None,
            zone=row["due_zone"],
            name=row["assignee_name"],
        )
        row["deadline_text"] = text
        return deadline_html(row["due_at"], with_time=True, overdue=row["overdue"], text=text)

    def cards(self, rows: Iterable[dict[str, Any]]) -> SafeString:
        """The board's cards for these rows: title, priority, deadline, assignee, and a stuck
        marker; the ⋯ button loads the card's actions when asked."""
        actions = escape(_("Actions"))
        stuck_badge = format_html('<span class="badge badge-danger">{}</span>', _("Stuck"))
        unassigned = escape(_("Not assigned"))
        html = []
        for row in self.prepare(rows):
            stuck = row["state"] == State.BLOCKED
            html.append(
                CARD.format(
                    stuck_class=" is-stuck" if stuck else "",
                    code=row["code"],
                    state=row["state"],
                    url=row["url"],
                    menu=row["menu_url"],
                    title=escape(row["title"]),
                    actions=actions,
                    stuck=stuck_badge if stuck else "",
                    proposal=format_html(
                        '<span class="badge badge-proposal">{}</span>', row["proposal_label"]
                    )
                    if row["proposal_label"]
                    else "",
                    priority=row["priority"],
                    priority_label=escape(row["priority_label"]),
                    deadline=row["deadline"],
                    assignee=escape(row["assignee_name"]) if row["assignee_name"] else unassigned,
                )
            )
        return SafeString("".join(html))

    def prepare(self, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add to each row its links, labels, deadline and whether it is overdue."""
        prepared = []
        for row in rows:
            code, due_at = row["code"], row["due_at"]
            row["url"] = f"{self.tasks_base}{code}/"
            row["menu_url"] = f"{self.card_base}{code}/menu/"
            row["state_label"] = self.states[row["state"]]
            row["priority_label"] = self.priorities[row["priority"]]
            row["overdue"] = (
                due_at is not None and due_at < self.now and row["state"] in OPEN_STATES
            )
            row["deadline"] = self.deadline(row)
            # A deadline the assignee proposed, waiting for a decision: "Proposed Tue 15 Dec".
            proposed = row.get("proposed_due_date")
            row["proposal_label"] = (
                _("Proposed %(day)s") % {"day": when(proposed, "date")} if proposed else ""
            )
            if due_at is not None and row["due_time"] is not None:
                row["time_label"] = self._time(due_at.astimezone(self.zone))
            prepared.append(row)
        return prepared


def row_of(task: Task) -> dict[str, Any]:
    """A task instance as the row the selectors give for it."""
    return {
        "code": task.code,
        "title": task.title,
        "state": task.state,
        "priority": task.priority,
        "due_at": task.due_at,
        "due_time": task.due_time,
        "due_zone": task.due_zone,
        "assignee_name": task.assignee.user.display_name if task.assignee else None,
        "proposed_due_date": task.proposed_due_date,
    }


def is_partner(request: WorkspaceRequest) -> bool:
    return request.member.role == Role.PARTNER

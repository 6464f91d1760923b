"""The board: a column per state, cards most urgent first, and each card's moves (drag and
drop, or the keyboard through the card's menu) as the transitions table allows them. Also My
day and Needs attention.

Every page reads through the selectors, so owners and managers see every task, an assistant
their own and a partner none; each page makes the same number of queries however many tasks
there are, and shows days and times in the viewer's own zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tandem.continuity.selectors.attention import continuity_attention
from tandem.notify.digest import waiting_for
from tandem.rhythm.selectors.attention import rhythm_attention
from tandem.work import selectors, transitions
from tandem.work.models import State
from tandem.work.services import tasks as services
from tandem.work.views.rows import Rows, row_of

# My day and Needs attention call these by their former names.
from tandem.work.views.rows import bases as _bases
from tandem.work.views.rows import is_partner as _is_partner
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent

# How the card menu names each move (the state a task moves to).
MOVE_LABELS = {
    State.ACKNOWLEDGED: gettext_lazy("Acknowledge: I understand the brief"),
    State.IN_PROGRESS: gettext_lazy("Start work"),
    State.IN_REVIEW: gettext_lazy("Submit for review"),
    State.DONE: gettext_lazy("Accept: done"),
    State.CANCELLED: gettext_lazy("Cancel the task"),
}


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


@dataclass
class Column:
    state: str
    label: str
    count: int
    shown: int
    cards: SafeString

    @property
    def next_page(self) -> int | None:
        return 2 if self.count > self.shown else None


@require_GET
@member_required()
def board(request: WorkspaceRequest) -> HttpResponse:
    columns: list[Column] = []
    if not _is_partner(request):
        rows = Rows(request)
        counts = selectors.board_counts(request.member)
        cards = selectors.board_cards(request.member)
        columns = [
            Column(
                state,
                rows.states[state],
                counts.get(state, 0),
                len(cards[state]),
                rows.cards(cards[state]),
            )
            for state in selectors.BOARD_STATES
        ]
    return render(
        request,
        "work/board.html",
        {
            "nav": "board",
            "mode": "board",
            "columns": columns,
            "total": sum(column.count for column in columns),
            **_bases(request),
        },
    )


@require_GET
@member_required()
def board_column(request: WorkspaceRequest, state: str) -> HttpResponse:
    """One column's next cards ("Show more"): the cards for htmx, a page of its own without."""
    if state not in selectors.BOARD_STATES:
        raise Http404
    page = _page_number(request.GET.get("page"))
    cards, more = selectors.board_column_page(request.member, state, page)
    context = {
        "nav": "board",
        "mode": "column",
        "state": state,
        "label": State(state).label,
        "cards": Rows(request).cards(cards),
        "page": page,
        "next_page": page + 1 if more else None,
        "previous_page": page - 1 if page > 1 else None,
        **_bases(request),
    }
    if request.htmx:
        return render(request, "work/board.html#cards_page", context)
    return render(request, "work/board.html", context)


@require_GET
@member_required()
def card_menu(request: WorkspaceRequest, code: str) -> HttpResponse:
    """A card's actions, loaded when asked for: the board itself renders none."""
    task = selectors.task_get_for_member(request.member, code)
    moves = [(state, MOVE_LABELS[state]) for state in transitions.board_moves(request.member, task)]
    context = {"nav": "board", "mode": "menu", "task": task, "moves": moves, **_bases(request)}
    if request.htmx:
        return render(request, "work/_card_menu.html", context)
    return render(request, "work/board.html", context)


@require_POST
@member_required()
@idempotent
def card_move(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Move a card to another state (drag and drop, or the card menu's forms)."""
    task = selectors.task_get_for_member(request.member, code)
    to = request.POST.get("to", "")
    if to not in State.values:
        messages.error(request, _("Choose the state to move the task to."))
    else:
        try:
            services.task_move(actor=request.member, task=task, to=to)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            # Refused, maybe because someone else moved it a moment ago: show it as it is.
            task = selectors.task_get_for_member(request.member, code)
        else:
            messages.success(
                request,
                _("“%(title)s” is now “%(state)s”.")
                % {"title": task.title, "state": State(task.state).label},
            )
    if request.htmx:
        # The card as it is now: the script puts it in the column of its (maybe unchanged) state.
        return render(
            request,
            "work/_card.html",
            {"cards": Rows(request).cards([row_of(task)]), "with_messages": True},
        )
    board_url = reverse("work:board", kwargs={"ws": request.workspace.slug})
    if task.state in selectors.BOARD_STATES:
        board_url = f"{board_url}#column-{task.state}"
    return redirect(board_url)


# My day and Needs attention


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
    context: dict[str, Any] = {"nav": "my_day", **_bases(request)}
    if not _is_partner(request):
        sections = selectors.my_day(request.member, zone=request.user.time_zone)
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
                    _("Nothing overdue."),
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
            "rhythm": waiting_for(request.member, now=timezone.now(), site="", tasks=False),
            "feedback": selectors.feedback_received(request.member),
            "today": timezone.localdate(),
        }
    return render(request, "work/my_day.html", context)


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
        "work/attention.html",
        {
            "nav": "attention",
            "blocks": blocks,
            "rhythm": rhythm,
            "continuity": continuity,
            "everything_fine": not rhythm.total
            and not continuity.total
            and not any(section.total for section in sections.values()),
            "now": timezone.now(),
            **_bases(request),
        },
    )


urlpatterns = [
    path("board/", board, name="board"),
    path("board/card/<str:code>/menu/", card_menu, name="card_menu"),
    path("board/card/<str:code>/move/", card_move, name="card_move"),
    path("board/<str:state>/", board_column, name="board_column"),
    path("my-day/", my_day, name="my_day"),
    path("attention/", attention, name="attention"),
]

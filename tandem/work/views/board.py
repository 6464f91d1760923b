"""The board: a column per state, cards most urgent first, and each card's moves (drag and
drop, or the keyboard through the card's menu) as the transitions table allows them.

Every page reads through the selectors, so owners and managers see every task, an assistant
their own and a partner none; each page makes the same number of queries however many tasks
there are, and shows days and times in the viewer's own zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tandem.lib.http import post_only, undo_tag
from tandem.work import selectors, transitions
from tandem.work.models import State
from tandem.work.services import tasks as services
from tandem.work.views.rows import Rows, bases, is_partner, row_of
from tandem.workspaces.access import WorkspaceRequest, member_required
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
    if not is_partner(request):
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
            **bases(request),
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
        **bases(request),
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
    context = {"nav": "board", "mode": "menu", "task": task, "moves": moves, **bases(request)}
    if request.htmx:
        return render(request, "work/_card_menu.html", context)
    return render(request, "work/board.html", context)


@member_required()
@post_only("work:board")
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
            undo = ""
            if task.state == State.CANCELLED:
                # A cancellation on the board can be undone from its message, as on the task page.
                undo = undo_tag(
                    reverse(
                        "work:task_undo_cancel",
                        kwargs={"ws": task.workspace.slug, "code": task.code},
                    )
                )
            messages.success(
                request,
                _("“%(title)s” is now “%(state)s”.")
                % {"title": task.title, "state": State(task.state).label},
                extra_tags=undo,
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


urlpatterns = [
    path("board/", board, name="board"),
    path("board/card/<str:code>/menu/", card_menu, name="card_menu"),
    path("board/card/<str:code>/move/", card_move, name="card_move"),
    path("board/<str:state>/", board_column, name="board_column"),
]

"""Meetings: the list, one occurrence with its summary, the series form (and the kickoff
template), ending a series, cancelling an occurrence, and action items becoming tasks.

Partners get 403 on every page here: they see attendance, not the content of the client's
work. Assistants see the meetings they attend; another meeting is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.acks.selectors import ack_pending_for, acks_of_subject
from tandem.lib.drafts import draft_saved
from tandem.lib.forms import form_kept, kept_form
from tandem.lib.http import post_only
from tandem.lib.markdown import render as markdown
from tandem.lib.templatetags.when import when
from tandem.rhythm.forms.meetings import ActionItemFormSet, SeriesForm, SummaryForm, prefill
from tandem.rhythm.models import ATTENDEE_ROLES, Meeting, MeetingSeries
from tandem.rhythm.selectors import meetings as selectors
from tandem.rhythm.services import meetings as services
from tandem.rhythm.services.meeting_plans import PLAN_AHEAD
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Membership, Role

# The list shows two weeks ahead; "show more" the whole planned horizon.
DAYS_AHEAD = 14


def _list_url(request: WorkspaceRequest) -> str:
    return reverse("rhythm:meetings", kwargs={"ws": request.workspace.slug})


def _meeting_url(request: WorkspaceRequest, meeting: Meeting) -> str:
    return reverse("rhythm:meeting", kwargs={"ws": request.workspace.slug, "code": meeting.code})


def _rows(meetings: list[Meeting], viewer: Membership) -> list[dict[str, Any]]:
    return [
        {"meeting": meeting, "others": selectors.local_times(meeting, viewer)}
        for meeting in meetings
    ]


@member_required(*ATTENDEE_ROLES)
def meetings_list(request: WorkspaceRequest) -> HttpResponse:
    member = request.member
    now = timezone.now()
    more = request.GET.get("more") == "1"
    days = PLAN_AHEAD if more else DAYS_AHEAD
    upcoming = selectors.meetings_upcoming(member, now=now, days=days)
    context = {
        "nav": "meetings",
        "now": now,
        "upcoming": _rows(upcoming, member),
        "more": more,
        "days": days,
        "owed": selectors.summaries_owed_by(member, now=now),
        "to_acknowledge": selectors.summaries_to_acknowledge(member),
        "recent": selectors.meetings_recent(member, now=now),
        "assistants": list(
            selectors.attendee_choices(request.workspace).filter(role=Role.ASSISTANT)
        )
        if member.can_delegate
        else [],
    }
    return render(request, "rhythm/meetings.html", context)


def _form_page(
    request: WorkspaceRequest, form: SeriesForm, series: MeetingSeries | None, status: int
) -> HttpResponse:
    return render(
        request,
        "rhythm/meeting_form.html",
        {"form": form, "series": series, "nav": "meetings"},
        status=status,
    )


@member_required(*DELEGATORS)
@idempotent
def meeting_create(request: WorkspaceRequest) -> HttpResponse:
    draft_key = f"{request.workspace.slug}:new-meeting"
    members = selectors.attendee_choices(request.workspace)
    if request.method != "POST":
        initial = prefill(request.GET, creator=request.member, members=members)
        form = SeriesForm(initial=initial, members=members, draft_key=draft_key)
        return _form_page(request, form, None, 200)
    form = SeriesForm(request.POST, members=members, draft_key=draft_key)
    if form.is_valid():
        try:
            series = services.meeting_series_create(actor=request.member, spec=form.spec())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, series, draft_key)
    return _form_page(request, form, None, 400)


def _saved(request: WorkspaceRequest, series: MeetingSeries, draft_key: str) -> HttpResponse:
    draft_saved(request, f"{draft_key}:agenda")
    first = selectors.next_meeting_of(series, now=timezone.now())
    if first is None:
        messages.success(request, _("“%(title)s” is saved.") % {"title": series.title})
        return redirect(_list_url(request))
    messages.success(
        request,
        _("“%(title)s” is saved. It meets next on %(day)s.")
        % {
            "title": series.title,
            "day": when(first.starts_at),
        },
    )
    return redirect(_meeting_url(request, first))


@member_required(*DELEGATORS)
@idempotent
def meeting_series_edit(request: WorkspaceRequest, code: str) -> HttpResponse:
    series = selectors.series_get(request.workspace, code)
    if series.ended_at is not None:
        messages.error(request, _("This meeting has ended; it can no longer be changed."))
        return redirect(_list_url(request))
    draft_key = f"{request.workspace.slug}:meeting:{series.code}"
    members = selectors.attendee_choices(request.workspace)
    form = SeriesForm(
        request.POST or None,
        initial=SeriesForm.initial_for(series),
        members=members,
        draft_key=draft_key,
    )
    if request.method != "POST":
        return _form_page(request, form, series, 200)
    if form.is_valid():
        try:
            services.meeting_series_update(actor=request.member, series=series, spec=form.spec())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, series, draft_key)
    series.refresh_from_db()
    return _form_page(request, form, series, 400)


@member_required(*DELEGATORS)
@post_only("rhythm:meetings")
@idempotent
def meeting_series_end(request: WorkspaceRequest, code: str) -> HttpResponse:
    series = selectors.series_get(request.workspace, code)
    services.meeting_series_end(actor=request.member, series=series)
    messages.success(
        request,
        _("“%(title)s” has ended: its coming meetings are cancelled.") % {"title": series.title},
    )
    return redirect(_list_url(request))


@member_required(*DELEGATORS)
@post_only("rhythm:meeting", "code", confirm=gettext_lazy("Cancel this meeting?"))
@idempotent
def meeting_cancel(request: WorkspaceRequest, code: str) -> HttpResponse:
    meeting = selectors.meeting_get_for_member(request.member, code)
    try:
        services.meeting_cancel(actor=request.member, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("This meeting is cancelled. The others stay as they are."))
    return redirect(_meeting_url(request, meeting))


def _summary_forms(
    request: WorkspaceRequest, meeting: Meeting, data: Any = None
) -> tuple[SummaryForm, ActionItemFormSet]:
    draft_key = f"{request.workspace.slug}:summary:{meeting.code}"
    summary = getattr(meeting, "summary", None) if meeting.summarized_at else None
    initial = {"decisions": summary.decisions, "notes": summary.notes} if summary else None
    items = (
        [
            {"text": item.text, "owner": item.owner_id, "due_date": item.due_date}
            for item in summary.action_items.all()
            if item.task_id is None
        ]
        if summary
        else None
    )
    members = selectors.attendee_choices(request.workspace)
    return (
        SummaryForm(data, initial=initial, draft_key=draft_key),
        ActionItemFormSet(data, initial=items, members=members),
    )


def _detail(
    request: WorkspaceRequest,
    meeting: Meeting,
    forms: tuple[SummaryForm, ActionItemFormSet] | None = None,
    status: int = 200,
) -> HttpResponse:
    member = request.member
    now = timezone.now()
    series = meeting.series
    summary = meeting.summary if meeting.summarized_at else None
    can_write = (
        services.can_write_summary(member, meeting)
        and meeting.starts_at <= now
        and meeting.cancelled_at is None
    )
    if can_write and forms is None:
        forms = _summary_forms(request, meeting)
        # A summary sent with errors comes back here (`form_kept`) with what was entered; its
        # action items are checked again from that.
        kept = kept_form(
            request,
            "summary",
            SummaryForm,
            draft_key=f"{request.workspace.slug}:summary:{meeting.code}",
        )
        if kept is not None:
            items_again = _summary_forms(request, meeting, kept.data)[1]
            items_again.is_valid()
            forms = (kept, items_again)
    acks = list(acks_of_subject(summary)) if summary else []
    items = list(summary.action_items.select_related("owner__user", "task")) if summary else []
    context = {
        "nav": "meetings",
        "meeting": meeting,
        "series": series,
        "agenda": markdown(series.agenda),
        "others": selectors.local_times(meeting, member),
        "attendees": list(series.attendees.all()),
        "delegator": member.can_delegate,
        "summary": summary,
        "items": items,
        "acks": acks,
        "acked_count": sum(1 for ack in acks if ack.acknowledged_at),
        "my_ack": ack_pending_for(member, summary) if summary else None,
        "on_time": summary is not None and summary.submitted_at <= meeting.summary_due_at,
        "can_write": can_write,
        "summary_form": forms[0] if forms else None,
        "items_formset": forms[1] if forms else None,
        "is_past": meeting.ends_at <= now,
        "is_late": summary is None and meeting.summary_due_at < now,
        "has_begun": meeting.starts_at <= now,
    }
    return render(request, "rhythm/meeting.html", context, status=status)


@member_required(*ATTENDEE_ROLES)
def meeting_detail(request: WorkspaceRequest, code: str) -> HttpResponse:
    return _detail(request, selectors.meeting_get_for_member(request.member, code))


@member_required(*ATTENDEE_ROLES)
@post_only("rhythm:meeting", "code")
@idempotent
def meeting_summary(request: WorkspaceRequest, code: str) -> HttpResponse:
    meeting = selectors.meeting_get_for_member(request.member, code)
    if not services.can_write_summary(request.member, meeting):
        raise PermissionDenied
    first = meeting.summarized_at is None
    form, items = _summary_forms(request, meeting, request.POST)
    if form.is_valid() and items.is_valid():
        try:
            services.meeting_summary_submit(
                actor=request.member,
                meeting=meeting,
                decisions=form.cleaned_data["decisions"],
                notes=form.cleaned_data["notes"],
                items=items.items(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            draft_saved(
                request,
                f"{request.workspace.slug}:summary:{meeting.code}:decisions",
                f"{request.workspace.slug}:summary:{meeting.code}:notes",
            )
            messages.success(
                request,
                _("The summary is sent. The owner is asked to acknowledge it.")
                if first
                else _("The summary is updated."),
            )
            return redirect(_meeting_url(request, meeting))
    return form_kept(request, form, name="summary", to=_meeting_url(request, meeting))


def _action_item_page(request: WorkspaceRequest, code: str) -> str:
    return _meeting_url(request, selectors.action_item_get(request.workspace, code).summary.meeting)


@member_required(*DELEGATORS)
@post_only(_action_item_page)
@idempotent
def action_item_task(request: WorkspaceRequest, code: str) -> HttpResponse:
    item = selectors.action_item_get(request.workspace, code)
    had_task = item.task_id is not None
    task = services.action_item_make_task(actor=request.member, item=item)
    if not had_task:
        messages.success(request, _("“%(title)s” is now a task.") % {"title": task.title})
    return redirect(_meeting_url(request, item.summary.meeting))


urlpatterns = [
    path("meetings/", meetings_list, name="meetings"),
    path("meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/series/<str:code>/edit/", meeting_series_edit, name="meeting_series_edit"),
    path("meetings/series/<str:code>/end/", meeting_series_end, name="meeting_series_end"),
    path("meetings/items/<str:code>/task/", action_item_task, name="action_item_task"),
    path("meetings/<str:code>/", meeting_detail, name="meeting"),
    path("meetings/<str:code>/cancel/", meeting_cancel, name="meeting_cancel"),
    path("meetings/<str:code>/summary/", meeting_summary, name="meeting_summary"),
]

"""Check-ins: the feed (or one's own check-ins), one check-in (answered by its member, read and
replied to by owners and managers), a blocker made into a task, and the schedule editor."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.lib.drafts import draft_saved
from tandem.lib.forms import form_kept, kept_form
from tandem.lib.http import next_or, post_only
from tandem.lib.timezones import local_instant, now_in
from tandem.rhythm.forms.checkins import AnswerForm, ReplyForm, ScheduleForm
from tandem.rhythm.models import SCHEDULE_ROLES, CheckIn, CheckInState
from tandem.rhythm.selectors import checkins as selectors
from tandem.rhythm.services import checkins as services
from tandem.work.models import task_path
from tandem.workspaces.access import (
    DELEGATORS,
    Allow,
    WorkspaceRequest,
    access_member_by_code,
    member_required,
)
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Membership, Role


def _overlap_url(request: WorkspaceRequest, member: Membership) -> str:
    """The overlap planner for the viewer and the member."""
    base = reverse("rhythm:overlap", kwargs={"ws": request.workspace.slug})
    return f"{base}?members={request.member.code}&members={member.code}"


def _draft_key(check_in: CheckIn) -> str:
    return f"{check_in.workspace.slug}:checkin:{check_in.code}"


@member_required(Role.OWNER, Role.MANAGER, Role.ASSISTANT)
def checkins(request: WorkspaceRequest) -> HttpResponse:
    """Owners and managers: the team's check-in feed. Assistants: their own check-ins."""
    now, page = timezone.now(), request.GET.get("page")
    context: dict[str, Any] = {"nav": "checkins"}
    if request.member.can_delegate:
        if request.member.role in SCHEDULE_ROLES:  # a manager checks in too
            context["mine"] = selectors.checkins_of_member(request.member, now=now, history=False)
        context["feed"] = selectors.checkin_feed(request.member, now=now, page=page)
        return render(request, "rhythm/checkin_feed.html", context)
    context["mine"] = selectors.checkins_of_member(request.member, now=now, page=page)
    return render(request, "rhythm/checkin_mine.html", context)


def _checkin_context(
    request: WorkspaceRequest,
    check_in: CheckIn,
    *,
    form: AnswerForm | None = None,
    reply_form: ReplyForm | None = None,
) -> dict[str, Any]:
    is_mine = check_in.member_id == request.member.pk
    if is_mine and form is None:
        initial: dict[str, Any] = {"blockers": check_in.blockers, "mood": check_in.mood}
        questions = services.questions_of(check_in.schedule)
        if check_in.answers:
            questions = [row["question"] for row in check_in.answer_rows]
            initial |= {f"answer_{i}": row["answer"] for i, row in enumerate(check_in.answers)}
        form = AnswerForm(initial=initial, questions=questions, draft_key=_draft_key(check_in))
    if request.member.can_delegate and reply_form is None:
        draft_key = f"{_draft_key(check_in)}:reply"
        reply_form = kept_form(request, "reply_form", ReplyForm, draft_key=draft_key) or ReplyForm(
            draft_key=draft_key
        )
    return {
        "nav": "checkins",
        "check_in": check_in,
        "is_mine": is_mine,
        "form": form,
        "reply_form": reply_form,
        "replies": selectors.checkin_replies(check_in),
        "overlap_url": _overlap_url(request, check_in.member) if not is_mine else None,
    }


@member_required()
@idempotent
def checkin(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Its member answers it here (straight from the prompt's link); others read it."""
    check_in = selectors.checkin_get_for_member(request.member, code)
    if request.method != "POST":
        return render(request, "rhythm/checkin.html", _checkin_context(request, check_in))
    if check_in.member_id != request.member.pk:
        raise PermissionDenied
    questions = (
        [row["question"] for row in check_in.answer_rows]
        if check_in.answers
        else services.questions_of(check_in.schedule)
    )
    form = AnswerForm(request.POST, questions=questions, draft_key=_draft_key(check_in))
    if form.is_valid():
        was_missed = check_in.state == CheckInState.MISSED
        try:
            services.checkin_answer(
                actor=request.member,
                check_in=check_in,
                answers=form.answers(),
                blockers=form.cleaned_data["blockers"],
                mood=form.cleaned_data["mood"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            draft_saved(request, *form.draft_keys)
            if check_in.has_blocker:
                messages.success(
                    request,
                    _("Thank you. Your check-in is sent, and the owner knows you are blocked."),
                )
            elif was_missed:
                messages.success(request, _("Thank you. Your late check-in is sent."))
            else:
                messages.success(request, _("Thank you. Your check-in is sent."))
            return redirect(services.checkin_url(check_in))
    return render(
        request, "rhythm/checkin.html", _checkin_context(request, check_in, form=form), status=400
    )


@member_required(*DELEGATORS)
@post_only("rhythm:checkin", "code")
@idempotent
def checkin_reply(request: WorkspaceRequest, code: str) -> HttpResponse:
    check_in = selectors.checkin_get_for_member(request.member, code)
    form = ReplyForm(request.POST, draft_key=f"{_draft_key(check_in)}:reply")
    if form.is_valid():
        try:
            reply = services.checkin_reply(
                actor=request.member, check_in=check_in, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            draft_saved(request, f"{_draft_key(check_in)}:reply")
            messages.success(
                request,
                _("Your reply is sent to %(name)s.") % {"name": check_in.member.user.display_name},
            )
            fallback = services.checkin_url(check_in) + f"#reply-{reply.pk}"
            return redirect(next_or(request, fallback))
    return form_kept(request, form, name="reply_form", to=services.checkin_url(check_in))


@member_required(*DELEGATORS)
@post_only("rhythm:checkin", "code")
@idempotent
def checkin_blocker_task(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Make the blocker a draft task, then open its brief so the owner can complete it."""
    check_in = selectors.checkin_get_for_member(request.member, code)
    had_task = check_in.blocker_task_id is not None
    try:
        task = services.checkin_blocker_to_task(actor=request.member, check_in=check_in)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(services.checkin_url(check_in))
    if had_task:
        return redirect(task_path(request.workspace.slug, task.code))
    messages.success(
        request,
        _(
            "The blocker is now a draft task. Complete its brief, then assign it to whoever "
            "can clear it."
        ),
    )
    return redirect("work:task_edit", ws=request.workspace.slug, code=task.code)


def _parse_at(value: str) -> time | None:
    try:
        return datetime.strptime(value, "%H:%M").time()  # noqa: DTZ007 (a wall-clock time)
    except ValueError:
        return None


@member_required(*DELEGATORS)
@idempotent
def checkin_schedule(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Set when a member is asked to check in, in their own time zone."""
    member = access_member_by_code(
        request.member, code, allow=[Allow.DELEGATORS], roles=SCHEDULE_ROLES
    )
    schedule = selectors.checkin_schedule_of(member)
    if schedule is not None:
        initial: dict[str, Any] = {
            "weekdays": schedule.weekdays,
            "at": schedule.at,
            "questions": "\n".join(schedule.questions),
            "active": schedule.active,
        }
    else:
        initial = {"weekdays": [0, 1, 2, 3, 4], "at": time(9), "active": True}
    suggested = _parse_at(request.GET.get("at", ""))
    if suggested is not None:
        initial["at"] = suggested
    form = ScheduleForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.checkin_schedule_save(
                    actor=request.member,
                    member=member,
                    spec=services.ScheduleSpec(
                        at=form.cleaned_data["at"],
                        weekdays=tuple(form.cleaned_data["weekdays"]),
                        questions=form.question_list(),
                        active=form.cleaned_data["active"],
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("The check-in schedule of %(name)s is saved.")
                    % {"name": member.user.display_name},
                )
                return redirect(
                    reverse("rhythm:checkins", kwargs={"ws": request.workspace.slug}) + "#schedules"
                )
        status = 400
    zone = member.user.time_zone
    now_there = now_in(zone)
    shown_at = (form.cleaned_data.get("at") if form.is_bound else None) or initial["at"]
    return render(
        request,
        "rhythm/checkin_schedule.html",
        {
            "nav": "checkins",
            "member": member,
            "schedule": schedule,
            "form": form,
            "zone": zone,
            "now_there": now_there,
            "at_there": shown_at,
            "at_here": local_instant(now_there.date(), shown_at, zone),
            "suggested": suggested,
            "overlap_url": _overlap_url(request, member),
            "default_questions": services.questions_of(None),
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("checkins/", checkins, name="checkins"),
    path("checkins/schedules/<str:code>/", checkin_schedule, name="checkin_schedule"),
    path("checkins/<str:code>/", checkin, name="checkin"),
    path("checkins/<str:code>/reply/", checkin_reply, name="checkin_reply"),
    path("checkins/<str:code>/task/", checkin_blocker_task, name="checkin_blocker_task"),
]

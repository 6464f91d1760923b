"""Roles: the scope of work of each assistant, with duties and KPIs.

Owners and managers see and change every role; an assistant sees the roles they hold ("My
roles"); a partner sees the titles of the roles of the assistants they supply and their KPIs,
never the duties.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.accounts.models import Weekday
from tandem.lib.forms import form_kept, kept_form
from tandem.lib.http import post_only
from tandem.roles.forms.roles import AssignForm, DutyForm, RoleForm
from tandem.roles.models import AssistantRole, Duty, DutyCadence
from tandem.roles.selectors import roles as selectors
from tandem.roles.selectors.kpis import kpi_section
from tandem.roles.services import duties as duty_services
from tandem.roles.services import roles as services
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Role


def describe_duty(duty: Duty) -> str:
    """The duty's cadence in words, as recurring tasks say theirs."""
    if duty.cadence == DutyCadence.WEEKLY:
        days = ", ".join(str(Weekday(day).label) for day in sorted(duty.weekdays or []))
        return _("Every week on %(days)s") % {"days": days}
    if duty.cadence == DutyCadence.MONTHLY:
        day = duty.day_of_month or 1
        if day > 28:
            return _("Every month on day %(day)s, or the month's last day if it is shorter") % {
                "day": day
            }
        return _("Every month on day %(day)s") % {"day": day}
    return _("Every weekday, Monday to Friday")


def _role_page(role: AssistantRole) -> str:
    return role.get_absolute_url()


def _list_page(request: WorkspaceRequest) -> str:
    return reverse("roles:roles", kwargs={"ws": request.workspace.slug})


@member_required()
def roles(request: WorkspaceRequest) -> HttpResponse:
    rows = selectors.role_rows(request.member)
    return render(
        request,
        "roles/roles.html",
        {
            "nav": "roles",
            "rows": rows,
            "archived": list(selectors.archived_roles(request.member)),
            "can_edit": request.member.can_delegate,
            "is_partner": request.member.role == Role.PARTNER,
            "mine": request.member.role == Role.ASSISTANT,
        },
    )


@member_required()
def role(request: WorkspaceRequest, code: str) -> HttpResponse:
    role = selectors.role_get_for_member(request.member, code)
    viewer = request.member
    can_edit = viewer.can_delegate and role.archived_at is None
    # A partner sees whose role it is and its KPIs: never what the work is.
    show_work = viewer.role != Role.PARTNER
    duties = selectors.duties_of(role) if show_work else []
    holders = list(selectors.holders_visible_to(viewer).filter(role=role))
    assign_form = None
    if can_edit:
        members = selectors.assignable_members(role)
        assign_form = kept_form(request, "assign", AssignForm, members=members) or AssignForm(
            members=members
        )
    context: dict[str, Any] = {
        "nav": "roles",
        "role": role,
        "can_edit": can_edit,
        "show_work": show_work,
        "priorities": [line for line in role.priorities.splitlines() if line.strip()],
        "duties": [
            {
                "duty": duty,
                "cadence": describe_duty(duty),
                "weekly_minutes": selectors.duty_weekly_minutes(duty),
            }
            for duty in duties
        ],
        "weekly_hours": round(sum(selectors.duty_weekly_minutes(duty) for duty in duties) / 60, 1),
        "holders": holders,
        "assign_form": assign_form,
        "kpi_section": kpi_section(role, viewer, now=timezone.now()),
    }
    return render(request, "roles/role.html", context)


def _role_form_page(
    request: WorkspaceRequest, form: RoleForm, role: AssistantRole | None, status: int
) -> HttpResponse:
    return render(
        request,
        "roles/role_form.html",
        {
            "nav": "roles",
            "form": form,
            "role": role,
            "skills_in_use": selectors.skills_in_use(request.workspace),
            "areas_in_use": selectors.areas_in_use(request.workspace),
        },
        status=status,
    )


def _refused(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@member_required(*DELEGATORS)
@idempotent
def role_new(request: WorkspaceRequest) -> HttpResponse:
    form = RoleForm(request.POST or None)
    if request.method != "POST":
        return _role_form_page(request, form, None, 200)
    if form.is_valid():
        try:
            role = services.role_create(actor=request.member, **form.values())
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("The role “%(title)s” is saved. Now give it its duties.") % {"title": role.title},
            )
            return redirect(_role_page(role))
    return _role_form_page(request, form, None, 400)


def _open_role(request: WorkspaceRequest, code: str) -> AssistantRole | HttpResponse:
    role = selectors.role_get_for_member(request.member, code)
    if role.archived_at is not None:
        messages.error(request, _("This role is archived: it can no longer be changed."))
        return redirect(_role_page(role))
    return role


@member_required(*DELEGATORS)
@idempotent
def role_edit(request: WorkspaceRequest, code: str) -> HttpResponse:
    role = _open_role(request, code)
    if isinstance(role, HttpResponse):
        return role
    form = RoleForm(request.POST or None, initial=RoleForm.initial_for(role))
    if request.method != "POST":
        return _role_form_page(request, form, role, 200)
    if form.is_valid():
        try:
            services.role_update(actor=request.member, role=role, **form.values())
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The role “%(title)s” is saved.") % {"title": role.title})
            return redirect(_role_page(role))
    role.refresh_from_db()
    return _role_form_page(request, form, role, 400)


@member_required(*DELEGATORS)
@post_only("roles:role", "code", confirm=gettext_lazy("Archive this role?"))
@idempotent
def role_archive(request: WorkspaceRequest, code: str) -> HttpResponse:
    role = selectors.role_get_for_member(request.member, code)
    if services.role_archive(actor=request.member, role=role):
        messages.success(
            request,
            _(
                "The role “%(title)s” is archived: nobody holds it any more, and its duties "
                "create no more tasks. The tasks already created stay."
            )
            % {"title": role.title},
        )
    return redirect(_list_page(request))


@member_required(*DELEGATORS)
@post_only("roles:role", "code")
@idempotent
def role_assign(request: WorkspaceRequest, code: str) -> HttpResponse:
    role = selectors.role_get_for_member(request.member, code)
    form = AssignForm(request.POST, members=selectors.assignable_members(role))
    if form.is_valid():
        member = form.cleaned_data["member"]
        try:
            services.role_assign(actor=request.member, role=role, member=member)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s now holds the role “%(title)s”: its duties come to them as "
                    "recurring tasks from tomorrow."
                )
                % {"name": member.user, "title": role.title},
            )
            return redirect(_role_page(role))
    return form_kept(request, form, name="assign", to=_role_page(role))


@member_required(*DELEGATORS)
@post_only("roles:role", "code", confirm=gettext_lazy("Take this role from them?"))
@idempotent
def role_unassign(request: WorkspaceRequest, code: str) -> HttpResponse:
    role = selectors.role_get_for_member(request.member, code)
    assignment = selectors.assignment_get(role, request.POST.get("member", ""))
    if services.role_unassign(actor=request.member, assignment=assignment):
        messages.success(
            request,
            _(
                "%(name)s no longer holds the role “%(title)s”: its duties stop coming to them. "
                "The tasks already created stay."
            )
            % {"name": assignment.member.user, "title": role.title},
        )
    return redirect(_role_page(role))


def _duty_form_page(
    request: WorkspaceRequest, form: DutyForm, role: AssistantRole, duty: Duty | None, status: int
) -> HttpResponse:
    return render(
        request,
        "roles/duty_form.html",
        {"nav": "roles", "form": form, "role": role, "duty": duty},
        status=status,
    )


@member_required(*DELEGATORS)
@idempotent
def duty_new(request: WorkspaceRequest, code: str) -> HttpResponse:
    role = _open_role(request, code)
    if isinstance(role, HttpResponse):
        return role
    form = DutyForm(request.POST or None)
    if request.method != "POST":
        return _duty_form_page(request, form, role, None, 200)
    if form.is_valid():
        try:
            duty = duty_services.duty_create(actor=request.member, role=role, **form.values())
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The duty “%(title)s” is saved.") % {"title": duty.title})
            return redirect(_role_page(role))
    return _duty_form_page(request, form, role, None, 400)


@member_required(*DELEGATORS)
@idempotent
def duty_edit(request: WorkspaceRequest, code: str, duty: str) -> HttpResponse:
    role = _open_role(request, code)
    if isinstance(role, HttpResponse):
        return role
    found = selectors.duty_get_for_member(request.member, role, duty)
    form = DutyForm(request.POST or None, initial=DutyForm.initial_for(found))
    if request.method != "POST":
        return _duty_form_page(request, form, role, found, 200)
    if form.is_valid():
        try:
            duty_services.duty_update(actor=request.member, duty=found, **form.values())
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("The duty “%(title)s” is saved. The tasks still to come follow it.")
                % {"title": found.title},
            )
            return redirect(_role_page(role))
    found.refresh_from_db()
    return _duty_form_page(request, form, role, found, 400)


@member_required(*DELEGATORS)
@post_only("roles:role", "code", confirm=gettext_lazy("Delete this duty?"))
@idempotent
def duty_delete(request: WorkspaceRequest, code: str, duty: str) -> HttpResponse:
    role = selectors.role_get_for_member(request.member, code)
    found = selectors.duty_get_for_member(request.member, role, duty)
    duty_services.duty_delete(actor=request.member, duty=found)
    messages.success(
        request,
        _("The duty “%(title)s” is deleted. The tasks it already created stay.")
        % {"title": found.title},
    )
    return redirect(_role_page(role))


urlpatterns: list[URLPattern] = [
    path("", roles, name="roles"),
    path("new/", role_new, name="role_new"),
    path("<str:code>/", role, name="role"),
    path("<str:code>/edit/", role_edit, name="role_edit"),
    path("<str:code>/archive/", role_archive, name="role_archive"),
    path("<str:code>/assign/", role_assign, name="role_assign"),
    path("<str:code>/unassign/", role_unassign, name="role_unassign"),
    path("<str:code>/duties/new/", duty_new, name="duty_new"),
    path("<str:code>/duties/<str:duty>/edit/", duty_edit, name="duty_edit"),
    path("<str:code>/duties/<str:duty>/delete/", duty_delete, name="duty_delete"),
]

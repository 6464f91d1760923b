"""KPIs of a role: values per assistant over time against the target."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.lib.forms import form_kept, kept_form
from tandem.lib.http import post_only
from tandem.roles.forms.kpis import KpiForm, KpiTargetForm, KpiValueForm, plain
from tandem.roles.models import AssistantRole, Kpi
from tandem.roles.selectors.kpis import (
    holders_for_entry,
    kpi_get_for_member,
    kpi_page,
    kpi_role_get_for_member,
    period_choices,
)
from tandem.roles.services import kpis as services
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent


def kpi_path(kpi: Kpi) -> str:
    return reverse(
        "roles:kpi", kwargs={"ws": kpi.workspace.slug, "role": kpi.role.code, "code": kpi.code}
    )


def _form_page(
    request: WorkspaceRequest,
    form: KpiForm,
    role: AssistantRole,
    kpi: Kpi | None,
    status: int,
) -> HttpResponse:
    context = {"form": form, "role": role, "kpi": kpi, "nav": "roles"}
    return render(request, "roles/kpi_form.html", context, status=status)


@member_required(*DELEGATORS)
@idempotent
def kpi_new(request: WorkspaceRequest, role: str) -> HttpResponse:
    the_role = kpi_role_get_for_member(request.member, role)
    form = KpiForm(request.POST or None)
    if request.method != "POST":
        return _form_page(request, form, the_role, None, 200)
    if form.is_valid():
        kpi = services.kpi_create(actor=request.member, role=the_role, **form.cleaned_data)
        messages.success(request, _("“%(name)s” is saved.") % {"name": kpi.name})
        return redirect(kpi_path(kpi))
    return _form_page(request, form, the_role, None, 400)


@member_required(*DELEGATORS)
@idempotent
def kpi_edit(request: WorkspaceRequest, role: str, code: str) -> HttpResponse:
    kpi = kpi_get_for_member(request.member, role, code)
    form = KpiForm(request.POST or None, initial=KpiForm.initial_for(kpi), editing=True)
    if request.method != "POST":
        return _form_page(request, form, kpi.role, kpi, 200)
    if form.is_valid():
        services.kpi_update(actor=request.member, kpi=kpi, **form.cleaned_data)
        messages.success(request, _("“%(name)s” is saved.") % {"name": kpi.name})
        return redirect(kpi_path(kpi))
    return _form_page(request, form, kpi.role, kpi, 400)


@member_required()
def kpi(request: WorkspaceRequest, role: str, code: str) -> HttpResponse:
    the_kpi = kpi_get_for_member(request.member, role, code)
    now = timezone.now()
    page = kpi_page(the_kpi, request.member, now=now)
    context = {"page": page, "kpi": the_kpi, "role": the_kpi.role, "nav": "roles"}
    if page.can_edit and the_kpi.archived_at is None:
        context["target_form"] = kept_form(request, "target_form", KpiTargetForm) or KpiTargetForm(
            initial={"target": plain(the_kpi.target)}
        )
        if not page.is_computed:
            holders = [holder.member for holder in page.holders]
            periods = period_choices(the_kpi, request.member, now)
            context["value_form"] = kept_form(
                request,
                "value_form",
                KpiValueForm,
                holders=holders,
                periods=periods,
                cadence=the_kpi.cadence,
            ) or KpiValueForm(holders=holders, periods=periods, cadence=the_kpi.cadence)
    return render(request, "roles/kpi.html", context)


def _kpi_page(request: WorkspaceRequest, role: str, code: str) -> str:
    return reverse("roles:kpi", kwargs={"ws": request.workspace.slug, "role": role, "code": code})


@member_required(*DELEGATORS)
@post_only(_kpi_page)
@idempotent
def kpi_target(request: WorkspaceRequest, role: str, code: str) -> HttpResponse:
    kpi = kpi_get_for_member(request.member, role, code)
    form = KpiTargetForm(request.POST)
    if not form.is_valid():
        return form_kept(request, form, name="target_form", to=kpi_path(kpi))
    try:
        services.kpi_target_change(actor=request.member, kpi=kpi, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The target is now %(target)s.") % {"target": plain(kpi.target)}
        )
    return redirect(kpi_path(kpi))


@member_required(*DELEGATORS)
@post_only(_kpi_page)
@idempotent
def kpi_value(request: WorkspaceRequest, role: str, code: str) -> HttpResponse:
    kpi = kpi_get_for_member(request.member, role, code)
    form = KpiValueForm(
        request.POST,
        holders=holders_for_entry(kpi, request.member),
        periods=period_choices(kpi, request.member, timezone.now()),
        cadence=kpi.cadence,
    )
    if not form.is_valid():
        return form_kept(request, form, name="value_form", to=kpi_path(kpi))
    data = form.cleaned_data
    try:
        services.kpi_value_enter(
            actor=request.member,
            kpi=kpi,
            member=data["member"],
            period_start=data["period"],
            value=data["value"],
            note=data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The value for %(name)s is saved.") % {"name": data["member"].user.display_name},
        )
    return redirect(kpi_path(kpi))


@member_required(*DELEGATORS)
@post_only(_kpi_page, confirm=gettext_lazy("Archive this KPI? Its values are kept."))
@idempotent
def kpi_archive(request: WorkspaceRequest, role: str, code: str) -> HttpResponse:
    kpi = kpi_get_for_member(request.member, role, code)
    services.kpi_archive(actor=request.member, kpi=kpi)
    messages.success(request, _("“%(name)s” is archived.") % {"name": kpi.name})
    return redirect(kpi.role.get_absolute_url())


urlpatterns: list[URLPattern] = [
    path("<str:role>/kpis/new/", kpi_new, name="kpi_new"),
    path("<str:role>/kpis/<str:code>/", kpi, name="kpi"),
    path("<str:role>/kpis/<str:code>/edit/", kpi_edit, name="kpi_edit"),
    path("<str:role>/kpis/<str:code>/target/", kpi_target, name="kpi_target"),
    path("<str:role>/kpis/<str:code>/values/", kpi_value, name="kpi_value"),
    path("<str:role>/kpis/<str:code>/archive/", kpi_archive, name="kpi_archive"),
]

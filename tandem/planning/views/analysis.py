"""The audit's analysis: the week at a glance and the ranked delegation candidates, of the
viewer's own audit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.lib.forms import form_kept, kept_form
from tandem.lib.http import post_only
from tandem.lib.templatetags.when import when
from tandem.planning.forms.audit import HourlyValueForm
from tandem.planning.selectors import analysis as selectors
from tandem.planning.selectors import audit as audit_selectors
from tandem.planning.services import audit as services
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent


def analysis_url(request: WorkspaceRequest, period: str = "") -> str:
    url = reverse("planning:analysis", kwargs={"ws": request.workspace.slug})
    return url + ("?" + urlencode({"period": period}) if period else "")


@require_GET
@member_required(*DELEGATORS)
def analysis(request: WorkspaceRequest) -> HttpResponse:
    member = request.member
    periods = audit_selectors.periods_of(member)
    period = audit_selectors.period_chosen(member, periods, request.GET.get("period"))
    context: dict[str, Any] = {"nav": "planning", "periods": periods, "period": period}
    if period is not None:
        glance = selectors.glance(
            member,
            period,
            {
                "category": _("Category"),
                "want": _("Love or have to"),
                "weight": _("Strategic or marginal"),
            },
        )
        context |= {
            "glance": glance,
            "week_bars": [
                (
                    bar,
                    _("Week %(number)d, from %(day)s")
                    % {"number": n, "day": when(week.first, "date")},
                )
                for n, (bar, week) in enumerate(
                    zip(glance.weeks_chart.bars, glance.weeks, strict=True), start=1
                )
            ],
            "average_bars": [(bar, bar.label) for bar in glance.average_chart.bars],
            "weeks_count": selectors.weeks_in(period),
            "candidates": _candidate_rows(
                selectors.candidates(member, period), request.workspace.currency
            ),
        }
    currency = request.workspace.currency
    kept = kept_form(request, "value", HourlyValueForm, currency=currency)
    context["value_form"] = kept or HourlyValueForm(
        currency=currency, initial={"hourly_value": member.hourly_value}
    )
    context["value_open"] = kept is not None or member.hourly_value is None
    return render(request, "planning/analysis.html", context)


def _candidate_rows(candidates: list[selectors.Candidate], currency: str) -> list[dict[str, Any]]:
    """Each candidate with its figures written out: done here once rather than by a filter per
    figure, as the list can be long."""

    def hours(value: Decimal) -> str:
        return number_format(value, 1)

    def money(value: Decimal) -> str:
        return number_format(value.quantize(Decimal(1), ROUND_HALF_UP), 0, force_grouping=True)

    return [
        {
            "candidate": candidate,
            "hours": hours(candidate.hours_per_week),
            "freed": [
                {
                    "share": freed.share,
                    "hours": _("%(hours)s h a week") % {"hours": hours(freed.hours_per_week)},
                    "value": (
                        _("%(value)s %(currency)s a month")
                        % {"value": money(freed.value_per_month), "currency": currency}
                        if freed.value_per_month is not None
                        else ""
                    ),
                }
                for freed in candidate.freed
            ],
        }
        for candidate in candidates
    ]


@member_required(*DELEGATORS)
@post_only("planning:analysis")
@idempotent
def hourly_value_set(request: WorkspaceRequest) -> HttpResponse:
    form = HourlyValueForm(request.POST, currency=request.workspace.currency)
    back = analysis_url(request, request.POST.get("period", ""))
    if form.is_valid():
        try:
            services.hourly_value_set(actor=request.member, value=form.cleaned_data["hourly_value"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your hourly value is saved."))
            return redirect(back + "#candidates")
    return form_kept(request, form, name="value", to=back + "#candidates")


urlpatterns: list[URLPattern] = [
    path("", analysis, name="analysis"),
    path("hourly-value/", hourly_value_set, name="hourly_value_set"),
]

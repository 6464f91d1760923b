"""The task audit: logging what an owner or manager does, for one or two weeks.

Each delegator sees and logs only their own entries. The form at the top posts with htmx (the
entry appears in its day, the form comes back empty with the judgements kept) or, without
JavaScript, as a plain form that comes back to the page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.lib.forms import form_kept, kept_form
from tandem.lib.http import post_only, undo_tag
from tandem.lib.templatetags.when import when
from tandem.planning.forms.audit import WHATS_LIST, EntryForm, ImportForm, PeriodForm
from tandem.planning.models import AuditPeriod
from tandem.planning.selectors import audit as selectors
from tandem.planning.services import audit as services
from tandem.work.services.time import duration_text
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent, unspent


def audit_url(
    request: WorkspaceRequest, period: AuditPeriod | None = None, anchor: str = ""
) -> str:
    url = reverse("planning:audit", kwargs={"ws": request.workspace.slug})
    if period is not None:
        url += "?" + urlencode({"period": period.starts_on.isoformat()})
    return url + (f"#{anchor}" if anchor else "")


def _audit_page(request: WorkspaceRequest, *_args: Any, **_kwargs: Any) -> str:
    return audit_url(request)


def _shown(request: WorkspaceRequest, periods: list[AuditPeriod]) -> AuditPeriod | None:
    chosen = request.POST.get("period") if request.method == "POST" else None
    return selectors.period_chosen(request.member, periods, chosen or request.GET.get("period"))


def _entry_initial(request: WorkspaceRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"day": selectors.today_of(request.member)}
    last = selectors.last_judgements(request.member)
    if last is not None:
        initial |= {"category": last.category, "want": last.want, "weight": last.weight}
    return initial


def _days_context(request: WorkspaceRequest, period: AuditPeriod | None) -> dict[str, Any]:
    member = request.member
    if period is not None:
        first, last = period.starts_on, period.ends_on
    else:
        last = selectors.today_of(member)
        first = last - timedelta(days=selectors.SUGGESTED_DAYS - 1)
    entries = selectors.entries_between(member, first, last)
    for entry in entries:
        entry.time_text = duration_text(entry.minutes)  # type: ignore[attr-defined]
    days = selectors.by_day(entries)
    for day in days:
        day.time_text = duration_text(day.minutes)  # type: ignore[attr-defined]
    total = sum(day.minutes for day in days)
    return {
        "period": period,
        "days": days,
        "total_text": duration_text(total) if total else "",
        "entry_count": len(entries),
        "shown_first": first,
        "shown_last": last,
    }


def _fields_context(request: WorkspaceRequest, form: EntryForm) -> dict[str, Any]:
    return {"form": form, "whats": selectors.earlier_whats(request.member), "whats_id": WHATS_LIST}


@member_required(*DELEGATORS)
def audit(request: WorkspaceRequest) -> HttpResponse:
    member = request.member
    periods = selectors.periods_of(member)
    period = _shown(request, periods)
    form = kept_form(request, "entry", EntryForm) or EntryForm(initial=_entry_initial(request))
    period_form = kept_form(request, "period", PeriodForm)
    period_open = period_form is not None or period is None
    if period_form is None:
        first, last = (
            (period.starts_on, period.ends_on)
            if period is not None
            else selectors.suggested_period(member)
        )
        period_form = PeriodForm(initial={"starts_on": first, "ends_on": last})
    context = {
        "nav": "audit",
        "periods": periods,
        "period_form": period_form,
        "period_open": period_open,
        "suggested": selectors.suggested_period(member),
        **_fields_context(request, form),
        **_days_context(request, period),
    }
    return render(request, "planning/audit.html", context)


@member_required(*DELEGATORS)
@post_only(_audit_page)
@idempotent
def entry_add(request: WorkspaceRequest) -> HttpResponse:
    form = EntryForm(request.POST)
    entry = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.audit_entry_add(
                actor=request.member,
                day=data["day"],
                what=data["what"],
                minutes=data["minutes"],
                category=data["category"],
                want=data["want"],
                weight=data["weight"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if entry is not None:
        logged = _("Logged “%(what)s”, %(time)s on %(day)s.") % {
            "what": entry.what,
            "time": duration_text(entry.minutes),
            "day": when(entry.day, "date"),
        }
    if request.htmx:
        periods = selectors.periods_of(request.member)
        shown = _shown(request, periods)
        if entry is None:
            context = {**_fields_context(request, form), "period": shown}
            return unspent(render(request, "planning/audit.html#logged", context))
        # A fresh form that keeps the day and the judgements, and the days brought up to date.
        fresh = EntryForm(
            initial={
                "day": entry.day,
                "category": entry.category,
                "want": entry.want,
                "weight": entry.weight,
            }
        )
        context = {
            **_fields_context(request, fresh),
            **_days_context(request, shown),
            "logged": logged,
            "logged_entry": entry,
            "oob": True,
        }
        return render(request, "planning/audit.html#logged", context)
    if entry is None:
        return form_kept(request, form, name="entry", to=audit_url(request))
    messages.success(request, logged)
    return redirect(audit_url(request, entry.period, f"day-{entry.day.isoformat()}"))


@member_required(*DELEGATORS)
@idempotent
def entry_edit(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """An entry's own page: the form is the page."""
    entry = selectors.entry_get_for_member(request.member, pk)
    if request.method == "POST":
        form = EntryForm(request.POST, auto_id="edit_%s")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.audit_entry_update(
                    actor=request.member,
                    entry=entry,
                    day=data["day"],
                    what=data["what"],
                    minutes=data["minutes"],
                    category=data["category"],
                    want=data["want"],
                    weight=data["weight"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The entry is saved."))
                return redirect(audit_url(request, entry.period, f"entry-{entry.pk}"))
        status = 400
    else:
        form = EntryForm(
            auto_id="edit_%s",
            initial={
                "what": entry.what,
                "minutes": duration_text(entry.minutes),
                "day": entry.day,
                "category": entry.category,
                "want": entry.want,
                "weight": entry.weight,
            },
        )
        status = 200
    context = {
        "nav": "audit",
        "entry": entry,
        "back": audit_url(request, entry.period, f"entry-{entry.pk}"),
        **_fields_context(request, form),
    }
    return render(request, "planning/audit_entry.html", context, status=status)


@member_required(*DELEGATORS)
@post_only(_audit_page, confirm=gettext_lazy("Delete this entry?"))
@idempotent
def entry_delete(request: WorkspaceRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_member(request.member, pk)
    period = entry.period
    token = services.audit_entry_delete(actor=request.member, entry=entry)
    undo = reverse(
        "planning:audit_entry_restore", kwargs={"ws": request.workspace.slug, "token": token}
    )
    messages.success(
        request, _("“%(what)s” is deleted.") % {"what": entry.what}, extra_tags=undo_tag(undo)
    )
    return redirect(audit_url(request, period, "audit-days"))


@member_required(*DELEGATORS)
@post_only(_audit_page)
@idempotent
def entry_restore(request: WorkspaceRequest, token: str) -> HttpResponse:
    """The undo of a deletion, from its message."""
    try:
        entry = services.audit_entry_restore(actor=request.member, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(audit_url(request))
    messages.success(request, _("The entry is back."))
    return redirect(audit_url(request, entry.period, f"entry-{entry.pk}"))


@member_required(*DELEGATORS)
@post_only(_audit_page)
@idempotent
def period_set(request: WorkspaceRequest) -> HttpResponse:
    """Set a new period, or change the one named by `change` (its first day)."""
    form = PeriodForm(request.POST)
    periods = selectors.periods_of(request.member)
    change = request.POST.get("change")
    existing = selectors.period_chosen(request.member, periods, change) if change else None
    if form.is_valid():
        try:
            period = services.audit_period_set(
                actor=request.member,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                period=existing,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your audit runs from %(first)s to %(last)s.")
                % {"first": when(period.starts_on, "date"), "last": when(period.ends_on, "date")},
            )
            return redirect(audit_url(request, period))
    return form_kept(request, form, name="period", to=audit_url(request, existing, "period"))


@member_required(*DELEGATORS)
@idempotent
def audit_import(request: WorkspaceRequest) -> HttpResponse:
    """What the member's own time entries and tasks would bring into the period: a preview to
    choose from (GET), then the import (POST)."""
    periods = selectors.periods_of(request.member)
    period = _shown(request, periods)
    if period is None:
        messages.info(request, _("Set the days of your audit first: the import fills them."))
        return redirect(audit_url(request, anchor="period"))
    lines = selectors.import_lines(request.member, period)
    if request.method == "POST":
        return _import_post(request, period, lines)
    form = ImportForm(lines=lines)
    return _import_page(request, period, form)


def _import_page(
    request: WorkspaceRequest, period: AuditPeriod, form: ImportForm, status: int = 200
) -> HttpResponse:
    rows = form.rows()
    for row in rows:
        row["time_text"] = duration_text(row["line"].minutes)
    context = {"nav": "audit", "period": period, "form": form, "rows": rows}
    return render(request, "planning/audit_import.html", context, status=status)


def _import_post(
    request: WorkspaceRequest, period: AuditPeriod, lines: list[selectors.ImportLine]
) -> HttpResponse:
    form = ImportForm(request.POST, lines=lines)
    if not form.is_valid():
        return _import_page(request, period, form, status=400)
    added = services.audit_import(actor=request.member, period=period, picks=form.picks())
    if added:
        messages.success(
            request,
            ngettext("%(count)d entry imported.", "%(count)d entries imported.", added)
            % {"count": added},
        )
    else:
        messages.info(request, _("Nothing was imported."))
    return redirect(audit_url(request, period, "audit-days"))


urlpatterns: list[URLPattern] = [
    path("audit/", audit, name="audit"),
    path("audit/entries/", entry_add, name="audit_entry_add"),
    path("audit/entries/<int:pk>/", entry_edit, name="audit_entry"),
    path("audit/entries/<int:pk>/delete/", entry_delete, name="audit_entry_delete"),
    path("audit/entries/restore/<str:token>/", entry_restore, name="audit_entry_restore"),
    path("audit/period/", period_set, name="audit_period_set"),
    path("audit/import/", audit_import, name="audit_import"),
]

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tandem.accounts import services as account_services
from tandem.accounts.forms import SignupForm
from tandem.accounts.models import User
from tandem.accounts.views import AUTH_BACKEND
from tandem.lib.forms import form_kept, kept_form
from tandem.lib.http import post_only
from tandem.workspaces import hooks, selectors, services
from tandem.workspaces.access import (
    DELEGATORS,
    Allow,
    WorkspaceRequest,
    access_member_by_code,
    member_required,
)
from tandem.workspaces.forms import (
    InvitationForm,
    MemberForm,
    WorkspaceForm,
    WorkspaceSettingsForm,
)
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Invitation, Role


@login_required
def workspace_list(request: HttpRequest) -> HttpResponse:
    memberships = selectors.memberships_of_user(request.user)  # type: ignore[arg-type]
    return render(request, "workspaces/list.html", {"memberships": memberships})


@login_required
@idempotent
def workspace_create(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            workspace = services.workspace_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(
                request,
                _("%(name)s is ready. Invite your first assistant.") % {"name": workspace.name},
            )
            return redirect("workspaces:members", ws=workspace.slug)
        return render(request, "workspaces/create.html", {"form": form}, status=400)
    return render(request, "workspaces/create.html", {"form": form})


# Response time is shown over this window: recent enough to be about now.
RESPONSE_WINDOW = timedelta(days=90)


def _members_context(request: WorkspaceRequest, form: InvitationForm | None = None) -> dict:
    member = request.member
    can_invite = bool(member.invitable_roles())
    team = selectors.team_clock(request.workspace)
    if member.can_delegate:
        # Each member's response time, for the delegators: a fixed number of queries.
        times = hooks.response_times.ask(
            request.workspace,
            [row.member for row in team],
            since=timezone.now() - RESPONSE_WINDOW,
        )
        team = [replace(row, response_time=times.get(row.member.pk)) for row in team]
    return {
        "nav": "members",
        "team": team,
        "show_response_time": member.can_delegate,
        "can_invite": can_invite,
        "form": form
        or (
            (
                kept_form(request, "invite", InvitationForm, member=member)
                or InvitationForm(member=member)
            )
            if can_invite
            else None
        ),
        # Each pending invitation with its link, to copy and send another way.
        "invitations": [
            (invitation, selectors.invitation_link(invitation))
            for invitation in (
                selectors.invitations_pending(request.workspace) if can_invite else []
            )
        ],
    }


@member_required()
def members(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "workspaces/members.html", _members_context(request))


@member_required(*DELEGATORS)
@post_only("workspaces:members")
def invite(request: WorkspaceRequest) -> HttpResponse:
    form = InvitationForm(request.POST, member=request.member)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.member,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                language=get_language(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link is valid for 7 days.")
                % {"email": invitation.email},
            )
            if not request.htmx:
                return redirect("workspaces:members", ws=request.workspace.slug)
            form = InvitationForm(member=request.member)
    if request.htmx:
        return render(
            request, "workspaces/members.html#invitations", _members_context(request, form)
        )
    return form_kept(
        request,
        form,
        name="invite",
        to=reverse("workspaces:members", kwargs={"ws": request.workspace.slug}),
    )


@member_required(*DELEGATORS)
@post_only("workspaces:members", confirm=gettext_lazy("Revoke this invitation?"))
def invitation_revoke(request: WorkspaceRequest, code: str) -> HttpResponse:
    invitation = selectors.invitation_get(request.workspace, code)
    try:
        services.invitation_revoke(actor=request.member, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email}
        )
    if request.htmx:
        return render(request, "workspaces/members.html#invitations", _members_context(request))
    return redirect("workspaces:members", ws=request.workspace.slug)


@member_required(Role.OWNER)
def member_edit(request: WorkspaceRequest, code: str) -> HttpResponse:
    member = access_member_by_code(request.member, code, allow=[Allow.DELEGATORS])
    partners = selectors.partners_of_workspace(request.workspace)
    form = MemberForm(
        request.POST or None,
        partners=partners,
        initial={
            "role": member.role,
            "partner": member.partner_id,
            "contracted_hours_per_week": member.contracted_hours_per_week,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                actor=request.member,
                member=member,
                role=form.cleaned_data["role"],
                partner=form.cleaned_data["partner"],
            )
            if member.role == Role.ASSISTANT:
                services.member_contracted_hours_set(
                    actor=request.member,
                    member=member,
                    hours=form.cleaned_data["contracted_hours_per_week"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has been updated.") % {"name": member.user})
            return redirect("workspaces:members", ws=request.workspace.slug)
    return render(
        request,
        "workspaces/member_edit.html",
        {
            "nav": "members",
            "subject": member,
            "form": form,
            "response_time": hooks.response_times.ask(
                member.workspace, [member], since=timezone.now() - RESPONSE_WINDOW
            ).get(member.pk),
            "response_window_days": RESPONSE_WINDOW.days,
            "can_remove": request.member.can_remove(member),
        },
    )


@member_required(*DELEGATORS)
def member_remove(request: WorkspaceRequest, code: str) -> HttpResponse:
    member = access_member_by_code(request.member, code, allow=[Allow.DELEGATORS])
    if not request.member.can_remove(member):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.member_remove(actor=request.member, member=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s was removed from %(workspace)s.")
                % {"name": member.user, "workspace": request.workspace.name},
            )
        return redirect("workspaces:members", ws=request.workspace.slug)
    return render(request, "workspaces/member_remove.html", {"nav": "members", "subject": member})


@member_required(Role.OWNER)
def workspace_settings(request: WorkspaceRequest) -> HttpResponse:
    form = WorkspaceSettingsForm(request.POST or None, instance=request.workspace)
    if request.method == "POST" and form.is_valid():
        services.workspace_update(actor=request.member, **form.cleaned_data)
        messages.success(request, _("The workspace settings have been saved."))
        return redirect("workspaces:settings", ws=request.workspace.slug)
    # The address members share and bookmark: the workspace's home, not this page.
    home = reverse("insights:home", kwargs={"ws": request.workspace.slug})
    context = {"nav": "settings", "form": form, "workspace_url": request.build_absolute_uri(home)}
    return render(request, "workspaces/settings.html", context)


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: accept with the signed-in account, or sign up on the spot.

    An owner's or a manager's invitation needs the invited email: another account is shown
    how to go on (log out, or have a confirmation link sent to that email).
    """
    invitation = selectors.invitation_from_token(token)
    context: dict[str, object] = {"invitation": invitation, "workspace": invitation.workspace}
    if not invitation.is_pending:
        return render(request, "workspaces/invitation_invalid.html", context, status=410)
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        if _is_member(user, invitation):
            return _already_member(request, invitation)
        if not selectors.invitation_open_to(invitation, user):
            return render(request, "workspaces/invitation_wrong_account.html", context, status=403)
        if request.method == "POST":
            return _accept(request, user, invitation)
        return render(request, "workspaces/invitation_accept.html", context)

    form = SignupForm(
        request.POST or None,
        initial={"email": invitation.email, "language": invitation.language},
    )
    if request.method == "POST" and form.is_valid():
        if invitation.needs_invited_email and not invitation.is_for(form.cleaned_data["email"]):
            form.add_error(
                "email",
                _("This invitation is for %(email)s: sign up with that address.")
                % {"email": invitation.email},
            )
        else:
            user = account_services.user_signup(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
                time_zone=form.cleaned_data["time_zone"],
                language=form.cleaned_data["language"],
            )
            login(request, user, backend=AUTH_BACKEND)
            return _accept(request, user, invitation)
    context["form"] = form
    return render(request, "workspaces/invitation_accept.html", context)


@login_required
@post_only("workspaces:accept", "token")
def invitation_confirmation_send(request: HttpRequest, token: str) -> HttpResponse:
    """Send the invited email a link that lets the signed-in account accept."""
    invitation = selectors.invitation_from_token(token)
    try:
        sent = services.invitation_confirmation_send(
            user=request.user,  # type: ignore[arg-type]
            invitation=invitation,
            language=get_language(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if sent:
            messages.success(
                request,
                _(
                    "We sent a link to %(email)s. Open it while you are signed in as "
                    "%(account)s to join."
                )
                % {"email": invitation.email, "account": request.user.email},  # type: ignore[union-attr]
            )
        else:
            messages.error(
                request,
                _(
                    "Several links were sent to %(email)s in the last hour. Use the latest "
                    "one, or try again later."
                )
                % {"email": invitation.email},
            )
    return redirect("workspaces:accept", token=token)


@never_cache
@login_required
def invitation_confirm(request: HttpRequest, token: str, confirmation: str) -> HttpResponse:
    """The link sent to the invited email: a page that accepts with the signed-in account
    (on a POST, so a mail scanner that follows links accepts nothing)."""
    invitation = selectors.invitation_from_token(token)
    user: User = request.user  # type: ignore[assignment]
    state = selectors.invitation_confirmation_state(confirmation, invitation=invitation, user=user)
    if state == "invalid":
        raise Http404
    context: dict[str, object] = {"invitation": invitation, "workspace": invitation.workspace}
    if not invitation.is_pending:
        return render(request, "workspaces/invitation_invalid.html", context, status=410)
    if _is_member(user, invitation):
        return _already_member(request, invitation)
    if state == "expired":
        return render(request, "workspaces/invitation_confirm_expired.html", context, status=410)
    if request.method == "POST":
        return _accept(request, user, invitation, confirmation=confirmation)
    return render(request, "workspaces/invitation_confirm.html", context)


def _is_member(user: User, invitation: Invitation) -> bool:
    return selectors.memberships_of_user(user).filter(workspace=invitation.workspace).exists()


def _already_member(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.info(
        request,
        _("You are already a member of %(workspace)s.") % {"workspace": invitation.workspace.name},
    )
    return redirect("insights:home", ws=invitation.workspace.slug)


def _accept(
    request: HttpRequest, user: User, invitation: Invitation, *, confirmation: str = ""
) -> HttpResponse:
    try:
        membership = services.invitation_accept(
            user=user, invitation=invitation, confirmation=confirmation
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("home")
    messages.success(request, _("Welcome to %(workspace)s.") % {"workspace": membership.workspace})
    return redirect("insights:home", ws=membership.workspace.slug)

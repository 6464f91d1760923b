from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from tandem.accounts import hooks, selectors, services
from tandem.accounts.forms import (
    HolidayWorkedForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    SignupForm,
)
from tandem.accounts.models import User
from tandem.lib.http import client_address, is_safe_url, next_or, post_only
from tandem.lib.timezones import now_in

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_url(request, target) else None


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        user = services.user_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            display_name=form.cleaned_data["display_name"],
            time_zone=form.cleaned_data["time_zone"],
            language=form.cleaned_data["language"],
        )
        login(request, user, backend=AUTH_BACKEND)
        messages.success(request, _("Welcome to Tandem, %(name)s.") % {"name": user.display_name})
        return redirect(_safe_next(request) or reverse("workspaces:create"))
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request)})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # Logging in is activity: in every workspace where the person is an assistant.
        hooks.logged_in.send(form.get_user())
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Past a limit nothing is sent, and the page says what it always says: whether an
        # email exists, or was limited, is never told.
        if not services.password_reset_allowed(
            email=form.cleaned_data["email"], address=client_address(self.request)
        ):
            return redirect(self.success_url)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been set. You can log in now."))
        return super().form_valid(form)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    # Read before the form: validating it puts what was typed (a new country) on `user`.
    holidays = selectors.coming_holidays(user, today=now_in(user.time_zone).date())
    has_country = bool(user.country)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.profile_update(
            user=user,
            display_name=data["display_name"],
            time_zone=data["time_zone"],
            language=data["language"],
            quiet_hours_start=data["quiet_hours_start"],
            quiet_hours_end=data["quiet_hours_end"],
            working_hours=data["working_hours"],
            country=data["country"],
            subdivision=data["subdivision"],
        )
        # Messages render on the next page, which is in the new language.
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "holidays": holidays, "has_country": has_country},
    )


@login_required
@post_only("accounts:profile")
def holiday_worked(request: HttpRequest) -> HttpResponse:
    """ "I work this day" on one of the person's coming public holidays, or back to a day off."""
    user: User = request.user  # type: ignore[assignment]
    form = HolidayWorkedForm(request.POST)
    if form.is_valid():
        try:
            services.holiday_worked_set(
                user=user, day=form.cleaned_data["day"], worked=form.cleaned_data["worked"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("That day could not be read. Try again."))
    return redirect(reverse("accounts:profile") + "#holidays")


def _language_page(request: HttpRequest) -> str:
    return next_or(request, "/")


@post_only(_language_page)
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice in a signed-in profile."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response

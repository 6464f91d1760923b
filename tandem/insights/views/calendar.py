"""The personal calendar feed: its page (signed in, outside any workspace) and the feed
itself, which calendar applications fetch with nothing but the secret token in its address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from tandem.accounts.models import User
from tandem.insights.selectors import calendar_feed as selectors
from tandem.lib.http import post_only
from tandem.rhythm.services import feeds as services


@require_GET
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    feed = services.calendar_feed_ensure(user=user)
    https_url = request.build_absolute_uri(
        reverse("insights:calendar_feed", kwargs={"token": feed.token})
    )
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    context = {
        "feed_url": https_url,
        "webcal_url": webcal_url,
        "meeting_days_before": selectors.MEETINGS_BEFORE.days,
        "meeting_days_ahead": selectors.MEETINGS_AHEAD.days,
        "check_in_days": selectors.CHECK_IN_DAYS,
    }
    return render(request, "insights/calendar.html", context)


@login_required
@post_only("insights:calendar")
def calendar_reset(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_reset(user=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old one no longer works: subscribe again "
            "with the new one in your calendar application."
        ),
    )
    return redirect("insights:calendar")


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = selectors.calendar_feed_by_token(token)
    user = feed.user
    now = timezone.now()
    # The feed is read by a calendar application, not a browser: it speaks the person's language.
    with translation.override(user.language):
        entries = selectors.calendar_entries(user, now=now)
        body = selectors.calendar_ical(
            entries,
            now=now,
            name=_("Tandem: %(name)s") % {"name": user.display_name},
            absolute=request.build_absolute_uri,
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tandem.ics"'
    # The address is a secret and the feed private: no cache keeps a copy (the calendar
    # application fetches it again on its own schedule), and search engines stay out.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns = [
    path("calendar/", calendar, name="calendar"),
    path("calendar/reset/", calendar_reset, name="calendar_reset"),
    path("calendar/feed/<str:token>.ics", calendar_feed, name="calendar_feed"),
]

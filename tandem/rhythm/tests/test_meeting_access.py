"""Every URL of meetings, for every kind of visitor. Partners see no meeting (403); assistants
see the meetings they attend; another workspace's meeting does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import add_member, make_user
from tandem.rhythm.models import ActionItem, Cadence, Meeting, MeetingSeries
from tandem.rhythm.services import meetings as services
from tandem.rhythm.views import meetings as meeting_views
from tandem.testing import VISITORS, Case, Team, check_access, only, url
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db


@dataclass
class World(Team):
    series: MeetingSeries
    past: Meeting  # ended, with a summary and an action item
    upcoming: Meeting
    item: ActionItem


def make_weekday_series(
    owner: Membership, attendees: list[Membership], now: datetime | None = None, **fields
) -> MeetingSeries:
    """Every weekday at 09:00 Oslo time, begun ten days ago: past and coming meetings."""
    now = now or timezone.now()
    began = now - timedelta(days=10)
    spec = services.SeriesSpec(
        **{
            "title": "Daily stand-up",
            "purpose": "Unblock each other.",
            "agenda": "- Done\n- Next\n- Blocked",
            "cadence": Cadence.DAILY,
            "starts_on": began.date(),
            "at": time(9, 0),
            "zone": "Europe/Oslo",
            "attendees": attendees,
        }
        | fields
    )
    return services.meeting_series_create(actor=owner, spec=spec, now=began)


def past_meeting_with_summary(series: MeetingSeries, writer: Membership) -> Meeting:
    now = timezone.now()
    past = (
        Meeting.objects.select_related("series", "workspace")
        .filter(series=series, ends_at__lte=now)
        .order_by("-starts_at")
        .first()
    )
    assert past is not None
    services.meeting_summary_submit(
        actor=writer,
        meeting=past,
        decisions="Ship on Friday.",
        items=[services.ItemSpec("Write the release note", writer, date(2030, 1, 1))],
    )
    return past


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    series = make_weekday_series(owner, [owner, manager, assistant])
    past = past_meeting_with_summary(series, assistant)
    upcoming = Meeting.objects.filter(series=series, starts_at__gt=timezone.now()).first()
    assert upcoming is not None
    item = ActionItem.objects.get()
    return World(owner, manager, assistant, partner, outsider, series, past, upcoming, item)


def series_data(world: World) -> dict[str, object]:
    return {
        "kind": "regular",
        "title": "Monthly review",
        "purpose": "Look back at the month.",
        "agenda": "",
        "cadence": Cadence.WEEKLY,
        "weekdays": ["4"],
        "starts_on": (timezone.now() + timedelta(days=3)).date().isoformat(),
        "ends_on": "",
        "at": "10:00",
        "zone": "Europe/Oslo",
        "duration_minutes": "45",
        "attendees": [str(world.owner.pk), str(world.assistant.pk)],
        "summary_by": "",
        "summary_due_hours": "24",
    }


def summary_data(world: World) -> dict[str, object]:
    return {
        "decisions": "Ship on Monday instead.",
        "notes": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "",
    }


def meeting_url(name: str, which: str = "past"):
    return url(f"rhythm:{name}", code=lambda w: getattr(w, which).code)


def series_url(name: str):
    return url(f"rhythm:{name}", code=lambda w: w.series.code)


DELEGATORS_ONLY = only(200, "owner", "manager")

MATRIX = [
    Case("meetings", "get", url("rhythm:meetings"), only(200, "owner", "manager", "assistant")),
    Case("meeting_create", "get", url("rhythm:meeting_create"), DELEGATORS_ONLY),
    Case(
        "meeting_create_post",
        "post",
        url("rhythm:meeting_create"),
        only(302, "owner", "manager"),
        series_data,
    ),
    Case("meeting", "get", meeting_url("meeting"), only(200, "owner", "manager", "assistant")),
    Case("meeting_series_edit", "get", series_url("meeting_series_edit"), DELEGATORS_ONLY),
    Case(
        "meeting_series_end",
        "post",
        series_url("meeting_series_end"),
        only(302, "owner", "manager"),
    ),
    Case(
        "meeting_cancel",
        "post",
        meeting_url("meeting_cancel", "upcoming"),
        only(302, "owner", "manager"),
        {"confirmed": "1"},
    ),
    # Only the summary writer (the assistant here) writes the summary.
    Case(
        "meeting_summary",
        "post",
        meeting_url("meeting_summary"),
        only(302, "assistant"),
        summary_data,
    ),
    Case(
        "action_item_task",
        "post",
        url("rhythm:action_item_task", code=lambda w: w.item.code),
        only(302, "owner", "manager"),
    ),
]


def test_the_matrix_covers_every_url_of_meetings():
    names = {pattern.name for pattern in meeting_views.urlpatterns}
    assert names == {case.name.removesuffix("_post") for case in MATRIX}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_an_assistant_who_does_not_attend_gets_404(world, client_for):
    other = add_member(
        world.owner.workspace,
        make_user("lukas@example.com", "Lukas", "Europe/Vilnius"),
        Role.ASSISTANT,
    )
    http = client_for(other)
    page = reverse("rhythm:meeting", kwargs={"ws": world.ws, "code": world.past.code})
    assert http.get(page).status_code == 404
    listing = http.get(reverse("rhythm:meetings", kwargs={"ws": world.ws}))
    assert b"Daily stand-up" not in listing.content


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("meeting", lambda w: w.past.code),
        ("meeting_cancel", lambda w: w.upcoming.code),
        ("meeting_summary", lambda w: w.past.code),
        ("meeting_series_edit", lambda w: w.series.code),
        ("meeting_series_end", lambda w: w.series.code),
        ("action_item_task", lambda w: w.item.code),
    ],
)
def test_it_gives_404_for_another_workspaces_meeting(name, code, world, client_for):
    """A code that exists, but in another workspace, is as unknown as one that does not."""
    http = client_for(world.outsider)
    foreign = reverse(f"rhythm:{name}", kwargs={"ws": "olaf", "code": code(world)})
    if name in ("meeting", "meeting_series_edit"):
        assert http.get(foreign).status_code == 404
    else:
        assert http.post(foreign, {"confirmed": "1"}).status_code == 404
    world.upcoming.refresh_from_db()
    world.item.refresh_from_db()
    assert world.upcoming.cancelled_at is None
    assert world.item.task is None

"""Relationship health: one score per assistant from eight components, each shown with the
figure behind it and why it matters. A component without data is shown as such and left out of
the average. Everything is read in a fixed number of queries for any number of assistants.

The window is the last four weeks; feedback looks at the last two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.accounts.selectors import working_time_by_member
from tandem.acks.selectors import brief_acks
from tandem.continuity.models import Escalation, HealthSnapshot, Step
from tandem.continuity.selectors.workload import (
    OVERLOADED,
    UNDERLOADED,
    WeekLoad,
    current_week_start,
    workload_this_week,
)
from tandem.lib.periods import Span
from tandem.lib.templatetags.when import when
from tandem.lib.working_time import WorkingTime, working_seconds_since
from tandem.rhythm.selectors.checkins import checkin_counts
from tandem.rhythm.selectors.response_time import response_times_of
from tandem.work.selectors import delivery_counts, review_counts
from tandem.workspaces.models import Membership, Workspace

WINDOW = timedelta(days=28)
FEEDBACK_WINDOW = timedelta(days=14)
NEW_PERIOD = timedelta(days=60)
TREND_WEEKS = 8

# The order the components are shown in.
RESPONSIVENESS = "responsiveness"
BRIEFS = "briefs"
DELIVERY = "delivery"
REVIEWS = "reviews"
CHECK_INS = "check_ins"
FEEDBACK = "feedback"
UTILISATION = "utilisation"
SILENCES = "silences"
COMPONENT_KEYS = (
    RESPONSIVENESS,
    BRIEFS,
    DELIVERY,
    REVIEWS,
    CHECK_INS,
    FEEDBACK,
    UTILISATION,
    SILENCES,
)


def component_label(key: str) -> str:
    return {
        RESPONSIVENESS: _("Responsiveness"),
        BRIEFS: _("Briefs acknowledged"),
        DELIVERY: _("On-time delivery"),
        REVIEWS: _("Review outcomes"),
        CHECK_INS: _("Check-ins"),
        FEEDBACK: _("Feedback received"),
        UTILISATION: _("Workload"),
        SILENCES: _("Silences"),
    }.get(key, key)


@dataclass(frozen=True)
class Component:
    key: str
    score: int | None  # 0–100; None: no data yet
    figure: str  # the numbers behind the score
    why: str  # one sentence: why this matters

    @property
    def label(self) -> str:
        return component_label(self.key)

    @property
    def has_data(self) -> bool:
        return self.score is not None

    @property
    def level(self) -> str:
        return level_of(self.score)


def level_of(score: int | None) -> str:
    """A word for the colour of a score: good, fair, poor, or none."""
    if score is None:
        return "none"
    if score >= 75:
        return "good"
    if score >= 50:
        return "fair"
    return "poor"


@dataclass(frozen=True)
class Health:
    member_id: int
    components: list[Component]
    joined_at: datetime
    now: datetime
    score: int | None = field(init=False)

    def __post_init__(self) -> None:
        scores = [c.score for c in self.components if c.score is not None]
        object.__setattr__(self, "score", round(sum(scores) / len(scores)) if scores else None)

    @property
    def level(self) -> str:
        return level_of(self.score)

    @property
    def is_new(self) -> bool:
        """In their first 60 days: check in more often."""
        return self.now < self.joined_at + NEW_PERIOD

    @property
    def new_until(self) -> date:
        return (self.joined_at + NEW_PERIOD).date()

    @property
    def new_days_left(self) -> int:
        return max(0, (self.joined_at + NEW_PERIOD - self.now).days)

    def component(self, key: str) -> Component | None:
        return next((c for c in self.components if c.key == key), None)

    @property
    def by_key(self) -> dict[str, Component]:
        return {c.key: c for c in self.components}

    def as_json(self) -> dict[str, Any]:
        """The components as stored in a snapshot."""
        return {c.key: {"score": c.score, "figure": c.figure} for c in self.components}


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole)


def _responsiveness(
    workspace: Workspace, members: Sequence[Membership], since: datetime, now: datetime
) -> dict[int, Component]:
    times = response_times_of(workspace, members, since=since, now=now)
    why = _(
        "Quick answers keep work moving. Only their own working hours count, so nights and "
        "weekends do not."
    )
    found = {}
    for member in members:
        rt = times[member.pk]
        considered = rt.answered + rt.pending_late
        if not considered:
            found[member.pk] = Component(
                RESPONSIVENESS, None, _("Nothing addressed to them in the last 4 weeks."), why
            )
            continue
        figure = _(
            "%(done)d of %(total)d answered within %(hours)d working hours; median %(median)s."
        ) % {
            "done": rt.answered_in_time,
            "total": considered,
            "hours": rt.expectation_hours,
            "median": rt.median_label or "—",
        }
        found[member.pk] = Component(
            RESPONSIVENESS, _percent(rt.answered_in_time, considered), figure, why
        )
    return found


def _briefs(
    workspace: Workspace,
    members: Sequence[Membership],
    working: dict[int, WorkingTime],
    since: datetime,
    now: datetime,
) -> dict[int, Component]:
    expectation = workspace.response_time_hours * 3600
    acks = brief_acks(workspace.pk, {m.pk: Span(since) for m in members})
    why = _("Acknowledging a brief shows it was read and understood before the work starts.")
    found = {}
    for member in members:
        theirs = acks.get(member.pk)
        times = theirs.answered if theirs else []
        waiting = theirs.pending if theirs else []
        waited = working_seconds_since(working[member.pk], waiting, now) if waiting else []
        in_time = sum(1 for seconds in times if seconds <= expectation)
        late_waiting = sum(1 for seconds in waited if seconds > expectation)
        total = len(times) + late_waiting
        if not total:
            found[member.pk] = Component(
                BRIEFS, None, _("No briefs to acknowledge in the last 4 weeks."), why
            )
            continue
        figure = _("%(done)d of %(total)d briefs acknowledged within %(hours)d working hours.") % {
            "done": in_time,
            "total": total,
            "hours": workspace.response_time_hours,
        }
        found[member.pk] = Component(BRIEFS, _percent(in_time, total), figure, why)
    return found


def _delivery(
    workspace: Workspace, members: Sequence[Membership], since: datetime, now: datetime
) -> dict[int, Component]:
    """Of the tasks due in the window, those handed in (first submitted for review) by their
    deadline; one still not handed in after its deadline is late."""
    totals = delivery_counts(workspace.pk, {m.pk: Span(since, now) for m in members})
    why = _("Work handed in by its deadline is work the business can plan around.")
    found = {}
    for member in members:
        counts = totals.get(member.pk)
        on_time, total = (counts.on_time, counts.total) if counts else (0, 0)
        if not total:
            found[member.pk] = Component(
                DELIVERY, None, _("No deadlines fell in the last 4 weeks."), why
            )
            continue
        figure = _(
            "%(done)d of %(total)d tasks due in the last 4 weeks were handed in on time."
        ) % {"done": on_time, "total": total}
        found[member.pk] = Component(DELIVERY, _percent(on_time, total), figure, why)
    return found


def _reviews_and_feedback(
    workspace: Workspace, members: Sequence[Membership], since: datetime, now: datetime
) -> tuple[dict[int, Component], dict[int, Component]]:
    feedback_since = now - FEEDBACK_WINDOW
    counts = review_counts(
        workspace.pk, {m.pk: Span(since) for m in members}, feedback_since=feedback_since
    )
    review_why = _("Work accepted the first time means the brief was clear and the work careful.")
    feedback_why = _(
        "Regular written feedback keeps the work on track; none for two weeks is a warning sign."
    )
    reviews_found, feedback_found = {}, {}
    for member in members:
        theirs = counts.get(member.pk)
        if theirs:
            clean = theirs.accepted_first_time
            figure = _("%(done)d of %(total)d reviewed tasks accepted without changes.") % {
                "done": clean,
                "total": theirs.reviewed,
            }
            reviews_found[member.pk] = Component(
                REVIEWS, _percent(clean, theirs.reviewed), figure, review_why
            )
        else:
            reviews_found[member.pk] = Component(
                REVIEWS, None, _("Nothing of theirs was reviewed in the last 4 weeks."), review_why
            )
        given = theirs.with_feedback if theirs else 0
        if not given and member.joined_at > feedback_since:
            feedback_found[member.pk] = Component(
                FEEDBACK, None, _("They joined less than two weeks ago."), feedback_why
            )
            continue
        score = 100 if given >= 2 else 60 if given == 1 else 0
        figure = ngettext(
            "%(count)d review with written feedback in the last 14 days.",
            "%(count)d reviews with written feedback in the last 14 days.",
            given,
        ) % {"count": given}
        feedback_found[member.pk] = Component(FEEDBACK, score, figure, feedback_why)
    return reviews_found, feedback_found


def _check_ins(
    workspace: Workspace, members: Sequence[Membership], since: datetime
) -> dict[int, Component]:
    counts = checkin_counts(workspace.pk, {m.pk: Span(since.date()) for m in members})
    why = _("A short daily check-in is how you hear early that someone is stuck.")
    found = {}
    for member in members:
        theirs = counts.get(member.pk)
        answered, missed = (theirs.answered, theirs.missed) if theirs else (0, 0)
        if not answered + missed:
            found[member.pk] = Component(
                CHECK_INS, None, _("No check-ins were asked for in the last 4 weeks."), why
            )
            continue
        figure = _("%(answered)d answered, %(missed)d missed in the last 4 weeks.") % {
            "answered": answered,
            "missed": missed,
        }
        found[member.pk] = Component(CHECK_INS, _percent(answered, answered + missed), figure, why)
    return found


def utilisation_score(load: WeekLoad) -> int | None:
    """100 within the thresholds; less the further outside them."""
    percent = load.utilisation_percent
    if percent is None:
        return None
    if load.flag == UNDERLOADED:
        return round(100 * percent / load.underload_percent)
    if load.flag == OVERLOADED:
        return max(0, 100 - (percent - load.overload_percent))
    return 100


def _utilisation(members: Sequence[Membership], loads: dict[int, WeekLoad]) -> dict[int, Component]:
    why = _(
        "Too little work and a good assistant drifts away; too much and quality drops or they "
        "burn out."
    )
    found = {}
    for member in members:
        load = loads.get(member.pk)
        score = utilisation_score(load) if load is not None else None
        if load is None or score is None:
            found[member.pk] = Component(
                UTILISATION, None, _("No contracted hours are set for them."), why
            )
            continue
        figure = _(
            "%(percent)d%% of %(hours)d contracted hours this week (%(committed)s h planned, "
            "%(logged)s h logged)."
        ) % {
            "percent": load.utilisation_percent,
            "hours": load.contracted_hours,
            "committed": load.committed_hours,
            "logged": load.logged_hours,
        }
        found[member.pk] = Component(UTILISATION, score, figure, why)
    return found


SILENCE_SCORES: dict[int, int] = {Step.NUDGED: 60, Step.OWNER_TOLD: 30, Step.PARTNER_TOLD: 0}


def _silences(
    workspace: Workspace, members: Sequence[Membership], since: datetime
) -> dict[int, Component]:
    rows = (
        Escalation.objects.filter(workspace=workspace, member_id__in=[m.pk for m in members])
        .filter(Q(resolved_at__isnull=True) | Q(sent_at__gte=since))
        .values_list("member_id", "silent_since", "step", "resolved_at")
    )
    open_steps: dict[int, tuple[int, datetime]] = {}
    past: dict[int, set[datetime]] = {}
    for member_id, silent_since, step, resolved_at in rows:
        if resolved_at is None:
            current = open_steps.get(member_id)
            if current is None or step > current[0]:
                open_steps[member_id] = (step, silent_since)
        else:
            past.setdefault(member_id, set()).add(silent_since)
    why = _("Going quiet without a word is often the first sign that someone is stuck.")
    found = {}
    for member in members:
        if member.pk in open_steps:
            step, silent_since = open_steps[member.pk]
            figure = _("Silent since %(when)s: %(step)s.") % {
                "when": when(silent_since),
                "step": Step(step).label,
            }
            found[member.pk] = Component(SILENCES, SILENCE_SCORES.get(step, 60), figure, why)
            continue
        resolved = len(past.get(member.pk, ()))
        figure = (
            ngettext(
                "%(count)d silence in the last 4 weeks, resolved.",
                "%(count)d silences in the last 4 weeks, all resolved.",
                resolved,
            )
            % {"count": resolved}
            if resolved
            else _("No silences in the last 4 weeks.")
        )
        found[member.pk] = Component(SILENCES, 100 - 10 * min(3, resolved), figure, why)
    return found


def health_of(
    workspace: Workspace,
    members: Sequence[Membership],
    *,
    now: datetime,
    loads: dict[int, WeekLoad] | None = None,
) -> dict[int, Health]:
    """Each member's `Health` (by pk) now. A fixed number of queries (about ten; four fewer
        when this week's `loads` are given; one fewer when `user__working_hours` was prefetched, one
    more when any of them has a country).
        Members need `user` and `workspace` loaded."""
    members = [member for member in members if member.workspace_id == workspace.pk]
    if not members:
        return {}
    since = now - WINDOW
    if loads is None:
        loads = workload_this_week(workspace, members, now=now)
    times = working_time_by_member(members)
    parts = [
        _responsiveness(workspace, members, since, now),
        _briefs(workspace, members, times, since, now),
        _delivery(workspace, members, since, now),
    ]
    reviews, feedback = _reviews_and_feedback(workspace, members, since, now)
    parts += [
        reviews,
        _check_ins(workspace, members, since),
        feedback,
        _utilisation(members, loads),
        _silences(workspace, members, since),
    ]
    return {
        member.pk: Health(
            member_id=member.pk,
            components=[part[member.pk] for part in parts],
            joined_at=member.joined_at,
            now=now,
        )
        for member in members
    }


@dataclass(frozen=True)
class TrendPoint:
    week_start: date
    score: int | None
    x: float = 0
    y: float = 0


@dataclass(frozen=True)
class Tick:
    """A gridline of the chart's score axis: its value and its height."""

    value: int
    y: float


# The chart's frame, in its own units (the SVG scales to the page's width): room on the left for
# the score labels and at the bottom for the weeks.
CHART_WIDTH, CHART_HEIGHT = 640, 260
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 20, 14, 40
SCORE_TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Trend:
    points: list[TrendPoint]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = CHART_LEFT
    right: int = CHART_WIDTH - CHART_RIGHT
    top: int = CHART_TOP
    bottom: int = CHART_HEIGHT - CHART_BOTTOM

    @property
    def has_data(self) -> bool:
        return any(point.score is not None for point in self.points)

    @property
    def polyline(self) -> str:
        """The SVG polyline of the weeks with a score."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points if p.score is not None)

    @property
    def scored(self) -> list[TrendPoint]:
        return [point for point in self.points if point.score is not None]

    @property
    def ticks(self) -> list[Tick]:
        return [Tick(value, _chart_y(value)) for value in SCORE_TICKS]

    @property
    def label_y(self) -> int:
        """Where the weeks are written, under the frame."""
        return self.bottom + 24


def _chart_y(score: int) -> float:
    return CHART_HEIGHT - CHART_BOTTOM - (CHART_HEIGHT - CHART_TOP - CHART_BOTTOM) * score / 100


def trend_of(member: Membership, *, now: datetime, weeks: int = TREND_WEEKS) -> Trend:
    """The member's weekly health scores over the last `weeks` weeks (this one included), with
    their place in the chart: one query."""
    current = current_week_start(member, now)
    first = current - timedelta(days=7 * (weeks - 1))
    scores = dict(
        HealthSnapshot.objects.filter(
            member=member, week_start__gte=first, week_start__lte=current
        ).values_list("week_start", "score")
    )
    # Half a step of margin on each side, so the first and last weeks' labels fit.
    step = (CHART_WIDTH - CHART_LEFT - CHART_RIGHT) / max(1, weeks)
    points = []
    for index in range(weeks):
        week = first + timedelta(days=7 * index)
        score = scores.get(week)
        x = CHART_LEFT + step * (index + 0.5)
        points.append(TrendPoint(week, score, x=x, y=_chart_y(score or 0)))
    return Trend(points)

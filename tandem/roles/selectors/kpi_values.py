"""The periods a KPI is measured over, and the values Tandem computes from its own data.

A period is a run of local days in the assistant's own zone: a week from the workspace's first
weekday, a calendar month or a quarter, from local midnight to local midnight. The counting is
the apps' own (the same functions health reads over its four weeks), asked for each holder's
period at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from statistics import median
from typing import NamedTuple

from django.utils.translation import gettext as _

from tandem.acks.selectors import brief_acks
from tandem.lib.periods import Span
from tandem.lib.schedule import local_date
from tandem.rhythm.selectors.checkins import checkin_counts
from tandem.rhythm.selectors.response_time import response_times_of
from tandem.roles.models import Direction, KpiCadence, KpiSource, KpiTarget
from tandem.work.selectors import delivery_counts, local_midnight, review_counts, week_start_of
from tandem.workspaces.models import Membership, Workspace

# At most this many past periods are recorded for a holder, and shown on a KPI's page.
PERIODS_KEPT = 12


class Period(NamedTuple):
    """Local days from `start` until `end` (excluded)."""

    start: date
    end: date


def _month_start(day: date, months: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(day: date, cadence: str, week_start: int) -> Period:
    """The period of `cadence` that holds the local day `day`."""
    if cadence == KpiCadence.WEEKLY:
        start = week_start_of(day, week_start)
        return Period(start, start + timedelta(days=7))
    if cadence == KpiCadence.QUARTERLY:
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(start, _month_start(start, 3))
    start = day.replace(day=1)
    return Period(start, _month_start(start, 1))


def period_before(period: Period, cadence: str, week_start: int) -> Period:
    return period_of(period.start - timedelta(days=1), cadence, week_start)


def ended_periods(
    cadence: str, week_start: int, *, today: date, since: date | None = None, limit: int = 12
) -> list[Period]:
    """The periods that ended before `today`, newest first: at most `limit`, and none that
    ended on or before `since` (the day a holder took the role)."""
    found: list[Period] = []
    period = period_before(period_of(today, cadence, week_start), cadence, week_start)
    while len(found) < limit and (since is None or period.end > since):
        found.append(period)
        period = period_before(period, cadence, week_start)
    return found


def zone_of(member: Membership) -> str:
    return member.user.time_zone


def instants_of(
    member: Membership, period: Period, *, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The instants a period starts and ends in the member's own zone; it ends at `now` when it
    has not ended yet."""
    zone = zone_of(member)
    # In UTC: arithmetic between two instants of one zone would read the wall clock.
    until = local_midnight(period.end, zone).astimezone(UTC)
    if now is not None and now < until:
        until = now
    return local_midnight(period.start, zone).astimezone(UTC), until


def span_of(member: Membership, period: Period, *, now: datetime | None = None) -> Span:
    return Span(*instants_of(member, period, now=now))


def is_met(value: Decimal | None, target: Decimal, direction: str) -> bool | None:
    """Whether a value reaches its target; None when there is no value."""
    if value is None:
        return None
    return value >= target if direction == Direction.HIGHER else value <= target


def target_at(targets: Sequence[KpiTarget], instant: datetime) -> KpiTarget | None:
    """The target in force at `instant`: the last one set by then (the first one before any was
    set). `targets` in the order they were set."""
    found = None
    for target in targets:
        if target.set_at <= instant or found is None:
            found = target
        else:
            break
    return found


@dataclass(frozen=True)
class Measure:
    value: Decimal | None  # None: nothing to measure in the period
    figure: str  # the numbers behind it


NOTHING = Measure(None, "")


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _hours(seconds: float) -> Decimal:
    return (Decimal(seconds) / 3600).quantize(Decimal("0.01"))


def measure(
    workspace: Workspace,
    source: str,
    holders: Sequence[tuple[Membership, Period]],
    *,
    now: datetime,
) -> dict[int, Measure]:
    """The value of a computed `source` for each holder over their period (by member pk),
    counted up to `now` for a period that has not ended. One or two queries per source (response
    time: per distinct span, that is per zone and period). Members need `user` loaded."""
    spans = {member.pk: span_of(member, period, now=now) for member, period in holders}
    found: dict[int, Measure] = {}
    if source == KpiSource.ON_TIME:
        for member_id, delivery in delivery_counts(workspace.pk, spans).items():
            found[member_id] = Measure(
                _percent(delivery.on_time, delivery.total),
                _("%(done)d of %(total)d tasks handed in on time.")
                % {"done": delivery.on_time, "total": delivery.total},
            )
    elif source == KpiSource.CHANGES_REQUESTED:
        for member_id, reviews in review_counts(workspace.pk, spans).items():
            found[member_id] = Measure(
                _percent(reviews.changes_requested, reviews.reviewed),
                _("Changes requested on %(done)d of %(total)d reviewed tasks.")
                % {"done": reviews.changes_requested, "total": reviews.reviewed},
            )
    elif source == KpiSource.CHECK_INS:
        days = {
            member.pk: Span(period.start, _end_day(member, period, now))
            for member, period in holders
        }
        for member_id, counts in checkin_counts(workspace.pk, days).items():
            if counts.asked:
                found[member_id] = Measure(
                    _percent(counts.answered, counts.asked),
                    _("%(answered)d of %(total)d check-ins answered.")
                    % {"answered": counts.answered, "total": counts.asked},
                )
    elif source == KpiSource.BRIEF_ACK:
        for member_id, acks in brief_acks(workspace.pk, spans).items():
            if acks.answered:
                found[member_id] = Measure(
                    _hours(median(acks.answered)),
                    _("Median of %(count)d briefs acknowledged.") % {"count": len(acks.answered)},
                )
    elif source == KpiSource.RESPONSE_TIME:
        shared: dict[tuple[datetime, datetime], list[Membership]] = {}
        for member, period in holders:
            shared.setdefault(instants_of(member, period, now=now), []).append(member)
        for (since, until), members in shared.items():
            times = response_times_of(workspace, members, since=since, until=until, now=now)
            for member_id, rt in times.items():
                if rt.median_seconds is not None:
                    found[member_id] = Measure(
                        _hours(rt.median_seconds),
                        _("Median of %(count)d answers.") % {"count": rt.answered},
                    )
    return found


def _end_day(member: Membership, period: Period, now: datetime) -> date:
    """The day after the last local day counted: the period's end, or today for a period that
    has not ended (today's check-in may still come)."""
    return min(period.end, local_date(now, zone_of(member)))

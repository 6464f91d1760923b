"""Health: each component with data and without, the average of those with data, the first 60
days, and the weekly snapshots (one per week, upserted) with their trend."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import add_member, make_user
from tandem.continuity.models import HealthSnapshot
from tandem.continuity.selectors.health import (
    BRIEFS,
    CHECK_INS,
    COMPONENT_KEYS,
    DELIVERY,
    FEEDBACK,
    RESPONSIVENESS,
    REVIEWS,
    SILENCES,
    UTILISATION,
    Health,
    health_of,
    trend_of,
)
from tandem.continuity.services.health import health_snapshot_write, health_snapshots_write
from tandem.continuity.services.silence import activity_record, silence_sweep
from tandem.rhythm.services import checkins as checkin_services
from tandem.work.services import tasks as services
from tandem.workspaces.models import Membership, Role
from tandem.workspaces.services import member_contracted_hours_set

pytestmark = pytest.mark.django_db

# Wednesday 9 January 2030, 10:00 in Manila.
NOW = datetime(2030, 1, 9, 2, 0, tzinfo=UTC)
JOINED = NOW - timedelta(days=100)


def _fresh(member: Membership) -> Membership:
    return Membership.objects.select_related("user", "workspace").get(pk=member.pk)


def _health(member: Membership, now: datetime = NOW) -> Health:
    member = _fresh(member)
    return health_of(member.workspace, [member], now=now)[member.pk]


@pytest.fixture
def veteran(assistant) -> Membership:
    """The assistant, in the workspace for 100 days."""
    Membership.objects.filter(pk=assistant.pk).update(joined_at=JOINED)
    return _fresh(assistant)


def _task(owner, assistant, title, due=None, minutes=60):
    return services.task_create(
        actor=owner,
        brief=services.Brief(title=title, due_date=due, estimate_minutes=minutes),
        assignee=assistant,
    )


def test_it_shows_every_component_without_data_as_such(veteran):
    health = _health(veteran)
    assert [c.key for c in health.components] == list(COMPONENT_KEYS)
    without = {c.key for c in health.components if not c.has_data}
    assert without == {RESPONSIVENESS, BRIEFS, DELIVERY, REVIEWS, CHECK_INS, UTILISATION}
    # No feedback in two weeks is itself a finding; no silence is good.
    assert health.by_key[FEEDBACK].score == 0
    assert health.by_key[SILENCES].score == 100
    assert health.score == 50  # the average of the two with data
    assert all(c.figure and c.why for c in health.components)


def test_it_scores_quick_acknowledgements(owner, veteran):
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        task = _task(owner, veteran, "Quick", date(2030, 1, 20))
    with time_machine.travel(NOW - timedelta(days=3) + timedelta(hours=1), tick=False):
        services.task_acknowledge(actor=veteran, task=task)
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        _task(owner, veteran, "Never acknowledged", date(2030, 1, 20))
    health = _health(veteran)
    assert health.by_key[BRIEFS].score == 50
    assert "1 of 2" in health.by_key[BRIEFS].figure
    assert health.by_key[RESPONSIVENESS].score == 50


def test_it_scores_delivery_by_first_submission_before_the_deadline(owner, veteran):
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        on_time = _task(owner, veteran, "On time", date(2030, 1, 3))
        late = _task(owner, veteran, "Late", date(2030, 1, 2))
        _task(owner, veteran, "Never handed in", date(2030, 1, 4))
        services.task_acknowledge(actor=veteran, task=on_time)
        services.task_acknowledge(actor=veteran, task=late)
        services.task_submit(actor=veteran, task=on_time)
    with time_machine.travel(datetime(2030, 1, 5, tzinfo=UTC), tick=False):
        services.task_submit(actor=veteran, task=late)
    health = _health(veteran)
    assert health.by_key[DELIVERY].score == 33
    assert "1 of 3" in health.by_key[DELIVERY].figure


def test_it_scores_reviews_accepted_without_changes_and_recent_feedback(owner, veteran):
    with time_machine.travel(NOW - timedelta(days=5), tick=False):
        first = _task(owner, veteran, "Clean", date(2030, 1, 20))
        second = _task(owner, veteran, "Needs work", date(2030, 1, 20))
        for task in (first, second):
            services.task_acknowledge(actor=veteran, task=task)
            services.task_submit(actor=veteran, task=task)
        services.task_review(actor=owner, task=first, accept=True, feedback="Lovely work.")
        services.task_review(actor=owner, task=second, accept=False, feedback="Fix the totals.")
        services.task_submit(actor=veteran, task=second)
        services.task_review(actor=owner, task=second, accept=True)
    health = _health(veteran)
    assert health.by_key[REVIEWS].score == 50
    assert health.by_key[FEEDBACK].score == 100
    # Three weeks on, the feedback is no longer recent; the reviews still count.
    later = _health(veteran, NOW + timedelta(days=15))
    assert later.by_key[FEEDBACK].score == 0
    assert later.by_key[REVIEWS].score == 50


def test_it_scores_check_ins_answered_against_prompted(veteran):
    for offset, answer in [(3, True), (2, False), (1, True)]:
        day = date(2030, 1, 9) - timedelta(days=offset)
        prompted = datetime.combine(day, time(1), tzinfo=UTC)
        check_in = checkin_services.checkin_prompt_create(
            member=veteran, day=day, prompted_at=prompted
        )
        assert check_in is not None
        if answer:
            checkin_services.checkin_answer(
                actor=veteran,
                check_in=check_in,
                answers=[("Done?", "The invoices.")],
                blockers="",
                mood=4,
                now=prompted + timedelta(hours=1),
            )
    checkin_services.checkins_mark_missed(NOW)
    component = _health(veteran).by_key[CHECK_INS]
    assert component.score == 67
    assert "2 answered, 1 missed" in component.figure


def test_it_scores_utilisation_within_the_thresholds_as_full(owner, veteran):
    member_contracted_hours_set(actor=owner, member=veteran, hours=10)
    with time_machine.travel(NOW, tick=False):
        _task(owner, veteran, "Half", date(2030, 1, 10), minutes=5 * 60)
    assert _health(veteran).by_key[UTILISATION].score == round(100 * 50 / 60)
    with time_machine.travel(NOW, tick=False):
        _task(owner, veteran, "More", date(2030, 1, 10), minutes=5 * 60)
    assert _health(veteran).by_key[UTILISATION].score == 100
    with time_machine.travel(NOW, tick=False):
        _task(owner, veteran, "Far too much", date(2030, 1, 10), minutes=10 * 60)
    assert _health(veteran).by_key[UTILISATION].score == 100 - (200 - 110)


def test_it_lowers_the_score_for_an_open_silence(veteran):
    # Monday 7 January, 09:00 in Manila; silent through the working day.
    active_at = datetime(2030, 1, 7, 1, 0, tzinfo=UTC)
    activity_record(veteran, at=active_at)
    silence_sweep(active_at + timedelta(hours=7))
    component = _health(veteran, active_at + timedelta(hours=7)).by_key[SILENCES]
    assert component.score is not None and component.score < 100
    assert "Silent since" in component.figure
    # Shown in the viewer's zone, in the app's format (with the year: it is not this one).
    with timezone.override("Asia/Manila"):
        figure = _health(veteran, active_at + timedelta(hours=7)).by_key[SILENCES].figure
    assert "Silent since Mon 7 Jan 2030, 09:00: Nudged." in figure
    # Activity resolves it; the silence is remembered for four weeks.
    activity_record(_fresh(veteran), at=active_at + timedelta(hours=8))
    after = _health(veteran, active_at + timedelta(hours=9)).by_key[SILENCES]
    assert after.score == 90


def test_it_marks_the_first_60_days(assistant):
    member = _fresh(assistant)
    health = _health(member, member.joined_at + timedelta(days=59))
    assert health.is_new and health.new_days_left == 1
    assert health.by_key[FEEDBACK].score is not None  # joined 59 days ago: feedback counts
    assert not _health(member, member.joined_at + timedelta(days=61)).is_new
    young = _health(member, member.joined_at + timedelta(days=3))
    assert young.is_new and young.new_days_left == 57
    assert not young.by_key[FEEDBACK].has_data


def test_it_writes_one_snapshot_per_week_and_overwrites_it(owner, veteran):
    week = date(2030, 1, 7)
    first = health_snapshot_write(_fresh(veteran), week, NOW)
    assert first.score == 50
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        task = _task(owner, veteran, "Acknowledged", date(2030, 1, 20))
        services.task_acknowledge(actor=veteran, task=task)
    second = health_snapshot_write(_fresh(veteran), week, NOW + timedelta(hours=1))
    assert HealthSnapshot.objects.filter(member=veteran).count() == 1
    assert second.pk == first.pk and second.score != first.score
    assert second.components[BRIEFS]["score"] == 100


def test_the_daily_job_upserts_the_current_week_of_every_assistant(owner, veteran, workspace):
    other = add_member(
        workspace, make_user("ben@example.com", "Ben", "America/New_York"), Role.ASSISTANT
    )
    assert health_snapshots_write(NOW) == 2
    assert health_snapshots_write(NOW + timedelta(hours=5)) == 2
    rows = dict(HealthSnapshot.objects.values_list("member_id", "week_start"))
    # Still Tuesday 8 January in New York, Wednesday in Manila: both in the week of the 7th.
    assert rows == {veteran.pk: date(2030, 1, 7), other.pk: date(2030, 1, 7)}
    assert HealthSnapshot.objects.count() == 2


def test_the_trend_covers_the_last_8_weeks(veteran):
    member = _fresh(veteran)
    from tandem.continuity.selectors.health import Component

    for weeks_ago, score in [(0, 80), (1, 60), (3, 40), (9, 10)]:
        health = Health(
            member_id=member.pk,
            components=[Component(RESPONSIVENESS, score, "x", "y")],
            joined_at=JOINED,
            now=NOW,
        )
        health_snapshot_write(
            member, date(2030, 1, 7) - timedelta(days=7 * weeks_ago), NOW, health=health
        )
    trend = trend_of(member, now=NOW)
    assert trend.points[0].week_start == date(2029, 11, 19)
    assert [p.score for p in trend.points] == [None, None, None, None, 40, None, 60, 80]
    assert trend.has_data and len(trend.polyline.split()) == 3
    # Higher scores are drawn higher up.
    assert trend.points[-1].y < trend.points[-2].y


def test_it_reads_many_assistants_in_the_same_number_of_queries(
    owner, veteran, workspace, django_assert_num_queries
):
    def people():
        return list(
            Membership.objects.filter(role=Role.ASSISTANT)
            .select_related("user", "workspace")
            .prefetch_related("user__working_hours")
        )

    few = people()
    with django_assert_num_queries(10):
        health_of(workspace, few, now=NOW)
    for i in range(5):
        member = add_member(workspace, make_user(f"a{i}@example.com", f"A{i}"), Role.ASSISTANT)
        with time_machine.travel(NOW - timedelta(days=1), tick=False):
            _task(owner, member, f"Task {i}", date(2030, 1, 20))
    many = people()
    with django_assert_num_queries(10):
        health_of(workspace, many, now=NOW)

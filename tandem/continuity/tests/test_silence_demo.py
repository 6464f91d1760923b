"""The demo: Lukas silent for about a working day, escalated up to his partner; others active."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command

from tandem.continuity.models import Escalation, Presence, Step
from tandem.notify import kinds
from tandem.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "now",
    [
        datetime(2025, 3, 5, 12, tzinfo=UTC),  # Wednesday afternoon in Vilnius
        datetime(2025, 3, 10, 7, 30, tzinfo=UTC),  # Monday morning: the silence began on Friday
        datetime(2025, 3, 29, 12, tzinfo=UTC),  # a Saturday, the day before summer time
    ],
)
def test_lukas_is_silent_up_to_the_partner_step_and_twice_is_safe(now):
    with time_machine.travel(now, tick=False):
        call_command("demo")
        call_command("demo")
    lukas = Presence.objects.get(member__user__email="lukas@demo.test")
    assert lukas.step == Step.PARTNER_TOLD
    assert list(
        Escalation.objects.filter(member_id=lukas.member_id)
        .order_by("step")
        .values_list("step", "resolved_at")
    ) == [(1, None), (2, None), (3, None)]
    assert lukas.last_active_at < now
    others = Presence.objects.exclude(pk=lukas.pk)
    assert set(others.values_list("step", flat=True)) == {Step.ACTIVE}
    told = Notification.objects.filter(kind=kinds.SILENCE_PARTNER)
    assert list(told.values_list("recipient__user__email", flat=True)) == ["partner@demo.test"]
    assert Notification.objects.filter(kind=kinds.SILENCE_OWNER).count() == 2

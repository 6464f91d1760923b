"""The silence sweep benchmark (bench/sweeps.py, bench/generate.py) in miniature, so it cannot rot:
the generator's layout, one timed sweep that escalates exactly the due rows, and the results."""

from __future__ import annotations

import json
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from bench.generate import generate
from bench.sweeps import entries_of, measure, save
from tandem.accounts.models import WorkingHours
from tandem.continuity.models import Escalation, Presence, Step
from tandem.notify.models import Notification
from tandem.outbox.models import Delivery
from tandem.workspaces.models import Membership, Role

ROWS, DUE = 2000, 20


def test_generator_layout(db):
    now = timezone.now()
    generated = generate(rows=ROWS, due=DUE, now=now)

    assert Presence.objects.count() == ROWS
    assert Membership.objects.filter(role=Role.ASSISTANT).count() == ROWS
    assert Membership.objects.filter(role=Role.OWNER).count() == DUE
    # Nobody is in a workspace twice, and every workspace has the same number of assistants.
    pairs = Membership.objects.values("workspace_id", "user_id").annotate(n=Count("id"))
    assert {row["n"] for row in pairs} == {1}
    per_workspace = Presence.objects.values("workspace_id").annotate(n=Count("id"))
    assert {row["n"] for row in per_workspace} == {ROWS // DUE}
    # The due rows: one per workspace, of distinct people who work all day, every day.
    due = Presence.objects.filter(next_step_at__lte=now).select_related("member")
    assert sorted(p.member_id for p in due) == sorted(generated.due_member_ids)
    assert len({p.member.user_id for p in due}) == DUE
    assert {p.step for p in due} == {Step.ACTIVE}
    hours = WorkingHours.objects.filter(user_id__in=[p.member.user_id for p in due])
    assert hours.count() == 7 * DUE
    assert Presence.objects.filter(next_step_at__gt=now + timedelta(minutes=59)).count() > 0
    assert Presence.objects.filter(next_step_at__isnull=True).count() > 0
    # A second load next to the first keeps codes, slugs and emails unique.
    generate(rows=ROWS, due=DUE, now=now)
    assert Presence.objects.count() == 2 * ROWS


def test_sweep_timing_escalates_exactly_the_due_rows(db):
    figures = measure(rows=ROWS, due=DUE, due_runs=2, idle_runs=2)

    assert figures["rows"] == ROWS
    assert figures["due"] == DUE
    assert 0 < figures["seconds"] < 60
    assert 0 < figures["idle_seconds"] < figures["seconds"]
    assert figures["profile"]["escalations"] == DUE
    assert len(figures["profile"]["sweep_runs_seconds"]) == 2
    assert figures["profile"]["sweep_queries"] > 0
    due_members = Membership.objects.filter(role=Role.ASSISTANT, presence__step=Step.NUDGED)
    escalated = Escalation.objects.values_list("member_id", "step")
    assert sorted(escalated) == sorted(
        (pk, Step.NUDGED) for pk in due_members.values_list("pk", flat=True)
    )
    assert due_members.count() == DUE
    # Nothing is due any more, and the others are untouched.
    assert not Presence.objects.filter(next_step_at__lte=timezone.now()).exists()
    assert Presence.objects.filter(step=Step.ACTIVE).count() == ROWS - DUE

    entries = entries_of("sqlite", figures)
    silence = entries[0]
    assert silence == {
        "name": "silence",
        "db": "sqlite",
        "rows": ROWS,
        "due": DUE,
        "seconds": silence["seconds"],
        "idle_seconds": silence["idle_seconds"],
    }
    assert isinstance(silence["seconds"], float)
    assert isinstance(silence["idle_seconds"], float)
    assert entries[1]["name"] == "due_query"

    # The redelivery sweep: as many deliveries as presences, the last run's escalations due.
    redeliver = figures["redeliver"]
    assert (redeliver["rows"], redeliver["due"]) == (ROWS, DUE)
    assert 0 < redeliver["idle_seconds"] < redeliver["seconds"]
    assert redeliver["profile"]["idle_queries"] == 1
    assert not Delivery.objects.filter(done_at__isnull=True).exists()
    assert Notification.objects.count() == DUE  # the nudges of the last run, told once
    assert [entry["name"] for entry in entries[2:]] == ["redeliver", "redeliver_due_query"]
    assert entries[2]["rows"] == ROWS


def test_save_keeps_the_page_results(tmp_path):
    output = tmp_path / "results.json"
    pages = [{"name": "floor", "path": "/healthz", "rps": 1.0}]
    output.write_text(json.dumps({"pages": pages, "sweeps": []}))
    entry = {"name": "silence", "db": "sqlite", "rows": 1, "due": 1, "seconds": 1.0}

    save([entry], output)

    assert json.loads(output.read_text()) == {"pages": pages, "sweeps": [entry]}

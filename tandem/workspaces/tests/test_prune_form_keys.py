"""The daily job that forgets old form keys, set-based and in batches."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from conftest import make_user
from tandem.workspaces import idempotency
from tandem.workspaces.jobs import prune_form_keys
from tandem.workspaces.models import FormSubmission


def test_the_daily_job_forgets_keys_older_than_a_week(db, monkeypatch, django_assert_num_queries):
    ana = make_user("ana@example.com", "Ana Santos")
    monkeypatch.setattr(idempotency, "PRUNE_BATCH", 2)  # several batches
    now = timezone.now()
    for days, key in [(8, "a"), (8, "b"), (7.1, "c"), (30, "d"), (6.9, "e"), (0, "f")]:
        FormSubmission.objects.create(user=ana, key=key, created_at=now - timedelta(days=days))
    with django_assert_num_queries(3):  # one DELETE per batch: 2, 2, then none left
        assert prune_form_keys.call_local() == 4
    assert sorted(FormSubmission.objects.values_list("key", flat=True)) == ["e", "f"]
    assert prune_form_keys.call_local() == 0

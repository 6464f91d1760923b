"""The comment_post page of the benchmark (bench/run.py) in miniature, so it cannot rot: clients
post with htmx, a fresh form key and a page's CSRF token each, every answer counts, and what they
posted is removed afterwards."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from bench.run import COMMENT, OWNER, comment_post, comments_remove, log_in
from tandem.work.management.commands.bench_data import bench_people, generate_tasks
from tandem.work.models import Comment
from tandem.workspaces.models import FormSubmission


@pytest.mark.django_db(transaction=True)
def test_comment_post_posts_without_errors_and_cleans_up(live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    workspace, delegators, assistants = bench_people()
    generate_tasks(workspace, delegators=delegators, assistants=assistants, count=60)
    port = urlsplit(live_server.url).port
    session = log_in(port, OWNER)

    figures = comment_post(port, session, concurrency=2, warmup=0, duration=1)

    assert figures["errors"] == 0 and figures["requests"] > 0
    assert figures["floor_rps"] > 0 and figures["tasks"] > 1
    posted = Comment.objects.filter(body=COMMENT)
    assert posted.count() == figures["requests"]  # one comment per answer: no replays
    assert FormSubmission.objects.filter(done_at__isnull=False).count() == figures["requests"]
    assert comments_remove() == figures["requests"]
    assert not posted.exists()

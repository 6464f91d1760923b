"""A real Huey consumer, in its own process, delivers an invitation email.

It runs once with the SQLite queue storage and once with Redis (127.0.0.1:6379; skipped with a
message when Redis does not answer, except under CI=true, where that fails).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from huey.contrib.djhuey import HUEY

from tandem.tests.processes import ROOT, database_url
from tandem.workspaces import services
from tandem.workspaces.models import Invitation, Role


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("queue", ["sqlite", "redis"], indirect=True)
def test_a_real_consumer_delivers_the_invitation_email(queue, owner, tmp_path, client):
    invitation = services.invitation_create(
        actor=owner, email="sofia@example.com", role=Role.ASSISTANT, language="en"
    )
    assert HUEY.pending_count() == 1  # enqueued on commit, not run in this process

    mail_dir = tmp_path / "mail"
    env = (
        os.environ
        | queue
        | {
            "DATABASE_URL": database_url(),
            "EMAIL_URL": f"filemail://{mail_dir}",
        }
    )
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (mail_dir.exists() and any(mail_dir.iterdir())):
            assert consumer.poll() is None, consumer.stdout.read() if consumer.stdout else ""
            if time.monotonic() > deadline:
                consumer.terminate()
                pytest.fail(f"no email within 30 s: {consumer.communicate()[0]}")
            time.sleep(0.1)
    finally:
        consumer.terminate()
        consumer.wait(timeout=10)

    message = next(mail_dir.iterdir()).read_text()
    assert "To: sofia@example.com" in message
    assert "Alice Consulting" in message
    link = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", message)
    assert link
    assert client.get(link.group(1)).status_code == 200  # the consumer signed a valid link
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None
    assert Invitation.objects.count() == 1

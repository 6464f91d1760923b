"""The log of `make run` says one line per thing: an email is a file with one line, a job is
logged once, and a 403 or a 404 has no traceback."""

from __future__ import annotations

import logging
from email import message_from_bytes

import pytest
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from conftest import make_user


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def lines():
    handler = Lines()
    loggers = [logging.getLogger(name) for name in ("tandem.mail", "huey", "django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.records
    for logger in loggers:
        logger.removeHandler(handler)


def test_each_email_is_a_file_of_its_own_with_one_log_line(tmp_path, lines):
    folder = tmp_path / "mail"
    connection = get_connection("tandem.lib.mail_folder.EmailBackend", file_path=str(folder))
    sent = connection.send_messages(
        [
            EmailMessage("Invitation to Northwind", "Your link: …", to=["ana@example.com"]),
            EmailMessage("Your digest", "Three things.", to=["lukas@example.com"]),
        ]
    )
    assert sent == 2
    files = sorted(folder.iterdir())
    assert len(files) == 2
    assert all(path.suffix == ".eml" for path in files)
    subjects = {message_from_bytes(path.read_bytes())["Subject"] for path in files}
    assert subjects == {"Invitation to Northwind", "Your digest"}
    said = [record.getMessage() for record in lines]
    assert len(said) == 2
    assert any("ana@example.com: Invitation to Northwind" in line for line in said)
    assert all(str(folder) in line for line in said)


def test_a_job_is_logged_once(lines):
    huey = logging.getLogger("huey")
    huey.info("Executing %s", "tandem.notify.jobs.send_due_emails: 1")
    huey.info("%s executed in %0.3fs", "tandem.notify.jobs.send_due_emails: 1", 0.01)
    assert [record.getMessage() for record in lines] == [
        "tandem.notify.jobs.send_due_emails: 1 executed in 0.010s"
    ]
    assert not huey.propagate  # the root's handler does not print it a second time


def test_a_refused_page_is_logged_without_a_traceback(owner, assistant, client_for, lines):
    # An assistant may not open the workspace's settings: 403.
    response = client_for(assistant).get(reverse("workspaces:settings", kwargs={"ws": "alice"}))
    assert response.status_code == 403
    refused = [record for record in lines if record.name == "django.request"]
    assert len(refused) == 1
    assert refused[0].exc_info is None


def test_a_missing_page_is_logged_without_a_traceback(db, client, lines):
    client.force_login(make_user("nobody@example.com", "Nobody"))
    assert client.get("/w/nowhere/tasks/").status_code == 404
    missing = [record for record in lines if record.name == "django.request"]
    assert len(missing) == 1
    assert missing[0].exc_info is None

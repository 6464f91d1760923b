"""Run one periodic job once, in this process: `python manage.py run_job outbox.jobs.redeliver`.

For operators (run a sweep now, without waiting for its minute) and for the tests that kill a
sweep at a named point.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run one periodic job once, e.g. outbox.jobs.redeliver."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "job", help="the job's dotted path inside tandem: outbox.jobs.redeliver"
        )

    def handle(self, *args: Any, job: str, **options: Any) -> None:
        try:
            found = import_string(f"tandem.{job}")
        except ImportError:
            found = None
        if found is None or not hasattr(found, "call_local"):
            raise CommandError(f"No periodic job named {job!r}.")
        result = found.call_local()
        self.stdout.write(f"{job}: {result}")

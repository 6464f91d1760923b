"""Templates show dates and times only through the `when` library: no `|date:`/`|time:` format
but "c" (a machine-readable `datetime` attribute), no `timesince` or `naturaltime`."""

from __future__ import annotations

import re
from pathlib import Path

import tandem

ROOT = Path(tandem.__file__).parent
# `|date`, `|time` with any format but "c", or with none (Django's DATE_FORMAT).
OTHER_FORMAT = re.compile(r"""\|\s*(date|time)\b(?!\s*:\s*(["'])c\2)""")
OTHER_FILTER = re.compile(
    r"\|\s*(timesince|timeuntil|naturaltime|naturalday)\b|(SHORT_)?(DATE|DATETIME|TIME)_FORMAT"
)


def templates() -> list[Path]:
    found = [
        path
        for path in ROOT.rglob("templates/**/*")
        if path.suffix in (".html", ".txt") and path.is_file()
    ]
    assert len(found) > 50  # the search looks where the templates are
    return found


def offending(pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}"
        for path in templates()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]


def test_the_guard_knows_a_format_when_it_sees_one():
    assert OTHER_FORMAT.search('{{ task.due_at|date:"D j M" }}')
    assert OTHER_FORMAT.search("{{ task.due_at|time:'H:i' }}")
    assert OTHER_FORMAT.search("{{ task.due_at|date }}")
    assert OTHER_FORMAT.search("{{ day|date:'Y-m-d' }}")
    assert not OTHER_FORMAT.search("<time datetime=\"{{ task.due_at|date:'c' }}\">")
    assert not OTHER_FORMAT.search('{{ task.due_at|date:"c" }}')
    assert not OTHER_FORMAT.search("{{ task.due_date|when:'date' }} {{ form.due_time }}")
    assert OTHER_FILTER.search("{{ task.created_at|naturaltime }}")
    assert OTHER_FILTER.search("{{ task.created_at|timesince:now }}")


def test_templates_show_dates_and_times_only_through_the_when_library():
    """Use `{% load when %}`: `|when`, `|when:"date"`, `|when:"time"`, `|ago`, `|since`,
    `{% deadline task %}` (tandem/lib/templatetags/when.py)."""
    assert offending(OTHER_FORMAT) == []
    assert offending(OTHER_FILTER) == []

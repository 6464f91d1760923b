"""Spans of time per member: the counting selectors of several apps take, for each member, the
span they count in, so that one query serves members whose days begin at different instants
(each in their own zone) as well as a window that is the same for everyone."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from datetime import date, datetime
from functools import reduce
from typing import NamedTuple

from django.db.models import Q


class Span(NamedTuple):
    """From `since` (included) until `until` (excluded; None: no end)."""

    since: datetime | date
    until: datetime | date | None = None


def spans_q(member_field: str, field: str, spans: Mapping[int, Span]) -> Q:
    """The rows of each member (`member_field` holds their id) whose `field` falls in their span.
    Members that share a span share one condition, so a window common to all is a plain
    `member in (…) and since <= field < until`."""
    shared: dict[Span, list[int]] = {}
    for member_id, span in spans.items():
        shared.setdefault(span, []).append(member_id)
    conditions = []
    for span, member_ids in shared.items():
        condition = Q(**{f"{member_field}__in": member_ids, f"{field}__gte": span.since})
        if span.until is not None:
            condition &= Q(**{f"{field}__lt": span.until})
        conditions.append(condition)
    if not conditions:
        return Q(pk__in=[])
    return reduce(operator.or_, conditions)

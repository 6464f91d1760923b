"""Reading a member's own readiness results: the latest first, each area's score with its
level, its advice and the change since the taking before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from tandem.planning.models import ReadinessAssessment
from tandem.planning.readiness import AREAS, LEVEL_LABELS, Advice, Area, Level, level_of
from tandem.workspaces.models import Membership

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# How many takings the page lists; more is history nobody reads.
HISTORY_ROWS = 20


@dataclass(frozen=True)
class AreaResult:
    area: Area
    score: int
    change: int | None  # points since the taking before; None for the first

    @property
    def level(self) -> Level:
        return level_of(self.score)

    @property
    def level_label(self) -> StrOrPromise:
        return LEVEL_LABELS[self.level]

    @property
    def size(self) -> int:
        """The change without its sign, for "up 5 points" and "down 5 points"."""
        return abs(self.change or 0)

    @property
    def advice(self) -> Advice:
        return self.area.advice[self.level]


@dataclass(frozen=True)
class Result:
    assessment: ReadinessAssessment
    areas: list[AreaResult]
    first: bool  # no taking before it

    @property
    def taken_at(self) -> datetime:
        return self.assessment.taken_at

    @property
    def ready(self) -> int:
        """In how many areas the reading is "ready"."""
        return sum(1 for area in self.areas if area.level == Level.READY)


def _assessments_of(member: Membership) -> QuerySet[ReadinessAssessment]:
    return ReadinessAssessment.objects.filter(workspace_id=member.workspace_id, member=member)


def readiness_history(member: Membership, *, limit: int = HISTORY_ROWS) -> list[Result]:
    """The member's own takings, latest first, at most `limit`: one query (the taking before
    the oldest shown is read with them, for its change)."""
    rows = list(_assessments_of(member).order_by("-taken_at", "-id")[: limit + 1])
    results = []
    for index, assessment in enumerate(rows[:limit]):
        before = rows[index + 1].scores if index + 1 < len(rows) else None
        areas = []
        for area in AREAS:
            score = assessment.scores.get(area.key)
            if score is None:
                continue
            earlier = before.get(area.key) if before is not None else None
            areas.append(AreaResult(area, score, None if earlier is None else score - earlier))
        results.append(Result(assessment, areas, first=before is None))
    return results


def readiness_last_answers(member: Membership) -> dict[str, int] | None:
    """The answers of the member's latest taking, to start the next one from: one query."""
    found: dict[str, int] | None = (
        _assessments_of(member)
        .order_by("-taken_at", "-id")
        .values_list("answers", flat=True)
        .first()
    )
    return found

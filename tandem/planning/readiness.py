"""The readiness self-assessment as data: its four areas (can I let go, can I delegate at a
distance, do I know what I want, have I set goals), their statements, how they are scored and
the advice for each area at each level, with the pages of Tandem that help.

Each statement is answered on a five-point scale, from 1 (strongly disagree) to 5 (strongly
agree). A reversed statement says the opposite of readiness ("I take the work back"), so
agreeing with it scores low. An area's score is the share of the points it could have, 0–100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SCALE = (1, 2, 3, 4, 5)
SCALE_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


class Level(StrEnum):
    READY = "ready"
    NEARLY = "nearly"
    WORK = "work"


LEVEL_LABELS = {
    Level.READY: _("Ready"),
    Level.NEARLY: _("Nearly"),
    Level.WORK: _("Work on this first"),
}

# The lowest score of each level, highest first.
LEVEL_FROM = ((Level.READY, 75), (Level.NEARLY, 50), (Level.WORK, 0))


def level_of(score: int) -> Level:
    return next(level for level, lowest in LEVEL_FROM if score >= lowest)


@dataclass(frozen=True)
class Question:
    key: str
    text: StrOrPromise
    reversed: bool = False

    def points(self, answer: int) -> int:
        """0 to 4: how ready the answer says one is."""
        return SCALE[-1] - answer if self.reversed else answer - SCALE[0]


@dataclass(frozen=True)
class Link:
    """A page of Tandem that helps, by URL name (reversed with the workspace's slug)."""

    url: str
    label: StrOrPromise


@dataclass(frozen=True)
class Advice:
    text: StrOrPromise
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Area:
    key: str
    title: StrOrPromise
    intro: StrOrPromise
    questions: tuple[Question, ...]
    advice: Mapping[Level, Advice]


AUDIT = Link("planning:audit", _("Task audit"))
ANALYSIS = Link("planning:analysis", _("What to delegate"))
PLAN = Link("planning:plan", _("Delegation plan"))
EIGHTY_TWENTY = Link("work:time_summary", _("80/20 by assistant"))
CHECK_INS = Link("rhythm:checkins", _("Check-ins"))
OVERLAP = Link("rhythm:overlap", _("Overlapping hours"))
CONTINGENCY = Link("continuity:contingency", _("Contingency plans"))
BRIEF = Link("work:task_new", _("New task"))
ROLES = Link("roles:roles", _("Roles"))
MEETINGS = Link("rhythm:meetings", _("Meetings"))


AREAS: tuple[Area, ...] = (
    Area(
        key="letting_go",
        title=_("Letting go"),
        intro=_("Can you hand work over and let it be done, even a little differently?"),
        questions=(
            Question(
                "letting_go_other_ways",
                _("I can accept a task done well in a way that is different from mine."),
            ),
            Question(
                "letting_go_take_back",
                _("When a task I handed over goes wrong, I take it back and do it myself."),
                reversed=True,
            ),
            Question(
                "letting_go_name_tasks",
                _("I can name tasks I do today that someone else could do nearly as well as I do."),
            ),
            Question(
                "letting_go_time_up_front",
                _(
                    "I am willing to spend time explaining a task now "
                    "to spend less time on it later."
                ),
            ),
        ),
        advice={
            Level.WORK: Advice(
                _(
                    "Start small. Log what you do for a week, choose one routine task and let "
                    "someone else do it their way. Aim to take four fifths of it off your desk, "
                    "not to have it done exactly as you would."
                ),
                (AUDIT, PLAN),
            ),
            Level.NEARLY: Advice(
                _(
                    "You can let go of some work. Put the next responsibility in your delegation "
                    "plan, and when something goes wrong, give feedback rather than taking the "
                    "work back."
                ),
                (PLAN, EIGHTY_TWENTY),
            ),
            Level.READY: Advice(
                _(
                    "You let go well. Watch your 80/20 figure: the minutes you spend briefing and "
                    "reviewing should shrink as your assistant takes over."
                ),
                (EIGHTY_TWENTY,),
            ),
        },
    ),
    Area(
        key="remote",
        title=_("Delegating at a distance"),
        intro=_("Can you delegate to someone you do not see, often in another time zone?"),
        questions=(
            Question(
                "remote_written",
                _("I explain tasks in writing clearly enough that someone can start without me."),
            ),
            Question(
                "remote_async",
                _("I am comfortable with answers that arrive hours later, from another time zone."),
            ),
            Question(
                "remote_see",
                _("I need to see someone working to trust that the work gets done."),
                reversed=True,
            ),
            Question(
                "remote_feedback",
                _("I give regular feedback: what went well and what to do better next time."),
            ),
        ),
        advice={
            Level.WORK: Advice(
                _(
                    "Remote work runs on writing. Brief every task in writing and let the clarity "
                    "check show what is missing, and ask for a short written check-in instead of "
                    "looking over a shoulder."
                ),
                (BRIEF, CHECK_INS),
            ),
            Level.NEARLY: Advice(
                _(
                    "Agree which hours you share and what can wait until the next day, and agree a "
                    "contingency plan for when the power or the internet fails."
                ),
                (OVERLAP, CONTINGENCY, CHECK_INS),
            ),
            Level.READY: Advice(
                _(
                    "You delegate at a distance well. Keep briefs complete and check-ins regular "
                    "as the work grows."
                ),
                (BRIEF, CHECK_INS),
            ),
        },
    ),
    Area(
        key="wants",
        title=_("Knowing what you want"),
        intro=_("Do you know what you would hand over, and what the person must be able to do?"),
        questions=(
            Question("wants_first_tasks", _("I know which tasks I would hand over first.")),
            Question(
                "wants_kind",
                _("I know whether I need help with small admin tasks, complex projects or both."),
            ),
            Question("wants_skills", _("I know which skills the person I hire must have.")),
            Question(
                "wants_just_time",
                _("I want help mainly to save time, but I do not yet know on what."),
                reversed=True,
            ),
        ),
        advice={
            Level.WORK: Advice(
                _(
                    "Before you hire, find out what you would hand over: log your tasks for a week "
                    "and see which are routine or marginal rather than strategic."
                ),
                (AUDIT, ANALYSIS),
            ),
            Level.NEARLY: Advice(
                _(
                    "Turn your list into a role: the duties by day, week and month, and the skills "
                    "they need. It tells you whom to look for."
                ),
                (ANALYSIS, ROLES),
            ),
            Level.READY: Advice(
                _(
                    "You know what you want. Write it down as a role, so that your assistant knows "
                    "it too."
                ),
                (ROLES,),
            ),
        },
    ),
    Area(
        key="goals",
        title=_("Setting goals"),
        intro=_("Do you know what success looks like, and how you will measure it?"),
        questions=(
            Question(
                "goals_success",
                _("I can say what success with an assistant looks like in three months."),
            ),
            Question(
                "goals_measurable",
                _("I have outcomes I can measure in mind, such as hours saved or work on time."),
            ),
            Question(
                "goals_one_at_a_time",
                _("I plan to hand over one responsibility at a time, not everything at once."),
            ),
            Question(
                "goals_none_yet",
                _("I have no clear goals yet for the first weeks of working together."),
                reversed=True,
            ),
        ),
        advice={
            Level.WORK: Advice(
                _(
                    "Decide what success looks like in three months, with one or two numbers you "
                    "can measure, and plan the order in which you hand work over."
                ),
                (PLAN, ROLES),
            ),
            Level.NEARLY: Advice(
                _(
                    "Turn your goals into KPIs with targets in your assistant's role, and hand "
                    "over one responsibility at a time."
                ),
                (ROLES, PLAN),
            ),
            Level.READY: Advice(
                _(
                    "Your goals are clear. Review them with your assistant in a regular meeting "
                    "and adjust the targets as you learn."
                ),
                (MEETINGS, ROLES),
            ),
        },
    ),
)

AREA_BY_KEY = {area.key: area for area in AREAS}
QUESTIONS: tuple[Question, ...] = tuple(q for area in AREAS for q in area.questions)


def scores_of(answers: Mapping[str, int]) -> dict[str, int]:
    """Each area's score, 0–100, from the answers (question key → 1..5); every question of an
    area must be answered."""
    scores = {}
    for area in AREAS:
        points = sum(question.points(answers[question.key]) for question in area.questions)
        most = (SCALE[-1] - SCALE[0]) * len(area.questions)
        scores[area.key] = (200 * points + most) // (2 * most)  # rounded half up
    return scores

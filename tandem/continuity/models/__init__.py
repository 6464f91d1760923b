"""Continuity: nobody silently disappears. Presence and silence escalations, outages and
contingency plans, and health over time. Everything is importable from
`tandem.continuity.models`."""

from tandem.continuity.models.health import HealthSnapshot
from tandem.continuity.models.outages import ContingencyPlan, Outage, OutageKind
from tandem.continuity.models.silence import Escalation, Presence, Step

__all__ = [
    "ContingencyPlan",
    "Escalation",
    "HealthSnapshot",
    "Outage",
    "OutageKind",
    "Presence",
    "Step",
]

"""Roles: the scope of work of an assistant, its duties by cadence and its KPIs.

One module per part; everything is importable from `tandem.roles.models`.
"""

from tandem.roles.models.kpis import Direction, Kpi, KpiCadence, KpiSource, KpiTarget, KpiValue
from tandem.roles.models.roles import (
    AssistantRole,
    Duty,
    DutyCadence,
    DutyRecurring,
    RoleAssignment,
)

__all__ = [
    "AssistantRole",
    "Direction",
    "Duty",
    "DutyCadence",
    "DutyRecurring",
    "Kpi",
    "KpiCadence",
    "KpiSource",
    "KpiTarget",
    "KpiValue",
    "RoleAssignment",
]

"""Planning: the task audit, the delegation plan and the readiness self-assessment.

One module per part; everything is importable from `tandem.planning.models`.
"""

from tandem.planning.models.audit import AuditEntry, AuditPeriod, Category, Want, Weight
from tandem.planning.models.plan import Responsibility, ResponsibilityStatus
from tandem.planning.models.readiness import ReadinessAssessment

__all__ = [
    "AuditEntry",
    "AuditPeriod",
    "Category",
    "ReadinessAssessment",
    "Responsibility",
    "ResponsibilityStatus",
    "Want",
    "Weight",
]

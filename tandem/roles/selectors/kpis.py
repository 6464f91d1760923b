"""The KPIs of a role as a viewer may see them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tandem.roles.models import AssistantRole
from tandem.workspaces.models import Membership


def kpi_section(role: AssistantRole, viewer: Membership, *, now: datetime) -> dict[str, Any]:
    """What the role page's KPI section (`roles/_kpis.html`) shows to `viewer`."""
    return {"role": role, "kpis": []}

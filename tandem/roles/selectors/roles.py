"""Reads of roles: who may see which, the list with its holders and hours, skills and areas."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tandem.roles.models import AssistantRole, Duty, DutyCadence, RoleAssignment
from tandem.work.models import RecurringTask
from tandem.workspaces.models import Membership, Role, Workspace

# A month has 52 / 12 weeks: a monthly duty counts for that share of a week.
WEEKS_A_MONTH = Decimal(52) / Decimal(12)


def duty_weekly_minutes(duty: Duty) -> Decimal:
    """What a duty takes in an average week: daily is five weekdays."""
    minutes = Decimal(duty.estimate_minutes or 0)
    if duty.cadence == DutyCadence.DAILY:
        return minutes * 5
    if duty.cadence == DutyCadence.WEEKLY:
        return minutes * len(duty.weekdays or ())
    return minutes / WEEKS_A_MONTH


def _current(queryset: QuerySet[RoleAssignment]) -> QuerySet[RoleAssignment]:
    return queryset.filter(ended_at__isnull=True, member__removed_at__isnull=True)


def _visible(viewer: Membership) -> Q | None:
    """Which roles of the workspace the viewer may see: None when none."""
    if viewer.can_delegate:
        return Q()
    holders = RoleAssignment.objects.filter(ended_at__isnull=True, member__removed_at__isnull=True)
    if viewer.role == Role.ASSISTANT:
        return Q(pk__in=holders.filter(member=viewer).values("role_id"))
    if viewer.role == Role.PARTNER:
        return Q(pk__in=holders.filter(member__partner=viewer).values("role_id"))
    return None


def roles_for_member(viewer: Membership) -> QuerySet[AssistantRole]:
    """The roles the viewer may see, archived ones left out: owners and managers all of the
    workspace, an assistant those they hold, a partner those of the assistants they supply."""
    rule = _visible(viewer)
    if rule is None:
        return AssistantRole.objects.none()
    return AssistantRole.objects.filter(
        rule, workspace_id=viewer.workspace_id, archived_at__isnull=True
    )


def archived_roles(viewer: Membership) -> QuerySet[AssistantRole]:
    """The workspace's archived roles, newest first: for owners and managers only."""
    if not viewer.can_delegate:
        return AssistantRole.objects.none()
    return (
        AssistantRole.objects.filter(workspace_id=viewer.workspace_id, archived_at__isnull=False)
        .select_related("workspace")
        .order_by("-archived_at", "-id")
    )


def role_get_for_member(viewer: Membership, code: str) -> AssistantRole:
    """The role with `code` if the viewer may see it, else 404. Owners and managers also find
    archived roles (their page says so)."""
    rule = _visible(viewer)
    if rule is None:
        raise Http404
    roles = AssistantRole.objects.filter(rule, workspace_id=viewer.workspace_id, code=code)
    if not viewer.can_delegate:
        roles = roles.filter(archived_at__isnull=True)
    role = roles.select_related("workspace").first()
    if role is None:
        raise Http404
    return role


def holders_visible_to(viewer: Membership) -> QuerySet[RoleAssignment]:
    """The current assignments whose holder the viewer may see by name."""
    assignments = _current(RoleAssignment.objects.filter(workspace_id=viewer.workspace_id))
    if viewer.role == Role.PARTNER:
        assignments = assignments.filter(member__partner=viewer)
    elif not viewer.can_delegate:
        assignments = assignments.filter(member=viewer)
    return assignments.select_related("member__user").order_by("started_at", "id")


@dataclass(frozen=True)
class RoleRow:
    role: AssistantRole
    holders: list[RoleAssignment]
    duties: int
    weekly_minutes: Decimal

    @property
    def weekly_hours(self) -> Decimal:
        return round(self.weekly_minutes / 60, 1)


def role_rows(viewer: Membership) -> list[RoleRow]:
    """The list page's rows: each role the viewer may see with its holders (those the viewer
    may see), its number of duties and what they take a week. Three queries."""
    roles = (
        roles_for_member(viewer)
        .select_related("workspace")
        .prefetch_related(
            Prefetch("assignments", queryset=holders_visible_to(viewer), to_attr="holders"),
            Prefetch(
                "duties",
                queryset=Duty.objects.only(
                    "id", "role_id", "cadence", "weekdays", "day_of_month", "estimate_minutes"
                ),
                to_attr="duty_list",
            ),
        )
    )
    return [
        RoleRow(
            role=role,
            holders=role.holders,
            duties=len(role.duty_list),
            weekly_minutes=sum(
                (duty_weekly_minutes(duty) for duty in role.duty_list),
                Decimal(0),
            ),
        )
        for role in roles
    ]


def duties_of(role: AssistantRole) -> list[Duty]:
    """The role's duties, daily first, then weekly, then monthly."""
    order = {DutyCadence.DAILY: 0, DutyCadence.WEEKLY: 1, DutyCadence.MONTHLY: 2}
    return sorted(
        role.duties.all(),
        key=lambda duty: (order[DutyCadence(duty.cadence)], duty.position, duty.pk),
    )


def duty_get_for_member(viewer: Membership, role: AssistantRole, code: str) -> Duty:
    """A duty of `role` (already checked for the viewer), else 404."""
    duty = Duty.objects.filter(role=role, workspace_id=viewer.workspace_id, code=code).first()
    if duty is None:
        raise Http404
    duty.role = role
    return duty


def assignment_get(role: AssistantRole, member_code: str) -> RoleAssignment:
    """The current assignment of the role to the member with `member_code`, else 404."""
    assignment = (
        RoleAssignment.objects.filter(role=role, ended_at__isnull=True, member__code=member_code)
        .select_related("member__user")
        .first()
    )
    if assignment is None:
        raise Http404
    assignment.role = role
    return assignment


def assignable_members(role: AssistantRole) -> QuerySet[Membership]:
    """Who may be given the role: active assistants and managers who do not hold it yet."""
    return (
        Membership.objects.active()
        .filter(workspace_id=role.workspace_id, role__in=RecurringTask.ASSIGNEE_ROLES)
        .exclude(pk__in=_current(role.assignments.all()).values("member_id"))
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def skills_in_use(workspace: Workspace) -> list[str]:
    """Every skill named on a role of the workspace, for the form's suggestions."""
    found: set[str] = set()
    for skills in AssistantRole.objects.filter(workspace=workspace).values_list(
        "skills", flat=True
    ):
        found.update(skills or ())
    return sorted(found)


def areas_in_use(workspace: Workspace) -> list[str]:
    return sorted(
        set(
            AssistantRole.objects.filter(workspace=workspace)
            .exclude(area="")
            .values_list("area", flat=True)
        )
    )


def skills_of_members(workspace: Workspace, member_ids: Iterable[int]) -> dict[int, set[str]]:
    """The skills of the roles each member holds now (archived roles left out): one query."""
    ids = list(member_ids)
    found: dict[int, set[str]] = {member_id: set() for member_id in ids}
    rows = _current(
        RoleAssignment.objects.filter(
            workspace=workspace, member_id__in=ids, role__archived_at__isnull=True
        )
    ).values_list("member_id", "role__skills")
    for member_id, skills in rows:
        found[member_id].update(skills or ())
    return found


def role_areas_of(workspace: Workspace, member_ids: Iterable[int]) -> dict[int, list[str]]:
    """The distinct areas (case-insensitive, empty ones left out) of the roles each member
    holds now, in alphabetical order: one query."""
    ids = list(member_ids)
    keyed: dict[int, dict[str, str]] = {member_id: {} for member_id in ids}
    rows = (
        _current(
            RoleAssignment.objects.filter(
                workspace=workspace, member_id__in=ids, role__archived_at__isnull=True
            )
        )
        .exclude(role__area="")
        .values_list("member_id", "role__area")
    )
    for member_id, area in rows:
        name = " ".join(area.split())
        keyed.setdefault(member_id, {}).setdefault(name.lower(), name)
    return {member_id: [names[key] for key in sorted(names)] for member_id, names in keyed.items()}

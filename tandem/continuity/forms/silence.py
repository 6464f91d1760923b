"""Forms of silence: the workspace's ladder and workload thresholds, and one assistant's own
threshold."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.workspaces.models import Membership, Workspace


class ContinuitySettingsForm(forms.ModelForm):
    """Validation only: saving goes through `continuity_settings_update`."""

    class Meta:
        model = Workspace
        fields: ClassVar = [
            "silence_after_hours",
            "escalate_owner_after_hours",
            "escalate_partner_after_hours",
            "underload_percent",
            "overload_percent",
        ]
        help_texts: ClassVar = {
            "silence_after_hours": _(
                "Counted in each assistant's own working hours: nights, weekends, days off "
                "and declared outages are not silence. Halved in an assistant's first 60 days."
            ),
            "escalate_owner_after_hours": _(
                "More working hours of silence after the nudge before owners and managers "
                "are emailed."
            ),
            "escalate_partner_after_hours": _(
                "More working hours after owners and managers are told before the partner "
                "(agency) who supplies the assistant is told. Without a partner, the ladder "
                "ends with the owners."
            ),
            "underload_percent": _(
                "Committed hours below this share of an assistant's contracted hours show as "
                "“not enough work”."
            ),
            "overload_percent": _("Committed hours above this share show as “overloaded”."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        under, over = data.get("underload_percent"), data.get("overload_percent")
        if under is not None and over is not None and under >= over:
            self.add_error(
                "overload_percent",
                _("“Overloaded” must start above “not enough work”."),
            )
        return data


class MemberSilenceForm(forms.ModelForm):
    """Validation only: saving goes through `member_silence_threshold_set`."""

    class Meta:
        model = Membership
        fields: ClassVar = ["silence_after_hours"]

"""The brief clarity check: what a brief lacks, and which words leave the assistant guessing.

Vague words are looked for in all three languages whatever the page's language: an owner may
write a brief in a language other than the one their screens are in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VAGUE_WORDS = [
    # English
    "asap",
    "soon",
    "etc",
    "whatever",
    "quick",
    "quickly",
    "sometime",
    "and so on",
    "stuff",
    # Norsk bokmål
    "snarest",
    "fort",
    "osv",
    "hva som helst",
    "kjapt",
    "raskt",
    "etter hvert",
    "med en gang",
    # Italiano
    "appena possibile",
    "al più presto",
    "quanto prima",
    "presto",
    "ecc",
    "eccetera",
    "qualsiasi cosa",
    "veloce",
    "velocemente",
    "in fretta",
]
_VAGUE = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(w) for w in sorted(VAGUE_WORDS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)

PARTS: dict[str, Promise] = {
    "outcome": _("the outcome: why it matters"),
    "deliverable": _("the deliverable: what to hand over"),
    "acceptance_criteria": _("acceptance criteria: how you will judge it"),
    "due_date": _("a deadline"),
    "estimate_minutes": _("an estimate of the effort"),
    "resources": _("resources: links, examples, access"),
}


@dataclass(frozen=True)
class BriefCheck:
    missing: list[str] = field(default_factory=list)
    vague: list[str] = field(default_factory=list)

    @property
    def is_clear(self) -> bool:
        return not self.missing and not self.vague

    @property
    def missing_labels(self) -> list[Promise]:
        return [PARTS[name] for name in self.missing]

    @property
    def score(self) -> int:
        """Of the six parts, how many the brief has."""
        return len(PARTS) - len(self.missing)


def check_brief(
    *,
    title: str = "",
    outcome: str = "",
    deliverable: str = "",
    acceptance_criteria: str = "",
    due_date: date | None = None,
    estimate_minutes: int | None = None,
    resources: str = "",
    sop_url: str = "",
) -> BriefCheck:
    present = {
        "outcome": bool(outcome.strip()),
        "deliverable": bool(deliverable.strip()),
        "acceptance_criteria": bool(acceptance_criteria.strip()),
        "due_date": due_date is not None,
        "estimate_minutes": bool(estimate_minutes),
        "resources": bool(resources.strip() or sop_url.strip()),
    }
    text = "\n".join([title, outcome, deliverable, acceptance_criteria])
    vague: list[str] = []
    for match in _VAGUE.finditer(text):
        word = match.group(1).lower()
        if word not in vague:
            vague.append(word)
    return BriefCheck(missing=[name for name, ok in present.items() if not ok], vague=vague)

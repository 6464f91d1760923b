"""The brief clarity check: what a brief lacks, and which words leave the assistant guessing.

Vague words are looked for in all three languages whatever the page's language: an owner may
write a brief in a language other than the one their screens are in.

Two rules look further than single words, in the same three languages:

- an outcome that only asks to make something better ("improve", "sort out", "forbedre",
  "migliorare") without anything to measure it by (a number, a date, "every", "within") is vague;
- acceptance criteria that no one can check are untestable: a line of taste ("looks good",
  "works properly", "ser bra ut", "funziona bene"), or criteria where no line has a number, a
  date, a named thing (a link, a file, a quoted or capitalised name) or something to see or count.
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

# Verbs that ask for "better" without saying how much.
VAGUE_VERBS = [
    # English
    "better",
    "improve",
    "improved",
    "improving",
    "enhance",
    "optimise",
    "optimize",
    "fix up",
    "sort out",
    "tidy up",
    "clean up",
    "polish",
    "nicer",
    # Norsk bokmål
    "bedre",
    "forbedre",
    "forbedres",
    "fikse",
    "fiks",
    "ordne opp",
    "rydde opp",
    "optimalisere",
    "pynte på",
    # Italiano
    "migliorare",
    "migliorato",
    "meglio",
    "migliore",
    "sistemare",
    "aggiustare",
    "ottimizzare",
    "rendere più bello",
]
# Criteria of taste: nobody can check them.
TASTE_PHRASES = [
    # English
    "looks good",
    "look good",
    "looks nice",
    "looks great",
    "looks fine",
    "works properly",
    "work properly",
    "works well",
    "works fine",
    "good enough",
    "high quality",
    "as expected",
    "user friendly",
    "user-friendly",
    # Norsk bokmål
    "ser bra ut",
    "ser fint ut",
    "fungerer ordentlig",
    "fungerer bra",
    "fungerer fint",
    "fungerer som det skal",
    "god kvalitet",
    "brukervennlig",
    # Italiano
    "sembra bello",
    "sembra buono",
    "è bello",
    "funziona bene",
    "funziona correttamente",
    "fatto bene",
    "di qualità",
    "come previsto",
]
# Words that make a line checkable: something to count, a limit, a time, something to see.
CHECK_WORDS = [
    # English
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twice",
    "half", "zero", "every", "each", "all", "no", "none", "both", "at least", "at most", "under",
    "over", "within", "before", "until", "contains", "shows", "opens", "loads", "arrives", "sent",
    "listed", "match", "matches", "checked", "approved", "filled in", "attached", "saved",
    "published", "answered", "passes", "without", "side by side",
    # Norsk bokmål
    "ett", "tre", "fire", "fem", "seks", "sju", "åtte", "ti", "null", "hver", "hvert", "alle",
    "ingen", "begge", "minst", "maks", "høyst", "innen", "før", "inneholder", "viser", "åpner",
    "sendt", "listet", "stemmer", "kontrollert", "godkjent", "fylt ut", "lagt ved", "lagret",
    "publisert", "besvart", "uten",
    # Italiano
    "quattro", "cinque", "sette", "otto", "nove", "dieci", "ogni", "tutti", "tutte", "nessun",
    "nessuna", "nessuno", "entrambi", "almeno", "al massimo", "sotto", "entro", "prima di",
    "contiene", "mostra", "apre", "arriva", "inviato", "inviata", "elencati", "corrisponde",
    "controllato", "approvato", "compilato", "allegato", "salvato", "pubblicato", "senza",
]  # fmt: skip


def _words(words: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )


_VAGUE_VERB = _words(VAGUE_VERBS)
_TASTE = _words(TASTE_PHRASES)
_CHECK_WORD = _words(CHECK_WORDS)
# A number or a date; a link, a file name, a quoted name; a capitalised name inside a sentence.
_MEASURE = re.compile(r"\d")
_NAMED = re.compile(
    r"https?://|www\.|\w\.(pdf|docx?|xlsx?|csv|pptx?|png|jpe?g|md|txt)\b|[\"“”«»‘’']\w"
    r"|(?<=[\w,] )[A-ZÆØÅ][\w-]+"
)


def _checkable(line: str) -> bool:
    return bool(_MEASURE.search(line) or _CHECK_WORD.search(line) or _NAMED.search(line))


def outcome_is_vague(outcome: str) -> bool:
    """It asks for better (improve, sort out, forbedre, migliorare) with nothing to measure."""
    return bool(_VAGUE_VERB.search(outcome)) and not _checkable(outcome)


def criteria_taste(criteria: str) -> list[str]:
    """The phrases of taste in the criteria ("looks good", "funziona bene"), lowercased."""
    found: list[str] = []
    for match in _TASTE.finditer(criteria):
        phrase = match.group(1).lower()
        if phrase not in found:
            found.append(phrase)
    return found


def criteria_are_untestable(criteria: str) -> bool:
    """A line of taste, or no line with a number, a date, a named thing or something to see."""
    lines = [line.strip(" -*•\t") for line in re.split(r"[\n;]|\.\s", criteria)]
    lines = [line for line in lines if line]
    if not lines:
        return False
    return bool(criteria_taste(criteria)) or not any(_checkable(line) for line in lines)


PARTS: dict[str, Promise] = {
    "outcome": _("the outcome: why it matters"),
    "deliverable": _("the deliverable: what to hand over"),
    "acceptance_criteria": _("acceptance criteria: how you will judge it"),
    "due_date": _("a deadline"),
    "estimate_minutes": _("an estimate of the effort"),
    "resources": _("resources: links, examples, access"),
}


# What is wrong with a part that is there but does not do its job.
WEAK: dict[str, Promise] = {
    "outcome": _(
        "the outcome asks for better without saying how much: add a number, a date or "
        "what will be seen"
    ),
    "acceptance_criteria": _(
        "the acceptance criteria cannot be checked: give a number, a date, a named file or "
        "page, or something to see or count"
    ),
}


@dataclass(frozen=True)
class BriefCheck:
    missing: list[str] = field(default_factory=list)
    vague: list[str] = field(default_factory=list)
    # Parts that are there but vague (the outcome) or untestable (the criteria).
    weak: list[str] = field(default_factory=list)

    @property
    def is_clear(self) -> bool:
        return not self.missing and not self.vague and not self.weak

    @property
    def missing_labels(self) -> list[Promise]:
        return [PARTS[name] for name in self.missing]

    @property
    def weak_labels(self) -> list[Promise]:
        return [WEAK[name] for name in self.weak]

    @property
    def score(self) -> int:
        """Of the six parts, how many the brief has in a usable form."""
        return len(PARTS) - len(self.missing) - len(self.weak)


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
    vague += [phrase for phrase in criteria_taste(acceptance_criteria) if phrase not in vague]
    weak = []
    if present["outcome"] and outcome_is_vague(outcome):
        weak.append("outcome")
    if present["acceptance_criteria"] and criteria_are_untestable(acceptance_criteria):
        weak.append("acceptance_criteria")
    return BriefCheck(
        missing=[name for name, ok in present.items() if not ok], vague=vague, weak=weak
    )

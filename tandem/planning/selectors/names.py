"""Which audit entries are the same job written differently: "emails", "Email inbox" and
"the email" are one delegation candidate.

How it works, deliberately simple so a person can predict it:

1. **Normalise** each name: lower case; accents folded ("møte" reads "mote", "é" reads "e");
   punctuation dropped; small stop words of English, Norwegian and Italian dropped ("the",
   "og", "di"...); a light plural strip ("invoices" reads "invoice", "replies" "reply"; in a
   Norwegian workspace "kundene" and "kunder" read "kund", in an Italian one "fatture" and
   "fattura" read "fattur"). What is left is the name's set of words.
2. **Join** names whose word sets are subsets of one another: {"email"} and {"email",
   "inbox"} are one group; {"email", "inbox"} and {"client", "email"} join only through a
   third name such as "email" (union-find: a chain of subsets joins its ends).
3. **Name** the group after its most-logged original wording (then the one with most
   minutes); its **key**, kept by a plan made from it, is the smallest word set in the group.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

STOP_WORDS = {
    "en": "a an and the of to for in on at by with from my our your me us re per via etc",
    "nb": "og i på til for av med en et ei den det de som om fra å min mitt mine vår våre hos",
    "it": (
        "il lo la i gli le un uno una di da in con su per tra fra e ed o del della dei degli "
        "delle al alla ai agli alle dal dalla nel nella sul sulla mio mia miei mie nostro"
    ),
}
# Letters that Unicode decomposition does not fold.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "œ": "oe"})
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case with accents folded: "Møte på kontoret" → "mote pa kontoret"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_STOP = frozenset(fold(word) for words in STOP_WORDS.values() for word in words.split())


def _english_singular(word: str) -> str:
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _norwegian_stem(word: str) -> str:
    for ending in ("ene", "er", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _italian_stem(word: str) -> str:
    if len(word) > 4 and word[-1] in "aeio":
        return word[:-1]
    return word


def words(text: str, language: str = "en") -> frozenset[str]:
    """The set of words a name comes down to; see the module's text."""
    tokens = [token for token in _WORD.findall(fold(text)) if token not in _STOP]
    stems = [_english_singular(token) for token in tokens]
    if language == "nb":
        stems = [_norwegian_stem(stem) for stem in stems]
    elif language == "it":
        stems = [_italian_stem(stem) for stem in stems]
    if not stems:
        # Only stop words ("the"): the folded letters themselves, so it still has a name.
        joined = "".join(_WORD.findall(fold(text)))
        return frozenset([joined] if joined else [])
    return frozenset(stems)


def normalised(text: str, language: str = "en") -> str:
    """A name's words as one string: equal for "Emails!" and "the email"."""
    return " ".join(sorted(words(text, language)))


@dataclass(frozen=True)
class Name:
    """One original wording with what was logged under it."""

    what: str
    minutes: int
    count: int


@dataclass
class Group:
    key: str
    name: str
    minutes: int
    count: int
    names: list[Name] = field(default_factory=list)


def group_names(names: Iterable[Name], language: str = "en") -> list[Group]:
    """The names joined into groups (see the module's text), most minutes first."""
    items = [(name, words(name.what, language)) for name in names]
    items = [(name, ws) for name, ws in items if ws]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Smallest sets first, so each name is compared with the sets that could contain it.
    order = sorted(range(len(items)), key=lambda i: (len(items[i][1]), sorted(items[i][1])))
    for position, i in enumerate(order):
        small = items[i][1]
        for j in order[position + 1 :]:
            if small <= items[j][1]:
                a, b = find(i), find(j)
                if a != b:
                    parent[b] = a
    members: dict[int, list[int]] = {}
    for i in range(len(items)):
        members.setdefault(find(i), []).append(i)
    groups = []
    for indices in members.values():
        named = [items[i][0] for i in indices]
        root = min((items[i][1] for i in indices), key=lambda ws: (len(ws), sorted(ws)))
        best = min(named, key=lambda name: (-name.count, -name.minutes, name.what.lower()))
        groups.append(
            Group(
                key=" ".join(sorted(root))[:200],
                name=best.what,
                minutes=sum(name.minutes for name in named),
                count=sum(name.count for name in named),
                names=sorted(named, key=lambda name: (-name.minutes, name.what)),
            )
        )
    return sorted(groups, key=lambda group: (-group.minutes, group.name.lower()))

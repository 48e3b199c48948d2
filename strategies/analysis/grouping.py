"""Grouping identical and near-identical answers to a question (docs/decisions/0017).

Similarity is pg_trgm's: the share of distinct trigrams two texts have in common (shared ÷ all).
PostgreSQL measures it with the extension's similarity(); SQLite, which has no such thing,
measures the same quantity here in Python, so a threshold means the same on both.

Answers are first blocked by their normalised text (identical texts always group, and are one
item from then on); then, most frequent text first, each text not yet grouped leads a group of
the ungrouped texts at least `threshold` similar to it. Every member of a group is therefore
that similar to its leader. Candidates are found bit-parallel in Python on both databases
(CandidateSearch): a bound that never drops a pair, so only the measuring differs.
"""

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection

# A campaign's template with a few words changed or added stays above this; two answers that
# merely share a topic fall well below it (tests/strategies/test_grouping.py has examples).
THRESHOLD = 0.7
POSTGRES_METHOD = "Trigram similarity (PostgreSQL pg_trgm)"
PYTHON_METHOD = "Trigram similarity (pg_trgm's measure, computed in Python on SQLite)"
# pg_trgm's words: runs of letters and digits; everything else separates them.
WORD = re.compile(r"[^\W_]+")


def method() -> str:
    """The method this database groups with, in words, as recorded on each run."""
    return POSTGRES_METHOD if connection.vendor == "postgresql" else PYTHON_METHOD


def normalise(text: str) -> str:
    """The text in lower case, its words separated by one space, punctuation dropped."""
    return " ".join(WORD.findall(text.lower()))


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams = set()
    for word in WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """pg_trgm's similarity of two trigram sets: shared over all, 0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass
class Group:
    """A leader text and the answers grouped with it (by normalised text)."""

    texts: list[str] = field(default_factory=list)
    answer_ids: list[int] = field(default_factory=list)
    emails: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Answer:
    pk: int
    text: str
    email: str


# verify(leader, candidates): the candidates at least the threshold similar to the leader.
Verify = Callable[[str, list[str]], list[str]]


def group_answers(
    answers: Iterable[Answer], *, threshold: float, verify: Verify | None = None, progress=None
) -> list[Group]:
    """Groups of at least two answers, largest first; `progress(n)` hears each n answers done.

    Candidates come from CandidateSearch; `verify` measures them (by default in Python; on
    PostgreSQL pg_trgm's similarity(): postgres_verify)."""
    by_text: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        key = normalise(answer.text)
        if key:
            by_text[key].append(answer)
    texts = sorted(by_text, key=lambda t: (-len(by_text[t]), t))
    search = CandidateSearch([trigrams(t) for t in texts], threshold)
    verify = verify or search.verify_in_python(texts)
    position = {text: i for i, text in enumerate(texts)}
    groups = []
    for i, leader in enumerate(texts):
        if not search.take(i):
            continue  # already grouped under an earlier leader
        found = verify(leader, [texts[j] for j in search.candidates(i)])
        search.remove(position[t] for t in found)
        group = Group(texts=[leader, *found])
        for text in group.texts:
            group.answer_ids += [a.pk for a in by_text[text]]
            group.emails |= {a.email.lower() for a in by_text[text]}
        if len(group.answer_ids) > 1:
            groups.append(group)
        if progress:
            progress(len(group.answer_ids))
    return sorted(groups, key=lambda g: -len(g.answer_ids))


class CandidateSearch:
    """The ungrouped texts that may be `threshold` similar to a leader, found bit-parallel.

    Text i is bit i. Each trigram has a bitmap of the texts holding it; adding a leader's
    trigrams' bitmaps in a bit-sliced counter (levels[k]: bit k of every text's count) gives
    every text's shared-trigram count in |A| × log|A| big-integer operations. Similarity t needs
    shared ≥ t·|A ∪ B| ≥ t·|A| and t·|A| ≤ |B| ≤ |A|/t, so only texts passing both bounds are
    measured. Only ungrouped texts after the leader can join it: an earlier ungrouped text led
    its own group and would have taken the leader if they were that similar.
    """

    # Bounds are loosened by this much so that rounding never drops a pair (verify decides).
    SLACK = 1e-6

    def __init__(self, grams: list[frozenset[str]], threshold: float):
        self.grams, self.threshold = grams, threshold
        bitmaps: dict[str, int] = defaultdict(int)
        sizes: dict[int, int] = defaultdict(int)
        for i, own in enumerate(grams):
            for gram in own:
                bitmaps[gram] |= 1 << i
            sizes[len(own)] |= 1 << i
        self.bitmaps = dict(bitmaps)
        self.sizes = sorted(sizes)
        self.at_most, seen = [], 0  # at_most[k]: texts with at most sizes[k] trigrams
        for size in self.sizes:
            seen |= sizes[size]
            self.at_most.append(seen)
        self.ungrouped = (1 << len(grams)) - 1

    def take(self, i: int) -> bool:
        """Marks text i grouped; False if it was already."""
        bit = 1 << i
        if not self.ungrouped & bit:
            return False
        self.ungrouped ^= bit
        return True

    def remove(self, positions) -> None:
        for j in positions:
            self.ungrouped &= ~(1 << j)

    def candidates(self, i: int) -> list[int]:
        """Ungrouped texts after i whose trigram counts allow the threshold."""
        own, t = self.grams[i], self.threshold
        live = self._sized(t * len(own) - self.SLACK, len(own) / t + self.SLACK) >> (i + 1)
        needed = math.ceil(t * len(own) - self.SLACK)
        if not live or not own:
            return []
        levels: list[int] = []
        for gram in own:
            carry = (self.bitmaps[gram] >> (i + 1)) & live
            for k, level in enumerate(levels):
                if not carry:
                    break
                levels[k], carry = level ^ carry, level & carry
            if carry:
                levels.append(carry)
        return [i + 1 + j for j in _bits(_at_least(levels, needed, live))]

    def _sized(self, low: float, high: float) -> int:
        below = bisect.bisect_left(self.sizes, low) - 1  # sizes < low
        upto = bisect.bisect_right(self.sizes, high) - 1  # sizes ≤ high
        if upto < 0:
            return 0
        return self.ungrouped & self.at_most[upto] & ~(self.at_most[below] if below >= 0 else 0)

    def verify_in_python(self, texts: list[str]) -> Verify:
        """pg_trgm's measure computed here, for SQLite."""
        position = {text: i for i, text in enumerate(texts)}

        def verify(leader: str, candidates: list[str]) -> list[str]:
            own = self.grams[position[leader]]
            return [
                c for c in candidates if similarity(own, self.grams[position[c]]) >= self.threshold
            ]

        return verify


def _at_least(levels: list[int], needed: int, live: int) -> int:
    """The texts whose bit-sliced count (levels, least significant first) is ≥ needed."""
    if needed >> len(levels):
        return 0  # more than any count can reach
    above, equal = 0, live
    for k in range(len(levels) - 1, -1, -1):
        if needed >> k & 1:
            equal &= levels[k]
        else:
            above |= equal & levels[k]
            equal &= ~levels[k]
    return above | equal


def _bits(mask: int):
    """The positions of a mask's set bits, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def postgres_verify(threshold: float) -> Verify:
    """The candidates at least `threshold` similar to a leader, measured by pg_trgm's
    similarity() in one query per leader that has candidates."""

    def verify(leader: str, candidates: list[str]) -> list[str]:
        if not candidates:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c FROM unnest(%s::text[]) WITH ORDINALITY AS u(c, n) "
                "WHERE similarity(%s, c) >= %s ORDER BY n",
                [candidates, leader, threshold],
            )
            return [row[0] for row in cursor.fetchall()]

    return verify

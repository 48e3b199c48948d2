"""The grouping as first written (one neighbour search per distinct text: prefix filtering in
Python, one `%` query on PostgreSQL), kept to check that the faster one finds the same groups."""

import math
from collections import Counter, defaultdict

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import F

from strategies.analysis.grouping import normalise, similarity, trigrams
from strategies.models import ResponseAnswer


def reference_groups(answers, *, threshold, neighbours=None) -> list[tuple[frozenset, frozenset]]:
    """(texts, answer ids) of each group of two or more answers, as the first version made them."""
    by_text = defaultdict(list)
    for answer in answers:
        key = normalise(answer.text)
        if key:
            by_text[key].append(answer)
    texts = sorted(by_text, key=lambda t: (-len(by_text[t]), t))
    find = neighbours or _python_neighbours(texts, threshold)
    grouped, groups = set(), []
    for leader in texts:
        if leader in grouped:
            continue
        members = [leader, *(t for t in find(leader) if t not in grouped and t != leader)]
        grouped.update(members)
        ids = frozenset(a.pk for t in members for a in by_text[t])
        if len(ids) > 1:
            groups.append((frozenset(members), ids))
    return groups


def _python_neighbours(texts, threshold):
    grams = {t: trigrams(t) for t in texts}
    frequency = Counter(g for gs in grams.values() for g in gs)
    index = defaultdict(list)
    for text, gs in grams.items():
        for gram in gs:
            index[gram].append(text)

    def find(text):
        own = grams[text]
        if not own:
            return []
        needed = math.ceil(threshold * len(own))
        rarest = sorted(own, key=lambda g: (frequency[g], g))[: len(own) - needed + 1]
        low, high = threshold * len(own), len(own) / threshold
        candidates = {c for gram in rarest for c in index[gram]}
        return [
            c
            for c in candidates
            if low <= len(grams[c]) <= high and similarity(own, grams[c]) >= threshold
        ]

    return find


def postgres_neighbours(question_id, threshold):
    def find(text):
        found = (
            ResponseAnswer.objects.filter(question_id=question_id)
            .filter(TrigramSimilar(F("text"), text))
            .annotate(similarity=TrigramSimilarity("text", text))
            .filter(similarity__gte=threshold)
            .values_list("text", flat=True)
        )
        return list({normalise(t) for t in found})

    return find

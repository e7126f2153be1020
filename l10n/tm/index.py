"""The memory's close-match index: sampled trigrams, so 200k units index in seconds.

Each unit's source is indexed under its non-overlapping trigrams (every third position; short texts also
under all bigrams); a query looks up all of its overlapping trigrams. A unit similar enough to be offered
(75% by default) keeps most of its sampled trigrams in the query, so it gathers the most hits; the best
:data:`CANDIDATES` by hits (within the lengths that can reach the threshold) are scored exactly with
gettext's similarity (:func:`l10n.fuzzy.similarity`, the unit the project configures). Trigrams shared by
more than :data:`COMMON` units carry no information and are skipped.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

CANDIDATES = 16
COMMON = 20_000
SHORT = 9


def _sampled(text: str) -> set[str]:
    grams = {text[i:i + 3] for i in range(0, max(len(text) - 2, 1), 3)}
    if len(text) < SHORT:
        grams |= {text[i:i + 2] for i in range(max(len(text) - 1, 1))}
    return grams


def _query_grams(text: str) -> set[str]:
    grams = {text[i:i + 3] for i in range(max(len(text) - 2, 1))}
    if len(text) < SHORT:
        grams |= {text[i:i + 2] for i in range(max(len(text) - 1, 1))}
    return grams


class SampledIndex:
    def __init__(self, texts: Sequence[str], *, unit: str = "bytes") -> None:
        self.texts = list(texts)
        self.unit = unit
        self._scored = [text.encode("utf-8") for text in self.texts] if unit == "bytes" else self.texts
        postings: dict[str, list[int]] = defaultdict(list)
        for number, text in enumerate(self.texts):
            for gram in _sampled(text):
                postings[gram].append(number)
        self._postings = dict(postings)

    def best(self, query: str, threshold: float) -> tuple[int, float] | None:
        from rapidfuzz.distance import Indel

        hits: dict[int, int] = defaultdict(int)
        for gram in _query_grams(query):
            posting = self._postings.get(gram)
            if posting is not None and len(posting) <= COMMON:
                for number in posting:
                    hits[number] += 1
        if not hits:
            return None
        scored = query.encode("utf-8") if self.unit == "bytes" else query
        size = len(scored)
        low, high = size * threshold / (2 - threshold), size * (2 - threshold) / threshold
        texts = self._scored
        ranked = sorted((number for number in hits if low <= len(texts[number]) <= high),
                        key=lambda number: (-hits[number], number))[:CANDIDATES]
        best: tuple[int, float] | None = None
        for number in ranked:
            score = Indel.normalized_similarity(scored, texts[number])
            if score >= threshold - 1e-9 and (best is None or score > best[1]):
                best = (number, score)
        return best

    def best_many(self, queries: Sequence[str], threshold: float) -> list[tuple[int, float] | None]:
        return [self.best(query, threshold) for query in queries]

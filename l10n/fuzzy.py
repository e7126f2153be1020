"""Finding the closest old msgid for a changed segment, the way msgmerge does, without an all-pairs scan.

msgmerge scores candidates with a diff-based similarity and takes the best one above 0.6. Scoring every
old entry is quadratic; here a character-bigram index proposes the few old msgids that share the most
bigrams with the new one, and only those are scored with :class:`difflib.SequenceMatcher`.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

FUZZY_THRESHOLD = 0.6          # msgmerge's FUZZY_THRESHOLD; a match must score strictly above it
CANDIDATES = 12                # scored per query: the ones sharing the most bigrams
SHORTLIST = 400                # re-ranked by all shared bigrams (rare ones alone cannot tell near-twins apart)
COMMON_GRAM_SHARE = 0.05       # bigrams in more than this share of texts carry little signal


def _grams(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Similarity in [0, 1]: 2 * matching characters / total length, as gettext's fstrcmp."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class FuzzyIndex:
    """Bigram inverted index over candidate texts (old translated msgids)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        postings: dict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.texts):
            for gram in _grams(text):
                postings[gram].append(index)
        self._postings = dict(postings)
        self._common = max(64, int(len(self.texts) * COMMON_GRAM_SHARE))
        self._gram_sets: dict[int, set[str]] = {}

    def _grams_of(self, index: int) -> set[str]:
        grams = self._gram_sets.get(index)
        if grams is None:
            grams = self._gram_sets[index] = _grams(self.texts[index])
        return grams

    def best(self, query: str, threshold: float = FUZZY_THRESHOLD) -> tuple[int, float] | None:
        """Index and score of the most similar text scoring above ``threshold``; ties go to the earlier."""
        grams = _grams(query)
        if not grams or not self.texts:
            return None
        lists = [self._postings[g] for g in grams if g in self._postings]
        rare = [p for p in lists if len(p) <= self._common]
        counts: dict[int, int] = defaultdict(int)
        for posting in rare or sorted(lists, key=len)[:3]:
            for index in posting:
                counts[index] += 1
        if not counts:
            return None
        if len(counts) > CANDIDATES:
            # Near-identical texts share every rare bigram: rank the best of them by all bigrams.
            wide = heapq.nsmallest(SHORTLIST, counts.items(), key=lambda item: (-item[1], item[0]))
            counts = {index: len(grams & self._grams_of(index)) for index, _ in wide}
        shortlist = heapq.nsmallest(CANDIDATES, counts.items(), key=lambda item: (-item[1], item[0]))
        best: tuple[int, float] | None = None
        query_len = len(query)
        for index, _shared in shortlist:
            text = self.texts[index]
            # Upper bound on the ratio from the lengths alone: skip hopeless candidates cheaply.
            if 2 * min(query_len, len(text)) / (query_len + len(text)) <= threshold:
                continue
            matcher = SequenceMatcher(None, query, text, autojunk=False)
            if matcher.quick_ratio() <= threshold:
                continue
            score = matcher.ratio()
            if score > threshold and (best is None or score > best[1] or
                                      (score == best[1] and index < best[0])):
                best = (index, score)
        return best

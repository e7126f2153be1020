"""Finding the closest old msgid for a changed segment, the way msgmerge does, without an all-pairs scan.

msgmerge scores candidates with a diff-based similarity and takes the best one above 0.6. Scoring every
old entry is quadratic. Here an n-gram index (trigrams, bigrams for short strings) proposes the old msgids
that share the query's rarest n-grams, those are ranked by all n-grams they share, and only the best few
are scored with :class:`difflib.SequenceMatcher`, best first, pruning with its cheap upper bounds.
Among candidates sharing as many n-grams, the one closest in length comes first (near-twins differ
mostly in length, and the pool must not be cut by file order).
"""
from __future__ import annotations

import heapq
import multiprocessing
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

FUZZY_THRESHOLD = 0.6      # msgmerge's FUZZY_THRESHOLD; a match must score strictly above it
RARE_GRAMS = 6             # the query's rarest n-grams gather candidates
POOL = 64                  # candidates ranked by all shared n-grams
CANDIDATES = 8             # scored with SequenceMatcher (most are pruned by its cheap bounds)
ANCHORS = (3, 6, 9)        # lengths compared at both ends to tell near-twins apart
ANCHOR_LIMIT = 2000
PARALLEL_QUERIES = 1000    # from this many queries on, forked workers share the index (2 cores here)
SHORT = 6                  # below this length, bigrams (a trigram index cannot see a 1-character edit)


def _grams(text: str, size: int) -> set[str]:
    if len(text) < size:
        return {text} if text else set()
    return {text[i:i + size] for i in range(len(text) - size + 1)}


def _query_gram_size(text: str) -> int:
    return 2 if len(text) < SHORT else 3


def similarity(a: str, b: str) -> float:
    """Similarity in [0, 1]: 2 * matching characters / total length, as gettext's fstrcmp."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class FuzzyIndex:
    """Inverted n-gram index over candidate texts (old translated msgids)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        postings: dict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.texts):
            grams = _grams(text, 3)
            if len(text) < SHORT + 4:
                # Short texts are also reachable from short queries, which look them up by bigram.
                grams |= _grams(text, 2)
            for gram in grams:
                postings[gram].append(index)
        self._postings = dict(postings)
        self._gram_sets: dict[int, set[str]] = {}
        self._lengths = [len(text) for text in self.texts]
        ends: dict[tuple[int, str], set[int]] = defaultdict(set)
        for index, text in enumerate(self.texts):
            for size in ANCHORS:
                ends[size, text[:size]].add(index)
                ends[-size, text[-size:]].add(index)
        self._ends = dict(ends)

    def _grams_of(self, index: int, size: int) -> set[str]:
        key = index if size == 3 else ~index
        grams = self._gram_sets.get(key)
        if grams is None:
            grams = self._gram_sets[key] = _grams(self.texts[index], size)
        return grams

    def best(self, query: str, threshold: float = FUZZY_THRESHOLD) -> tuple[int, float] | None:
        """Index and score of the most similar text scoring above ``threshold``; ties go to the earlier."""
        size = _query_gram_size(query)
        grams = _grams(query, size)
        lists = sorted((self._postings[g] for g in grams if g in self._postings), key=len)
        if not lists:
            return None
        counts: Counter[int] = Counter()
        for posting in lists[:RARE_GRAMS]:
            counts.update(posting)
        query_len = len(query)
        lengths = self._lengths
        # Keep the candidates that share the most rare n-grams (one short of the best allowed: the edit
        # may have removed one of them from the original).
        top = max(counts.values())
        tier = [index for index, count in counts.items() if count >= top - 1
                and 2 * min(query_len, lengths[index]) / (query_len + lengths[index]) > threshold]
        if len(tier) > POOL:
            # Near-twins tie on rare n-grams; the same sentence edited inside still starts and ends as the
            # query does, and has about its length. Set lookups keep this cheap for thousands of twins.
            anchored: Counter[int] = Counter()
            for key in [(size, query[:size]) for size in ANCHORS] + [(-size, query[-size:]) for size in ANCHORS]:
                holders = self._ends.get(key, ())
                if len(holders) <= ANCHOR_LIMIT:   # an end shared by thousands tells nothing
                    anchored.update(holders)
            tier = heapq.nsmallest(POOL, tier, key=lambda index: (
                -counts[index], -anchored[index], abs(lengths[index] - query_len), index))
        ranked = heapq.nsmallest(
            CANDIDATES, tier,
            key=lambda index: (-len(grams & self._grams_of(index, size)), abs(lengths[index] - query_len), index))
        best: tuple[int, float] | None = None
        floor = threshold
        for index in ranked:
            matcher = SequenceMatcher(None, query, self.texts[index], autojunk=False)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio()
            if score > threshold and (best is None or score > best[1] or
                                      (score == best[1] and index < best[0])):
                best = (index, score)
                floor = score
        return best

    def best_many(self, queries: Sequence[str], threshold: float = FUZZY_THRESHOLD) -> list[tuple[int, float] | None]:
        """:meth:`best` for each query; large batches run in forked workers that share the built index."""
        workers = min(os.cpu_count() or 1, 4)
        if len(queries) < PARALLEL_QUERIES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [self.best(query, threshold) for query in queries]
        global _SHARED_INDEX
        _SHARED_INDEX = self
        try:
            chunks = [list(queries[w::workers]) for w in range(workers)]
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_best_chunk, [(chunk, threshold) for chunk in chunks])
        finally:
            _SHARED_INDEX = None
        results: list[tuple[int, float] | None] = [None] * len(queries)
        for w, part in enumerate(parts):
            results[w::workers] = part
        return results


_SHARED_INDEX: FuzzyIndex | None = None   # set only while forked workers run


def _best_chunk(job: tuple[list[str], float]) -> list[tuple[int, float] | None]:
    queries, threshold = job
    assert _SHARED_INDEX is not None
    return [_SHARED_INDEX.best(query, threshold) for query in queries]

"""Finding the closest old msgid for a changed segment, the way msgmerge does, without an all-pairs scan.

**Similarity** is gettext's measure (``fstrcmp``): 2 x the length of the longest common subsequence / the
total length, computed at C speed by rapidfuzz's ``Indel.normalized_similarity``. A match must score at least
the **threshold**, 0.6 as msgmerge's ``FUZZY_THRESHOLD`` (msgmerge wants more than 0.6 after adding 0.00001 for
a compatible context, which every match in a Markdown catalog has). Both are configurable (``fuzzy-threshold``,
``fuzzy-similarity`` in ``[tool.l10n]``).

The **unit** is UTF-8 *bytes* by default, as gettext scores, so a merge finds the matches msgmerge finds.
For English the two units agree. For Chinese they weigh differently: a Han character is three bytes, an ASCII
digit or space one, so by bytes two sentences must share their Chinese to be alike, while by characters
shared digits and punctuation count as much as the words (``全新段落 0-56。`` and ``第 0-56 段。`` score 0.63 by
characters, 0.46 by bytes: a guess no translator can use). A Han character carries about what an English
word does, which bytes approximate better. ``fuzzy-similarity = "characters"`` scores every character as one
(the partial credit bytes give two different Han characters sharing a lead byte is then gone too).

**Candidates.** When the number of (query, old text) pairs is small (one document's catalog, as in most
merges) every old text is scored: the best match is exact. For larger merges an inverted n-gram index
(trigrams; bigrams for short strings) gathers candidates from the rarest n-gram of each of :data:`REGIONS`
stretches of the query, not from the query's few rarest n-grams overall: those are often the ones an edit
just made (or destroyed), so an original edited in one place still shares the rare n-grams of every other
stretch. Only old texts whose length allows the threshold are kept (``2 * min / (a + b)`` bounds the
similarity), and the :data:`CANDIDATES` sharing the most are scored.
"""
from __future__ import annotations

import bisect
import heapq
import multiprocessing
import os
from collections import Counter, defaultdict
from collections.abc import Sequence

from .workers import quiet_worker_signals

FUZZY_THRESHOLD = 0.6      # msgmerge's FUZZY_THRESHOLD; a match scores at least this (msgmerge adds 0.00001
                           # for a compatible context and wants more than 0.6)
SIMILARITY_UNITS = ("bytes", "characters")
DEFAULT_UNIT = "bytes"      # gettext's
EXACT_PAIRS = 2_000_000    # up to this many (query, text) pairs every old text is scored (~0.3 us each)
CANDIDATES = 32            # old texts scored per query when the index gathers them
REGIONS = 16               # stretches of a query, each contributing its rarest n-gram
POSTING_BUDGET = 4000      # postings counted per query, rarest n-grams first
PARALLEL_QUERIES = 20_000  # from this many queries on, forked workers share the index (2 cores here)
EPSILON = 1e-9             # 0.6 computed as 1 - 8/20 must still count as 0.6
SLACK = 0.01               # rapidfuzz's score_cutoff rounds its distance bound: cut a little lower, then compare
SHORT = 6                  # below this length, bigrams (a trigram index cannot see a 1-character edit)


_SLICES: dict[int, list[slice]] = {2: [], 3: []}   # slice(i, i + size) for i = 0, 1, ...: grams cut at C speed


def _grams(text: str, size: int) -> set[str]:
    count = len(text) - size + 1
    if count < 1:
        return {text} if text else set()
    slices = _SLICES[size]
    if len(slices) < count:
        slices += [slice(i, i + size) for i in range(len(slices), 2 * count)]
    return set(map(text.__getitem__, slices[:count]))


def _query_gram_size(text: str) -> int:
    return 2 if len(text) < SHORT else 3


def _check_unit(unit: str) -> None:
    if unit not in SIMILARITY_UNITS:
        raise ValueError(f"similarity unit {unit!r} is not one of {SIMILARITY_UNITS}")


def similarity(a: str, b: str, unit: str = DEFAULT_UNIT) -> float:
    """Similarity in [0, 1]: 2 * longest common subsequence / total length, as gettext's fstrcmp, over
    characters or UTF-8 bytes (``unit``)."""
    from rapidfuzz.distance import Indel

    _check_unit(unit)
    if unit == "bytes":
        return Indel.normalized_similarity(a.encode("utf-8"), b.encode("utf-8"))
    return Indel.normalized_similarity(a, b)


class FuzzyIndex:
    """Old translated msgids, searchable for the one most similar to a new msgid."""

    def __init__(self, texts: Sequence[str], *, unit: str = DEFAULT_UNIT) -> None:
        _check_unit(unit)
        self.texts = list(texts)
        self.unit = unit
        self._scored = [text.encode("utf-8") for text in self.texts] if unit == "bytes" else self.texts
        self._lengths = [len(text) for text in self._scored]
        self._longest = max(self._lengths, default=0)
        self._postings: dict[str, list[int]] | None = None   # built on the first query that needs it

    def _index(self) -> dict[str, list[int]]:
        if self._postings is None:
            postings: dict[str, list[int]] = defaultdict(list)
            for index, text in enumerate(self.texts):
                grams = _grams(text, 3)
                if len(text) < SHORT + 4:
                    # Short texts are also reachable from short queries, which look them up by bigram.
                    grams |= _grams(text, 2)
                for gram in grams:
                    postings[gram].append(index)
            self._postings = dict(postings)
        return self._postings

    def _candidates(self, query: str, query_len: int, threshold: float) -> list[int]:
        postings = self._index()
        size = _query_gram_size(query)
        # The rarest n-gram of each of REGIONS stretches of the query: an edit destroys the n-grams where
        # it is, so the original still shares the rare n-grams of the stretches it left alone.
        starts = range(max(1, len(query) - size + 1))
        stretch = max(1, -(-len(starts) // REGIONS))
        rarest: dict[str, list[int]] = {}
        for first in range(0, len(starts), stretch):
            grams = [query[start:start + size] for start in range(first, min(first + stretch, len(starts)))]
            found = [(len(postings[gram]), gram) for gram in grams if gram in postings]
            if found:
                gram = min(found)[1]
                rarest[gram] = postings[gram]
        # Rarest first, within a budget: an n-gram in thousands of texts (a repeated phrase) tells little.
        counts: Counter[int] = Counter()
        spent = 0
        for posting in sorted(rarest.values(), key=len):
            if counts and spent + len(posting) > POSTING_BUDGET:
                break
            counts.update(posting)
            spent += len(posting)
        if not counts:
            return []
        # Lengths for which 2 * min(a, b) / (a + b) >= threshold: the only texts that can score that much.
        lengths = self._lengths
        low, high = query_len * threshold / (2 - threshold), query_len * (2 - threshold) / threshold
        # The CANDIDATES sharing the most, down to two short of the most shared (the edit may have cost the
        # original a region or two); among those sharing as many, the closest in length, then the earliest.
        # That order is one integer per text, (top - shared, length difference, index), so the texts are
        # ranked at C speed, and only those sharing enough are looked at.
        ranked = counts.most_common()
        top = ranked[0][1]
        least = top - 2
        if ranked[-1][1] < least:
            ranked = ranked[:bisect.bisect_right(ranked, -least, key=_negated_count)]
        size, span = len(lengths), max(self._longest, query_len) + 1
        keys = [((top - count) * span + abs(length - query_len)) * size + index
                for index, count in ranked if low <= (length := lengths[index]) <= high]
        if len(keys) > CANDIDATES:
            keys = heapq.nsmallest(CANDIDATES, keys)
        return sorted(key % size for key in keys)

    def best(self, query: str, threshold: float = FUZZY_THRESHOLD) -> tuple[int, float] | None:
        """Index and score of the most similar text scoring at least ``threshold``; ties go to the earlier."""
        return self._best(query, threshold, exact=len(self.texts) <= EXACT_PAIRS)

    def _best(self, query: str, threshold: float, exact: bool) -> tuple[int, float] | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        scored = query.encode("utf-8") if self.unit == "bytes" else query
        if not scored or not self.texts:
            return None
        if exact:
            found = process.extractOne(scored, self._scored, scorer=Indel.normalized_similarity, processor=None,
                                       score_cutoff=threshold - SLACK)
            return (found[2], found[1]) if found is not None and found[1] >= threshold - EPSILON else None
        best: tuple[int, float] | None = None
        floor = threshold - EPSILON
        texts = self._scored
        for index in self._candidates(query, len(scored), threshold):
            score = Indel.normalized_similarity(scored, texts[index], score_cutoff=floor - SLACK)
            if score >= floor and (best is None or score > best[1]):
                best = (index, score)
                floor = score
        return best

    def best_many(self, queries: Sequence[str], threshold: float = FUZZY_THRESHOLD) -> list[tuple[int, float] | None]:
        """:meth:`best` for each query: every old text scored when the pairs are few, else the index's
        candidates; very large batches run in forked workers that share the built index."""
        exact = len(queries) * len(self.texts) <= EXACT_PAIRS
        workers = min(os.cpu_count() or 1, 4)
        if len(queries) < PARALLEL_QUERIES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [self._best(query, threshold, exact) for query in queries]
        if not exact:
            self._index()   # built once here, inherited by the workers
        global _SHARED_INDEX
        _SHARED_INDEX = self
        try:
            chunks = [list(queries[w::workers]) for w in range(workers)]
            with multiprocessing.get_context("fork").Pool(workers, initializer=quiet_worker_signals) as pool:
                parts = pool.map(_best_chunk, [(chunk, threshold, exact) for chunk in chunks])
                # Leaving the block terminates the pool, which can race the pool re-spawning a worker and
                # leave that worker waiting for ever; workers that have ended already leave nothing to race.
                pool.close()
                pool.join()
        finally:
            _SHARED_INDEX = None
        results: list[tuple[int, float] | None] = [None] * len(queries)
        for w, part in enumerate(parts):
            results[w::workers] = part
        return results


def _negated_count(item: tuple[int, int]) -> int:
    return -item[1]


_SHARED_INDEX: FuzzyIndex | None = None   # set only while forked workers run


def _best_chunk(job: tuple[list[str], float, bool]) -> list[tuple[int, float] | None]:
    queries, threshold, exact = job
    assert _SHARED_INDEX is not None
    return [_SHARED_INDEX._best(query, threshold, exact) for query in queries]

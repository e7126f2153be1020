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
similarity), and the :data:`CANDIDATES` sharing the most are scored. The index is numpy arrays (each
n-gram a 64-bit code, its texts a slice of one array), built and searched at C speed.
"""
from __future__ import annotations

import os
from collections.abc import Sequence

from .heap import release_freed_memory
from .workers import quiet_worker_signals

FUZZY_THRESHOLD = 0.6      # msgmerge's FUZZY_THRESHOLD; a match scores at least this (msgmerge adds 0.00001
                           # for a compatible context and wants more than 0.6)
SIMILARITY_UNITS = ("bytes", "characters")
DEFAULT_UNIT = "bytes"      # gettext's
EXACT_PAIRS = 2_000_000    # up to this many (query, text) pairs every old text is scored (~0.3 us each)
CANDIDATES = 32            # old texts scored per query when the index gathers them
REGIONS = 16               # stretches of a query, each contributing its rarest n-gram
POSTING_BUDGET = 4000      # postings counted per query, rarest n-grams first
QUERY_BATCH = 1024         # queries whose n-grams are looked up in the index together
PARALLEL_QUERIES = 20_000  # from this many queries on, forked workers share the index (2 cores here)
EPSILON = 1e-9             # 0.6 computed as 1 - 8/20 must still count as 0.6
SLACK = 0.01               # rapidfuzz's score_cutoff rounds its distance bound: cut a little lower, then compare
SHORT = 6                  # below this length, bigrams (a trigram index cannot see a 1-character edit)

Match = tuple[int, float] | None
"""A query's best old text: its index and its similarity, or None when none reaches the threshold."""


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


def length_band(size: int, threshold: float) -> tuple[float, float]:
    """The lengths a text may have to score at least ``threshold`` against one of ``size``: those for which
    2 * min(a, b) / (a + b) >= threshold, the most gettext's similarity can give (on the same unit)."""
    return size * threshold / (2 - threshold), size * (2 - threshold) / threshold


class FuzzyIndex:
    """Old translated msgids, searchable for the one most similar to a new msgid."""

    def __init__(self, texts: Sequence[str], *, unit: str = DEFAULT_UNIT) -> None:
        _check_unit(unit)
        self.texts = list(texts)
        self.unit = unit
        self._scored = [text.encode("utf-8") for text in self.texts] if unit == "bytes" else self.texts
        self._lengths = [len(text) for text in self._scored]
        self._longest = max(self._lengths, default=0)
        self._gram_index: GramIndex | None = None   # built on the first query that needs it

    def _index(self) -> GramIndex:
        if self._gram_index is None:
            self._gram_index = GramIndex(self.texts, self._lengths)
        return self._gram_index

    def prepare(self) -> None:
        """Build the n-gram index now (for a caller with time to spare before its queries), as the first
        query too large for the exhaustive scan would."""
        self._index()

    def close(self) -> None:
        """Drop the n-gram index (it is rebuilt if asked again) and give its memory back to the system: its
        arrays came from the C heap, which would otherwise keep it for the rest of the run."""
        if self._gram_index is not None:
            self._gram_index = None
            release_freed_memory()

    def _candidates(self, query: str, query_len: int, threshold: float, codes=None, counts=None) -> list[int]:
        """The texts to score for ``query``; ``codes`` and ``counts``: its n-grams' codes and posting sizes,
        if already looked up (:meth:`_best_many` does that for many queries at once)."""
        import numpy as np

        index = self._index()
        if codes is None:
            codes = gram_codes(query, _query_gram_size(query))
            counts = index.counts(codes)
        # The rarest n-gram of each of REGIONS stretches of the query: an edit destroys the n-grams where
        # it is, so the original still shares the rare n-grams of the stretches it left alone. (Ties go to the
        # n-gram first in string order: codes keep that order.)
        grams = len(codes)
        stretch = max(1, -(-grams // REGIONS))
        regions = -(-grams // stretch)
        padding = regions * stretch - grams
        rarity = np.where(counts > 0, counts, _ABSENT)
        if padding:
            rarity = np.concatenate((rarity, np.full(padding, _ABSENT, dtype=rarity.dtype)))
            codes = np.concatenate((codes, np.zeros(padding, dtype=codes.dtype)))
        rarity, codes = rarity.reshape(regions, stretch), codes.reshape(regions, stretch)
        fewest = rarity.min(axis=1)
        chosen = np.where(rarity == fewest[:, None], codes, _LAST_CODE).min(axis=1)
        present = fewest < _ABSENT
        # One posting per distinct n-gram, in the order the regions chose them, then rarest first (stable).
        rarest = sorted(dict.fromkeys(zip(chosen[present].tolist(), fewest[present].tolist())).items(),
                        key=_posting_size)
        # Rarest first, within a budget: an n-gram in thousands of texts (a repeated phrase) tells little.
        taken: list[int] = []
        spent = 0
        for (code, count), _ in rarest:
            if taken and spent + count > POSTING_BUDGET:
                break
            taken.append(code)
            spent += count
        if not taken:
            return []
        found, shared = index.shared(taken)
        # The CANDIDATES sharing the most, down to two short of the most shared (the edit may have cost the
        # original a region or two); among those sharing as many, the closest in length, then the earliest.
        # That order is one integer per text, (top - shared, length difference, index).
        top = int(shared.max())
        near = shared >= top - 2
        found, shared = found[near], shared[near]
        low, high = length_band(query_len, threshold)
        lengths = index.lengths[found]
        keep = (lengths >= low) & (lengths <= high)
        found, shared, lengths = found[keep].astype(np.int64), shared[keep].astype(np.int64), lengths[keep]
        count, span = len(self._lengths), max(self._longest, query_len) + 1
        keys = ((top - shared) * span + np.abs(lengths - query_len)) * count + found
        if len(keys) > CANDIDATES:
            keys = np.partition(keys, CANDIDATES - 1)[:CANDIDATES]
        return sorted((keys % count).tolist())

    def best(self, query: str, threshold: float = FUZZY_THRESHOLD) -> Match:
        """Index and score of the most similar text scoring at least ``threshold``; ties go to the earlier."""
        return self._best(query, threshold, exact=len(self.texts) <= EXACT_PAIRS)

    def _best(self, query: str, threshold: float, exact: bool, codes=None, counts=None) -> Match:
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        scored = query.encode("utf-8") if self.unit == "bytes" else query
        if not scored or not self.texts:
            return None
        if exact:
            found = process.extractOne(scored, self._scored, scorer=Indel.normalized_similarity, processor=None,
                                       score_cutoff=threshold - SLACK)
            return (found[2], found[1]) if found is not None and found[1] >= threshold - EPSILON else None
        best: Match = None
        floor = threshold - EPSILON
        texts = self._scored
        for index in self._candidates(query, len(scored), threshold, codes, counts):
            score = Indel.normalized_similarity(scored, texts[index], score_cutoff=floor - SLACK)
            if score >= floor and (best is None or score > best[1]):
                best = (index, score)
                floor = score
        return best

    def best_many(self, queries: Sequence[str], threshold: float = FUZZY_THRESHOLD) -> list[Match]:
        """:meth:`best` for each query: every old text scored when the pairs are few, else the index's
        candidates; very large batches run in forked workers that share the built index."""
        exact = len(queries) * len(self.texts) <= EXACT_PAIRS
        workers = min(os.cpu_count() or 1, 4)
        if len(queries) < PARALLEL_QUERIES or workers < 2:
            return self._best_many(queries, threshold, exact)
        import multiprocessing   # here, not at the top: 1.5 MiB of RSS that the usual merge (fewer queries) never uses

        if "fork" not in multiprocessing.get_all_start_methods():
            return self._best_many(queries, threshold, exact)
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
        results: list[Match] = [None] * len(queries)
        for w, part in enumerate(parts):
            results[w::workers] = part
        return results

    def _best_many(self, queries: Sequence[str], threshold: float, exact: bool) -> list[Match]:
        """:meth:`_best` for each query, their n-grams looked up in the index a batch at a time (one lookup
        per slice for a batch, not per query)."""
        if exact:
            return [self._best(query, threshold, exact) for query in queries]
        index = self._index()
        found: list[Match] = []
        for first in range(0, len(queries), QUERY_BATCH):
            batch = queries[first:first + QUERY_BATCH]
            codes, bounds = _query_codes_many(batch)
            counts = index.counts(codes)
            for number, query in enumerate(batch):
                start, end = bounds[number], bounds[number + 1]
                found.append(self._best(query, threshold, exact, codes[start:end], counts[start:end]))
        return found


def _posting_size(item: tuple[tuple[int, int], None]) -> int:
    return item[0][1]


# ---------------------------------------------------------------------------------------------- the index
# An n-gram is one 64-bit code: a trigram is its three code points (21 bits each, the first highest, so codes
# sort as the strings do), a bigram or a lone character is marked by the top bits. The index holds, for each
# slice of the texts, the sorted distinct codes and the texts of each, as numpy arrays: built at C speed, a
# posting is a slice, and a query's n-grams are looked up together.

_BIGRAM = 1 << 63
_CHARACTER = (1 << 63) | (1 << 62)
_ABSENT = 2**62          # the posting size of an n-gram no text has: larger than any
_EMPTY = 2**64 - 2        # the empty text's own code (l10n.tm.index gives it one)
_LAST_CODE = 2**64 - 1   # no n-gram's code (a bigram or character code is never all ones)
SLICE_CHARACTERS = 1_000_000   # texts indexed a slice at a time: the arrays of a slice are ~40 bytes a character


def _code_points(text: str):
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)


def _gram_codes(points, size: int):
    """The codes of every n-gram of ``size`` (2 or 3) in the code points ``points``."""
    if size == 3:
        return (points[:-2] << 42) | (points[1:-1] << 21) | points[2:]
    return (points[:-1] << 21) | points[1:] | _BIGRAM


def _whole_code(text: str) -> int:
    """The code of a text shorter than its n-grams (one or two characters; three as a trigram)."""
    points = [ord(char) for char in text]
    if not points:
        return _EMPTY
    if len(points) == 1:
        return _CHARACTER | points[0]
    if len(points) == 2:
        return _BIGRAM | points[0] << 21 | points[1]
    return points[0] << 42 | points[1] << 21 | points[2]


def gram_codes(text: str, size: int):
    """The codes of ``text``'s n-grams of ``size`` (2 or 3) in order, as :class:`GramIndex` files texts under
    them (one whole code if the text is shorter)."""
    import numpy as np

    if len(text) < size:
        return np.array([_whole_code(text)], dtype=np.uint64)
    return _gram_codes(_code_points(text), size)


def _query_codes_many(queries: Sequence[str]):
    """:func:`gram_codes` of each query (with its gram size), concatenated, and where each query's codes
    start (one more bound at the end); an empty query has none."""
    import numpy as np

    sizes = np.fromiter(map(len, queries), dtype=np.int64, count=len(queries))
    points = np.concatenate((_code_points("".join(queries)), np.zeros(2, dtype=np.uint64)))
    trigrams = (points[:-2] << 42) | (points[1:-1] << 21) | points[2:]
    bigrams = (points[:-2] << 21) | points[1:-1] | _BIGRAM
    characters = points[:-2] | _CHARACTER   # a one-character query is its own code
    # 3: trigrams (SHORT characters or more), 2: bigrams, 1: the character itself, 0: nothing.
    kinds = np.where(sizes >= SHORT, 3, np.where(sizes >= 2, 2, sizes))
    grams = np.where(kinds == 3, sizes - 2, np.where(kinds == 2, sizes - 1, kinds))
    bounds = np.concatenate(([0], np.cumsum(grams)))
    starts = np.cumsum(sizes) - sizes
    at = np.repeat(starts - bounds[:-1], grams) + np.arange(int(bounds[-1]), dtype=np.int64)
    kind = np.repeat(kinds, grams)
    codes = np.where(kind == 3, trigrams[at], np.where(kind == 2, bigrams[at], characters[at]))
    return codes, bounds.tolist()


class GramIndex:
    """Trigrams of every text (or of every ``step``-th position), and bigrams of texts shorter than
    ``bigrams_below`` (reachable from short queries, which look them up by bigram); a text shorter than its
    n-grams is its own, the empty text only if ``empty``. Postings list each text once, in index order.
    (:mod:`l10n.tm.index` samples every third trigram.)"""

    def __init__(self, texts: Sequence[str], lengths: Sequence[int], *, step: int = 1,
                 bigrams_below: int | None = None, empty: bool = False) -> None:
        import numpy as np

        self.step, self.empty = step, empty
        self.bigrams_below = SHORT + 4 if bigrams_below is None else bigrams_below
        self.lengths = np.array(lengths, dtype=np.int64)   # the scored length of each text
        # Per slice: its distinct codes (then a sentinel), how many texts hold each, where those are in its texts.
        self._slices: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        first, characters = 0, 0
        for number, text in enumerate(texts):
            characters += len(text)
            if characters >= SLICE_CHARACTERS or number == len(texts) - 1:
                self._slices.append(self._slice(texts[first:number + 1], first))
                first, characters = number + 1, 0

    def _slice(self, texts: Sequence[str], first: int):
        import numpy as np

        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        ends = np.cumsum(sizes)
        owners = np.repeat(np.arange(first, first + len(texts), dtype=np.int32), sizes)
        offsets = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) - np.repeat(ends - sizes, sizes)
        # where each character is in its text; a gram starting there must end inside it
        remaining = np.repeat(sizes, sizes) - offsets
        points = _code_points("".join(texts))
        codes, owned = [], []
        if len(points) >= 3:
            fits = remaining[:-2] >= 3
            if self.step > 1:
                fits &= offsets[:-2] % self.step == 0
            codes.append(_gram_codes(points, 3)[fits])
            owned.append(owners[:-2][fits])
        # A one-character text is its own n-gram; a two-character one is its bigram (short texts have bigrams).
        if self.bigrams_below <= 2:
            raise ValueError("two-character texts need their bigrams")
        short = [(first + at, text) for at, text in enumerate(texts) if len(text) == 1 or self.empty and not text]
        if short:
            codes.append(np.array([_whole_code(text) for _, text in short], dtype=np.uint64))
            owned.append(np.array([at for at, _ in short], dtype=np.int32))
        if len(points) >= 2:
            fits = (remaining[:-1] >= 2) & (np.repeat(sizes, sizes)[:-1] < self.bigrams_below)
            codes.append(_gram_codes(points, 2)[fits])
            owned.append(owners[:-1][fits])
        del points, remaining, offsets, owners
        code = np.concatenate(codes) if codes else np.zeros(0, dtype=np.uint64)
        owner = np.concatenate(owned) if owned else np.zeros(0, dtype=np.int32)
        del codes, owned
        # Trigram, character and bigram codes never coincide, and each kind lists its texts in order: sorting
        # by code alone (stable) sorts by (code, text).
        order = np.argsort(code, kind="stable")
        code, owner = code[order], owner[order]
        del order
        if len(code):
            distinct = np.empty(len(code), dtype=bool)
            distinct[0] = True
            np.not_equal(code[1:], code[:-1], out=distinct[1:])
            starts = distinct.copy()
            distinct[1:] |= owner[1:] != owner[:-1]
            code, owner, starts = code[distinct], owner[distinct], starts[distinct]
            heads = np.flatnonzero(starts)
        else:
            heads = np.zeros(0, dtype=np.int64)
        offsets = np.append(heads, len(code)).astype(np.int64)
        return (np.append(code[heads], np.uint64(_LAST_CODE)), np.append(np.diff(offsets), 0), offsets, owner)

    def counts(self, codes):
        """How many texts hold each of ``codes``."""
        import numpy as np

        total = np.zeros(len(codes), dtype=np.int64)
        for distinct, sizes, _, _ in self._slices:
            at = distinct.searchsorted(codes)   # the last code is a sentinel no n-gram has: always in range
            total += np.where(distinct[at] == codes, sizes[at], 0)
        return total

    def shared(self, codes: list[int]):
        """The texts holding any of ``codes`` (present ones), in index order, and how many of them each holds."""
        import numpy as np

        found = self.postings(codes)
        found.sort()
        heads = np.flatnonzero(np.concatenate(([True], found[1:] != found[:-1])))
        return found[heads], np.diff(np.append(heads, len(found)))

    def postings(self, codes: list[int]):
        """The texts of each of ``codes`` (present ones), concatenated."""
        import numpy as np

        wanted = np.array(codes, dtype=np.uint64)
        parts = []
        for distinct, _, offsets, owners in self._slices:
            at = distinct.searchsorted(wanted)
            for place in at[distinct[at] == wanted].tolist():
                parts.append(owners[offsets[place]:offsets[place + 1]])
        return np.concatenate(parts)


_SHARED_INDEX: FuzzyIndex | None = None   # set only while forked workers run


def _best_chunk(job: tuple[list[str], float, bool]) -> list[Match]:
    queries, threshold, exact = job
    assert _SHARED_INDEX is not None
    return _SHARED_INDEX._best_many(queries, threshold, exact)

"""The memory's close-match index: sampled trigrams, so 200k units index in seconds.

Each unit's source is indexed under its non-overlapping trigrams (every third position; short texts also
under all bigrams); a query looks up all of its overlapping trigrams. A unit similar enough to be offered
(75% by default) keeps most of its sampled trigrams in the query, so it gathers the most hits; the best
:data:`CANDIDATES` by hits (within the lengths that can reach the threshold) are scored exactly with
gettext's similarity (:func:`l10n.fuzzy.similarity`, the unit the project configures). Trigrams shared by
more than :data:`COMMON` units carry no information and are skipped. The index is
:class:`l10n.fuzzy.GramIndex`'s arrays.
"""
from __future__ import annotations

from collections.abc import Sequence

from l10n.fuzzy import EPSILON, GramIndex, Match, gram_codes, length_band

CANDIDATES = 16
COMMON = 20_000
SHORT = 9


def _query_codes(text: str):
    """The distinct codes of every trigram of ``text`` (the text itself if shorter), and of its bigrams if it
    is shorter than :data:`SHORT`."""
    import numpy as np

    codes = gram_codes(text, 3)
    if 2 <= len(text) < SHORT:
        codes = np.concatenate((codes, gram_codes(text, 2)))
    return np.unique(codes)


class SampledIndex:
    def __init__(self, texts: Sequence[str], *, unit: str = "bytes") -> None:
        self.texts = list(texts)
        self.unit = unit
        self._scored = [text.encode("utf-8") for text in self.texts] if unit == "bytes" else self.texts
        # Each text under its non-overlapping trigrams (every third position), short ones under their bigrams.
        self._index = GramIndex(self.texts, [len(text) for text in self._scored], step=3, bigrams_below=SHORT,
                                empty=True)

    def best(self, query: str, threshold: float) -> Match:
        import numpy as np
        from rapidfuzz.distance import Indel

        index = self._index
        codes = _query_codes(query)
        counts = index.counts(codes)
        codes = codes[(counts > 0) & (counts <= COMMON)]
        if not len(codes):
            return None
        found, hits = index.shared(codes.tolist())
        scored = query.encode("utf-8") if self.unit == "bytes" else query
        low, high = length_band(len(scored), threshold)
        lengths = index.lengths[found]
        keep = (lengths >= low) & (lengths <= high)
        found, hits = found[keep], hits[keep]
        # The most hits first, then the earliest.
        ranked = found[np.lexsort((found, -hits))[:CANDIDATES]].tolist()
        texts = self._scored
        best: Match = None
        for number in ranked:
            score = Indel.normalized_similarity(scored, texts[number])
            if score >= threshold - EPSILON and (best is None or score > best[1]):
                best = (number, score)
        return best

    def best_many(self, queries: Sequence[str], threshold: float) -> list[Match]:
        return [self.best(query, threshold) for query in queries]

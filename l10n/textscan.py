"""Which of many texts a pattern occurs in, found by one scan of them all (C speed) instead of a search per
text: the entry checks use it to pass over the entries of a batch that a check would find nothing in."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

SEPARATOR = "\0"
"""Between the texts scanned together: no PO string holds U+0000 (the reader refuses it), so no match of a
pattern that cannot match it spans two texts."""

RECENT_SCANS = 16
"""Scans remembered by pattern and joined texts (:func:`texts_matching`), the least recently asked for going
first: the checks of one locale's batch scan a few times, and the next locales' batches hold the same msgids
(and a locale copied from another the same translations), which the remembered scan answers for the cost of
hashing the joined text."""

_recent: dict[tuple[re.Pattern[str], str], list[int]] = {}


def texts_matching(pattern: re.Pattern[str], texts: Sequence[str]) -> list[int]:
    """The indices, in order, of the ``texts`` in which ``pattern`` finds a match. Every match of
    ``pattern`` must lie within one text and be non-empty: it matches no U+0000 (which no text holds), and
    where it looks at a text's edges it takes U+0000 for one (``(?<![^\\0])`` for the start of a text).

    >>> texts_matching(re.compile("[0-9]"), ["a1", "b", "2c3", ""])
    [0, 2]
    """
    joined = SEPARATOR.join(texts)
    key = (pattern, joined)
    found = _recent.pop(key, None)
    if found is None:
        found = _scan(pattern, joined, texts)
        if len(_recent) >= RECENT_SCANS:
            del _recent[next(iter(_recent))]   # the least recently asked for
    _recent[key] = found
    return list(found)


def _scan(pattern: re.Pattern[str], joined: str, texts: Sequence[str]) -> list[int]:
    search = pattern.search
    match = search(joined)
    if match is None:
        return []
    ends = list(accumulate(len(text) + 1 for text in texts))   # where each text's separator ends
    found: list[int] = []
    while match is not None:
        index = bisect_right(ends, match.start())
        found.append(index)
        if index + 1 >= len(texts):
            break
        match = search(joined, ends[index])
    return found

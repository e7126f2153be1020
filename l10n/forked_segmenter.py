"""Segmenting a large document on two cores (a :class:`l10n.forked.ForkedHelper` takes part of it).

A book is mostly a long run of plain paragraphs (see :func:`l10n.segment.split_segmentation`): once the
block parser has seen the document, the paragraphs of the last part of that run are sent to the helper,
which segments them while this process segments the rest; their segments come back as rows. The result is
:func:`l10n.segment.segment_document`'s, which is what this falls back to for any other document, for a
helper that is missing or failed, and after the helper's one job.
"""
from __future__ import annotations

import contextlib
import pickle

from .forked import HelperUser, helping, receive, send
from .segment import (Chunks, Segment, SegmentOptions, joined_segments, segment_document, split_segmentation,
                      tail_segments)

PARALLEL_CHARACTERS = 1_000_000
"""Below this many characters a document is segmented here (about 10,000 segments of Chinese)."""
HELPER_SHARE = 0.4
"""The part of the document's lines the helper takes: it also splits the document into lines and sends
its segments back, so an even split left this process waiting for it (0.3 s of 1.6 s at 100k)."""


class ForkedSegmenter(HelperUser):
    """``segment_document`` with the tail of the first large document's plain run segmented by the helper;
    ``helped`` counts the documents it took a part of."""

    def __init__(self, threshold: int | None = None) -> None:
        super().__init__(_serve, PARALLEL_CHARACTERS if threshold is None else threshold)

    def segment_document(self, markdown: str, mode: str = "sentence",
                         options: SegmentOptions | None = None) -> list[Segment]:
        options = options or SegmentOptions(mode=mode)
        if self.helper.pid is None or len(markdown) < self.threshold:
            return segment_document(markdown, mode, options)
        sent: list[bool] = []

        def hand_off(env: dict, chunks: Chunks) -> None:
            try:
                send(self.helper.requests, pickle.dumps((markdown, mode, options, env, chunks),
                                                        pickle.HIGHEST_PROTOCOL))
                sent.append(True)
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                pass

        split = split_segmentation(markdown, mode, options, hand_off, HELPER_SHARE)
        rows = None
        if split is not None and sent:
            try:
                reply = receive(self.helper.replies)
                rows = pickle.loads(reply) if reply else None
            except (OSError, pickle.UnpicklingError, EOFError):
                rows = None
        self.close()   # one job each
        if rows is None:
            return segment_document(markdown, mode, options)
        self.helped += 1
        own, blocks = split
        return joined_segments(own, blocks, rows)


def forked_segmenter(wanted: bool, threshold: int | None = None) -> contextlib.AbstractContextManager[ForkedSegmenter]:
    """A :class:`ForkedSegmenter` whose helper runs (if ``wanted``) until its job is done or the block ends."""
    return helping(ForkedSegmenter(threshold), wanted)


def _serve(requests: int, replies: int) -> None:
    """The helper's one job: (document, mode, options, parser environment, chunks) -> pickled segment rows
    (an empty reply if it could not)."""
    try:
        request = receive(requests)
    except OSError:
        return
    if request is None:
        return
    try:
        markdown, mode, options, env, chunks = pickle.loads(request)
        del request
        reply = pickle.dumps(tail_segments(markdown, mode, options, env, chunks), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - anything the helper cannot do, the parent does itself
        reply = b""
    send(replies, reply)

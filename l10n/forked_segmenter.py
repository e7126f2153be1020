"""Segmenting a large document on two cores (a :class:`l10n.forked.ForkedHelper` takes part of it).

A book is mostly a long run of plain paragraphs (see :func:`l10n.segment.split_segmentation`): once the
block parser has seen the document, the paragraphs of the last part of that run are sent to the helper,
which segments them while this process segments the rest; their segments come back as rows. The result is
:func:`l10n.segment.segment_document`'s, which is what this falls back to for any other document, for a
helper that is missing or failed, and after the helper's one job.

A document with no template yet (its first update) is also given its source reference: the helper then
goes on to build the template entries of its part (:func:`l10n.catalog.template_entries`) and to format
them, while this process builds and formats the rest; :meth:`ForkedSegmenter.formatted_tail` hands them to
:class:`l10n.forked_formatter.ForkedFormatter`, which uses the blocks of the entries equal to them.
"""
from __future__ import annotations

import contextlib
import pickle
from array import array
from collections.abc import Callable, Iterable, Sequence

from .forked import ForkedHelper, helping, receive, send, send_joined
from .forked_formatter import FormattedElsewhere, entry_block, plain_row
from .glossary_hints import Hints
from .segment import (Chunks, Segment, SegmentOptions, joined_segments, segment_document, segment_rows,
                      split_segmentation, tail_segments)

PARALLEL_CHARACTERS = 1_000_000
"""Below this many characters a document is segmented here (about 10,000 segments of Chinese)."""
HELPER_SHARE = 0.5
"""The part of the document's lines the helper takes (this process also parses the document's blocks)."""
TEMPLATE_SHARE = 0.6
"""The part of its template entries (the last ones) the helper formats, on a first update: the others are
left to this process and the formatter's helper, which would otherwise wait for it."""


class ForkedSegmenter:
    """``segment_document`` with the tail of the first large document's plain run segmented by the helper."""

    def __init__(self, threshold: int | None = None, hints: Callable[[], Hints | None] | None = None) -> None:
        """``hints``: makes, in the helper, the glossary hints its template entries get (as the template's)."""
        self.threshold = PARALLEL_CHARACTERS if threshold is None else threshold
        self.helped = 0   # documents the helper took a part of
        self.hints = hints
        self.helper = ForkedHelper(lambda requests, replies: _serve(requests, replies, self.hints))
        self._templates: dict[int, tuple[str, str]] = {}   # id(markdown) -> (markdown, source reference)
        self._formatting = False   # the helper is formatting its part's template entries

    def start(self) -> None:
        self.helper.start()

    def close(self) -> None:
        """End the helper; one still formatting is not waited for (nobody asked for its blocks)."""
        self.helper.close(abandon=self._formatting)
        self._formatting = False

    def format_templates(self, documents: Iterable[tuple[str, str]]) -> None:
        """(markdown, source reference) of the documents whose template the helper may help to format."""
        self._templates = {id(markdown): (markdown, source_ref) for markdown, source_ref in documents}

    def segment_document(self, markdown: str, mode: str = "sentence",
                         options: SegmentOptions | None = None) -> list[Segment]:
        options = options or SegmentOptions(mode=mode)
        if self.helper.pid is None or len(markdown) < self.threshold:
            return segment_document(markdown, mode, options)
        known = self._templates.get(id(markdown))
        source_ref = known[1] if known is not None and known[0] is markdown else None
        sent: list[bool] = []

        def hand_off(env: dict, chunks: Chunks) -> None:
            try:
                send(self.helper.requests, pickle.dumps((markdown, mode, options, env, chunks, source_ref),
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
        if rows is None or source_ref is None:
            self.helper.close(abandon=True)   # one job each (and what else it does is not wanted)
        else:
            self._formatting = True
        if rows is None:
            return segment_document(markdown, mode, options)
        self.helped += 1
        own, blocks = split
        return joined_segments(own, blocks, rows)

    def formatted_tail(self) -> FormattedElsewhere | None:
        """The template entries of the helper's part of the document it segmented last, which it is
        formatting (None if it is not): the entries no earlier text shares are the template's last ones."""
        if not self._formatting:
            return None
        try:
            reply = receive(self.helper.replies)
            rows = pickle.loads(reply) if reply else None
        except (OSError, pickle.UnpicklingError, EOFError):
            rows = None
        if not rows:
            self.close()
            return None
        return FormattedElsewhere(rows, self._blocks_from, self.close)

    def _blocks_from(self, first: int) -> tuple[str, Sequence[int]] | None:
        """The text of the helper's blocks from the ``first`` on and their lengths (None if it failed); the
        helper then ends."""
        try:
            sizes = receive(self.helper.replies)
            text = receive(self.helper.replies) if sizes else None
        except OSError:
            text = None
        self._formatting = False
        self.close()
        if text is None:
            return None
        lengths = array("Q")
        lengths.frombytes(sizes)
        if len(lengths) < first:
            return None
        return str(text, "utf-8")[sum(lengths[:first]) + first:], lengths[first:]   # a "\n" between blocks


def forked_segmenter(wanted: bool, threshold: int | None = None, hints: Callable[[], Hints | None] | None = None,
                     ) -> contextlib.AbstractContextManager[ForkedSegmenter]:
    """A :class:`ForkedSegmenter` whose helper runs (if ``wanted``) until its job is done or the block ends."""
    return helping(ForkedSegmenter(threshold, hints), wanted)


def _serve(requests: int, replies: int, hints: Callable[[], Hints | None] | None) -> None:
    """The helper's one job: (document, mode, options, parser environment, chunks, source reference) ->
    pickled segment rows (an empty reply if it could not); with a source reference, then the plain rows of
    those segments' template entries and their blocks (see :meth:`ForkedSegmenter.formatted_tail`)."""
    try:
        request = receive(requests)
    except OSError:
        return
    if request is None:
        return
    source_ref = None
    try:
        markdown, mode, options, env, chunks, source_ref = pickle.loads(request)
        del request
        segments = tail_segments(markdown, mode, options, env, chunks)
        del markdown, env, chunks
        reply = pickle.dumps(segment_rows(segments), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - anything the helper cannot do, the parent does itself
        reply = b""
    send(replies, reply)
    if reply and source_ref is not None:
        del reply
        _send_template_part(replies, source_ref, segments, hints)


def _send_template_part(replies: int, source_ref: str, segments: list[Segment],
                        hints: Callable[[], Hints | None] | None) -> None:
    """The template entries of ``segments`` (the last :data:`TEMPLATE_SHARE` of them) as plain rows, then
    their blocks' sizes and their blocks (each message empty if it could not be made)."""
    from .catalog import template_entries

    import threading

    try:
        entries = template_entries(source_ref, segments, hints() if hints else None)
        del segments
        entries = entries[len(entries) - int(len(entries) * TEMPLATE_SHARE):]
        reply = pickle.dumps([plain_row(entry) for entry in entries], pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - the parent formats them itself
        send(replies, b"")
        return
    # The parent reads the rows only when it formats the template: a thread waits to send them (in os.write,
    # which lets go of the GIL) while this one formats.
    sender = threading.Thread(target=_send_quietly, args=(replies, reply), daemon=True)
    sender.start()
    del reply
    try:
        blocks = [entry_block(entry) for entry in entries]
    except (ValueError, TypeError):   # an entry no PO file can hold: the writer's error to raise
        blocks = None
    del entries
    sender.join()
    if blocks is None:
        send(replies, b"")
        return
    send(replies, array("Q", map(len, blocks)).tobytes())   # in characters
    send_joined(replies, [block.encode("utf-8") for block in blocks], b"\n")   # as format_catalog joins them


def _send_quietly(fd: int, data: bytes) -> None:
    with contextlib.suppress(OSError):   # the parent is gone: so is this process, soon
        send(fd, data)

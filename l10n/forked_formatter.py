"""Formatting a large catalog on two cores (a :class:`l10n.forked.ForkedHelper` formats part of it).

Formatting a 100,000-entry template is the largest single cost of a book's first ``l10n update``. Entries
are formatted one by one and joined, so a second process can format the last entries while this one formats
the first; the helper does that for the run's first large catalog (a book's template) and exits. It is sent
the entries as rows, in pieces, through a pipe.

A source of entries formatted elsewhere (:class:`FormattedElsewhere`: the segmenter's helper formats the
template entries of the part of a book it segmented) gives the blocks of the catalog's last entries when they
are equal to its entries, field by field; the helper then formats a part of the others.

Anything unexpected (no helper, a helper that died or refused an entry) makes
:meth:`ForkedFormatter.format_catalog` format the catalog here, as :func:`l10n.po.format_catalog` does, so
its errors are the writer's own and the text never depends on the helper.
"""
from __future__ import annotations

import contextlib
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from itertools import accumulate
from operator import attrgetter

from .forked import ForkedHelper, helping, receive, send, send_joined
from .po import Catalog, Entry, format_catalog, printed_entries

PARALLEL_ENTRIES = 20_000
"""Below this many printed entries a catalog is formatted here: sending it would cost more than it saves."""
HELPER_SHARE = 0.45
"""The part of the entries the helper formats: it also rebuilds them from rows and encodes its text, so an
even split left this process waiting for it (0.2-0.4 s of 2.4 s at 100k)."""
HELPER_SHARE_BESIDE = 0.55
"""The helper's part of the entries left when some were formatted elsewhere (that process, this one and the
helper then share the two cores)."""
CHUNK_ENTRIES = 2_000
"""Entries per piece of a job: the helper holds one piece's entries and text at a time, plus the encoded
text of the pieces before it (its memory is counted with its parent's)."""

_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))
_entry_row = attrgetter(*_ENTRY_FIELDS)
# A template's entry holds only these (every other field at its default): sent as a row of three, which
# pickles in half the time of a whole row.
_PLAIN_FIELDS = ("msgid", "extracted_comments", "references")
_plain_row = attrgetter(*_PLAIN_FIELDS)
_other_fields = attrgetter(*(name for name in _ENTRY_FIELDS if name not in _PLAIN_FIELDS))
_DEFAULTS = _other_fields(Entry(""))
PlainRow = tuple[str, list[str], list[str]]


def plain_row(entry: Entry) -> PlainRow:
    """The fields of a template entry (every other field at its default)."""
    return _plain_row(entry)


def entry_block(entry: Entry) -> str:
    """The entry's text as :func:`l10n.po.format_catalog` prints it in a catalog without plural forms."""
    return format_catalog(Catalog(metadata={}, entries=[entry]))


@dataclass(frozen=True)
class FormattedElsewhere:
    """Entries formatted by another process: their plain rows (:func:`plain_row`, every other field at its
    default), ``blocks_from(i)``: the text of their blocks from the i-th on, as format_catalog joins
    them, and the length of each (None if they cannot be had), and ``discard()``: none is wanted."""
    rows: list[PlainRow]
    blocks_from: Callable[[int], tuple[str, Sequence[int]] | None]
    discard: Callable[[], None]


class ForkedFormatter:
    """``format_catalog`` with the last part of the first large catalog's entries formatted by the
    helper (one job: a helper kept for more would hold its peak memory while its parent grows)."""

    def __init__(self, threshold: int | None = None,
                 elsewhere: Callable[[], FormattedElsewhere | None] | None = None) -> None:
        """``elsewhere``: entries being formatted in another process, when there are (asked before each
        catalog until it has some; the next catalog formatted takes them, as far as they are its own)."""
        self.threshold = PARALLEL_ENTRIES if threshold is None else threshold
        self.helped = 0   # catalogs the helper took half of
        self.reused = 0   # entries whose blocks came from elsewhere
        self.helper = ForkedHelper(_serve)
        self.elsewhere = elsewhere

    def start(self) -> None:
        self.helper.start()

    def close(self) -> None:
        self.helper.close()

    def format_catalog(self, catalog: Catalog) -> str:
        """The text :func:`l10n.po.format_catalog` gives ``catalog``."""
        printed = printed_entries(catalog)
        known, pairs = self._formatted_elsewhere(printed)
        if not pairs:
            return self._format(catalog, printed, len(printed))
        first = pairs[0][0]
        own = printed[:first]
        head = self._format(replace(catalog, entries=own), own, len(printed), HELPER_SHARE_BESIDE)
        blocks = known.blocks_from(pairs[0][1])
        if blocks is None:
            return format_catalog(catalog)
        self.reused += len(pairs)
        return "\n".join(([head] if head else []) + _region(catalog, printed, pairs, blocks))

    def _formatted_elsewhere(self, printed: list[Entry]) -> tuple[FormattedElsewhere | None, list[tuple[int, int]]]:
        """The entries formatted elsewhere, and which of ``printed``'s entries are equal to which of theirs:
        (index in ``printed``, index in theirs) pairs, both increasing (none: they are not wanted)."""
        if self.elsewhere is None:
            return None, []
        known = self.elsewhere()
        if known is None:
            return None, []
        self.elsewhere = None
        pairs = _equal_entries(printed, known.rows)
        if not pairs:
            known.discard()
        return known, pairs

    def _format(self, catalog: Catalog, printed: list[Entry], size: int, share: float = HELPER_SHARE) -> str:
        """format_catalog(catalog), whose printed entries are ``printed``, with the helper if the catalog being
        formatted is worth it (``size``: its printed entries, of which these are the ones left to format)."""
        if self.helper.pid is None or size < self.threshold or not printed:
            return format_catalog(catalog)
        half = len(printed) - max(1, int(len(printed) * share))
        try:
            _send_job(self.helper.requests, replace(catalog, entries=[]), printed[half:])
        except OSError:
            self.close()
            return format_catalog(catalog)
        first = format_catalog(replace(catalog, entries=printed[:half]))
        try:
            status = receive(self.helper.replies)
            second = receive(self.helper.replies) if status == b"+" else None
        except OSError:
            second = None
        self.close()   # one job each: the helper has exited (or is gone)
        if second is None:   # it refused an entry (or died): the error is the writer's to raise
            return format_catalog(catalog)
        self.helped += 1
        return first + "\n" + str(second, "utf-8")


def _equal_entries(printed: list[Entry], rows: list[PlainRow]) -> list[tuple[int, int]]:
    """(i, j) for each ``printed[i]`` equal to the entry of ``rows[j]``, matched from the end: the rows are
    the template entries of a document's last part, which are the template's last entries except those
    whose text occurs earlier in the document (the template has them at that earlier place)."""
    pairs: list[tuple[int, int]] = []
    i, j = len(printed) - 1, len(rows) - 1
    while i >= 0 and j >= 0:
        entry, row = printed[i], rows[j]
        if entry.msgid != row[0]:
            j -= 1   # a text of the last part that occurs earlier: not one of the last entries
            continue
        if _other_fields(entry) == _DEFAULTS and _plain_row(entry) == row:
            pairs.append((i, j))
        i -= 1
        j -= 1
    pairs.reverse()
    return pairs


def _region(catalog: Catalog, printed: list[Entry], pairs: list[tuple[int, int]],
            blocks: tuple[str, Sequence[int]]) -> list[str]:
    """The blocks of ``printed[pairs[0][0]:]``: runs of the entries formatted elsewhere cut from ``blocks``
    (the text of theirs from ``pairs[0][1]`` on, and the length of each), the few others formatted here."""
    text, lengths = blocks
    starts = [0, *accumulate(length + 1 for length in lengths)]   # a line break between blocks
    base = pairs[0][1]
    out: list[str] = []
    paired = dict(pairs)
    index, end = pairs[0][0], len(printed)
    while index < end:
        row = paired.get(index)
        if row is None:
            out.append(_entry_text(catalog, printed[index]))
            index += 1
            continue
        run = 1
        while index + run < end and paired.get(index + run) == row + run:
            run += 1
        out.append(text[starts[row - base]:starts[row - base + run] - 1])
        index += run
    return out


def _entry_text(catalog: Catalog, entry: Entry) -> str:
    """``entry``'s block as format_catalog prints it in ``catalog``."""
    head = format_catalog(replace(catalog, entries=[]))
    text = format_catalog(replace(catalog, entries=[entry]))
    return text[len(head) + 1:] if head else text


def forked_formatter(wanted: bool, threshold: int | None = None,
                     elsewhere: Callable[[], FormattedElsewhere | None] | None = None,
                     ) -> contextlib.AbstractContextManager[ForkedFormatter]:
    """A :class:`ForkedFormatter` whose helper runs (if ``wanted``) until its job is done or the block ends."""
    return helping(ForkedFormatter(threshold, elsewhere), wanted)


def _send_job(fd: int, header: Catalog, entries: list[Entry]) -> None:
    pieces = [pickle.dumps([_plain_row(e) if _other_fields(e) == _DEFAULTS else _entry_row(e)
                            for e in entries[at:at + CHUNK_ENTRIES]], pickle.HIGHEST_PROTOCOL)
              for at in range(0, len(entries), CHUNK_ENTRIES)]
    send(fd, pickle.dumps((header, len(pieces)), pickle.HIGHEST_PROTOCOL))
    for piece in pieces:
        send(fd, piece)


def _serve(requests: int, replies: int) -> None:
    """The helper's one job: a header-only catalog and pieces of entry rows. It replies b"+" and the text
    of those entries as format_catalog prints them after that header, or b"-" if it refused one."""
    try:
        request = receive(requests)
        if request is None:
            return
        header, count = pickle.loads(request)
        pieces = [receive(requests) for _ in range(count)]
    except OSError:
        return
    if any(piece is None for piece in pieces):
        return
    try:
        text = _pieces_text(header, pieces)
    except (ValueError, TypeError):
        send(replies, b"-")
        return
    send(replies, b"+")
    send_joined(replies, text, b"\n")   # as format_catalog joins entries


def _plain_entry(msgid: str, extracted_comments: list[str], references: list[str]) -> Entry:
    """The entry of a row of :data:`_PLAIN_FIELDS`."""
    return Entry(msgid, extracted_comments=extracted_comments, references=references)


def _pieces_text(header: Catalog, pieces: list[bytearray | None]) -> list[bytes]:
    """The UTF-8 text of each piece's entries, formatted after ``header`` (which is left out)."""
    head = format_catalog(header)
    skip = len(head.encode("utf-8")) + 1 if head else 0
    out: list[bytes] = []
    for index, piece in enumerate(pieces):
        entries = [Entry(*row) if len(row) == len(_ENTRY_FIELDS) else _plain_entry(*row) for row in pickle.loads(piece)]
        pieces[index] = None
        text = format_catalog(replace(header, entries=entries))
        if head and not text.startswith(head + "\n"):
            raise ValueError("the header did not come first")
        del entries
        out.append(text.encode("utf-8")[skip:])
    return out

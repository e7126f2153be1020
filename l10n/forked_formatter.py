"""Formatting a large catalog on two cores (a :class:`l10n.forked.ForkedHelper` formats part of it).

Formatting a 100,000-entry template is the largest single cost of a book's first ``l10n update``. Entries
are formatted one by one and joined, so a second process can format the last entries while this one formats
the first; the helper does that for the run's first large catalog (a book's template) and exits. It is sent
the entries as rows, in pieces, through a pipe.

Anything unexpected (no helper, a helper that died or refused an entry) makes
:meth:`ForkedFormatter.format_catalog` format the catalog here, as :func:`l10n.po.format_catalog` does, so
its errors are the writer's own and the text never depends on the helper.
"""
from __future__ import annotations

import contextlib
import pickle
from dataclasses import fields, replace
from operator import attrgetter

from .forked import HelperUser, helping, receive, send, send_joined
from .po import Catalog, Entry, format_catalog, printed_entries

PARALLEL_ENTRIES = 20_000
"""Below this many printed entries a catalog is formatted here: sending it would cost more than it saves."""
HELPER_SHARE = 0.45
"""The part of the entries the helper formats: it also rebuilds them from rows and encodes its text, so an
even split left this process waiting for it (0.2-0.4 s of 2.4 s at 100k)."""
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


class ForkedFormatter(HelperUser):
    """``format_catalog`` with the last part of the first large catalog's entries formatted by the
    helper (one job: a helper kept for more would hold its peak memory while its parent grows); ``helped``
    counts the catalogs it took a part of."""

    def __init__(self, threshold: int | None = None) -> None:
        super().__init__(_serve, PARALLEL_ENTRIES if threshold is None else threshold)

    def format_catalog(self, catalog: Catalog) -> str:
        """The text :func:`l10n.po.format_catalog` gives ``catalog``."""
        printed = printed_entries(catalog)
        if self.helper.pid is None or len(printed) < self.threshold:
            return format_catalog(catalog)
        half = len(printed) - max(1, int(len(printed) * HELPER_SHARE))
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


def forked_formatter(wanted: bool, threshold: int | None = None) -> contextlib.AbstractContextManager[ForkedFormatter]:
    """A :class:`ForkedFormatter` whose helper runs (if ``wanted``) until its job is done or the block ends."""
    return helping(ForkedFormatter(threshold), wanted)


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

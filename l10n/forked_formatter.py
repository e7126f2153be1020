"""Formatting a large catalog on two cores: a helper process forked when a run starts.

Formatting a 100,000-entry template is the largest single cost of a book's first ``l10n update``. Entries
are formatted one by one and joined, so a second process can format the second half while this one formats
the first; the helper does that for the run's first large catalog (a book's template) and exits. The helper is forked before the run allocates anything large (its parent then holds little more
than its imports): a process forked late would share, and be charged in every resident-memory count for,
all the blocks, segments and entries its parent holds. It is sent the entries it formats through a pipe.

Anything unexpected (no ``fork``, one CPU, a helper that died or refused an entry) makes
:meth:`ForkedFormatter.format_catalog` format the catalog here, as :func:`l10n.po.format_catalog` does, so
its errors are the writer's own and the text never depends on the helper.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import struct
from collections.abc import Iterator
from dataclasses import fields, replace
from operator import attrgetter

from .po import Catalog, Entry, format_catalog, printed_entries

PARALLEL_ENTRIES = 20_000
"""Below this many printed entries a catalog is formatted here: sending it would cost more than it saves."""

_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))
_entry_row = attrgetter(*_ENTRY_FIELDS)
_LENGTH = struct.Struct("<Q")


class ForkedFormatter:
    """``format_catalog`` with the second half of the first large catalog's entries formatted by the
    helper (one job: a helper kept for more would hold its peak memory while its parent grows)."""

    def __init__(self, threshold: int | None = None) -> None:
        self.threshold = PARALLEL_ENTRIES if threshold is None else threshold
        self.helped = 0   # catalogs the helper took half of
        self._pid: int | None = None
        self._requests: int | None = None   # parent -> helper
        self._replies: int | None = None    # helper -> parent

    def start(self) -> None:
        """Fork the helper (nothing happens where ``fork`` or a second CPU is missing)."""
        if self._pid is not None or not hasattr(os, "fork") or _cpus() < 2:
            return
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        pid = os.fork()
        if pid == 0:   # the helper: serve, then exit without running any of the parent's cleanup
            status = 1
            try:
                os.close(request_write)
                os.close(reply_read)
                _serve(request_read, reply_write)
                status = 0
            finally:
                os._exit(status)
        os.close(request_read)
        os.close(reply_write)
        self._pid, self._requests, self._replies = pid, request_write, reply_read

    def close(self) -> None:
        """End the helper (it exits when its request pipe closes) and wait for it."""
        if self._pid is None:
            return
        for fd in (self._requests, self._replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        self._pid = self._requests = self._replies = None

    def format_catalog(self, catalog: Catalog) -> str:
        """The text :func:`l10n.po.format_catalog` gives ``catalog``."""
        printed = printed_entries(catalog)
        if self._pid is None or len(printed) < self.threshold:
            return format_catalog(catalog)
        half = len(printed) // 2
        try:
            _send_job(self._requests, replace(catalog, entries=[]), printed[half:])
        except OSError:
            self.close()
            return format_catalog(catalog)
        first = format_catalog(replace(catalog, entries=printed[:half]))
        try:
            status = _receive(self._replies)
            second = _receive(self._replies) if status == b"+" else None
        except OSError:
            second = None
        self.close()   # one job each: the helper has exited (or is gone)
        if second is None:   # it refused an entry (or died): the error is the writer's to raise
            return format_catalog(catalog)
        self.helped += 1
        return first + "\n" + str(second, "utf-8")


@contextlib.contextmanager
def forked_formatter(wanted: bool, threshold: int | None = None) -> Iterator[ForkedFormatter]:
    """A :class:`ForkedFormatter` whose helper runs (if ``wanted``) until its job is done or the block ends."""
    formatter = ForkedFormatter(threshold)
    if wanted:
        formatter.start()
    try:
        yield formatter
    finally:
        formatter.close()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


CHUNK_ENTRIES = 2_000
"""Entries per piece of a job: the helper holds one piece's entries and text at a time, plus the encoded
text of the pieces before it (its memory is counted with its parent's)."""


def _send_job(fd: int, header: Catalog, entries: list[Entry]) -> None:
    pieces = [pickle.dumps([_entry_row(e) for e in entries[at:at + CHUNK_ENTRIES]], pickle.HIGHEST_PROTOCOL)
              for at in range(0, len(entries), CHUNK_ENTRIES)]
    _send(fd, pickle.dumps((header, len(pieces)), pickle.HIGHEST_PROTOCOL))
    for piece in pieces:
        _send(fd, piece)


def _serve(requests: int, replies: int) -> None:
    """The helper's one job: a header-only catalog and pieces of entry rows. It replies b"+" and the text
    of those entries as format_catalog prints them after that header, or b"-" if it refused one; then it
    exits, so its memory is given back before its parent grows further."""
    from .workers import quiet_worker_signals

    quiet_worker_signals()
    try:
        request = _receive(requests)
        if request is None:
            return
        header, count = pickle.loads(request)
        pieces = [_receive(requests) for _ in range(count)]
    except OSError:
        return
    if any(piece is None for piece in pieces):
        return
    try:
        text = _pieces_text(header, pieces)
    except (ValueError, TypeError):
        _send(replies, b"-")
        return
    _send(replies, b"+")
    _send_all(replies, text)


def _pieces_text(header: Catalog, pieces: list[bytearray | None]) -> list[bytes]:
    """The UTF-8 text of each piece's entries, formatted after ``header`` (which is left out)."""
    head = format_catalog(header)
    skip = len(head.encode("utf-8")) + 1 if head else 0
    out: list[bytes] = []
    for index, piece in enumerate(pieces):
        entries = [Entry(*row) for row in pickle.loads(piece)]
        pieces[index] = None
        text = format_catalog(replace(header, entries=entries))
        if head and not text.startswith(head + "\n"):
            raise ValueError("the header did not come first")
        del entries
        out.append(text.encode("utf-8")[skip:])
    return out


def _send_all(fd: int, parts: list[bytes]) -> None:
    """One message holding ``parts`` joined by newlines (as format_catalog joins entries)."""
    _write_all(fd, memoryview(_LENGTH.pack(sum(len(part) for part in parts) + max(0, len(parts) - 1))))
    for index, part in enumerate(parts):
        if index:
            _write_all(fd, memoryview(b"\n"))
        _write_all(fd, memoryview(part))


def _send(fd: int, data: bytes) -> None:
    view = memoryview(_LENGTH.pack(len(data)) + data) if len(data) < 1 << 16 else None
    if view is None:
        _write_all(fd, memoryview(_LENGTH.pack(len(data))))
        view = memoryview(data)
    _write_all(fd, view)


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> bytearray | None:
    """One message, or None at the end of the pipe."""
    size = _read_exactly(fd, _LENGTH.size)
    if size is None:
        return None
    (length,) = _LENGTH.unpack(size)
    data = _read_exactly(fd, length)
    if data is None:
        raise OSError("the pipe closed inside a message")
    return data


def _read_exactly(fd: int, length: int) -> bytearray | None:
    buffer = bytearray(length)
    view = memoryview(buffer)
    done = 0
    while done < length:
        count = os.readv(fd, [view[done:]])
        if count == 0:
            if done == 0:
                return None
            raise OSError("the pipe closed inside a message")
        done += count
    return buffer

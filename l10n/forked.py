"""A helper process forked when a run starts, for one job on the second core.

Every resident-memory count charges a forked process for the pages it shares with its parent, so a helper
forked late would be charged for all the blocks, segments and entries its parent holds by then. A helper is
therefore forked before the run allocates anything large (its parent then holds little more than its
imports), waits for its one job on a pipe, replies and exits (so its memory is given back before its parent
grows further). Where ``fork`` or a second CPU is missing no helper starts, and its user does the job itself.
"""
from __future__ import annotations

import contextlib
import os
import struct
from collections.abc import Callable, Iterator
from typing import TypeVar

_LENGTH = struct.Struct("<Q")
_PARENT_ENDS: set[int] = set()   # this process's ends of the pipes to its running helpers


class ForkedHelper:
    """The parent's end of one helper process; ``serve(requests, replies)`` is what the helper runs."""

    def __init__(self, serve: Callable[[int, int], None]) -> None:
        self._serve = serve
        self.pid: int | None = None
        self.requests: int | None = None   # parent -> helper
        self.replies: int | None = None    # helper -> parent

    def start(self) -> None:
        """Fork the helper (nothing happens where ``fork`` or a second CPU is missing)."""
        if self.pid is not None or not hasattr(os, "fork") or cpus() < 2:
            return
        try:
            request_read, request_write = os.pipe()
        except OSError:   # out of file descriptors: the caller does the work itself
            return
        try:
            reply_read, reply_write = os.pipe()
        except OSError:
            os.close(request_read)
            os.close(request_write)
            return
        try:
            pid = os.fork()
        except OSError:   # a process limit or no memory (EAGAIN, ENOMEM): the caller does the work itself
            for fd in (request_read, request_write, reply_read, reply_write):
                os.close(fd)
            return
        if pid == 0:   # the helper: serve, then exit without running any of the parent's cleanup
            status = 1
            try:
                from .workers import quiet_worker_signals

                quiet_worker_signals()
                # Another helper's request pipe must reach its end when the parent closes it: this process
                # would keep it open (and that helper waiting for ever) if it kept the parent's copies.
                for fd in (request_write, reply_read, *_PARENT_ENDS):
                    with contextlib.suppress(OSError):
                        os.close(fd)
                self._serve(request_read, reply_write)
                status = 0
            finally:
                os._exit(status)
        os.close(request_read)
        os.close(reply_write)
        self.pid, self.requests, self.replies = pid, request_write, reply_read
        _PARENT_ENDS.update((request_write, reply_read))

    def close(self) -> None:
        """End the helper (it exits when its request pipe closes) and wait for it."""
        if self.pid is None:
            return
        for fd in (self.requests, self.replies):
            _PARENT_ENDS.discard(fd)
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = self.requests = self.replies = None


class HelperUser:
    """The owner of one :class:`ForkedHelper`, which it gives jobs at least ``threshold`` large; ``helped``
    counts the jobs the helper did."""

    def __init__(self, serve: Callable[[int, int], None], threshold: int) -> None:
        self.threshold = threshold
        self.helped = 0
        self.helper = ForkedHelper(serve)

    def start(self) -> None:
        self.helper.start()

    def close(self) -> None:
        self.helper.close()


_User = TypeVar("_User", bound=HelperUser)


@contextlib.contextmanager
def helping(user: _User, wanted: bool) -> Iterator[_User]:
    """``user`` (a :class:`HelperUser`) with its helper started if ``wanted`` and always
    closed when the block ends."""
    if wanted:
        user.start()
    try:
        yield user
    finally:
        user.close()


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def frame(data: bytes) -> bytes:
    """``data`` as one message on a helper's pipe: its length (8 bytes, little-endian), then the bytes."""
    return _LENGTH.pack(len(data)) + data


def unframe(buffer: bytes | bytearray, start: int = 0) -> tuple[memoryview | None, int]:
    """The message :func:`frame` made that begins at ``buffer[start:]`` and where the next one begins, or
    ``(None, start)`` while the buffer does not hold all of it yet."""
    header_end = start + _LENGTH.size
    if len(buffer) < header_end:
        return None, start
    (length,) = _LENGTH.unpack_from(buffer, start)
    end = header_end + length
    if len(buffer) < end:
        return None, start
    return memoryview(buffer)[header_end:end], end


def send(fd: int, data: bytes) -> None:
    """Write ``data`` as one :func:`frame` (a large message without copying it into the frame)."""
    if len(data) < 1 << 16:
        write_all(fd, memoryview(frame(data)))
        return
    write_all(fd, memoryview(_LENGTH.pack(len(data))))
    write_all(fd, memoryview(data))


def write_all(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view):]


def receive(fd: int) -> bytearray | None:
    """One :func:`frame`'s message, or None at the end of the pipe."""
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


def send_joined(fd: int, parts: list[bytes], separator: bytes = b"") -> None:
    """One message holding ``parts`` joined by ``separator``, without joining them here."""
    write_all(fd, memoryview(_LENGTH.pack(sum(map(len, parts)) + len(separator) * max(0, len(parts) - 1))))
    for index, part in enumerate(parts):
        if index and separator:
            write_all(fd, memoryview(separator))
        write_all(fd, memoryview(part))

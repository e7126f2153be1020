"""An engine that holds the GIL (OpenCC: its conversion is Python locks and punctuation around a C++ call that
keeps the GIL) run in a process of its own, so it converts while this process reads, formats and writes the
catalogs around it.

The process is forked (:class:`l10n.forked.ForkedHelper`) when a locale's drafting starts, with the engine as
it is here (tables loaded, converters built); it answers each request (a batch of texts) with
``job(request, queue)``, in the order they were sent, until its request pipe closes. ``queue`` (a
:class:`Queue`) tells the job how the two processes stand: whether the next request has begun to arrive, and
how many of its replies the caller has not taken yet, so a job can do more for a request when its caller is
behind or it would otherwise wait for work. ``job`` returns its results and when the engine's call in it
started and ended (``time.perf_counter``, CLOCK_MONOTONIC, the same clock in both processes), so the engine's
busy time is measured where it runs, and whatever else the job does there (the drafting's own per-segment
work, which balances the two processes) is outside it. Sending never blocks this process: requests wait in a buffer that :meth:`pump` moves
on whenever the pipe has room, and both pipes are widened to hold several batches.
"""
from __future__ import annotations

import contextlib
import fcntl
import mmap
import os
import pickle
import select
from collections import deque
from collections.abc import Callable
from typing import Any

from ..forked import ForkedHelper, frame, receive, send, unframe

_PIPE_BYTES = 1 << 20   # Linux's unprivileged maximum (/proc/sys/fs/pipe-max-size): several batches each way
_SET_PIPE_SIZE = getattr(fcntl, "F_SETPIPE_SZ", 1031)
# Replies are read this much at a time: os.read allocates what it is asked for, and a buffer of the pipe's
# whole size is a fresh mmap (and munmap) on every read, while a batch's reply is some 10-20 KiB.
_READ_BYTES = 1 << 16


class Queue:
    """How the engine process stands with its caller, as a job sees it (in the engine process)."""

    def __init__(self, requests: int, taken: memoryview) -> None:
        self._requests = requests
        self._taken = taken      # shared with the caller: how many replies its result() has returned
        self.replied = 0         # replies this process has sent

    def waiting(self) -> bool:
        """Whether the next request has begun to arrive (or the caller has closed the pipe)."""
        return bool(select.select([self._requests], [], [], 0)[0])

    def untaken(self) -> int:
        """Replies sent that the caller has not taken yet: how far it is behind this process."""
        return self.replied - self._taken[0]


class EngineProcess:
    """``job(request, queue)`` answered by a forked process, request by request, in order.

    :meth:`start` returns False where no helper can start (no ``fork``, one CPU): the caller then does the
    work itself. ``job`` returns ``(results, started, ended)``, the engine call's start and end; an error is
    raised by :meth:`result` as the job raised it (or as a RuntimeError naming it, when it cannot be sent
    across)."""

    def __init__(self, job: Callable[[Any, Queue], tuple[Any, float, float]]) -> None:
        self._job = job
        # One counter both processes see (shared memory made before the fork): the replies taken here.
        self._shared = mmap.mmap(-1, mmap.PAGESIZE)
        self._taken = memoryview(self._shared).cast("Q")
        self._helper = ForkedHelper(self._serve)
        self._outbox = bytearray()          # framed requests not yet in the pipe
        self._inbox = bytearray()           # reply bytes read, not yet a whole message
        self._replies: deque[Any] = deque()  # whole replies, oldest first
        self.in_flight = 0                  # batches sent whose reply has not been taken by result()
        self._ended = False                 # the reply pipe reached its end: the process has exited

    def start(self) -> bool:
        self._helper.start()
        if self._helper.pid is None:
            return False
        for fd in (self._helper.requests, self._helper.replies):
            with contextlib.suppress(OSError):
                fcntl.fcntl(fd, _SET_PIPE_SIZE, _PIPE_BYTES)
        os.set_blocking(self._helper.requests, False)
        os.set_blocking(self._helper.replies, False)
        return True

    def submit(self, request: Any) -> None:
        """Send ``job``'s next argument (picklable)."""
        self._outbox += frame(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        self.in_flight += 1
        self.pump()

    def pump(self) -> None:
        """Move requests into the pipe and replies out of it, as far as that goes without waiting."""
        if self._outbox:
            try:
                written = os.write(self._helper.requests, self._outbox)
            except BlockingIOError:
                written = 0
            except BrokenPipeError:   # the process has exited (after an error, say): its replies are still to read
                written = len(self._outbox)
            del self._outbox[:written]
        while not self._ended:
            try:
                data = os.read(self._helper.replies, _READ_BYTES)
            except BlockingIOError:
                break
            if not data:
                self._ended = True
                break
            self._inbox += data
        self._split_replies()

    def _split_replies(self) -> None:
        start = 0
        while True:
            message, after = unframe(self._inbox, start)
            if message is None:
                break
            with message:   # released before the buffer is resized below
                self._replies.append(pickle.loads(message))
            start = after
        if start:
            del self._inbox[:start]

    def answered(self) -> int:
        """How many replies are in and not taken yet (the process is that far ahead of its caller)."""
        self.pump()
        return len(self._replies)

    def result(self) -> tuple[Any, float, float]:
        """The oldest batch's results and when its engine call started and ended; waits for them."""
        if not self.in_flight:
            raise RuntimeError("l10n draft: no batch is waiting for the engine process")
        self.pump()
        while not self._replies:
            if self._ended:   # raised only now, so that an error the process sent before exiting comes first
                raise RuntimeError("l10n draft: the engine process ended before answering")
            writers = [self._helper.requests] if self._outbox else []
            select.select([self._helper.replies], writers, [])
            self.pump()
        self.in_flight -= 1
        self._taken[0] += 1
        kind, payload, started, ended = self._replies.popleft()
        if kind == "error":
            raise payload
        return payload, started, ended

    def close(self) -> None:
        """End the process (it exits when its request pipe closes), whatever it was doing."""
        self._helper.close()

    def _serve(self, requests: int, replies: int) -> None:
        queue = Queue(requests, self._taken)
        while (message := receive(requests)) is not None:
            request = pickle.loads(message)
            try:
                results, started, ended = self._job(request, queue)
            except Exception as error:  # sent back as it is: the parent raises it where it would have
                try:
                    reply = pickle.dumps(("error", error, 0.0, 0.0))
                    pickle.loads(reply)
                except Exception:
                    reply = pickle.dumps(("error", RuntimeError(f"the engine failed: {error!r}"), 0.0, 0.0))
                send(replies, reply)
                return
            send(replies, pickle.dumps(("ok", results, started, ended), protocol=pickle.HIGHEST_PROTOCOL))
            queue.replied += 1

"""The engine process answers each request in order, with when its engine call ran, and hands errors back."""
from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator

import pytest

from l10n import forked
from l10n.draft.engine_process import EngineProcess
from l10n.errors import EngineError


@contextlib.contextmanager
def _running(job) -> Iterator[EngineProcess]:
    """``job``'s engine process, started, and ended whatever the block does."""
    process = EngineProcess(job)
    assert process.start()
    try:
        yield process
    finally:
        process.close()


def _upper(request, _waiting):
    texts, pause = request
    started = time.perf_counter()
    time.sleep(pause)
    return ([text.upper() for text in texts], os.getpid()), started, time.perf_counter()


def _failing(request, _waiting):
    if request == "fail":
        raise EngineError("the model crashed", hint="restart it")
    if request == "unpicklable":
        raise RuntimeError(threading.Lock())   # an argument pickle cannot take across
    return request, 0.0, 0.0


def test_requests_are_answered_in_order_by_another_process_with_their_call_times():
    with _running(_upper) as process:
        before = time.perf_counter()
        # Requests and replies of several MiB, more than the widened pipes hold: a send that waited for the
        # process would never return, as the process waits for its replies to be read.
        requests = [([f"text {n} " * 40_000], 0.01 * (n % 3)) for n in range(12)]
        for request in requests:
            process.submit(request)
        assert process.in_flight == 12
        answers = [process.result() for _ in requests]
        after = time.perf_counter()
    assert [results for (results, _pid), _start, _end in answers] == [[t.upper() for t in texts]
                                                                     for texts, _pause in requests]
    assert {pid for (_results, pid), _start, _end in answers} != {os.getpid()}
    # One clock for both processes: each call lies within this process's view of the run, one after another.
    times = [(start, end) for _results, start, end in answers]
    assert before <= times[0][0] and times[-1][1] <= after
    assert all(start <= end <= following for (start, end), (following, _) in zip(times, times[1:]))
    assert process.in_flight == 0


def test_an_error_comes_back_as_it_was_raised():
    with _running(_failing) as process:
        process.submit("fine")
        process.submit("fail")
        assert process.result()[0] == "fine"
        with pytest.raises(EngineError, match="the model crashed") as raised:
            process.result()
        assert raised.value.hint == "restart it"


def test_an_error_that_cannot_cross_comes_back_named():
    with _running(_failing) as process:
        process.submit("unpicklable")
        with pytest.raises(RuntimeError, match="the engine failed"):
            process.result()


def test_no_process_starts_without_a_second_cpu(monkeypatch):
    monkeypatch.setattr(forked, "cpus", lambda: 1)
    process = EngineProcess(_upper)
    assert not process.start()
    process.close()


def _dying(request, _waiting):
    os._exit(3)


def test_an_error_sent_before_the_process_exited_comes_first(monkeypatch):
    with _running(_failing) as process:
        process.submit("fail")
        os.waitpid(process._helper.pid, 0)   # it has sent its error and exited: nobody reads requests now
        for _ in range(3):
            process.submit("later " * 200_000)
        with pytest.raises(EngineError, match="the model crashed"):
            process.result()


def test_a_process_that_dies_without_answering_is_named():
    with _running(_dying) as process:
        process.submit("anything")
        with pytest.raises(RuntimeError, match="ended before answering"):
            process.result()


def test_no_process_starts_when_fork_fails(monkeypatch):
    import errno

    def fork():
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(forked, "cpus", lambda: 2)
    monkeypatch.setattr(os, "fork", fork)
    descriptors = len(os.listdir("/proc/self/fd"))
    process = EngineProcess(_upper)
    assert not process.start()
    process.close()
    assert len(os.listdir("/proc/self/fd")) == descriptors, "the pipes made for the helper are closed"


def _told_waiting(request, queue):
    """Waits for the request after it (if ``request`` says one comes), then says whether it had arrived and how
    many replies the caller had not taken."""
    if request == "one follows":
        deadline = time.monotonic() + 10
        while not queue.waiting() and time.monotonic() < deadline:
            time.sleep(0.001)
    return (queue.waiting(), queue.untaken()), 0.0, 0.0


def test_a_job_is_told_whether_the_next_request_has_arrived_and_how_many_replies_wait():
    with _running(_told_waiting) as process:
        process.submit("one follows")
        process.submit("last")
        while process.answered() < 2:
            time.sleep(0.001)
        assert process.result()[0] == (True, 0)
        # The second reply was made before the caller took the first.
        assert process.result()[0] == (False, 1)
        process.submit("last")
        assert process.result()[0] == (False, 0)

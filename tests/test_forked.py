"""The helpers' message framing (l10n.forked.frame / unframe / send / receive)."""
import os

from hypothesis import given, strategies as st

from l10n.forked import frame, receive, send, unframe


@given(st.lists(st.binary(max_size=300), max_size=6), st.integers(min_value=1, max_value=40))
def test_framed_messages_come_back_whole_and_in_order_however_the_bytes_arrive(messages, piece):
    stream = b"".join(frame(message) for message in messages)
    buffer = bytearray()
    received = []
    for start in range(0, len(stream) + 1, piece):   # the bytes as a pipe may hand them over, a piece at a time
        buffer += stream[start:start + piece]
        at = 0
        while True:
            message, after = unframe(buffer, at)
            if message is None:
                assert after == at
                break
            received.append(bytes(message))
            message.release()
            at = after
        del buffer[:at]
    assert received == messages
    assert not buffer


def test_unframe_waits_for_a_whole_header_and_a_whole_body():
    framed = frame(b"abc")
    assert len(framed) == 8 + 3
    for cut in range(len(framed)):
        assert unframe(framed[:cut]) == (None, 0)
    message, after = unframe(framed + frame(b""), 0)
    assert (bytes(message), after) == (b"abc", len(framed))
    empty, end = unframe(framed + frame(b""), after)
    assert (bytes(empty), end) == (b"", len(framed) + 8)


def test_send_and_receive_speak_the_same_framing_small_and_large():
    read, write = os.pipe()
    try:
        small, large = b"x" * 10, bytes(range(256)) * 300   # below and above send's one-write limit (64 KiB)
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read)
                send(write, small)
                send(write, large)
            finally:
                os._exit(0)
        os.close(write)
        write = -1
        assert receive(read) == small
        assert receive(read) == large
        assert receive(read) is None
        os.waitpid(pid, 0)
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)

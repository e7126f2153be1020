"""The forked segmenter gives segment_document's segments, whichever part the helper took."""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings, strategies as st

from l10n.forked_segmenter import ForkedSegmenter, forked_segmenter
from l10n.segment import SegmentOptions, segment_document

from .test_segment import _BLOCK_LINES

needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2,
                                reason="the helper needs fork and a second CPU")
_PLAIN = st.sampled_from(["快手可靈。", "第二段,繼續寫。又一句!", "來源:X 網友 @brain_racked", "- 清單項。", "1. 第一。",
                          "**粗體**的句子。", "帶 [連結](https://x.y?a) 的句子。", "見 [甲。] 後面。", "plain text. More", "兩行的\n段落。"])


@needs_fork
@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.just(""), st.sampled_from(_BLOCK_LINES)), max_size=10),
       st.lists(_PLAIN, min_size=1, max_size=16), st.sampled_from(["sentence", "block"]), st.booleans())
def test_a_document_ending_in_plain_paragraphs_is_segmented_as_segment_document_does(head, tail, mode, refs):
    # A reference defined before the run makes "[甲。]" a link there: the helper needs the parser's env.
    doc = ("[甲。]: /url\n\n" if refs else "") + "\n".join(head) + "\n\n" + "\n\n".join(tail) + "\n"
    options = SegmentOptions(mode=mode)
    with forked_segmenter(True, threshold=0) as segmenter:
        assert segmenter.segment_document(doc, mode, options) == segment_document(doc, mode, options, cached=False)


@needs_fork
def test_the_helper_takes_the_second_half_of_a_books_plain_run_once():
    book = "# 書名\n\n" + "\n\n".join(f"第 {n} 段:快手可靈。第二句?" if n % 3 else f"- 項目 {n}。" for n in range(400))
    with forked_segmenter(True, threshold=0) as segmenter:
        assert segmenter.segment_document(book) == segment_document(book, cached=False)
        assert segmenter.helped == 1 and segmenter.helper.pid is None
        assert segmenter.segment_document(book + "\n\n再一段。\n") == segment_document(book + "\n\n再一段。\n")
        assert segmenter.helped == 1


@needs_fork
def test_a_document_without_a_plain_tail_is_segmented_here():
    doc = "\n\n".join(f"第 {n} 段。" for n in range(50)) + "\n\n```\ncode\n```\n"
    with forked_segmenter(True, threshold=0) as segmenter:
        assert segmenter.segment_document(doc) == segment_document(doc)
        assert segmenter.helped == 0


@needs_fork
def test_a_helper_that_died_leaves_the_segmentation_here():
    import signal

    book = "\n\n".join(f"第 {n} 段:快手可靈。" for n in range(100))
    segmenter = ForkedSegmenter(threshold=0)
    segmenter.start()
    os.kill(segmenter.helper.pid, signal.SIGKILL)
    assert segmenter.segment_document(book) == segment_document(book)
    assert segmenter.helped == 0 and segmenter.helper.pid is None


@needs_fork
def test_two_helpers_without_a_job_end_when_closed():
    """Each helper waits for the end of its own request pipe; the other helper must not hold it open."""
    import signal

    from l10n.forked_formatter import forked_formatter

    def stuck(signum, frame):
        raise AssertionError("closing the helpers hung")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        with forked_segmenter(True) as segmenter, forked_formatter(True) as formatter:
            assert segmenter.helper.pid and formatter.helper.pid
            segmenter.close()   # the first one forked: the second one inherited its parent's pipe ends
            formatter.close()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)

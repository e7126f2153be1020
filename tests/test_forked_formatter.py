"""The forked formatter prints exactly what format_catalog prints, and falls back to it for anything odd."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from l10n.forked_formatter import ForkedFormatter, forked_formatter
from l10n.po import Catalog, Entry, format_catalog, read_catalog

REAL = Path(__file__).parent / "po" / "fixtures" / "real"
needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2,
                                reason="the helper needs fork and a second CPU")


@needs_fork
@pytest.mark.parametrize("path", sorted(REAL.rglob("*.po")), ids=lambda path: str(path.relative_to(REAL)))
def test_real_catalogs_come_out_as_format_catalog_prints_them(path, monkeypatch):
    monkeypatch.setattr("l10n.forked_formatter.CHUNK_ENTRIES", 3)   # many pieces, joined in order
    catalog = read_catalog(path)   # plural, obsolete, previous, flags, comments, layouts as read
    formatter = ForkedFormatter(threshold=2)
    formatter.start()
    assert formatter.helper.pid is not None
    try:
        assert formatter.format_catalog(catalog) == format_catalog(catalog)
        assert formatter.helped == 1
    finally:
        formatter.close()


def _book(count: int) -> Catalog:
    return Catalog(metadata={"Project-Id-Version": "book", "Content-Type": "text/plain; charset=UTF-8"},
                   header_comments=["A book."], header_flags=["fuzzy"],
                   entries=[Entry(msgid=f"第 {n} 段:快手可靈" * (n % 7 + 1), references=[f"source/book.md:{n}"],
                                  extracted_comments=["paragraph"]) for n in range(count)]
                   + [Entry(msgid="舊句子。", msgstr="Old.", obsolete=True)])


@needs_fork
def test_the_helper_does_one_job_then_the_catalogs_are_formatted_here():
    with forked_formatter(True, threshold=10) as formatter:
        pid = formatter.helper.pid
        assert pid is not None
        first, second = _book(101), _book(57)
        assert formatter.format_catalog(first) == format_catalog(first)
        assert formatter.helped == 1 and formatter.helper.pid is None
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)   # already waited for: it exited after its job
        assert formatter.format_catalog(second) == format_catalog(second)
        assert formatter.helped == 1


@needs_fork
def test_an_entry_no_po_file_can_hold_raises_the_writers_own_error():
    catalog = _book(40)
    catalog.entries[35].msgid = "NUL \x00 inside"   # in the helper's half
    with pytest.raises(ValueError) as serial:
        format_catalog(catalog)
    with forked_formatter(True, threshold=10) as formatter, pytest.raises(ValueError) as forked:
        formatter.format_catalog(catalog)
    assert str(forked.value) == str(serial.value)


def test_without_a_helper_or_below_the_threshold_it_is_format_catalog():
    small = _book(5)
    with forked_formatter(False, threshold=2) as formatter:
        assert formatter.helper.pid is None
        assert formatter.format_catalog(small) == format_catalog(small)
    with forked_formatter(True, threshold=10) as formatter:
        assert formatter.format_catalog(small) == format_catalog(small)
        assert formatter.helped == 0


@needs_fork
def test_a_helper_that_died_leaves_the_formatting_here():
    import signal

    catalog = _book(60)
    with forked_formatter(True, threshold=10) as formatter:
        os.kill(formatter.helper.pid, signal.SIGKILL)
        assert formatter.format_catalog(catalog) == format_catalog(catalog)
        assert formatter.helper.pid is None and formatter.helped == 0

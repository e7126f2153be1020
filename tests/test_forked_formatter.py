"""The forked formatter prints exactly what format_catalog prints, and falls back to it for anything odd."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

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


# --- entries formatted elsewhere (the segmenter's helper formats the template entries of its part) ---------

def _template_entries(texts: list[str]) -> list[Entry]:
    return [Entry(msgid=text, references=[f"source/book.md:{n}"], extracted_comments=["paragraph"])
            for n, text in enumerate(texts)]


class _Elsewhere:
    """A FormattedElsewhere source as the segmenter's helper makes one, in this process."""

    def __init__(self, entries: list[Entry], fail: bool = False) -> None:
        from l10n.forked_formatter import entry_block, plain_row

        self.rows = [plain_row(entry) for entry in entries]
        self.blocks = [entry_block(entry) for entry in entries]
        self.fail = fail
        self.asked: list[int] = []
        self.discarded = 0

    def __call__(self):
        from l10n.forked_formatter import FormattedElsewhere

        return FormattedElsewhere(self.rows, self.blocks_from, self.discard)

    def blocks_from(self, first: int):
        self.asked.append(first)
        return None if self.fail else ("\n".join(self.blocks[first:]), [len(b) for b in self.blocks[first:]])

    def discard(self) -> None:
        self.discarded += 1


_TEXTS = st.lists(st.sampled_from(["快手可靈。", "第二句?", "來源:X", "plain text", "「引號」裡的話。", "長" * 90]),
                  min_size=1, max_size=30, unique=True)


@settings(max_examples=150, deadline=None)
@given(_TEXTS, st.data(), st.booleans())
def test_entries_formatted_elsewhere_give_the_same_text_whichever_of_them_are_the_catalogs(texts, data, forked):
    """The helper's entries: the template's last ones, except those whose text occurs earlier (those are
    earlier entries, with more references); some of its entries may differ (another glossary read)."""
    catalog = Catalog(metadata={"Project-Id-Version": "book"}, header_comments=["A book."], header_flags=["fuzzy"],
                      entries=_template_entries(texts))
    split = data.draw(st.integers(0, len(texts)))
    theirs = [Entry(e.msgid, references=list(e.references), extracted_comments=list(e.extracted_comments))
              for e in catalog.entries[split:]]
    changes = [data.draw(st.sampled_from(["same", "same", "same", "comment", "reference"])) for _ in theirs]
    for entry, change in zip(theirs, changes):
        if change == "comment":
            entry.extracted_comments.append("glossary: X")
        elif change == "reference":
            entry.references = ["source/book.md:999"]
    earlier = data.draw(st.lists(st.integers(0, max(0, split - 1)), max_size=4)) if split else []
    for at in sorted(earlier, reverse=True):   # texts of the helper's part that the template has earlier
        early = catalog.entries[at]
        theirs.insert(data.draw(st.integers(0, len(theirs))),
                      Entry(early.msgid, references=["source/book.md:999"], extracted_comments=["paragraph"]))
    elsewhere = _Elsewhere(theirs)
    with forked_formatter(forked and not needs_fork.args[0], threshold=2, elsewhere=elsewhere) as formatter:
        assert formatter.format_catalog(catalog) == format_catalog(catalog)
        if set(changes) <= {"same"}:
            assert formatter.reused == len(theirs) - len(earlier)
        assert formatter.format_catalog(catalog) == format_catalog(catalog)   # asked once only
        assert len(elsewhere.asked) + elsewhere.discarded == 1   # the text asked for, or the work discarded


def test_entries_formatted_elsewhere_are_used_for_the_catalogs_last_entries_equal_to_them():
    catalog = _book(30)
    catalog.entries = catalog.entries[:-1]   # no obsolete entry: a template
    elsewhere = _Elsewhere(catalog.entries[12:])
    with forked_formatter(False, threshold=2, elsewhere=elsewhere) as formatter:
        assert formatter.format_catalog(catalog) == format_catalog(catalog)
        assert formatter.reused == 18 and elsewhere.asked == [0] and elsewhere.discarded == 0


def test_entries_formatted_elsewhere_that_are_not_the_catalogs_are_discarded_and_a_failure_formats_here():
    catalog = _book(30)
    elsewhere = _Elsewhere(_template_entries(["別的書。", "另一句。"]))
    with forked_formatter(False, threshold=2, elsewhere=elsewhere) as formatter:
        assert formatter.format_catalog(catalog) == format_catalog(catalog)
        assert formatter.reused == 0 and elsewhere.discarded == 1 and elsewhere.asked == []
    template = Catalog(metadata={"Project-Id-Version": "book"}, entries=_template_entries(["甲。", "乙。", "丙。"]))
    failing = _Elsewhere(template.entries[1:], fail=True)
    with forked_formatter(False, threshold=2, elsewhere=failing) as formatter:
        assert formatter.format_catalog(template) == format_catalog(template)
        assert formatter.reused == 0 and failing.asked == [0]

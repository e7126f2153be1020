"""CatalogStream reads what read_catalog reads, a piece at a time: the same entries in the same order, the
same header, the same errors (with their lines), whatever the pieces' size."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.po import CatalogError, read_catalog
from l10n.po.read import CatalogStream

FIXTURES = Path(__file__).parent / "fixtures"

HEADER = ('# A header comment\nmsgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n')
# Lines that make entries of every shape, and lines the fast reader leaves to the line reader (obsolete and
# plural entries, continuations after a blank line, indentation, escapes, mistakes of every kind).
LINES = ["", "", "", "#. extracted", "#: a.md:1 b.md:2", "#, fuzzy", "# translator", "#| msgid \"old\"",
         'msgctxt "c"', 'msgid "one"', 'msgstr "uno"', 'msgid "two"', 'msgstr "dos"', '"continued"',
         'msgid ""', 'msgstr ""', '#~ msgid "gone"', '#~ msgstr "ido"', 'msgid_plural "ones"', 'msgstr[0] "a"',
         'msgstr[1] "b"', '  msgid "indented"', 'msgid "tab\\tbed"', 'msgstr "\\x41"', 'msgstr "bad \\q"',
         "#. ends with a backslash \\", "not a keyword", 'msgid "中文"', 'msgstr "\u2028"',
         '#~ msgid ""', '#~ msgstr ""', '"', 'msgid "a"b"', 'msgstr "x" "y"', "#x", 'msgctxt ""']


def outcome(read):
    try:
        catalog = read()
    except CatalogError as error:
        return ("error", error.message, error.line)
    return catalog


def streamed(path: Path, piece: int):
    def read():
        stream = CatalogStream(path, piece)
        entries = list(stream)
        return stream.header, entries
    return read


def assert_same(path: Path, piece: int) -> None:
    whole = outcome(lambda: read_catalog(path, layouts=False))
    found = outcome(streamed(path, piece))
    if isinstance(whole, tuple) or isinstance(found, tuple) and found[0] == "error":
        assert found == whole
        return
    header, entries = found
    assert entries == whole.entries
    for size in (1, 3, 256):   # batches: the entries cut as islice would cut the stream
        batches = list(CatalogStream(path, piece).batches(size))
        assert [entry for batch in batches for entry in batch] == entries
        assert all(len(batch) == size for batch in batches[:-1]) and all(0 < len(b) <= size for b in batches)
    assert [entry.lineno for entry in entries] == [entry.lineno for entry in whole.entries]
    assert (header.metadata, header.header_comments, header.header_flags, header.conflict_header) == (
        whole.metadata, whole.header_comments, whole.header_flags, whole.conflict_header)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(LINES), max_size=40), entries=st.integers(0, 30),
       piece=st.sampled_from([1, 7, 40, 300, 1 << 20]), crlf=st.booleans(), bom=st.booleans())
def test_a_stream_reads_what_a_whole_read_reads(tmp_path, lines, entries, piece, crlf, bom):
    body = "".join(f'#: a.md:{n}\nmsgid "entry {n}"\nmsgstr "e {n}"\n\n' for n in range(entries))
    text = HEADER + "\n" + body + "\n".join(lines)
    if lines and lines[0].startswith("msgid"):
        text = HEADER + "\n".join(lines) + "\n\n" + body
    data = text.encode("utf-8")
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "x.po"
    path.write_bytes(data)
    assert_same(path, piece)


@pytest.mark.parametrize("piece", [64, 4096])
def test_real_catalogs_stream_as_they_read(piece):
    paths = sorted(FIXTURES.rglob("*.po"))
    assert paths
    for path in paths:
        assert_same(path, piece)


def test_a_duplicate_in_another_piece_is_the_same_error(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(HEADER + "\n" + "".join(f'msgid "e{n}"\nmsgstr ""\n\n' for n in range(50)) + 'msgid "e3"\nmsgstr ""\n',
                    encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        list(CatalogStream(path, 50))
    assert error.value.line == 6 + 3 * 50 + 1 and "duplicate" in error.value.message


def test_bytes_that_are_not_utf8_are_the_same_error(tmp_path):
    path = tmp_path / "x.po"
    path.write_bytes((HEADER + "\n" + 'msgid "a"\nmsgstr "b"\n\n' * 20).encode() + b'msgid "\xff"\nmsgstr ""\n')
    assert outcome(streamed(path, 30)) == outcome(lambda: read_catalog(path)) and outcome(streamed(path, 30))[2] == 67


def test_an_unusual_last_entry_is_read_once(tmp_path, monkeypatch):
    """The line reader takes over from the entry before an obsolete one: that entry is not a duplicate of
    itself, so the file is not read a second time as a whole to find out."""
    from l10n.po import read as po_read

    path = tmp_path / "x.po"
    path.write_text(HEADER + "\n" + 'msgid "a"\nmsgstr "b"\n\n#~ msgid "gone"\n#~ msgstr "ido"\n', encoding="utf-8")
    expected = read_catalog(path, layouts=False).entries

    def no_whole_read(*args, **kwargs):
        raise AssertionError("the whole file was read again")

    monkeypatch.setattr(po_read, "read_catalog", no_whole_read)
    assert list(CatalogStream(path, 1 << 20)) == expected

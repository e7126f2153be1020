"""Our PO reader against polib, an independent reader, on real catalogs: this repository's own and the
real-catalog fixtures of other projects (tests/po/fixtures/real, see its README).

Both must agree on every entry: msgctxt, msgid, msgid_plural, msgstr or each plural msgstr, flags, and
whether it is obsolete. polib is the test's oracle only; the runtime reads PO with :mod:`l10n.po` (see
the README for why).

polib pitfall handled explicitly: given PO *text*, polib cuts it with ``str.splitlines()``, which also
splits at U+2028, U+2029, U+0085 (and other separators) inside strings and so misreads any entry that
holds one. Given a *path* it iterates the file object, which splits at ``\\n`` (and a lone ``\\r``, which
gettext always writes as the escape ``\\r``) only. So polib is always handed the path, and
``test_polib_is_read_from_paths_because_text_splits_at_line_separators`` shows the difference on a
catalog that holds such a separator.
"""
from __future__ import annotations

from pathlib import Path

import polib
import pytest

from l10n.po import Catalog, Entry, format_catalog, read_catalog

from ..conftest import REPO

REAL = Path(__file__).parent / "fixtures" / "real"
CATALOGS = sorted([*(REPO / "locales").rglob("*.po"), *(REPO / "locales").rglob("*.pot"), *REAL.rglob("*.po")])


def ours(entry: Entry) -> tuple:
    strings = (entry.msgstr,) if entry.msgid_plural is None else tuple(sorted(entry.msgstr_plural.items()))
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, strings, tuple(entry.flags), entry.obsolete)


def theirs(entry: polib.POEntry) -> tuple:
    plural = entry.msgid_plural or None
    strings = (entry.msgstr,) if plural is None else tuple(sorted(entry.msgstr_plural.items()))
    return (entry.msgctxt, entry.msgid, plural, strings, tuple(entry.flags), bool(entry.obsolete))


def by_key(rows: list[tuple]) -> dict[tuple, tuple]:
    """Rows by (msgctxt, msgid, obsolete): our catalog lists obsolete entries last, polib in file order."""
    keyed = {(row[0], row[1], row[5]): row for row in rows}
    assert len(keyed) == len(rows), "a key occurs twice"
    return keyed


def test_the_catalogs_are_there():
    assert len(CATALOGS) >= 18 and any(path.is_relative_to(REPO / "locales") for path in CATALOGS)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: str(path.relative_to(REPO)))
def test_our_reader_and_polib_agree_on_every_entry(path):
    catalog: Catalog = read_catalog(path)
    reference = polib.pofile(str(path), wrapwidth=0)
    mine = [ours(entry) for entry in catalog.entries]
    other = [theirs(entry) for entry in reference if entry.msgid or entry.msgctxt is not None or entry.obsolete]
    assert len(mine) == len(other)
    assert by_key(mine) == by_key(other)
    assert [row for row in mine if not row[5]] == [row for row in other if not row[5]]  # same order too
    # polib strips each header value (``Project-Id-Version:  x``); ours keeps it as written
    assert {key: value.strip() for key, value in catalog.metadata.items()} == reference.metadata


def test_polib_is_read_from_paths_because_text_splits_at_line_separators(tmp_path):
    separated = next((path for path in CATALOGS if any(mark in path.read_text(encoding="utf-8")
                                                       for mark in "\u2028\u2029\x85")), None)
    if separated is None:   # none of the real catalogs holds one today: make one from the first
        source = read_catalog(CATALOGS[0])
        entry = next(entry for entry in source.active() if entry.msgstr)
        entry.msgstr += "\u2028tail"
        separated = tmp_path / "separated.po"
        separated.write_text(format_catalog(source), encoding="utf-8")
    expected = [ours(entry) for entry in read_catalog(separated).entries]
    from_path = [theirs(entry) for entry in polib.pofile(str(separated), wrapwidth=0)]
    assert by_key(from_path) == by_key(expected)
    try:
        from_text = [theirs(entry) for entry in polib.pofile(separated.read_text(encoding="utf-8"), wrapwidth=0)]
    except OSError:
        return   # polib could not even parse the text: the pitfall, loudly
    assert by_key(from_text) != by_key(expected)

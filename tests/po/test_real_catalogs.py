"""Our reader and writer on real catalogs of other projects (tests/po/fixtures/real, see its README), with
GNU ``msgcat`` as the oracle: what we write is byte for byte what msgcat writes from the same file."""
from __future__ import annotations

from pathlib import Path

import pytest

from l10n.po import format_catalog, read_catalog

from .samples import msgcat_version, run_msgcat

REAL = Path(__file__).parent / "fixtures" / "real"
CATALOGS = sorted(REAL.rglob("*.po"))


def test_the_sample_is_there():
    assert len(CATALOGS) >= 15
    assert sum(len(read_catalog(path).entries) for path in CATALOGS) > 1000


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: str(path.relative_to(REAL)))
def test_real_catalogs_are_written_as_msgcat_writes_them(path):
    assert format_catalog(read_catalog(path)) == run_msgcat(path), f"compared with {msgcat_version()}"


def test_the_sample_holds_plural_and_format_entries():
    entries = [entry for path in CATALOGS for entry in read_catalog(path).entries]
    assert sum(entry.msgid_plural is not None for entry in entries) >= 20
    assert {"python-format", "python-brace-format"} <= {flag for entry in entries for flag in entry.flags}


@pytest.mark.parametrize("path", CATALOGS[:8], ids=lambda path: str(path.relative_to(REAL)))
def test_reading_without_layouts_reads_the_same_entries(path):
    kept, dropped = read_catalog(path), read_catalog(path, layouts=False)
    assert dropped == kept   # (Entry.layout takes no part in equality)
    assert [entry.layout for entry in dropped.entries] == [None] * len(dropped.entries)
    assert any(entry.layout for entry in kept.entries)
    assert [(e.lineno, e.msgstr, e.flags, e.references) for e in dropped.entries] == \
        [(e.lineno, e.msgstr, e.flags, e.references) for e in kept.entries]

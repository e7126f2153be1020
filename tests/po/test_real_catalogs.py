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

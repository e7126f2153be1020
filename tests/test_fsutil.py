"""l10n.fsutil's staged writes: bytes written and fsynced aside, put in place by one rename, or dropped."""
from __future__ import annotations

from pathlib import Path

from l10n.fsutil import atomic_write_bytes, stage_bytes


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_staged_file_changes_nothing_until_it_is_committed(tmp_path):
    path = tmp_path / "a.po"
    path.write_bytes(b"old")
    staged = stage_bytes(path, b"new")
    assert staged is not None and path.read_bytes() == b"old"
    staged.commit()
    assert path.read_bytes() == b"new" and _names(tmp_path) == ["a.po"]


def test_a_discarded_file_leaves_the_old_bytes_and_no_temp_file(tmp_path):
    path = tmp_path / "a.po"
    path.write_bytes(b"old")
    stage_bytes(path, b"new").discard()
    assert path.read_bytes() == b"old" and _names(tmp_path) == ["a.po"]
    stage_bytes(tmp_path / "b.po", b"new").discard()
    assert _names(tmp_path) == ["a.po"]


def test_equal_bytes_stage_nothing_and_write_nothing(tmp_path):
    path = tmp_path / "a.po"
    path.write_bytes(b"same")
    assert stage_bytes(path, b"same") is None
    assert atomic_write_bytes(path, b"same") is False
    assert atomic_write_bytes(path, b"other") is True and path.read_bytes() == b"other"

"""l10n.fsutil's staged writes: bytes written and fsynced aside, put in place by one rename, or dropped."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from l10n import fsutil
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


def _finished_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_write_removes_the_temp_files_of_a_killed_writer_and_keeps_a_running_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(fsutil, "_swept", set())
    dead = tmp_path / f".a.po.l10n{_finished_pid()}.x1y2z3.tmp"
    alive = tmp_path / f".b.po.l10n{os.getpid()}.q9w8e7.tmp"
    foreign = tmp_path / ".c.po.swp.tmp"
    for path in (dead, alive, foreign):
        path.write_bytes(b"staged")
    atomic_write_bytes(tmp_path / "a.po", b"new")
    assert _names(tmp_path) == sorted([alive.name, foreign.name, "a.po"])


def test_a_staged_temp_file_names_its_writer(tmp_path):
    staged = stage_bytes(tmp_path / "a.po", b"new")
    try:
        [temp] = [name for name in _names(tmp_path)]
        assert fsutil._ORPHAN.fullmatch(temp).group(1) == str(os.getpid())
    finally:
        staged.discard()


def test_a_staged_file_gets_the_mode_of_a_new_file_without_the_umask_being_set(tmp_path, monkeypatch):
    """Setting the umask to ask it (os.umask) would give a file another writer thread creates meanwhile mode
    0666: the kernel applies it as the temp file is created instead."""
    current = os.umask(0o027)
    try:
        def umask(_mask):
            raise AssertionError("the umask was set")

        monkeypatch.setattr(os, "umask", umask)
        stage_bytes(tmp_path / "a.po", b"new").commit()
        assert (tmp_path / "a.po").stat().st_mode & 0o777 == 0o640
    finally:
        monkeypatch.undo()
        os.umask(current)


def test_a_file_of_another_length_is_not_read_to_be_compared(tmp_path):
    path = tmp_path / "a.po"
    path.write_bytes(b"old bytes")

    def unread() -> Iterator[bytes]:
        raise AssertionError("the file was compared piece by piece")
        yield b""

    assert not fsutil._file_holds(path, unread(), size=3)
    assert fsutil._file_holds(path, iter([b"old ", b"bytes"]), size=9)
    assert not fsutil._file_holds(path, iter([b"old ", b"bytez"]), size=9)
    assert stage_bytes(path, b"old bytes") is None


def test_a_temp_file_is_made_in_a_folder_that_does_not_exist_yet(tmp_path):
    path = tmp_path / "new" / "folder" / "a.po"
    stage_bytes(path, b"new").commit()
    assert path.read_bytes() == b"new" and _names(path.parent) == ["a.po"]

"""Writing files so a crash or a second process never leaves half a catalog."""
from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path


def cache_home() -> Path:
    """``$XDG_CACHE_HOME/l10n`` (``~/.cache/l10n`` when XDG_CACHE_HOME is unset or relative, as the spec says;
    without a home directory, a bare container, ``l10n-cache`` in the temp folder: a cache there still helps)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):
        return Path(base) / "l10n"
    try:
        return Path.home() / ".cache" / "l10n"
    except RuntimeError:
        return Path(tempfile.gettempdir()) / "l10n-cache"


def prune_oldest(folder: Path, keep: int) -> None:
    """Delete the least recently modified files of ``folder`` beyond the newest ``keep`` (a cache's bound)."""
    names = os.listdir(folder)
    if len(names) <= keep:
        return
    by_age = sorted((folder / name for name in names), key=lambda path: path.stat().st_mtime)
    for path in by_age[:len(names) - keep]:
        path.unlink(missing_ok=True)


_PIECE = 1 << 20   # characters encoded at a time: a book's catalog is never held twice more as bytes


def _utf8_pieces(text: str, first: int = 0) -> Iterator[bytes]:
    for start in range(first, len(text), _PIECE):
        yield text[start:start + _PIECE].encode("utf-8")


def file_holds(path: Path, text: str, *, prefix: str = "", start: int = 0) -> bool:
    """Whether the file's bytes are ``prefix + text[start:]`` in UTF-8, compared a piece at a time (neither the
    file nor the encoded text is held whole, nor is that text made)."""
    pieces = _utf8_pieces(text, start)
    return _file_holds(path, itertools.chain([prefix.encode("utf-8")], pieces) if prefix else pieces)


def _file_holds(path: Path, pieces: Iterable[bytes], size: int | None = None) -> bool:
    """Whether the file's bytes are the concatenation of ``pieces``; ``size``, their total length when the caller
    knows it, spares reading a file of another length."""
    try:
        handle = open(path, "rb")
    except OSError:
        return False
    with handle:
        if size is not None and os.fstat(handle.fileno()).st_size != size:
            return False
        for piece in pieces:
            if handle.read(len(piece)) != piece:
                return False
        return handle.read(1) == b""


def atomic_write_text(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` as UTF-8 via a temp file and ``os.replace``.

    Returns False and touches nothing when the file already holds exactly this text, so repeated
    commands cause no mtime churn and no needless rewrites.
    """
    return atomic_write_pieces(Path(path), lambda: _utf8_pieces(text))


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    return atomic_write_pieces(Path(path), lambda: iter((data,)))


def atomic_write_pieces(path: Path, pieces: Callable[[], Iterator[bytes]]) -> bool:
    """:func:`atomic_write_bytes` of the concatenation of ``pieces()`` (called once to compare with the file,
    once more to write it), so the whole content is never held as one object."""
    staged = stage_pieces(path, pieces)
    if staged is None:
        return False
    staged.commit()
    return True


class StagedFile:
    """New bytes for ``path``, already written and fsynced to a temp file beside it: :meth:`commit` puts them
    in place with one ``os.replace`` (the file is old or new, never half), :meth:`discard` drops them."""

    def __init__(self, path: Path, tmp: str) -> None:
        self.path = path
        self._tmp = tmp

    def commit(self) -> None:
        try:
            os.replace(self._tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._tmp)


def stage_bytes(path: Path, data: bytes) -> StagedFile | None:
    """The slow half of :func:`atomic_write_bytes` (write and fsync a temp file), so a command can stage
    every file while it still works and replace them only once nothing can fail any more. None when the file
    already holds exactly ``data`` (nothing to write)."""
    return stage_pieces(path, lambda: iter((data,)), len(data))


def stage_pieces(path: Path, pieces: Callable[[], Iterator[bytes]], size: int | None = None) -> StagedFile | None:
    """:func:`stage_bytes` of the concatenation of ``pieces()`` (compared with the file a piece at a time;
    ``size``: their total length, when known).

    Few system calls, and little Python between them: writer threads stage files while the main thread works,
    and after each call that releases the GIL a thread waits for it again."""
    path = Path(path)
    if _file_holds(path, pieces(), size):
        return None
    fd, tmp = _new_temp_file(path)
    try:
        for piece in pieces():
            view = memoryview(piece)
            while view:
                view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    os.close(fd)
    return StagedFile(path, tmp)


def _new_temp_file(path: Path) -> tuple[int, str]:
    """A new, empty temp file beside ``path`` (its folder made if need be), named for this process (see
    :func:`_sweep_orphans`), with the mode any new file gets: 0644 less the umask, which the kernel applies as
    it creates the file (asking for the umask would set it for a moment, for every thread)."""
    _sweep_orphans(path.parent)
    prefix = os.path.join(path.parent, f".{path.name}.{_TEMP_MARK}{os.getpid()}.")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for attempt in range(100):
        tmp = f"{prefix}{os.urandom(4).hex()}.tmp"
        try:
            return os.open(tmp, flags, 0o644), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            if attempt:
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
    raise FileExistsError(f"no free temp file name beside {path}")


_TEMP_MARK = "l10n"
_ORPHAN = re.compile(rf"\..+\.{_TEMP_MARK}(\d+)\.[^.]*\.tmp")
_swept: set[str] = set()


def _sweep_orphans(folder: Path) -> None:
    """Delete the temp files a killed l10n process left in ``folder``, once per folder and process.

    A command stages every catalog before it replaces any, so a SIGKILL may leave one temp file per staged
    catalog. Each temp file's name carries its writer's pid; only files whose writer no longer runs are
    removed, so a second command writing beside this one keeps its files."""
    key = os.fspath(folder)
    if key in _swept:
        return
    _swept.add(key)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _ORPHAN.fullmatch(name)
        if match is None or _process_runs(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, name))


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True   # it runs, under another user
    return True


@contextlib.contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Serialise commands that rewrite catalogs: a second ``l10n update``/``draft`` waits for the first.

    A read-modify-write under one exclusive lock means no writer works from a stale read, so no entry
    written by the other process is lost. The lock is taken on the project's ``pyproject.toml`` opened
    read-only, so locking creates and changes no file.
    """
    with open(Path(root) / "pyproject.toml", "rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

"""A persistent machine-translation cache: (engine id, engine version, input text) -> output, in SQLite.

MT is the slow step of drafting and its output only changes with the engine, so re-drafting after an edit only
translates new segments. The engine version (package, libraries, decoding settings) is part of the key: a new
model never serves stale output. The cache lives outside the repository by default (it is not content):
``$XDG_CACHE_HOME/l10n/mt-cache.sqlite3``, else ``~/.cache/l10n/mt-cache.sqlite3``.

Two processes may draft at once (two checkouts, a CLI run beside the tests): the database runs in WAL mode, so
readers never wait for the writer, and writers take the write lock up front (``BEGIN IMMEDIATE``) and wait for
each other through the busy timeout instead of failing. Every value goes through SQL parameters.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from l10n.errors import L10nError
from l10n.fsutil import cache_home

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine  TEXT NOT NULL,
    version TEXT NOT NULL,
    source  TEXT NOT NULL,
    target  TEXT NOT NULL,
    PRIMARY KEY (engine, version, source)
) WITHOUT ROWID
"""
_MAX_PARAMETERS_PER_QUERY = 500  # well under SQLite's limit (999 in old builds), two of them are engine and version
_FIX_HINT = "delete the file: it is only a cache and will be rebuilt"


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/l10n/mt-cache.sqlite3`` (see :func:`l10n.fsutil.cache_home`)."""
    return cache_home() / "mt-cache.sqlite3"


class MTCache:
    """Open (creating if needed) the cache at *path*, or at :func:`default_cache_path`."""

    def __init__(self, path: Path | None = None, timeout: float = 30.0) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        try:
            with self._errors():
                self._set_up(time.monotonic() + timeout)
        except L10nError:
            self._db.close()
            raise

    def _set_up(self, deadline: float) -> None:
        """WAL mode and the table, retried while another process is doing the same: SQLite answers a
        journal-mode switch that meets another connection with "locked" at once, without its busy timeout."""
        pause = 0.005
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")  # safe in WAL mode; a lost entry is just a miss
                self._db.execute("BEGIN IMMEDIATE")  # a deferred CREATE could not upgrade past a concurrent one
                try:
                    self._db.execute(_SCHEMA)
                finally:
                    self._db.execute("COMMIT")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() + pause > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.2)

    def get_many(self, engine: str, version: str, texts: Iterable[str]) -> dict[str, str]:
        """Cached outputs for the *texts* that have one; misses are absent from the result."""
        unique = list(dict.fromkeys(texts))
        found: dict[str, str] = {}
        with self._errors():
            for chunk in _chunks(unique, _MAX_PARAMETERS_PER_QUERY):
                marks = ", ".join("?" * len(chunk))  # only the number of parameters goes into the SQL
                rows = self._db.execute(
                    f"SELECT source, target FROM translations WHERE engine = ? AND version = ? AND source IN ({marks})",
                    (engine, version, *chunk))
                found.update(rows)
        return found

    def put_many(self, engine: str, version: str,
                 pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Store ``(input, output)`` pairs in one transaction, replacing older outputs for the same key."""
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        rows = [(engine, version, source, target) for source, target in items]
        with self._errors():
            self._db.execute("BEGIN IMMEDIATE")  # take the write lock now: a deferred upgrade could fail as busy
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations (engine, version, source, target) VALUES (?, ?, ?, ?)",
                    rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as error:
            raise L10nError(f"MT cache unavailable: {error}", self.path,
                            hint="another process may hold it; retry, or " + _FIX_HINT) from error
        except sqlite3.DatabaseError as error:
            raise L10nError(f"MT cache is not a readable SQLite database: {error}", self.path,
                            hint=_FIX_HINT) from error


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]

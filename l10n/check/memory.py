"""What entry checks found last time, by content: a run re-checks only the entries that changed.

An entry check's problems depend on the entry's msgid and msgstr, the catalog's locale, the source
document's reference labels (the markup check), and on things every entry of a run shares: the config,
the glossary, the set of checks that run, the l10n code and the libraries it reads text with (OpenCC's
tables, markdown-it). So each catalog has a memory file holding, for every entry checked in its last run,
a 16-byte digest of (document labels, msgid, msgstr) (the file is the locale's) keyed under a fingerprint of all the shared
things, with the problems found (nearly always none). A run whose fingerprint matches takes an entry's
problems from the memory when its digest is there and runs the checks only for the others; any change of
config, glossary, code or libraries makes a new fingerprint, and every entry is checked again.

An entry that silences a check (``l10n-ignore``) is always checked afresh and never remembered. The files
live outside the project (``$XDG_CACHE_HOME/l10n/check``); losing one costs one full run of that catalog, a
damaged one is ignored and rewritten. Like linters' caches (ruff, eslint --cache), the memory changes no
finding: the tests hold a remembered run to a fresh one.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.fsutil import atomic_write_bytes, cache_home, prune_oldest

from .model import Problem

if TYPE_CHECKING:
    from l10n.config import Config
    from l10n.po import Entry

MAGIC = b"l10n check memory 1\n"
MEMORY_FILES = 1000
"""Catalog memories kept in the cache folder (one per catalog and selection of checks); the oldest go
beyond this."""
_LIBRARIES = ("opencc", "markdown-it-py", "mdit-py-plugins", "pyahocorasick", "babel")

Remembered = tuple[tuple[str, Problem], ...]
"""(check id, problem) for one entry; empty when it passed every check."""


def memory_dir() -> Path:
    """``$XDG_CACHE_HOME/l10n/check`` (see :func:`l10n.fsutil.cache_home`)."""
    return cache_home() / "check"


@functools.cache
def _environment_fingerprint() -> bytes:
    from l10n.stale import code_fingerprint

    digest = hashlib.blake2b(code_fingerprint(), digest_size=16)
    digest.update(sys.version.encode())
    for name, version in _installed_versions(_LIBRARIES).items():
        digest.update(f"{name} {version or 'none'}\0".encode())
    return digest.digest()


def _installed_version(name: str) -> str | None:
    """The version of distribution ``name`` as ``importlib.metadata.version`` finds it, or None.

    >>> _installed_version("no-such-distribution") is None
    True
    """
    return _installed_versions((name,))[name]


def _distribution_key(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed_versions(names: Sequence[str]) -> dict[str, str | None]:
    """By name, the version of each distribution as ``importlib.metadata.version`` finds it (the ``Version``
    of the first ``*.dist-info`` or ``*.egg-info`` for it on ``sys.path``), or None; read without importing
    importlib.metadata, which costs a one-process run 0.04 s. Each folder of ``sys.path`` is listed once for
    all the names."""
    wanted = {_distribution_key(name): name for name in names}
    versions: dict[str, str | None] = dict.fromkeys(names)
    for folder in sys.path:
        if not wanted:
            break
        try:
            children = os.listdir(folder or ".")
        except OSError:   # (a zip file, a folder gone)
            continue
        for child in children:
            base, dot, suffix = child.rpartition(".")
            if suffix not in ("dist-info", "egg-info"):
                continue
            name = wanted.get(_distribution_key(base.partition("-")[0]))
            if name is None:
                continue
            version = _version_header(os.path.join(folder or ".", child))
            if version is not None:
                versions[name] = version
                del wanted[_distribution_key(name)]
    return versions


def _version_header(path: str) -> str | None:
    """The ``Version:`` header of a dist-info/egg-info folder's METADATA or PKG-INFO (or of an egg-info file)."""
    for metadata in (os.path.join(path, "METADATA"), os.path.join(path, "PKG-INFO"), path):
        try:
            with open(metadata, encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if line.startswith("Version:"):
                        return line[len("Version:"):].strip()
                    if not line.strip():
                        break   # the end of the headers
        except OSError:
            continue
    return None


def run_fingerprint(config: Config | None, check_ids: Iterable[str]) -> bytes:
    """What every entry's problems in one run depend on besides the entry: code, libraries, config,
    glossary file, and which checks run."""
    digest = hashlib.blake2b(_environment_fingerprint(), digest_size=16)
    digest.update(repr(config).encode("utf-8", "surrogatepass"))
    glossary = config.glossary if config is not None else None
    try:
        digest.update(glossary.read_bytes() if glossary is not None and glossary.is_file() else b"no glossary")
    except OSError:
        digest.update(b"unreadable glossary")
    selection = "\0".join(sorted(check_ids)).encode()
    digest.update(selection)
    # The last bytes name the selection alone: they place the file, so a new fingerprint (new code, an
    # edited glossary) replaces the catalog's memory instead of adding one, and --select runs keep theirs.
    return digest.digest() + hashlib.blake2b(selection, digest_size=4).digest()


class CatalogMemory:
    """The memory of one catalog for one run: look entries up, record what was checked, save."""

    def __init__(self, path: Path, fingerprint: bytes, locale: str, *, load: bool = True) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self._clean: set[bytes] = set()
        self._problems: dict[bytes, Remembered] = {}
        self._seen = bytearray()   # keys of the entries found clean, 16 bytes each (repeats possible)
        self._seen_problems: dict[bytes, Remembered] = {}
        self._changed = False
        if load:
            self._load()

    def key(self, entry: Entry, labels: bytes) -> bytes:
        """The key of an entry's content here: :func:`entry_key` (a memory holds one catalog's entries
        under one fingerprint and locale, which its file names and starts with)."""
        return entry_key(entry, labels)

    def exists(self) -> bool:
        """Whether the file holds a memory under this fingerprint (read without loading it)."""
        try:
            with open(self.path, "rb") as handle:
                return handle.read(len(MAGIC) + len(self.fingerprint)) == MAGIC + self.fingerprint
        except OSError:
            return False

    def get(self, key: bytes) -> Remembered | None:
        """The remembered problems of an entry with this key, or None when it was not checked before."""
        if key in self._clean:
            self._seen += key
            return ()
        found = self._problems.get(key)
        if found is not None:
            self._seen_problems[key] = found
        return found

    def put(self, key: bytes, found: Remembered) -> None:
        self._changed = True
        if found:
            self._seen_problems[key] = found
        else:
            self._seen += key

    def get_many(self, keys: Sequence[bytes]) -> list[Remembered | None]:
        """:meth:`get` of each key, in order (a memory holding nothing answers at once)."""
        if not self._clean and not self._problems:
            return [None] * len(keys)
        get = self.get
        return [get(key) for key in keys]

    def put_many(self, pairs: Sequence[tuple[bytes, Remembered]]) -> None:
        """:meth:`put` of each ``(key, problems)``."""
        if not pairs:
            return
        self._changed = True
        self._seen += b"".join([key for key, found in pairs if not found])
        self._seen_problems.update([(key, found) for key, found in pairs if found])

    def _seen_keys(self) -> set[bytes]:
        seen = self._seen
        return {bytes(seen[at:at + 16]) for at in range(0, len(seen), 16)}

    def learned(self) -> tuple[set[bytes], dict[bytes, Remembered]]:
        """What this run saw of the catalog (a worker's share), for :meth:`save_learned` in the parent."""
        return self._seen_keys(), self._seen_problems

    def save_learned(self, shares: Sequence[tuple[set[bytes], dict[bytes, Remembered]]]) -> None:
        """Save what the workers saw of one catalog, all shares together (an unchanged file is not written)."""
        self._seen = bytearray(b"".join(set().union(*(seen for seen, _ in shares))))
        self._seen_problems = {key: found for _, problems in shares for key, found in problems.items()}
        self._changed = True
        self.save()

    def save(self) -> None:
        """Write what this run checked (entries gone from the catalog are forgotten); best effort."""
        seen = self._seen_keys()
        if not self._changed and len(seen) == len(self._clean) and len(self._seen_problems) == len(self._problems):
            return
        problems = {key.hex(): [[check_id, p.message, p.severity, p.line] for check_id, p in found]
                    for key, found in self._seen_problems.items()}
        # The keys in the order the entries came (the same run, the same file), each once: without repeats
        # (the common case) what was gathered already (sorting them cost ~6 ms a 20,000-entry catalog).
        kept = self._seen if len(seen) * 16 == len(self._seen) else b"".join(dict.fromkeys(
            bytes(self._seen[at:at + 16]) for at in range(0, len(self._seen), 16)))
        data = b"".join([MAGIC, self.fingerprint, len(seen).to_bytes(8, "big"), kept,
                         json.dumps(problems, ensure_ascii=False).encode("utf-8", "surrogatepass")])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, data)
            prune_oldest(self.path.parent, MEMORY_FILES)
        except OSError:
            pass

    def _load(self) -> None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        head = len(MAGIC) + len(self.fingerprint)
        if not data.startswith(MAGIC) or data[len(MAGIC):head] != self.fingerprint or len(data) < head + 8:
            return
        count = int.from_bytes(data[head:head + 8], "big")
        start, end = head + 8, head + 8 + 16 * count
        if len(data) < end:
            return
        try:
            raw = json.loads(data[end:].decode("utf-8", "surrogatepass"))
            problems = {bytes.fromhex(key): tuple((check_id, Problem(message, severity, line))
                                                  for check_id, message, severity, line in found)
                        for key, found in raw.items()}
        except (ValueError, TypeError):
            return
        self._clean = {data[at:at + 16] for at in range(start, end, 16)}
        self._problems = problems


def open_memory(config: Config, rel: str, locale: str, fingerprint: bytes, *, load: bool = True) -> CatalogMemory:
    """The memory of catalog ``rel`` (project-relative) under ``fingerprint`` (``load``: read it now)."""
    place = hashlib.blake2b(f"{config.root.resolve()}\0{rel}\0{locale}".encode("utf-8", "surrogatepass")
                            + fingerprint[-4:], digest_size=12).hexdigest()
    return CatalogMemory(memory_dir() / place, fingerprint, locale, load=load)


def entry_key(entry: Entry, labels: bytes) -> bytes:
    """The digest of an entry's content (``labels``: the digest of its document's reference labels): what
    its problems are remembered under, and shared under between locales of a run (16 bytes: a memo of a
    whole catalog keeps no msgid or msgstr alive)."""
    return entry_keys([entry], [labels])[0]


def entry_keys(entries: Sequence[Entry], labels: Sequence[bytes]) -> list[bytes]:
    """:func:`entry_key` of each entry (with its document's ``labels``), a batch at a time."""
    # The labels digest has a fixed size and a msgid holds no U+0000 (the reader refuses it), so the NUL
    # ends the msgid; each text is encoded on its own (one str built of both cost ~0.4 us more an entry).
    blake2b, join = hashlib.blake2b, b"".join
    return [blake2b(join((label, entry.msgid.encode("utf-8", "surrogatepass"), b"\0",
                          entry.msgstr.encode("utf-8", "surrogatepass"))), digest_size=16).digest()
            for entry, label in zip(entries, labels)]


def labels_digest(labels: frozenset[str] | None) -> bytes:
    """A fixed-size digest of a document's reference labels (None: the document is not known)."""
    if labels is None:
        return b"\xff" * 8
    return hashlib.blake2b("\0".join(sorted(labels)).encode("utf-8", "surrogatepass"), digest_size=8).digest()


__all__: Sequence[str] = ("CatalogMemory", "entry_key", "entry_keys", "labels_digest", "memory_dir", "open_memory",
                          "run_fingerprint")


# --- whole files -------------------------------------------------------------------------------------------
#
# A catalog whose bytes did not change since a run with the same fingerprint, over the same source documents
# and the same files, has the same findings, file checks included: the run replays them without parsing it.

FILE_MAGIC = b"l10n check findings 1\n"


def run_context(specs: Sequence[tuple[str, str, str, bool]], documents: Iterable[tuple[str, str]],
                drafts: bool) -> bytes:
    """What a file's findings depend on besides its bytes and the run fingerprint: which files the run
    checks (``(rel, locale, document, has source)``: orphans), every source document (the stale check,
    reference labels), and whether drafts are checked."""
    digest = hashlib.blake2b(repr((list(specs), drafts)).encode("utf-8", "surrogatepass"), digest_size=16)
    for name, text in documents:
        digest.update(f"\0{len(name)}:{name}{len(text)}:".encode("utf-8", "surrogatepass"))
        digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.digest()


def _findings_path(config: Config, rel: str, fingerprint: bytes) -> Path:
    place = hashlib.blake2b(f"{config.root.resolve()}\0{rel}\0findings".encode("utf-8", "surrogatepass")
                            + fingerprint[-4:], digest_size=12).hexdigest()
    return memory_dir() / place


def file_key(fingerprint: bytes, context: bytes, rel: str, path: Path) -> bytes:
    """The key of a file's findings: the run's fingerprint and context, its name and its bytes (read in
    pieces, so a 50 MB catalog costs no 50 MB of memory). Raises OSError when it cannot be read."""
    digest = hashlib.blake2b(fingerprint + context + rel.encode("utf-8", "surrogatepass") + b"\0", digest_size=16)
    with open(path, "rb") as handle:
        for piece in iter(lambda: handle.read(1 << 20), b""):
            digest.update(piece)
    return digest.digest()


def replayed_findings(config: Config, rel: str, fingerprint: bytes, key: bytes) -> list | None:
    """The findings remembered for a file with this key (a list of :class:`~l10n.check.model.Finding`),
    or None."""
    from .model import Finding

    try:
        data = _findings_path(config, rel, fingerprint).read_bytes()
    except OSError:
        return None
    if not data.startswith(FILE_MAGIC + key):
        return None
    try:
        rows = json.loads(data[len(FILE_MAGIC) + len(key):].decode("utf-8", "surrogatepass"))
        return [Finding(path, line, severity, check_id, message, locale, msgid)
                for path, line, severity, check_id, message, locale, msgid in rows]
    except (ValueError, TypeError):
        return None


def remember_findings(config: Config, rel: str, fingerprint: bytes, key: bytes, findings: Sequence) -> None:
    rows = [[f.path, f.line, f.severity, f.check, f.message, f.locale, f.msgid] for f in findings]
    data = FILE_MAGIC + key + json.dumps(rows, ensure_ascii=False).encode("utf-8", "surrogatepass")
    path = _findings_path(config, rel, fingerprint)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
        prune_oldest(path.parent, MEMORY_FILES)
    except OSError:
        pass

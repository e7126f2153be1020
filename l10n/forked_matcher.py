"""Fuzzy matching a large catalog on the second core (a :class:`l10n.forked.ForkedHelper` does it).

After an edit of a book, the fuzzy matches of its changed paragraphs are the largest single cost of
``l10n update`` (the old msgids' n-gram index and one query per new msgid), and they depend only on the old
catalog and the template's keys. The helper is told the book's catalogs before the book is segmented: it
reads their msgids itself (streamed, so it holds little), builds each index while this process segments
the book and builds and formats the template, and answers the queries as soon as it is sent the
template's keys; this process meanwhile reads the old catalogs. Then it finds the translation memory's
close matches for the entries the merge will leave empty, if that catalog is all the memory holds.

The answers are :meth:`l10n.fuzzy.FuzzyIndex.best_many`'s for the helper's candidates and queries (and
:func:`l10n.tm.memory.close_matches`' for its sources and queries). They are used only if those are the ones
this process merges with (same count, same digest): anything else (no helper, a helper that died or could
not read a catalog, a renamed document's catalog, other catalogs or compendia in the memory, a file changed
in between) leaves the matching to :func:`l10n.catalog.merge` and :meth:`l10n.tm.memory.Memory.close_many`
here, so the catalogs never depend on the helper.
"""
from __future__ import annotations

import contextlib
import pickle
import threading
from array import array
from collections.abc import Sequence
from pathlib import Path

from .forked import ForkedHelper, helping, receive, send

PARALLEL_CATALOG_BYTES = 2_000_000
"""Old catalogs this large in all (about 10,000 entries of Chinese) are matched by the helper."""

REPLY_BUFFER = 1 << 20
"""Bytes the reply pipe is asked to hold (Linux allows an unprivileged process 1 MiB): 60,000 matches."""

Match = tuple[int, float] | None


def texts_digest(texts: Sequence[str]) -> tuple[int, int]:
    """How the helper and this process tell that they hold the same texts: their count and hash (a forked
    helper hashes strings with its parent's seed)."""
    return len(texts), hash(tuple(texts))


class ForkedMatcher:
    """The fuzzy matches (and the translation memory's close matches) of the first large document's
    catalogs, computed by the helper (one job)."""

    def __init__(self, threshold: int | None = None) -> None:
        self.threshold = PARALLEL_CATALOG_BYTES if threshold is None else threshold
        self.helped = 0   # catalogs whose fuzzy matches came from the helper
        self.remembered = 0   # catalogs whose close matches in the memory came from the helper
        self.helper = ForkedHelper(_serve)
        self._replies: list[tuple[Path, str]] = []   # what the helper will send, in its order
        self._offered = False

    def start(self) -> None:
        self.helper.start()

    def close(self) -> None:
        self.helper.close()
        self._replies = []

    def prepare(self, paths: Sequence[Path], threshold: float, unit: str, memory_threshold: float | None = None,
                ) -> bool:
        """Give the helper a document's old catalogs (those that exist) if it has no job yet and they are
        large enough; whether it took them. ``memory_threshold``: also the close matches the translation
        memory will look for, at that similarity (None: the memory is off)."""
        if self.helper.pid is None or self._replies or self._offered:
            return False
        existing = []
        size = 0
        for path in paths:
            try:
                size += path.stat().st_size
            except OSError:
                continue
            existing.append(path)
        if not existing or size < self.threshold:
            return False
        try:
            send(self.helper.requests, pickle.dumps(([str(path) for path in existing], threshold, unit,
                                                     memory_threshold), pickle.HIGHEST_PROTOCOL))
        except OSError:
            self.close()
            return False
        kinds = ("fuzzy",) if memory_threshold is None else ("fuzzy", "memory")
        self._replies = [(path, kind) for path in existing for kind in kinds]
        return True

    def offer(self, keys: Sequence[tuple[str | None, str]]) -> None:
        """Send the template's keys (after :meth:`prepare`): the helper matches what the old catalogs lack."""
        if not self._replies or self._offered:
            return
        self._offered = True
        try:
            send(self.helper.requests, pickle.dumps(list(keys), pickle.HIGHEST_PROTOCOL))
        except OSError:
            self.close()

    def matches(self, path: Path, texts: Sequence[str], queries: Sequence[str], threshold: float,
                unit: str) -> list[Match] | None:
        """The helper's matches of ``queries`` among ``texts`` for the catalog at ``path`` (as
        :meth:`l10n.fuzzy.FuzzyIndex.best_many` gives them), or None if it has none for exactly these (the
        caller then matches them itself)."""
        reply = self._reply(path, "fuzzy")
        if reply is None:
            return None
        their_texts, their_queries, their_threshold, their_unit, packed = reply
        if (their_threshold, their_unit) != (threshold, unit) or their_texts != texts_digest(texts) \
                or their_queries != texts_digest(queries) or len(packed[0]) != len(queries):
            return None
        self.helped += 1
        return _unpacked(packed)

    def close_matches(self, path: Path, sources: Sequence[str], queries: Sequence[str], threshold: float,
                      unit: str, scan: bool) -> list[Match] | None:
        """The helper's :func:`l10n.tm.memory.close_matches` of ``queries`` among the memory's sorted
        ``sources`` while filling the catalog at ``path``, or None if it has none for exactly these."""
        reply = self._reply(path, "memory")
        if reply is None:
            return None
        their_sources, their_queries, their_threshold, their_unit, their_scan, packed = reply
        if (their_threshold, their_unit, their_scan) != (threshold, unit, scan) \
                or their_sources != texts_digest(sources) or their_queries != texts_digest(queries) \
                or len(packed[0]) != len(queries):
            return None
        self.remembered += 1
        return _unpacked(packed)

    def _reply(self, path: Path, kind: str) -> tuple | None:
        """The helper's reply of ``kind`` for ``path``; the replies it sent before it, which nobody asked
        for, are skipped (None if it sent or will send none)."""
        if (path, kind) not in self._replies:
            return None
        reply = None
        while self._replies:
            current = self._replies.pop(0)
            try:
                data = receive(self.helper.replies)
                reply = pickle.loads(data) if data else None
            except (OSError, pickle.UnpicklingError, EOFError):
                reply = None
                self.close()
            if current == (path, kind):
                break
            reply = None
        if not self._replies:
            self.close()   # its one job is done
        return reply


def forked_matcher(wanted: bool, threshold: int | None = None) -> contextlib.AbstractContextManager[ForkedMatcher]:
    """A :class:`ForkedMatcher` whose helper runs (if ``wanted``) until its job is done or the block ends."""
    return helping(ForkedMatcher(threshold), wanted)


class _OldCatalog:
    """What the helper takes from an old catalog: the keys of every entry, those with a translation, the
    msgids with one in :func:`l10n.catalog.merge`'s order (the entries of :func:`l10n.po.read_catalog`), and
    the source texts the translation memory takes from it (:func:`l10n.tm.memory.catalog_units`)."""

    def __init__(self, path: str) -> None:
        from .po import has_translation
        from .po.read import CatalogStream
        from .tm.memory import approved

        self.keys: set[tuple[str | None, str]] = set()
        self.translated: set[tuple[str | None, str]] = set()
        self.texts: list[str] = []
        self.approved: set[str] = set()
        for entry in CatalogStream(path):
            key = entry.key
            self.keys.add(key)
            if has_translation(entry):
                self.translated.add(key)
                self.texts.append(entry.msgid)
                if entry.msgctxt is None and approved(entry):
                    self.approved.add(entry.msgid)

    def still_empty(self, template_keys: Sequence[tuple[str | None, str]], found: Sequence[Match]) -> list[str]:
        """The msgids the translation memory is asked for after the merge (:func:`l10n.tm.fill.fill_catalog`):
        entries left without a translation (kept untranslated, or new with no fuzzy match; ``found`` are the
        new ones' matches, in order), without a context, and with no exact unit."""
        pending: list[str] = []
        new = iter(found)
        for key in template_keys:
            empty = key not in self.translated if key in self.keys else next(new) is None
            if empty and key[0] is None and key[1] not in self.approved:
                pending.append(key[1])
        return pending


def _packed(found: Sequence[Match]) -> tuple[array, array]:
    """Matches as two arrays (the old text's index, -1 for none; the score): a reply small enough for the
    pipe's buffer, so the helper can exit (and give its memory back) before the parent reads it."""
    return (array("q", [-1 if match is None else match[0] for match in found]),
            array("d", [0.0 if match is None else match[1] for match in found]))


def _unpacked(packed: tuple[array, array]) -> list[Match]:
    return [None if index < 0 else (index, score) for index, score in zip(*packed)]


def _widen(fd: int) -> None:
    """Let the pipe hold a large reply (Linux; elsewhere the helper waits for its parent to read)."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, REPLY_BUFFER)


def _memory_reply(old: _OldCatalog, template_keys: Sequence[tuple[str | None, str]], found: Sequence[Match],
                  threshold: float, unit: str) -> bytes:
    """The close matches the memory will be asked for, if the catalog is all it holds (its sorted sources
    digest the same in the parent; the memory decides between a scan and its index as a fresh one does)."""
    from .tm.memory import SCAN_PAIRS, close_matches

    sources = sorted(old.approved)
    queries = old.still_empty(template_keys, found)
    if not sources or not queries:
        return b""   # the memory holds nothing or is asked nothing
    scan = len(queries) * len(sources) <= SCAN_PAIRS
    answers = close_matches(sources, queries, threshold, unit, scan)
    return pickle.dumps((texts_digest(sources), texts_digest(queries), threshold, unit, scan, _packed(answers)),
                        pickle.HIGHEST_PROTOCOL)


def _unmap_large_blocks() -> None:
    """Have the C library map every large block on its own (glibc), so the index's build arrays go back to
    the system when freed: the helper's memory is counted with its parent's, which grows meanwhile."""
    import ctypes

    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK)


_M_MMAP_THRESHOLD = -3   # glibc's mallopt parameter
LARGE_BLOCK = 256 * 1024
"""Blocks from this size on are mapped on their own in the helper (glibc's default grows up to 32 MiB)."""


class _Receiving(threading.Thread):
    """One message, received while the helper works: the parent must never wait for the helper to read."""

    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.data: bytearray | None = None

    def run(self) -> None:
        with contextlib.suppress(OSError):
            self.data = receive(self.fd)

    def message(self) -> bytearray | None:
        self.join()
        data, self.data = self.data, None
        return data


def _serve(requests: int, replies: int) -> None:
    """The helper's one job: (catalog paths, threshold, unit, memory threshold), then the template's keys;
    for each catalog in order its fuzzy reply (texts digest, queries digest, threshold, unit, matches) and,
    if the memory is on, its memory reply (sources digest, queries digest, threshold, unit, scan, matches);
    an empty reply for what it could not do."""
    from .fuzzy import FuzzyIndex

    try:
        request = receive(requests)
        if request is None:
            return
        paths, threshold, unit, memory_threshold = pickle.loads(request)
        _widen(replies)
        _unmap_large_blocks()
        keys_message = _Receiving(requests)
        keys_message.start()
        template_keys: list[tuple[str | None, str]] | None = None
        for path in paths:
            try:
                old = _OldCatalog(path)
            except Exception:  # noqa: BLE001 - a catalog it cannot read is read (and its error raised) by the parent
                send(replies, b"")
                if memory_threshold is not None:
                    send(replies, b"")
                continue
            index = FuzzyIndex(old.texts, unit=unit)
            if template_keys is None:
                index.prepare()   # while the parent still segments the document
                data = keys_message.message()
                if data is None:
                    return
                template_keys = pickle.loads(data)
                del data
            queries = [key[1] for key in template_keys if key not in old.keys]
            found = index.best_many(queries, threshold) if queries and old.texts else [None] * len(queries)
            reply = (texts_digest(old.texts), texts_digest(queries), threshold, unit, _packed(found))
            index.close()
            del index, queries
            send(replies, pickle.dumps(reply, pickle.HIGHEST_PROTOCOL))
            if memory_threshold is not None:
                send(replies, _memory_reply(old, template_keys, found, memory_threshold, unit))
            del old, found
    except (OSError, pickle.UnpicklingError, EOFError):
        return

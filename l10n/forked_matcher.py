"""Fuzzy matching a large catalog on the second core (a :class:`l10n.forked.ForkedHelper` does it).

After an edit of a book, the fuzzy matches of its changed paragraphs are the largest single cost of
``l10n update`` (the old msgids' n-gram index and one query per new msgid), and they depend only on the old
catalog and the template's keys. The helper is told the book's catalogs before the book is segmented: it
reads their msgids itself (streamed, so it holds little), builds each index while this process segments
the book and builds and formats the template, and answers the queries as soon as it is sent the
template's keys; this process meanwhile reads the old catalogs.

The answers are :meth:`l10n.fuzzy.FuzzyIndex.best_many`'s for the helper's candidates and queries. They
are used only if those are the ones this process merges with (same count, same digest): anything else (no
helper, a helper that died or could not read a catalog, a renamed document's catalog, a file changed in
between) leaves the matching to :func:`l10n.catalog.merge` here, so the catalogs never depend on the helper.
"""
from __future__ import annotations

import contextlib
import pickle
import threading
from array import array
from collections.abc import Sequence
from pathlib import Path

from .forked import HelperUser, helping, receive, send
from .fuzzy import Match
from .heap import map_large_blocks_alone

PARALLEL_CATALOG_BYTES = 2_000_000
"""Old catalogs this large in all (about 10,000 entries of Chinese) are matched by the helper."""

REPLY_BUFFER = 1 << 20
"""Bytes the reply pipe is asked to hold (Linux allows an unprivileged process 1 MiB): 60,000 matches."""


def texts_digest(texts: Sequence[str]) -> tuple[int, int]:
    """How the helper and this process tell that they hold the same texts: their count and hash (a forked
    helper hashes strings with its parent's seed)."""
    return len(texts), hash(tuple(texts))


class ForkedMatcher(HelperUser):
    """The fuzzy matches of the first large document's catalogs, computed by the helper (one job);
    ``helped`` counts the catalogs whose matches came from it."""

    def __init__(self, threshold: int | None = None) -> None:
        super().__init__(_serve, PARALLEL_CATALOG_BYTES if threshold is None else threshold)
        self._paths: list[Path] = []    # the catalogs of the job, in the order the helper answers them
        self._offered = False

    def close(self) -> None:
        super().close()
        self._paths = []

    def prepare(self, paths: Sequence[Path], threshold: float, unit: str) -> bool:
        """Give the helper a document's old catalogs (those that exist) if it has no job yet and they are
        large enough; whether it took them."""
        if self.helper.pid is None or self._paths or self._offered:
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
            send(self.helper.requests, pickle.dumps(([str(path) for path in existing], threshold, unit),
                                                    pickle.HIGHEST_PROTOCOL))
        except OSError:
            self.close()
            return False
        self._paths = existing
        return True

    def offer(self, keys: Sequence[tuple[str | None, str]]) -> None:
        """Send the template's keys (after :meth:`prepare`): the helper matches what the old catalogs lack."""
        if not self._paths or self._offered:
            return
        self._offered = True
        try:
            send(self.helper.requests, pickle.dumps(list(keys), pickle.HIGHEST_PROTOCOL))
        except OSError:
            self.close()

    def matches(self, path: Path, texts: Sequence[str], queries: Sequence[str], threshold: float,
                unit: str) -> list[Match] | None:
        """The helper's matches of ``queries`` among ``texts`` for the catalog at ``path``, or None if it has
        none for exactly these (the caller then matches them itself)."""
        if not self._offered or path not in self._paths:
            return None
        reply = None
        while self._paths:   # the helper answers in order: replies for catalogs not merged are skipped
            current = self._paths.pop(0)
            try:
                data = receive(self.helper.replies)
                reply = pickle.loads(data) if data else None
            except (OSError, pickle.UnpicklingError, EOFError):
                reply = None
                self.close()
            if current == path:
                break
            reply = None
        if not self._paths:
            self.close()   # its one job is done
        if reply is None:
            return None
        their_texts, their_queries, their_threshold, their_unit, packed = reply
        if (their_threshold, their_unit) != (threshold, unit) or their_texts != texts_digest(texts) \
                or their_queries != texts_digest(queries) or len(packed[0]) != len(queries):
            return None
        self.helped += 1
        return _unpacked(packed)


def forked_matcher(wanted: bool, threshold: int | None = None) -> contextlib.AbstractContextManager[ForkedMatcher]:
    """A :class:`ForkedMatcher` whose helper runs (if ``wanted``) until its job is done or the block ends."""
    return helping(ForkedMatcher(threshold), wanted)


def _old_msgids(path: str) -> tuple[set[tuple[str | None, str]], list[str]]:
    """The keys of every entry of the catalog at ``path`` and the msgids of those with a translation, in
    :func:`l10n.catalog.merge`'s order (the entries of :func:`l10n.po.read_catalog`)."""
    from .po import has_translation
    from .po.read import CatalogStream

    keys: set[tuple[str | None, str]] = set()
    texts: list[str] = []
    for entry in CatalogStream(path):
        keys.add(entry.key)
        if has_translation(entry):
            texts.append(entry.msgid)
    return keys, texts


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
    """The helper's one job: (catalog paths, threshold, unit), then the template's keys; for each catalog
    in order one reply, (texts digest, queries digest, threshold, unit, matches), or an empty one if it
    could not read it."""
    from .fuzzy import FuzzyIndex

    try:
        request = receive(requests)
        if request is None:
            return
        paths, threshold, unit = pickle.loads(request)
        _widen(replies)
        map_large_blocks_alone()   # the index's build arrays go back when freed: the helper's memory is
                                   # counted with its parent's, which grows meanwhile
        keys_message = _Receiving(requests)
        keys_message.start()
        template_keys: list[tuple[str | None, str]] | None = None
        for path in paths:
            try:
                keys, texts = _old_msgids(path)
            except Exception:  # noqa: BLE001 - a catalog it cannot read is read (and its error raised) by the parent
                send(replies, b"")
                continue
            index = FuzzyIndex(texts, unit=unit)
            if template_keys is None:
                index.prepare()   # while the parent still segments the document
                data = keys_message.message()
                if data is None:
                    return
                template_keys = pickle.loads(data)
                del data
            queries = [key[1] for key in template_keys if key not in keys]
            found = index.best_many(queries, threshold) if queries and texts else [None] * len(queries)
            reply = (texts_digest(texts), texts_digest(queries), threshold, unit, _packed(found))
            index.close()
            del index, keys, texts, queries, found
            send(replies, pickle.dumps(reply, pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.UnpicklingError, EOFError):
        return

"""Are the catalogs in step with ``source/``? Publishing from catalogs older than the source would show
a translation of text the author has since changed, so ``l10n build`` and ``l10n review`` refuse.

A template or catalog is current when its entries are exactly those ``l10n update`` would write for the
document as it is now (same msgids and contexts); anything else (a missing file, a new, changed or removed
segment) makes it stale. Comparing with the segmentation of the source itself, rather than a stored
digest, also catches a catalog another tool rewrote or a template from an older segmenter, and needs no
marker that ``msgmerge`` or ``pot2po`` could drop.
"""
from __future__ import annotations

import functools
import hashlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from .config import Config
from .errors import L10nError
from .fsutil import atomic_write_text, cache_home, prune_oldest
from .po import Catalog, Entry, read_catalog
from .segment import SegmentOptions, segment_document, segment_options
from .source import Document

UPDATE_HINT = "run `l10n update`"


class StaleError(L10nError):
    """Catalogs are out of step with source/: publishing them would show outdated translations."""


def expected_keys(document: Document, mode: str, options: SegmentOptions | None = None,
                  ) -> frozenset[tuple[str | None, str]]:
    """The (msgctxt, msgid) of every entry ``l10n update`` writes for ``document``."""
    return frozenset((None, segment.text) for segment in segment_document(document.text, mode, options))


@dataclass(frozen=True)
class Freshness:
    """One template or catalog compared with its source document."""

    document: str
    locale: str | None      # None: the template
    path: Path
    missing: bool = False
    new: int = 0            # segments in the source the file does not have
    removed: int = 0        # entries in the file the source no longer has

    @property
    def stale(self) -> bool:
        return self.missing or bool(self.new or self.removed)

    def reason(self) -> str:
        if self.missing:
            return "not found"
        parts = []
        if self.new:
            parts.append(f"{self.new} new or changed segment{'s' if self.new != 1 else ''} in the source")
        if self.removed:
            parts.append(f"{self.removed} entr{'ies' if self.removed != 1 else 'y'} no longer in the source")
        return "; ".join(parts)


def compare(document: Document, locale: str | None, path: Path, expected: frozenset,
            catalog: Catalog | None) -> Freshness:
    if catalog is None:
        return Freshness(document.name, locale, path, missing=True)
    found = {entry.key for entry in catalog.active()}
    return Freshness(document.name, locale, path, new=len(expected - found), removed=len(found - expected))


def document_freshness(config: Config, document: Document, locales: Iterable[str],
                       expected: frozenset | None = None) -> list[Freshness]:
    """The template's and each locale catalog's freshness for one document."""
    if expected is None:
        expected = expected_keys(document, config.segmentation, segment_options(config))
    files: list[tuple[str | None, Path]] = [(None, config.template_path(document.name))]
    files += [(locale, config.catalog_path(locale, document.name)) for locale in locales]
    return [compare(document, locale, path, expected, read_catalog(path) if path.exists() else None)
            for locale, path in files]


def stale_files(config: Config, documents: Sequence[Document], locales: Iterable[str] | None = None,
                ) -> list[Freshness]:
    """Every stale template or catalog of ``documents`` (default locales: all targets)."""
    locales = list(config.target_locales if locales is None else locales)
    return [f for document in documents for f in document_freshness(config, document, locales) if f.stale]


def refuse_stale(config: Config, documents: Sequence[Document], command: str,
                 locales: Iterable[str] | None = None) -> None:
    """Raise :class:`StaleError` (before anything is written) when any catalog is behind ``source/``.

    A missing template means the document was added since the last update; a missing catalog of a
    document that has its template is a locale not started yet, which the command reports itself.
    """
    refuse_stale_files(config, stale_files(config, documents, locales), command)


def refuse_stale_files(config: Config, freshness: Iterable[Freshness], command: str) -> None:
    """:func:`refuse_stale` on files a command has compared itself (``build`` reads the catalogs anyway)."""
    stale = [f for f in freshness if f.stale and (f.locale is None or not f.missing)]
    if not stale:
        return
    first = stale[0]
    others = len(stale) - 1
    more = f" (and {others} more file{'s' if others != 1 else ''})" if others else ""
    source = config.rel(config.source_dir / f"{first.document}.md")
    raise StaleError(f"out of step with {source}: {first.reason()}{more}; "
                     f"`l10n {command}` does not publish stale catalogs", first.path,
                     hint=f"{UPDATE_HINT}, then `l10n {command}` again")


# --- what update would write, remembered by content ------------------------------------------------------
#
# Segmenting a document and building its template is most of what the stale check costs (a second of
# markdown-it and glossary hints per 10,000 segments), although the source rarely changed since `l10n update`
# wrote the template. So a run remembers, per project document, the digest of the template entries the source
# led to, keyed by everything those entries depend on: the document's text and path, the whole config, the
# glossary file, and the l10n code itself. A later run whose key is unchanged compares the template on disk
# with that digest instead of segmenting again (a different digest still segments, to say what changed).
# The memory is only a cache, outside the project: losing it costs one segmentation; a damaged file is
# ignored and rewritten.

MEMORY_FILES = 2000
"""Remembered documents kept in the cache folder (one small file each); the oldest go beyond this."""


def memory_dir() -> Path:
    """``$XDG_CACHE_HOME/l10n/stale`` (see :func:`l10n.fsutil.cache_home`)."""
    return cache_home() / "stale"


@functools.cache
def code_fingerprint() -> bytes:
    """Digest of the l10n package's source: a new segmenter or template layout never serves an old digest."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.digest()


def source_fingerprint(config: Config, document: Document) -> str:
    """What the template entries of ``document`` depend on, as one hex digest."""
    digest = hashlib.blake2b(code_fingerprint(), digest_size=20)
    digest.update(repr(config).encode("utf-8", "surrogatepass"))
    try:
        digest.update(config.glossary.read_bytes() if config.glossary.is_file() else b"no glossary")
    except OSError:
        digest.update(b"unreadable glossary")
    digest.update(f"\0{document.name}\0{config.rel(document.path)}\0".encode("utf-8", "surrogatepass"))
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def entries_digest(entries: Iterable[Entry], comment_counts: Sequence[int] | None = None) -> bytes:
    """Digest of the (msgctxt, msgid, references, extracted comments) of ``entries``, in order.

    ``comment_counts``: take only the first N extracted comments of each entry (a catalog may add its own
    after its template's), and only as many entries as counts; None takes all. The digest of a catalog so
    cut equals its template's when they agree. Every field is length-prefixed, so no text can imitate
    another entry's fields.
    """
    digest = RowsDigest()
    digest.add_entries(entries, comment_counts)
    return digest.digest()


class RowsDigest:
    """:func:`entries_digest` a row at a time, hashed a piece at a time (a 100,000-entry template is never
    one text in memory)."""

    def __init__(self) -> None:
        self._digest = hashlib.blake2b(digest_size=16)
        self._parts: list[str] = []
        self._size = 0

    def add_entries(self, entries: Iterable[Entry], counts: Iterable[int | None] | None = None) -> None:
        """Each entry's row, its extracted comments cut to its count in ``counts`` (None: all; only as many
        entries as counts), as :func:`entries_digest` takes them."""
        parts, size, digest = self._parts, self._size, self._digest
        for entry, count in zip(entries, repeat(None) if counts is None else counts):
            if size > 65536:   # hash what came so far, with the separator before this row
                parts.append("")
                digest.update("\n".join(parts).encode("utf-8", "surrogatepass"))
                parts.clear()
                size = 0
            context, msgid, refs = entry.msgctxt, entry.msgid, entry.references
            comments = entry.extracted_comments if count is None else entry.extracted_comments[:count]
            head = (f"{-1 if context is None else len(context)},{len(msgid)},{len(refs)},{len(comments)}"
                    f"|{context or ''}{msgid}")
            parts += (head, "\n".join(refs), "\n".join(comments))
            size += len(head)
        self._size = size

    def digest(self) -> bytes:
        """The digest of the rows added so far."""
        final = self._digest.copy()
        final.update("\n".join(self._parts).encode("utf-8", "surrogatepass"))
        return final.digest()


class RowsHash:
    """The rows of :class:`RowsDigest` hashed with Python's own hash, a row at a time (several times
    cheaper): for comparing rows within one process only, since every process salts its string hashes
    differently (never stored)."""

    def __init__(self) -> None:
        self._hashes = array("q")

    def add_entries(self, entries: Iterable[Entry], counts: Iterable[int | None] | None = None) -> None:
        """:meth:`RowsDigest.add_entries`: each entry's row, its extracted comments cut to its count. Hashed
        straight from the entries, without a tuple of each row made first (half of the cost)."""
        self._hashes.extend([hash((entry.msgctxt, entry.msgid, tuple(entry.references),
                                   tuple(entry.extracted_comments[:count])))
                             for entry, count in zip(entries, repeat(None) if counts is None else counts)])

    def digest(self) -> bytes:
        return hashlib.blake2b(self._hashes.tobytes(), digest_size=16).digest()


def _memory_path(config: Config, document: Document) -> Path:
    place = hashlib.blake2b(f"{config.root.resolve()}\0{document.name}".encode("utf-8", "surrogatepass"),
                            digest_size=12).hexdigest()
    return memory_dir() / place


def remembered_digest(config: Config, document: Document, fingerprint: str) -> bytes | None:
    """The template digest remembered for ``document`` under ``fingerprint``, or None."""
    try:
        text = _memory_path(config, document).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    key, _, value = text.strip().partition(" ")
    if key != fingerprint:
        return None
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


def remember_digest(config: Config, document: Document, fingerprint: str, digest: bytes) -> None:
    """Remember ``digest`` as the template entries ``document`` leads to (best effort: a read-only or full
    cache folder only means the next run segments again)."""

    path = _memory_path(config, document)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, f"{fingerprint} {digest.hex()}\n")
        prune_oldest(path.parent, MEMORY_FILES)
    except OSError:
        pass


"""Are the catalogs in step with ``source/``? Publishing from catalogs older than the source would show
a translation of text the author has since changed, so ``l10n build`` and ``l10n review`` refuse.

A template or catalog is current when its entries are exactly those ``l10n update`` would write for the
document as it is now (same msgids and contexts); anything else (a missing file, a new, changed or removed
segment) makes it stale. Comparing with the segmentation of the source itself, rather than a stored
digest, also catches a catalog another tool rewrote or a template from an older segmenter, and needs no
marker that ``msgmerge`` or ``pot2po`` could drop.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import L10nError
from .po import Catalog, read_catalog
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
    stale = [f for f in stale_files(config, documents, locales) if f.locale is None or not f.missing]
    if not stale:
        return
    first = stale[0]
    others = len(stale) - 1
    more = f" (and {others} more file{'s' if others != 1 else ''})" if others else ""
    source = config.rel(config.source_dir / f"{first.document}.md")
    raise StaleError(f"out of step with {source}: {first.reason()}{more}; "
                     f"`l10n {command}` does not publish stale catalogs", first.path,
                     hint=f"{UPDATE_HINT}, then `l10n {command}` again")

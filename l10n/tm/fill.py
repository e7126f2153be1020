"""What ``l10n update`` takes from the translation memory.

After the msgmerge-style merge of a catalog, an entry that is still untranslated gets:

* an **exact** match (the same source text approved elsewhere: another document, an obsolete entry, a
  renamed document's old catalog, a compendium) as a fuzzy entry with ``# l10n-tm: <origin>``, or as a
  translated one where the project sets ``exact = "translated"``;
* else a **close** match (similarity at least ``threshold``, default 75%) as a fuzzy entry with the
  matched source in ``#| msgid``, so the translator sees what differs, and ``# l10n-tm: <origin> (87%)``.

Nothing that holds text is touched (human work, drafts and guesses stay as they are), and only approved
translations are offered. A document whose catalog does not exist yet but whose text is mostly that of a
catalog whose document is gone is a rename: that catalog is merged as its previous version, so every
translation keeps its state.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from l10n.po import Catalog, Entry, has_translation

from .memory import TM_MARK, Memory, TMSettings, Unit

if TYPE_CHECKING:
    from l10n.config import Config

RENAME_OVERLAP = 0.5     # share of either side's entries a gone document's catalog must share to be the old one


@dataclass(frozen=True)
class FillStats:
    exact: int = 0
    close: int = 0

    @property
    def total(self) -> int:
        return self.exact + self.close


def tm_comment(unit: Unit, score: float | None = None) -> str:
    return f"{TM_MARK} {unit.origin}" + (f" ({int(score * 100)}%)" if score is not None else "")


def fill_catalog(catalog: Catalog, memory: Memory, locale: str, settings: TMSettings) -> FillStats:
    """Fill the untranslated active entries of ``catalog`` from ``memory`` (in place)."""
    if not memory.holds(locale):   # a first update: every entry is empty, and nothing could fill one
        return FillStats()
    empty = [entry for entry in catalog.active()
             if not has_translation(entry) and not entry.msgid_plural and entry.msgctxt is None]
    exact = close = 0
    pending: list[Entry] = []
    for entry in empty:
        unit = memory.exact(locale, entry.msgid)
        if unit is None:
            pending.append(entry)
            continue
        entry.msgstr = unit.target
        if settings.exact != "translated":
            _flag_fuzzy(entry)
        entry.translator_comments = [*entry.translator_comments, tm_comment(unit)]
        exact += 1
    if pending:
        for entry, match in zip(pending, memory.close_many(locale, [e.msgid for e in pending],
                                                           settings.threshold / 100)):
            if match is None:
                continue
            unit, score = match
            entry.msgstr = unit.target
            _flag_fuzzy(entry)
            entry.previous_msgid = unit.source
            entry.translator_comments = [*entry.translator_comments, tm_comment(unit, score)]
            close += 1
    return FillStats(exact, close)


def _flag_fuzzy(entry: Entry) -> None:
    if "fuzzy" not in entry.flags:
        entry.flags = ["fuzzy", *entry.flags]


def renamed_from(template: Catalog, orphans: Mapping[str, Catalog]) -> str | None:
    """The gone document whose catalog shares most of ``template``'s text (a rename), if any."""
    wanted = {entry.key for entry in template.entries}
    best: tuple[int, str] | None = None
    for name, catalog in sorted(orphans.items()):
        keys = {entry.key for entry in catalog.active()}
        shared = len(wanted & keys)
        if shared and (shared >= RENAME_OVERLAP * len(wanted) or shared >= RENAME_OVERLAP * len(keys)):
            if best is None or shared > best[0]:
                best = (shared, name)
    return best[1] if best else None


class ProjectMemory:
    """The memory of one ``l10n update``: built on first need from the catalogs as they were before it."""

    def __init__(self, config: Config, settings: TMSettings, documents: Sequence[str],
                 read: Callable[[str, str], Catalog | None]) -> None:
        self.config = config
        self.settings = settings
        self.documents = list(documents)
        self._read = read
        self._catalogs: dict[tuple[str, str], Catalog | None] = {}
        self._memory: Memory | None = None

    def catalog(self, locale: str, document: str) -> Catalog | None:
        key = (locale, document)
        if key not in self._catalogs:
            self._catalogs[key] = self._read(locale, document)
        return self._catalogs[key]

    def orphans(self, locale: str) -> dict[str, Catalog]:
        folder = self.config.locales_dir / locale
        if not folder.is_dir():
            return {}
        current = set(self.documents)
        found = {}
        for path in sorted(folder.glob("*.po")):
            if path.stem not in current:
                catalog = self.catalog(locale, path.stem)
                if catalog is not None:
                    found[path.stem] = catalog
        return found

    def previous(self, locale: str, document: str, template: Catalog) -> Catalog | None:
        """The document's catalog, or for a new document the catalog it was renamed from."""
        catalog = self.catalog(locale, document)
        if catalog is not None or not self.settings.enabled:
            return catalog
        orphans = self.orphans(locale)
        name = renamed_from(template, orphans) if orphans else None
        if name is None:
            return None
        old_ref, new_ref = (self.config.rel(self.config.source_dir / f"{doc}.md") for doc in (name, document))
        previous = orphans[name]
        return replace(previous, header_comments=[comment.replace(old_ref, new_ref)
                                                  for comment in previous.header_comments])

    def memory(self) -> Memory:
        if self._memory is None:
            from .memory import load_memory

            for locale in self.config.target_locales:
                for document in self.documents:
                    self.catalog(locale, document)
            self._memory = load_memory(self.config, self.settings, self._catalogs, self.documents)
        return self._memory

    def fill(self, catalog: Catalog, locale: str) -> FillStats:
        if not self.settings.enabled or all(has_translation(entry) for entry in catalog.active()):
            return FillStats()
        return fill_catalog(catalog, self.memory(), locale, self.settings)

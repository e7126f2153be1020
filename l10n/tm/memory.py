"""Translation units from the project's catalogs and from compendia, searchable by source text.

Where a source text has several approved translations the best one wins: a live entry of a current document
before an obsolete entry or a catalog whose document is gone (renamed or removed), before a compendium;
then the most recent change; then the origin's name (so the choice never depends on file order).
"""
from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l10n.errors import ConfigError, L10nError
from l10n.lang import language_of, script_of
from l10n.po import Catalog, Entry, entry_state, read_catalog

from .index import SampledIndex

if TYPE_CHECKING:
    from l10n.config import Config

TM_MARK = "l10n-tm:"
LIVE, HISTORY, COMPENDIUM = 0, 1, 2     # ranks: lower wins
DEFAULT_THRESHOLD = 75.0                # percent similarity for a close match
EXACT_MODES = ("fuzzy", "translated")
DEFAULT_TM_DIR = "tm"
IMPORTED_TMX = "imported.tmx"
SCAN_PAIRS = 4_000_000   # queries x units, over the memory's life, up to which scoring every unit beats the index


@dataclass(frozen=True)
class Unit:
    source: str
    target: str
    locale: str
    origin: str          # "source/a.md", "tm/imported.tmx", ...
    changed: str = ""    # "YYYY-MM-DD HH:MM+ZZZZ" (a catalog's PO-Revision-Date) or a TMX changedate
    rank: int = LIVE
    note: str = ""

    def sort_key(self) -> tuple:
        return (self.rank, _negated(self.changed), self.origin, self.target)


def _negated(text: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in text)


@dataclass(frozen=True)
class TMSettings:
    """``[tool.l10n.translation-memory]``: ``compendia`` (PO/TMX paths or globs inside the project),
    ``threshold`` (percent, default 75), ``exact`` ("fuzzy" or "translated"), ``dir`` (default "tm": every
    ``*.po``/``*.tmx`` there is a compendium; ``l10n tm import`` writes there), ``enabled``."""

    compendia: tuple[Path, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    exact: str = "fuzzy"
    directory: Path | None = None
    enabled: bool = True

    def compendium_files(self) -> list[Path]:
        files = list(self.compendia)
        if self.directory is not None and self.directory.is_dir():
            files += sorted(path for path in self.directory.iterdir()
                            if path.suffix in (".po", ".tmx") and path.is_file())
        return list(dict.fromkeys(files))


def tm_settings(config: Config) -> TMSettings:
    """The project's memory settings; bad values are a ConfigError naming pyproject.toml."""
    table: Mapping[str, Any] = getattr(config, "translation_memory", None) or {}
    pyproject = config.root / "pyproject.toml"
    known = {"compendia", "threshold", "exact", "dir", "enabled"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"[tool.l10n.translation-memory] unknown key(s): {', '.join(unknown)}", pyproject,
                          hint=f"known keys: {', '.join(sorted(known))}")
    threshold = table.get("threshold", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 100:
        raise ConfigError("[tool.l10n.translation-memory] threshold must be a percentage in (0, 100]", pyproject,
                          hint="e.g. threshold = 75")
    exact = table.get("exact", "fuzzy")
    if exact not in EXACT_MODES:
        raise ConfigError(f"[tool.l10n.translation-memory] exact = {exact!r} is not one of {EXACT_MODES}",
                          pyproject, hint='"fuzzy" offers exact matches for review, "translated" accepts them')
    compendia: list[Path] = []
    patterns = table.get("compendia", [])
    if not isinstance(patterns, list) or not all(isinstance(item, str) and item for item in patterns):
        raise ConfigError("[tool.l10n.translation-memory] compendia must be a list of paths", pyproject,
                          hint='e.g. compendia = ["memory/other-project.tmx", "memory/*.po"]')
    for pattern in patterns:
        found = sorted(glob.glob(str(config.root / pattern))) if glob.has_magic(pattern) else [str(config.root / pattern)]
        for name in found:
            path = Path(name).resolve()
            if config.root not in path.parents:
                raise ConfigError(f"[tool.l10n.translation-memory] compendium {pattern!r} points outside the "
                                  "project", pyproject, hint="copy it into the project (e.g. with `l10n tm import`)")
            if not path.is_file():
                raise ConfigError(f"[tool.l10n.translation-memory] compendium {pattern!r} not found", pyproject)
            compendia.append(path)
    directory = (config.root / str(table.get("dir", DEFAULT_TM_DIR))).resolve()
    if directory != config.root and config.root not in directory.parents:
        raise ConfigError("[tool.l10n.translation-memory] dir points outside the project", pyproject)
    return TMSettings(tuple(compendia), float(threshold), exact, directory, bool(table.get("enabled", True)))


# --- which locales a unit serves ------------------------------------------------------------------------

def same_language(a: str, b: str) -> bool:
    """Locales written the same way: one language and one script (en = en_GB, zh_Hans = zh-CN, not zh_Hant)."""
    a, b = a.replace("-", "_"), b.replace("-", "_")
    if a.lower() == b.lower():
        return True
    return language_of(a) == language_of(b) and script_of(a) == script_of(b)


# --- units from catalogs ----------------------------------------------------------------------------------

def approved(entry: Entry) -> bool:
    """A reviewed translation: no fuzzy flag (so no machine draft and no guess), singular, non-empty."""
    return entry_state(entry) == "translated" and bool(entry.msgstr) and not entry.msgid_plural


def catalog_units(catalog: Catalog, locale: str, origin: str, *, current: bool, rank: int | None = None,
                  ) -> Iterator[Unit]:
    """The approved units of one catalog: live entries rank as ``current`` says, obsolete ones as history."""
    changed = catalog.metadata.get("PO-Revision-Date", "")
    if "YEAR" in changed:
        changed = ""
    for entry in catalog.entries:
        if entry.msgctxt is None and approved(entry):
            if rank is not None:
                level = rank
            else:
                level = LIVE if current and not entry.obsolete else HISTORY
            yield Unit(entry.msgid, entry.msgstr, locale, origin, changed, level)


def project_units(config: Config, catalogs: Mapping[tuple[str, str], Catalog | None],
                  documents: Iterable[str]) -> Iterator[Unit]:
    """Units of every catalog under ``locales/<locale>/`` (``catalogs`` holds those already read, by
    (locale, document)); catalogs whose document is gone count as history (a rename or a removal)."""
    current = set(documents)
    for locale in config.target_locales:
        folder = config.locales_dir / locale
        names = {path.stem for path in folder.glob("*.po")} if folder.is_dir() else set()
        names |= {doc for (loc, doc), catalog in catalogs.items() if loc == locale and catalog is not None}
        for name in sorted(names):
            catalog = catalogs.get((locale, name))
            if catalog is None:
                path = config.catalog_path(locale, name)
                if not path.is_file():
                    continue
                catalog = read_catalog(path)
            origin = config.rel(config.source_dir / f"{name}.md")
            yield from catalog_units(catalog, locale, origin, current=name in current)


def compendium_units(path: Path, locales: Sequence[str], source_locale: str, origin: str) -> list[Unit]:
    """Units of a PO compendium (its Language header, or the folder name, says the locale) or a TMX file."""
    if path.suffix.lower() == ".tmx":
        from .tmx import read_tmx

        return [unit for unit in read_tmx(path, source_locale, locales, origin)]
    catalog = read_catalog(path)
    language = catalog.metadata.get("Language") or path.parent.name
    units: list[Unit] = []
    for locale in locales:
        if same_language(language, locale):
            units += catalog_units(catalog, locale, origin, current=False, rank=COMPENDIUM)
    return units


# --- the memory -------------------------------------------------------------------------------------------

class Memory:
    """Units by locale and source text; close matches through a sampled-trigram index
    (:mod:`l10n.tm.index`), built per locale on the first close-match query."""

    def __init__(self, units: Iterable[Unit], *, unit: str = "bytes") -> None:
        by_locale: dict[str, dict[str, list[Unit]]] = {}
        for item in units:
            by_locale.setdefault(item.locale, {}).setdefault(item.source, []).append(item)
        self._best: dict[str, dict[str, Unit]] = {
            locale: {source: found[0] if len(found) == 1 else min(found, key=Unit.sort_key)
                     for source, found in sources.items()}
            for locale, sources in by_locale.items()}
        self._unit = unit
        self._indexes: dict[str, tuple[list[str], SampledIndex]] = {}
        self._scanned: dict[str, tuple[list[str], list[str] | list[bytes]]] = {}
        self._scanned_pairs: dict[str, int] = {}   # an update asks once per document: the budget is the run's

    def __len__(self) -> int:
        return sum(len(sources) for sources in self._best.values())

    def units(self, locale: str | None = None) -> list[Unit]:
        """The best unit of every source text (of one locale, or of all), in a stable order."""
        locales = [locale] if locale else sorted(self._best)
        return [self._best[name][source] for name in locales for source in sorted(self._best.get(name, {}))]

    def holds(self, locale: str) -> bool:
        """Whether any unit is in ``locale`` (else no query of it can find one)."""
        return bool(self._best.get(locale))

    def exact(self, locale: str, source: str) -> Unit | None:
        return self._best.get(locale, {}).get(source)

    def close_many(self, locale: str, queries: Sequence[str], threshold: float) -> list[tuple[Unit, float] | None]:
        """For each query the best unit scoring at least ``threshold`` (0-1) other than an exact one."""
        table = self._best.get(locale)
        if not table or not queries:
            return [None] * len(queries)
        pairs = self._scanned_pairs.get(locale, 0) + len(queries) * len(table)
        if locale not in self._indexes and pairs <= SCAN_PAIRS:
            self._scanned_pairs[locale] = pairs
            return self._scan_many(locale, table, queries, threshold)
        if locale not in self._indexes:
            sources = sorted(table)
            self._indexes[locale] = (sources, SampledIndex(sources, unit=self._unit))
        sources, index = self._indexes[locale]
        found = index.best_many(list(queries), threshold)
        return [(table[sources[match[0]]], match[1]) if match is not None else None for match in found]


    def _scan_many(self, locale: str, table: dict[str, Unit], queries: Sequence[str], threshold: float,
                   ) -> list[tuple[Unit, float] | None]:
        """Few queries: every unit scored at C speed (rapidfuzz), cheaper than building the index, and
        exact where the index samples: the best score wins, the first source in sorted order on a tie."""
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        if locale not in self._scanned:
            sources = sorted(table)
            self._scanned[locale] = (sources, [text.encode("utf-8") for text in sources]
                                     if self._unit == "bytes" else sources)
        sources, scored = self._scanned[locale]
        found: list[tuple[Unit, float] | None] = []
        for query in queries:
            match = process.extractOne(query.encode("utf-8") if self._unit == "bytes" else query, scored,
                                       scorer=Indel.normalized_similarity, score_cutoff=threshold - 1e-9)
            found.append(None if match is None else (table[sources[match[2]]], match[1]))
        return found


def load_memory(config: Config, settings: TMSettings, catalogs: Mapping[tuple[str, str], Catalog | None],
                documents: Iterable[str]) -> Memory:
    """The project's memory: its catalogs (as read for this update) plus every compendium."""
    units = list(project_units(config, catalogs, documents))
    for path in settings.compendium_files():
        try:
            units += compendium_units(path, config.target_locales, config.source_locale, config.rel(path))
        except L10nError:
            raise
        except (OSError, ValueError) as error:
            raise L10nError(f"cannot read the compendium: {error}", path,
                            hint="fix or remove it from [tool.l10n.translation-memory]") from None
    return Memory(units, unit=config.fuzzy_similarity)

"""Project configuration: the ``[tool.l10n]`` table of the project's ``pyproject.toml``.

Every path is relative to the project root and must stay inside it, so a config cannot make the
toolkit read or write elsewhere.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .markup import DEFAULT_MACRO_PATTERNS
from .segment import DEFAULT_FRONT_MATTER_KEYS

KNOWN_KEYS = {
    "source-dir", "source-locale", "target-locales", "glossary", "phrases", "locales-dir",
    "build-dir", "review-dir", "segmentation", "project-id", "mt-cache", "thresholds",
    "build-threshold", "zh-hans-quotes", "fuzzy-threshold", "fuzzy-similarity", "protected-patterns", "engines",
    # Markdown segmentation (l10n/segment.py): front-matter keys offered, HTML-block text.
    "front-matter-keys", "translate-html-blocks",
    "translation-memory",
}
DEFAULT_BUILD_THRESHOLD = 80.0
SEGMENTATION_MODES = ("sentence", "block")


@dataclass(frozen=True)
class Threshold:
    """Completeness a locale must reach for ``l10n check`` (percent translated, fuzzy entries allowed)."""

    min_translated: float = 0.0
    max_fuzzy: int | None = None


@dataclass(frozen=True)
class Config:
    root: Path
    source_dir: Path
    source_locale: str
    target_locales: tuple[str, ...]
    glossary: Path
    phrases: Path
    locales_dir: Path
    build_dir: Path
    review_dir: Path
    segmentation: str = "sentence"
    project_id: str = "l10n"
    mt_cache: Path | None = None
    thresholds: dict[str, Threshold] = field(default_factory=dict)
    build_threshold: float = DEFAULT_BUILD_THRESHOLD
    zh_hans_quotes: bool = True
    fuzzy_threshold: float = 0.6          # l10n update's fuzzy matches score at least this (see l10n/fuzzy.py)
    fuzzy_similarity: str = "bytes"       # as msgmerge scores UTF-8, or "characters"
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    translate_html_blocks: bool = False
    build_thresholds: dict[str, float] = field(default_factory=dict)   # per-locale overrides
    protected_patterns: tuple[str, ...] = DEFAULT_MACRO_PATTERNS   # template macros never translated
    engines: dict[str, Any] = field(default_factory=dict)   # per locale: l10n.draft.engines.EngineChoice
    translation_memory: dict[str, Any] = field(default_factory=dict)   # raw; read by l10n.tm.memory.tm_settings

    def select_locales(self, requested: Sequence[str] | None = None, *, with_source: bool = False) -> list[str]:
        """The locales a command works on (``--locale``): each requested one once, in the order given, or
        every target locale (the source first, with ``with_source``) when none is requested. A locale
        the project does not have is bad input."""
        known = [self.source_locale, *self.target_locales] if with_source else list(self.target_locales)
        if not requested:
            return known
        chosen = list(dict.fromkeys(requested))
        unknown = [locale for locale in chosen if locale not in known]
        if unknown:
            what = "neither the source nor a target locale" if with_source else "not a target locale"
            raise ConfigError(f"locale {', '.join(unknown)} is {what}", self.root / "pyproject.toml",
                              hint=f"choose from {', '.join(known)} or add it to target-locales")
        return chosen

    def build_threshold_for(self, locale: str) -> float:
        """Percent of a document's segments a locale must have translated for its page to be published."""
        return self.build_thresholds.get(locale, self.build_threshold)

    def rel(self, path: Path) -> str:
        """A path as shown to people and written in ``#:`` references: relative, with forward slashes."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def template_path(self, doc: str) -> Path:
        return self.locales_dir / "templates" / f"{doc}.pot"

    def catalog_path(self, locale: str, doc: str) -> Path:
        return self.locales_dir / locale / f"{doc}.po"


def _inside(root: Path, value: Any, key: str, pyproject: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"[tool.l10n] {key} must be a non-empty path string", pyproject,
                          hint="e.g. source-dir = \"source\"")
    path = (root / value).resolve()
    if path != root and root not in path.parents:
        raise ConfigError(f"[tool.l10n] {key} = {value!r} points outside the project", pyproject,
                          hint="use a path inside the project folder")
    return path


def check_locale(name: Any, key: str, pyproject: Path) -> str:
    from babel import Locale, UnknownLocaleError

    if not isinstance(name, str):
        raise ConfigError(f"[tool.l10n] {key}: locale must be a string, got {name!r}", pyproject)
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        raise ConfigError(f"[tool.l10n] {key}: unknown locale {name!r}", pyproject,
                          hint="use a CLDR locale identifier such as zh_Hans, zh_Hant_TW or en") from None
    return name


def _protected_patterns(value: Any, pyproject: Path) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) and item for item in value):
        raise ConfigError("[tool.l10n] protected-patterns must be a list of regular expressions", pyproject,
                          hint="e.g. protected-patterns = ['\\{\\{.*?\\}\\}'] (a TOML literal string keeps backslashes)")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ConfigError(f"[tool.l10n] protected-patterns: {pattern!r} is not a regular expression "
                              f"({error})", pyproject, hint="fix or remove the pattern") from None
    return tuple(value)


def _read_pyproject(pyproject: Path) -> dict[str, Any]:
    import tomllib   # here, not at the top: 1.3 MiB of RSS that code merging catalogs without a project never uses

    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot parse: {exc}", pyproject, hint="fix the TOML syntax") from None


def _l10n_table(data: dict[str, Any]) -> Any:
    tool = data.get("tool")
    return tool.get("l10n") if isinstance(tool, dict) else None


def find_project_root(start: Path | str) -> Path:
    """The nearest folder at or above ``start`` whose ``pyproject.toml`` has a ``[tool.l10n]`` table.

    Like git finding ``.git``: every command works from anywhere inside the project (``source/``,
    ``locales/en/``). A ``pyproject.toml`` without the table (a sub-package's) is passed over.
    """
    start = Path(start).resolve()
    if not start.is_dir():
        raise ConfigError("no such folder", start, hint="-C DIR must name an existing folder")
    nearest: Path | None = None
    for folder in (start, *start.parents):
        pyproject = folder / "pyproject.toml"
        if not pyproject.is_file():
            continue
        nearest = nearest or pyproject
        if isinstance(_l10n_table(_read_pyproject(pyproject)), dict):
            return folder
    if nearest is not None:
        raise ConfigError("no [tool.l10n] table", nearest,
                          hint="add [tool.l10n] with source-dir, source-locale and target-locales")
    raise ConfigError("not inside an l10n project: no pyproject.toml with [tool.l10n] here or in any parent "
                      "folder", start, hint="run inside an l10n project or pass -C DIR")


def _build_thresholds(value: Any, targets: tuple[str, ...], pyproject: Path) -> tuple[float, dict[str, float]]:
    """``build-threshold = 80`` or ``build-threshold = { default = 80, ja = 50 }`` (percent per document)."""
    hint = "e.g. build-threshold = 80, or build-threshold = { default = 80, ja = 50 }"
    table = value if isinstance(value, dict) else {"default": value}
    default = DEFAULT_BUILD_THRESHOLD
    per_locale: dict[str, float] = {}
    for key, percent in table.items():
        if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not 0 <= percent <= 100:
            raise ConfigError(f"[tool.l10n] build-threshold {key}: {percent!r} is not a percentage from 0 to 100",
                              pyproject, hint=hint)
        if key == "default":
            default = float(percent)
        elif key in targets:
            per_locale[key] = float(percent)
        else:
            raise ConfigError(f"[tool.l10n] build-threshold: {key!r} is not a target locale", pyproject,
                              hint=f"use default or one of {', '.join(targets)}")
    return default, per_locale


def load_config(start: Path | str) -> Config:
    """Find the project at or above ``start`` and read its ``[tool.l10n]``.

    Raises ConfigError naming the file for anything a person must fix.
    """
    root = find_project_root(start)
    pyproject = root / "pyproject.toml"
    table = _l10n_table(_read_pyproject(pyproject))
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"[tool.l10n] unknown key(s): {', '.join(unknown)}", pyproject,
                          hint=f"known keys: {', '.join(sorted(KNOWN_KEYS))}")
    source_locale = check_locale(table.get("source-locale", "zh_Hant_TW"), "source-locale", pyproject)
    targets = table.get("target-locales")
    if not isinstance(targets, list) or not targets:
        raise ConfigError("[tool.l10n] target-locales must be a non-empty list", pyproject,
                          hint='e.g. target-locales = ["zh_Hans", "en"]')
    targets = tuple(check_locale(t, "target-locales", pyproject) for t in targets)
    if source_locale in targets:
        raise ConfigError(f"[tool.l10n] target-locales lists the source locale {source_locale}", pyproject,
                          hint="remove it from target-locales: the source is built from source/ as written")
    duplicates = sorted({t for t in targets if targets.count(t) > 1})
    if duplicates:
        raise ConfigError(f"[tool.l10n] target-locales lists {', '.join(duplicates)} twice", pyproject)
    segmentation = table.get("segmentation", "sentence")
    if segmentation not in SEGMENTATION_MODES:
        raise ConfigError(f"[tool.l10n] segmentation = {segmentation!r} is not one of {SEGMENTATION_MODES}",
                          pyproject)
    thresholds = {}
    for locale, spec in (table.get("thresholds") or {}).items():
        if locale not in targets or not isinstance(spec, dict):
            raise ConfigError(f"[tool.l10n.thresholds] {locale!r} must be a target locale with a table",
                              pyproject, hint='e.g. en = { min-translated = 100, max-fuzzy = 0 }')
        thresholds[locale] = Threshold(float(spec.get("min-translated", 0)), spec.get("max-fuzzy"))
    mt_cache = table.get("mt-cache")
    build_threshold, build_thresholds = _build_thresholds(table.get("build-threshold", DEFAULT_BUILD_THRESHOLD),
                                                          targets, pyproject)
    fuzzy_threshold = table.get("fuzzy-threshold", 0.6)
    fuzzy_similarity = table.get("fuzzy-similarity", "bytes")
    if isinstance(fuzzy_threshold, bool) or not isinstance(fuzzy_threshold, (int, float)) \
            or not 0 < fuzzy_threshold <= 1 or fuzzy_similarity not in ("bytes", "characters"):
        raise ConfigError("[tool.l10n] fuzzy-threshold must be a number in (0, 1] and fuzzy-similarity "
                          '"bytes" or "characters"', pyproject, hint="e.g. fuzzy-threshold = 0.6 (msgmerge's)")
    markdown = _markdown_keys(table, pyproject)
    return Config(
        root=root,
        source_dir=_inside(root, table.get("source-dir", "source"), "source-dir", pyproject),
        source_locale=source_locale,
        target_locales=targets,
        glossary=_inside(root, table.get("glossary", "glossary.csv"), "glossary", pyproject),
        phrases=_inside(root, table.get("phrases", "phrases.csv"), "phrases", pyproject),
        locales_dir=_inside(root, table.get("locales-dir", "locales"), "locales-dir", pyproject),
        build_dir=_inside(root, table.get("build-dir", "build"), "build-dir", pyproject),
        review_dir=_inside(root, table.get("review-dir", "review"), "review-dir", pyproject),
        segmentation=segmentation,
        project_id=str(table.get("project-id", root.name)),
        # The MT cache may live outside the project (it is a cache, not content): expand ~ only.
        mt_cache=Path(mt_cache).expanduser() if mt_cache else None,
        thresholds=thresholds,
        build_threshold=build_threshold,
        zh_hans_quotes=bool(table.get("zh-hans-quotes", True)),
        build_thresholds=build_thresholds,
        fuzzy_threshold=float(fuzzy_threshold),
        fuzzy_similarity=fuzzy_similarity,
        protected_patterns=_protected_patterns(table.get("protected-patterns", DEFAULT_MACRO_PATTERNS), pyproject),
        engines=_engines(table.get("engines", {}), targets, pyproject),
        **markdown,
        translation_memory=_table(table.get("translation-memory", {}), "translation-memory", pyproject),
    )


def _engines(table: Any, targets: tuple[str, ...], pyproject: Path) -> dict[str, Any]:
    """``[tool.l10n.engines]``: per target locale an engine id or ``{ engine = ..., options }`` (l10n.draft.engines)."""
    if not isinstance(table, dict):
        raise ConfigError("[tool.l10n] engines must be a table of locale = engine", pyproject,
                          hint='e.g. [tool.l10n.engines] then zh_Hant_HK = "opencc"')
    if not table:   # every command loads the config: the engine machinery only when there is a choice to read
        return {}
    from .draft.engines import parse_choice

    unknown = [locale for locale in table if locale not in targets]
    if unknown:
        raise ConfigError(f"[tool.l10n.engines] {', '.join(unknown)}: not a target locale", pyproject,
                          hint=f"use one of {', '.join(targets)}")
    return {locale: parse_choice(value, locale, pyproject) for locale, value in table.items()}


def _markdown_keys(table: dict, pyproject: Path) -> dict[str, Any]:
    """front-matter-keys (list of keys whose values are offered), translate-html-blocks (bool)."""
    found: dict[str, Any] = {}
    if "front-matter-keys" in table:
        value = table["front-matter-keys"]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError("[tool.l10n] front-matter-keys must be a list of key names", pyproject,
                              hint='e.g. front-matter-keys = ["title", "description"]')
        found["front_matter_keys"] = tuple(value)
    if "translate-html-blocks" in table:
        if not isinstance(table["translate-html-blocks"], bool):
            raise ConfigError("[tool.l10n] translate-html-blocks must be true or false", pyproject)
        found["translate_html_blocks"] = table["translate-html-blocks"]
    return found


def _table(value: Any, key: str, pyproject: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"[tool.l10n] {key} must be a table", pyproject, hint=f"write it as [tool.l10n.{key}]")
    return dict(value)

"""Project configuration: the ``[tool.l10n]`` table of the project's ``pyproject.toml``.

Every path is relative to the project root and must stay inside it, so a config cannot make the
toolkit read or write elsewhere.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

KNOWN_KEYS = {
    "source-dir", "source-locale", "target-locales", "glossary", "phrases", "locales-dir",
    "build-dir", "review-dir", "segmentation", "project-id", "mt-cache", "thresholds",
    "build-threshold", "zh-hans-quotes",
}
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
    build_threshold: float = 80.0
    zh_hans_quotes: bool = True

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


def load_config(root: Path | str) -> Config:
    """Read ``root/pyproject.toml``; raise ConfigError naming the file for anything a person must fix."""
    root = Path(root).resolve()
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        raise ConfigError("no pyproject.toml here", root,
                          hint="run inside an l10n project or pass -C DIR")
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot parse: {exc}", pyproject, hint="fix the TOML syntax") from None
    table = data.get("tool", {}).get("l10n")
    if not isinstance(table, dict):
        raise ConfigError("no [tool.l10n] table", pyproject,
                          hint="add [tool.l10n] with source-dir, source-locale and target-locales")
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
        build_threshold=float(table.get("build-threshold", 80)),
        zh_hans_quotes=bool(table.get("zh-hans-quotes", True)),
    )

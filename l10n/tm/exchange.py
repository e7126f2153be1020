"""``l10n tm export`` and ``l10n tm import``: the project's memory as TMX, and TMX files from other tools.

Export: every approved unit of the project's catalogs and compendia for one target locale (a TMX file is one
locale pair). Import: the units of a TMX file for the project's target locales are added to
``<tm dir>/imported.tmx`` (which is a compendium from then on), each with the file it came from as its
``x-origin``; a file that is not TMX changes nothing.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from l10n.errors import L10nError
from l10n.source import find_documents

from .memory import IMPORTED_TMX, Unit, compendium_units, project_units, tm_settings
from .tmx import format_tmx, read_tmx

if TYPE_CHECKING:
    from l10n.config import Config


def memory_units(config: Config, locale: str) -> list[Unit]:
    """Every approved unit for ``locale``: the project's catalogs first, then each compendium."""
    documents = [path.stem for path in find_documents(config.source_dir)]
    units = [unit for unit in project_units(config, {}, documents) if unit.locale == locale]
    for path in tm_settings(config).compendium_files():
        units += compendium_units(path, [locale], config.source_locale, config.rel(path))
    return units


def export_tmx(config: Config, locale: str) -> str:
    return format_tmx(memory_units(config, locale), config.source_locale)


def import_tmx(config: Config, path: Path) -> tuple[int, Path]:
    """Add the units of ``path`` to the project's imported memory; returns (units added, file written)."""
    from l10n.fsutil import atomic_write_text

    settings = tm_settings(config)
    if settings.directory is None:
        raise L10nError("no translation-memory dir configured", config.root / "pyproject.toml")
    locales = list(config.target_locales)
    incoming = [unit if unit.origin else _with_origin(unit, path.name)
                for unit in read_tmx(path, config.source_locale, locales, "")]
    if not incoming:
        raise L10nError("no translation units for the project's languages", path,
                        hint=f"the TMX must pair {config.source_locale} with one of {', '.join(locales)}")
    target = settings.directory / IMPORTED_TMX
    existing = list(read_tmx(target, config.source_locale, locales, "")) if target.is_file() else []
    known = {(unit.locale, unit.source, unit.target) for unit in existing}
    added = [unit for unit in incoming if (unit.locale, unit.source, unit.target) not in known]
    atomic_write_text(target, format_tmx(existing + added, config.source_locale))
    return len({(unit.locale, unit.source, unit.target) for unit in added}), target


def _with_origin(unit: Unit, origin: str) -> Unit:
    from dataclasses import replace

    return replace(unit, origin=origin)

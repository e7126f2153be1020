"""Leverage analysis (``l10n status --analysis``): per document and locale, the source words each match
band of the translation memory covers — what translators and buyers estimate work from.

Entries already translated count as ``done``. Every other entry falls in one band: ``repeated`` (its text
was already counted earlier in the project, documents in name order), ``exact`` (an approved translation of
the same text exists in the memory), ``95-99``, ``85-94``, ``75-84`` (best close match, percent similarity
as ``l10n update`` scores it), or ``no match``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from l10n.po import entry_state, read_catalog
from l10n.source import find_documents

from .memory import Memory, compendium_units, project_units, tm_settings

if TYPE_CHECKING:
    from l10n.config import Config

BANDS = ("exact", "95-99", "85-94", "75-84", "no match", "repeated")
_FLOORS = ((0.95, "95-99"), (0.85, "85-94"), (0.75, "75-84"))


@dataclass(frozen=True)
class Analysis:
    locale: str
    document: str
    done: int
    words: dict[str, int] = field(default_factory=dict)   # band -> source words


def band_of(score: float | None) -> str:
    if score is None:
        return "no match"
    for floor, band in _FLOORS:
        if score >= floor - 1e-9:
            return band
    return "no match"


def analyse(config: Config, locales: list[str]) -> list[Analysis]:
    from l10n.status import count_words

    documents = [path.stem for path in find_documents(config.source_dir)]
    settings = tm_settings(config)
    units = list(project_units(config, {}, documents))
    for path in settings.compendium_files():
        units += compendium_units(path, list(config.target_locales), config.source_locale, config.rel(path))
    memory = Memory(units, unit=config.fuzzy_similarity)
    rows: list[Analysis] = []
    for locale in locales:
        seen: set[str] = set()
        for document in documents:
            path = config.catalog_path(locale, document)
            if not path.exists():
                continue
            words = dict.fromkeys(BANDS, 0)
            done = 0
            pending: list[tuple[str, int]] = []
            for entry in read_catalog(path).active():
                size = count_words(entry.msgid)
                if entry_state(entry) == "translated":
                    done += size
                elif entry.msgid in seen:
                    words["repeated"] += size
                else:
                    seen.add(entry.msgid)
                    if memory.exact(locale, entry.msgid) is not None:
                        words["exact"] += size
                    else:
                        pending.append((entry.msgid, size))
            matches = memory.close_many(locale, [text for text, _ in pending], _FLOORS[-1][0])
            for (_, size), match in zip(pending, matches):
                words[band_of(match[1] if match else None)] += size
            rows.append(Analysis(locale, document, done, words))
    return rows


def format_analysis_text(rows: list[Analysis]) -> str:
    if not rows:
        return "no catalogs yet: run `l10n update`\n"
    header = f"{'locale':<8} {'document':<24} {'done':>6} " + " ".join(f"{band:>8}" for band in BANDS)
    lines = [header]
    for row in rows:
        lines.append(f"{row.locale:<8} {row.document:<24} {row.done:>6} "
                     + " ".join(f"{row.words[band]:>8}" for band in BANDS))
    return "\n".join(lines) + "\n"


def format_analysis_json(rows: list[Analysis]) -> str:
    return json.dumps([{"locale": r.locale, "document": r.document, "done": r.done, "words": r.words}
                       for r in rows], ensure_ascii=False, indent=2) + "\n"

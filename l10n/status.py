"""Progress of every catalog: entries by state, source size, percent done."""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace

from .config import Config
from .lang import HAN_IDEOGRAPHS
from .po import STATES, Catalog, entry_state, read_catalog
from .reports import ReportFormat, format_table, render
from .source import require_documents
from .stale import document_freshness

_WORD = re.compile(f"[{HAN_IDEOGRAPHS}]" + r"|[^\W_]+(?:[-.'][^\W_]+)*")


def count_words(text: str) -> int:
    """Words as translators are paid for them: each Han character is one, as is each Latin/number run."""
    return len(_WORD.findall(text))


def count_chars(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


@dataclass(frozen=True)
class CatalogStatus:
    locale: str
    document: str
    path: str
    entries: int
    translated: int
    draft: int
    fuzzy: int
    untranslated: int
    obsolete: int
    source_chars: int
    source_words: int
    translated_words: int
    freshness: str = "current"   # "stale": source/ changed since `l10n update`; "missing": no catalog yet

    @property
    def percent(self) -> float:
        if self.freshness == "missing":
            return 0.0
        return 100.0 * self.translated / self.entries if self.entries else 100.0


def catalog_status(locale: str, document: str, path: str, catalog: Catalog) -> CatalogStatus:
    counts = dict.fromkeys(STATES, 0)
    chars = words = done_words = obsolete = 0
    for entry in catalog.entries:
        if entry.obsolete:
            obsolete += 1
            continue
        state = entry_state(entry)
        counts[state] += 1
        chars += count_chars(entry.msgid)
        entry_words = count_words(entry.msgid)
        words += entry_words
        if state == "translated":
            done_words += entry_words
    return CatalogStatus(locale, document, path, sum(counts.values()), counts["translated"],
                         counts["draft"], counts["fuzzy"], counts["untranslated"], obsolete,
                         chars, words, done_words)


def project_status(config: Config, locales: list[str] | None = None) -> list[CatalogStatus]:
    """One row per document and locale; a catalog behind ``source/`` is marked stale, a missing one missing."""
    result = []
    for document in require_documents(config.source_dir):
        for fresh in document_freshness(config, document, locales or config.target_locales):
            if fresh.locale is None:
                continue
            path = config.rel(fresh.path)
            if fresh.missing:
                result.append(CatalogStatus(fresh.locale, document.name, path, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                            freshness="missing"))
                continue
            row = catalog_status(fresh.locale, document.name, path, read_catalog(fresh.path))
            result.append(replace(row, freshness="stale") if fresh.stale else row)
    return result


def format_status_text(rows: list[CatalogStatus]) -> str:
    if not rows:
        return "no catalogs yet: run `l10n update`\n"
    header = (f"{'locale':<11} {'document':<24} {'entries':>7} {'done':>5} {'draft':>5} {'fuzzy':>5} "
              f"{'todo':>5} {'chars':>6} {'words':>6} {'%':>6}")
    lines = [header]
    for r in rows:
        if r.freshness == "missing":
            lines.append(f"{r.locale:<11} {r.document:<24} missing: run `l10n update`")
            continue
        lines.append(f"{r.locale:<11} {r.document:<24} {r.entries:>7} {r.translated:>5} {r.draft:>5} "
                     f"{r.fuzzy:>5} {r.untranslated:>5} {r.source_chars:>6} {r.source_words:>6} "
                     f"{r.percent:>5.1f}%" + ("  stale: source changed, run `l10n update`"
                                              if r.freshness == "stale" else ""))
    return "\n".join(lines) + "\n"


def format_status_json(rows: list[CatalogStatus]) -> str:
    return json.dumps([{**asdict(r), "percent": round(r.percent, 2)} for r in rows],
                      ensure_ascii=False, indent=2) + "\n"


FORMATS = format_table(
    ReportFormat("text", "a table, one row per locale and document", format_status_text),
    ReportFormat("json", "a JSON list, one object per locale and document", format_status_json),
)
"""``l10n status --format``: every way progress can be reported, by id."""


def format_status(rows: list[CatalogStatus], fmt: str) -> str:
    return render(FORMATS, fmt, rows)

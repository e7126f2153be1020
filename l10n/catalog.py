"""Segments -> PO template, and template + old catalog -> updated catalog, as msgmerge does.

The pure core is :func:`build_template` and :func:`merge`; :func:`update_project` reads the project,
runs them for every document and locale, and writes only files whose text changed.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .config import Config
from .fsutil import atomic_write_text, project_lock
from .fuzzy import FuzzyIndex
from .pofile import Catalog, Entry, format_catalog, read_catalog, read_catalog_header
from .segment import KIND_LABELS, Segment, segment_document
from .source import Document, load_documents

DRAFT_MARK = "l10n-draft:"
STATES = ("translated", "draft", "fuzzy", "untranslated")


# ---------------------------------------------------------------------------------------------- states

def draft_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def draft_comment(engine: str, version: str, msgstr: str) -> str:
    """Provenance of a machine draft; the digest tells later whether a human has touched the text.

    Kept as a translator comment because gettext tools (msgcat, msgmerge) and editors keep those, while
    they drop unknown ``#,`` flags.
    """
    return f"{DRAFT_MARK} {engine} ({version}) #{draft_digest(msgstr)}"


def draft_provenance(entry: Entry) -> str | None:
    for comment in entry.translator_comments:
        if comment.startswith(DRAFT_MARK):
            return comment
    return None


def is_unedited_draft(entry: Entry) -> bool:
    """The msgstr is still exactly what an engine wrote (no human has edited or reviewed it)."""
    mark = draft_provenance(entry)
    return bool(entry.fuzzy and mark and mark.rsplit("#", 1)[-1] == draft_digest(entry.msgstr))


def has_translation(entry: Entry) -> bool:
    """Some text in msgstr (or a plural form), reviewed or not: the work merging must never drop."""
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def entry_state(entry: Entry) -> str:
    """One of translated, draft (unreviewed machine draft), fuzzy (needs review), untranslated."""
    if not has_translation(entry):
        return "untranslated"
    if not entry.fuzzy:
        return "translated"
    if entry.previous_msgid is None and is_unedited_draft(entry):
        return "draft"
    return "fuzzy"


# ---------------------------------------------------------------------------------------------- header

def _now(clock: Callable[[], float] | None = None) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = float(epoch) if epoch else (clock or time.time)()
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(seconds))


def template_metadata(project_id: str, date: str) -> dict[str, str]:
    return {
        "Project-Id-Version": project_id,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": date,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Generated-By": f"l10n {__version__}",
    }


def catalog_metadata(template: Catalog, locale: str, old: Catalog | None, date: str) -> dict[str, str]:
    """Header of a locale's catalog: translator fields kept from the old catalog, the rest from Babel."""
    from babel import Locale
    from babel.messages.plurals import get_plural

    language = Locale.parse(locale)
    fresh = {
        "Project-Id-Version": template.metadata.get("Project-Id-Version", ""),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", date),
        "PO-Revision-Date": date,
        "Last-Translator": "",
        "Language-Team": f"{language.english_name}",
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": get_plural(locale).plural_forms,
        "Generated-By": f"l10n {__version__}",
    }
    if old is None:
        return fresh
    merged = dict(old.metadata)
    for key, value in fresh.items():
        if key in ("POT-Creation-Date", "Project-Id-Version", "Generated-By") or key not in merged:
            merged[key] = value
    return merged


# ---------------------------------------------------------------------------------------------- template

def build_template(doc_name: str, source_ref: str, segments: Iterable[Segment], project_id: str,
                   date: str) -> Catalog:
    """One entry per distinct segment text, with every place it occurs and what kind of text it is."""
    entries: dict[str, Entry] = {}
    kinds: dict[str, list[str]] = {}
    for segment in segments:
        entry = entries.get(segment.text)
        if entry is None:
            entry = entries[segment.text] = Entry(msgid=segment.text)
            kinds[segment.text] = []
        ref = f"{source_ref}:{segment.line}"
        if ref not in entry.references:
            entry.references.append(ref)
        label = KIND_LABELS.get(segment.kind, segment.kind)
        if label not in kinds[segment.text]:
            kinds[segment.text].append(label)
    for text, entry in entries.items():
        entry.extracted_comments = [", ".join(kinds[text])]
    return Catalog(
        metadata=template_metadata(project_id, date),
        header_comments=[f"Translation template for {source_ref}.",
                         "Generated by l10n from the source document: do not edit, run `l10n update`."],
        header_flags=["fuzzy"],
        entries=list(entries.values()),
    )


# ---------------------------------------------------------------------------------------------- merge

@dataclass(frozen=True)
class MergeStats:
    kept: int = 0          # same msgid as before, translation carried over
    fuzzy: int = 0         # changed msgid, closest old translation attached as fuzzy
    new: int = 0           # no old translation
    obsolete: int = 0      # old translations no longer in the source, kept as #~
    dropped: int = 0       # old untranslated entries no longer in the source (nothing to keep)


def merge(old: Catalog | None, template: Catalog, locale: str, date: str,
          hints: Callable[[str], list[str]] | None = None) -> tuple[Catalog, MergeStats]:
    """Update ``old`` to ``template`` keeping every translation (exact, fuzzy, or obsolete ``#~``)."""
    old_entries = old.entries if old else []
    by_key = {e.key: e for e in old_entries}
    candidates = [e for e in old_entries if has_translation(e)]
    used: set[int] = set()
    new_entries: list[Entry] = []
    kept = fuzzy = new = 0
    unmatched: list[Entry] = []
    for template_entry in template.entries:
        entry = Entry(msgid=template_entry.msgid, msgctxt=template_entry.msgctxt,
                      references=list(template_entry.references),
                      extracted_comments=list(template_entry.extracted_comments))
        if hints is not None:
            entry.extracted_comments += hints(entry.msgid)
        previous = by_key.get(entry.key)
        if previous is not None:
            used.add(id(previous))
            _carry_translation(entry, previous)
            entry.flags = list(previous.flags)
            if entry.fuzzy:
                entry.previous_msgid = previous.previous_msgid
                entry.previous_msgctxt = previous.previous_msgctxt
            kept += 1
        else:
            unmatched.append(entry)
        new_entries.append(entry)
    if unmatched and candidates:
        index = FuzzyIndex([e.msgid for e in candidates])
        matches = index.best_many([e.msgid for e in unmatched])
    else:
        matches = [None] * len(unmatched)
    for entry, match in zip(unmatched, matches):
        if match is None:
            new += 1
            continue
        previous = candidates[match[0]]
        used.add(id(previous))
        _carry_translation(entry, previous)
        entry.flags = ["fuzzy"] + [f for f in previous.flags if f != "fuzzy"]
        entry.previous_msgid = previous.msgid
        entry.previous_msgctxt = previous.msgctxt
        fuzzy += 1
    obsolete_entries: list[Entry] = []
    newly_obsolete = dropped = 0
    for previous in old_entries:
        if id(previous) in used:
            continue
        if has_translation(previous):
            newly_obsolete += not previous.obsolete
            obsolete_entries.append(replace(previous, obsolete=True, references=[], lineno=0,
                                            extracted_comments=[]))
        else:
            dropped += 1
    catalog = Catalog(
        metadata=catalog_metadata(template, locale, old, date),
        header_comments=list(old.header_comments) if old else [
            f"{_language_name(locale)} translation of "
            f"{template.header_comments[0].removeprefix('Translation template for ').rstrip('.')}."
            if template.header_comments else f"{_language_name(locale)} translation."],
        header_flags=[],
        entries=new_entries + obsolete_entries,
    )
    return catalog, MergeStats(kept, fuzzy, new, newly_obsolete, dropped)


def _carry_translation(entry: Entry, previous: Entry) -> None:
    entry.msgstr = previous.msgstr
    entry.msgstr_plural = dict(previous.msgstr_plural)
    entry.translator_comments = list(previous.translator_comments)


def _language_name(locale: str) -> str:
    from babel import Locale

    return Locale.parse(locale).english_name


# ---------------------------------------------------------------------------------------------- project

@dataclass(frozen=True)
class FileResult:
    path: Path
    written: bool
    stats: MergeStats | None = None


@dataclass(frozen=True)
class UpdateReport:
    files: tuple[FileResult, ...] = field(default_factory=tuple)

    @property
    def written(self) -> list[FileResult]:
        return [f for f in self.files if f.written]


def read_catalog_if_exists(path: Path) -> Catalog | None:
    return read_catalog(path) if path.exists() else None


def _render_with_stable_date(path: Path, catalog: Catalog, old_metadata: dict[str, str] | None,
                             field_name: str, now: str) -> str:
    """The catalog's text; the old date is kept when nothing else changed, so a rerun writes no byte."""
    old_date = (old_metadata or {}).get(field_name)
    if old_date is None:
        catalog.metadata[field_name] = now
        return format_catalog(catalog)
    catalog.metadata[field_name] = old_date
    text = format_catalog(catalog)
    try:
        if path.read_bytes() == text.encode("utf-8"):
            return text
    except OSError:
        pass
    # Header fields are short lines of their own, so the date can be swapped without formatting again.
    catalog.metadata[field_name] = now
    return text.replace(f'"{field_name}: {old_date}\\n"', f'"{field_name}: {now}\\n"', 1)


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    catalog: Catalog
    text: str
    stats: MergeStats | None = None


def plan_update(config: Config, documents: list[Document],
                hints_for: Callable[[str], Callable[[str], list[str]] | None] | None = None,
                ) -> list[PlannedFile]:
    """Compute every template and catalog in memory; raises on bad input before anything is written."""
    now = _now()
    plans: list[PlannedFile] = []
    for doc in documents:
        segments = segment_document(doc.text, config.segmentation)
        pot_path = config.template_path(doc.name)
        old_pot = read_catalog_header(pot_path) if pot_path.exists() else None
        template = build_template(doc.name, config.rel(doc.path), segments, config.project_id, now)
        text = _render_with_stable_date(pot_path, template, old_pot, "POT-Creation-Date", now)
        plans.append(PlannedFile(pot_path, template, text))
        for locale in config.target_locales:
            po_path = config.catalog_path(locale, doc.name)
            old_po = read_catalog_if_exists(po_path)
            hints = hints_for(locale) if hints_for else None
            merged, stats = merge(old_po, template, locale, now, hints)
            text = _render_with_stable_date(po_path, merged, old_po.metadata if old_po else None,
                                            "PO-Revision-Date", now)
            plans.append(PlannedFile(po_path, merged, text, stats))
    return plans


def update_project(config: Config, hints_for: Callable[[str], Callable[[str], list[str]] | None] | None = None,
                   ) -> UpdateReport:
    with project_lock(config.root):
        documents = load_documents(config.source_dir)
        plans = plan_update(config, documents, hints_for)
        results = [FileResult(plan.path, atomic_write_text(plan.path, plan.text), plan.stats) for plan in plans]
    return UpdateReport(tuple(results))

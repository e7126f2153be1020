"""Segments -> PO template, and template + old catalog -> updated catalog, as msgmerge does.

The pure core is :func:`build_template` and :func:`merge`; :func:`update_project` reads the project,
runs them for every document and locale, and writes only files whose text changed.
"""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Protocol

from . import __version__
from .collector import collector_paused
from .config import Config
from .errors import CatalogError, SourceError
from .forked_formatter import forked_formatter
from .forked_matcher import PARALLEL_CATALOG_BYTES, ForkedMatcher, forked_matcher
from .forked_segmenter import forked_segmenter
from .fsutil import file_holds, project_lock
from .fuzzy import DEFAULT_UNIT, FUZZY_THRESHOLD, FuzzyIndex, Match
from .glossary_hints import Hints, with_hints
from .outputs import OutputReport, write_outputs
from .po import (Catalog, Entry, PrintedTemplate, adopt_layouts, format_catalog, has_translation, printed_entries,
                 printed_template, prints_plainly, read_catalog, read_catalog_header)
from .po import format_catalog as format_po
from .segment import KIND_LABELS, Segment, SegmentOptions, forget_segmentations, segment_document, segment_options
from .source import Document, find_documents, require_documents

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
    """Header of a locale's catalog: translator fields kept from the old catalog, the rest from Babel.

    Babel is asked only for the fields the old catalog lacks: its locale data (the language's English name)
    is some 6 MiB, which an update of existing catalogs would otherwise hold for nothing."""
    fresh: dict[str, str | Callable[[], str]] = {
        "Project-Id-Version": template.metadata.get("Project-Id-Version", ""),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", date),
        "PO-Revision-Date": date,
        "Last-Translator": "",
        "Language-Team": lambda: _language_name(locale),
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": lambda: _plural_forms(locale),
        "Generated-By": f"l10n {__version__}",
    }
    merged = dict(old.metadata) if old is not None else {}
    for key, value in fresh.items():
        if old is None or key in _FROM_TEMPLATE or key not in merged:
            merged[key] = value() if callable(value) else value
    return merged


_FROM_TEMPLATE = frozenset({"POT-Creation-Date", "Project-Id-Version", "Generated-By"})
"""Header fields a catalog always takes from its template (the rest an old catalog keeps as it has them)."""


def _plural_forms(locale: str) -> str:
    from babel.messages.plurals import get_plural

    return get_plural(locale).plural_forms


# ---------------------------------------------------------------------------------------------- template

def build_template(doc_name: str, source_ref: str, segments: Iterable[Segment], project_id: str,
                   date: str, hints: Hints | None = None) -> Catalog:
    """One entry per distinct segment text, with every place it occurs and what kind of text it is.

    ``hints`` (msgid -> extra ``#.`` lines, the glossary's) go into the template, which every catalog
    copies, so gettext tools merging against it keep them.
    """
    entries: dict[str, Entry] = {}
    # A sentence seen again: its references as a set (it may repeat thousands of times) and its kinds.
    repeated: dict[str, tuple[set[str], list[str]]] = {}
    labels: dict[str, str] = {}
    prefix = f"{source_ref}:"
    for segment in segments:
        text = segment.text
        label = labels.get(segment.kind)
        if label is None:
            label = labels[segment.kind] = KIND_LABELS.get(segment.kind, segment.kind)
        entry = entries.get(text)
        if entry is None:
            entries[text] = Entry(text, references=[f"{prefix}{segment.line}"], extracted_comments=[label])
            continue
        ref = f"{prefix}{segment.line}"
        seen = repeated.get(text)
        if seen is None:
            seen = repeated[text] = (set(entry.references), [entry.extracted_comments[0]])
        refs, kinds = seen
        if ref not in refs:
            refs.add(ref)
            entry.references.append(ref)
        if label not in kinds:
            kinds.append(label)
    for text, (_, kinds) in repeated.items():
        if len(kinds) > 1:
            entries[text].extracted_comments[0] = ", ".join(kinds)
    if hints is not None:
        for text, entry in entries.items():
            entry.extracted_comments = with_hints(entry.extracted_comments, text, hints)
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
    memory: int = 0        # new entries filled from the translation memory (l10n.tm), fuzzy unless opted in


KnownMatches = Callable[[Sequence[str], Sequence[str], float, str], "Sequence[Match] | None"]


def merge(old: Catalog | None, template: Catalog, locale: str, date: str,
          hints: Hints | None = None, *, fuzzy_threshold: float = FUZZY_THRESHOLD,
          fuzzy_similarity: str = DEFAULT_UNIT, known_matches: KnownMatches | None = None,
          ) -> tuple[Catalog, MergeStats]:
    """Update ``old`` to ``template`` keeping every translation (exact, fuzzy, or obsolete ``#~``).

    A new msgid gets the most similar old translation scoring at least ``fuzzy_threshold`` on
    ``fuzzy_similarity`` (UTF-8 bytes as msgmerge, or characters; see :mod:`l10n.fuzzy`).
    ``known_matches(old msgids, new msgids, threshold, unit)``: those matches if already computed (as
    :meth:`l10n.fuzzy.FuzzyIndex.best_many` gives them: :class:`l10n.forked_matcher.ForkedMatcher`), else None."""
    if old is None:   # a first update: a copy of each template entry, nothing kept, matched or obsolete
        entries = [Entry(msgid=e.msgid, msgctxt=e.msgctxt, references=list(e.references),
                         extracted_comments=with_hints(list(e.extracted_comments), e.msgid, hints))
                   for e in template.entries]
        return _merged_catalog(template, locale, None, date, entries), MergeStats(new=len(entries))
    old_entries = old.entries
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
            entry.extracted_comments = with_hints(entry.extracted_comments, entry.msgid, hints)
        previous = by_key.get(entry.key)
        if previous is not None:
            used.add(id(previous))
            _carry_translation(entry, previous)
            entry.flags = list(previous.flags)
            entry.layout = previous.layout   # its strings as read: checked when written, so not formatted again
            if entry.fuzzy:
                entry.previous_msgid = previous.previous_msgid
                entry.previous_msgctxt = previous.previous_msgctxt
            kept += 1
        else:
            unmatched.append(entry)
        new_entries.append(entry)
    if unmatched and candidates:
        texts, queries = [e.msgid for e in candidates], [e.msgid for e in unmatched]
        found = known_matches(texts, queries, fuzzy_threshold, fuzzy_similarity) if known_matches else None
        if found is None:
            index = FuzzyIndex(texts, unit=fuzzy_similarity)
            found = index.best_many(queries, fuzzy_threshold)
            index.close()
        matches: Sequence[Match] = found
        del texts, queries
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
    return (_merged_catalog(template, locale, old, date, new_entries + obsolete_entries),
            MergeStats(kept, fuzzy, new, newly_obsolete, dropped))


def _merged_catalog(template: Catalog, locale: str, old: Catalog | None, date: str, entries: list[Entry]) -> Catalog:
    """The catalog of ``entries`` merged from ``template`` and ``old``, with its header."""
    return Catalog(
        metadata=catalog_metadata(template, locale, old, date),
        header_comments=list(old.header_comments) if old else [
            f"{_language_name(locale)} translation of "
            f"{template.header_comments[0].removeprefix('Translation template for ').rstrip('.')}."
            if template.header_comments else f"{_language_name(locale)} translation."],
        header_flags=[],
        entries=entries,
    )


def _carry_translation(entry: Entry, previous: Entry) -> None:
    entry.msgstr = previous.msgstr
    entry.msgstr_plural = dict(previous.msgstr_plural)
    entry.translator_comments = list(previous.translator_comments)


def _language_name(locale: str) -> str:
    from babel import Locale

    return Locale.parse(locale).english_name


# ---------------------------------------------------------------------------------------------- project

@dataclass(frozen=True)
class UpdateReport(OutputReport):
    stats: Mapping[Path, MergeStats] = field(default_factory=dict)   # per catalog (templates have none)


def read_catalog_if_exists(path: Path) -> Catalog | None:
    return read_catalog(path) if path.exists() else None


def _dated_back(text: str, header: str, old_header: str, old_line: str, new_line: str) -> str:
    """``old_header + text[len(header):]`` (``header`` is ``old_header`` with its date line made ``new_line``),
    made as one copy of the text when the date line is the text's first ``new_line`` (a slice and a join would
    hold the large text three times at once)."""
    at = old_header.find(old_line)
    if at >= 0 and text.find(new_line) == at:
        return text.replace(new_line, old_line, 1)
    return old_header + text[len(header):]


def _render_with_stable_date(path: Path, catalog: Catalog, old_metadata: dict[str, str] | None,
                             field_name: str, now: str, old: Catalog | None = None,
                             format_catalog: Callable[[Catalog], str] = format_catalog) -> str:
    """The catalog's text; the old date is kept when nothing else changed, so a rerun writes no byte.

    ``old``: the catalog as read. When it holds exactly this content and only its layout differs (another
    tool's line wrapping: an editor's re-save, Translate Toolkit's ``pot2po``, Weblate), the file is left
    as it is: rewrapping it would make every such tool and ``l10n update`` rewrite each other's files.
    A BOM or CRLF line endings are still normalised (they are encoding, not layout).
    """
    old_date = (old_metadata or {}).get(field_name)
    if old_date is None:
        catalog.metadata[field_name] = now
        return format_catalog(catalog)
    old_line, new_line = f'"{field_name}: {old_date}\\n"', f'"{field_name}: {now}\\n"'
    old_text = None
    # The text is made once, with the new date: the old-dated text differs from it only in the header, so it is
    # compared as that header + the rest, and made only if it is kept (a large catalog's text is not held twice).
    header, old_header = _header_text(catalog, field_name, now), _header_text(catalog, field_name, old_date)
    if old_header.replace(old_line, new_line, 1) == header:
        catalog.metadata[field_name] = now
        text = format_catalog(catalog)
        if text.startswith(header):
            if file_holds(path, text, prefix=old_header, start=len(header)):
                catalog.metadata[field_name] = old_date
                return _dated_back(text, header, old_header, old_line, new_line)
            if old is None or not _same_strings(old, catalog):
                return text
            old_text = _dated_back(text, header, old_header, old_line, new_line)
        del text
    catalog.metadata[field_name] = old_date
    if old_text is None:
        old_text = format_catalog(catalog)
        if file_holds(path, old_text):
            return old_text
    if old is not None and _same_strings(old, catalog) and format_catalog(old) == old_text:
        try:
            current = path.read_bytes()
        except OSError:
            current = None
        if current is not None:
            if current.startswith(b"\xef\xbb\xbf") or b"\r" in current:
                return old_text
            return current.decode("utf-8")
    # Header fields are short lines of their own, so the date can be swapped without formatting again.
    catalog.metadata[field_name] = now
    return old_text.replace(old_line, new_line, 1)


def _header_text(catalog: Catalog, field_name: str, date: str) -> str:
    """How ``catalog``'s header prints with ``date`` in ``field_name``, up to its first entry."""
    printed = format_po(replace(catalog, metadata={**catalog.metadata, field_name: date}, entries=[]))
    return printed + "\n" if printed else printed


def _same_strings(a: Catalog, b: Catalog) -> bool:
    """Whether the two catalogs hold the same messages in the same order (keys and translations): a quick
    test before formatting a catalog only to compare it."""
    first, second = printed_entries(a), printed_entries(b)
    return len(first) == len(second) and all(
        x.key == y.key and x.msgstr == y.msgstr and x.obsolete == y.obsolete for x, y in zip(first, second))


LAYOUTS_WORTH_READING = 0.4
"""The share of a new template's entries the writer must print by its general path (see
:func:`l10n.po.prints_plainly`) for the old template's lines to be worth reading: checking a line costs less
than formatting it, but reading a template costs about as much as formatting 40% of it again."""


def _read_template(path: Path, template: Catalog | None = None) -> Catalog | None:
    """The template as it is on disk, for its date and the layout of its entries (None if absent or
    unreadable: it is generated, so a broken one is replaced, as before). Only its header when too few of
    ``template``'s entries would use a layout (the writer prints plain entries without looking at it)."""
    if not path.exists():
        return None
    if template is not None and template.entries and sum(
            not prints_plainly(entry) for entry in template.entries) < LAYOUTS_WORTH_READING * len(template.entries):
        return Catalog(metadata=read_catalog_header(path))
    try:
        return read_catalog(path)
    except CatalogError:
        return Catalog(metadata=read_catalog_header(path))


def _forget_layouts(catalog: Catalog) -> None:
    """Drop the text entries were read with, once the catalog is printed (it is as large as the file)."""
    for entry in catalog.entries:
        entry.layout = None


class CatalogFormatter(Protocol):
    """``format_catalog`` that may be told the catalog's entries are copies of its template's."""

    def __call__(self, catalog: Catalog, *, copied: bool = False) -> str: ...


def formatter_reusing(template: Catalog, template_text: str,
                      format_catalog: Callable[[Catalog], str] = format_catalog,
                      printed: PrintedTemplate | Callable[[], PrintedTemplate] | None = None,
                      ) -> CatalogFormatter:
    """``format_catalog``, except that a catalog whose entries are exactly ``template``'s (a new catalog
    nothing was filled into) is its own header followed by ``template_text``'s entries, as formatted once;
    other catalogs reuse ``printed`` (the template as printed, or what makes it when first needed: a first
    update never does) for the entries still holding its lines."""
    made: list[PrintedTemplate] = []

    def reformatted(catalog: Catalog) -> str:
        if printed is None:
            return format_catalog(catalog)
        if not made:
            made.append(printed() if callable(printed) else printed)
        return format_po(catalog, template=made[0])

    def formatted(catalog: Catalog, *, copied: bool = False) -> str:
        """``copied``: the caller knows ``catalog``'s entries to be copies of ``template``'s (merged from no
        catalog, nothing filled since), so they are not compared one by one."""
        if (not template.entries or (not copied and catalog.entries != template.entries)
                or any(entry.msgid_plural is not None for entry in template.entries)):   # nplurals differ
            return reformatted(catalog)
        template_header = format_catalog(replace(template, entries=[]))
        header = format_catalog(replace(catalog, entries=[]))
        if not (header and template_header and template_text.startswith(template_header + "\n")):
            return reformatted(catalog)
        return header + template_text[len(template_header):]
    return formatted


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    catalog: Catalog
    text: str
    stats: MergeStats | None = None


def plan_update(config: Config, documents: list[Document],
                hints: Hints | None = None,
                format_catalog: Callable[[Catalog], str] = format_catalog,
                segment_document: Callable[[str, str, SegmentOptions], list[Segment]] = segment_document,
                matcher: ForkedMatcher | None = None) -> list[PlannedFile]:
    """Compute every template and catalog in memory; raises on bad input before anything is written.

    ``hints``: msgid -> the template's glossary lines (see :mod:`l10n.glossary_hints`). ``format_catalog``,
    ``segment_document``: how catalogs are printed and documents segmented (:class:`l10n.forked_formatter.
    ForkedFormatter` and :class:`l10n.forked_segmenter.ForkedSegmenter` put a second core to them);
    ``matcher``: the fuzzy matching of a large document's catalogs on the second core.
    """
    from .tm.fill import ProjectMemory
    from .tm.memory import tm_settings

    now = _now()
    plans: list[PlannedFile] = []
    memory = ProjectMemory(config, tm_settings(config), [doc.name for doc in documents],
                           lambda locale, name: read_catalog_if_exists(config.catalog_path(locale, name)))
    for doc in documents:
        matching = matcher is not None and matcher.prepare(
            [config.catalog_path(locale, doc.name) for locale in config.target_locales],
            config.fuzzy_threshold, config.fuzzy_similarity)
        segments = segment_document(doc.text, config.segmentation, segment_options(config))
        pot_path = config.template_path(doc.name)
        template = build_template(doc.name, config.rel(doc.path), segments, config.project_id, now, hints)
        del segments   # peak memory: a book's segments are as large as its template
        if matching:
            matcher.offer([entry.key for entry in template.entries])
        forget_segmentations()   # ... and so are the cached blocks and segments behind them
        old_pot = _read_template(pot_path, template)
        if old_pot is not None:
            adopt_layouts(template, old_pot)   # unchanged entries are checked, not formatted again
        text = _render_with_stable_date(pot_path, template, old_pot.metadata if old_pot else None,
                                        "POT-Creation-Date", now, format_catalog=format_catalog)
        del old_pot
        _forget_layouts(template)
        plans.append(PlannedFile(pot_path, template, text))
        formatter = formatter_reusing(template, text, format_catalog,
                                      lambda template=template, text=text: printed_template(template, text))
        for locale in config.target_locales:
            po_path = config.catalog_path(locale, doc.name)
            old_po = memory.catalog(locale, doc.name)
            previous = memory.previous(locale, doc.name, template)
            merged, stats = merge(previous, template, locale, now,
                                  fuzzy_threshold=config.fuzzy_threshold, fuzzy_similarity=config.fuzzy_similarity,
                                  known_matches=partial(matcher.matches, po_path) if matching else None)
            filled = memory.fill(merged, locale)
            if filled.total:
                stats = replace(stats, new=stats.new - filled.total, memory=filled.total)
            copied = previous is None and not filled.total   # merge(None, ...) copies the template's entries
            del previous
            text = _render_with_stable_date(po_path, merged, old_po.metadata if old_po else None,
                                            "PO-Revision-Date", now, old_po,
                                            partial(formatter, copied=True) if copied else formatter)
            _forget_layouts(merged)
            if old_po is not None:
                _forget_layouts(old_po)   # the memory may keep the old catalog; its text is written now
            plans.append(PlannedFile(po_path, merged, text, stats))
        if matching:
            matcher.close()   # its one job is done
    return plans


PARALLEL_SOURCE_BYTES = 2_000_000
"""Sources this large (about 20,000 segments of Chinese) are worth segmenting and formatting on two cores."""


def _source_bytes(config: Config) -> int:
    try:
        return sum(path.stat().st_size for path in find_documents(config.source_dir))
    except (OSError, SourceError):
        return 0   # require_documents says what is wrong


def _catalog_bytes(config: Config) -> int:
    """The size of the target locales' catalogs (none before a first update)."""
    total = 0
    for locale in config.target_locales:
        with contextlib.suppress(OSError):
            total += sum(path.stat().st_size for path in (config.locales_dir / locale).glob("*.po"))
    return total


def update_project(config: Config) -> UpdateReport:
    from .glossary_hints import template_hints

    # The plans and the segmentation caches are what survives: results, no cycles (see collector_paused).
    # The helpers are forked first, while this process holds little (see l10n.forked).
    large = _source_bytes(config) >= PARALLEL_SOURCE_BYTES
    with (project_lock(config.root), collector_paused(freeze_survivors=True),
          forked_segmenter(large) as segmenter, forked_formatter(large) as formatter,
          forked_matcher(large and _catalog_bytes(config) >= PARALLEL_CATALOG_BYTES) as matcher):
        documents = require_documents(config.source_dir)
        plans = plan_update(config, documents, template_hints(config), formatter.format_catalog,
                            segmenter.segment_document, matcher)
        segmenter.close()
        formatter.close()
        written = write_outputs((plan.path, plan.text) for plan in plans)
    return UpdateReport.of(written, stats={plan.path: plan.stats for plan in plans if plan.stats is not None})

"""``l10n draft``: fill untranslated entries with fuzzy machine drafts, never touching a human's work.

Which entries: untranslated ones; drafts whose source changed since (a stale machine draft); with
``redraft``, every entry still holding an unedited machine draft. Translated entries and fuzzy entries a
human has edited are never changed.

zh_Hans: each zh-Hant source segment is converted once (OpenCC is not idempotent) with the phrase table
and glossary locked. en: the zh-Hans form of the segment, with glossary renderings, @handles, URLs and
numbers protected, goes in batches to the Argos engine; results are cached in SQLite by engine, model
version and input, so a rerun makes no MT call.
"""
from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..fsutil import project_lock
from ..po import Catalog, Entry, draft_comment, is_unedited_draft, read_catalog, write_catalog
from ..source import find_documents
from .distributed import RayOptions
from .engines import Engine, engine_for_locale

OVERRIDES_MARK = "l10n-draft-overrides:"
LOST_MARK = "l10n-draft-lost:"
MT_BATCH = 128   # texts per engine call (and per Ray task); the engine batches further (32 per CTranslate2 call)

# Tokens that must leave MT exactly as they came in.
_CARRIED = re.compile(r"https?://\S+?(?=[\s,，。」』）)]|$)|@@?[A-Za-z0-9_][A-Za-z0-9_./-]*|"
                      r"(?<![A-Za-z0-9.])\d+(?:[.,]\d+)*%?(?:-\d+(?:\.\d+)?%?)?(?![A-Za-z0-9]|[.,]\d|\s*[萬億万亿千百])")


@dataclass
class DraftReceipt:
    drafted: dict[str, int] = field(default_factory=dict)      # per locale
    cache_hits: int = 0
    mt_calls: int = 0                                           # texts sent to an MT engine
    lost_terms: list[str] = field(default_factory=list)      # glossary renderings the MT dropped
    lost_tokens: list[str] = field(default_factory=list)     # other carried tokens: numbers, handles, URLs
    files_written: list[str] = field(default_factory=list)
    dry_run: bool = False
    ray_actors: int = 0                                         # actors of a --ray run (0: local)
    ray_rate: float = 0.0                                       # segments per second across the cluster
    ray_warmup: float = 0.0                                     # seconds until the first chunk came back

    def line(self) -> str:
        total = sum(self.drafted.values())
        per_locale = ", ".join(f"{loc} {n}" for loc, n in sorted(self.drafted.items())) or "none"
        verb = "would draft" if self.dry_run else "drafted"
        lost = f"{len(self.lost_terms)} ({'; '.join(sorted(set(self.lost_terms)))})" if self.lost_terms else "0"
        tokens = f"; numbers/handles/URLs lost {len(self.lost_tokens)}" if self.lost_tokens else ""
        ray = (f"; Ray actors {self.ray_actors}, {self.ray_rate:.1f} segments/s"
               if self.ray_actors else "")
        return (f"{verb} {total} segments ({per_locale}); cache hits {self.cache_hits}; "
                f"MT calls {self.mt_calls}; glossary terms lost {lost}{tokens}{ray}")


def needs_draft(entry: Entry, redraft: bool) -> bool:
    if entry.obsolete:
        return False
    if not entry.msgstr:
        return True
    if not is_unedited_draft(entry):
        return False
    return redraft or entry.previous_msgid is not None


def _set_draft(entry: Entry, text: str, engine: str, version: str, notes: Sequence[str]) -> None:
    keep = [c for c in entry.translator_comments
            if not c.startswith(("l10n-draft", OVERRIDES_MARK, LOST_MARK))]
    entry.translator_comments = keep + [draft_comment(engine, version, text), *notes]
    entry.msgstr = text
    entry.previous_msgid = None
    entry.previous_msgctxt = None
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")


def carried_spans(text: str, glossary, locale: str) -> list[tuple[int, int, str]]:
    """Spans the MT must reproduce: glossary renderings for ``locale`` first, then handles/URLs/numbers."""
    spans: list[tuple[int, int, str]] = []
    if glossary is not None:
        for hit in glossary.find(text):
            rendering = hit.term.renderings.get(locale)
            if rendering:
                spans.append((hit.start, hit.end, rendering))
    taken = [(s, e) for s, e, _ in spans]
    for match in _CARRIED.finditer(text):
        if not any(match.start() < e and s < match.end() for s, e in taken):
            spans.append((match.start(), match.end(), match.group()))
    return sorted(spans)


@dataclass
class _Job:
    path: Path
    catalog: Catalog
    entries: list[Entry]


def _load_jobs(config: Config, locale: str, redraft: bool) -> list[_Job]:
    jobs = []
    for doc in find_documents(config.source_dir):
        path = config.catalog_path(locale, doc.stem)
        if not path.exists():
            continue
        catalog = read_catalog(path)
        entries = [e for e in catalog.entries if needs_draft(e, redraft)]
        jobs.append(_Job(path, catalog, entries))
    return jobs


def _load_phrases(config: Config):
    if not config.phrases.exists():
        return None
    from .zh_hans import load_phrases

    return load_phrases(config.phrases)


def draft_project(config: Config, locales: Sequence[str], *, redraft: bool = False, dry_run: bool = False,
                  cache_path: Path | None = None, progress: bool = True,
                  engine_factory: Callable[[str], Engine] | None = None,
                  ray: RayOptions | None = None) -> DraftReceipt:
    """Draft every locale; bad input or a missing engine raises before any file is written.

    With ``ray``, the texts that need MT are translated by Ray actors (see :mod:`.distributed`);
    everything else, cache and catalog writes included, happens here exactly as in a local run.
    """
    from ..glossary import project_glossary
    from .zh_hans import convert

    receipt = DraftReceipt(dry_run=dry_run)
    glossary = project_glossary(config)
    phrases = _load_phrases(config)
    with project_lock(config.root):
        plans = [(locale, _load_jobs(config, locale, redraft)) for locale in locales]
        engines: dict[str, Engine] = {}
        for locale, jobs in plans:
            spec = engine_for_locale(locale)
            if spec.id != "opencc" and any(job.entries for job in jobs) and not dry_run:
                factory = engine_factory or (lambda _locale, spec=spec: spec.factory())
                engines[locale] = factory(locale)
                engines[locale].version()   # fails now (EngineError) if the model is missing
        for locale, jobs in plans:
            spec = engine_for_locale(locale)
            todo = [(job, entry) for job in jobs for entry in job.entries]
            receipt.drafted[locale] = len(todo)
            if not todo:
                continue
            if spec.id == "opencc":
                if dry_run:
                    continue
                engine = spec.factory()
                for job, entry in todo:
                    result = convert(entry.msgid, glossary, phrases, quotes=config.zh_hans_quotes,
                                     macros=config.protected_patterns)
                    notes = [f"{OVERRIDES_MARK} {'; '.join(result.overrides)}"] if result.overrides else []
                    _set_draft(entry, result.text, engine.id, engine.version(), notes)
            else:
                factory = engine_factory or (lambda _locale, spec=spec: spec.factory())
                _draft_with_mt(config, locale, todo, engines.get(locale), glossary, phrases, receipt,
                               cache_path, progress, dry_run, ray, functools.partial(factory, locale))
        if not dry_run:
            for _locale, jobs in plans:
                for job in jobs:
                    if job.entries and write_catalog(job.path, job.catalog):
                        receipt.files_written.append(config.rel(job.path))
    return receipt


def _draft_with_mt(config: Config, locale: str, todo: list[tuple[_Job, Entry]], engine: Engine | None,
                   glossary, phrases, receipt: DraftReceipt, cache_path: Path | None, progress: bool,
                   dry_run: bool, ray: RayOptions | None = None,
                   make_engine: Callable[[], Engine] | None = None) -> None:
    from .cache import MTCache, default_cache_path
    from .protect import protect, restore
    from .zh_hans import convert

    prepared = []
    for job, entry in todo:
        protected = protect(entry.msgid, carried_spans(entry.msgid, glossary, locale))
        # The Argos zh model is trained on Simplified Chinese: translate the zh-Hans form of the source.
        source = convert(protected.text, None, phrases, gbt_punctuation=False, macros=config.protected_patterns).text
        prepared.append((entry, protected, source))
    engine_id = engine.id if engine else "argos"
    version = engine.version() if engine else "(not loaded: dry run)"
    with MTCache(cache_path or config.mt_cache or default_cache_path()) as cache:
        inputs = sorted({source for _, _, source in prepared})
        cached = cache.get_many(engine_id, version, inputs) if engine else {}
        missing = [text for text in inputs if text not in cached]
        receipt.cache_hits += sum(1 for _, _, source in prepared if source in cached)
        receipt.mt_calls += len(missing)
        if dry_run or engine is None:
            return
        bar = _progress_bar(len(missing), f"drafting {locale}", progress)

        def keep(pairs: list[tuple[str, str]]) -> None:
            # Into the cache as soon as they exist: an interrupted run loses no finished translation.
            cache.put_many(engine_id, version, pairs)
            cached.update(pairs)
            bar.update(len(pairs))

        chunks = [missing[start:start + MT_BATCH] for start in range(0, len(missing), MT_BATCH)]
        if ray is not None and chunks:
            from .distributed import translate_on_ray

            run = translate_on_ray(chunks, make_engine or (lambda: engine), ray, keep)
            receipt.ray_actors = max(receipt.ray_actors, run.actors)
            receipt.ray_rate = run.rate
            receipt.ray_warmup = run.first_result_seconds
        else:
            for chunk in chunks:
                keep(list(zip(chunk, engine.translate_batch(chunk))))
        bar.close()
    for entry, protected, source in prepared:
        text, lost = restore(cached[source], protected)
        notes = [f"{LOST_MARK} {'; '.join(lost)}"] if lost else []
        terms = {hit.term.renderings.get(locale) for hit in glossary.find(entry.msgid)} if glossary else set()
        receipt.lost_terms.extend(item for item in lost if item in terms)
        receipt.lost_tokens.extend(item for item in lost if item not in terms)
        _set_draft(entry, text, engine_id, version, notes)


def _progress_bar(total: int, label: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="seg", disable=not enabled or total == 0,
                file=sys.stderr, leave=False)

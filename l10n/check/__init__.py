"""``l10n check``: checks for translators and CI over the catalogs, templates, sources and glossary.

>>> from l10n.check import run_checks, format_findings, exit_status   # doctest: +SKIP
>>> findings = run_checks(load_config("."), ["en"])                    # doctest: +SKIP
>>> print(format_findings(findings, "text"))                           # doctest: +SKIP
locales/en/kuaishou-ai-kling.po:123: error [glossary] 可靈: expected "Kling", found "Keling"

Each check has an id, a severity and a one-line description (:data:`REGISTRY`, ``l10n check --list``).
Content checks (glossary, numbers, tokens, conventions) look only at translated entries that are not fuzzy;
drafts and fuzzy entries are counted by ``completeness`` (``drafts=True`` checks their content too).

One entry silences one check either with a flag, ``#, l10n-ignore-numbers`` (as Weblate's ignore flags), or
with a translator comment, ``# l10n-ignore: numbers, tokens``. Both are accepted because GNU msgcat and
msgmerge (and some PO editors) drop ``#,`` flags they do not know but always keep translator comments; prefer
the comment in catalogs that pass through gettext tools.

Exit status (:func:`exit_status`): 0 clean (warnings allowed), 1 when any finding is an error; bad input
(unreadable config, source, catalog or glossary) raises an :class:`~l10n.errors.L10nError` (exit 2).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from l10n.collector import collector_paused
from l10n.config import Config
from l10n.errors import L10nError
from l10n.heap import map_large_blocks_alone
from l10n.workers import quiet_worker_signals
from l10n.lang import is_simplified_chinese, language_of
from l10n.po import Catalog, Entry, entry_state, read_catalog
from l10n.po.read import CatalogStream

from . import checks as _checks  # importing it registers the checks
from . import markup as _markup  # (importing it registers the markup check)
from . import memory
from .model import (REGISTRY, CheckInfo, Expected, FileUnit, Finding, Message, Problem, Resources, check,
                    ignored_checks)
from .report import FORMATS, format_check_list, format_findings

if TYPE_CHECKING:
    from l10n.source import Document

__all__ = [
    "FORMATS", "REGISTRY", "CheckInfo", "Finding", "Message", "Problem", "check", "exit_status",
    "format_check_list", "format_findings", "ignored_checks", "run_checks",
]

PARALLEL_BYTES = 4 * 1024 * 1024
"""Below this much catalog text forking workers costs more than it saves."""
MAX_JOBS = 4
"""Every worker reads every catalog: past a few workers the reading outweighs the checking they share."""
BATCH = 256
"""Entries of one catalog checked and folded together: each check and fold loops over a batch at a time
(the loops, not the entries, pay the calls), and a document's catalogs, read side by side a batch each in
turn, keep what the checks read from a msgid only until every catalog has passed it (memory)."""


def exit_status(findings: Sequence[Finding]) -> int:
    """0 when no finding is an error, else 1 (bad input never gets here: it raises L10nError, exit 2)."""
    return 1 if any(finding.severity == "error" for finding in findings) else 0


@dataclass(frozen=True)
class _FileSpec:
    path: Path
    rel: str
    locale: str          # "templates" for a template
    document: str
    source: Document | None   # None: no source document (an orphan), or the stale check is not run


class TemplateDigest(NamedTuple):
    """What a template's entries are known by: :func:`l10n.stale.entries_digest`, each entry's count of
    extracted comments, and :class:`l10n.stale.RowsHash` (this process only)."""

    digest: bytes
    counts: tuple[int, ...]
    quick: bytes


class _TemplateTap:
    """The digests and comment counts of a template's entries, taken as they are read."""

    def __init__(self) -> None:
        from l10n.stale import RowsDigest, RowsHash

        self.digest = RowsDigest()
        self.quick = RowsHash()
        self.counts: list[int] = []

    def add(self, entry: Entry) -> None:
        self.add_many([entry])

    def add_many(self, entries: Sequence[Entry]) -> None:
        self.digest.add_entries(entries)
        self.quick.add_entries(entries)
        self.counts.extend([len(entry.extracted_comments) for entry in entries])

    def result(self) -> TemplateDigest:
        return TemplateDigest(self.digest.digest(), tuple(self.counts), self.quick.digest())


def template_digest(path: Path) -> TemplateDigest:
    """:class:`_TemplateTap` over a template file, read as a stream."""
    tap = _TemplateTap()
    for batch in CatalogStream(path).batches(BATCH):
        tap.add_many(batch)
    return tap.result()


class _Expectations:
    """What ``l10n update`` would write for each document, decided on first need (by the one process that
    runs the file checks) and then kept.

    The first file of a document is its template. When the run remembers (:mod:`l10n.stale`) the digest of
    the template entries this very source, config, glossary and code lead to, and the template on disk has
    it, the expectation is that digest: no segmentation. Otherwise the source is segmented, as ``l10n
    update`` would, and the digest remembered for the next run.
    """

    def __init__(self, config: Config, resources: Resources | None = None) -> None:
        self.config = config
        self.resources = resources   # its glossary and source terms, shared with the glossary check
        self._by_document: dict[str, Expected] = {}

    def forget(self, document: str) -> None:
        """Drop a document's expectation once its last file is checked (memory)."""
        self._by_document.pop(document, None)

    def get(self, spec: _FileSpec, template: TemplateDigest | None = None) -> Expected | None:
        """``template``: for the template itself, read just now, its digest and comment counts."""
        if spec.source is None:
            return None
        expected = self._by_document.get(spec.document)
        if expected is None:
            expected = self._by_document[spec.document] = self._first(spec, template)
        return expected

    def _first(self, spec: _FileSpec, found: TemplateDigest | None) -> Expected:
        from l10n import stale

        document = spec.source
        fingerprint = stale.source_fingerprint(self.config, document)
        remembered = stale.remembered_digest(self.config, document, fingerprint)
        if remembered is not None and found is None and spec.locale != "templates":
            # The template's findings were replayed, unread: read it now to know it by its digest.
            path = self.config.template_path(document.name)
            found = template_digest(path) if path.exists() else None
        if found is not None and found.digest == remembered:
            return self._by_digest(document, found)
        if found is not None and self._segmented_quick(document) == (found.quick, found.counts):
            # The template is what the source leads to: later files are compared with it by digest, and
            # nothing of the segmentation stays alive through them (memory).
            if remembered != found.digest:
                stale.remember_digest(self.config, document, fingerprint, found.digest)
            return self._by_digest(document, found)
        expected = self._segmented(document)   # no template, or a stale one: entries, to say what changed
        if remembered != expected.digest:
            stale.remember_digest(self.config, document, fingerprint, expected.digest)
        return expected

    def _by_digest(self, document: Document, template: TemplateDigest) -> Expected:
        return Expected(self.config.rel(document.path), None, self.config.project_id, template.digest,
                        template.counts, compute=lambda: self._segmented(document).entries,
                        quick_digest=template.quick)

    def _document_hints(self) -> Callable[[str], list[str]] | None:
        """The glossary hints function, made anew for each document: its cache of every msgid's lines
        lives only as long as one segmentation (memory)."""
        from l10n.glossary_hints import glossary_hints, template_hints

        resources = self.resources
        if resources is None:
            return template_hints(self.config)
        # the run's glossary, each msgid's terms found once for the hints and the glossary check
        glossary = resources.glossary
        return None if glossary is None else glossary_hints(glossary, self.config.target_locales,
                                                            resources.source_terms)

    def _segmented(self, document: Document) -> Expected:
        return _expected(self.config, document, self._document_hints())

    def _segmented_quick(self, document: Document) -> tuple[bytes, tuple[int, ...]]:
        """The :class:`l10n.stale.RowsHash` and comment counts of the template entries ``document`` leads
        to, without keeping the entries, their hints or the segments."""
        from l10n.glossary_hints import with_hints
        from l10n.stale import RowsHash

        hints = self._document_hints()
        entries = _template_of(self.config, document).entries
        quick = RowsHash()
        counts: list[int] = []
        # Each batch of entries is let go once hashed: the glossary terms its hints find (kept for the
        # glossary check) take the place of the template instead of coming on top of it (peak memory).
        entries.reverse()
        while entries:
            batch = entries[-BATCH:]
            del entries[-BATCH:]
            batch.reverse()
            if hints is not None:
                for entry in batch:
                    entry.extracted_comments = with_hints(entry.extracted_comments, entry.msgid, hints)
            counts += [len(entry.extracted_comments) for entry in batch]
            quick.add_entries(batch)
        return quick.digest(), tuple(counts)


def run_checks(config: Config, locales: Sequence[str] | None = None, *, drafts: bool = False,
               select: Collection[str] | None = None, jobs: int | None = None) -> list[Finding]:
    """Every finding for the project, sorted by file, line and check (a stable order).

    ``locales``: target locales to check (default: all in the config). ``drafts``: also check the content
    of fuzzy entries and unreviewed drafts. ``select``: check ids to run (default: all). ``jobs``: worker
    processes, each taking a share of the msgids (default: one per CPU, at most :data:`MAX_JOBS`, for
    projects with :data:`PARALLEL_BYTES` of catalogs not remembered from an earlier run; none for smaller
    ones). Only a run in one process uses and updates the memory of what entries were found to have
    (:mod:`l10n.check.memory`).
    """
    # A run keeps a million entry objects alive, which every full collection walks again (12% of a run).
    with collector_paused():
        return _run_checks(config, locales, drafts, select, jobs)


def _run_checks(config: Config, locales: Sequence[str] | None, drafts: bool, select: Collection[str] | None,
                jobs: int | None) -> list[Finding]:
    locales = config.select_locales(locales)
    chosen = _chosen_checks(select)
    from l10n.glossary import project_glossary
    from l10n.source import load_documents

    documents = load_documents(config.source_dir)
    specs = _file_specs(config, documents, locales, with_templates="stale" in chosen)
    remember = memory.run_fingerprint(config, [info.id for info in chosen.values() if info.scope == "entry"])
    unremembered = [spec for spec in specs if _unremembered(config, spec, remember)]
    if unremembered or not any(spec.locale != "templates" for spec in specs):
        resources = Resources(config, project_glossary(config))   # a bad glossary is bad input at once
    else:
        # Every catalog was checked with this very glossary file (the fingerprint holds its bytes), so it
        # reads without error: read it only if some entry changed.
        resources = Resources(config, load_glossary=lambda: project_glossary(config))
    languages = [language_of(locale) for locale in locales]
    resources.shared_languages = frozenset(language for language in languages if languages.count(language) > 1)
    resources.locales = tuple(locales)
    expectations = _Expectations(config, resources)
    if jobs is None:
        size = sum(_size(spec.path) for spec in unremembered)
        jobs = min(os.cpu_count() or 1, MAX_JOBS) if size >= PARALLEL_BYTES else 1
    if jobs > 1 and "fork" in _multiprocessing().get_all_start_methods():
        findings = _run_forked(specs, chosen, resources, expectations, drafts, locales, jobs, remember)
    else:
        # A catalog is read a piece of 1 MiB after another: each piece, mapped on its own, goes back to the
        # system once read instead of leaving the heap as large as the largest ones (peak memory).
        map_large_blocks_alone()
        context = memory.run_context([(spec.rel, spec.locale, spec.document, spec.source is not None)
                                      for spec in specs], ((d.name, d.text) for d in documents), drafts)
        by_document: dict[str, list[_FileSpec]] = {}
        for spec in specs:
            by_document.setdefault(spec.document, []).append(spec)
        findings = []
        for document, group in by_document.items():
            findings += _check_document(group, chosen, resources, expectations, drafts, remember, context)
            resources.forget_sources()
            expectations.forget(document)
    order = {check_id: index for index, check_id in enumerate(REGISTRY)}
    return sorted(findings, key=lambda f: (f.path, f.line, order.get(f.check, len(order)), f.message,
                                           f.msgid or ""))


def _chosen_checks(select: Collection[str] | None) -> dict[str, CheckInfo]:
    if select is None:
        return dict(REGISTRY)
    unknown = sorted(set(select) - set(REGISTRY))
    if unknown:
        raise L10nError(f"unknown check(s): {', '.join(unknown)}", hint="`l10n check --list` shows the ids")
    return {check_id: info for check_id, info in REGISTRY.items() if check_id in select}




def _template_of(config: Config, document, hints=None) -> Catalog:
    """The template ``l10n update`` would build for ``document`` (with ``hints``: its glossary lines)."""
    from l10n.catalog import build_template
    from l10n.segment import segment_document, segment_options

    # Segmented once per run and not kept: its blocks would stay alive in the segmentation cache.
    segments = segment_document(document.text, config.segmentation, segment_options(config), cached=False)
    return build_template(document.name, config.rel(document.path), segments, config.project_id, "", hints)


def _expected(config: Config, document, hints=None) -> Expected:
    from l10n.stale import entries_digest

    template = _template_of(config, document, hints)
    return Expected(config.rel(document.path),
                    tuple((e.msgctxt, e.msgid, tuple(e.references), tuple(e.extracted_comments))
                          for e in template.entries), config.project_id, entries_digest(template.entries))


def _file_specs(config: Config, documents, locales: Sequence[str], *, with_templates: bool) -> list[_FileSpec]:
    specs: list[_FileSpec] = []
    for document in documents:
        source = document if with_templates else None
        if with_templates:
            path = config.template_path(document.name)
            specs.append(_FileSpec(path, config.rel(path), "templates", document.name, source))
        for locale in locales:
            path = config.catalog_path(locale, document.name)
            specs.append(_FileSpec(path, config.rel(path), locale, document.name, source))
    if with_templates:
        names = {document.name for document in documents}
        folders = [("templates", "*.pot")] + [(locale, "*.po") for locale in locales]
        for folder, pattern in folders:
            for path in sorted((config.locales_dir / folder).glob(pattern)):
                if path.stem not in names:
                    specs.append(_FileSpec(path, config.rel(path), folder, path.stem, None))
    return specs


def _unremembered(config: Config, spec: _FileSpec, fingerprint: bytes) -> bool:
    """Whether a catalog has entry checks to run that no earlier run with this fingerprint remembers (for
    a remembered catalog, workers would mostly read it again: it costs its reading, not its checks)."""
    return spec.locale != "templates" and not memory.open_memory(config, spec.rel, spec.locale, fingerprint,
                                                                 load=False).exists()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _is_checked(entry: Entry, drafts: bool) -> bool:
    if entry.msgid_plural is not None:
        return False   # content checks compare one msgid with one msgstr; Markdown has no plurals
    state = entry_state(entry)
    return state == "translated" or (drafts and state in ("draft", "fuzzy"))


def _checked_entries(batch: Sequence[Entry], drafts: bool) -> list[Entry]:
    """The entries of ``batch`` the entry checks look at: not obsolete and :func:`_is_checked`."""
    # A reviewed single translation (nearly every entry) is taken without _is_checked's four calls.
    return [entry for entry in batch if not entry.obsolete and (
        entry.msgstr and entry.msgid_plural is None and "fuzzy" not in entry.flags
        or _is_checked(entry, drafts))]


def _check_document(specs: list[_FileSpec], chosen: dict[str, CheckInfo], resources: Resources,
                    expectations: _Expectations, drafts: bool, remember: bytes, context: bytes) -> list[Finding]:
    """The findings for one document's files in the one process of a run, replaying those of a file whose
    bytes a run with the same fingerprint and context saw (:func:`l10n.check.memory.run_context`).

    The template goes first (the catalogs are compared with what it says the source leads to); then the
    catalogs are read side by side, an entry of each in turn: they mostly hold the same msgids in the same
    order, so what the checks read from a msgid, and the problems one locale shares with another of its
    language, are dropped once every catalog has passed it instead of living until the document is done
    (memory; a msgid met again later is read again)."""
    config = resources.config
    findings: list[Finding] = []
    runs: list[tuple[_FileRun, bytes | None]] = []
    for spec in specs:
        key = None
        if config is not None:
            try:
                key = memory.file_key(remember, context, spec.rel, spec.path)
            except OSError:
                pass   # missing (a finding of its own) or unreadable (bad input, said by the reader)
            if key is not None:
                replayed = memory.replayed_findings(config, spec.rel, remember, key)
                if replayed is not None:
                    findings += replayed
                    continue
        run = _FileRun(spec, chosen, resources, expectations, drafts, remember=remember)
        if spec.locale == "templates":
            run.read_all()
            findings += _remembered(run.finish(), config, spec, remember, key)
        else:
            runs.append((run, key))
    for run, _ in runs:
        run.start()
    streams = [run.batches() for run, _ in runs]
    forget = resources.forget_source
    while streams:
        passed: dict[str, None] = {}
        for stream in list(streams):
            batch = next(stream, None)
            if batch is None:
                streams.remove(stream)
            else:
                passed.update(dict.fromkeys([entry.msgid for entry in batch]))
        for msgid in passed:
            forget(msgid)
    for run, key in runs:
        findings += _remembered(run.finish(), config, run.spec, remember, key)
    return findings


def _remembered(findings: list[Finding], config: Config | None, spec: _FileSpec, remember: bytes,
                key: bytes | None) -> list[Finding]:
    if key is not None:
        memory.remember_findings(config, spec.rel, remember, key, findings)
    return findings


def _check_file(spec: _FileSpec, chosen: dict[str, CheckInfo], resources: Resources, expectations: _Expectations,
                drafts: bool, share: Callable[[str], bool] | None = None, file_level: bool = True,
                remember: bytes | None = None, learned: dict | None = None) -> list[Finding]:
    """The findings for one file: entry checks for the msgids ``share`` accepts (default all), and the file
    checks if ``file_level``. ``remember``: the run's fingerprint, to take unchanged entries' problems from
    the catalog's memory (:mod:`l10n.check.memory`) and remember the others': saved at once, or (a worker's
    share) put in ``learned`` by file for the parent to save."""
    run = _FileRun(spec, chosen, resources, expectations, drafts, share, file_level, remember)
    run.read_all()
    return run.finish(learned)


class _FileRun:
    """The checks of one file, read as a stream: each entry is checked (and handed to the file checks'
    folds) as it is read (:meth:`entries`), and nothing of it stays alive after its findings are recorded;
    :meth:`finish` adds the file checks' problems and gives the findings."""

    def __init__(self, spec: _FileSpec, chosen: dict[str, CheckInfo], resources: Resources,
                 expectations: _Expectations, drafts: bool, share: Callable[[str], bool] | None = None,
                 file_level: bool = True, remember: bytes | None = None) -> None:
        self.spec = spec
        self.resources = resources
        self.expectations = expectations
        self.findings: list[Finding] = []
        orphan = spec.source is None and "stale" in chosen
        self.is_template = is_template = spec.locale == "templates"
        self.idle = not file_level and (orphan or is_template)   # nothing but file checks to run on those
        self.stale = file_level and "stale" in chosen
        self.stream = CatalogStream(spec.path) if spec.path.exists() and not self.idle else None
        self.file_checks = [info for info in chosen.values() if info.scope == "file"
                            and (not orphan or info.id == "stale") and file_level]
        self.entry_checks = [] if orphan or self.stream is None or is_template else [
            info for info in chosen.values()
            if info.scope == "entry" and (info.applies_to is None or info.applies_to(spec.locale))]
        self.drafts, self.share, self.remember = drafts, share, remember
        self.unit: FileUnit | None = None
        self.folds: list = []
        self.tap: _TemplateTap | None = None
        self.checker: _EntryChecker | None = None
        # A function, not a bound method: the entry checker keeps it, and a cycle through this run would
        # leave everything the run reached (the glossary's target indexes...) to a collection of all of it
        # when the collector is on again (0.14 s at 20k entries x 3 locales).
        self.add = _finding_adder(spec, self.findings)

    def start(self) -> None:
        """Decide what the file is compared with (for a catalog: once its template was read)."""
        if self.idle:
            return
        spec, resources = self.spec, self.resources
        # A template's expectation is taken as it streams past (the tap), unless there is no template to read.
        expected = (self.expectations.get(spec) if self.stale and (not self.is_template or self.stream is None)
                    else None)
        self.unit = unit = FileUnit(spec.path, spec.rel, spec.locale, spec.document, None, expected,
                                    resources=resources, drafts=self.drafts,
                                    thresholds=resources.config.thresholds if resources.config is not None else {},
                                    whole=lambda: read_catalog(spec.path, layouts=False))
        if self.stream is None:
            return
        self.folds = [(info, info.fold(unit) if info.fold is not None else _Gathered(unit, info))
                      for info in self.file_checks]
        if self.stale and self.is_template and spec.source is not None:
            self.tap = _TemplateTap()
        if self.entry_checks:
            self.checker = _EntryChecker(spec, self.entry_checks, resources, self.drafts, self.share,
                                         self.remember, self.add)

    def batches(self) -> Iterator[list[Entry]]:
        """The file's entries, :data:`BATCH` at a time, each batch checked and folded before it is given."""
        if self.stream is None:
            return
        adders = [getattr(fold, "add_many", None) or _adding_each(fold.add) for _, fold in self.folds]
        if self.tap is not None:
            adders.append(self.tap.add_many)
        check = self.checker.check if self.checker is not None else None
        for batch in self.stream.batches(BATCH):
            if check is not None:
                check(batch)
            for each in adders:
                each(batch)
            yield batch

    def read_all(self) -> None:
        self.start()
        for _ in self.batches():
            pass

    def finish(self, learned: dict | None = None) -> list[Finding]:
        """The findings, file checks' included (once every entry was read)."""
        if self.idle:
            return []
        unit = self.unit
        if self.stream is None:
            for info in self.file_checks:
                for problem in info.fn(unit):
                    self.add(info, problem, problem.entry)
            return self.findings
        unit.catalog = self.stream.header
        if self.tap is not None:
            unit.expected = self.expectations.get(self.spec, self.tap.result())
        for info, fold in self.folds:
            for problem in fold.problems():
                if problem.entry is not None and info.id in ignored_checks(problem.entry):
                    continue
                self.add(info, problem, problem.entry)
        if self.checker is not None:
            self.checker.finish(learned)
        return self.findings


def _finding_adder(spec: _FileSpec, findings: list[Finding]) -> Callable[[CheckInfo, Problem, Entry | None], None]:
    """What adds a problem of a check to ``findings``, as a finding in ``spec``'s file."""
    rel, locale, append = spec.rel, spec.locale, findings.append

    def add(info: CheckInfo, problem: Problem, entry: Entry | None) -> None:
        line = problem.line if problem.line is not None else (entry.lineno if entry is not None else 0)
        append(Finding(rel, line, problem.severity or info.severity, info.id, problem.message, locale,
                       entry.msgid if entry is not None else None))
    return add


class _EntryChecker:
    """The entry checks of one catalog, run on its entries a batch at a time as they pass (:meth:`check`)."""

    def __init__(self, spec: _FileSpec, entry_checks: list[CheckInfo], resources: Resources, drafts: bool,
                 share: Callable[[str], bool] | None, remember: bytes | None,
                 add: Callable[[CheckInfo, Problem, Entry | None], None]) -> None:
        self.spec = spec
        self.entry_checks = entry_checks
        self.resources = resources
        self.drafts = drafts
        self.share = share
        self.add = add
        self.remembered = None
        self.by_id = {info.id: info for info in entry_checks}
        self.labels: dict[str, bytes] = {}   # by document, the digest of its reference labels
        self.sharing: list[tuple[dict, list[CheckInfo], bool]] | None = None
        self.own: list[CheckInfo] = []
        if remember is not None and resources.config is not None:
            self.remembered = memory.open_memory(resources.config, spec.rel, spec.locale, remember)

    def check(self, batch: Sequence[Entry]) -> None:
        """Check the entries of ``batch`` that are to be, adding their problems in entry order: each check
        loops over the batch's messages (a check's problems for an entry never depend on another entry)."""
        drafts, share = self.drafts, self.share
        todo = _checked_entries(batch, drafts)
        if share is not None:
            todo = [entry for entry in todo if share(entry.msgid)]
        if not todo:
            return
        locale, resources, remembered = self.spec.locale, self.resources, self.remembered
        silenced = [ignored_checks(entry) if entry.flags or entry.translator_comments else () for entry in todo]
        # The labels of the entry's document as the markup check reads them (once per document): part of
        # what an entry's problems depend on, so of the keys they are remembered and shared under.
        labels = self.labels
        documents = [entry.references[0].rsplit(":", 1)[0] if entry.references else "" for entry in todo]
        for document in set(documents).difference(labels):
            entry = todo[documents.index(document)]
            labels[document] = memory.labels_digest(_markup.document_labels(Message(entry, locale, resources))[1])
        keys = memory.entry_keys(todo, [labels[document] for document in documents])
        count = len(todo)
        found: list[list[tuple[str, Problem]] | tuple] = [()] * count
        pending: list[int] = list(range(count))   # the entries not remembered
        if remembered is not None:
            # A silenced entry's problems are neither looked up nor remembered.
            looked_up = [index for index in pending if not silenced[index]] if any(silenced) else pending
            answers = remembered.get_many([keys[index] for index in looked_up])
            if answers.count(None) != len(answers):   # some are remembered
                known = set()
                for index, answer in zip(looked_up, answers):
                    if answer is not None:
                        found[index] = answer
                        known.add(index)
                pending = [index for index in pending if index not in known]
        if pending:
            self._run_checks(pending, todo, silenced, keys, found)
        add, by_id = self.add, self.by_id
        for index, entry in enumerate(todo):
            problems = found[index]
            if problems:
                for check_id, problem in problems:
                    add(by_id[check_id], problem, entry)
        if remembered is not None:
            # (a problem placed on a line of its own would move: such an entry is not remembered)
            remembered.put_many([(keys[index], tuple(found[index])) for index in pending if not silenced[index]
                                 and (not found[index] or all(problem.line is None for _, problem in found[index]))])

    def _run_checks(self, pending: list[int], todo: list[Entry], silenced: list, keys: list[bytes],
                    found: list) -> None:
        locale, resources = self.spec.locale, self.resources
        quiet = [silenced[index] for index in pending]
        every = range(len(pending))
        problems_of: list[list[tuple[str, Problem]]] = [[] for _ in pending]
        if self.sharing is None:   # on first need (may read the glossary)
            self.sharing, self.own = _sharing(self.entry_checks, resources, locale)
        # The same translation of the same source in another locale of this language (or with this glossary
        # column): the same problems. The last locale to look takes them out (memory).
        shared = []
        for memo_of, infos, last in self.sharing:
            size = len(infos)
            if last:
                knowns = [memo_of.pop(keys[index], None) or [None] * size for index in pending]
            else:
                knowns = [memo_of.setdefault(keys[index], [None] * size) for index in pending]
            shared.append((infos, knowns, last))
        # Only the entries some check has yet to look at are made messages of: for a locale whose every check
        # is shared, such as en_GB after en, those another locale left a problem unknown for.
        if self.own:
            looking: Sequence[int] = every
        else:
            looking = [at for at in every if any(None in knowns[at] for _, knowns, _ in shared)]
        messages = [Message(todo[pending[at]], locale, resources) for at in looking]
        for infos, knowns, last in shared:
            for position, info in enumerate(infos):
                fn, check_id = info.fn, info.id
                for seen in _looked_at(info, messages) if messages else ():
                    at = looking[seen]
                    if check_id in quiet[at]:
                        continue
                    known = knowns[at]
                    if known[position] is None:
                        known[position] = tuple(fn(messages[seen]))
                if not last and info.prefilter is not None:
                    # Passed over by the prefilter: the check finds nothing in it, nor for the next locale.
                    for at in every:
                        known = knowns[at]
                        if known[position] is None and check_id not in quiet[at]:
                            known[position] = ()
            ids = [info.id for info in infos]
            for at in every:
                known = knowns[at]
                if any(known):
                    unheard = quiet[at]
                    problems = problems_of[at]
                    for check_id, each in zip(ids, known):
                        if each and check_id not in unheard:
                            problems.extend([(check_id, problem) for problem in each])
        for info in self.own:
            fn, check_id = info.fn, info.id
            for at in _looked_at(info, messages):
                if check_id in quiet[at]:
                    continue
                for problem in fn(messages[at]):
                    problems_of[at].append((check_id, problem))
        for at, index in enumerate(pending):
            found[index] = problems_of[at]

    def finish(self, learned: dict | None) -> None:
        """Save what the memory learned (a worker's share: into ``learned``, for the parent to save)."""
        if self.remembered is not None:
            if learned is None:
                self.remembered.save()
            else:
                learned[self.spec.rel] = (self.spec.locale, self.remembered.learned())


def _looked_at(info: CheckInfo, messages: Sequence[Message]) -> Iterable[int]:
    """The indices of the messages a check is called for (its prefilter's, else all)."""
    return range(len(messages)) if info.prefilter is None else info.prefilter(messages)


def _adding_each(add: Callable[[Entry], None]) -> Callable[[Sequence[Entry]], None]:
    """A fold's ``add`` as the ``add_many`` of one without it."""
    def add_many(entries: Sequence[Entry]) -> None:
        for entry in entries:
            add(entry)
    return add_many


class _Gathered:
    """A file check without a fold: the entries kept for its plain form."""

    def __init__(self, unit: FileUnit, info: CheckInfo) -> None:
        self.unit, self.info, self.entries = unit, info, []

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)

    def problems(self):
        header = self.unit.catalog
        whole = Catalog(metadata=header.metadata, header_comments=header.header_comments,
                        header_flags=header.header_flags, entries=self.entries,
                        conflict_header=header.conflict_header)
        from dataclasses import replace

        return self.info.fn(replace(self.unit, catalog=whole, whole=None))


def _sharing(entry_checks: list[CheckInfo], resources: Resources, locale: str
             ) -> tuple[list[tuple[dict, list[CheckInfo], bool]], list[CheckInfo]]:
    """The entry checks whose problems the run shares between locales, with the memo of each kind of
    sharing (one language; one glossary column) and whether ``locale`` is its last user, and the checks
    run for every entry of ``locale``."""
    sharing = []
    for by_column, memo_of in ((False, resources.language_memo), (True, resources.column_memo)):
        infos = [info for info in entry_checks if (info.per_glossary_column if by_column else info.per_language)]
        memo = memo_of(locale) if infos else None
        if memo is not None:
            sharing.append((memo, infos, resources.last_sharer(locale, by_column)))
    shared = {info.id for _, infos, _ in sharing for info in infos}
    return sharing, [info for info in entry_checks if info.id not in shared]


# --- worker processes ------------------------------------------------------------------------------------

_WORKER_STATE: tuple | None = None   # set in each forked worker by _start_worker


def _multiprocessing():
    """The multiprocessing module, imported by a run that forks (with concurrent.futures, ~0.03 s of every
    one-process run's start otherwise)."""
    import multiprocessing

    return multiprocessing


def _run_forked(specs: list[_FileSpec], chosen: dict[str, CheckInfo], resources: Resources,
                expectations: _Expectations, drafts: bool, locales: Sequence[str], jobs: int,
                remember: bytes | None = None) -> list[Finding]:
    """Check in ``jobs`` forked workers, each reading every file and running the entry checks of its share
    of the msgids; worker 0 also runs the file checks (and segments the sources for the stale check).

    Sharing by msgid rather than by file keeps together what a run computes once per source text (numbers
    and glossary terms read from the msgid) and the translations one language's locales share, so no
    worker repeats another's work but the reading. With the fork start method the workers inherit the
    glossary automata built here instead of unpickling them.
    """
    if resources.glossary is not None:
        resources.glossary.find("")
        for locale in locales:
            resources.target_matcher(locale)
    if "traditional" in chosen and any(is_simplified_chinese(locale) for locale in locales):
        _checks.traditional_characters()
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs, mp_context=_multiprocessing().get_context("fork"), initializer=_start_worker,
                             initargs=((specs, chosen, resources, expectations, drafts, jobs, remember),)) as pool:
        results = list(pool.map(_check_in_worker, range(jobs)))
    for result in results:
        if len(result) == 5:   # bad input in a worker: raise it here, path and line intact
            kind, message, path, line, hint = result
            raise kind(message, path, line, hint)
    if remember is not None and resources.config is not None:
        # Each worker learned its share of every catalog's entries: together, the whole catalog.
        for rel in dict.fromkeys(rel for _, learned in results for rel in learned):
            shares = [learned[rel] for _, learned in results if rel in learned]
            memory.open_memory(resources.config, rel, shares[0][0], remember, load=False).save_learned(
                [share for _, share in shares])
    return [finding for findings, _ in results for finding in findings]


FILE_CHECK_SHARE = 0.2
"""Worker 0's file checks and segmentation, as a share of all entry checks (measured on 100,000 entries x 3
locales): it gets that much less of the msgids."""


def shard_bounds(jobs: int) -> list[float]:
    """Upper bounds of each worker's share of [0, 1): worker 0's smaller by its file checks.

    >>> shard_bounds(2)
    [0.4, 1.0]
    """
    first = max(0.0, (1 - FILE_CHECK_SHARE * (jobs - 1)) / jobs)
    rest = (1 - first) / (jobs - 1)
    return [round(first + rest * index, 6) for index in range(jobs - 1)] + [1.0]


def _msgid_share(index: int, jobs: int) -> Callable[[str], bool]:
    """Whether a msgid is worker ``index``'s. Forked workers share the parent's string hash seed, so every
    worker agrees on every msgid."""
    bounds = [0.0] + shard_bounds(jobs)
    low, high = int(bounds[index] * 1024), int(bounds[index + 1] * 1024)
    return lambda msgid: low <= hash(msgid) % 1024 < high


def _start_worker(state: tuple) -> None:
    global _WORKER_STATE
    quiet_worker_signals()
    _WORKER_STATE = state


def _check_in_worker(index: int) -> tuple[list[Finding], dict] | tuple:
    specs, chosen, resources, expectations, drafts, jobs, remember = _WORKER_STATE
    share = _msgid_share(index, jobs)
    learned: dict = {}
    try:
        return [finding for spec in specs
                for finding in _check_file(spec, chosen, resources, expectations, drafts, share, index == 0,
                                           remember, learned)], learned
    except L10nError as error:   # its constructor takes more than pickle passes back
        return (type(error), error.message, error.path, error.line, error.hint)

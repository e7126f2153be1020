"""``l10n draft``: fill untranslated entries with fuzzy machine drafts, never touching a human's work.

Which entries: untranslated ones; drafts whose source changed since (a stale machine draft); with
``redraft``, every entry still holding an unedited machine draft. Translated entries and fuzzy entries a
human has edited are never changed.

Every locale goes through the same steps, whatever its engine (:mod:`.engines`): the engine the project
declares for the locale is built and must be available; each source segment is prepared (glossary renderings,
@handles, URLs and numbers protected, unless the engine locks terms itself as OpenCC does; converted to the
engine's input locale, e.g. zh-Hans for the Argos zh models); outputs come from the MT cache or the engine in
batches; protected tokens are restored and checked; the drafting-quality checks (:mod:`.quality`) run; the
draft is written with its provenance. :func:`draft_texts` is that core without catalogs (``l10n mt eval``).
"""
from __future__ import annotations

import functools
import itertools
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..collector import collector_paused
from ..config import Config
from ..errors import EngineError
from ..fsutil import StagedFile, project_lock, stage_bytes
from ..po import Catalog, Entry, draft_comment, format_catalog, is_unedited_draft, read_catalog
from ..source import find_documents
from .distributed import RayOptions
from .engines import (ENGINES, Engine, EngineChoice, EngineRequest, EngineSpec, create_engine, glossary_digest,
                      opencc_route, phrases_digest, provenance, request_for)
from ..markup import DEFAULT_MACRO_PATTERNS, PLAIN, compare, inline_markup, is_plain_text
from .protect import Protected, markup_spans, protect, restore, source_markup, tighten_emphasis
from .quality import Sample, broken_reasons
from .terms import HYPOTHESES_DEFAULT, TermNeed, choose_hypothesis, route_note

OVERRIDES_MARK = "l10n-draft-overrides:"
LOST_MARK = "l10n-draft-lost:"
BROKEN_MARK = "l10n-draft-broken:"
MARKUP_MARK = "l10n-draft-markup-lost:"
MT_BATCH = 128   # texts per engine call (and per Ray task); the engine batches further (32 per CTranslate2 call)
ENGINE_AHEAD = 4   # engine calls queued while the segments before them are finished and written
# Segments sent ahead to an engine process and not taken back yet (outputs wait in a pipe, not in a thread): enough
# that it always has a batch to convert while this process lags, finishing the ones it is ahead on.
PROCESS_AHEAD = 4096
# Sources per call to an engine process once it runs. Each call is a round trip (a request and a reply through
# the pipes, each waking the other process) that leaves the converter idle whatever the call's size: at 20k
# segments on a loaded machine, calls of 128 left 0.40-0.49 s between conversions, calls of 512 0.13-0.32 s.
# The first calls are smaller (MT_BATCH, then doubling), so the first conversion starts once a catalog or two
# are read, and the last sources go in calls of MT_BATCH, so little is left to finish after the last one.
PROCESS_BATCH = 512
# While the engine thread runs: how soon a thread waiting for the GIL gets it (Python's default is 5 ms). The
# engine's thread takes the GIL back after every native call (tokenizer, model); at 5 ms each such wait
# behind this thread's Python work cost a tiny CTranslate2 model half its speed.
ENGINE_SWITCH_INTERVAL = 0.0005
_BROKEN_SHOWN = 80   # characters of a broken output quoted in its entry

# Tokens that must leave MT exactly as they came in.
_CARRIED = re.compile(r"https?://\S+?(?=[\s,，。」』）)]|$)|@@?[A-Za-z0-9_][A-Za-z0-9_./-]*|"
                      r"(?<![A-Za-z0-9.])\d+(?:[.,]\d+)*%?(?:-\d+(?:\.\d+)?%?)?(?![A-Za-z0-9]|[.,]\d|\s*[萬億万亿千百])")
_MAYBE_TOKEN = re.compile(r"[0-9@]|https?://")   # no match: _CARRIED has nothing to find (a cheap first look)


@dataclass
class DraftReceipt:
    drafted: dict[str, int] = field(default_factory=dict)      # per locale
    cache_hits: int = 0
    mt_calls: int = 0                                           # texts sent to an MT engine
    lost_terms: list[str] = field(default_factory=list)      # glossary renderings the MT dropped
    lost_tokens: list[str] = field(default_factory=list)     # other carried tokens: numbers, handles, URLs
    files_written: list[str] = field(default_factory=list)
    dry_run: bool = False
    broken: dict[str, int] = field(default_factory=dict)       # per locale: drafts the quality checks refused
    markup_lost: list[str] = field(default_factory=list)     # msgids whose draft lost inline Markdown
    skipped: dict[str, str] = field(default_factory=dict)      # per locale: why it was not drafted, what to do
    engine_seconds: float = 0.0                                 # time inside engines' translate_batch
    # When each engine call started and ended (time.perf_counter, measured where the engine runs: its thread,
    # or its process for OpenCC; CLOCK_MONOTONIC is one clock for every process).
    engine_intervals: list[tuple[float, float]] = field(default_factory=list)
    terms_from_hypotheses: int = 0                              # glossary terms a chosen hypothesis carried
    terms_injected: int = 0                                     # glossary terms injection carried
    reinjected: int = 0                                         # segments whose hypotheses all missed a term
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
        broken = sum(self.broken.values())
        broken_text = (f"; broken drafts refused {broken} ("
                       + ", ".join(f"{loc} {n}" for loc, n in sorted(self.broken.items()) if n) + ")"
                       if broken else "")
        markup = f"; markup lost in {len(self.markup_lost)} drafts" if self.markup_lost else ""
        routes = (f"; glossary terms from hypotheses {self.terms_from_hypotheses}, injected {self.terms_injected}"
                  if self.terms_from_hypotheses or self.terms_injected else "")
        return (f"{verb} {total} segments ({per_locale}); cache hits {self.cache_hits}; "
                f"MT calls {self.mt_calls}; glossary terms lost {lost}{routes}{tokens}{markup}{broken_text}{ray}")

    def timed(self, started: float, ended: float) -> None:
        """Count one engine call that ran from ``started`` to ``ended``."""
        self.engine_seconds += ended - started
        self.engine_intervals.append((started, ended))

    def skipped_lines(self) -> list[str]:
        return [f"skipped {locale}: {reason}" for locale, reason in sorted(self.skipped.items())]


def needs_draft(entry: Entry, redraft: bool) -> bool:
    if entry.obsolete:
        return False
    if not entry.msgstr:
        return True
    if not is_unedited_draft(entry):
        return False
    return redraft or entry.previous_msgid is not None


def _set_draft(entry: Entry, text: str, engine: str, version: str, notes: Sequence[str]) -> None:
    comments = entry.translator_comments
    keep = [c for c in comments if not c.startswith("l10n-draft")] if comments else []
    keep.append(draft_comment(engine, version, text))
    entry.translator_comments = keep + list(notes) if notes else keep
    entry.msgstr = text
    entry.previous_msgid = None
    entry.previous_msgctxt = None
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")


def _refused_by(entry: Entry) -> str | None:
    """The provenance in the entry's broken-draft mark, if it has one."""
    for comment in entry.translator_comments:
        if comment.startswith(BROKEN_MARK):
            _engine, _, rest = comment[len(BROKEN_MARK):].strip().partition(" (")
            return rest.rpartition("): ")[0] or None
    return None


def _set_broken(entry: Entry, outcome: DraftOutcome, engine: str, version: str) -> None:
    """A refused draft: the entry stays untranslated and says what the engine produced and why it was refused.

    Nothing broken reaches msgstr, so no build, review page or editor shows it as a draft; a rerun meets the
    same output (from the cache) and writes the same comment, so drafting stays idempotent.
    """
    shown = " ".join(outcome.raw.split())
    if len(shown) > _BROKEN_SHOWN:
        shown = shown[:_BROKEN_SHOWN] + "…"
    keep = [c for c in entry.translator_comments if not c.startswith("l10n-draft")]
    entry.translator_comments = keep + [
        f"{BROKEN_MARK} {engine} ({version}): {'; '.join(outcome.broken)}; output: {shown!r}"]
    entry.msgstr = ""
    entry.previous_msgid = None
    entry.previous_msgctxt = None
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


def carried_spans(text: str, glossary, locale: str,
                  macros: Sequence[str] | None = None) -> list[tuple[int, int, str]]:
    """Spans the MT must reproduce: inline Markdown first (a term inside code or a URL is not a term there),
    then glossary renderings for ``locale``, then handles/URLs/numbers."""
    fixed, terms = _carried(text, glossary, locale, source_markup(text, macros))
    return sorted(fixed + [span for span, _need in terms])


def _carried(text: str, glossary, locale: str, markup: Any
             ) -> tuple[list[tuple[int, int, str]], list[tuple[tuple[int, int, str], TermNeed]]]:
    """:func:`carried_spans` in two groups: the spans every route protects (markup, tokens, terms written as
    the source writes them, such as Latin names), and the glossary terms the engine has to translate, each
    with its :class:`~.terms.TermNeed` (injected, or looked for in the hypotheses). ``markup``: the text's
    inline markup (:func:`l10n.markup.inline_markup`)."""
    spans = markup_spans(text, markup=markup) if not markup.is_plain else []
    terms: list[tuple[tuple[int, int, str], TermNeed]] = []
    if glossary is not None:
        column = _column(locale)
        taken = [(s, e) for s, e, _ in spans]
        for hit in glossary.find(text):
            rendering = hit.term.renderings.get(column)
            if rendering and not any(hit.start < e and s < hit.end for s, e in taken):
                span = (hit.start, hit.end, rendering)
                written = text[hit.start:hit.end]
                if rendering == written:
                    spans.append(span)
                else:
                    terms.append((span, TermNeed(hit.term.row, written, rendering)))
    if _MAYBE_TOKEN.search(text):
        taken = [(s, e) for s, e, _ in spans] + [(s, e) for (s, e, _), _need in terms]
        for match in _CARRIED.finditer(text):
            if not any(match.start() < e and s < match.end() for s, e in taken):
                spans.append((match.start(), match.end(), match.group()))
    return spans, terms


@functools.lru_cache(maxsize=64)
def _column(locale: str) -> str:
    from ..glossary import locale_column

    return locale_column(locale)


@dataclass(frozen=True)
class Drafter:
    """An available engine for one locale with everything around it: protection, input, provenance."""

    request: EngineRequest
    spec: EngineSpec
    engine: Engine
    provenance: str
    input_converter: Engine | None   # source -> the engine's input locale (OpenCC), when they differ
    replaced: bool = False           # ``engine`` was given by the caller, not built from the request
    hypotheses: int = 1              # n-best size for segments with terms (1: inject them straight away)
    term_index: Any = None           # the glossary's target-side index (l10n.glossary.TargetIndex) of the locale

    @property
    def engine_id(self) -> str:
        return self.engine.id

    def make_engine(self) -> Callable[[], Engine]:
        """A picklable factory of this engine, for worker processes (Ray actors).

        A configured engine is rebuilt from its request in the worker (models load there, not here); an
        engine the caller supplied is shipped as it is, so workers run exactly what a local run would.
        """
        if self.replaced:
            return functools.partial(_same_engine, self.engine)
        return functools.partial(create_engine, self.request)


def _same_engine(engine: Engine) -> Engine:
    return engine


def prepare_drafter(config: Config, locale: str, choice: EngineChoice | None = None, *, glossary: Any = None,
                    phrases: Any = None, engine: Engine | None = None) -> Drafter:
    """The drafter of ``locale``; EngineError (bad input, exit 2) when its engine is ``none`` or not installed.

    ``engine`` replaces the engine the request would build (tests and benchmarks wrap or stub it).
    """
    request = request_for(config, locale, choice, glossary=glossary, phrases=phrases)
    spec = ENGINES[request.choice.engine]
    built = create_engine(request)
    if built is None:
        raise EngineError(f"{locale} is drafted by hand (engine none): there is nothing to draft it with",
                          config.root / "pyproject.toml",
                          hint=f"declare an engine for it in [tool.l10n.engines], e.g. {locale} = \"argos\"")
    replaced = engine is not None
    engine = engine or built
    check = getattr(engine, "available", None)
    availability = check() if check is not None else None
    if availability is not None and not availability.ok:
        raise EngineError(f"cannot draft {locale} with {engine.id}: {availability.detail}",
                          hint=availability.hint or None)
    input_locale = getattr(engine, "input_locale", None) or built.input_locale
    converter = None
    if input_locale != config.source_locale:
        from .opencc_engine import OpenCCEngine
        from .engines import locale_parts

        route = opencc_route(config.source_locale, input_locale)
        if route is None:
            raise EngineError(f"{engine.id} for {locale} reads {input_locale}, and there is no OpenCC "
                              f"conversion from {config.source_locale} to it", config.root / "pyproject.toml",
                              hint="set input-locale to the source locale or a Chinese variant")
        hans = locale_parts(input_locale).script == "Hans" and locale_parts(config.source_locale).script != "Hans"
        converter = OpenCCEngine(None, phrases if hans else None, configs=route, gbt_punctuation=False,
                                 input_locale=config.source_locale, macros=request.macros)
    shaped_by_glossary = glossary is not None and (not spec.locks_terms or request.option("glossary", True))
    stamp = provenance(engine, request.choice,
                       glossary=glossary_digest(glossary, locale) if shaped_by_glossary else None,
                       phrases=phrases_digest(getattr(engine, "phrases", None) or
                                              (converter.phrases if converter else None)))
    hypotheses, index = _hypotheses(request, spec, engine, glossary, locale)
    if hypotheses > 1:
        stamp += f"; hypotheses {hypotheses}"   # the decoding of segments with terms differs: another producer
    return Drafter(request, spec, engine, stamp, converter, replaced, hypotheses, index)


def _hypotheses(request: EngineRequest, spec: EngineSpec, engine: Engine, glossary: Any,
                locale: str) -> tuple[int, Any]:
    """How many hypotheses to ask for per segment with glossary terms, and the glossary's target index.

    The engine option ``hypotheses`` (default :data:`~.terms.HYPOTHESES_DEFAULT` where the engine has
    n-best; 1 turns the hypothesis route off). Engines that lock terms themselves (OpenCC) have no use for it.
    """
    if spec.locks_terms or not spec.nbest or glossary is None:
        return 1, None
    wanted = request.option("hypotheses", HYPOTHESES_DEFAULT)
    if wanted < 1:
        raise EngineError(f"[tool.l10n.engines] {locale}: hypotheses must be at least 1, got {wanted}",
                          hint="1 injects glossary terms at once; 4 (the default) tries 4 translations first")
    if wanted == 1 or not callable(getattr(engine, "translate_nbest", None)):
        return 1, None
    from ..glossary import locale_column

    if locale_column(locale) not in glossary.locales:
        return 1, None
    return wanted, glossary.target_index(locale)


class DraftOutcome(NamedTuple):
    """One segment's draft: ``text`` (empty when broken), notes for the entry, what was lost, why broken.

    A named tuple, like :class:`_Prepared`: one is made per segment, and a frozen dataclass costs ten times
    as much to make (its ``__init__`` sets each field through ``object.__setattr__``)."""

    text: str
    raw: str
    notes: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    broken: tuple[str, ...] = ()
    markup_lost: tuple[str, ...] = ()   # how the draft's inline Markdown differs from the source's


class _Prepared(NamedTuple):
    source: str
    engine_input: str                 # with glossary terms injected
    protected: Any                    # protect.Protected, or None when the engine locks terms itself
    needs: tuple[TermNeed, ...] = ()  # glossary terms the engine has to translate
    plain: Any = None                 # protect.Protected without the terms injected (the hypothesis route)
    plain_input: str | None = None    # what the engine is asked for hypotheses of (None: no hypothesis route)
    markup: Any = None                # the source's inline markup (l10n.markup.Markup), parsed once


def prepare_inputs(drafter: Drafter, sources: Sequence[str]) -> list[_Prepared]:
    """What the engine will be given for each source segment (protection, then input conversion).

    A segment with glossary terms to translate also gets a second input without them injected, for the
    hypothesis route, when the drafter asks the engine for several hypotheses.
    """
    request = drafter.request
    glossary, locale, macros = request.glossary, request.target_locale, request.macros
    with_hypotheses = drafter.hypotheses > 1
    items = []
    for source in sources:
        if drafter.spec.locks_terms:   # its markup is parsed by the conversion's locks, and found there later
            items.append((source, None, (), None, None))
            continue
        markup = source_markup(source, macros)
        fixed, terms = _carried(source, glossary, locale, markup)
        if not fixed and not terms:   # nothing to carry: the engine reads the source as it is
            items.append((source, Protected(source, ()), (), None, markup))
            continue
        protected = protect(source, fixed + [span for span, _need in terms])
        plain = protect(source, fixed) if terms and with_hypotheses else None
        items.append((source, protected, tuple(need for _span, need in terms), plain, markup))
    texts = [protected.text if protected is not None else source for source, protected, _, _, _ in items]
    plain_texts = [plain.text for _, _, _, plain, _ in items if plain is not None]
    if drafter.input_converter is not None:
        # One call for all segments (each is still converted once, on its own).
        converted = drafter.input_converter.translate_batch(texts + plain_texts)
        texts, plain_texts = converted[:len(texts)], converted[len(texts):]
    plain_inputs = iter(plain_texts)
    return [_Prepared(source, text, protected, needs, plain, next(plain_inputs) if plain is not None else None,
                      markup)
            for (source, protected, needs, plain, markup), text in zip(items, texts, strict=True)]


def finish_outputs(drafter: Drafter, prepared: Sequence[_Prepared], outputs: Sequence[str],
                   notes: Sequence[tuple[str, ...]] | None = None,
                   routes: Sequence[int | None] | None = None) -> list[DraftOutcome]:
    """Restore protected tokens, name what was lost, run the drafting-quality checks.

    ``routes``: per segment, the 1-based rank of the hypothesis its output is (restored against the input
    without injected terms), or None for an output of the injected input.
    """
    request = drafter.request
    patterns = DEFAULT_MACRO_PATTERNS if request.macros is None else request.macros
    source_locale, target_locale = request.source_locale, request.target_locale
    outcomes = []
    for index, (item, raw) in enumerate(zip(prepared, outputs, strict=True)):
        hypothesis = routes[index] if routes is not None else None
        protected = item.plain if hypothesis is not None else item.protected
        text, lost = restore(raw, protected) if protected is not None else (raw, ())
        overrides = notes[index] if notes else ()
        entry_notes = [f"{OVERRIDES_MARK} {'; '.join(overrides)}"] if overrides else []
        if item.needs:
            entry_notes.append(route_note(item.needs, hypothesis, lost))
        if lost:
            entry_notes.append(f"{LOST_MARK} {'; '.join(lost)}")
        if ((item.markup is PLAIN if item.markup is not None else is_plain_text(item.source, patterns))
                and is_plain_text(text, patterns)):
            differences = ()   # what checked_markup finds for a plain source and a plain draft, parsing nothing
        else:
            markup = item.markup if item.markup is not None else source_markup(item.source, request.macros)
            text, differences = checked_markup(item.source, text, request.macros, source_markup=markup)
        broken = broken_reasons(Sample(item.source, text, source_locale, target_locale))
        if differences:
            severe = [d.message for d in differences if d.severe]
            if severe:
                broken.append(f"markup lost ({'; '.join(severe)})")
            else:
                entry_notes.append(f"{MARKUP_MARK} {'; '.join(d.message for d in differences)}")
        # Most drafts carry no note, loss or reason: the empty tuple then, not a new one each.
        outcomes.append(DraftOutcome("" if broken else text, raw, tuple(entry_notes) if entry_notes else (),
                                     tuple(lost) if lost else (), tuple(broken) if broken else (),
                                     tuple(d.message for d in differences) if differences else ()))
    return outcomes


def checked_markup(source: str, draft: str, macros: Sequence[str] | None = None, *,
                   source_markup: Any = None) -> tuple[str, list]:
    """The draft (repaired when that is enough) and how its inline Markdown differs from the source's, by the
    ``markup`` check's own comparison.

    A severe difference (a link, code span, tag, label, footnote or macro lost or changed, emphasis that no
    longer pairs) makes the draft broken: it is refused like any broken draft, so no build shows it. Spaces
    an engine put inside emphasis delimiters are removed first (:func:`~.protect.tighten_emphasis`) and the
    repair kept if it leaves nothing severe. Emphasis merely missing renders fine: the draft is written with a
    ``l10n-draft-markup-lost:`` note. ``source_markup``: the source's ``inline_markup`` when the caller has it.
    """
    patterns = DEFAULT_MACRO_PATTERNS if macros is None else macros
    source_markup = source_markup if source_markup is not None else inline_markup(source, patterns)
    # As markup_differences(source, draft): the source's reference labels are the ones the draft may use.
    labels = source_markup.reference_links or ()

    def differences_of(text: str) -> list:
        translation_markup = inline_markup(text, patterns, labels)
        if source_markup is PLAIN and translation_markup is PLAIN:
            return []
        return compare(source_markup, translation_markup)

    differences = differences_of(draft)
    if any(d.severe for d in differences):
        tightened = tighten_emphasis(draft)
        if tightened != draft:
            retry = differences_of(tightened)
            if not any(d.severe for d in retry):
                return tightened, retry
    return draft, differences


def draft_texts(drafter: Drafter, sources: Sequence[str], *, cache: Any = None,
                receipt: DraftReceipt | None = None, progress: bool = False, dry_run: bool = False,
                ray: RayOptions | None = None) -> list[DraftOutcome]:
    """Draft source segments with one drafter: the pipeline's core, with no catalog in sight.

    Equal engine inputs are translated once; with ``cache`` (an MTCache, used when the engine's spec says so)
    known inputs make no engine call. ``dry_run`` stops after counting the MT calls (returns no outcomes;
    segments whose hypotheses all miss a term need a second call, which a dry run cannot know of).

    Segments with glossary terms first take the hypothesis route (:mod:`.terms`) when the drafter asks for
    several hypotheses: those whose best acceptable hypothesis carries every term keep it, the rest are
    translated with their terms injected, together with the segments without terms. Hypotheses are asked
    for here even with ``ray`` (few segments carry terms; the actors' interface is ``translate_batch``).
    """
    receipt = receipt if receipt is not None else DraftReceipt()
    if dry_run or ray is not None:
        return _draft_at_once(drafter, sources, cache=cache, receipt=receipt, progress=progress, dry_run=dry_run,
                              ray=ray)
    return [outcome for outcomes in iter_drafts(drafter, sources, cache=cache, receipt=receipt, progress=progress)
            for outcome in outcomes]


def iter_drafts(drafter: Drafter, sources: Iterable[str], *, cache: Any = None, receipt: DraftReceipt,
                progress: bool = False) -> Iterator[list[DraftOutcome]]:
    """:func:`draft_texts` (no dry run, no Ray) as consecutive runs of outcomes, in the order of ``sources``,
    while the engine works in a thread of its own.

    Sources are taken (``sources`` may be a generator: it is read as the run goes) and prepared
    :data:`MT_BATCH` at a time; the inputs neither this run nor the MT cache knows go to
    the engine in calls of :data:`MT_BATCH`, cut in the order they first appear (never by timing, so every run
    makes the same calls), up to :data:`ENGINE_AHEAD` calls queued. Meanwhile this thread prepares the next
    sources and finishes the ones whose outputs are back, and the caller formats and stages catalogs: engines
    that release the GIL (CTranslate2) translate while the Python work of the other segments runs. One thread
    makes every engine call, in order; the MT cache is read and written here only. An engine error is raised
    here, as from a direct call, once the calls already running have ended.

    Engines that lock terms themselves (OpenCC's ``translate_with_notes``, whose binding holds the GIL) draft in
    a process of its own (:func:`_drafts_from_process`), or, where none can start, convert everything in one
    call here.
    """
    engine = drafter.engine
    with_notes = getattr(engine, "translate_with_notes", None)
    if with_notes is not None and drafter.spec.locks_terms:
        from .engine_process import EngineProcess

        process = EngineProcess(functools.partial(_drafted_in_process, drafter))
        if not process.start():
            yield _draft_at_once(drafter, list(sources), cache=cache, receipt=receipt, progress=progress)
            return
        try:
            yield from _drafts_from_process(drafter, sources, process, receipt, progress)
        finally:
            process.close()
        return
    version = engine.version()
    use_cache = cache is not None and drafter.spec.cached
    known: dict[str, str] = {}              # engine input -> output, for this run
    hypotheses_known: dict[str, list[str]] = {}
    asked: set[str] = set()                 # inputs the engine was asked for hypotheses of
    sent: set[str] = set()                  # inputs given (or queued) to the engine
    queued: list[str] = []                  # inputs waiting for a full call
    running: deque[tuple[list[str], Future]] = deque()
    waiting: deque[tuple[list[_Prepared], list[int | None], list[str | None]]] = deque()
    total = len(sources) if isinstance(sources, Sequence) else None
    bar = _progress_bar(total, f"drafting {drafter.request.target_locale}", progress)
    pieces = iter(sources)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="l10n-engine")
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, ENGINE_SWITCH_INTERVAL))

    def nbest(chunk: list[str], count: int) -> tuple[list[list[str]], tuple[float, float]]:
        return pool.submit(_timed_call, engine.translate_nbest, chunk, count).result()

    def collect(wait: bool) -> None:
        """Take in the engine calls that have ended (``wait``: at least the oldest one)."""
        while running and (wait or running[0][1].done()):
            chunk, future = running.popleft()
            translated, interval = future.result()
            receipt.timed(*interval)
            pairs = list(zip(chunk, translated, strict=True))
            # Into the cache as soon as they exist: an interrupted run loses no finished translation.
            if use_cache:
                cache.put_many(engine.id, version, pairs)
            known.update(pairs)
            wait = False

    def submit(chunk: list[str]) -> None:
        running.append((chunk, pool.submit(_timed_call, engine.translate_batch, chunk)))

    def finished() -> Iterator[list[DraftOutcome]]:
        while waiting:
            prepared, routes, outputs = waiting[0]
            if any(output is None and item.engine_input not in known for item, output in zip(prepared, outputs)):
                return
            waiting.popleft()
            final = [output if output is not None else known[item.engine_input]
                     for item, output in zip(prepared, outputs)]
            outcomes = finish_outputs(drafter, prepared, final, routes=routes)
            _count_terms(receipt, prepared, routes, outcomes)
            bar.update(len(outcomes))
            yield outcomes

    try:
        while piece := list(itertools.islice(pieces, MT_BATCH)):
            prepared = prepare_inputs(drafter, piece)
            routes: list[int | None] = [None] * len(prepared)
            outputs: list[str | None] = [None] * len(prepared)
            with_terms = [i for i, item in enumerate(prepared) if item.plain_input is not None]
            if with_terms:
                new = [prepared[i].plain_input for i in with_terms if prepared[i].plain_input not in hypotheses_known]
                if new:
                    found, newly_asked = _hypotheses_of(drafter, new, cache if use_cache else None, receipt, False,
                                                        nbest=nbest)
                    hypotheses_known.update(found)
                    asked |= newly_asked
                    receipt.mt_calls += len(newly_asked) if drafter.spec.cached else 0
                for i in with_terms:
                    chosen = _chosen_hypothesis(drafter, prepared[i], hypotheses_known[prepared[i].plain_input])
                    if chosen is not None:
                        routes[i], outputs[i] = chosen
            rest = [item for item, output in zip(prepared, outputs) if output is None]
            inputs = [text for text in dict.fromkeys(item.engine_input for item in rest)
                      if text not in known and text not in sent]
            if use_cache and inputs:
                known.update(cache.get_many(engine.id, version, inputs))
            missing = [text for text in inputs if text not in known]
            sent.update(missing)
            queued.extend(missing)
            if drafter.spec.cached:
                receipt.mt_calls += len(missing)
                receipt.reinjected += sum(1 for item in rest if item.plain_input is not None)
                receipt.cache_hits += sum(
                    1 for item, output in zip(prepared, outputs)
                    if not (item.plain_input in asked or (output is None and item.engine_input in sent)))
            while len(queued) >= MT_BATCH:
                submit(queued[:MT_BATCH])
                del queued[:MT_BATCH]
            waiting.append((prepared, routes, outputs))
            collect(wait=len(running) > ENGINE_AHEAD)
            yield from finished()
        if queued:
            submit(queued)
        while waiting:
            if not running and waiting:
                yield from finished()
                if waiting:   # every input was queued above: nothing can be missing here
                    raise RuntimeError("l10n draft: a segment's engine input was never translated")
                break
            collect(wait=True)
            yield from finished()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        sys.setswitchinterval(switch_interval)
        bar.close()


def _drafts_from_process(drafter: Drafter, sources: Iterable[str], process: Any, receipt: DraftReceipt,
                         progress: bool) -> Iterator[list[DraftOutcome]]:
    """:func:`iter_drafts` for an engine that locks terms (OpenCC) running in its own process
    (:class:`~.engine_process.EngineProcess` serving :func:`_drafted_in_process`): each distinct source is
    drafted once, in calls cut by count in the order sources first appear (:func:`_process_call_size`: so
    every run makes the same calls, of up to :data:`PROCESS_BATCH` sources); up to :data:`PROCESS_AHEAD`
    sources are sent ahead while this process applies the outcomes that are back and the caller formats and
    stages catalogs.

    Who finishes a batch (markup and drafting checks) is decided by the engine process once it has converted
    it, to keep both processes busy (:func:`_finishes_there`): the engine process when this one is behind or
    the engine would wait for work, else this process. Finishing is a function of the source and the engine's
    output alone, so the outcomes are the same either way."""
    known: dict[str, DraftOutcome] = {}   # source -> its outcome
    sent: set[str] = set()
    queued: list[str] = []
    calls: deque[list[str]] = deque()     # sent, oldest first
    waiting: deque[list[str]] = deque()   # pieces of sources whose outcomes are not all back
    pieces = iter(sources)
    more = True
    ahead = 0                             # sources in the calls sent and not taken back
    made = 0                              # calls sent so far
    total = len(sources) if isinstance(sources, Sequence) else None
    bar = _progress_bar(total, f"drafting {drafter.request.target_locale}", progress)

    def submit_ready() -> None:
        nonlocal ahead, made
        while size := _process_call_size(made, len(queued), more):
            chunk = queued[:size]
            del queued[:size]
            calls.append(chunk)
            ahead += size
            made += 1
            process.submit(chunk)

    def take() -> None:
        nonlocal ahead
        chunk = calls.popleft()
        ahead -= len(chunk)
        (finished, results), started, ended = process.result()
        receipt.timed(started, ended)
        if finished:
            known.update(zip(chunk, map(_outcome_from_fields, results), strict=True))
        else:
            outcomes = finish_outputs(drafter, prepare_inputs(drafter, chunk), [text for text, _ in results],
                                      [notes for _, notes in results])
            known.update(zip(chunk, outcomes, strict=True))

    try:
        while more or waiting:
            while more and ahead < PROCESS_AHEAD:
                piece = list(itertools.islice(pieces, MT_BATCH))
                if not piece:
                    more = False
                    break
                for text in piece:
                    if text not in sent:
                        sent.add(text)
                        queued.append(text)
                waiting.append(piece)
                submit_ready()
            if queued and not more:
                submit_ready()
            # Replies are taken when their outcomes are next to be yielded, not as soon as they are in: the
            # engine process sees how many it has sent that are not taken, i.e. how far behind this one is.
            if waiting and all(text in known for text in waiting[0]):
                outcomes = [known[text] for text in waiting.popleft()]
                bar.update(len(outcomes))
                yield outcomes
            elif calls:
                take()
            elif waiting:
                raise RuntimeError("l10n draft: a segment's source was never drafted")
    finally:
        bar.close()


def _process_call_size(made: int, queued: int, more: bool) -> int:
    """How many of the ``queued`` sources the next call to the engine process takes (0: none yet), after
    ``made`` calls, while ``more`` sources may follow: the first calls MT_BATCH, then twice the one before up
    to PROCESS_BATCH, sent as soon as that many are queued; a full call only while a full call more is queued
    behind it, so that when the sources end, the PROCESS_BATCH or more left go in calls of MT_BATCH."""
    if not more:
        return min(queued, MT_BATCH)
    size = min(PROCESS_BATCH, MT_BATCH << min(made, 16))
    reserve = PROCESS_BATCH if size == PROCESS_BATCH else 0
    return size if queued >= size + reserve else 0


def _finishes_there(queue: Any) -> bool:
    """Whether the engine process finishes the batch it has just converted (``queue``: its
    :class:`~.engine_process.Queue`): when this process is behind (it has not taken every reply sent) or the
    engine would otherwise wait for work (no further batch has reached it); not when this process is ready for
    the reply (it finishes the batch while the engine converts the next)."""
    return queue.untaken() > 0 or not queue.waiting()


def _drafted_in_process(drafter: Drafter, sources: list[str], queue: Any) -> tuple[tuple[bool, list], float, float]:
    """What the engine process does with a batch of sources: prepare, convert (timed: the engine's call
    alone) and, when :func:`_finishes_there`, finish; the outcomes go back as plain field tuples, which cross
    the pipe cheaper than named ones, else the engine's (output, overrides)."""
    if drafter.spec.locks_terms and drafter.input_converter is None:
        # What prepare_inputs gives an engine that locks terms itself and reads the source locale: the sources.
        prepared = None
        results, (started, ended) = _timed_call(drafter.engine.translate_with_notes, sources)
    else:
        prepared = prepare_inputs(drafter, sources)
        results, (started, ended) = _timed_call(drafter.engine.translate_with_notes,
                                                [item.engine_input for item in prepared])
    if not _finishes_there(queue):
        return (False, results), started, ended
    prepared = prepared if prepared is not None else prepare_inputs(drafter, sources)
    outcomes = finish_outputs(drafter, prepared, [text for text, _ in results], [notes for _, notes in results])
    return (True, [_outcome_fields(outcome) for outcome in outcomes]), started, ended


_TEXT, _RAW = DraftOutcome._fields.index("text"), DraftOutcome._fields.index("raw")


def _outcome_fields(outcome: DraftOutcome) -> tuple:
    """DraftOutcome's fields in their order as a plain tuple (a named tuple would pickle its class with it),
    ``raw`` as None when it is the text (most drafts: less to pickle)."""
    values = tuple(outcome)
    if values[_RAW] == values[_TEXT]:
        return values[:_RAW] + (None,) + values[_RAW + 1:]
    return values


def _outcome_from_fields(fields: tuple) -> DraftOutcome:
    if fields[_RAW] is None:
        fields = fields[:_RAW] + (fields[_TEXT],) + fields[_RAW + 1:]
    return DraftOutcome._make(fields)


def _timed_call(function: Callable[..., Any], *args: Any) -> tuple[Any, tuple[float, float]]:
    start = time.perf_counter()
    result = function(*args)
    return result, (start, time.perf_counter())


def _count_terms(receipt: DraftReceipt, prepared: Sequence[_Prepared], routes: Sequence[int | None],
                 outcomes: Sequence[DraftOutcome]) -> None:
    for item, route, outcome in zip(prepared, routes, outcomes):
        if item.needs and not outcome.broken:
            if route is not None:
                receipt.terms_from_hypotheses += len(item.needs)
            else:
                receipt.terms_injected += sum(1 for need in item.needs if need.rendering not in outcome.lost)


def _draft_at_once(drafter: Drafter, sources: Sequence[str], *, cache: Any, receipt: DraftReceipt,
                   progress: bool, dry_run: bool = False, ray: RayOptions | None = None) -> list[DraftOutcome]:
    """Every source prepared, then every engine call, then every finish: dry runs (which only count), Ray
    runs (the actors are the parallel part) and engines that lock terms (one conversion call)."""
    prepared = prepare_inputs(drafter, sources)
    engine = drafter.engine
    with_notes = getattr(engine, "translate_with_notes", None)
    if with_notes is not None and drafter.spec.locks_terms:
        if dry_run:
            return []
        results, interval = _timed_call(with_notes, [item.engine_input for item in prepared])
        receipt.timed(*interval)
        return finish_outputs(drafter, prepared, [text for text, _ in results], [n for _, n in results])
    version = engine.version()
    use_cache = cache is not None and drafter.spec.cached
    routes: list[int | None] = [None] * len(prepared)
    outputs: list[str | None] = [None] * len(prepared)
    with_terms = [i for i, item in enumerate(prepared) if item.plain_input is not None]
    asked: set[str] = set()   # inputs the engine was asked for hypotheses of (not found in the cache)
    if with_terms:
        hypotheses, asked = _hypotheses_of(drafter, [prepared[i].plain_input for i in with_terms],
                                           cache if use_cache else None, receipt, dry_run)
        for i in with_terms if not dry_run else ():
            chosen = _chosen_hypothesis(drafter, prepared[i], hypotheses[prepared[i].plain_input])
            if chosen is not None:
                routes[i], outputs[i] = chosen
    # A dry run cannot know which segments with terms will need their injected input too: it counts one
    # call for each of them, the hypotheses.
    rest = [item for item, output in zip(prepared, outputs)
            if output is None and not (dry_run and item.plain_input is not None)]
    inputs = sorted({item.engine_input for item in rest})
    known = cache.get_many(engine.id, version, inputs) if use_cache else {}
    missing = [text for text in inputs if text not in known]
    if drafter.spec.cached:
        sent = set(missing)
        receipt.mt_calls += len(asked) + len(missing)
        receipt.reinjected += sum(1 for item in rest if item.plain_input is not None)
        receipt.cache_hits += sum(
            1 for item, output in zip(prepared, outputs)
            if not (item.plain_input in asked or (output is None and item.engine_input in sent
                                                  and not (dry_run and item.plain_input is not None))))
    if dry_run:
        return []
    bar = _progress_bar(len(missing), f"drafting {drafter.request.target_locale}", progress)

    def keep(pairs: list[tuple[str, str]]) -> None:
        # Into the cache as soon as they exist: an interrupted run loses no finished translation.
        if use_cache:
            cache.put_many(engine.id, version, pairs)
        known.update(pairs)
        bar.update(len(pairs))

    chunks = [missing[start:start + MT_BATCH] for start in range(0, len(missing), MT_BATCH)]
    if ray is not None and chunks and drafter.spec.cached:
        from .distributed import translate_on_ray

        run = translate_on_ray(chunks, drafter.make_engine(), ray, keep)
        receipt.ray_actors = max(receipt.ray_actors, run.actors)
        receipt.ray_rate = run.rate
        receipt.ray_warmup = run.first_result_seconds
    else:
        for chunk in chunks:
            translated, interval = _timed_call(engine.translate_batch, chunk)
            receipt.timed(*interval)
            keep(list(zip(chunk, translated, strict=True)))
    bar.close()
    final = [output if output is not None else known[item.engine_input] for item, output in zip(prepared, outputs)]
    outcomes = finish_outputs(drafter, prepared, final, routes=routes)
    _count_terms(receipt, prepared, routes, outcomes)
    return outcomes


_HYPOTHESES_SEPARATOR = "\x1e"   # between the hypotheses of one input in the MT cache (record separator)


def _hypotheses_of(drafter: Drafter, texts: Sequence[str], cache: Any, receipt: DraftReceipt,
                   dry_run: bool, nbest: Callable[[list[str], int], tuple[list[list[str]], float]] | None = None
                   ) -> tuple[dict[str, list[str]], set[str]]:
    """``drafter.hypotheses`` translations of each text, best first, through the MT cache (keyed apart from
    single translations: the version says how many), and the texts the engine was asked for (a dry run
    asks nothing and returns only the cached ones). ``nbest(chunk, count)``: how the engine is called,
    returning its results and when the call started and ended (default: here, directly)."""
    engine = drafter.engine
    nbest = nbest or functools.partial(_timed_call, engine.translate_nbest)
    version = f"{engine.version()}; hypotheses {drafter.hypotheses}"
    inputs = sorted(set(texts))
    found = cache.get_many(engine.id, version, inputs) if cache is not None else {}
    known = {text: joined.split(_HYPOTHESES_SEPARATOR) for text, joined in found.items()}
    missing = [text for text in inputs if text not in known]
    if dry_run:
        return known, set(missing)
    for start in range(0, len(missing), MT_BATCH):
        chunk = missing[start:start + MT_BATCH]
        results, interval = nbest(chunk, drafter.hypotheses)
        receipt.timed(*interval)
        pairs = [(text, [h.replace(_HYPOTHESES_SEPARATOR, " ") for h in hypotheses] or [""])
                 for text, hypotheses in zip(chunk, results, strict=True)]
        if cache is not None:
            cache.put_many(engine.id, version, [(text, _HYPOTHESES_SEPARATOR.join(h)) for text, h in pairs])
        known.update(pairs)
    return known, set(missing)


def _chosen_hypothesis(drafter: Drafter, item: _Prepared, hypotheses: Sequence[str]) -> tuple[int, str] | None:
    """(1-based rank, raw output) of the hypothesis that carries every term of ``item``, or None."""
    from .protect import restore

    candidates = []
    for raw in hypotheses:
        text, lost = restore(raw, item.plain)
        candidates.append((text, len(lost)))
    rank = choose_hypothesis(candidates, drafter.term_index, item.needs)
    return (rank + 1, hypotheses[rank]) if rank is not None else None


@dataclass
class _Job:
    path: Path
    catalog: Catalog
    entries: list[Entry]


def _catalog_paths(config: Config, locale: str) -> Iterator[Path]:
    """The locale's catalogs, in document order. The documents are listed now (a missing source folder is bad
    input before any work); whether each has a catalog is asked as drafting reaches it, while the engine works
    (a stat a document: 10-50 ms before the first engine call at 1,000 documents otherwise)."""
    documents = find_documents(config.source_dir)
    return (path for path in (config.catalog_path(locale, doc.stem) for doc in documents) if path.exists())


def _read_job(path: Path, redraft: bool, provenance: str) -> _Job:
    """A catalog and the entries of it to draft.

    Unless ``redraft``, a draft refused by this very producer is not retried (same input, same output) until
    the engine, its options, the glossary or the source change, or --redraft asks.
    """
    catalog = read_catalog(path)
    entries = [e for e in catalog.entries if needs_draft(e, redraft)]
    if not redraft:
        entries = [e for e in entries if _refused_by(e) != provenance]
    return _Job(path, catalog, entries)


def _load_phrases(config: Config):
    if not config.phrases.exists():
        return None
    from .zh_hans import load_phrases

    return load_phrases(config.phrases)


def draft_project(config: Config, locales: Sequence[str], *, redraft: bool = False, dry_run: bool = False,
                  cache_path: Path | None = None, progress: bool = True,
                  engine_factory: Callable[[str], Engine] | None = None,
                  ray: RayOptions | None = None, skip_unavailable: bool = False) -> DraftReceipt:
    """Draft every locale with its declared engine; bad input or a missing engine raises before any write.

    ``skip_unavailable`` (``l10n draft`` without ``--locale``): a locale whose engine is ``none`` or not
    installed is left out and named in ``receipt.skipped`` with what to install, and the others are drafted.
    With ``ray``, the texts that need MT are translated by Ray actors (see :mod:`.distributed`); everything
    else, cache and catalog writes included, happens here exactly as in a local run.
    """
    from ..glossary import project_glossary

    receipt = DraftReceipt(dry_run=dry_run)
    glossary = project_glossary(config)
    phrases = _load_phrases(config)
    with project_lock(config.root):
        plans = []
        for locale in locales:
            paths = _catalog_paths(config, locale)
            try:
                override = engine_factory(locale) if engine_factory is not None else None
                drafter = prepare_drafter(config, locale, glossary=glossary, phrases=phrases, engine=override)
            except EngineError as error:
                if not skip_unavailable:
                    raise
                receipt.skipped[locale] = error.message + (f" ({error.hint})" if error.hint else "")
                continue
            plans.append((locale, paths, drafter))
        cache = _CacheOnFirstUse(cache_path or config.mt_cache or _default_cache_path())
        writer = _CatalogWriter()
        # Entries, outcomes and drafts by the hundred thousand, and no reference cycles among them: collections
        # would only walk them again and again (see collector_paused).
        with collector_paused():
            try:
                for locale, paths, drafter in plans:
                    _draft_locale(locale, paths, drafter, glossary, writer, receipt, cache=cache, redraft=redraft,
                                  dry_run=dry_run, progress=progress, ray=ray)
                writer.commit(config, receipt)
            finally:
                writer.close()
                cache.close()
    return receipt


def _default_cache_path() -> Path:
    from .cache import default_cache_path   # with sqlite3: imported only when no cache path is given

    return default_cache_path()


class _CacheOnFirstUse:
    """The MT cache, opened when first asked: a run with nothing to translate creates no cache file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: Any = None

    def _opened(self) -> Any:
        if self._cache is None:
            from .cache import MTCache

            self._cache = MTCache(self.path)
        return self._cache

    def get_many(self, engine: str, version: str, texts: Iterable[str]) -> dict[str, str]:
        return self._opened().get_many(engine, version, texts)

    def put_many(self, engine: str, version: str, pairs: Any) -> None:
        self._opened().put_many(engine, version, pairs)

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()


def _draft_locale(locale: str, paths: Iterable[Path], drafter: Drafter, glossary: Any, writer: _CatalogWriter,
                  receipt: DraftReceipt, *, cache: Any, redraft: bool, dry_run: bool, progress: bool,
                  ray: RayOptions | None) -> None:
    """Draft one locale's catalogs. Locally, they are read one at a time as the engine needs more input, and
    each goes to ``writer`` as soon as its last entry is drafted, so reading, formatting and staging overlap
    the engine's work on other catalogs; nothing is replaced before the whole run has succeeded."""
    todo: deque[Entry] = deque()
    unfinished: deque[list] = deque()   # [catalog, entries not drafted yet], in order
    count = 0

    def sources() -> Iterator[str]:
        nonlocal count
        for path in paths:
            job = _read_job(path, redraft, drafter.provenance)
            if job.entries:
                unfinished.append([job, len(job.entries)])
                count += len(job.entries)
                for entry in job.entries:
                    todo.append(entry)
                    yield entry.msgid

    if dry_run or ray is not None:
        texts = list(sources())
        runs: Iterable[list[DraftOutcome]] = [draft_texts(drafter, texts, cache=cache, receipt=receipt,
                                                          progress=progress, dry_run=dry_run, ray=ray)
                                              ] if texts else []
    else:
        runs = iter_drafts(drafter, sources(), cache=cache, receipt=receipt, progress=progress)
    terms_cache: dict[str, set[str]] = {}
    engine_id, stamp = drafter.engine_id, drafter.provenance
    try:
        for outcomes in runs:
            if dry_run:
                break
            for outcome in outcomes:
                entry = todo.popleft()
                _apply_outcome(entry, outcome, locale, engine_id, stamp, glossary, receipt, terms_cache)
                unfinished[0][1] -= 1
                if not unfinished[0][1]:
                    writer.add(unfinished.popleft()[0])
    finally:
        # A failure here leaves iter_drafts suspended at its yield: closing it now ends its engine thread or
        # process at once instead of whenever the traceback is released.
        close_runs = getattr(runs, "close", None)
        if close_runs is not None:
            close_runs()
    if not dry_run and (todo or unfinished):
        raise RuntimeError(f"l10n draft: {len(todo)} segments of {locale} got no outcome")
    receipt.drafted[locale] = count


def _apply_outcome(entry: Entry, outcome: DraftOutcome, locale: str, engine_id: str, stamp: str, glossary: Any,
                   receipt: DraftReceipt, terms_cache: dict[str, set[str]]) -> None:
    """Write one outcome into its entry: the draft with its provenance ``stamp`` (the drafter's), or the
    broken-draft mark; count what was lost or refused."""
    if outcome.markup_lost:
        receipt.markup_lost.append(entry.msgid)
    if outcome.broken:
        receipt.broken[locale] = receipt.broken.get(locale, 0) + 1
        _set_broken(entry, outcome, engine_id, stamp)
        return
    if outcome.lost:
        terms = terms_cache.get(entry.msgid)
        if terms is None:
            terms = {hit.term.renderings.get(locale) for hit in glossary.find(entry.msgid)} if glossary else set()
            terms_cache[entry.msgid] = terms
        receipt.lost_terms.extend(item for item in outcome.lost if item in terms)
        receipt.lost_tokens.extend(item for item in outcome.lost if item not in terms)
    _set_draft(entry, outcome.text, engine_id, stamp, outcome.notes)


WRITER_THREADS = 4   # catalogs staged at once: the disk groups their fsyncs


class _CatalogWriter:
    """Drafted catalogs, formatted here as each is done and staged (temp file written and fsynced beside it)
    by writer threads, whose fsyncs wait on the disk without the GIL; :meth:`commit` replaces them once the
    whole run has succeeded, so a failure anywhere (engine, format, disk) changes no catalog.

    Several threads: one fsync after another takes the disk's every round trip (5-15 ms a catalog on the
    machines measured, more than OpenCC takes to convert it), while fsyncs issued together share journal
    commits. Each catalog is its own file, so the order they are staged or replaced in changes nothing.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=WRITER_THREADS, thread_name_prefix="l10n-write")
        self._staged: list[tuple[Path, Future]] = []   # the paths only: a staged catalog's entries are freed

    def add(self, job: _Job) -> None:
        data = format_catalog(job.catalog).encode("utf-8")
        self._staged.append((job.path, self._pool.submit(stage_bytes, job.path, data)))

    def commit(self, config: Config, receipt: DraftReceipt) -> None:
        staged: list[tuple[Path, StagedFile | None]] = [(path, future.result()) for path, future in self._staged]
        # Every file is staged: only renames are left, one after another. A rename over a catalog frees the old
        # file's blocks, and frees wait for each other (on a disk mounted with discard, 0.3-1.4 ms a rename here
        # one at a time, 2.2-2.7 ms with 2 or 4 threads at once).
        for _path, file in staged:
            if file is not None:
                file.commit()
        receipt.files_written += [config.rel(path) for path, file in staged if file is not None]

    def close(self) -> None:
        """Drop whatever was staged and not committed (after a failure); nothing once :meth:`commit` ran."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        for _path, future in self._staged:
            if future.done() and not future.cancelled() and future.exception() is None and future.result():
                future.result().discard()


def _progress_bar(total: int | None, label: str, enabled: bool):
    """A tqdm bar on stderr, or one that shows nothing (tqdm is not even imported: that alone takes a tenth of
    a second, which a drafting run without a bar would spend before its first engine call)."""
    if not enabled or total == 0:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="seg", file=sys.stderr, leave=False)


class _NoBar:
    def update(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass

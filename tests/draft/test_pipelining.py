"""The engine works in a thread of its own while drafts are finished and catalogs formatted: the outcome must be
exactly what one call after another gives (catalog bytes, receipt, MT cache, the engine calls themselves), and an
engine failure must reach the caller as it is, with no catalog changed and no finished translation lost."""
from __future__ import annotations

import pickle
import random
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from l10n.catalog import update_project
from l10n.config import load_config
from l10n.draft import pipeline
from l10n.errors import EngineError
from l10n.po import read_catalog
from tests.benchmarks.bench_draft import make_site
from tests.draft.test_distributed import pseudo_english

BATCH = 16   # small engine calls, so three documents make many of them


class Jittery:
    """pseudo_english after a random pause (seeded): calls end in an order no run repeats; records its calls."""

    id = "jittery"
    description = "pseudo-English after a random pause"

    def __init__(self, seed: int, fail_on_call: int | None = None) -> None:
        self._random = random.Random(seed)
        self.fail_on_call = fail_on_call
        self.calls: list[list[str]] = []
        self.started: list[float] = []
        self.threads: set[str] = set()

    def version(self) -> str:
        return "jittery 1"

    def translate_batch(self, texts):
        self.calls.append(list(texts))
        self.started.append(time.perf_counter())
        self.threads.add(threading.current_thread().name)
        time.sleep(self._random.uniform(0, 0.01))
        if self.fail_on_call is not None and len(self.calls) == self.fail_on_call:
            raise EngineError("the model crashed", hint="restart it")
        return [pseudo_english(text) for text in texts]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Three generated documents (about 300 segments) with their English catalogs, not yet drafted."""
    # The same sentence in two documents: one engine input for both.
    return _make_site(tmp_path / "site", "en", "這一句在兩篇文章裡都有。")


def _make_site(root: Path, locale: str, shared_sentence: str, extra_files: dict[str, str] | None = None) -> Path:
    """Three generated documents with their ``locale`` catalogs (``extra_files`` beside pyproject.toml), not
    yet drafted; ``shared_sentence`` closes two of them."""
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["{locale}"]\n'
        'project-id = "pipelining"\n', encoding="utf-8")
    for name, text in (extra_files or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    documents = make_site(3)
    documents["doc0002"] += f"\n\n{shared_sentence}\n"
    documents["doc0000"] += f"\n\n{shared_sentence}\n"
    for name, text in documents.items():
        (root / "source" / f"{name}.md").write_text(text, encoding="utf-8")
    update_project(load_config(root))
    return root


def _copy(site: Path, name: str) -> Path:
    root = site.parent / name
    shutil.copytree(site, root)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*")) if p.is_file()}


def _cache_rows(cache: Path) -> list[tuple]:
    with sqlite3.connect(cache) as db:
        return sorted(db.execute("SELECT engine, version, source, target FROM translations"))


def _one_after_another(drafter, sources, *, cache=None, receipt, progress=False):
    """The reference: every source prepared, every engine call, then every finish, in this thread."""
    yield pipeline._draft_at_once(drafter, sources, cache=cache, receipt=receipt, progress=progress)


def test_drafts_equal_one_call_after_another_whatever_order_the_calls_end_in(site, monkeypatch):
    monkeypatch.setattr(pipeline, "MT_BATCH", BATCH)
    results = {}
    for name, seed in (("first", 1), ("second", 2), ("reference", 3)):
        root = _copy(site, name)
        engine = Jittery(seed)
        cache = site.parent / f"{name}.sqlite3"
        with monkeypatch.context() as patch:
            if name == "reference":
                patch.setattr(pipeline, "iter_drafts", _one_after_another)
            receipt = pipeline.draft_project(load_config(root), ["en"], progress=False, cache_path=cache,
                                             engine_factory=lambda _locale, engine=engine: engine)
        results[name] = (_files(root), receipt, _cache_rows(cache), engine)
    first, second, reference = results["first"], results["second"], results["reference"]
    assert first[0] == second[0] == reference[0], "catalog bytes must not depend on how the engine is run"
    assert first[0] != _files(site), "the run drafted nothing"
    for run in (first, second):
        receipt = run[1]
        assert (receipt.line(), receipt.files_written, receipt.drafted, receipt.broken) == (
            reference[1].line(), reference[1].files_written, reference[1].drafted, reference[1].broken)
        assert run[2] == reference[2], "the MT cache must hold the same translations"
    # The same engine calls in every run, cut by count in the order inputs first appear (never by timing),
    # each input asked for once.
    assert first[3].calls == second[3].calls
    sizes = [len(call) for call in first[3].calls]
    assert len(sizes) > 2 * pipeline.ENGINE_AHEAD and all(size == BATCH for size in sizes[:-1])
    sent = [text for call in first[3].calls for text in call]
    assert len(sent) == len(set(sent))
    assert sorted(sent) == sorted(text for call in reference[3].calls for text in call)
    assert first[3].threads != {threading.main_thread().name}, "the engine should run beside the main thread"


def test_a_catalog_is_formatted_while_the_engine_still_works_on_later_ones(site, monkeypatch):
    monkeypatch.setattr(pipeline, "MT_BATCH", BATCH)
    formatted: list[float] = []
    real_format = pipeline.format_catalog

    def format_catalog(catalog):
        formatted.append(time.perf_counter())
        return real_format(catalog)

    monkeypatch.setattr(pipeline, "format_catalog", format_catalog)
    engine = Jittery(4)
    pipeline.draft_project(load_config(site), ["en"], progress=False, cache_path=site.parent / "c.sqlite3",
                           engine_factory=lambda _locale: engine)
    assert len(formatted) == 3
    # The first document's last segment is in the 7th call at the latest; at most ENGINE_AHEAD + 1 calls are
    # queued beyond the ones taken in, so its catalog is formatted before the last calls even begin.
    assert formatted[0] < engine.started[-1]


def test_an_engine_failure_is_raised_as_it_is_and_changes_no_catalog(site, monkeypatch):
    monkeypatch.setattr(pipeline, "MT_BATCH", BATCH)
    before = _files(site)
    cache = site.parent / "cache.sqlite3"
    engine = Jittery(5, fail_on_call=5)
    with pytest.raises(EngineError, match="the model crashed") as raised:
        pipeline.draft_project(load_config(site), ["en"], progress=False, cache_path=cache,
                               engine_factory=lambda _locale: engine)
    assert raised.value.hint == "restart it"
    assert _files(site) == before, "no catalog may change, and no temp file may be left"
    assert len(engine.calls) <= 5 + pipeline.ENGINE_AHEAD + 1, "queued calls must be cancelled"
    # The four calls that ended before the failure are kept: the next run does not translate them again.
    assert len(_cache_rows(cache)) >= 4 * BATCH
    again = Jittery(6)
    receipt = pipeline.draft_project(load_config(site), ["en"], progress=False, cache_path=cache,
                                     engine_factory=lambda _locale: again)
    assert receipt.cache_hits >= 4 * BATCH
    assert receipt.mt_calls == len({text for call in again.calls for text in call})


def test_a_failure_beside_the_engine_stops_it_and_changes_no_catalog(site, monkeypatch):
    monkeypatch.setattr(pipeline, "MT_BATCH", BATCH)
    before = _files(site)
    real_finish = pipeline.finish_outputs
    finished = []

    def finish_outputs(*args, **kwargs):
        finished.append(1)
        if len(finished) == 3:
            raise ValueError("a drafting check failed")
        return real_finish(*args, **kwargs)

    monkeypatch.setattr(pipeline, "finish_outputs", finish_outputs)
    engine = Jittery(7)
    with pytest.raises(ValueError, match="a drafting check failed"):
        pipeline.draft_project(load_config(site), ["en"], progress=False, cache_path=site.parent / "c.sqlite3",
                               engine_factory=lambda _locale: engine)
    assert _files(site) == before
    # The third run of segments is finished once the third call is back; the calls queued then are all that
    # ran (a run of the site makes about 20).
    assert len(engine.calls) <= 3 + pipeline.ENGINE_AHEAD + 2


def test_the_switch_interval_is_restored(site, monkeypatch):
    import sys

    before = sys.getswitchinterval()
    pipeline.draft_project(load_config(site), ["en"], progress=False, cache_path=site.parent / "c.sqlite3",
                           engine_factory=lambda _locale: Jittery(8))
    assert sys.getswitchinterval() == before


def test_a_bad_catalog_met_while_the_engine_works_changes_no_catalog(site, monkeypatch):
    from l10n.errors import L10nError

    monkeypatch.setattr(pipeline, "MT_BATCH", BATCH)
    last = site / "locales" / "en" / "doc0002.po"
    last.write_text(last.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    before = _files(site)
    engine = Jittery(9)
    with pytest.raises(L10nError, match="doc0002.po"):
        pipeline.draft_project(load_config(site), ["en"], progress=False, cache_path=site.parent / "c.sqlite3",
                               engine_factory=lambda _locale: engine)
    assert engine.calls, "catalogs are read as the engine needs them: the first ones were being translated"
    assert _files(site) == before


def test_nothing_to_draft_opens_no_cache(site):
    config = load_config(site)
    pipeline.draft_project(config, ["en"], progress=False, cache_path=site.parent / "first.sqlite3",
                           engine_factory=lambda _locale: Jittery(10))
    receipt = pipeline.draft_project(config, ["en"], progress=False, cache_path=site.parent / "second.sqlite3",
                                     engine_factory=lambda _locale: Jittery(11))
    assert receipt.drafted == {"en": 0} and receipt.files_written == []
    assert not (site.parent / "second.sqlite3").exists()


# --- OpenCC: the conversion runs in a process of its own (its binding holds the GIL) -------------------------

class JitteryOpenCC:
    """The real OpenCC engine after a random pause (seeded) per call, so its calls end at times no run repeats;
    forwards everything else (id, version, availability) to the engine."""

    def __init__(self, engine, seed: int, fail_on_call: int | None = None) -> None:
        self._engine = engine
        self._random = random.Random(seed)
        self.fail_on_call = fail_on_call
        self.calls = 0

    def __getattr__(self, name):
        return getattr(self._engine, name)

    def translate_with_notes(self, texts):
        self.calls += 1
        time.sleep(self._random.uniform(0, 0.01))
        if self.fail_on_call is not None and self.calls == self.fail_on_call:
            raise EngineError("the conversion crashed", hint="reinstall OpenCC")
        return self._engine.translate_with_notes(texts)


@pytest.fixture
def zh_site(tmp_path: Path) -> Path:
    """Three generated documents with their zh_Hans catalogs, a glossary and a phrase table (so drafts carry
    override notes), not yet drafted; one sentence in two documents."""
    return _make_site(tmp_path / "zh-site", "zh_Hans", "這一句透過可靈在兩篇文章裡都有。", {
        "glossary.csv": "zh_Hant,zh_Hans,en,type\n可靈,可灵,Kling,product\n",
        "phrases.csv": "zh_Hant,zh_Hans,note\n透過,通过,tw2sp keeps it\n"})


def _opencc_run(root: Path, engine_factory, monkeypatch, *, in_this_process: bool = False):
    with monkeypatch.context() as patch:
        if in_this_process:
            patch.setattr(pipeline, "iter_drafts", _one_after_another)
        return pipeline.draft_project(load_config(root), ["zh_Hans"], progress=False,
                                      cache_path=root.parent / f"{root.name}.sqlite3", engine_factory=engine_factory)


def _jittery_opencc(root: Path, seed: int, fail_on_call: int | None = None):
    from l10n.draft.engines import create_engine, request_for
    from l10n.glossary import project_glossary

    config = load_config(root)
    request = request_for(config, "zh_Hans", glossary=project_glossary(config),
                          phrases=pipeline._load_phrases(config))
    return lambda _locale: JitteryOpenCC(create_engine(request), seed, fail_on_call)


def test_opencc_drafts_from_its_process_equal_one_call_in_this_process(zh_site, monkeypatch):
    from l10n.draft.engine_process import EngineProcess

    monkeypatch.setattr(pipeline, "MT_BATCH", BATCH)
    monkeypatch.setattr(pipeline, "PROCESS_BATCH", 4 * BATCH)
    monkeypatch.setattr(pipeline, "PROCESS_AHEAD", 4 * BATCH)   # three documents hold more than twice that
    converted: list[list[str]] = []
    finishers: list[bool] = []   # per call: whether the engine process finished its batch (or this one did)
    real_submit, real_result = EngineProcess.submit, EngineProcess.result

    def submit(self, texts):
        converted.append(list(texts))
        return real_submit(self, texts)

    def result(self):
        (finished, results), started, ended = real_result(self)
        finishers.append(finished)
        return (finished, results), started, ended

    monkeypatch.setattr(EngineProcess, "submit", submit)
    monkeypatch.setattr(EngineProcess, "result", result)
    results = {}
    # Who finishes a batch (the engine process or this one) depends on timing: each way, and mixed.
    finishing = {"first": lambda queue: True, "second": lambda queue: False,
                 "mixed": lambda queue: random.random() < 0.5, "reference": None}
    for name, seed in (("first", 1), ("second", 2), ("mixed", 7), ("reference", 3)):
        root = _copy(zh_site, name)
        with monkeypatch.context() as patch:
            if finishing[name] is not None:
                patch.setattr(pipeline, "_finishes_there", finishing[name])
            receipt = _opencc_run(root, _jittery_opencc(root, seed), monkeypatch,
                                  in_this_process=name == "reference")
        results[name] = (_files(root), receipt)
    first, second, reference = results["first"], results["second"], results["reference"]
    assert first[0] == second[0] == results["mixed"][0] == reference[0], \
        "catalog bytes must not depend on where OpenCC runs, nor on which process finishes the drafts"
    assert finishers.count(True) and finishers.count(False)
    assert first[0] != _files(zh_site), "the run drafted nothing"
    assert any("l10n-draft-overrides: phrase 透過->通过" in text.decode() for text in first[0].values())
    for run in (first, second, results["mixed"]):
        receipt = run[1]
        assert (receipt.line(), receipt.files_written, receipt.drafted, receipt.broken) == (
            reference[1].line(), reference[1].files_written, reference[1].drafted, reference[1].broken)
        # Timed in the engine's process, one interval per call, each call after the one before.
        assert len(receipt.engine_intervals) == len(converted) // 3
        assert all(start <= end <= following for (start, end), (following, _) in
                   zip(receipt.engine_intervals, receipt.engine_intervals[1:]))
    assert len(reference[1].engine_intervals) == 1
    # Each distinct source converted once (tw2sp is not idempotent: nothing goes twice), in calls cut by count
    # in the order the sources first appear, the same calls in every run.
    third = len(converted) // 3
    assert converted[:third] == converted[third:2 * third] == converted[2 * third:]
    sent = [text for call in converted[:third] for text in call]
    assert len(sent) == len(set(sent))
    assert len(sent) > 2 * pipeline.PROCESS_AHEAD, "more sources than may be sent ahead at once"
    # MT_BATCH first and twice that next (the first conversion starts early), then PROCESS_BATCH, and the last
    # PROCESS_BATCH or more in calls of MT_BATCH (a short end).
    sizes = [len(call) for call in converted[:third]]
    full = next(i for i, size in enumerate(sizes[2:] + [0], 2) if size != pipeline.PROCESS_BATCH)
    assert sizes[:2] == [BATCH, 2 * BATCH] and full > 2
    assert sum(sizes[full:]) >= pipeline.PROCESS_BATCH
    assert all(size == BATCH for size in sizes[full:-1]) and 0 < sizes[-1] <= BATCH
    entries = [entry.msgid for path in sorted((zh_site / "locales" / "zh_Hans").glob("*.po"))
               for entry in read_catalog(path).entries]
    assert sent == list(dict.fromkeys(entries))


def test_an_opencc_failure_in_its_process_is_raised_as_it_is_and_changes_no_catalog(zh_site, monkeypatch):
    monkeypatch.setattr(pipeline, "MT_BATCH", BATCH)
    before = _files(zh_site)
    with pytest.raises(EngineError, match="the conversion crashed") as raised:
        _opencc_run(zh_site, _jittery_opencc(zh_site, 4, fail_on_call=3), monkeypatch)
    assert raised.value.hint == "reinstall OpenCC"
    assert _files(zh_site) == before, "no catalog may change, and no temp file may be left"


def test_a_failure_applying_drafts_ends_the_opencc_process_at_once(zh_site, monkeypatch):
    from l10n.draft.engine_process import EngineProcess

    monkeypatch.setattr(pipeline, "MT_BATCH", BATCH)
    closed = []
    real_close, real_apply = EngineProcess.close, pipeline._apply_outcome
    monkeypatch.setattr(EngineProcess, "close", lambda self: (closed.append(self), real_close(self))[1])
    applied = []

    def apply(*args, **kwargs):
        applied.append(1)
        if len(applied) == BATCH + 1:
            raise ValueError("applying a draft failed")
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_apply_outcome", apply)
    before = _files(zh_site)
    with pytest.raises(ValueError, match="applying a draft failed") as raised:
        _opencc_run(zh_site, _jittery_opencc(zh_site, 8), monkeypatch)
    # Asked while the traceback (and the suspended drafting generator in it) is still alive.
    assert closed, "the engine process must be ended by the failure, not when the traceback is released"
    assert raised.value is not None and _files(zh_site) == before


def test_opencc_without_a_second_cpu_converts_in_this_process(zh_site, monkeypatch):
    from l10n import forked

    reference = _copy(zh_site, "reference")
    _opencc_run(reference, _jittery_opencc(reference, 5), monkeypatch)
    monkeypatch.setattr(forked, "cpus", lambda: 1)
    receipt = _opencc_run(zh_site, _jittery_opencc(zh_site, 6), monkeypatch)
    assert len(receipt.engine_intervals) == 1
    assert _files(zh_site) == _files(reference)


def test_an_outcome_crosses_the_engine_pipe_with_every_field_it_has():
    # Every field set, none to its default: a field the tuples left out would come back as its default.
    names = pipeline.DraftOutcome._fields
    values = {name: (f"{name} value",) if name not in ("text", "raw") else f"{name} value" for name in names}
    for outcome in (pipeline.DraftOutcome(**values), pipeline.DraftOutcome(**{**values, "raw": values["text"]})):
        fields = pipeline._outcome_fields(outcome)
        assert pipeline._outcome_from_fields(pickle.loads(pickle.dumps(fields))) == outcome
    same = pipeline._outcome_fields(pipeline.DraftOutcome(**{**values, "raw": values["text"]}))
    assert None in same, "a raw output equal to the draft is not sent twice"

"""The forked matcher's answers are FuzzyIndex.best_many's on the catalogs merged here, or none at all."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from l10n.catalog import merge
from l10n.forked_matcher import ForkedMatcher, forked_matcher
from l10n.fuzzy import FuzzyIndex
from l10n.po import Catalog, Entry, has_translation, read_catalog, write_catalog

REAL = Path(__file__).parent / "po" / "fixtures" / "real"
needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2,
                                reason="the helper needs fork and a second CPU")


def _old(count: int) -> Catalog:
    entries = [Entry(msgid=f"第 {n} 段:快手可靈影片生成模型" + "市場" * (n % 5), msgstr=f"Paragraph {n}." if n % 4 else "",
                     references=[f"source/book.md:{n}"]) for n in range(count)]
    entries.append(Entry(msgid="舊的段落:小米戰略技術", msgstr="Old.", obsolete=True))
    return Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}, entries=entries)


def _template(count: int) -> Catalog:
    entries = [Entry(msgid=f"第 {n} 段:快手可靈影片生成模型" + "市場" * (n % 5)) for n in range(0, count, 2)]
    entries += [Entry(msgid=f"第 {n} 段:快手可靈影片生成模形" + "市場" * (n % 5)) for n in range(1, count, 2)]
    entries += [Entry(msgid="全新的句子,與舊的都不像。"), Entry(msgid="舊的段落:小米戰略技朮")]
    return Catalog(metadata={}, entries=entries)


def _merge_both_ways(old_path: Path, template: Catalog, matcher: ForkedMatcher, threshold: float = 0.6,
                     unit: str = "bytes"):
    old = read_catalog(old_path)
    here = merge(old, template, "en", "2026-01-01 00:00+0000", fuzzy_threshold=threshold, fuzzy_similarity=unit)
    given = merge(old, template, "en", "2026-01-01 00:00+0000", fuzzy_threshold=threshold, fuzzy_similarity=unit,
                  known_matches=lambda texts, queries, t, u: matcher.matches(old_path, texts, queries, t, u))
    return here, given


@needs_fork
@pytest.mark.parametrize("unit", ["bytes", "characters"])
def test_the_helpers_matches_are_the_ones_merge_computes(tmp_path, unit):
    path = tmp_path / "book.po"
    write_catalog(path, _old(300))
    template = _template(300)
    with forked_matcher(True, threshold=0) as matcher:
        assert matcher.prepare([path, tmp_path / "missing.po"], 0.6, unit)
        matcher.offer([entry.key for entry in template.entries])
        here, given = _merge_both_ways(path, template, matcher, unit=unit)
        assert matcher.helped == 1
        assert matcher.helper.pid is None   # one job: answered, then it exited
    assert given == here
    assert here[1].fuzzy > 100


@needs_fork
def test_matches_for_other_texts_are_not_used(tmp_path):
    path = tmp_path / "book.po"
    write_catalog(path, _old(120))
    template = _template(120)
    changed = _old(120)
    changed.entries[7].msgstr = ""   # the catalog merged here is not the file the helper read
    with forked_matcher(True, threshold=0) as matcher:
        matcher.prepare([path], 0.6, "bytes")
        matcher.offer([entry.key for entry in template.entries])
        asked = []

        def known(texts, queries, threshold, unit):
            asked.append(len(texts))
            return matcher.matches(path, texts, queries, threshold, unit)

        merged, _ = merge(changed, template, "en", "now", known_matches=known)
        assert asked and matcher.helped == 0
    assert merged == merge(changed, template, "en", "now")[0]


@needs_fork
def test_another_threshold_or_an_unprepared_catalog_gets_no_answer(tmp_path):
    path = tmp_path / "book.po"
    write_catalog(path, _old(50))
    template = _template(50)
    old = read_catalog(path)
    texts = [entry.msgid for entry in old.entries if has_translation(entry)]
    queries = [entry.msgid for entry in template.entries if entry.key not in {e.key for e in old.entries}]
    with forked_matcher(True, threshold=0) as matcher:
        assert matcher.matches(path, texts, queries, 0.6, "bytes") is None   # no job yet
        matcher.prepare([path], 0.6, "bytes")
        assert not matcher.prepare([path], 0.6, "bytes")   # one job
        matcher.offer([entry.key for entry in template.entries])
        assert matcher.matches(tmp_path / "other.po", texts, queries, 0.6, "bytes") is None
        assert matcher.matches(path, texts, queries, 0.7, "bytes") is None
    with forked_matcher(True, threshold=0) as matcher:
        matcher.prepare([path], 0.6, "bytes")
        matcher.offer([entry.key for entry in template.entries])
        found = matcher.matches(path, texts, queries, 0.6, "bytes")
        assert found == FuzzyIndex(texts).best_many(queries, 0.6)


@needs_fork
def test_small_catalogs_and_a_helper_that_never_started_are_matched_here(tmp_path):
    path = tmp_path / "book.po"
    write_catalog(path, _old(20))
    with forked_matcher(True) as matcher:   # the default threshold: 2 MB of catalogs
        assert not matcher.prepare([path], 0.6, "bytes")
    matcher = ForkedMatcher(threshold=0)   # not started
    assert not matcher.prepare([path], 0.6, "bytes")


@needs_fork
def test_a_catalog_the_helper_cannot_read_is_merged_here(tmp_path):
    broken, good = tmp_path / "broken.po", tmp_path / "good.po"
    broken.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")   # a duplicate
    write_catalog(good, _old(80))
    template = _template(80)
    with forked_matcher(True, threshold=0) as matcher:
        matcher.prepare([broken, good], 0.6, "bytes")
        matcher.offer([entry.key for entry in template.entries])
        assert matcher.matches(broken, ["a"], ["x"], 0.6, "bytes") is None
        here, given = _merge_both_ways(good, template, matcher)
        assert matcher.helped == 1
    assert given == here


@needs_fork
@pytest.mark.parametrize("path", sorted(REAL.rglob("*.po"))[:6], ids=lambda path: str(path.relative_to(REAL)))
def test_real_catalogs_against_their_own_msgids_edited(tmp_path, path):
    old = read_catalog(path)
    template = Catalog(metadata={}, entries=[Entry(msgid=entry.msgid[::-1] if n % 3 == 0 else entry.msgid[:-1] + "!",
                                                   msgctxt=entry.msgctxt)
                                             for n, entry in enumerate(old.active()) if entry.msgid])
    copy = tmp_path / "old.po"
    copy.write_bytes(path.read_bytes())
    with forked_matcher(True, threshold=0) as matcher:
        matcher.prepare([copy], 0.6, "bytes")
        matcher.offer([entry.key for entry in template.entries])
        here, given = _merge_both_ways(copy, template, matcher)
        assert matcher.helped == 1
    assert given == here
    assert here[1].fuzzy

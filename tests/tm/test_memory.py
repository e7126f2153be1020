"""Close matches of the memory: a few queries score every unit (no index), many go through the index."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.fuzzy import similarity
from l10n.tm import memory as memory_module
from l10n.tm.memory import Memory, Unit

CHARS = "快手可靈影片生成大模型的一家公司是還電商短劇直播年月日億元同比增長"


def _memory(rng: random.Random) -> tuple[Memory, list[str]]:
    texts = sorted({"".join(rng.choice(CHARS) for _ in range(rng.randint(8, 24))) + "。" for _ in range(200)})
    return Memory([Unit(text, f"EN {text}", "en", "source/a.md") for text in texts]), texts


@settings(max_examples=40)
@given(st.integers(0, 10_000))
def test_a_few_queries_get_the_best_unit_of_an_exhaustive_scan(seed: int) -> None:
    rng = random.Random(seed)
    memory, texts = _memory(rng)
    queries = []
    for _ in range(3):
        body = list(rng.choice(texts))
        body[rng.randrange(len(body) - 1)] = rng.choice(CHARS)
        queries.append("".join(body))
    found = memory.close_many("en", queries, 0.75)
    assert memory._indexes == {}   # scored directly
    for query, match in zip(queries, found):
        scores = [similarity(query, text) for text in texts]
        best = max(scores)
        if best < 0.75 - 1e-9:
            assert match is None
            continue
        unit, score = match
        assert abs(score - best) < 1e-9 and unit.source == texts[scores.index(best)]
        assert unit.target == f"EN {unit.source}"


def test_many_queries_go_through_the_index_and_agree_on_clear_matches(monkeypatch) -> None:
    rng = random.Random(3)
    memory, texts = _memory(rng)
    queries = [text[:-2] + "快。" for text in texts[:5]]
    direct = memory.close_many("en", queries, 0.75)
    monkeypatch.setattr(memory_module, "SCAN_PAIRS", 0)
    indexed = Memory([Unit(text, f"EN {text}", "en", "source/a.md") for text in texts]).close_many(
        "en", queries, 0.75)
    assert [m and round(m[1], 9) for m in direct] == [m and round(m[1], 9) for m in indexed]
    assert all(match is not None for match in direct)


def test_one_query_at_a_time_builds_the_index_once_the_run_has_scanned_enough(monkeypatch) -> None:
    # An update asks once per document: scanning every unit for each of 1,000 documents is quadratic.
    rng = random.Random(5)
    memory, texts = _memory(rng)
    monkeypatch.setattr(memory_module, "SCAN_PAIRS", 3 * len(texts))
    for text in texts[:3]:
        memory.close_many("en", [text[:-2] + "快。"], 0.75)
    assert memory._indexes == {}
    memory.close_many("en", [texts[3][:-2] + "快。"], 0.75)
    assert "en" in memory._indexes


def test_a_memory_holds_a_locale_only_with_units_in_it_and_an_empty_one_fills_nothing() -> None:
    from l10n.po import Catalog, Entry
    from l10n.tm.fill import FillStats, fill_catalog
    from l10n.tm.memory import TMSettings

    memory = Memory([Unit("句子。", "A sentence.", "en", "source/a.md")])
    assert memory.holds("en") and not memory.holds("fr")
    catalog = Catalog(metadata={}, entries=[Entry("句子。")])
    assert fill_catalog(catalog, memory, "fr", TMSettings()) == FillStats()
    assert catalog.entries == [Entry("句子。")]
    assert fill_catalog(catalog, memory, "en", TMSettings()).total == 1 and catalog.entries[0].msgstr == "A sentence."

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.fuzzy import FUZZY_THRESHOLD, FuzzyIndex, similarity


def test_finds_the_closest_old_sentence():
    old = ["快手的反應,足以稱得上迅速,它儼然已經成為了先行者。", "小米 SU7 的銷量超過預期,AI 戰略也在全面推進。",
           "可靈 1.6 在細節上的表現很好。"]
    index = FuzzyIndex(old)
    match = index.best("快手的反應,足以稱得上迅速,它已經成為了先行者。")
    assert match is not None and match[0] == 0 and match[1] > FUZZY_THRESHOLD


def test_nothing_close_enough_gives_none():
    assert FuzzyIndex(["小米 SU7 的銷量超過預期。"]).best("完全不同的一句話在這裡出現") is None


def test_index_agrees_with_an_exhaustive_scan_on_random_edits():
    rng = random.Random(7)
    alphabet = "快手可靈影片生成模型的了在是小米市場營收 AI,。"
    old = ["".join(rng.choice(alphabet) for _ in range(rng.randint(10, 40))) for _ in range(300)]
    index = FuzzyIndex(old)
    agree = 0
    for _ in range(100):
        base = rng.choice(old)
        chars = list(base)
        chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        query = "".join(chars)
        exhaustive = max(((similarity(query, t), -i) for i, t in enumerate(old)), default=(0, 0))
        found = index.best(query)
        if exhaustive[0] > FUZZY_THRESHOLD and found and abs(found[1] - exhaustive[0]) < 1e-9:
            agree += 1
    assert agree >= 95


def test_forked_workers_give_the_same_answers_as_one_process(monkeypatch):
    import l10n.fuzzy as fuzzy

    rng = random.Random(11)
    alphabet = "快手可靈影片生成模型的了在是小米市場營收 AI,。"
    old = ["".join(rng.choice(alphabet) for _ in range(rng.randint(10, 40))) for _ in range(200)]
    queries = [text[:-1] + rng.choice(alphabet) for text in old[:60]] + ["完全無關"]
    index = FuzzyIndex(old)
    sequential = [index.best(q) for q in queries]
    monkeypatch.setattr(fuzzy, "PARALLEL_QUERIES", 10)
    assert index.best_many(queries) == sequential
    assert sum(m is not None for m in sequential) > 50


def test_similarity_is_gettexts_measure_on_bytes_or_characters():
    # 2 * longest common subsequence / total length; difflib's ratio gives 0.5 here, the LCS is 3 of 4+4.
    assert similarity("abcd", "bcda") == 0.75
    # Two different CJK characters sharing two UTF-8 bytes: two thirds alike by bytes, nothing by characters.
    assert similarity("快", "忙", "characters") == 0.0   # U+5FEB, U+5FD9: E5 BF AB, E5 BF 99
    assert abs(similarity("快", "忙") - 2 / 3) < 1e-9


def test_a_match_at_the_threshold_counts_as_msgmerge_counts_it():
    # 6 common characters of 10 + 10: exactly 0.6, which msgmerge accepts (it adds 0.00001 for the context).
    assert similarity("abcdefghij", "abcdefxyzw") == FUZZY_THRESHOLD
    assert FuzzyIndex(["abcdefxyzw"]).best("abcdefghij") == (0, FUZZY_THRESHOLD)


def test_bytes_weigh_han_characters_three_times_ascii():
    # Shared Chinese, different ASCII: alike by bytes (as msgmerge), not by characters.
    old, query = ["快手可靈模型 abcdef"], "快手可靈模型 uvwxyz"
    assert FuzzyIndex(old).best(query) is not None
    assert FuzzyIndex(old, unit="characters").best(query) is None
    # Shared digits, different Chinese: alike by characters only.
    old, query = ["第 0-56 段。"], "全新段落 0-56。"
    assert FuzzyIndex(old).best(query) is None
    assert FuzzyIndex(old, unit="characters").best(query) is not None


def test_index_finds_the_original_after_an_edit_of_its_rarest_ngrams(monkeypatch):
    import l10n.fuzzy as fuzzy

    monkeypatch.setattr(fuzzy, "EXACT_PAIRS", 0)   # force the n-gram index
    rng = random.Random(3)
    common = "這是一個很常見的句子"
    # Many texts share the common part; the original differs from them only by its rare tail "甲乙丙丁戊".
    old = [common + "".join(rng.choice("子丑寅卯辰巳午未申酉") for _ in range(5)) for _ in range(2000)]
    old.append(common + "甲乙丙丁戊")
    index = FuzzyIndex(old)
    # The edit replaces three of the five rare characters: its rarest trigrams are gone.
    match = index.best(common + "甲乙申酉子")
    assert match is not None
    assert match[1] >= similarity(common + "甲乙申酉子", old[-1])


def test_index_agrees_with_exhaustive_scan_when_forced(monkeypatch):
    import l10n.fuzzy as fuzzy

    monkeypatch.setattr(fuzzy, "EXACT_PAIRS", 0)
    rng = random.Random(5)
    words = ["model", "video", "Kling", "revenue", "growth", "market", "the", "of", "and", "in", "2024"]
    old = [" ".join(rng.choice(words) for _ in range(rng.randint(4, 15))) for _ in range(500)]
    index = FuzzyIndex(old)
    agree = total = 0
    for base in rng.sample(old, 100):
        query = base.replace(rng.choice(base.split()), rng.choice(words), 1)
        exhaustive = max(similarity(query, t) for t in old)
        if exhaustive >= FUZZY_THRESHOLD:
            total += 1
            found = index.best(query)
            agree += found is not None and abs(found[1] - exhaustive) < 1e-9
    # Eleven words make every n-gram common: the hardest case for an index; exact scans cover small merges.
    assert total > 80 and agree >= total * 0.9


def _reference_candidates(texts: list[str], query: str, query_len: int, lengths: list[int],
                          threshold: float) -> list[int]:
    """The candidate rule written out with sets and a Counter (the index is arrays of codes): the rarest
    n-gram of each stretch, rarest postings first within the budget, then (top - shared, length difference,
    index) among texts sharing at least top - 2 and long enough to reach the threshold."""
    from collections import Counter

    import l10n.fuzzy as fuzzy

    def grams(text: str, size: int) -> set[str]:
        if len(text) < size:
            return {text} if text else set()
        return {text[i:i + size] for i in range(len(text) - size + 1)}

    postings: dict[str, list[int]] = {}
    for number, text in enumerate(texts):
        found = grams(text, 3) | (grams(text, 2) if len(text) < fuzzy.SHORT + 4 else set())
        for gram in found:
            postings.setdefault(gram, []).append(number)
    size = 2 if len(query) < fuzzy.SHORT else 3
    starts = range(max(1, len(query) - size + 1))
    stretch = max(1, -(-len(starts) // fuzzy.REGIONS))
    rarest: dict[str, list[int]] = {}
    for first in range(0, len(starts), stretch):
        found = [(len(postings[g]), g) for g in (query[s:s + size] for s in starts[first:first + stretch])
                 if g in postings]
        if found:
            gram = min(found)[1]
            rarest[gram] = postings[gram]
    counts: Counter[int] = Counter()
    spent = 0
    for posting in sorted(rarest.values(), key=len):
        if counts and spent + len(posting) > fuzzy.POSTING_BUDGET:
            break
        counts.update(posting)
        spent += len(posting)
    if not counts:
        return []
    top = max(counts.values())
    low, high = query_len * threshold / (2 - threshold), query_len * (2 - threshold) / threshold
    span = max(max(lengths), query_len) + 1
    keys = sorted(((top - count) * span + abs(lengths[i] - query_len)) * len(texts) + i
                  for i, count in counts.items() if count >= top - 2 and low <= lengths[i] <= high)
    return sorted(key % len(texts) for key in keys[:fuzzy.CANDIDATES])


_LETTERS = "快手可靈影片生成模型的了在是小米市場營收 AI,。ab\n\"😀"


_WORDS = st.lists(st.text(_LETTERS, min_size=1, max_size=4), min_size=3, max_size=15, unique=True)


@st.composite
def _merges(draw):
    """Old texts made of a few words (so n-grams range from rare to shared by many texts) and a query: an old
    text edited in a few places, as a merge asks, or now and then any text."""
    words = draw(_WORDS)
    texts = draw(st.lists(st.lists(st.sampled_from(words), max_size=14).map("".join), min_size=1, max_size=150))
    if draw(st.booleans()):
        edits = draw(st.lists(st.tuples(st.integers(0, 60), st.text(_LETTERS, max_size=2)), max_size=3))
        query = _edited(draw(st.sampled_from(texts)), edits)
    else:
        query = draw(st.text(_LETTERS, max_size=40))
    return texts, query or "快"


@settings(max_examples=200, deadline=None)
@given(_merges(), st.sampled_from(["bytes", "characters"]), st.sampled_from([1, 50, 10**6]),
       st.sampled_from([5, 60, 4000]), st.sampled_from([1, 4, 32]))
def test_index_candidates_are_the_rule_written_out(merge, unit, slice_characters, budget, candidates):
    import l10n.fuzzy as fuzzy

    texts, query = merge
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fuzzy, "SLICE_CHARACTERS", slice_characters)   # the index in one slice or many
        patch.setattr(fuzzy, "POSTING_BUDGET", budget)
        patch.setattr(fuzzy, "CANDIDATES", candidates)
        index = FuzzyIndex(texts, unit=unit)
        query_len = len(query.encode("utf-8") if unit == "bytes" else query)
        assert index._candidates(query, query_len, FUZZY_THRESHOLD) == _reference_candidates(
            texts, query, query_len, index._lengths, FUZZY_THRESHOLD)
        index.close()


def _edited(text: str, edits: list[tuple[int, str]]) -> str:
    for at, new in edits:
        at = at % (len(text) + 1)
        text = text[:at] + new + text[at + 1:]
    return text


def test_a_closed_index_still_answers(monkeypatch):
    import l10n.fuzzy as fuzzy

    monkeypatch.setattr(fuzzy, "EXACT_PAIRS", 0)
    index = FuzzyIndex(["小米 SU7 的銷量超過預期。", "快手可靈模型"])
    first = index.best_many(["小米 SU7 的銷量超過預期!"])
    index.close()
    assert index.best_many(["小米 SU7 的銷量超過預期!"]) == first and first[0][0] == 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(_LETTERS, max_size=12), max_size=30))
def test_a_batch_of_queries_has_each_querys_codes(queries):
    import l10n.fuzzy as fuzzy

    codes, bounds = fuzzy._query_codes_many(queries)
    assert len(bounds) == len(queries) + 1 and bounds[-1] == len(codes)
    for number, query in enumerate(queries):
        mine = codes[bounds[number]:bounds[number + 1]].tolist()
        assert mine == (fuzzy.gram_codes(query, fuzzy._query_gram_size(query)).tolist() if query else [])


@settings(max_examples=100, deadline=None)
@given(_merges(), st.lists(st.text(_LETTERS, max_size=30), max_size=8), st.sampled_from([1, 3, 1024]),
       st.sampled_from(["bytes", "characters"]))
def test_queries_answered_in_batches_get_the_answers_of_one_query_at_a_time(merge, others, batch, unit):
    import l10n.fuzzy as fuzzy

    texts, query = merge
    queries = [query, *others, query[::-1]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fuzzy, "QUERY_BATCH", batch)
        index = FuzzyIndex(texts, unit=unit)
        one_by_one = [index._best(text, FUZZY_THRESHOLD, False) for text in queries]
        assert index._best_many(queries, FUZZY_THRESHOLD, False) == one_by_one
        patch.setattr(fuzzy, "EXACT_PAIRS", 0)
        assert index.best_many(queries) == one_by_one

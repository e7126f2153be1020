from __future__ import annotations

import random

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

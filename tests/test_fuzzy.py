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

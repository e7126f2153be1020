"""The memory's sampled-trigram index finds what an exhaustive scan finds above the threshold."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.fuzzy import similarity
from l10n.tm.index import SampledIndex

CHARS = "快手可靈影片生成大模型的一家公司是還電商短劇直播年月日億元同比增長"


def sentence(rng: random.Random) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(12, 30))) + "。"


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_a_lightly_edited_text_finds_its_original(seed: int) -> None:
    rng = random.Random(seed)
    texts = list(dict.fromkeys(sentence(rng) for _ in range(300)))
    original = rng.choice(texts)
    body = list(original[:-1])
    body[rng.randrange(len(body))] = rng.choice(CHARS)
    query = "".join(body) + "。"
    found = SampledIndex(texts).best(query, 0.75)
    best = max(similarity(query, text) for text in texts)
    assert found is not None and abs(found[1] - best) < 1e-9 and found[1] >= similarity(query, original) - 1e-9


def test_nothing_below_the_threshold_and_scores_are_gettexts() -> None:
    index = SampledIndex(["這是一家短影片公司?", "還是一家電商公司?"])
    number, score = index.best("這是一家短影片公司嗎?", 0.75)
    assert number == 0 and abs(score - similarity("這是一家短影片公司嗎?", "這是一家短影片公司?")) < 1e-9
    assert index.best("完全不同的句子在這裡。", 0.75) is None

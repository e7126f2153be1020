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


def _reference_best(texts: list[str], query: str, threshold: float, unit: str) -> tuple[int, float] | None:
    """The index's rule written out with sets and a dict (the index is arrays of codes): sampled trigrams of
    each text (every third position; bigrams below SHORT), hits from every trigram of the query skipping
    n-grams in more than COMMON texts, the CANDIDATES with most hits (then earliest) within the lengths that
    can reach the threshold, the first best score among them."""
    import l10n.tm.index as tm_index

    def sampled(text: str) -> set[str]:
        grams = {text[i:i + 3] for i in range(0, max(len(text) - 2, 1), 3)}
        if len(text) < tm_index.SHORT:
            grams |= {text[i:i + 2] for i in range(max(len(text) - 1, 1))}
        return grams

    postings: dict[str, list[int]] = {}
    for number, text in enumerate(texts):
        for gram in sampled(text):
            postings.setdefault(gram, []).append(number)
    grams = {query[i:i + 3] for i in range(max(len(query) - 2, 1))}
    if len(query) < tm_index.SHORT:
        grams |= {query[i:i + 2] for i in range(max(len(query) - 1, 1))}
    hits: dict[int, int] = {}
    for gram in grams:
        posting = postings.get(gram)
        if posting is not None and len(posting) <= tm_index.COMMON:
            for number in posting:
                hits[number] = hits.get(number, 0) + 1
    encode = (lambda text: text.encode("utf-8")) if unit == "bytes" else (lambda text: text)
    size = len(encode(query))
    low, high = size * threshold / (2 - threshold), size * (2 - threshold) / threshold
    ranked = sorted((n for n in hits if low <= len(encode(texts[n])) <= high), key=lambda n: (-hits[n], n))
    best = None
    for number in ranked[:tm_index.CANDIDATES]:
        score = similarity(query, texts[number], unit)
        if score >= threshold - 1e-9 and (best is None or score > best[1]):
            best = (number, score)
    return best


_LETTERS = CHARS[:8] + "ab 。😀"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_LETTERS, max_size=30), min_size=1, max_size=120, unique=True), st.data(),
       st.sampled_from(["bytes", "characters"]), st.sampled_from([0.5, 0.75]), st.sampled_from([2, 20_000]),
       st.sampled_from([1, 16]), st.sampled_from([1, 40, 10**6]))
def test_index_is_the_rule_written_out(texts, data, unit, threshold, common, candidates, slice_characters):
    import pytest

    import l10n.fuzzy as fuzzy
    import l10n.tm.index as tm_index

    query = data.draw(st.sampled_from(texts).map(lambda text: text[1:] + "快") | st.text(_LETTERS, max_size=30))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tm_index, "COMMON", common)
        patch.setattr(tm_index, "CANDIDATES", candidates)
        patch.setattr(fuzzy, "SLICE_CHARACTERS", slice_characters)
        found = SampledIndex(texts, unit=unit).best(query, threshold)
        expected = _reference_best(texts, query, threshold, unit)
    assert (found is None) == (expected is None)
    if found is not None:
        assert found[0] == expected[0] and abs(found[1] - expected[1]) < 1e-9

"""texts_matching finds, by one scan of texts joined, the texts a pattern finds something in alone."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from l10n.textscan import texts_matching

TEXTS = st.lists(st.text(st.sampled_from("ab 1\t\n漢字,?")), max_size=12)
PATTERNS = [re.compile(p) for p in ("[0-9]", "b+", "[漢,?]", r"(?<![^\0])\s|\s(?![^\0])", "ab")]


@given(TEXTS, st.sampled_from(PATTERNS))
def test_the_texts_a_pattern_is_found_in_are_those_it_finds_something_in_alone(texts, pattern):
    alone = [index for index, text in enumerate(texts) if pattern.search(text)]
    assert texts_matching(pattern, texts) == alone


def test_a_match_is_never_made_of_two_texts():
    assert texts_matching(re.compile("ab"), ["a", "b", "xab"]) == [2]
    assert texts_matching(re.compile(r"(?<![^\0])\s"), ["a ", " b", "c"]) == [1]


@given(st.lists(st.tuples(TEXTS, st.sampled_from(PATTERNS)), max_size=40))
def test_a_remembered_scan_answers_as_a_new_one(scans):
    # Scans repeated and interleaved, beyond what is remembered: each answer is the one a scan alone gives.
    for texts, pattern in scans + scans:
        alone = [index for index, text in enumerate(texts) if pattern.search(text)]
        found = texts_matching(pattern, texts)
        assert found == alone
        found.append(-1)   # the caller's list is its own
        assert texts_matching(pattern, texts) == alone

"""Drafting-quality checks: each catches its failure mode, and none fires on this repository's reviewed
translations (real human text nobody wrote for these checks)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.draft.quality import DRAFT_CHECKS, Sample, broken_reasons, length_band
from l10n.po import read_catalog

REPO = Path(__file__).resolve().parents[2]
SOURCE = "2024 年研發投入 241 億元,同比大增 25.9%,無疑給所有小米信徒打了一針強心劑。"
GOOD = "In 2024, R&D investment reached 24.1 billion yuan, up 25.9% year on year, a shot in the arm for fans."


def _reasons(draft: str, source: str = SOURCE, target: str = "en") -> list[str]:
    return broken_reasons(Sample(source, draft, "zh_Hant_TW", target))


def test_registry():
    assert list(DRAFT_CHECKS) == ["empty", "repetition", "source-echo", "length-ratio"]
    assert all(check.description for check in DRAFT_CHECKS.values())


def test_a_good_draft_passes():
    assert _reasons(GOOD) == []


@pytest.mark.parametrize("draft, reason", [
    ("", "empty output"),
    ("   ", "empty output"),
    ("In 2024 the the the the the the investment", "repetition loop"),
    ("R&D R&D R&D R&D R&D R&D R&D R&D R&D R&D R&D R&D R&D", "repetition loop"),
    (SOURCE, "source echoed back"),
    ("In 2024, 研發投入 reached 24.1 billion yuan, up 25.9% year on year, for all the Xiaomi fans.",
     "source-script text kept (研發投入)"),
    ("In 2024.", "length ratio"),
    (GOOD * 6, "length ratio"),
])
def test_broken_drafts_are_caught(draft, reason):
    assert any(found.startswith(reason) for found in _reasons(draft)), _reasons(draft)


def test_repetition_in_the_source_is_not_a_loop():
    assert _reasons("Laotie 666 666 666 666, says the slogan, and it is everywhere now.",
                    source="「老鐵 666 666 666 666」這句口號,現在已經無處不在了。") == []


def test_chinese_variants_may_equal_their_source():
    assert broken_reasons(Sample("快手可靈 AI", "快手可靈 AI", "zh_Hant_TW", "zh_Hant_HK")) == []
    assert length_band("zh_Hant_TW", "zh_Hans") == (1 / 3, 3.0)


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_no_reviewed_translation_of_this_repository_is_flagged(locale):
    catalog = read_catalog(REPO / "locales" / locale / "kuaishou-ai-kling.po")
    reviewed = [e for e in catalog.entries if e.msgstr and not e.fuzzy and not e.obsolete]
    assert len(reviewed) > 90
    flagged = {e.msgid: broken_reasons(Sample(e.msgid, e.msgstr, "zh_Hant_TW", locale)) for e in reviewed}
    assert {msgid: reasons for msgid, reasons in flagged.items() if reasons} == {}


@settings(max_examples=600, deadline=None)
@given(st.text(st.sampled_from("ab 哈快手，。R&D1\n\u3000"), max_size=60) | st.text(max_size=40))
def test_the_loop_pretest_is_false_only_where_no_loop_is_reported(text):
    from l10n.draft.quality import _REPEATED, _WORDISH, _may_loop, repetition

    reported = any(_WORDISH.search(match.group(1)) and len(match.group()) >= 8 for match in _REPEATED.finditer(text))
    if reported:
        assert _may_loop(text)
    if not _may_loop(text):
        assert repetition(Sample(text, text, "zh_Hant_TW", "en")) is None


@pytest.mark.parametrize("draft", ["ha  ha ha ha", "b  b b b", "快手\n快手 快手  快手", "the cat  the cat the cat the cat"])
def test_a_loop_with_uneven_spaces_between_its_units_is_found(draft):
    # The pre-test once looked for a 4-character stretch three times in the text as it is, and so missed these.
    assert any("repetition loop" in reason for reason in broken_reasons(Sample("甲乙丙丁戊己庚辛", draft, "zh_Hant_TW", "en")))


@pytest.mark.parametrize("unit", ["快", "快手", "可靈AI", "快手，", "甲乙丙丁戊己庚辛壬癸" * 3])
@pytest.mark.parametrize("offset", range(6))
def test_the_loop_pretest_finds_a_unit_of_any_length_wherever_its_copies_begin(unit, offset):
    # The pre-test looks at stretches beginning at every third character only: a loop must be seen from any
    # start, with the fewest copies the check reports (8 of a single character, else 4).
    from l10n.draft.quality import _may_loop

    text = "前言後語"[:offset % 4] + "乙" * (offset // 4) + unit * (8 if len(unit) == 1 else 4) + "。"
    assert _may_loop(text)


@settings(max_examples=800, deadline=None)
@given(st.text(st.sampled_from("ab哈快手，。R1"), max_size=12), st.text(st.sampled_from("ab哈快手，。R1"), min_size=1,
       max_size=30), st.text(st.sampled_from("ab哈快手，。R1"), max_size=12))
def test_the_loop_pretest_finds_four_copies_of_any_unit_anywhere(before, unit, after):
    # The pre-test's last step counts only the stretches starting at every third character (str.count, without
    # overlap) and takes units of 2 or 3 characters by a regex: four copies in a row must be seen whatever their
    # length and start (eight for a single character).
    from l10n.draft.quality import _may_loop

    assert _may_loop(before + unit * (8 if len(unit) == 1 else 4) + after)

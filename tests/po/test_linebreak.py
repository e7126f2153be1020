"""Tests for l10n.po.linebreak: break opportunities and display widths against libunistring itself."""
from __future__ import annotations

import ctypes
import ctypes.util
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.po import display_width, linebreak


def test_wide_characters_count_two_columns():
    assert display_width("快手 AI") == 7
    assert display_width("「」《》。，") == 12
    assert display_width("e\u0301\u200b") == 1  # combining mark and zero-width space take no column
    assert display_width("\u00a0,:") == 3


# ----------------------------------------------------------------------------------------------
# Line breaking and widths against libunistring itself


@functools.cache
def libunistring() -> ctypes.CDLL:
    name = ctypes.util.find_library("unistring")
    if name is None:
        pytest.skip("libunistring not installed")
    library = ctypes.CDLL(name)
    if ctypes.c_int.in_dll(library, "_libunistring_version").value >> 8 != 0x100:
        pytest.skip("the writer follows libunistring 1.0")
    library.ulc_width_linebreaks_v2.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                                                ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    library.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    return library


def libunistring_breaks(text: str, prohibited: set[int], width: int, start_column: int) -> list[int]:
    """Character indices where ulc_width_linebreaks_v2 (what msgcat calls) puts a line break."""
    data = text.encode("utf-8")
    offsets = [len(text[:index].encode("utf-8")) for index in range(len(text))]
    overrides = bytearray(len(data))  # UC_BREAK_UNDEFINED
    for index in prohibited:
        overrides[offsets[index]] = 1  # UC_BREAK_PROHIBITED
    result = ctypes.create_string_buffer(len(data))
    libunistring().ulc_width_linebreaks_v2(data, len(data), width, start_column, 0, bytes(overrides),
                                           b"UTF-8", result)
    return [index for index, offset in enumerate(offsets) if result.raw[offset] == 2]  # UC_BREAK_POSSIBLE


# Characters whose line-break class changes the rules: spaces, combining marks, joiners, regional
# indicators, Hebrew, hyphens, mandatory breaks, numbers and their affixes, CJK punctuation.
TRICKY = (" ,.;:?!-()[]{}\"'%$/\\ab1 中文字「」《》。，、…—·"
          "\u00a0\u2028\u0085\u200b\u200d\u0301\u05d0\u05be"
          "\U0001F1E6\U0001F1E7\U0001F466\U0001F3FB\u3041\uac00\u1100\u1161\u11a8\u0e01\u00ad\u3000\t\x01")
line_texts = st.text(st.sampled_from(TRICKY) | st.characters(blacklist_categories=("Cs",),
                                                            blacklist_characters="\x00"), max_size=80)


@settings(max_examples=400, deadline=None)
@given(text=line_texts, width=st.integers(1, 40), start=st.integers(0, 12), data=st.data())
def test_break_points_match_libunistring(text, width, start, data):
    prohibited = set(data.draw(st.lists(st.integers(0, len(text) - 1), max_size=4))) if text else set()
    expected = libunistring_breaks(text, prohibited, width, start)
    assert linebreak.break_points(text, prohibited, width, start) == expected


def test_character_widths_match_libunistring():
    library = libunistring()
    for code in [*range(0x30000), *range(0xE0000, 0xE0200)]:
        if not 0xD800 <= code < 0xE000:
            expected = max(library.uc_width(code, b"UTF-8"), 0)
            assert display_width(chr(code)) == expected, hex(code)



@given(st.text(alphabet="快手可靈 AI,。\u0301abc「」x\u200b\t", max_size=60), st.integers(-3, 80))
def test_fitting_end_from_summed_widths_equals_measuring_each_time(text, budget):
    from l10n.po.linebreak import _fitting_end, _fitting_end_of

    fitting_end = _fitting_end_of(text)
    for start in range(len(text) + 1):
        assert fitting_end(start, budget) == _fitting_end(text, start, budget)


# ----------------------------------------------------------------------------------------------
# The fast paths for common CJK text against the general algorithm


def _listed(ranges: str) -> list[str]:
    pieces = ranges
    chars = []
    index = 0
    while index < len(pieces):
        if index + 2 < len(pieces) and pieces[index + 1] == "-":
            chars += map(chr, range(ord(pieces[index]), ord(pieces[index + 2]) + 1))
            index += 3
        else:
            chars.append(pieces[index])
            index += 1
    return chars


def test_the_common_characters_have_the_widths_the_fast_width_assumes():
    wide, narrow = _listed(linebreak.COMMON_WIDE), _listed(linebreak.COMMON_NARROW)
    assert len(wide) > 39000 and len(narrow) == 8
    for char in wide:
        assert linebreak._char_width(ord(char)) == 2 and len(char.encode()) == 3, hex(ord(char))
    for char in narrow:
        assert linebreak._char_width(ord(char)) == 1 and len(char.encode()) in (2, 3), hex(ord(char))


COMMON = ("快手可靈是誰從哪來卷乙甲丙丁AIai19 2025-,.:;?!%()[]\"'\\/@#&*+=_~"
          "，。、：；？！「」《》（）【】『』ー・〜ｱあアガ한국“”‘’—…\u00a0·")
common_texts = st.text(st.sampled_from(COMMON) | st.sampled_from(_listed(linebreak.COMMON_WIDE)), max_size=120)


@settings(max_examples=500, deadline=None)
@given(text=common_texts)
def test_the_width_of_common_text_is_the_sum_of_its_characters_widths(text):
    assert display_width(text) == sum(linebreak._char_width(ord(char)) for char in text)


@settings(max_examples=500, deadline=None)
@given(text=common_texts, width=st.integers(1, 80), start=st.integers(0, 12), data=st.data())
def test_break_points_of_common_text_equal_the_general_algorithm(text, width, start, data):
    prohibited = set(data.draw(st.lists(st.integers(0, len(text) - 1), max_size=3))) if text else set()
    assert linebreak.break_points(text, prohibited, width, start) == linebreak._break_points_exact(
        text, prohibited, width, start)


@settings(max_examples=300, deadline=None)
@given(text=common_texts, data=st.data())
def test_each_break_verdict_in_common_text_equals_the_state_machine(text, data):
    # _break_points_exact with width 0 breaks at every opportunity after the first piece.
    if len(text) < 2:
        return
    index = data.draw(st.integers(1, len(text) - 1))
    opportunities = set(linebreak._break_points_exact(text, set(), 0, 0))
    assert linebreak._may_break_before(text, index) == (index in opportunities)


@settings(max_examples=300, deadline=None)
@given(text=common_texts, width=st.integers(1, 80), start=st.integers(0, 12))
def test_common_break_points_and_width_equal_the_general_ones(text, width, start):
    assert linebreak.common_break_points(text, width, start) == linebreak._break_points_exact(text, set(), width, start)
    assert linebreak.common_width(text) == display_width(text)


def test_in_common_text_a_character_is_narrow_exactly_when_its_utf16_high_byte_is_0_or_0x20():
    for char in _listed(linebreak.COMMON_WIDE) + _listed(linebreak.COMMON_NARROW) + [chr(c) for c in range(0x20, 0x7F)]:
        high = char.encode("utf-16-le")[1]
        assert (high in (0, 0x20)) == (linebreak._char_width(ord(char)) == 1), hex(ord(char))

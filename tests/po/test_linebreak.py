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

"""Tests for l10n.lang: character classes against Python's Unicode database, locales against Babel's CLDR."""
from __future__ import annotations

import re
import unicodedata

import pytest
from babel import Locale
from babel.localedata import locale_identifiers

from l10n.lang import (CJK_TEXT, HAN_IDEOGRAPHS, HAN_RANGES, is_cjk, is_cjk_language, is_han, is_simplified_chinese,
                       language_of, quote_conversion, quotes, script_of, sentence_separator)


def _named_ideograph(code: int) -> bool:
    return unicodedata.name(chr(code), "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def test_every_han_ideograph_python_knows_is_han_and_nothing_else_assigned_is():
    for code in range(0x40000):
        if 0xD800 <= code < 0xE000:
            continue
        if _named_ideograph(code):
            assert is_han(chr(code)), hex(code)
        elif is_han(chr(code)):
            # inside the ranges but not an ideograph: only code points Python's (older) database has not
            # assigned yet, never a letter or symbol of another script
            assert unicodedata.category(chr(code)) == "Cn", hex(code)


def test_han_ranges_and_the_regex_class_are_one_definition():
    assert re.fullmatch(f"[{HAN_IDEOGRAPHS}]+", "".join(chr(first) + chr(last) for first, last in HAN_RANGES))
    assert (0x20000, 0x3FFFF) in HAN_RANGES   # the two ideographic planes whole, Extension H (U+323AF) included
    assert is_han("\U000323af") and is_han("\U0002ebf0")   # Unicode 15 Extension H, 15.1 Extension I


@pytest.mark.parametrize(("char", "cjk", "han"), [
    ("漢", True, True), ("汉", True, True), ("𠀀", True, True), ("〇", True, False), ("。", True, False),
    ("，", True, False), ("か", True, False), ("ㄅ", True, False), ("⺀", True, False), ("한", False, False),
    ("a", False, False), ("—", False, False), ("“", False, False),
])
def test_cjk_text_and_han(char, cjk, han):
    assert (is_cjk(char), is_han(char)) == (cjk, han)
    assert bool(re.fullmatch(f"[{CJK_TEXT}]", char)) == cjk


@pytest.mark.parametrize(("locale", "script"), [
    ("zh_Hant_TW", "Hant"), ("zh_TW", "Hant"), ("zh_HK", "Hant"), ("zh-Hant", "Hant"), ("zh", "Hans"),
    ("zh_CN", "Hans"), ("zh_SG", "Hans"), ("zh_Hans", "Hans"), ("ja", "Jpan"), ("ko", "Kore"), ("en", "Latn"),
    ("en_US", "Latn"), ("sr_Cyrl", "Cyrl"), ("yue", "Hant"), ("xx", ""),
])
def test_script_of_a_locale(locale, script):
    assert script_of(locale) == script


def test_script_of_agrees_with_babel_wherever_babel_names_the_script():
    compared = 0
    for identifier in locale_identifiers():
        babel_script = Locale.parse(identifier).script
        if babel_script:
            assert script_of(identifier) == babel_script, identifier
            compared += 1
    assert compared > 50


@pytest.mark.parametrize(("locale", "cjk", "simplified", "separator"), [
    ("zh_Hans", True, True, ""), ("zh_CN", True, True, ""), ("zh", True, True, ""), ("zh_Hant_TW", True, False, ""),
    ("zh_TW", True, False, ""), ("ja", True, False, ""), ("ko", True, False, " "), ("en", False, False, " "),
    ("fr_FR", False, False, " "), ("th", False, False, " "),
])
def test_language_facts(locale, cjk, simplified, separator):
    assert (is_cjk_language(locale), is_simplified_chinese(locale), sentence_separator(locale)) == (
        cjk, simplified, separator)


def test_language_of():
    assert [language_of(locale) for locale in ("zh_Hant_TW", "en-GB", "EN", "ja")] == ["zh", "en", "en", "ja"]


def test_quotes_of_traditional_and_simplified_chinese_and_their_conversion():
    assert "".join(quotes("zh_Hant_TW")) == "「」『』" == "".join(quotes("ja"))
    assert "".join(quotes("zh_Hans")) == "“”‘’" == "".join(quotes("en"))
    assert quote_conversion("zh_Hant", "zh_Hans") == {"「": "“", "」": "”", "『": "‘", "』": "’"}
    assert quote_conversion("zh_Hans", "en") == {}

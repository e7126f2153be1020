"""What the pipeline knows about languages and scripts: one place every stage asks.

* Character classes: Han ideographs, CJK text (Han, kana, bopomofo, CJK punctuation, full-width forms),
  CJK punctuation and the punctuation Chinese shares with Latin text.
* Locales: the language and script of a locale (the script from CLDR's likely subtags, as Babel ships
  them, so ``zh_TW`` is Hant and ``zh_CN`` or bare ``zh`` Hans), whether a language is CJK, what goes
  between two sentences in it, and its quotation marks.

Ranges are Unicode 16.0 blocks. Planes 2 and 3 (U+20000–U+3FFFF, the Supplementary and Tertiary
Ideographic Planes) are taken whole: Unicode allocates them to CJK ideographs only (Extensions B–I and
the Compatibility Ideographs Supplement; Extensions G and H end at U+323AF in Unicode 15/16), so an
extension added later is already inside. Python's own ``unicodedata`` may be older (3.11: Unicode 14).
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

__all__ = [
    "CJK_PUNCTUATION",
    "CJK_TEXT",
    "HAN_IDEOGRAPHS",
    "HAN_RANGES",
    "SHARED_PUNCTUATION",
    "Quotes",
    "ascii_lower",
    "is_cjk",
    "is_cjk_language",
    "is_han",
    "is_simplified_chinese",
    "language_of",
    "quote_conversion",
    "quotes",
    "script_of",
    "sentence_separator",
]

def ascii_lower(text: str) -> str:
    """ASCII letters lower-cased, every other character kept: length-preserving, so offsets in the result are
    offsets in ``text`` (``str.lower`` changes İ to two characters and the Kelvin sign to k).

    >>> ascii_lower("Kling ÅB 可靈")
    'kling Åb 可靈'
    """
    if text.isascii():
        return text.lower()
    # bytes.lower() changes only ASCII letters, and UTF-8 keeps every other character's bytes >= 0x80.
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


# (first, last) code points of the Han ideographs: CJK Unified Ideographs Extension A, the Unified
# Ideographs block, CJK Compatibility Ideographs, and planes 2-3 (see the module docstring).
HAN_RANGES: tuple[tuple[int, int], ...] = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                                           (0x20000, 0x3FFFF))


def _class_body(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"{chr(first)}-{chr(last)}" for first, last in ranges)


HAN_IDEOGRAPHS = _class_body(HAN_RANGES)
"""The Han ranges as the body of a regular-expression character class: ``f"[{HAN_IDEOGRAPHS}]"``."""

_CJK_SYMBOLS = "\u3000-\u303f"      # CJK Symbols and Punctuation: ideographic space, 、。「」《》
_FULLWIDTH_FORMS = "\uff00-\uffef"  # Halfwidth and Fullwidth Forms: ，：；？！（）
CJK_PUNCTUATION = _CJK_SYMBOLS + _FULLWIDTH_FORMS
"""CJK punctuation as a character-class body."""

SHARED_PUNCTUATION = "\u2014\u2026\u2025\u201c\u201d\u2018\u2019\u00b7"
"""Punctuation Chinese text uses but shares with Latin text (dash, ellipses, curly quotes, middle dot):
CJK when it touches CJK text."""

CJK_TEXT = (
    "\u2e80-\u2fff"   # CJK Radicals Supplement, Kangxi Radicals, Ideographic Description Characters
    + _CJK_SYMBOLS
    + "\u3040-\u30ff"  # Hiragana, Katakana
    + "\u3100-\u312f"  # Bopomofo
    + "\u3190-\u31ff"  # Kanbun, Bopomofo Extended, CJK Strokes, Katakana Phonetic Extensions
    + HAN_IDEOGRAPHS
    + "\ufe30-\ufe4f"  # CJK Compatibility Forms (vertical punctuation)
    + _FULLWIDTH_FORMS
)
"""Chinese and Japanese text (not Hangul) as a character-class body: what a reader sees as CJK script."""

_HAN_CHAR = re.compile(f"[{HAN_IDEOGRAPHS}]")
_CJK_CHAR = re.compile(f"[{CJK_TEXT}]")


def is_han(char: str) -> bool:
    """``char`` is a Han ideograph (漢, 汉, 𠀀)."""
    return bool(_HAN_CHAR.match(char))


def is_cjk(char: str) -> bool:
    """``char`` is CJK text: a Han ideograph, kana, bopomofo, CJK punctuation or a full-width form."""
    return bool(_CJK_CHAR.match(char))


# ---------------------------------------------------------------------------------------------- locales

def _parts(locale: str) -> list[str]:
    return locale.replace("-", "_").split("_")


@functools.lru_cache(maxsize=256)
def language_of(locale: str) -> str:
    """``zh_Hant_TW`` -> ``zh``; ``en-GB`` -> ``en``."""
    return _parts(locale)[0].lower()


@functools.lru_cache(maxsize=256)
def script_of(locale: str) -> str:
    """The ISO 15924 script a locale is written in: the explicit subtag, else CLDR's likely subtags.

    ``zh_Hant_TW`` and ``zh_TW`` -> ``Hant``; ``zh``, ``zh_CN``, ``zh_SG`` -> ``Hans``; ``ja`` ->
    ``Jpan``; ``ko`` -> ``Kore``; ``en`` -> ``Latn``; ``""`` when CLDR does not know the language.
    """
    from babel.core import get_global

    parts = _parts(locale)
    language = parts[0].lower()
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    regions = [part.upper() for part in parts[1:] if (len(part) == 2 and part.isalpha()) or part.isdigit()]
    likely = get_global("likely_subtags")
    for key in [f"{language}_{region}" for region in regions] + [language]:
        if key in likely:
            for part in likely[key].split("_")[1:]:
                if len(part) == 4 and part.isalpha():
                    return part
    return ""


_CJK_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Kore"})
_UNSPACED_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan"})   # no space between sentences or words


def is_cjk_language(locale: str) -> bool:
    """Chinese, Japanese and Korean: translations into them may hold CJK (Han) characters."""
    return script_of(locale) in _CJK_SCRIPTS


@functools.lru_cache(maxsize=256)
def is_simplified_chinese(locale: str) -> bool:
    """Chinese written in Simplified characters: ``zh_Hans``, ``zh_CN``, ``zh_SG``, ``zh``."""
    return language_of(locale) == "zh" and script_of(locale) == "Hans"


def sentence_separator(locale: str) -> str:
    """What goes between two sentences of the language: nothing in Chinese and Japanese, else a space.

    (Korean, Thai and the rest separate sentences with a space.)"""
    return "" if script_of(locale) in _UNSPACED_SCRIPTS else " "


class Quotes(NamedTuple):
    """Quotation marks: the outer pair and the pair for a quotation inside a quotation."""

    open: str
    close: str
    inner_open: str
    inner_close: str


# CLDR's <delimiters> (quotationStart/End, alternateQuotationStart/End), which Babel does not ship.
_QUOTES_BY_SCRIPT = {"Hant": Quotes("「", "」", "『", "』"), "Jpan": Quotes("「", "」", "『", "』"),
                     "Hans": Quotes("“", "”", "‘", "’")}
_DEFAULT_QUOTES = Quotes("“", "”", "‘", "’")   # English and Korean; languages not listed here get these too


def quotes(locale: str) -> Quotes:
    """The quotation marks of ``locale``: 「」『』 in zh-Hant and Japanese, “”‘’ in zh-Hans and English."""
    return _QUOTES_BY_SCRIPT.get(script_of(locale), _DEFAULT_QUOTES)


def quote_conversion(source_locale: str, target_locale: str) -> dict[str, str]:
    """Each quotation mark of the source locale -> the one in the same place in the target locale
    (zh_Hant -> zh_Hans: 「 -> “, 」 -> ”, 『 -> ‘, 』 -> ’); empty when both write the same marks."""
    return {source: target for source, target in zip(quotes(source_locale), quotes(target_locale))
            if source != target}

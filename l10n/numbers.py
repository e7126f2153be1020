"""Read the numbers in Chinese and English text so a check can prove a translation kept their values.

``read_zh`` and ``read_en`` turn text into :class:`Quantity` values in base units (``724.19億`` is
72,419,000,000; ``24.1 billion`` is 24,100,000,000), so ``compare`` can match a zh-Hant source against its
zh-Hans or English translation as multisets of values, whatever scale words each language prefers.

What is *not* a quantity matters as much: model names (``SU7``, ``o3-mini``, ``4K``) are identifiers and
version numbers (``可靈 1.6``, ``Veo 2``, ``Gen-3``) must appear verbatim; vague amounts (``數十億``,
``一百多次``, ``billions of``) carry no exact value and never cause an error; a lone ``一`` is the article "a"
far more often than the number one, so it is only read where it cannot be the article (``一億``, ``第一``).

>>> [(q.text, q.value) for q in read_zh("研發投入 241 億元,同比大增 25.9%")]
[('241 億', Decimal('24100000000')), ('25.9%', Decimal('25.9'))]
>>> [(q.text, q.value) for q in read_en("R&D spending of 24.1 billion yuan, up 25.9%")]
[('24.1 billion', Decimal('24100000000')), ('25.9%', Decimal('25.9'))]
>>> [f.message for f in compare("投入 241 億元", "invested 241 billion yuan", "en")]
['241 億 = 24,100,000,000: not found in translation (found 241 billion)']
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .lang import HAN_IDEOGRAPHS, ascii_lower, language_of

__all__ = ["NumberFinding", "Quantity", "SourceNumbers", "compare", "read_en", "read_source", "read_zh",
           "source_readings"]


@dataclass(frozen=True)
class Quantity:
    """One number found in a text.

    ``kind`` is one of ``number``, ``percent`` (value 25.9 for 25.9%), ``year``, ``month``, ``day``,
    ``count`` (a number before a counter word: 三次, 2-3 名), ``ordinal`` (第四, Q4, fourth), ``range`` (one
    end of 2021-2025), ``version`` (value-bearing but matched verbatim: 1.6 in 可靈 1.6, 2 in Veo 2) or
    ``identifier`` (``SU7``, ``4K``: value None, matched as text).
    A vague quantity has value None and, in ``ambiguous``, the round figure it is built on
    (一百多 -> 100), which lets a translation's "more than a hundred" pass silently.
    """

    value: Decimal | None
    text: str
    start: int
    end: int
    kind: str
    vague: bool = False
    ambiguous: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class NumberFinding:
    """A source quantity the translation lost or changed (or, as a warning, a number it added).

    ``source_text`` is the text of the quantity the finding is about: the source's, or for an added number
    the translation's.
    """

    severity: str
    message: str
    source_text: str


# --- shared pieces -------------------------------------------------------------------------------------

# One character for one character, so offsets in the normalised text are offsets in the original.
_FULLWIDTH_MAP = {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
_FULLWIDTH_MAP.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULLWIDTH_MAP.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULLWIDTH_MAP.update({"．": ".", "％": "%", "－": "-", "～": "~", "＄": "$", "／": "/", "\u3000": " "})
_FULLWIDTH = str.maketrans(_FULLWIDTH_MAP)
_HAS_FULLWIDTH = re.compile("[" + re.escape("".join(_FULLWIDTH_MAP)) + "]")


def _normalise(text: str) -> str:
    """``text`` with full-width digits, letters and signs made ASCII (a search first: most texts have none,
    and ``str.translate`` costs a dictionary lookup per character)."""
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


# Thousands groups only where exactly three digits follow each comma ("1,2024" is two numbers).
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_SP = r"[ \u00a0\u2009\u202f]?"
_END_OF_NUMBER = r"(?![A-Za-z0-9]|\.\d)"
_HANDLE_PATTERN = r"@[A-Za-z0-9_.]+"   # @handles: their digits are no number
_SKIP = (r"https?://\S+|www\.\S+|" + _HANDLE_PATTERN +
         r"|(?<![A-Za-z])(?:US|HK|NT|A|C|S)\$(?=\d)"
         r"|(?<![A-Za-z])(?:RMB|CNY|USD|HKD|TWD|NTD|EUR|GBP|JPY)(?=\d)")
_QUARTER = r"(?<![A-Za-z0-9])[QH][1-4](?![A-Za-z0-9])"
_DOTTED = r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])"
_IDENT = r"(?<![A-Za-z0-9])(?:[A-Za-z]+\d[A-Za-z0-9]*(?:\.\d+)?|\d+[A-Za-z][A-Za-z0-9]*)"

_LETTERS_THEN_DECIMAL = re.compile(r"[A-Za-z]+(\d+\.\d+)")
_LATIN_BEFORE = re.compile(r"[A-Za-z][- ]?\Z")
_FIRST_NUMBER = re.compile(_NUM)
_DIGIT = re.compile(r"\d")
_IDENT_NOISE = re.compile(r"[\s\-_]+")
# "1. " opening a list item is structure, not content: Markdown renumbers it and translators may drop it.
_LIST_MARKER = re.compile(r"[ \t]*\d{1,3}[.)][ \t]")

_PRECISE_KINDS = frozenset({"year", "month", "day", "ordinal", "version"})


class _Draft:
    """A quantity being read; mutable until ranges are merged, then frozen into a Quantity (compare reads
    a translation's drafts as they are, their ``text`` set)."""

    __slots__ = ("start", "end", "value", "kind", "vague", "ambiguous", "scale", "percent", "text")

    def __init__(self, start: int, end: int, value: Decimal | None, kind: str, *, vague: bool = False,
                 ambiguous: tuple[Decimal, ...] = (), scale: Decimal | None = None,
                 percent: bool = False) -> None:
        self.start, self.end, self.value, self.kind = start, end, value, kind
        self.vague, self.ambiguous, self.scale, self.percent = vague, ambiguous, scale, percent

    @property
    def is_bare(self) -> bool:
        return (self.value is not None and self.scale is None and not self.percent
                and self.kind not in ("version", "identifier"))

    def freeze(self, text: str) -> Quantity:
        value = None if self.value is None else _canonical(self.value)
        return Quantity(value, text[self.start:self.end].strip(), self.start, self.end, self.kind,
                        self.vague, tuple(_canonical(v) for v in self.ambiguous))


def _canonical(value: Decimal) -> Decimal:
    """24.1 billion and 241 億 both become Decimal('24100000000'), so equal values also print alike."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


def _merge_ranges(drafts: list[_Draft], text: str, gap: re.Pattern[str]) -> None:
    """Mark the two ends of ``2021-2025`` / ``1-2 萬`` / ``5 to 10 million`` and give the left end the
    right end's scale or percent sign, which writers state once for both."""
    for left, right in zip(drafts, drafts[1:]):
        if left.value is None or right.value is None or left.kind in ("version", "identifier") \
                or right.kind in ("version", "identifier"):
            continue
        if not gap.fullmatch(text, left.end, right.start):
            continue
        if left.is_bare and (right.scale is not None or right.percent):
            if right.scale is not None:
                left.value *= right.scale
                left.scale = right.scale
            if right.percent:
                left.percent = True
                left.kind = "percent"
        if left.percent != right.percent:
            continue    # "up 17.3% to 1.39 trillion" is a rate and an amount, not a range
        if not right.percent:
            left.kind = right.kind = "range"


def _freeze_all(drafts: list[_Draft], text: str) -> list[Quantity]:
    return [d.freeze(text) for d in drafts]


# --- Chinese ------------------------------------------------------------------------------------------

_CN_DIGIT_VALUE = {
    "〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "兩": 2, "两": 2, "貳": 2, "贰": 2, "三": 3, "參": 3,
    "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陸": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
    "捌": 8, "九": 9, "玖": 9,
}
_CN_SMALL_VALUE = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_VALUE = {"萬": 10**4, "万": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12}
_CN_DIGITS = "".join(_CN_DIGIT_VALUE)
_CN_UNITS = "".join(_CN_SMALL_VALUE) + "".join(_CN_BIG_VALUE)
# Digits read one by one (二〇二四) never use 兩 or the anti-fraud forms.
_PLAIN_DIGITS = frozenset("〇零一二三四五六七八九")
# Single characters read as numbers only before a counter: 三次, 兩位; never 三星堆, 兩者, 一家 ("a").
_SINGLE_COUNTABLE = frozenset("二兩两三四五六七八九十")
_BARE_UNIT_START = frozenset("百佰千仟萬万億亿兆拾")
_ZH_SCALE = r"(?:[千萬万億亿兆]|百(?!分))+"
_CN_RUN = rf"[{_CN_DIGITS}{_CN_UNITS}]+(?:[點点][{_CN_DIGITS}]+[{_CN_UNITS}]*)?"

_ZH_TOKEN = re.compile(rf"""
    (?=[0-9A-Za-z@{_CN_DIGITS}{_CN_UNITS}數数幾几上])    # lets the scanner skip other characters fast
    (?: (?P<skip>{_SKIP})
      | (?P<quarter>{_QUARTER})
      | (?P<dotted>{_DOTTED})
      | 百分之{_SP}(?:(?P<pnum>{_NUM})|(?P<pcn>{_CN_RUN}))
      | (?P<num>(?<![\d.]){_NUM})
          (?:{_SP}(?P<more1>[多餘余]))?                                    # 100 多萬: vague
          (?:{_SP}(?P<scale>{_ZH_SCALE})(?P<rest>(?:{_NUM}{_SP}{_ZH_SCALE})*))?   # 1億5000萬
          (?P<more2>[多餘余])?
          (?P<pct>{_SP}%|{_SP}[個个]?百分[點点])?
          {_END_OF_NUMBER}
      | (?P<cpre>[數数幾几上])?(?P<cn>{_CN_RUN})(?P<cpost>[多餘余幾几]?)(?P<ctail>[萬万億亿兆]*)
      | (?P<ident>{_IDENT})
    )
""", re.VERBOSE)

_ZH_REST = re.compile(rf"({_NUM}){_SP}({_ZH_SCALE})")
_ZH_HINT = re.compile(rf"[0-9０-９{_CN_DIGITS}{_CN_UNITS}]")
_ZH_COUNTER = re.compile(
    r"[ \u00a0]?(?:小時|小时|分鐘|分钟|美元|港元|港幣|港币|歐元|欧元|日元|英鎊|英镑|人民幣|人民币|新台幣|新台币|台幣|台币"
    r"|[個个位名次家年月日天號号條条元塊块人款項项種种部場场季期輪轮倍歲岁週周台臺張张件集篇本份頁页章節节"
    r"支隻只頭头輛辆架艘座棟栋間间所層层級级段步套組组類类代屆届門门首句秒])")
_ZH_MONTH = re.compile(r"[ \u00a0]?月")
_ZH_DAY = re.compile(r"[ \u00a0]?[日號号]")
_ZH_YEAR = re.compile(r"[ \u00a0]?年(?!代)")
_ZH_DECADE = re.compile(r"[ \u00a0]?年代")
_ZH_IDIOMS = ("二次元", "三次元", "四次元")
# Cues around "NN 年" that say "NN years" (一位 20 年 VFX 動畫師, 20 年來) or "the year 20NN" (24 年 6 月).
_ZH_DURATION_BEFORE = frozenset("位名個个了過过達达近超長长整有約约滿满經经逾花")
_ZH_DURATION_AFTER = re.compile(
    r"[ \u00a0]?年[ \u00a0]?(?:內|内|來|来|間|间|之久|以上|以下|左右|多|前|後|后|的時間|的时间|時間|时间|經驗|经验"
    r"|老|歷史|历史|裡|里|工作"
    # "20 年 VFX 動畫師": a professional's years (only 師: 家, 者, 員 also end 廠家, 消費者, 員工 of a year)
    r"|(?:[A-Za-z]+[ \u00a0]?)?" f"[{HAN_IDEOGRAPHS}]" r"{0,4}[師师]"
    r")")
_ZH_YEAR_BEFORE = frozenset("在於于至到從从自")
_ZH_YEAR_AFTER = re.compile(
    r"[ \u00a0]?年[ \u00a0]?(?:\d{1,2}[ \u00a0]?月|[一二三四五六七八九十]+月|第|底|初|末|年中|年初|年底|全年|上半|下半|度"
    r"|[QH][1-4]|[春夏秋冬])")
# What may follow a number and say what it is, in the order the readers test them; none, it is plain. One
# match of their union (the first alternative that matches wins, as the tests in order would) names it.
_ZH_AFTER_NUMBER = (("decade", _ZH_DECADE), ("year", _ZH_YEAR), ("month", _ZH_MONTH), ("day", _ZH_DAY),
                    ("count", _ZH_COUNTER))
_ZH_YEAR_MARKS = frozenset({"decade", "year"})   # read by the callers; _zh_kind_after tells the others
_ZH_MARKED = re.compile("|".join(f"(?P<{kind}>{pattern.pattern})" for kind, pattern in _ZH_AFTER_NUMBER))
_ZH_RANGE_GAP = re.compile(r"[ \u00a0]?[-–—~至到][ \u00a0]?")


def _scale_of(units: str) -> Decimal:
    """萬 -> 1e4, 千萬 -> 1e7, 萬億 -> 1e12: stacked Chinese scale characters multiply."""
    scale = 1
    for ch in units:
        scale *= _CN_SMALL_VALUE.get(ch) or _CN_BIG_VALUE[ch]
    return Decimal(scale)


def _parse_cn_integer(run: str) -> int | None:
    """Value of a Chinese integer numeral (三千萬, 一億五千萬, 兩百五, 一百零五), or None if malformed
    (十四五, 一五一十)."""
    total = section = 0
    digit: int | None = None
    last_unit = 0          # value of the unit just before a bare trailing digit: 兩百五 = 250, 三萬五 = 35000
    zero_seen = False
    last_big = 0
    for ch in run:
        if ch in _CN_DIGIT_VALUE:
            value = _CN_DIGIT_VALUE[ch]
            if value == 0:
                zero_seen = True
                digit = None
                continue
            if digit is not None:
                return None
            digit = value
        elif ch in _CN_SMALL_VALUE:
            unit = _CN_SMALL_VALUE[ch]
            section += (1 if digit is None else digit) * unit
            digit, last_unit, zero_seen = None, unit, False
        else:
            big = _CN_BIG_VALUE[ch]
            chunk = section + (digit or 0)
            if last_big and big > last_big:
                total = (total + chunk) * big
            else:
                total += (chunk or 1) * big
            last_big = max(last_big, big)
            section, digit, last_unit, zero_seen = 0, None, big, False
    if digit is not None:
        if last_unit >= 100 and not zero_seen:
            digit *= last_unit // 10
        section += digit
    return total + section


def _digit_by_digit(run: str) -> Decimal:
    return Decimal("".join(str(_CN_DIGIT_VALUE[ch]) for ch in run))


def _parse_cn(run: str) -> Decimal | None:
    """Value of any Chinese numeral run, decimals included (一點三九萬億 = 1.39e12)."""
    for mark in "點点":
        if mark in run:
            whole, _, rest = run.partition(mark)
            digits = rest.rstrip(_CN_UNITS)
            units = rest[len(digits):]
            integer = _parse_cn_integer(whole) if whole else 0
            if integer is None or (units and any(ch in _CN_UNITS for ch in whole)):   # 一萬點五億
                return None
            value = Decimal(f"{integer}.{_digit_by_digit(digits)}") if digits else Decimal(integer)
            return value * _scale_of(units) if units else value
    integer = _parse_cn_integer(run)
    return None if integer is None else Decimal(integer)


def _year_reading(number: str, text: str, start: int, after: int) -> tuple[Decimal, str, tuple[Decimal, ...]]:
    """Reading of "NN 年": 2024 年 is a year, 20 年 after 一位 is twenty years, 24 年 GMV is undecidable
    (read as 2024, with 24 as the other reading)."""
    value = Decimal(number)
    if len(number) == 4:
        return value, "year", ()
    if len(number) != 2:
        return value, "count", ()
    as_year = Decimal(2000 + int(number)) if int(number) < 50 else Decimal(1900 + int(number))
    if _ZH_YEAR_AFTER.match(text, after):
        return as_year, "year", ()
    before = text[:start].rstrip(" \u00a0")[-1:]
    if before in _ZH_DURATION_BEFORE or _ZH_DURATION_AFTER.match(text, after):
        return value, "count", ()
    if before in _ZH_YEAR_BEFORE:
        return as_year, "year", ()
    return as_year, "year", (value,)


def _zh_kind_after(text: str, end: int, mark: str | None = "") -> str | None:
    """Kind given by what follows a plain number: 6 月 month, 6 日 day, 3000 萬條 / 2-3 名 count.

    ``mark``: the ``lastgroup`` of ``_ZH_MARKED.match(text, end)`` when the caller has it (None: no match)."""
    if mark == "":
        found = _ZH_MARKED.match(text, end)
        mark = found.lastgroup if found is not None else None
    if mark is None or mark not in _ZH_YEAR_MARKS:
        return mark
    # A year mark matched first ("24 年" could still be a count of 年): the first other kind that matches.
    return next((kind for kind, pattern in _ZH_AFTER_NUMBER
                 if kind not in _ZH_YEAR_MARKS and pattern.match(text, end)), None)


def _ordinal_before(text: str, start: int) -> bool:
    """第 right before ``start``, or with one space between."""
    at = text.rfind("第", max(0, start - 2), start)
    return at >= 0 and not text[at + 1:start].strip(" \u00a0")


def _zh_arabic(m: re.Match[str], text: str) -> _Draft:
    start, end = m.start(), m.end()
    number = m["num"]
    value = _decimal(number)
    vague = bool(m["more1"] or m["more2"])
    scale_units, percent = m["scale"], bool(m["pct"])
    scale = None
    ambiguous: tuple[Decimal, ...] = ()
    if scale_units:
        scale = _scale_of(scale_units)
        value *= scale
        for rest_number, rest_units in _ZH_REST.findall(m["rest"] or ""):
            value += _decimal(rest_number) * _scale_of(rest_units)
        if "兆" in scale_units:
            # 兆 is 10^12 in Taiwan, 10^6 (mega) in mainland technical writing.
            ambiguous = (value / Decimal(10**6),)
    if vague:
        return _Draft(start, end, None, "number", vague=True, ambiguous=(value,))
    if percent:
        return _Draft(start, end, value, "percent", percent=True)
    if scale is not None:
        return _Draft(start, end, value, "number", scale=scale, ambiguous=ambiguous)
    if _ordinal_before(text, start):
        return _Draft(start, end, value, "ordinal")
    after = _ZH_MARKED.match(text, end)   # (one test where most numbers have nothing after)
    mark = after.lastgroup if after is not None else None
    if mark in _ZH_YEAR_MARKS and "." not in number and "," not in number:
        if mark == "decade" and len(number) in (2, 4):
            decade = value if len(number) == 4 else Decimal(1900 + int(number)) if int(number) >= 20 \
                else Decimal(2000 + int(number))
            return _Draft(start, end, decade, "year", ambiguous=(value,) if len(number) == 2 else ())
        if mark == "year":
            year_value, kind, alternatives = _year_reading(number, text, start, end)
            return _Draft(start, end, year_value, kind, ambiguous=alternatives)
    kind = _zh_kind_after(text, end, mark)
    if kind == "month" and not 1 <= value <= 12 or kind == "day" and not 1 <= value <= 31:
        kind = "count"
    if kind is None:
        if "." in number or _LATIN_BEFORE.search(text, max(0, start - 2), start):
            kind = "version"
        else:
            kind = "number"
    return _Draft(start, end, value, kind)


def _zh_chinese(m: re.Match[str], text: str) -> _Draft | None:
    run, prefix, suffix, tail = m["cn"], m["cpre"] or "", m["cpost"], m["ctail"]
    if prefix == "上" and run[0] not in _BARE_UNIT_START:
        prefix = ""
    start = m.start("cn") if not prefix else m.start()
    end = m.end("cn") if not (suffix or prefix) else m.end()
    after = m.end("cn")
    digits_only = all(ch in _CN_DIGIT_VALUE for ch in run)
    counted = bool(_ZH_COUNTER.match(text, after))

    if digits_only and len(run) > 1:
        if len(run) >= 3 and set(run) <= _PLAIN_DIGITS and (
                "〇" in run or "零" in run or _ZH_YEAR.match(text, after)):
            kind = "year" if _ZH_YEAR.match(text, after) else "number"
            return _Draft(start, end, _digit_by_digit(run), kind)
        if len(run) == 2 and counted and not suffix:   # 兩三個, 三四家: "two or three"
            return _Draft(start, after, None, "count", vague=True,
                          ambiguous=(Decimal(_CN_DIGIT_VALUE[run[0]]),))
        return None

    value = _parse_cn(run)
    if value is None:
        return None
    if prefix or suffix:
        bound = value * _scale_of(tail) if tail else value
        return _Draft(start, end, None, "number", vague=True, ambiguous=(bound,))
    if _ordinal_before(text, start):
        return _Draft(start, end, value, "ordinal")
    if run[0] in _BARE_UNIT_START:
        # 百萬美元 "a million-dollar", 千萬 "by all means", 萬一 "just in case": a figure of speech at most.
        return _Draft(start, end, None, "number", vague=True, ambiguous=(value,)) if counted else None
    if len(run) == 1:
        if run == "一":
            # "一" is mostly the article: 一家, 一位, 一年之久. Only a calendar month is safe.
            is_month = _ZH_MONTH.match(text, after)
            return _Draft(start, end, value, "month") if is_month else None
        if run not in _SINGLE_COUNTABLE or not counted or text.startswith(_ZH_IDIOMS, start):
            return None
    kind = _zh_kind_after(text, after) or "number"
    if kind == "month" and not 1 <= value <= 12 or kind == "day" and not 1 <= value <= 31:
        kind = "count"
    return _Draft(start, end, value, kind)


def read_zh(text: str) -> list[Quantity]:
    """Every quantity in Traditional or Simplified Chinese text, embedded Latin and full-width digits
    included, in text order."""
    return _freeze_all(_zh_drafts(text), text)


def source_readings(text: str) -> list[_Draft]:
    """What :func:`compare` needs of a Chinese source, unfrozen: :func:`read_zh`'s quantities with the same
    values (compare tests values for equality and prints them normalised, so their canonical form does
    not matter) at half the cost, for a caller that reads a source once for many translations."""
    drafts = _zh_drafts(text)
    for draft in drafts:
        draft.text = text[draft.start:draft.end].strip()
    return drafts


def _zh_drafts(text: str) -> list[_Draft]:
    if not _ZH_HINT.search(text):
        return []
    norm = _normalise(text)
    drafts: list[_Draft] = []
    marker = _LIST_MARKER.match(norm)
    for m in _ZH_TOKEN.finditer(norm, marker.end() if marker else 0):
        group = m.lastgroup
        draft: _Draft | None
        if group == "skip":
            continue
        if m["num"] is not None:
            draft = _zh_arabic(m, norm)
        elif m["cn"] is not None:
            draft = _zh_chinese(m, norm)
        elif m["pnum"] is not None or m["pcn"] is not None:
            value = _decimal(m["pnum"]) if m["pnum"] else _parse_cn(m["pcn"])
            draft = None if value is None else _Draft(m.start(), m.end(), value, "percent", percent=True)
        elif m["quarter"] is not None:
            draft = _Draft(m.start(), m.end(), Decimal(m["quarter"][1]), "ordinal")
        elif m["dotted"] is not None:
            draft = _Draft(m.start(), m.end(), None, "version")
        else:
            draft = _identifier(m, "ident")
        if draft is not None:
            drafts.append(draft)
    _merge_ranges(drafts, norm, _ZH_RANGE_GAP)
    return drafts


def _identifier(m: re.Match[str], group: str) -> _Draft:
    token = m[group]
    decimal = _LETTERS_THEN_DECIMAL.fullmatch(token)
    if decimal:   # AI1.6 is the version 1.6 of "AI"
        return _Draft(m.start(group) + decimal.start(1), m.end(group), _decimal(decimal[1]), "version")
    return _Draft(m.start(group), m.end(group), None, "identifier")


# --- English ------------------------------------------------------------------------------------------

_EN_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_EN_TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Case folded for ASCII only: plain (?i) also matches "thouſand" (long s), which names no key of _EN_SCALES.
_EN_SCALE_WORD = f"(?ai:{'|'.join(_EN_SCALES)})"
_EN_SUFFIX_SCALES = {"k": 10**3, "mn": 10**6, "bn": 10**9, "tn": 10**12, "M": 10**6, "B": 10**9}
_EN_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
_EN_ORDINALS.update({w: 10 * i for i, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), start=2)})
_EN_ORDINALS.update({"hundredth": 100, "thousandth": 1000, "millionth": 10**6})
_EN_PLURAL_BOUNDS = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 10**3, "millions": 10**6,
                     "billions": 10**9, "trillions": 10**12}
_EN_ALONE = {"once": 1, "twice": 2, "thrice": 3, "both": 2, "double": 2, "doubled": 2, "triple": 3,
             "tripled": 3}
_EN_MONTHS = {name: i for i, names in enumerate((
    "January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun", "July Jul",
    "August Aug", "September Sep Sept", "October Oct", "November Nov", "December Dec"), start=1)
    for name in names.split()}
_EN_NUMBER_WORDS = frozenset([*_EN_UNITS, *_EN_TENS, *_EN_SCALES, *_EN_ORDINALS, "hundred", "dozen"])
_EN_RUN_WORDS = _EN_NUMBER_WORDS | {"and", "point"}
_EN_VOCABULARY = frozenset([*_EN_NUMBER_WORDS, *_EN_PLURAL_BOUNDS, *_EN_ALONE,
                            *(name.lower() for name in _EN_MONTHS)])
_EN_WORD_STARTERS = _EN_VOCABULARY | {"a", "an"}
_EN_SCALE_WORDS = frozenset(_EN_SCALES)
# Every word _en_word_drafts compares with anything: what may start a number, continue one, or join "tens of".
_EN_PASS_WORDS = _EN_WORD_STARTERS | _EN_RUN_WORDS | {"of"}
_EN_LOWER_WORD = re.compile(r"[a-z]+")
_EN_A_SCALES = frozenset(["hundred", "dozen", *_EN_SCALES])
_EN_CURRENCY_CODES = frozenset("RMB CNY USD HKD TWD NTD EUR GBP JPY".split())
_EN_MAY_BEFORE = re.compile(r"(?:\bin|\bof|\bearly|\blate|\bmid-|\bsince|\buntil|\bby|\bfrom|\bto|\d)[ ]?\Z")
_EN_MAY_AFTER = re.compile(r"[ ]\d|,?[ ](?:1[89]|20)\d\d")

# Every token of this pass holds a digit, so the scan starts only at digits; letters glued in front
# (SU7, Q4, RMB72bn, AI1.6) are looked at afterwards.
_EN_DIGIT_TOKEN = re.compile(rf"""
    (?=\d)(?<![\d.])         # the lookahead first lets the scanner skip non-digits fast (4x faster)
    (?: (?P<dotted>\d+(?:\.\d+){{2,}})(?![\d.])
      | (?P<ordnum>\d+)(?:st|nd|rd|th)\b
      | (?P<decade>(?:1[89]|20)?\d0)'?s\b
      | (?P<num>{_NUM})
          (?:[ \u00a0]?(?P<scale>{_EN_SCALE_WORD})\b|(?P<sfx>bn|tn|mn|k|M|B)\b)?
          (?P<pct>[ \u00a0]?%|[ \u00a0]?per[ ]?cent\b|[ \u00a0]percentage[ ]points?\b)?
          {_END_OF_NUMBER}
      | (?P<ident>\d+[A-Za-z][A-Za-z0-9]*)
    )
""", re.VERBOSE)
_SKIP_SPANS = re.compile(r"https?://\S+|www\.\S+|" + _HANDLE_PATTERN)
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
LOWERING_TO_ASCII = ("\u0130", "\u212a")
"""The only non-ASCII characters whose ``str.lower()`` holds an ASCII letter (İ, the Kelvin sign)."""
_ALNUM_TAIL = re.compile(r"[A-Za-z0-9]*(?:\.\d+(?![\d.]))?")
_EN_WORD_RE = re.compile(r"[A-Za-z]+")
_EN_RANGE_GAP = re.compile(r"[ \u00a0]?[-–—~][ \u00a0]?|[ \u00a0](?:to|through)[ \u00a0]")

_Word = tuple[str, int, int]     # lower-cased word, start, end


# Which word class may follow which inside one number ("twenty one", "one hundred and five", not "one two").
_EN_CONTINUES = {(prev, cls): True for prev, follows in {
    "a": ("hundred", "scale"), "unit": ("hundred", "scale"), "teen": ("hundred", "scale"),
    "ten": ("unit", "scale"), "hundred": ("unit", "teen", "ten", "scale"),
    "scale": ("unit", "teen", "ten"), "and": ("unit", "teen", "ten"),
}.items() for cls in follows}


def _en_number_words(run: list[_Word]) -> list[_Draft]:
    """Number words as one or more quantities: "thirty million" is one, "two or three" two,
    "one hundred and five" one, "one point three nine trillion" one."""
    drafts: list[_Draft] = []
    total = current = 0
    fraction = ""
    started = end = -1
    prev = ""          # class of the previous word: a, unit, teen, ten, hundred, scale, and, point, fraction
    ordinal = False

    def flush() -> None:
        nonlocal total, current, fraction, started, prev, ordinal
        if started >= 0:
            value = Decimal(total + current) + (Decimal("0." + fraction) if fraction else 0)
            drafts.append(_Draft(started, end, value, "ordinal" if ordinal else "number"))
        total = current = 0
        fraction, started, prev, ordinal = "", -1, "", False

    for word, w_start, w_end in run:
        if ordinal:
            flush()
        if word in ("a", "an"):
            flush()
            started, end, prev, current = w_start, w_end, "a", 1
            continue
        if word == "and":   # the run never ends on "and": it was trimmed
            if prev in ("hundred", "scale"):
                prev = "and"
            else:
                flush()
            continue
        if word == "point":
            if prev in ("unit", "teen", "ten"):
                prev = "point"
            else:
                flush()
            continue
        if prev in ("point", "fraction"):
            if word in _EN_UNITS and _EN_UNITS[word] < 10:
                fraction += str(_EN_UNITS[word])
                end, prev = w_end, "fraction"
                continue
            if word in _EN_SCALES and fraction:
                scale = _EN_SCALES[word]
                value = (Decimal(current) + Decimal("0." + fraction)) * scale + total
                drafts.append(_Draft(started, w_end, value, "number", scale=Decimal(scale)))
                total = current = 0
                fraction, started, prev = "", -1, ""
                continue
            flush()
        is_ordinal = word in _EN_ORDINALS
        if is_ordinal:
            value = _EN_ORDINALS[word]
            cls = "scale" if value >= 1000 else "hundred" if value == 100 else \
                "ten" if value >= 20 else "teen" if value >= 10 else "unit"
        elif word in _EN_UNITS:
            value = _EN_UNITS[word]
            cls = "teen" if value >= 10 else "unit"
        elif word in _EN_TENS:
            value, cls = _EN_TENS[word], "ten"
        elif word in ("hundred", "dozen"):
            value, cls = (100 if word == "hundred" else 12), "hundred"
        else:
            value, cls = _EN_SCALES[word], "scale"
        if not _EN_CONTINUES.get((prev, cls), False):
            flush()
            started = w_start
        if cls == "hundred":
            current = (current or 1) * value
        elif cls == "scale":
            total += (current or 1) * value
            current = 0
        else:
            current += value
        end, prev, ordinal = w_end, cls, is_ordinal
    flush()
    return drafts


def _en_number(m: re.Match[str], text: str) -> _Draft:
    start, end = m.start(), m.end()
    value = _decimal(m["num"])
    scale_word, suffix = m["scale"], m["sfx"]
    scale = None
    if scale_word:
        scale = Decimal(_EN_SCALES[scale_word.lower()])
    elif suffix:
        scale = Decimal(_EN_SUFFIX_SCALES[suffix])
    if scale is not None:
        return _Draft(start, end, value * scale, "number", scale=scale)
    if m["pct"]:
        return _Draft(start, end, value, "percent", percent=True)
    if text[max(0, start - 1):start] == "-" and _LATIN_BEFORE.search(text, max(0, start - 2), start):
        return _Draft(start, end, value, "version")     # Gen-3, COVID-19
    digits = m["num"]
    kind = "year" if len(digits) == 4 and digits[:2] in ("19", "20") else "number"
    return _Draft(start, end, value, kind)


def _en_digit_draft(m: re.Match[str], norm: str) -> _Draft:
    start = m.start()
    letters_start = start
    while letters_start and norm[letters_start - 1] in _ASCII_LETTERS:
        letters_start -= 1
    letters = norm[letters_start:start]
    if letters and letters.upper() not in _EN_CURRENCY_CODES:
        number = m["num"]
        if letters in ("Q", "H") and number in ("1", "2", "3", "4") and not m["scale"] and not m["pct"]:
            return _Draft(letters_start, m.end(), Decimal(number), "ordinal")      # Q4, H1
        if number and "." in number and not m["scale"] and not m["sfx"] and not m["pct"]:
            return _Draft(start, m.end(), _decimal(number), "version")             # AI1.6
        tail = _ALNUM_TAIL.match(norm, start)
        return _Draft(letters_start, tail.end(), None, "identifier")               # SU7, o3, VEO2
    if m["num"] is not None:
        return _en_number(m, norm)
    if m["ordnum"] is not None:
        return _Draft(start, m.end(), Decimal(m["ordnum"]), "ordinal")
    if m["decade"] is not None:
        digits = m["decade"]
        value = Decimal(digits) if len(digits) == 4 else Decimal(1900 + int(digits)) \
            if int(digits) >= 20 else Decimal(2000 + int(digits))
        return _Draft(start, m.end(), value, "year")
    if m["dotted"] is not None:
        return _Draft(start, m.end(), None, "version")
    return _Draft(start, m.end(), None, "identifier")                              # 4K, 4o


def _is_month(word: str, norm: str, start: int, end: int) -> bool:
    if word != "May":   # the modal verb "may" is lower-case; capitalised "May" needs a date around it
        return True
    return bool(_EN_MAY_AFTER.match(norm, end) or _EN_MAY_BEFORE.search(norm, max(0, start - 7), start))


def _first_number_word(norm: str, begin: int, hits: set[str]) -> int:
    """Where the word pass may start: the beginning of the first number word (the word pass costs per word
    of the text, and most words come before any number word). The pass reads ``[A-Za-z]+`` words, so a
    number word inside a longer one ("one" in "someone", "ten" in "content") starts nothing."""
    if not norm.isascii() and any(char in norm for char in LOWERING_TO_ASCII):
        return begin   # "tenKsu" (Kelvin sign): the hits came from other words than the pass reads
    lowered = ascii_lower(norm)
    found = [_first_whole_word(lowered, word, begin) for word in hits]
    if -1 in found:
        return begin   # a word seen only through non-ASCII lower-casing: no shortcut
    start = min(found)
    if not hits.isdisjoint(_EN_A_SCALES):
        start -= 4     # "an  hundred": the article before a scale word starts the number
    start = max(start, begin)
    while start > begin and norm[start - 1] in _ASCII_LETTERS:
        start -= 1
    return start


def _first_whole_word(lowered: str, word: str, begin: int) -> int:
    """Where ``word`` first stands alone in ``lowered`` (ASCII lower case) from ``begin`` on, or -1."""
    at = lowered.find(word, begin)
    size = len(word)
    while at >= 0 and (lowered[at - 1:at] in _ASCII_LETTERS and at > begin
                       or lowered[at + size:at + size + 1] in _ASCII_LETTERS):
        at = lowered.find(word, at + 1)
    return at


def _en_word_drafts(norm: str, begin: int, covered: list[tuple[int, int]],
                    looked_at: frozenset[str] | None = None) -> list[_Draft]:
    """The number words of ``norm`` from ``begin`` on. ``looked_at``: the only (lower-case) words to list
    (:data:`_EN_PASS_WORDS`; None lists every word): the pass compares no other word with anything, and two
    listed words with another between them are not joined (the gap holds letters), as if it were listed."""
    if looked_at is None:
        lowered = [(m.group().lower(), m.start(), m.end()) for m in _EN_WORD_RE.finditer(norm, begin)]
    else:
        lowered = [(word, m.start(), m.end()) for m in _EN_WORD_RE.finditer(norm, begin)
                   if (word := m.group().lower()) in looked_at]
    drafts: list[_Draft] = []
    i, count = 0, len(lowered)

    def joined(a: int, b: int) -> bool:   # words a and b are adjacent, separated by spaces or a hyphen
        gap = norm[lowered[a][2]:lowered[b][1]]
        return gap == "-" or (0 < len(gap) <= 2 and not gap.strip())

    while i < count:
        word, start, end = lowered[i]
        if word not in _EN_WORD_STARTERS or any(low <= start < high for low, high in covered):
            i += 1
            continue
        original = norm[start:end]
        if original in _EN_MONTHS and _is_month(original, norm, start, end):
            if norm.startswith(".", end) and len(original) <= 4 and original != "May":
                end += 1
            drafts.append(_Draft(start, end, Decimal(_EN_MONTHS[original]), "month"))
            i += 1
            continue
        if word in _EN_PLURAL_BOUNDS:
            if (word in ("tens", "hundreds", "dozens") and i + 2 < count and lowered[i + 1][0] == "of"
                    and lowered[i + 2][0] in _EN_PLURAL_BOUNDS and joined(i, i + 1) and joined(i + 1, i + 2)):
                bound = _EN_PLURAL_BOUNDS[word] * _EN_PLURAL_BOUNDS[lowered[i + 2][0]]
                drafts.append(_Draft(start, lowered[i + 2][2], None, "number", vague=True,
                                     ambiguous=(Decimal(bound),)))
                i += 3
                continue
            if word != "tens":
                drafts.append(_Draft(start, end, None, "number", vague=True,
                                     ambiguous=(Decimal(_EN_PLURAL_BOUNDS[word]),)))
            i += 1
            continue
        if word in _EN_ALONE:
            drafts.append(_Draft(start, end, Decimal(_EN_ALONE[word]), "count"))
            i += 1
            continue
        first = i
        if word in ("a", "an") and i + 1 < count and lowered[i + 1][0] in _EN_A_SCALES and joined(i, i + 1):
            i += 1
        elif word not in _EN_NUMBER_WORDS:
            i += 1
            continue
        i += 1
        while i < count and lowered[i][0] in _EN_RUN_WORDS and joined(i - 1, i):
            i += 1
        last = i
        while lowered[last - 1][0] in ("and", "point"):
            last -= 1
        drafts.extend(_en_number_words(lowered[first:last]))
        i = last
    return drafts


_VOCABULARY_AUTOMATON = None


def _vocabulary_words(lowered: str) -> list[str]:
    """The words of ``lowered`` (its ``[a-z]+`` runs, as _EN_LOWER_WORD reads them) that _EN_VOCABULARY holds,
    in order, repeats kept: one automaton pass over the text instead of a string per word of it."""
    global _VOCABULARY_AUTOMATON
    if _VOCABULARY_AUTOMATON is None:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for word in _EN_VOCABULARY:
            automaton.add_word(word, (len(word) - 1, word))
        automaton.make_automaton()
        _VOCABULARY_AUTOMATON = automaton
    found = []
    size = len(lowered)
    for last, (length, word) in _VOCABULARY_AUTOMATON.iter(lowered):
        start = last - length
        if (start and lowered[start - 1] in _ASCII_LOWER) or (last + 1 < size and lowered[last + 1] in _ASCII_LOWER):
            continue   # inside a longer word ("one" in "someone")
        found.append(word)
    return found


def read_en(text: str) -> list[Quantity]:
    """Every quantity in English text (digits, number words, scale words, percentages, ordinals, months),
    in text order."""
    return _freeze_all(_en_drafts(text), text)


def _en_drafts(text: str) -> list[_Draft]:
    norm = _normalise(text)
    marker = _LIST_MARKER.match(norm)
    begin = marker.end() if marker else 0
    skipped = [m.span() for m in _SKIP_SPANS.finditer(norm)] \
        if "@" in norm or "://" in norm or "www." in norm else []
    drafts = [_en_digit_draft(m, norm) for m in _EN_DIGIT_TOKEN.finditer(norm, begin)]
    if skipped:
        drafts = [d for d in drafts if not any(low <= d.start < high for low, high in skipped)]
    words = _vocabulary_words(norm.lower())
    hits = set(words)
    # "24.1 billion" was read whole by the digit pass; only other number words need the word pass.
    if hits and not (hits <= _EN_SCALE_WORDS and len(words) <= sum(d.scale is not None for d in drafts)):
        covered = skipped + [(d.start, d.end) for d in drafts]
        drafts.extend(_en_word_drafts(norm, _first_number_word(norm, begin, hits), covered, _EN_PASS_WORDS))
        drafts.sort(key=lambda draft: draft.start)
    _merge_ranges(drafts, norm, _EN_RANGE_GAP)
    return drafts


# --- plain values: the reading of most texts, told without the readers --------------------------------
#
# Most numbers in a catalog are plain: "卷7798", "2024 年", "vol. 7798". For a text whose every number is
# plain, _plain_zh_numbers / _plain_en_numbers give the keys (_value_key) of what the readers above read,
# from one scan and no draft object; for any other text they give None and the readers are asked.
# Each rule below names the reader's behaviour it stands on; the property tests in tests/test_numbers.py
# hold the two to the same values.

_ASCII_DIGITS = frozenset("0123456789")
_NUMBER_SPACES = frozenset(" \u00a0\u2009\u202f")      # _SP
_ZH_VAGUE_AFTER = frozenset("多餘余")                     # more1 / more2 / cpost
_ZH_CN_RUN_BREAKERS = frozenset("點点多餘余幾几")          # a decimal mark or a vague suffix after a numeral
_ZH_CN_PREFIXES = frozenset("數数幾几")                   # cpre that makes a numeral vague (上 never does here)
# Characters that make a Chinese text not plain unless a number just read takes them in (a percent sign,
# 千/萬/億 after it): units and scales (whose reading multiplies and spreads over ranges), the percent sign,
# @handles, and the full-width forms _normalise rewrites.
_PLAIN_NEVER = "@%" + "".join(_CN_SMALL_VALUE) + "".join(_CN_BIG_VALUE) + "".join(_FULLWIDTH_MAP)
# One scan finds every run of digits or Chinese digits, and every such character (each starts a run, which
# may go on with digits). \d, not [0-9]: the readers' \d reads any decimal digit, and a non-ASCII one makes
# the text not plain.
_ZH_PLAIN_RUN = re.compile(f"[\\d{re.escape(_CN_DIGITS + _PLAIN_NEVER)}][\\d{_CN_DIGITS}]*")
# English text: the percent sign, @handles, full-width forms, and the two characters whose lower case is ASCII.
_EN_PLAIN_RUN = re.compile(f"[\\d{re.escape('@%' + ''.join(_FULLWIDTH_MAP) + ''.join(LOWERING_TO_ASCII))}][\\d,.]*")
# The same scan for an ASCII text, where \d is [0-9] and neither a full-width form nor LOWERING_TO_ASCII can
# be: a class of ASCII characters alone is one bitmap sre tests each character against, where \d asks every
# character's Unicode category (about half of the scan over an English translation).
_EN_PLAIN_ASCII_RUN = re.compile(r"[0-9@%][0-9,.]*")
_EN_PLAIN_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")   # _NUM, thousands and decimals
_EN_RANGE_BEFORE = re.compile(r"(?:[-–—~][ \u00a0]?|[ \u00a0](?:to|through)[ \u00a0])\Z")   # _EN_RANGE_GAP's end
_MARK_SPACES = frozenset(" \u00a0")   # the one space _ZH_MARKED, _ZH_MONTH and the English percent forms allow
_EN_SCALE_AFTER = re.compile(rf"[ \u00a0]{_EN_SCALE_WORD}\b")   # _EN_DIGIT_TOKEN's scale
_EN_SCALE_INITIALS = frozenset(word[0] for word in _EN_SCALES) | frozenset(word[0].upper() for word in _EN_SCALES)
_DIGIT_RUN = re.compile(r"\d+")
_HANDLE = re.compile(_HANDLE_PATTERN)
_ZH_PLAIN_SCALES = frozenset("千萬万億亿")   # scales read plainly (兆 is read two ways, 百 may open 百分點)
_ZH_AFTER_PLAIN_SCALE = frozenset("兆百多餘余%")   # what makes the scale longer, the amount vague or a percent
_ZH_PERCENT_POINT_OPENINGS = frozenset({"個百", "个百"})   # 3 個百分點
_RANGE_MARKS = frozenset("-–—~至到")   # the marks _ZH_RANGE_GAP and _EN_RANGE_GAP join the ends of a range by
_SPACE_OR_HYPHEN = frozenset(" -")
_QUARTER_LETTERS = frozenset("QH")
_QUARTERS = frozenset("1234")
_MAY_OPEN_LIST_MARKER = frozenset(" \t0123456789")
# bytes.translate table: ASCII letters lower-cased, every other byte a space, so split() gives the text's
# [a-z]+ words as _vocabulary_words reads them (non-ASCII characters never lower-case into ASCII letters but
# LOWERING_TO_ASCII, which make a text not plain).
_ASCII_WORD_BYTES = bytes(b + 32 if 65 <= b <= 90 else b if 97 <= b <= 122 else 32 for b in range(256))
_EN_VOCABULARY_BYTES = frozenset(word.encode() for word in _EN_VOCABULARY)
# Number words that, however they are joined (twenty-one, ninety-ninth point five), read below 100 or vague:
# no scale, hundred or dozen, which multiply, and no "a" starts a number without one of those.
_EN_WORDS_BELOW_100 = frozenset(
    [*_EN_UNITS, *_EN_TENS, *(word for word, value in _EN_ORDINALS.items() if value < 100), *_EN_PLURAL_BOUNDS,
     *_EN_ALONE, *(name.lower() for name in _EN_MONTHS)])
# Number words the word pass reads each as a number of its own wherever it stands, when no other kind of word
# is in the text and no "point": no tens word (twenty one), hundred, dozen or scale (which go on a number, or
# let "and" or "a" do so), and "point" is the only other word that joins a number word to the next
# (_EN_CONTINUES). A unit or teen word (three, eleventh), a word alone (twice), a month name (as written,
# and May only as a date) or a plural bound (hundreds: vague, no key).
# What every vocabulary word outside _EN_WORDS_BELOW_100 holds (hundred, hundredth, dozen, thousand, million,
# billion, trillion and their ordinals): a text without any of them has no such word (the property test ties them).
_EN_MULTIPLIER_STEMS = ("hundred", "dozen", "thousand", "illion")
_EN_WORDS_READ_ALONE = frozenset(
    [*_EN_UNITS, *(word for word, value in _EN_ORDINALS.items() if value < 20), *_EN_PLURAL_BOUNDS, *_EN_ALONE,
     *(name.lower() for name in _EN_MONTHS)])
# Words that multiply what is before them (_en_number_words' "hundred" class), read as their value where no
# number word goes on them, and the articles that multiply 1 ("a hundred": 100, as "hundred" alone).
_EN_LONE_MULTIPLIERS = {"hundred": 100, "dozen": 12}
_EN_ARTICLES = frozenset({"a", "an"})
_EN_WORDS_READ_ALONE_OR_MULTIPLYING = _EN_WORDS_READ_ALONE.union(_EN_LONE_MULTIPLIERS)


# A text's quantities as value keys (_value_key): those written with digits, and the others (number words,
# counted Chinese digits), which the matching never reports as added; then the digits each of the first
# list is written with (_number_text: what a source version is looked up by), and which of them are
# versions (their indices: Veo 2, Gen-3, AI1.6, 可靈 1.6); and the identifiers it holds (SU7), as _identifier_key
# spells them.
_PlainNumbers = tuple[list[str], list[str], list[str], list[int], list[str]]


def _value_key(q: Quantity | _Draft) -> str:
    """A quantity's category and value as one string: equal strings, equal (_category, value) pairs."""
    digits = _decimal_key(q.value)
    return "%" + digits if q.kind == "percent" else digits


# What a source asks of a translation read plainly (_plain_plan): its exact amounts (sorted value keys), the
# digits of its versions, the value keys of its vague amounts' round figures, and its identifiers
# (_identifier_key).
_PlainPlan = tuple[list[str], tuple[str, ...], frozenset[str], tuple[str, ...]]


def _plain_plan(quantities: Sequence[Quantity | _Draft]) -> _PlainPlan | None:
    """What _matched asks of a translation for quantities that are all exact amounts (paired by value),
    versions with a value (looked up by their digits) or vague amounts (which only excuse a number of their
    round figure) or identifiers (looked up by their spelling); None when one is read two ways, a version
    without a value (1.2.3) or a version written as another is (left to the general matching)."""
    keys = []
    versions = []
    identifiers = []
    bounds: set[str] = set()
    for q in quantities:
        if q.vague:
            bounds.update(_decimal_key(value) for value in q.ambiguous)
        elif q.kind == "identifier":
            identifiers.append(_identifier_key(q.text))
        elif q.value is None or q.ambiguous:
            return None
        elif q.kind == "version":
            versions.append(_number_text(q))
        else:
            keys.append(_value_key(q))
    if len(set(versions)) != len(versions):
        return None
    keys.sort()
    return keys, tuple(versions), frozenset(bounds), tuple(identifiers)


def _list_marker_end(text: str) -> int:
    if text[:1] in _MAY_OPEN_LIST_MARKER:
        marker = _LIST_MARKER.match(text)
        if marker:
            return marker.end()
    return 0


def _plain_zh_numbers(text: str, below_100: bool = True) -> _PlainNumbers | None:
    """What ``_zh_drafts(text)`` reads, as value keys, for a text whose numbers are plain: ASCII numbers
    (integers, decimals, a percentage, an amount with 千/萬/億 after it) that no letter glued on (but a
    version's: AI1.6), thousands comma, vague mark, two-digit year read two ways (24 年) or range with a
    scaled end touches, single Chinese digits that read as nothing (the article 一) or as a counted digit
    (兩個, a key without digits), and two Chinese digits no counter follows (一一: nothing); None for any
    other text. A number after Latin letters (Veo 2, Gen-3) or a decimal (可靈 1.6) that
    no counter or date mark follows is a version. (``below_100``: as _plain_en_numbers takes it; read all
    the same.)"""
    if "://" in text or "www." in text:
        return None
    digit_keys: list[str] = []
    word_keys: list[str] = []
    texts: list[str] = []
    versions: list[int] = []
    identifiers: list[str] = []
    read_to = 0   # the end of what the last number took in (its fraction, percent sign or scale); the scan
    # finds those characters again (a run may go on with digits after them: then the number is not plain),
    # or of the last @handle
    found_to = _list_marker_end(text)
    for run in _ZH_PLAIN_RUN.findall(text, found_to):
        start = text.find(run, found_to)   # (where findall found it: no run starts in between; cheaper than finditer)
        end = found_to = start + len(run)
        if start < read_to:
            if end > read_to:
                return None   # digits right after a scale, a percent sign or a fraction
            continue
        if run[0] == "@":
            handle = _HANDLE.match(text, start)   # _ZH_TOKEN's skip: nothing before it reaches into it
            if (handle.end() if handle is not None else start + 1) < end:
                return None   # digits go on after it (@1一, @一)
            if handle is not None:
                read_to = handle.end()
            continue
        if run == "一":
            # the article unless it is a month (一月), an ordinal (第一), vague (數一) or part of a numeral
            after = text[end:end + 2]
            if after[:1] in _ZH_CN_RUN_BREAKERS or text[start - 1:start] in _ZH_CN_PREFIXES \
                    or "第" in text[max(0, start - 2):start] \
                    or after[:1] == "月" or (after[:1] in _MARK_SPACES and after[1:2] == "月"):
                return None
        elif run[0] in _ASCII_DIGITS:
            if not run.isascii():
                return None   # a Chinese digit or a non-ASCII digit glued on
            before = text[start - 1:start]
            if before == ".":
                return None   # a dotted number's end
            glued = before in _ASCII_LETTERS   # AI1.6 (a version), SU7 (an identifier)
            after_latin = glued or (before in _SPACE_OR_HYPHEN and start >= 2 and text[start - 2] in _ASCII_LETTERS)
            number = run
            after = text[end:end + 3]
            if after[:1] == "." and after[1:2].isdecimal():
                fraction = _DIGIT_RUN.match(text, end + 1)
                number = text[start:fraction.end()]
                end = read_to = fraction.end()
                after = text[end:end + 3]
                if not number.isascii() or after[:1] == "." and after[1:2].isdecimal():
                    return None   # 1.2.3 is a version
            mark = after[:1]
            if mark in _ASCII_LETTERS or mark in _ZH_VAGUE_AFTER or (mark == "," and after[1:2].isdecimal()):
                return None   # 4K, 100多, 1,000
            if glued:
                # _ZH_TOKEN reads letters, digits and a fraction as one identifier (_identifier): a version
                # when it is letters then a decimal, unless the letters are a quarter (Q1) or a currency
                # code (RMB1.6), which _SKIP and _QUARTER read first
                letters = start - 1
                while letters and text[letters - 1] in _ASCII_LETTERS:
                    letters -= 1
                name = text[letters:start]
                if name in _QUARTER_LETTERS or name.upper() in _EN_CURRENCY_CODES:
                    return None   # (a digit before the letters has been refused: a letter follows it)
                if "." not in number:
                    identifiers.append(_identifier_key(text[letters:end]))   # SU7
                    continue
                versions.append(len(digit_keys))
                digit_keys.append(_decimal_key(Decimal(number)))
                texts.append(number)
                continue
            at = end   # where what follows the number starts, after one space at most
            if mark in _NUMBER_SPACES:
                at += 1
                mark = after[1:2]
                if mark in _ZH_VAGUE_AFTER:
                    return None
            if mark == "%" or mark in _ZH_PLAIN_SCALES:
                if _RANGE_MARKS.intersection(text[max(0, start - 3):start]):
                    return None   # 1-2 萬, 10-20%: the scale or the sign is both ends'
                read_to = at + 1
                if mark == "%":
                    key = "%" + _decimal_key(Decimal(number))
                else:
                    while text[read_to:read_to + 1] in _ZH_PLAIN_SCALES:
                        read_to += 1
                    tail = text[read_to:read_to + 3]
                    if tail[:1] in _ZH_AFTER_PLAIN_SCALE or tail[:2] in _ZH_PERCENT_POINT_OPENINGS or (
                            tail[:1] in _NUMBER_SPACES and (tail[1:2] in _ZH_AFTER_PLAIN_SCALE
                                                            or tail[1:3] in _ZH_PERCENT_POINT_OPENINGS)):
                        return None   # 3 萬多, 5萬兆, 3萬 %, 3萬個百分點: not a plain amount
                    key = _decimal_key(Decimal(number) * _scale_of(text[at:read_to]))
                if _glued_to_number_end(text, read_to):
                    return None   # the reader backs off to a shorter reading
                digit_keys.append(key)
                texts.append(number)
                continue
            if "." in number:
                found = _ZH_MARKED.match(text, end)
                if _zh_kind_after(text, end, found.lastgroup if found else None) is None \
                        and not _ordinal_before(text, start):
                    versions.append(len(digit_keys))   # 可靈 1.6: only a counter or a date mark makes it an amount
                digit_keys.append(_decimal_key(Decimal(number)))
                texts.append(number)
                continue
            if mark == "年":
                if text[at + 1:at + 2] == "代":
                    return None   # 90 年代: the decade readings
                if len(run) == 2:
                    # 20 年: a year or a count, as _zh_arabic reads it (_year_reading, where the mark is the
                    # one _ZH_MARKED takes); read two ways, or after 第, it is left to the reader
                    found = _ZH_MARKED.match(text, end)
                    if found is None or found.lastgroup != "year" or _ordinal_before(text, start):
                        return None
                    value, _, alternatives = _year_reading(run, text, start, end)
                    if alternatives:
                        return None
                    digit_keys.append(_decimal_key(value))
                    texts.append(run)
                    continue
            if after_latin and not _ZH_MARKED.match(text, end):
                versions.append(len(digit_keys))   # Veo 2, Gen-3 (_LATIN_BEFORE): no mark makes it an amount
            digit_keys.append(run.lstrip("0") or "0")
            texts.append(run)
        elif run[0] in _CN_DIGIT_VALUE:
            after = text[end:end + 1]
            if len(run) > 2 or after in _ZH_CN_RUN_BREAKERS or text[start - 1:start] in _ZH_CN_PREFIXES \
                    or "第" in text[max(0, start - 2):start]:
                return None   # 一二三, 三點五, 三多, 數三, 第三
            if len(run) == 2:
                # two Chinese digits (一一, 三四) read as nothing (_zh_chinese) unless a counter makes them
                # vague (三四家: "three or four")
                if run[1] not in _CN_DIGIT_VALUE or _ZH_COUNTER.match(text, end):
                    return None
                continue
            if run in _SINGLE_COUNTABLE and _ZH_COUNTER.match(text, end) and not text.startswith(_ZH_IDIOMS, start):
                word_keys.append(str(_CN_DIGIT_VALUE[run]))   # 兩個; any other single digit reads as nothing
        else:
            return None   # a unit or scale of no number, a percent sign, an @, a full-width form, ...
    return digit_keys, word_keys, texts, versions, identifiers


def _glued_to_number_end(text: str, at: int) -> bool:
    """Whether ``_END_OF_NUMBER`` fails at ``at`` (an ASCII letter or digit, or a decimal mark and a digit)."""
    mark = text[at:at + 1]
    return mark in _ASCII_LETTERS or mark in _ASCII_DIGITS or (mark == "." and text[at + 1:at + 2].isdecimal())


def _decimal_key(value: Decimal) -> str:
    """_value_key of a number quantity of this value."""
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _plain_en_numbers(text: str, below_100: bool = True) -> _PlainNumbers | None:
    """What ``_en_drafts(text)`` reads, as value keys (vague amounts left out), for a text whose numbers
    written with digits are plain: ASCII numbers (thousands grouped or not, decimals, a percentage with %, an
    amount with a scale word after it) that no letter (but a version's: AI1.6, Gen-3), apostrophe or range with
    a scaled end touches; its number words are read by the word pass, and must hold no scale word after
    "point" (the only word amount that spreads over a range). None for any other text.

    ``below_100`` False: the caller asks for no amount below 100 (compare for a source without one), so
    number words that can only read below 100 (no "a", scale, hundred or dozen among them) are not read
    (their keys would be left out anyway)."""
    if "://" in text or "www." in text:
        return None
    digit_keys: list[str] = []
    texts: list[str] = []
    versions: list[int] = []
    identifiers: list[str] = []
    # the spans of amounts with a scale word and of @handles, whose words the word pass skips
    covered: list[tuple[int, int]] = []
    scaled = 0
    begin = _list_marker_end(text)
    read_to = 0   # the end of the last percent sign or @handle
    found_to = begin
    for run in (_EN_PLAIN_ASCII_RUN if text.isascii() else _EN_PLAIN_RUN).findall(text, begin):
        start = text.find(run, found_to)   # (as in _plain_zh_numbers)
        found_to = start + len(run)
        if start < read_to:
            if found_to > read_to:
                return None
            continue
        if run[0] == "@":
            handle = _HANDLE.match(text, start)   # _SKIP_SPANS (a handle is all it can be: no URL here)
            if handle is not None:
                if handle.end() < found_to:
                    return None   # @1,000: digits go on after it
                read_to = handle.end()
                covered.append(handle.span())
            continue
        run = run.rstrip(",.")
        end = start + len(run)
        if run[:1] not in _ASCII_DIGITS or not run.isascii() or not (run.isdigit() or _EN_PLAIN_NUMBER.fullmatch(run)):
            return None   # an @, a percent sign of no number, a non-ASCII digit, 5,6, 1.2.3 (ASCII digits alone: \d+)
        before = text[start - 1:start]
        if before == ".":
            return None   # a decimal's end
        after = text[end:end + 2]
        mark = after[:1]
        if mark in _ASCII_LETTERS or mark == "'":
            return None   # 4K, 5bn, 3rd, 1990's
        number = run.replace(",", "") if "," in run else run
        # (a scale word starts with one of its initials: most numbers have none after them)
        scale = _EN_SCALE_AFTER.match(text, end) if mark in _MARK_SPACES and after[1:2] in _EN_SCALE_INITIALS else None
        at = end + 1 if mark in _MARK_SPACES else end
        if before in _ASCII_LETTERS:
            # letters glued on (_en_digit_draft): Q4 is a quarter, RMB5 an amount, AI1.6 the version 1.6 (a
            # decimal nothing scales or makes a percentage), SU7 and AI1.6% identifiers
            letters = start - 1
            while letters and text[letters - 1] in _ASCII_LETTERS:
                letters -= 1
            name = text[letters:start]
            if name.upper() in _EN_CURRENCY_CODES or scale is not None or text[at:at + 1] == "%" \
                    or mark in _MARK_SPACES and after[1:2] == "p" and text.startswith("per", end + 1) \
                    or name in _QUARTER_LETTERS and number in _QUARTERS or "," in run:
                return None   # (SU7,000: the identifier is SU7, and the token took ",000" in)
            if "." not in number:
                identifiers.append(_identifier_key(text[letters:end]))   # SU7, whose words the word pass skips
                covered.append((letters, end))
                continue
            versions.append(len(digit_keys))
            digit_keys.append(_decimal_key(Decimal(number)))
            texts.append(number)
            continue
        if scale is not None or text[at:at + 1] == "%":
            if _EN_RANGE_BEFORE.search(text, max(0, start - 9), start):
                return None   # 5 to 10 million, 10-20%: the scale or the sign is both ends'
            if scale is not None:
                factor = _EN_SCALES[scale.group()[1:].lower()]
                stop = scale.end()
                tail = text[stop:stop + 2]
                if tail[:1] == "%" or tail[:1] in _MARK_SPACES and (
                        tail[1:2] == "%" or tail[1:2] == "p" and text.startswith("per", stop + 1)):
                    return None   # 5 million%
                key = _decimal_key(Decimal(number) * factor)
                covered.append((start, stop))
                scaled += 1
            else:
                stop = read_to = at + 1
                key = "%" + _decimal_key(Decimal(number))
            if _glued_to_number_end(text, stop):
                return None   # the reader backs off to a shorter reading
            digit_keys.append(key)
            texts.append(number)
            continue
        if mark in _MARK_SPACES and after[1:2] == "p" and text.startswith("per", end + 1):
            return None   # 5 per cent, 5 percentage points
        if before == "-" and start >= 2 and text[start - 2] in _ASCII_LETTERS:
            versions.append(len(digit_keys))   # Gen-3 (_en_number)
        digit_keys.append(_decimal_key(Decimal(number)) if "." in number else number.lstrip("0") or "0")
        texts.append(number)
    if not below_100:
        lowered = text.lower()   # (no character of the text lower-cases into ASCII letters: see _EN_PLAIN_RUN)
        if not any(map(lowered.__contains__, _EN_MULTIPLIER_STEMS)):
            # no word a number word is multiplied by: what the words read is below 100 (or vague), and no such
            # amount is wanted (as below, without listing the words: a pure pre-test)
            return digit_keys, [], texts, versions, identifiers
    words = text.encode("utf-8", "surrogatepass").translate(_ASCII_WORD_BYTES).split()
    if _EN_VOCABULARY_BYTES.isdisjoint(words):
        return digit_keys, [], texts, versions, identifiers
    held = _EN_VOCABULARY_BYTES.intersection(words)
    hits = {word.decode() for word in held}
    if hits <= _EN_SCALE_WORDS and sum(map(words.count, held)) <= scaled:
        return digit_keys, [], texts, versions, identifiers   # the scale words the amounts hold: _en_drafts runs no word pass
    if not below_100 and hits <= _EN_WORDS_BELOW_100:
        return digit_keys, [], texts, versions, identifiers   # what these words read is below 100, and no such amount is wanted
    if not identifiers and hits <= _EN_WORDS_READ_ALONE_OR_MULTIPLYING and (
            hits <= _EN_WORDS_READ_ALONE and b"point" not in words
            or not _point_after_hit(lowered := ascii_lower(text), hits) and _multipliers_alone(lowered, hits)):
        # (an identifier's letters may go on a number before it: "two one7" reads 2 and 1)
        return digit_keys, _lone_word_keys(text, begin, hits, covered), texts, versions, identifiers
    word_keys = []
    for draft in _en_word_drafts(text, _first_number_word(text, begin, hits), covered, _EN_PASS_WORDS):
        if draft.scale is not None:
            return None
        if not draft.vague:
            word_keys.append(_value_key(draft))
    return digit_keys, word_keys, texts, versions, identifiers


def _joined_word_before(lowered: str, at: int) -> str:
    """The ``[a-z]+`` word of ``lowered`` (ASCII lower case) that ends before ``at`` as the word pass joins
    words to the next (a hyphen or one or two blanks between), or "" (none, or another gap)."""
    gap_start = at
    while gap_start and at - gap_start < 3 and lowered[gap_start - 1] not in _ASCII_LETTERS:
        gap_start -= 1
    gap = lowered[gap_start:at]
    if not gap_start or not (gap == "-" or 0 < len(gap) <= 2 and not gap.strip()):
        return ""
    word_start = gap_start - 1
    while word_start and lowered[word_start - 1] in _ASCII_LETTERS:
        word_start -= 1
    return lowered[word_start:gap_start]


def _joined_word_after(lowered: str, end: int) -> str:
    """The ``[a-z]+`` word of ``lowered`` that starts after ``end`` as the word pass joins words, or ""."""
    size = len(lowered)
    gap_end = end
    while gap_end < size and gap_end - end < 3 and lowered[gap_end] not in _ASCII_LETTERS:
        gap_end += 1
    gap = lowered[end:gap_end]
    if gap_end == size or not (gap == "-" or 0 < len(gap) <= 2 and not gap.strip()):
        return ""
    word_end = gap_end + 1
    while word_end < size and lowered[word_end] in _ASCII_LETTERS:
        word_end += 1
    return lowered[gap_end:word_end]


def _whole_word_starts(lowered: str, word: str) -> Iterator[int]:
    """Where ``word`` stands as an ``[a-z]+`` word of its own in ``lowered``."""
    size = len(word)
    at = lowered.find(word)
    while at >= 0:
        if lowered[at - 1:at] not in _ASCII_LETTERS and lowered[at + size:at + size + 1] not in _ASCII_LETTERS:
            yield at
        at = lowered.find(word, at + 1)


def _point_after_hit(lowered: str, hits: set[str]) -> bool:
    """Whether a word "point" of ``lowered`` (the text in ASCII lower case) follows one of ``hits`` as the word
    pass joins words: only there may it make a decimal of number words ("three point five"); every other
    "point" ("the entry point", "at this point") leaves the words read alone (no run goes on to it)."""
    return any(_joined_word_before(lowered, at) in hits for at in _whole_word_starts(lowered, "point"))


def _multipliers_alone(lowered: str, hits: set[str]) -> bool:
    """Whether each of ``hits`` in :data:`_EN_LONE_MULTIPLIERS` stands where the word pass reads it as a number
    of its own, its value ("a hundred times", "the hundred days": 100): joined to no word the pass lists
    (_EN_PASS_WORDS) after it, nor before it but "a" or "an" (which multiplies 1)."""
    for word in _EN_LONE_MULTIPLIERS.keys() & hits:
        for at in _whole_word_starts(lowered, word):
            before = _joined_word_before(lowered, at)
            if before in _EN_PASS_WORDS and before not in _EN_ARTICLES \
                    or _joined_word_after(lowered, at + len(word)) in _EN_PASS_WORDS:
                return False
    return True


def _lone_word_keys(text: str, begin: int, hits: set[str], handles: list[tuple[int, int]]) -> list[str]:
    """The value keys of what the word pass reads in ``text`` from ``begin`` on, for a text whose vocabulary
    words (``hits``) are all :data:`_EN_WORDS_READ_ALONE` or multipliers standing alone
    (:func:`_multipliers_alone`), whose words "point" follow none of them (:func:`_point_after_hit`) and whose only spans the pass skips are @handles (``handles``): each
    occurrence standing alone (an ``[A-Za-z]+`` word of its own)
    and starting in no handle is a number of its own (no word in a handle goes on one: "@" or what a handle
    holds stands between, which no number's words are joined by), its key the word's value (a month's only
    where _is_month takes it), in text order as the pass gives them. Without a draft or a list of every word
    of the text (what _en_word_drafts costs)."""
    lowered = ascii_lower(text)
    keys = []
    for word in hits:
        value = _EN_UNITS.get(word)
        if value is None:
            value = _EN_ORDINALS.get(word)
            if value is None:
                value = _EN_ALONE.get(word)
                if value is None:
                    value = _EN_LONE_MULTIPLIERS.get(word)   # else a month name or a plural bound (vague: no key)
        size = len(word)
        at = lowered.find(word, begin)
        while at >= 0:
            end = at + size
            if lowered[at - 1:at] not in _ASCII_LETTERS and lowered[end:end + 1] not in _ASCII_LETTERS \
                    and not any(low <= at < high for low, high in handles):
                original = text[at:end]
                if original in _EN_MONTHS:
                    if _is_month(original, text, at, end):
                        keys.append((at, str(_EN_MONTHS[original])))
                elif value is not None:
                    keys.append((at, str(value)))
            at = lowered.find(word, at + 1)
    if len(keys) > 1:
        keys.sort()
    return [key for _, key in keys]


def _plainly_the_same(plain: _PlainNumbers | None, source: SourceNumbers) -> bool:
    """Whether a translation read plainly (``plain``) holds what the source asks (``source.values``, sorted
    keys of exact amounts; ``source.versions``; ``source.bounds``) as _plainly_matched would pair them: every
    amount the source has, every version's digits, and besides them only quantities it never reports as
    added (a 1, a number word, a version, a round figure of a vague amount)."""
    if plain is None:
        return False
    digit_keys, word_keys, texts, versions, identifiers = plain
    values = source.values
    if versions or source.versions or source.bounds or source.identifiers:
        return _plainly_the_same_with_versions(plain, source)
    if word_keys or "1" in digit_keys:
        wanted = set(values)
        found = [key for key in digit_keys if key != "1" or key in wanted]
        found += [key for key in word_keys if key in wanted]
    else:
        found = digit_keys
    found.sort()
    return found == values


def _plainly_the_same_with_versions(plain: _PlainNumbers, source: SourceNumbers) -> bool:
    """_plainly_the_same where either side has a version or the source a vague amount: each source version
    takes the first number written with its digits (as _matched's take does; left to the general matching
    when one of those is what an amount asks for), and what remains is matched as amounts, versions and
    numbers _matched does not report being left over; each source identifier spelled alike in the
    translation (an identifier not spelled so is left to the general matching; one spelled so is found,
    if not as a token another has not taken, then in the text, where at most it takes a number whose digits
    it has, which then goes unreported)."""
    digit_keys, word_keys, texts, versions, identifiers = plain
    if source.identifiers and not set(source.identifiers).issubset(identifiers):
        return False
    wanted = set(source.values)
    taken = set()
    for digits in source.versions:
        same = [index for index, written in enumerate(texts) if written == digits]
        if not same or any(digit_keys[index] in wanted for index in same):
            return False
        taken.add(same[0])
    found = []
    for index, key in enumerate(digit_keys):
        if index in taken:
            continue
        if key not in wanted:
            if index in versions or key.lstrip("%") == "1" or key.lstrip("%") in source.bounds:
                continue   # _matched reports none such as added
            return False
        found.append(key)   # (a version no source version looks for is taken as an amount, or left unreported)
    found += [key for key in word_keys if key in wanted]
    found.sort()
    return found == source.values


class SourceNumbers:
    """What :func:`compare` needs of one Chinese source text, read once for all its translations
    (:func:`read_source`): ``values``, the sorted value keys of its exact amounts when each of its other
    quantities is a version or a vague amount (None otherwise), ``versions``, the digits of its versions, and
    ``bounds``, the value keys of its vague amounts' round figures (:func:`_plain_plan`); and ``readings``,
    its quantities as :func:`source_readings` reads them, read only when a translation is not plainly the
    same values."""

    __slots__ = ("text", "values", "versions", "bounds", "identifiers", "below_100", "_readings")

    def __init__(self, text: str, plan: _PlainPlan | None, readings: Sequence[Quantity | _Draft] | None) -> None:
        self.text, self._readings = text, readings
        self.values, self.versions, self.bounds, self.identifiers = plan if plan is not None else (None, (), frozenset(), ())
        # whether an English translation's small number words may be what a source amount is matched with
        self.below_100 = self.values is not None and any(map(_below_100, self.values))

    @property
    def readings(self) -> Sequence[Quantity | _Draft]:
        if self._readings is None:
            self._readings = source_readings(self.text)
        return self._readings


def _below_100(key: str) -> bool:
    """Whether a value key is an amount below 100 (an integer's key is its digits without leading zeros)."""
    if key.isdigit():
        return len(key) <= 2
    return not key.startswith("%") and Decimal(key) < 100


def read_source(text: str) -> SourceNumbers:
    """A source's numbers for :func:`compare`: its plain values without reading it when it is plain, else
    its readings and the values they give."""
    plain = _plain_zh_numbers(text)
    if plain is not None:
        digit_keys, word_keys, texts, versions, identifiers = plain
        if not versions:
            values = digit_keys + word_keys
            values.sort()
            return SourceNumbers(text, (values, (), frozenset(), tuple(identifiers)), None)
        written = tuple(texts[index] for index in versions)
        if len(set(written)) == len(written):
            values = [key for index, key in enumerate(digit_keys) if index not in versions] + word_keys
            values.sort()
            return SourceNumbers(text, (values, written, frozenset(), tuple(identifiers)), None)
    readings = source_readings(text)
    return SourceNumbers(text, _plain_plan(readings), readings)


# --- comparison ---------------------------------------------------------------------------------------

def _format_value(q: Quantity, value: Decimal) -> str:
    if q.kind == "percent":
        return f"{_plain(value)}%"
    if q.kind in _PRECISE_KINDS:
        return _plain(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    whole, _, fraction = _plain(value).partition(".")
    return f"{int(whole):,}.{fraction}"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _describe(q: Quantity) -> str:
    """"241 億 = 24,100,000,000", but just "2021" or "25.9%" where the text already says the value."""
    formatted = _format_value(q, q.value)
    bare = _normalise(q.text).replace(",", "").replace(" ", "")
    if bare in (_plain(q.value), f"{_plain(q.value)}%"):
        return q.text
    return f"{q.text} = {formatted}"


def _significant(value: Decimal) -> tuple[int, ...]:
    digits = list(value.normalize().as_tuple().digits)
    while len(digits) > 1 and digits[-1] == 0:
        digits.pop()
    return tuple(digits)


def _category(q: Quantity) -> str:
    return "percent" if q.kind == "percent" else "number"


def _number_text(q: Quantity) -> str:
    found = _FIRST_NUMBER.search(_normalise(q.text))
    return found.group().replace(",", "") if found else q.text


def _identifier_key(text: str) -> str:
    """How an identifier is looked up: SU7, su7 and "SU 7" alike."""
    return _IDENT_NOISE.sub("", _normalise(text).casefold())


def _is_soft(q: Quantity) -> bool:
    """A lost "1 個月" / "第一" is usually the article "a" / "the first"; worth a look, not an error."""
    return q.value == 1 and q.kind in ("count", "ordinal", "day", "number")


def _match_identifiers(identifiers: list[Quantity], targets: list[_Draft], translation: str,
                       used: list[bool], by_text: dict[str, list[int]],
                       findings: list[tuple[int, NumberFinding]]) -> None:
    """SU7 is found as SU7, su7 or "SU 7" (then the translation's 7 belongs to it, not to an added number)."""
    normal = _identifier_key
    spelled = {}
    for index, t in enumerate(targets):
        if t.kind in ("identifier", "version") and t.value is None:
            spelled.setdefault(normal(t.text), []).append(index)
    haystack = normal(translation)
    for q in identifiers:
        wanted = normal(q.text)
        same = [i for i in spelled.get(wanted, ()) if not used[i]]
        if same:
            used[same[0]] = True
        elif wanted in haystack:
            for digits in _FIRST_NUMBER.findall(_normalise(q.text)):
                for index in by_text.get(digits.replace(",", ""), ()):
                    if not used[index]:
                        used[index] = True
                        break
        else:
            findings.append((q.start, NumberFinding("warning", f"{q.text}: not found in translation", q.text)))


def compare(source: str, translation: str, target_locale: str,
            sources: Sequence[Quantity] | SourceNumbers | None = None) -> list[NumberFinding]:
    """Findings for every source quantity the translation does not carry with the same value.

    Quantities are matched as multisets: each exact source quantity consumes one translation quantity of
    equal value (a percentage only another percentage); versions must reappear verbatim; identifiers are
    looked up in the translation text. Vague amounts never give an error; a number read two ways (24 年 =
    2024 or 24 years) gives a warning when only the less likely reading is found. Numbers only the
    translation has are warnings, except words and values a vague source amount may account for.

    ``sources``: ``read_source(source)``, ``read_zh(source)`` or ``source_readings(source)`` when the caller
    already has it (every locale shares the source).

    A source whose quantities are all exact amounts and a translation whose numbers are plain
    (``_plain_en_numbers`` / ``_plain_zh_numbers``) holding the same values have nothing to report: that is
    told from the two lists of values, without reading the translation.
    """
    language = language_of(target_locale)
    if language == "en":
        read_target, read_plainly = _en_drafts, _plain_en_numbers
    elif language == "zh":
        read_target, read_plainly = _zh_drafts, _plain_zh_numbers
    else:
        raise ValueError(f"no number reader for locale {target_locale!r}: expected en* or zh*")
    if sources is None:
        sources = read_source(source)
    elif not isinstance(sources, SourceNumbers):
        sources = SourceNumbers(source, _plain_plan(sources), sources)
    if sources.values is not None and _plainly_the_same(read_plainly(translation, sources.below_100), sources):
        return []
    sources = sources.readings
    if not sources and not _DIGIT.search(translation):
        return []   # nothing to lose, and only numbers written with digits count as added
    # The translation's quantities stay drafts: compare only tests their values for equality, which does
    # not depend on the canonical form a Quantity would print, and needs their text only as written.
    targets = read_target(translation)
    if not sources and not targets:
        return []
    for t in targets:
        t.text = translation[t.start:t.end].strip()
    if _plainly_matched(sources, targets):
        return []
    return _matched(source, translation, sources, targets)


def _plainly_matched(sources: Sequence[Quantity], targets: list[_Draft]) -> bool:
    """Whether :func:`_matched` pairs every source quantity and leaves no translation quantity it would
    report (most correct translations), told without its tables: each source quantity is an exact amount
    (no identifier, vague or two-way reading) or a version whose digits a translation quantity has (the
    first such is the one it takes); the translation's other quantities are the amounts' very values, each
    exact, besides some no amount asks for and none is reported for ("one", a version, an identifier)."""
    wanted = []
    versions = []
    for q in sources:
        if q.vague or q.value is None or q.ambiguous or q.kind == "identifier":
            return False
        if q.kind == "version":
            versions.append(_number_text(q))
        else:
            wanted.append((_category(q), q.value))
    keys = set(wanted)
    if versions:
        if len(set(versions)) != len(versions):
            return False   # two versions alike: left to _matched
        by_text: dict[str, list[_Draft]] = {}
        for t in targets:
            if t.value is not None and not t.vague and _DIGIT.search(t.text):
                by_text.setdefault(_number_text(t), []).append(t)
        taken = []
        for digits in versions:
            same = by_text.get(digits)
            if not same:
                return False
            if any((_category(t), t.value) in keys for t in same):
                return False   # an amount before it in the source may take its target first: left to _matched
            taken.append(same[0])   # what _matched's take() gives it
        targets = [t for t in targets if not any(t is each for each in taken)]
    found = []
    for t in targets:
        if t.value is None or t.vague:
            continue   # never matched by value, never reported as added
        key = (_category(t), t.value)
        if key not in keys and (t.kind == "version" or t.value == 1 or not _DIGIT.search(t.text)):
            continue   # no amount takes it, and _matched reports none such as added
        if t.kind == "version":
            return False
        found.append(key)
    return wanted == found or sorted(wanted) == sorted(found)


def _matched(source: str, translation: str, sources: Sequence[Quantity], targets: list[_Draft]
             ) -> list[NumberFinding]:
    """compare's findings once both texts are read (the translation's drafts with their text set)."""
    pool: dict[tuple[str, Decimal], list[int]] = {}
    by_text: dict[str, list[int]] = {}
    # Only versions and identifiers are looked up by their digits as written.
    by_digits = any(not q.vague and (q.value is None or q.kind in ("identifier", "version")) for q in sources)
    for index, q in enumerate(targets):
        if q.value is None or q.vague:
            continue
        pool.setdefault((_category(q), q.value), []).append(index)
        if by_digits and _DIGIT.search(q.text):
            by_text.setdefault(_number_text(q), []).append(index)
    used = [False] * len(targets)

    def take(indices: list[int] | None) -> int | None:
        for index in indices or ():
            if not used[index]:
                used[index] = True
                return index
        return None

    findings: list[tuple[int, NumberFinding]] = []
    missing: list[Quantity] = []
    vague_bounds: set[Decimal] = set()
    ambiguous_sources: list[Quantity] = []
    identifiers: list[Quantity] = []

    # Versions first: "1.6" must be the translation's own "1.6", never a count that happens to be 1.6.
    for q in sources:
        if q.vague:
            vague_bounds.update(q.ambiguous)
        elif q.kind == "identifier" or q.value is None:
            identifiers.append(q)
        elif q.kind == "version":
            if take(by_text.get(_number_text(q))) is None:
                findings.append((q.start, NumberFinding(
                    "error", f"version {q.text}: not found verbatim in translation", q.text)))
        elif q.ambiguous:
            ambiguous_sources.append(q)
        elif take(pool.get((_category(q), q.value))) is None:
            missing.append(q)

    for q in ambiguous_sources:
        if take(pool.get((_category(q), q.value))) is not None:
            continue
        for alternative in q.ambiguous:
            found = take(pool.get((_category(q), alternative)))
            if found is not None:
                findings.append((q.start, NumberFinding(
                    "warning", f"{q.text}: read as {_format_value(q, q.value)} but the translation has "
                    f"{targets[found].text}; check which is meant", q.text)))
                break
        else:
            missing.append(q)

    if identifiers:
        _match_identifiers(identifiers, targets, translation, used, by_text, findings)

    cited: set[int] = set()
    for q in missing:
        near_indices = [i for i, t in enumerate(targets)
                        if not used[i] and t.value is not None and _category(t) == _category(q)
                        and _DIGIT.search(t.text)
                        and _significant(t.value) == _significant(q.value)]
        cited.update(near_indices)
        near = [targets[i].text for i in near_indices]
        shown = _describe(q)
        if q.ambiguous:
            shown += "".join(f" (or {_format_value(q, v)})" for v in q.ambiguous)
        message = f"{shown}: not found in translation"
        if near:
            message += f" (found {', '.join(near)})"
        findings.append((q.start, NumberFinding("warning" if _is_soft(q) else "error", message, q.text)))

    extra_start = len(source) + 1
    for index, t in enumerate(targets):
        if used[index] or index in cited or t.value is None or t.vague or t.kind == "version":
            continue
        if not _DIGIT.search(t.text) or t.value in vague_bounds or t.value == 1:
            continue   # "one", "June", "a hundred" for 一百多: renderings, not added facts
        findings.append((extra_start + t.start, NumberFinding(
            "warning", f"{t.text}: in translation but not in source", t.text)))

    findings.sort(key=lambda pair: pair[0])
    return [finding for _, finding in findings]

"""zh-Hant (Taiwan) -> zh-Hans (mainland) drafting: locked terms, OpenCC ``tw2sp``, GB/T 15834 punctuation.

Order, and why:

1. Project phrases (``phrases.csv``) and glossary zh_Hans renderings are found first (one leftmost-longest
   pass over both; a glossary term wins a tie) and *locked*: their output is final, neither OpenCC nor the
   punctuation pass touches it. The phrase table corrects what OpenCC gets wrong for our texts (透過 stays
   透过 under tw2sp; 核心 becomes 内核), the glossary pins names (可靈 -> 可灵, 威爾史密斯 -> 威尔·史密斯).
2. OpenCC ``tw2sp`` (Taiwan phrases -> mainland phrases; the installed config is ``tw2sp.json``) converts the
   text between locked spans. Each zh-Hant span is converted exactly once and zh-Hans output is never fed
   back: tw2sp is not idempotent (無序列表 -> 无序列表 -> 无串行表).
3. The GB/T 15834-2011 punctuation pass for horizontal text (:func:`normalise_punctuation`).
"""
from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import EngineError, GlossaryError
from l10n.glossary import Glossary, Matcher
from l10n.lang import CJK_PUNCTUATION, HAN_IDEOGRAPHS, SHARED_PUNCTUATION, quote_conversion, quotes
from l10n.draft.protect import source_markup
from l10n.markup import DEFAULT_MACRO_PATTERNS

OPENCC_CONFIG = "tw2sp"
TARGET_COLUMN = "zh_Hans"


@dataclass(frozen=True)
class ZhHansResult:
    text: str
    overrides: tuple[str, ...]  # e.g. ("phrase 透過->通过", "glossary 可靈->可灵"), first occurrence order


@dataclass(frozen=True)
class Phrase:
    row: int
    source: str
    target: str
    note: str


@dataclass(frozen=True)
class PhraseTable:
    """zh-Hant -> zh-Hans fixes for what OpenCC gets wrong in this project's texts (``phrases.csv``)."""

    phrases: tuple[Phrase, ...] = ()

    def __len__(self) -> int:
        return len(self.phrases)


def load_phrases(path: Path) -> PhraseTable:
    """Read phrases.csv (columns ``zh_Hant,zh_Hans,note``); GlossaryError names the bad row."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryError(f"cannot read the phrase table: {error.strerror or error}", path=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryError(f"not UTF-8 (byte 0x{data[error.start]:02x})", path=path,
                            line=data[:error.start].count(b"\n") + 1, hint="save the file as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    missing = [name for name in ("zh_Hant", "zh_Hans") if name not in header]
    if missing:
        raise GlossaryError(f"missing column(s): {', '.join(missing)}", path=path, line=1,
                            hint="the header is zh_Hant,zh_Hans,note")
    source_at, target_at = header.index("zh_Hant"), header.index("zh_Hans")
    note_at = header.index("note") if "note" in header else None
    phrases: list[Phrase] = []
    first_row: dict[str, int] = {}
    previous_end = reader.line_num
    for record in reader:
        row, previous_end = previous_end + 1, reader.line_num
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        cells += [""] * (len(header) - len(cells))
        source, target = cells[source_at], cells[target_at]
        if not source or not target:
            raise GlossaryError(f"empty {'zh_Hant' if not source else 'zh_Hans'} cell", path=path, line=row)
        if source in first_row:
            raise GlossaryError(f"duplicate phrase {source!r} (first on row {first_row[source]})", path=path,
                                line=row, hint="merge the two rows")
        first_row[source] = row
        phrases.append(Phrase(row, source, target, cells[note_at] if note_at is not None else ""))
    return PhraseTable(tuple(phrases))


def convert(text_hant: str, glossary: Glossary | None = None, phrases: PhraseTable | None = None,
            *, gbt_punctuation: bool = True, quotes: bool = True,
            macros: Sequence[str] = DEFAULT_MACRO_PATTERNS,
            configs: tuple[str, ...] = (OPENCC_CONFIG,), target_column: str = TARGET_COLUMN) -> ZhHansResult:
    """Draft the zh-Hans text of one zh-Hant segment.

    ``gbt_punctuation`` switches the whole GB/T 15834 pass; ``quotes`` only its 「」 -> “” part. Inline
    Markdown that is not prose (code spans, URLs and link destinations, reference labels, HTML tags, footnote
    references, ``macros``) is locked as written: converting ``[列舉數值]`` but not its definition elsewhere in
    the document would break the link, and code is code. ``configs`` are the OpenCC configurations applied in
    order (another target variant: ``("tw2t", "t2hk")``) and ``target_column`` the glossary column whose
    renderings are locked.
    """
    return convert_many([text_hant], glossary, phrases, gbt_punctuation=gbt_punctuation, quotes=quotes,
                        macros=macros, configs=configs, target_column=target_column)[0]


def convert_many(texts: Sequence[str], glossary: Glossary | None = None, phrases: PhraseTable | None = None,
                 *, gbt_punctuation: bool = True, quotes: bool = True,
                 macros: Sequence[str] = DEFAULT_MACRO_PATTERNS, configs: tuple[str, ...] = (OPENCC_CONFIG,),
                 target_column: str = TARGET_COLUMN) -> list[ZhHansResult]:
    """:func:`convert` of each text, with one OpenCC call for the unlocked pieces of all of them.

    Each piece is still converted exactly once and on its own: the pieces go to OpenCC joined by line
    breaks, which no dictionary entry spans (a piece holding a line break is converted alone), and the
    output is split back; should the count of lines differ, every piece is converted alone. Calling OpenCC
    once per piece costs more than converting the text (measured 2-3x on the article).
    """
    matcher = _lock_matcher(glossary, phrases, target_column) if (glossary or phrases) else None
    converter = _opencc_chain(tuple(configs))
    # Locked output is fenced with two noncharacters (not used in interchanged text; any in the input would
    # be dropped) while punctuation is normalised: the fence is a protected token, yet the pass still sees
    # the locked text as a neighbour.
    open_fence, close_fence = (_LOCK_OPEN, _LOCK_CLOSE) if gbt_punctuation else ("", "")
    plans: list[tuple[list[str | int], list[str]]] = []   # per text: pieces (int: index of a converted one)
    unlocked: list[str] = []
    for text_hant in texts:
        locks = matcher.matches(text_hant) if matcher is not None else []
        locks = _with_markup_locks(text_hant, locks, macros)
        pieces: list[str | int] = []
        overrides: list[str] = []
        position = 0
        for start, end, payloads in locks:
            kind, replacement = payloads[0]
            if start > position:
                pieces.append(len(unlocked))
                unlocked.append(text_hant[position:start])
            pieces.append(f"{open_fence}{replacement}{close_fence}")
            original = text_hant[start:end]
            label = f"{kind} {original}->{replacement}"
            # A glossary name written as it stands is no override; a phrase always is (核心->核心 stops
            # OpenCC's 内核).
            if kind != "markup" and (kind == "phrase" or original != replacement) and label not in overrides:
                overrides.append(label)
            position = end
        if position < len(text_hant):
            pieces.append(len(unlocked))
            unlocked.append(text_hant[position:])
        plans.append((pieces, overrides))
    converted = _convert_pieces(converter, unlocked)
    results = []
    for pieces, overrides in plans:
        text = "".join(converted[piece] if isinstance(piece, int) else piece for piece in pieces)
        if gbt_punctuation:
            text = _normalise(text, quotes=quotes).replace(_LOCK_OPEN, "").replace(_LOCK_CLOSE, "")
        results.append(ZhHansResult(text, tuple(overrides)))
    return results


def _convert_pieces(converter, pieces: Sequence[str]) -> list[str]:
    """Each piece converted on its own, in as few OpenCC calls as line breaks allow (see convert_many)."""
    out = list(pieces)
    joinable = [i for i, piece in enumerate(pieces) if "\n" not in piece and "\r" not in piece]
    if joinable:
        lines = converter.convert("\n".join(pieces[i] for i in joinable)).split("\n")
        if len(lines) == len(joinable):
            for i, line in zip(joinable, lines):
                out[i] = line
        else:
            joinable = []
    done = set(joinable)
    for i, piece in enumerate(pieces):
        if i not in done:
            out[i] = converter.convert(piece)
    return out


def _with_markup_locks(text: str, locks: list, macros: Sequence[str]) -> list:
    """The phrase/glossary locks plus the markup's fixed spans (a term inside a code span or a URL is not a
    term there: the markup wins)."""
    fixed = source_markup(text, macros).fixed
    if not fixed:
        return locks
    spans = [(span.start, span.end) for span in fixed]
    kept = [lock for lock in locks if not any(s < lock[1] and lock[0] < e for s, e in spans)]
    return sorted(kept + [(s, e, [("markup", text[s:e])]) for s, e in spans], key=lambda lock: lock[0])


@functools.lru_cache(maxsize=8)
def _lock_matcher(glossary: Glossary | None, phrases: PhraseTable | None,
                  target_column: str = TARGET_COLUMN) -> Matcher:
    needles: list[tuple[str, bool, object]] = []
    if glossary is not None:
        # Glossary first: at an equal span the first payload wins. The source side ignores ASCII case
        # there too, so "kling 1.6" is written as the glossary spells it.
        needles += [(term.source, False, ("glossary", term.renderings[target_column]))
                    for term in glossary.terms if term.renderings.get(target_column)]
    if phrases is not None:
        needles += [(phrase.source, True, ("phrase", phrase.target)) for phrase in phrases.phrases]
    return Matcher(needles)


@functools.cache
def _opencc_config(config: str):
    try:
        import opencc
    except ImportError as error:
        raise EngineError("OpenCC is not installed", hint="pip install opencc") from error
    try:
        return opencc.OpenCC(config)
    except Exception as error:  # the binding raises a bare RuntimeError/Exception for an unknown config
        raise EngineError(f"OpenCC has no configuration {config!r}: {error}",
                          hint="use one of OpenCC's configs, e.g. tw2sp, tw2s, tw2t, t2hk, s2twp") from None


class _Chain:
    """Several OpenCC converters applied in order, with the one-converter interface."""

    def __init__(self, converters: tuple) -> None:
        self.converters = converters

    def convert(self, text: str) -> str:
        for converter in self.converters:
            text = converter.convert(text)
        return text


@functools.cache
def _opencc_chain(configs: tuple[str, ...]):
    converters = tuple(_opencc_config(config) for config in configs)
    return converters[0] if len(converters) == 1 else _Chain(converters)


def _opencc():
    return _opencc_config(OPENCC_CONFIG)


def opencc_version(configs: Sequence[str] = (OPENCC_CONFIG,)) -> str:
    import opencc

    return f"OpenCC {opencc.__version__} {'+'.join(configs)}"


# --- GB/T 15834-2011 punctuation ---------------------------------------------------------------------------

_HAS_HAN = re.compile(f"[{HAN_IDEOGRAPHS}]")
_IS_CJK = re.compile(f"[{HAN_IDEOGRAPHS}{CJK_PUNCTUATION}{SHARED_PUNCTUATION}]")  # Chinese, as the standard means it
_LOCK_OPEN, _LOCK_CLOSE = "\ufdd0", "\ufdd1"
_SPACES = " \t\u00a0"  # the article has no-break spaces after some full stops
_TRANSPARENT = _SPACES + _LOCK_OPEN + _LOCK_CLOSE
_TARGET_QUOTES = quotes(TARGET_COLUMN)
_CORNER_QUOTES = quote_conversion("zh_Hant", TARGET_COLUMN)   # 「 -> “, 」 -> ”, 『 -> ‘, 』 -> ’
_TO_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_DOUBLE_QUOTED = re.compile(r'"([^"\n]*)"')
_PARENTHESISED = re.compile(r"\(([^()\n]*)\)")
_TOKENS = re.compile(
    rf"(?P<keep>{_LOCK_OPEN}[^{_LOCK_CLOSE}]*{_LOCK_CLOSE}"
    r"|`[^`\n]*`|https?://[^\s<>\"'（）「」]+|&#?\w+;|<[^<>\n]+>|\]\([^)\s]*\))"
    r"|(?P<ellipsis>[…⋯]+\.*|\.{3,})"
    rf"|(?P<delim>[{_SPACES}]*[「」『』“”‘’\"()（）][{_SPACES}]*)"
    rf"|(?P<ascii>[{_SPACES}]*[,:;?!]+[{_SPACES}]*)"
    rf"|(?P<full>[{_SPACES}]*(?:[，。、：；？！]|——)[{_SPACES}]*)"
)


def normalise_punctuation(text: str, *, quotes: bool = True) -> str:
    """The GB/T 15834-2011 pass alone, for horizontal zh-Hans text.

    * 「」 -> “”, 『』 -> ‘’ (``quotes``), and ASCII "..." around Chinese -> “...”;
    * ASCII ``, : ; ? !`` next to Chinese (a Han character or CJK punctuation is the nearest non-space
      character on either side) -> ``，：；？！``, a run such as ``?!`` as a whole;
    * a run of ``…``/``...``/``…..`` right after Chinese -> ``……``; ``——`` is kept, without spaces around it;
    * ASCII parentheses around Chinese -> （）;
    * spaces between full-width punctuation and its neighbours are dropped (the mark carries its own
      spacing), except line indentation and trailing spaces before a newline (Markdown hard breaks).

    Inline code, URLs, HTML tags and entities, and Markdown link targets are left alone. The result is a
    fixed point: running the pass on its own output changes nothing.
    """
    return _normalise(text, quotes=quotes)


def _normalise(text: str, *, quotes: bool) -> str:
    # One pass decides from the text as it stands; a conversion can make its neighbour Chinese (":" next
    # to a new "：") or remove the space a decision looked across, so repeat until nothing changes. Every
    # step only converts or deletes, so this ends after a few passes.
    for _ in range(8):
        normalised = _normalise_once(text, quotes)
        if normalised == text:
            break
        text = normalised
    return text


def _normalise_once(text: str, quotes: bool) -> str:
    pairs = _paired_delimiters(text, quotes)

    def replace(match: re.Match[str]) -> str:
        kind = match.lastgroup
        original = match.group()
        if kind == "keep":
            return original
        before, after = _neighbours(text, match)
        if kind == "ellipsis":
            adjacent = text[match.start() - 1] if match.start() else ""
            if adjacent == _LOCK_CLOSE:
                adjacent = before
            return "……" if _IS_CJK.match(adjacent) and adjacent not in "…⋯." else original
        run = original.strip(_SPACES)
        mark_at = match.start() + original.index(run[0])
        if kind == "ascii":
            following = text[mark_at + len(run):mark_at + len(run) + 2]
            if (run[-1] == "!" and following[:1] == "[") or (run[-1] == ":" and following == "//"):
                return original
            if not (_IS_CJK.match(before) or _IS_CJK.match(after)):
                return original
            return _spaced(original, "".join(_TO_FULL_WIDTH[char] for char in run), before, after, always=True)
        if kind == "full":
            return _spaced(original, run, before, after, always=True)
        # delim: quotes and brackets
        if run in _CORNER_QUOTES or run in _TARGET_QUOTES:
            if not quotes:
                return original
            return _spaced(original, _CORNER_QUOTES.get(run, run), before, after, always=False)
        if run in "（）":
            return _spaced(original, run, before, after, always=False)
        replacement = pairs.get(mark_at)
        return _spaced(original, replacement, before, after, always=False) if replacement else original

    return _TOKENS.sub(replace, text)


def _paired_delimiters(text: str, quotes: bool) -> dict[int, str]:
    """Positions of ASCII quotes/parentheses that enclose Chinese, with their full-width replacements."""
    pairs: dict[int, str] = {}
    if quotes:
        for match in _DOUBLE_QUOTED.finditer(text):
            if _HAS_HAN.search(match.group(1)) and text[max(match.start() - 1, 0)] != "=":
                pairs[match.start()], pairs[match.end() - 1] = _TARGET_QUOTES.open, _TARGET_QUOTES.close
    for match in _PARENTHESISED.finditer(text):
        if _HAS_HAN.search(match.group(1)) and text[max(match.start() - 1, 0)] != "]":
            pairs[match.start()], pairs[match.end() - 1] = "（", "）"
    return pairs


def _neighbours(text: str, match: re.Match[str]) -> tuple[str, str]:
    """The nearest characters outside the match, skipping spaces and lock fences ('' at the text edges)."""
    before_at = match.start() - 1
    while before_at >= 0 and text[before_at] in _TRANSPARENT:
        before_at -= 1
    after_at = match.end()
    while after_at < len(text) and text[after_at] in _TRANSPARENT:
        after_at += 1
    return (text[before_at] if before_at >= 0 else "", text[after_at] if after_at < len(text) else "")


def _spaced(original: str, mark: str, before: str, after: str, *, always: bool) -> str:
    """``mark`` with the match's spaces kept or dropped.

    A space is dropped on a side whose neighbour is Chinese (``always``: any neighbour), but never line
    indentation nor spaces before a line end (a Markdown hard break).
    """
    leading = original[:len(original) - len(original.lstrip(_SPACES))]
    trailing = original[len(original.rstrip(_SPACES)):]
    if leading and before not in ("", "\n") and (always or _IS_CJK.match(before)):
        leading = ""
    if trailing and after not in ("", "\n", "\r") and (always or _IS_CJK.match(after)):
        trailing = ""
    return f"{leading}{mark}{trailing}"

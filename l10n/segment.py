"""Markdown document -> blocks -> translation segments, each with its exact place in the source.

A block is one run of text a reader sees: the inline content of a heading, paragraph, list item, table
cell, block quote, GFM alert, footnote or definition list, the value of a configured front-matter key,
or (where the project opts in) a text run inside an HTML block. Its :attr:`Block.text` is the inline
Markdown exactly as written, with container prefixes (``> ``, list indentation) dropped and soft line
breaks normalised (so re-wrapping a paragraph changes no msgid); hard breaks are kept as written.

Each character of the text knows its source offset (computed by matching every content line the parser
produced against its source line, never guessed), so a build can splice a translation into exactly the
range its segment came from and copy every other byte. Segments are the block's sentences; a sentence
never ends inside an inline element (link, image, emphasis, code span, autolink, inline HTML element,
footnote reference, math span) or a protected template macro, whose extents come from markdown-it's own
inline parser (:func:`inline_extents`).
"""
from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from .lang import SHARED_PUNCTUATION, is_cjk, sentence_separator
from .markup import DEFAULT_MACRO_PATTERNS

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def _markdown_it() -> SimpleNamespace:
    """What this module takes from markdown-it-py and its plugins, imported on first use, not with the module:
    loading them maps about 4 MiB, and what imports segment for its types and options (config, catalog: a merge
    of catalogs) often never parses Markdown."""
    from markdown_it import MarkdownIt
    from markdown_it.common.html_re import HTML_TAG_RE
    from markdown_it.common.utils import MD_TRIM_CHARS, mdTrim
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return SimpleNamespace(MarkdownIt=MarkdownIt, HTML_TAG_RE=HTML_TAG_RE, MD_TRIM_CHARS=MD_TRIM_CHARS,
                           mdTrim=mdTrim, plugins=(front_matter_plugin, footnote_plugin, deflist_plugin))


class _KindLabels(dict):
    """Kind -> what the ``#.`` comment says; front-matter kinds name their key (``front matter: title``)."""

    def get(self, kind: str, default: Any = None) -> Any:  # type: ignore[override]
        if kind.startswith(FRONT_MATTER_KIND + ":"):
            return "front matter: " + kind.split(":", 1)[1]
        return super().get(kind, default)


FRONT_MATTER_KIND = "front_matter"
KIND_LABELS = _KindLabels({
    "title": "title",
    "heading": "heading",
    "paragraph": "paragraph",
    "list_item": "list item",
    "credit": "credit line",
    "quote": "block quote",
    "alert": "alert",
    "table_cell": "table cell",
    "footnote": "footnote",
    "definition_term": "definition term",
    "definition": "definition",
    "html": "HTML block text",
})
# Kinds whose whole text is one segment: splitting them would make a translator translate half a title.
SINGLE_SEGMENT_KINDS = frozenset({"title", "heading", "credit", "table_cell", "definition_term"})

DEFAULT_FRONT_MATTER_KEYS = ("title", "description", "summary")
# Template macros (config key protected-patterns): never offered, never split.
DEFAULT_PROTECTED_PATTERNS = DEFAULT_MACRO_PATTERNS

# Punctuation that is CJK when it touches CJK text (ellipsis, dashes, curly quotes are shared with Latin).
_SHARED_PUNCTUATION = frozenset(SHARED_PUNCTUATION)
_ASCII_PUNCT = frozenset(",.;:!?")
_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")

TERMINATORS = frozenset("。！？；?!")
OPENERS = frozenset("「『《（〈【〔(“‘\"")
CLOSERS = frozenset("」』》）〉】〕)”’\"")
_TRAILING_MARKUP = frozenset("*_")
_SPACES = frozenset(" \t\u3000")
# Spans where ?/! are not sentence ends even without inline parsing: URLs, autolinks, inline code, link
# destinations, math.
_PROTECTED = re.compile(r"https?://[^\s<>「」『』《》（）()\"“”]+|<[^<>\s]+>|`[^`]*`|\]\([^)]*\)"
                        r"|\$[^\s$](?:[^$\n]*[^\s$])?\$|\\\(.*?\\\)")
_SPECIAL = re.compile("[" + re.escape("".join(sorted(TERMINATORS | OPENERS | CLOSERS))) + "]")
_SPACE_CHARS = "".join(sorted(_SPACES))
_FINAL_CLOSER_CHARS = "".join(sorted((CLOSERS | _TRAILING_MARKUP) - {'"'}))
_TERMINATOR_CHARS = "".join(sorted(TERMINATORS))


def _may_hold_inline_elements(text: str) -> bool:
    """Whether :func:`inline_extents` may find anything in ``text`` (False: it finds nothing for sure):
    whether it holds a character that may open an inline element whose extent only the inline parser knows,
    or two ``*`` or two ``_`` (those make an element only in pairs: emphasis). Asked with ``in`` and
    ``count``, which scan a line several times faster than a regex character class does."""
    for opener in _INLINE_OPENERS:
        if opener in text:
            return True
    return text.count("*") > 1 or text.count("_") > 1


# What may open an inline element whose extent only the inline parser knows (with * and _ in pairs).
_INLINE_OPENERS = ("`", "[", "<", "~", "\\", "$")


def _may_be_protected(text: str) -> bool:
    """Whether ``text`` holds what starts a :data:`_PROTECTED` span (``<``, a backtick, ``$``, ``](``, ``://``
    or ``\\(``), by ``in`` tests: a regex of these alternatives tries each at every position in turn (4x
    slower on a line of prose)."""
    return ("<" in text or "`" in text or "$" in text or "](" in text or "://" in text or "\\(" in text)


def _holds_terminator(text: str) -> bool:
    """Whether ``text`` holds an end mark (:data:`TERMINATORS`), by one ``in`` test for each."""
    for mark in _TERMINATOR_CHARS:
        if mark in text:
            return True
    return False


CREDIT_LINE = re.compile(r"^(?:[^。！？\n]{0,40}[,，]\s*)?(?:來源|来源|圖片來源|图片来源|Source)\s*[:：]")


def _is_credit(text: str) -> bool:
    """Whether :data:`CREDIT_LINE` matches ``text``: a match holds 源 or Source, which two ``in`` tests find
    in a tenth of the regex's time on the lines (nearly all) that hold neither."""
    return ("源" in text or "Source" in text) and CREDIT_LINE.match(text) is not None


def normalise_soft_breaks(text: str) -> tuple[str, list[int]]:
    """Join the lines of a block's inline source as a reader sees them.

    A soft line break between two CJK characters (or CJK text and CJK punctuation) is removed, elsewhere
    it becomes one space; a hard break (a backslash or two spaces before the line end) is kept as
    written, and so is a line break inside an HTML tag (joining the lines of a tag that starts a line
    would turn it into an HTML block); spaces inside a line are kept as written. Returns the text and,
    for each line break, its offset in the result.
    """
    if "\n" not in text:
        return text, []
    lines = text.split("\n")
    joined, runs = _join_lines([(line, 0) for line in lines], _breaks_inside_tags(text))
    return joined, [start for start, _ in runs[1:]]


def _is_hard_break(line: str) -> bool:
    if line.endswith("  "):
        return True
    backslashes = len(line) - len(line.rstrip("\\"))
    return backslashes % 2 == 1


def _breaks_inside_tags(text: str) -> frozenset[int]:
    """Indices of the lines of ``text`` that continue an HTML tag begun on the line before."""
    if "<" not in text:
        return frozenset()
    kept = set()
    for match in _markdown_it().HTML_TAG_RE.finditer(text):
        if "\n" in match.group(0):
            first = text.count("\n", 0, match.start())
            kept.update(range(first + 1, first + 1 + match.group(0).count("\n")))
    return frozenset(kept)


def _join_lines(lines: Sequence[tuple[str, int]], kept: frozenset[int] = frozenset(),
                ) -> tuple[str, list[tuple[int, int]]]:
    """Join (content line, source offset of its first character) pairs as :func:`normalise_soft_breaks`
    does, returning the text and its runs: (text offset, source offset) where each line starts.
    ``kept``: indices of lines whose preceding break stays as written."""
    out: list[str] = []
    runs: list[tuple[int, int]] = []
    length = 0
    for index, (line, offset) in enumerate(lines):
        if index in kept:
            out.append("\n")
            length += 1
        elif index:
            stripped = line.lstrip(" \t")
            offset += len(line) - len(stripped)
            line = stripped
            previous = out[-1] if out else ""
            if _is_hard_break(previous) and out:
                out.append("\n")
                length += 1
            else:
                if out:
                    trimmed = previous.rstrip(" \t")
                    length -= len(previous) - len(trimmed)
                    out[-1] = trimmed
                before = _context_char("".join(out[-2:]), len("".join(out[-2:])) - 1, -1)
                after = _context_char(line, 0, 1)
                if not _joins_without_space(before, after):
                    out.append(" ")
                    length += 1
        runs.append((length, offset))
        out.append(line)
        length += len(line)
    return "".join(out), runs


def _context_char(text: str, index: int, step: int) -> str:
    """The character that decides the script at a break: ASCII punctuation takes its neighbour's script
    (this article writes ``,`` and ``:`` inside Chinese sentences)."""
    while 0 <= index < len(text) and text[index] in _ASCII_PUNCT:
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _joins_without_space(before: str, after: str) -> bool:
    if not before or not after:
        return True
    left_cjk, right_cjk = is_cjk(before), is_cjk(after)
    if left_cjk and right_cjk:
        return True
    return (left_cjk and after in _SHARED_PUNCTUATION) or (right_cjk and before in _SHARED_PUNCTUATION)


def split_sentences(text: str, protected: Sequence[tuple[int, int]] = ()) -> list[str]:
    """Split text into sentence pieces whose concatenation is exactly ``text``.

    ``。！？；?!`` end a sentence, with any run of them; closing quotes/brackets and trailing spaces stay
    with the sentence they close. Inside quotes or brackets nothing ends a sentence, except that a quote
    which opened the sentence and closes right after an end mark ends it (``「A。」「B。」`` is two).
    Decimals, versions, ``……`` and ``@handles`` hold no end mark; URLs, inline code, ``!`` before ``[``
    and the ``protected`` (start, end) ranges (inline elements, macros) end nothing.
    """
    if not text:
        return []
    if _is_one_sentence(text, protected):
        return [text]
    return _split_at_ends(text, protected)


def _is_one_sentence(text: str, protected: Sequence[tuple[int, int]]) -> bool:
    """Whether :func:`split_sentences` gives ``text`` (not empty) whole, told without the scan: when no end
    mark is left before its final run of them (and the closers but " and spaces kept after them), nothing
    follows an end mark to make a second piece. False: the scan decides."""
    closed = text.rstrip(_SPACE_CHARS).rstrip(_FINAL_CLOSER_CHARS)
    core = closed.rstrip(_TERMINATOR_CHARS)
    if _holds_terminator(core):
        return False
    # no end mark at all (only an end mark ends a sentence), or no protected range that could make one
    return len(core) == len(closed) or (not protected and not _may_be_protected(text))


def _split_at_ends(text: str, protected: Sequence[tuple[int, int]]) -> list[str]:
    """:func:`split_sentences` for a non-empty text, without its shortcuts."""
    ranges = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)] if _may_be_protected(text) else []
    if protected:
        ranges = sorted([*ranges, *protected])
    starts = [start for start, _ in ranges]
    reach: list[int] = []      # furthest end among ranges starting at or before each start
    furthest = -1
    for _, end in ranges:
        furthest = max(furthest, end)
        reach.append(furthest)

    def is_protected(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and reach[k] > i

    pieces: list[str] = []
    start = 0
    depth = 0
    quote_opened_sentence = False
    n = len(text)
    resume = 0          # characters before this offset were consumed by the previous sentence end
    for match in _SPECIAL.finditer(text):
        i = match.start()
        if i < resume or (ranges and is_protected(i)):
            continue
        char = text[i]
        end = -1
        if char in CLOSERS and depth > 0 and not (char == '"' and not _closes_ascii_quote(text, i)):
            depth -= 1
            if depth == 0 and quote_opened_sentence and i > 0 and text[i - 1] in TERMINATORS:
                end = i + 1
        elif char in OPENERS:
            if depth == 0:
                quote_opened_sentence = not text[start:i].strip()
            depth += 1
        elif char in TERMINATORS and depth == 0 and not (char == "!" and text.startswith("[", i + 1)):
            end = i + 1
            while end < n and text[end] in TERMINATORS:
                end += 1
        if end < 0:
            continue
        while (end < n and (text[end] in CLOSERS or text[end] in _TRAILING_MARKUP) and text[end] != '"'
               and not (ranges and is_protected(end))):
            end += 1
        while end < n and text[end] in _SPACES:
            end += 1
        if end < n:
            pieces.append(text[start:end])
            start = end
            quote_opened_sentence = False
        resume = end
    pieces.append(text[start:])
    return [p for p in pieces if p]


def _closes_ascii_quote(text: str, i: int) -> bool:
    """An ASCII ``"`` closes when an odd number of them precede it (it is its own opener and closer)."""
    return text.count('"', 0, i) % 2 == 1


# ---------------------------------------------------------------------------------------------- options

@dataclass(frozen=True)
class SegmentOptions:
    """What a project chooses about segmentation (``[tool.l10n]`` keys in parentheses)."""

    mode: str = "sentence"                                   # segmentation
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS   # front-matter-keys
    html_blocks: bool = False                                # translate-html-blocks
    protected_patterns: tuple[str, ...] = DEFAULT_PROTECTED_PATTERNS  # protected-patterns
    source_locale: str | None = None                         # source-locale: picks the sentence rules

    @property
    def protected_re(self) -> re.Pattern[str] | None:
        return _compile_protected(self.protected_patterns)


@lru_cache(maxsize=16)
def _compile_protected(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.S) if patterns else None


def segment_options(config: Any) -> SegmentOptions:
    """The options of a loaded :class:`~l10n.config.Config` (attributes it lacks keep their defaults)."""
    defaults = SegmentOptions()
    return SegmentOptions(
        mode=getattr(config, "segmentation", defaults.mode),
        front_matter_keys=tuple(getattr(config, "front_matter_keys", defaults.front_matter_keys)),
        html_blocks=bool(getattr(config, "translate_html_blocks", defaults.html_blocks)),
        protected_patterns=tuple(getattr(config, "protected_patterns", defaults.protected_patterns)),
        source_locale=getattr(config, "source_locale", defaults.source_locale),
    )


# ---------------------------------------------------------------------------------------------- blocks

@dataclass(frozen=True)
class Block:
    """One run of translatable inline Markdown and where each of its characters sits in the source."""

    kind: str
    text: str          # inline Markdown, soft breaks normalised
    line: int          # first source line, 1-based
    end_line: int      # last source line, 1-based, inclusive
    prefix: str        # source before the text on its first line ("## ", "1. ", "- ", "> ")
    breaks: tuple[int, ...] = ()
    runs: tuple[tuple[int, int], ...] = ()   # (text offset, source offset) where each content line starts
    protected: tuple[tuple[int, int], ...] = ()   # text ranges where no sentence may end
    encoding: str = "markdown"   # how a translation is written back: markdown, html, yaml-plain, ...

    def line_at(self, offset: int) -> int:
        """Source line of a character offset in :attr:`text`."""
        return self.line + bisect.bisect_right(self.breaks, offset)

    def source_offset(self, offset: int) -> int:
        """Source offset of the character at ``offset`` in :attr:`text`."""
        k = bisect.bisect_right(self.runs, (offset, float("inf"))) - 1
        text_start, source_start = self.runs[max(k, 0)]
        return source_start + offset - text_start

    @property
    def start(self) -> int:
        return self.source_offset(0)

    @property
    def end(self) -> int:
        return self.source_offset(len(self.text) - 1) + 1


@dataclass(frozen=True)
class Segment:
    text: str          # the msgid: a sentence (or a whole block) without surrounding whitespace
    kind: str
    line: int          # source line where the segment starts, 1-based
    block: int         # index of its block in the document
    start: int = 0     # source offsets of the segment's first character and one past its last
    end: int = 0


def configure_markdown(md: MarkdownIt) -> MarkdownIt:
    """The block and inline syntax every parser here shares: CommonMark + GFM tables, strikethrough,
    alerts and task lists, front matter, footnotes, definition lists, CJK-friendly emphasis."""
    from .html import emphasis_cjk

    md.enable(["table", "strikethrough"])
    md.options["alerts"] = True
    md.options["tasklists"] = True   # the [ ] / [x] marker is not part of the item's text
    for plugin in _markdown_it().plugins:
        md.use(plugin)
    md.inline.ruler.at("emphasis", emphasis_cjk)
    return md


def new_markdown_parser() -> MarkdownIt:
    """A new parser of the project's syntax: CommonMark with HTML, as :func:`configure_markdown` extends it."""
    return configure_markdown(_markdown_it().MarkdownIt("commonmark", {"html": True}))


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    parser = new_markdown_parser()
    # Only block structure is needed here; blocks are inline-parsed on demand (inline_extents).
    # Footnote definitions stay in place: footnote_tail would drop them, since only inline parsing
    # counts the references that keep them.
    parser.core.ruler.disable(["inline", "text_join", "footnote_tail"])
    return parser


def _recording(rule: Any) -> Any:
    """Wrap an inline rule so every token it pushes remembers the source range the rule consumed."""
    def recorded(state: Any, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        ok = rule(state, silent)
        if ok and not silent:
            for token in state.tokens[count:]:
                if token.meta is None:
                    token.meta = {}
                token.meta.setdefault("l10n_span", (start, state.pos))
        return ok
    return recorded


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    parser = new_markdown_parser()
    for name in parser.inline.ruler.get_all_rules():
        rule = next(r.fn for r in parser.inline.ruler.__rules__ if r.name == name)
        parser.inline.ruler.at(name, _recording(rule))
    return parser


def parse_inline(text: str, env: dict | None = None) -> list[Token]:
    """Inline tokens of ``text``; each token's ``meta["l10n_span"]`` is the (start, end) it came from."""
    return _inline_parser().inline.parse(text, _inline_parser(), dict(env or {}), [])


_ATOMIC = frozenset({"link_open", "image", "code_inline", "footnote_ref", "math_inline"})
_PAIRED = {"em_close": "em_open", "strong_close": "strong_open", "s_close": "s_open"}
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                        "source", "track", "wbr"})


def inline_extents(text: str, env: dict | None = None) -> list[tuple[int, int]]:
    """(start, end) of every inline element of ``text``: links, images, code spans, autolinks,
    footnote references, emphasis and strikethrough pairs, inline HTML elements (open tag to close tag)."""
    extents: list[tuple[int, int]] = []
    stack: list[Token] = []
    tags: list[tuple[str, int]] = []
    for token in parse_inline(text, env):
        span = (token.meta or {}).get("l10n_span")
        if span is None:
            continue
        if token.type in _ATOMIC:
            extents.append(span)
        elif token.type in ("em_open", "strong_open", "s_open"):
            stack.append(token)
        elif token.type in _PAIRED:
            while stack and stack[-1].type != _PAIRED[token.type]:
                stack.pop()
            if stack:
                extents.append((stack.pop().meta["l10n_span"][0], span[1]))
        elif token.type == "html_inline":
            extents.append(span)
            match = _TAG_NAME.match(token.content)
            if not match or token.content.endswith("/>") or match.group(2).lower() in _VOID_TAGS:
                continue
            name = match.group(2).lower()
            if not match.group(1):
                tags.append((name, span[0]))
            else:
                for depth in range(len(tags) - 1, -1, -1):
                    if tags[depth][0] == name:
                        extents.append((tags[depth][1], span[1]))
                        del tags[depth:]
                        break
    return extents


def html_tags(text: str, env: dict | None = None) -> list[tuple[str, tuple[int, int]]]:
    """The inline HTML the renderer will see in ``text``: (raw tag, (start, end)) in order."""
    if "<" not in text:
        return []
    return [(t.content, t.meta["l10n_span"]) for t in parse_inline(text, env)
            if t.type == "html_inline" and t.meta and "l10n_span" in t.meta]


@dataclass
class _Walk:
    source: str
    lines: list[str]
    line_starts: list[int]
    options: SegmentOptions
    env: dict = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    seen_title: bool = False


def _line_starts(lines: list[str]) -> list[int]:
    """The offset of each line's first character in the text the lines were split from (at "\n")."""
    return list(map(operator.add, itertools.accumulate(map(len, lines[:-1]), initial=0), range(len(lines))))


def _content_runs(walk: _Walk, content: str, first_line: int) -> list[tuple[str, int]] | None:
    """Each content line with the source offset where it starts: every line of the parser's content is
    found at the end of its source line (container prefixes and indentation are what precede it)."""
    out = []
    for k, piece in enumerate(content.split("\n")):
        number = first_line + k
        if number >= len(walk.lines):
            return None
        line = walk.lines[number]
        core = piece.lstrip(" \t")
        if line.endswith(core):
            column = len(line) - len(core)
        else:
            trimmed = line.rstrip(" \t")
            core = core.rstrip(" \t")
            if not trimmed.endswith(core):
                column = line.rfind(core)
                if column < 0:
                    return None
            else:
                column = len(trimmed) - len(core)
        out.append((core if k else piece.lstrip(" \t"), walk.line_starts[number] + column))
    return out


def _heading_runs(walk: _Walk, content: str, line_number: int) -> list[tuple[str, int]] | None:
    line = walk.lines[line_number]
    hashes = re.match(r" {0,3}#{1,6}", line)
    column = line.find(content, hashes.end() if hashes else 0)
    if column < 0:
        return None
    return [(content, walk.line_starts[line_number] + column)]




def _cell_runs(walk: _Walk, row: int, cells: list[str]) -> list[tuple[str, int] | None]:
    """The source text of each cell of a table row (``\\|`` kept as written) and where it starts."""
    line = walk.lines[row]
    base = walk.line_starts[row]
    found: list[tuple[str, int] | None] = []
    pos = 0
    for cell in cells:
        if not cell:
            found.append(None)
            continue
        pattern = re.escape(cell).replace(r"\|", r"\\?\|")
        match = re.compile(pattern).search(line, pos)
        if match is None:
            found.append(None)
            continue
        found.append((match.group(0), base + match.start()))
        pos = match.end()
    return found


def _kind(containers: Sequence[str], heading_tag: str, walk: _Walk, text: str) -> str:
    for container in reversed(containers):
        if container == "heading":
            if heading_tag == "h1" and not walk.seen_title:
                walk.seen_title = True
                return "title"
            return "heading"
        kind = _CONTAINER_KINDS.get(container)
        if kind:
            return kind
    return "credit" if _is_credit(text) else "paragraph"


_CONTAINER_KINDS = {"th": "table_cell", "td": "table_cell", "dt": "definition_term", "dd": "definition",
                    "footnote_reference": "footnote", "alert": "alert", "list_item": "list_item",
                    "blockquote": "quote"}


def _add_block(walk: _Walk, kind: str, runs: list[tuple[str, int]], encoding: str = "markdown",
               first_column_prefix: bool = True) -> None:
    if len(runs) == 1:   # one line: nothing to join
        text, text_runs = runs[0][0], [(0, runs[0][1])]
    else:
        text, text_runs = _join_lines(runs, _breaks_inside_tags("\n".join(line for line, _ in runs)))
    stripped = text.rstrip(" \t")
    if not stripped.strip() or ("{" in stripped and not _has_words(stripped, walk.options)):
        return
    text = stripped
    first = bisect.bisect_right(walk.line_starts, runs[0][1]) - 1
    last = bisect.bisect_right(walk.line_starts, runs[-1][1]) - 1
    prefix = walk.source[walk.line_starts[first]:runs[0][1]] if first_column_prefix else ""
    protected: list[tuple[int, int]] = []
    if encoding == "markdown" and _may_hold_inline_elements(text) and _SPECIAL.search(text):
        protected.extend(inline_extents(text, walk.env))
    pattern = walk.options.protected_re if "{" in text else None
    if pattern is not None:
        protected.extend((m.start(), m.end()) for m in pattern.finditer(text))
    breaks = tuple(start for start, _ in text_runs[1:])
    walk.blocks.append(Block(kind, text, first + 1, last + 1, prefix, breaks, tuple(text_runs),
                             tuple(sorted(protected)), encoding))


def _has_words(text: str, options: SegmentOptions) -> bool:
    """Text a reader sees once macros are taken out (a paragraph that is one ``{{#include}}`` is not)."""
    pattern = options.protected_re
    if pattern is not None and "{" in text:
        text = pattern.sub("", text)
    return bool(text.strip())


# A line that may start (or interrupt a paragraph with) something other than paragraph text: indentation,
# headings, quotes, list markers and rules, setext underlines, fences, HTML, definition lists, reference and
# footnote definitions, tables. Anything else, after a blank line, can only continue or start a paragraph.
_MAYBE_STRUCTURE = re.compile(r"[ \t#>\-+*_=`~<:\[|]|\d{1,9}[.)]")
# A list item on one line: marker, one space, then text (more spaces would change the item's indentation).
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)]) (?![ \t])")
_PLACEHOLDER = "x"
PARAGRAPH, LIST = "paragraph", "list"


def _plain_kind(lines: Sequence[str], first: int, end: int) -> str | None:
    """PARAGRAPH when every line is plain text, LIST when every line is a one-line list item whose text is
    plain, else None (see :data:`_MAYBE_STRUCTURE`)."""
    kind: str | None = PARAGRAPH
    for number in range(first, end):
        line = lines[number]
        if "|" in line:
            return None
        if not _MAYBE_STRUCTURE.match(line):
            if kind == LIST:
                return None
            continue
        marker = _LIST_MARKER.match(line)
        if marker is None or _MAYBE_STRUCTURE.match(line, marker.end()) or (kind == PARAGRAPH and number > first):
            return None
        kind = LIST
    return kind


def _plain_paragraph_runs(lines: Sequence[str], markdown: str | None = None,
                          ) -> dict[int, list[tuple[int, int, str]]]:
    """Runs of consecutive blank-line-separated paragraphs of plain lines, or lists of one-line plain items:
    first line of each run -> its chunks as (first line, end line, PARAGRAPH or LIST).

    Such a paragraph is a top-level paragraph (and such an item a top-level list item) whenever the run's
    first line is at the top level (nothing a paragraph holds outlives the blank line after it), so the
    block parser need not see them: it sees one placeholder line per run, which tells whether the run sits
    at the top level (not in an open fence or HTML block). Not plain: a chunk followed by one that starts
    with ``:`` or ``~`` (it may be a definition term), a list followed by an indented chunk (which would
    continue its last item). ``markdown``: ``"\n".join(lines)``, if the caller has it.
    """
    # The chunks: the runs of lines between blank ones (strip only where a line may be blank), found from the
    # blank lines' numbers by two comprehensions rather than a loop with a branch per line.
    bounds = [-1, *[number for number, line in enumerate(lines) if not line or (line[0] in " \t" and not
                                                                                line.strip(" \t"))], len(lines)]
    chunks = [(after + 1, blank) for after, blank in zip(bounds, bounds[1:]) if blank > after + 1]
    # The lines that may be structure, found in the whole text at once: a chunk without one is plain text,
    # and only a chunk with one is read line by line (most of a book has none).
    structure = _structure_lines("\n".join(lines) if markdown is None else markdown)
    structure_set = set(structure)
    structure.append(len(lines))   # a sentinel after the last line
    next_structure = 0
    runs: dict[int, list[tuple[int, int, str]]] = {}
    current: list[tuple[int, int, str]] | None = None
    for index, (first, end) in enumerate(chunks):
        while structure[next_structure] < first:
            next_structure += 1
        kind = PARAGRAPH if structure[next_structure] >= end else _plain_kind(lines, first, end)
        if kind is not None and index + 1 < len(chunks):
            # Both vetoes need the following line to start with " ", "\t", ":" or "~": a structure line.
            following = lines[chunks[index + 1][0]] if chunks[index + 1][0] in structure_set else ""
            if following.lstrip(" \t")[:1] in (":", "~") or (kind == LIST and following[:1] in (" ", "\t")):
                kind = None
        if kind is None:
            current = None
            continue
        if current is None:
            current = runs[first] = []
        current.append((first, end, kind))
    return runs


# A structure line's start, found after the line break before it (a literal the regex engine scans for fast).
_AFTER_BREAK_STRUCTURE = re.compile(rf"\n(?:{_MAYBE_STRUCTURE.pattern})")


def _structure_lines(markdown: str) -> list[int]:
    """The (sorted) numbers of the lines :func:`_plain_kind` does not take as plain text at once: those
    :data:`_MAYBE_STRUCTURE` matches at their start, and those holding a ``|``."""
    found = {0} if _MAYBE_STRUCTURE.match(markdown) else set()   # the first line has no break before it
    for pattern, after_break in ((_AFTER_BREAK_STRUCTURE, 1), (_PIPE, 0)):
        line = position = 0
        for match in pattern.finditer(markdown):
            line += markdown.count("\n", position, match.start())
            position = match.start()
            found.add(line + after_break)
    return sorted(found)


_PIPE = re.compile(r"\|")


def _without_plain_runs(lines: Sequence[str], runs: dict[int, list[tuple[int, int, str]]],
                        ) -> tuple[str, list[int]]:
    """The document with each plain run replaced by its placeholder line, and for each line of it (and
    its end) the source line it stands for, so the parser's line numbers can be given back."""
    out: list[str] = []
    source_lines: list[int] = []
    number = 0
    for first in sorted(runs):
        out.extend(lines[number:first])
        source_lines.extend(range(number, first))
        out.append(_PLACEHOLDER)
        source_lines.append(first)
        number = runs[first][-1][1]
    out.extend(lines[number:])
    source_lines.extend(range(number, len(lines) + 1))
    return "\n".join(out), source_lines


class _NotPlain(Exception):
    """A placeholder did not come back as a top-level paragraph: parse the whole document instead."""


def parse_blocks(markdown: str, options: SegmentOptions | None = None) -> list[Block]:
    """The document's translatable blocks in source order (code is never translated)."""
    return list(_parse_blocks(markdown, options or SegmentOptions()))


@lru_cache(maxsize=64)
def _parse_blocks(markdown: str, options: SegmentOptions) -> tuple[Block, ...]:
    """Cached: update, check, stale and build each segment the same documents (blocks are immutable)."""
    lines = markdown.split("\n")
    runs = {} if "\r" in markdown or "\0" in markdown else _plain_paragraph_runs(lines, markdown)
    if runs:
        try:
            return _walk_blocks(markdown, lines, options, runs)
        except _NotPlain:
            pass
    return _walk_blocks(markdown, lines, options, {})


Chunks = list[tuple[int, int, str]]   # (first line, end line, PARAGRAPH or LIST) of a plain run


def _walk_blocks(markdown: str, lines: list[str], options: SegmentOptions, runs: dict[int, Chunks],
                 hand_off: tuple[int, int, Callable[[dict, Chunks], None]] | None = None) -> tuple[Block, ...]:
    """The blocks, sorted. ``hand_off``: (first line of a run, chunk index, callback): that run's chunks
    from the index on are not read here but given to ``callback(env, chunks)`` once the block parse has
    filled the environment (see :func:`split_segmentation`)."""
    walk = _Walk(markdown, lines, _line_starts(lines), options)
    if runs:
        reduced, source_lines = _without_plain_runs(lines, runs)
        tokens = _block_parser().parse(reduced, walk.env)
        for token in tokens:
            if token.map:
                token.map = [source_lines[token.map[0]], source_lines[token.map[1]]]
    else:
        tokens = _block_parser().parse(markdown, walk.env)
    kept: Chunks | None = None
    if hand_off is not None:
        first_line, at, callback = hand_off
        kept = runs[first_line][:at]
        callback(walk.env, runs[first_line][at:])
    placeholders = 0
    containers: list[str] = []
    heading_tag = heading_markup = ""
    row_cells: list[tuple[Token, list[str]]] = []   # the cells of the table row being read
    for token in tokens:
        kind = token.type
        if kind == "front_matter":
            _front_matter_blocks(walk, token)
            continue
        if kind == "html_block":
            if options.html_blocks and token.map:
                _html_blocks(walk, token)
            continue
        if kind.endswith("_open"):
            containers.append(kind[:-5])
            if kind == "heading_open":
                heading_tag, heading_markup = token.tag, token.markup
            elif kind == "tr_open":
                row_cells = []
            continue
        if kind.endswith("_close"):
            if containers:
                containers.pop()
            if kind == "tr_close":
                _table_row(walk, row_cells)
            continue
        if kind != "inline" or token.map is None:
            continue
        if containers and containers[-1] in ("th", "td"):
            row_cells.append((token, containers[:]))
            continue
        if runs and token.map[0] in runs:
            if (containers != ["paragraph"] or token.content != _PLACEHOLDER
                    or token.map[1] != runs[token.map[0]][-1][1]):
                raise _NotPlain
            placeholders += 1
            chunks = kept if hand_off is not None and token.map[0] == hand_off[0] else runs[token.map[0]]
            _plain_chunks(walk, chunks)
            continue
        if not token.content.strip():
            continue
        if containers and containers[-1] == "heading" and heading_markup.startswith("#"):
            content_runs = _heading_runs(walk, token.content, token.map[0])
        else:
            content_runs = _content_runs(walk, token.content, token.map[0])
        if content_runs is None:
            continue
        _add_block(walk, _kind(containers, heading_tag, walk, token.content), content_runs)
    if placeholders != len(runs):
        raise _NotPlain
    walk.blocks.sort(key=_block_start)
    return tuple(walk.blocks)


def _block_start(block: Block) -> int:
    """:attr:`Block.start`, without the search when only the first run starts at text offset 0."""
    runs = block.runs
    if len(runs) == 1 or (len(runs) > 1 and runs[1][0] > 0):
        return runs[0][1] if runs[0][0] == 0 else block.start
    return block.start


_PARAGRAPH = ["paragraph"]
_LIST_ITEM = ["bullet_list", "list_item", "paragraph"]


def _plain_chunks(walk: _Walk, chunks: Chunks) -> None:
    if len(chunks) < _MARKS_FOUND_AT_ONCE:
        marked: Collection[int] = range(chunks[0][0], chunks[-1][1]) if chunks else ()
    else:
        marked = _marked_lines(walk, chunks[0][0], chunks[-1][1])
    lines = walk.lines
    trimmed = _markdown_it().MD_TRIM_CHARS
    for first, end, plain in chunks:
        if plain == LIST:
            for number in range(first, end):
                _plain_list_item(walk, number)
        elif end - first > 1:
            _plain_paragraph(walk, first, end)
        elif first in marked:
            _plain_line(walk, first)
        else:
            # _plain_line for a line holding no character that makes it a credit line, an inline element or
            # a macro (most of a book): a paragraph whose text is the whole line, unless there is space to trim.
            line = lines[first]
            if line[0] in trimmed or line[-1] in trimmed or not line.strip():
                _plain_paragraph(walk, first, first + 1)
                continue
            _add_line_block(walk, "paragraph", line, first, 0, ())   # no inline element


# Runs of fewer chunks (most of a book with code and lists: the runs between them) have each line read by
# _plain_line: the eleven searches of _marked_lines cost more than the few lines they would spare it.
_MARKS_FOUND_AT_ONCE = 8
# What _plain_line looks for in a line beyond its ends: a credit line holds 源 or Source (see _is_credit), a macro
# a "{", an inline element one of these characters (see _may_hold_inline_elements).
_LINE_MARKS = ("源", "Source", "{", *_INLINE_OPENERS, "*", "_")


def _marked_lines(walk: _Walk, first: int, end: int) -> frozenset[int]:
    """The numbers of the lines from ``first`` to ``end`` (excluded) that hold one of :data:`_LINE_MARKS`,
    found in their text at once by ``str.find`` (a line of prose rarely holds one)."""
    base = walk.line_starts[first]
    text = walk.source[base:walk.line_starts[end - 1] + len(walk.lines[end - 1])]
    line_starts = walk.line_starts
    marked = set()
    for mark in _LINE_MARKS:
        position = text.find(mark)
        while position >= 0:
            number = bisect.bisect_right(line_starts, base + position) - 1
            marked.add(number)
            position = text.find(mark, line_starts[number + 1] - base) if number + 1 < end else -1
    return frozenset(marked)


SegmentRow = tuple[str, str, int, int, int, int]   # a Segment's fields, in order


def split_segmentation(markdown: str, mode: str, options: SegmentOptions,
                       hand_off: Callable[[dict, Chunks], None], share: float = 0.5,
                       ) -> tuple[list[Segment], int] | None:
    """:func:`segment_document` in two parts, for a document that ends with a long run of plain chunks:
    ``hand_off(env, chunks)`` is given the chunks of its last ``share`` of lines (with the parser's environment)
    to segment elsewhere with :func:`tail_segments`; returns the segments of the rest and how many blocks
    they come from (the tail's blocks follow them), or None (nothing handed off) when the document has no
    such tail or the run turns out not to be plain (the hand-off may have happened: ignore its result)."""
    if "\r" in markdown or "\0" in markdown:
        return None
    lines = markdown.split("\n")
    runs = _plain_paragraph_runs(lines, markdown)
    if not runs:
        return None
    last = max(runs)
    chunks = runs[last]
    if any(line.strip(" \t") for line in lines[chunks[-1][1]:]):   # something follows the run
        return None
    at = bisect.bisect_left([first for first, _, _ in chunks], round(len(lines) * (1 - share)))
    if at >= len(chunks):
        return None
    try:
        blocks = _walk_blocks(markdown, lines, options, runs, (last, at, hand_off))
    except _NotPlain:
        return None
    return segment_blocks(blocks, mode, options), len(blocks)


def tail_segments(markdown: str, mode: str, options: SegmentOptions, env: dict, chunks: Chunks,
                  ) -> list[SegmentRow]:
    """The segments of the handed-off chunks (see :func:`split_segmentation`), their blocks numbered from 0."""
    lines = markdown.split("\n")
    walk = _Walk(markdown, lines, _line_starts(lines), options, env)
    _plain_chunks(walk, chunks)
    walk.blocks.sort(key=_block_start)
    return [(s.text, s.kind, s.line, s.block, s.start, s.end) for s in segment_blocks(walk.blocks, mode, options)]


def joined_segments(own: list[Segment], blocks: int, tail: Iterable[SegmentRow]) -> list[Segment]:
    """``own`` followed by the tail's segments, whose blocks come after the first ``blocks``."""
    return own + [_segment(text, kind, line, block + blocks, start, end)
                  for text, kind, line, block, start, end in tail]


def _plain_paragraph(walk: _Walk, first: int, end: int) -> None:
    """The block of a plain top-level paragraph, as the block parser's inline token would give it."""
    content = _markdown_it().mdTrim("\n".join(walk.lines[first:end]))
    if not content.strip():
        return
    content_runs = _content_runs(walk, content, first)
    if content_runs is not None:
        _add_block(walk, _kind(_PARAGRAPH, "", walk, content), content_runs)


def _plain_line(walk: _Walk, number: int) -> None:
    """:func:`_plain_paragraph` for a paragraph of one line (most of a book): when the line has no space
    to trim at either end and no macro, its text is the whole line at the line's start."""
    line = walk.lines[number]
    trimmed = _markdown_it().MD_TRIM_CHARS
    if not line or line[0] in trimmed or line[-1] in trimmed or "{" in line or not line.strip():
        _plain_paragraph(walk, number, number + 1)
        return
    _line_block(walk, "credit" if _is_credit(line) else "paragraph", line, number, 0)


def _line_block(walk: _Walk, kind: str, text: str, number: int, column: int) -> None:
    """:func:`_add_block` for the text of one source line that starts at ``column`` and runs to the line's
    end, has no space to trim at either end and holds no macro (the caller checks)."""
    # (markup characters first: prose rarely holds one, but nearly always an end mark)
    protected = (tuple(sorted(inline_extents(text, walk.env)))
                 if _may_hold_inline_elements(text) and _SPECIAL.search(text) else ())
    _add_line_block(walk, kind, text, number, column, protected)


def _add_line_block(walk: _Walk, kind: str, text: str, number: int, column: int,
                    protected: tuple[tuple[int, int], ...]) -> None:
    """The block :func:`_line_block` adds, its inline elements' extents ``protected`` known."""
    block = object.__new__(Block)   # as _segment does: Block's frozen __init__ sets fields one by one
    block.__dict__.update(kind=kind, text=text, line=number + 1, end_line=number + 1,
                          prefix=walk.lines[number][:column] if column else "", breaks=(),
                          runs=((0, walk.line_starts[number] + column),), protected=protected, encoding="markdown")
    walk.blocks.append(block)


def _plain_list_item(walk: _Walk, number: int) -> None:
    """The block of a one-line top-level list item whose text is plain."""
    line = walk.lines[number]
    column = _LIST_MARKER.match(line).end()
    trimmed = _markdown_it().MD_TRIM_CHARS
    if (column < len(line) and line[column] not in trimmed and line[-1] not in trimmed
            and "{" not in line and line.strip()):
        _line_block(walk, "list_item", line[column:], number, column)
        return
    content = _markdown_it().mdTrim(line[column:])
    if not content.strip():
        return
    content_runs = _content_runs(walk, content, number)
    if content_runs is not None:
        _add_block(walk, _kind(_LIST_ITEM, "", walk, content), content_runs)


def _table_row(walk: _Walk, cells: list[tuple[Token, list[str]]]) -> None:
    if not cells:
        return
    row = cells[0][0].map[0]
    for (token, containers), found in zip(cells, _cell_runs(walk, row, [t.content for t, _ in cells])):
        if found is not None:
            _add_block(walk, "table_cell", [found])


# ---------------------------------------------------------------------------------------------- front matter

def _front_matter_blocks(walk: _Walk, token: Token) -> None:
    """Values of the configured keys, located by ruamel.yaml's round-trip loader (line and column)."""
    if not walk.options.front_matter_keys or token.map is None:
        return
    from ruamel.yaml.error import YAMLError

    try:
        data = _yaml("rt").load(token.content)
    except YAMLError:
        return
    if not hasattr(data, "lc"):
        return
    first_line = token.map[0] + 1        # the line after the opening ---
    for key in walk.options.front_matter_keys:
        if key not in data or not isinstance(data[key], str):
            continue
        line, column = data.lc.value(key)
        located = _scalar_in_line(walk.lines[first_line + line], column, data[key])
        if located is None:
            continue
        start, end, encoding = located
        number = first_line + line
        offset = walk.line_starts[number] + start
        kind = f"{FRONT_MATTER_KIND}:{key}"
        if encoding == "yaml-plain":
            block = Block(kind, walk.lines[number][start:end], number + 1, number + 1, "", (),
                          ((0, offset),), (), encoding)
        else:
            block = _QuotedBlock(kind, data[key], number + 1, number + 1, "", (), ((0, offset),), (),
                                 encoding, end - start)
        if block.text.strip():
            walk.blocks.append(block)


@dataclass(frozen=True)
class _QuotedBlock(Block):
    """A quoted YAML scalar: its text is the loaded value, its source range the quoted token."""

    source_length: int = 0

    @property
    def end(self) -> int:
        return self.start + self.source_length


@lru_cache(maxsize=2)
def _yaml(kind: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ=kind)


def _scalar_in_line(line: str, column: int, value: str) -> tuple[int, int, str] | None:
    """(start, end, encoding) of a one-line scalar starting at ``column`` whose value is ``value``."""
    rest = line[column:]
    if rest[:1] in ('"', "'"):
        quote = rest[0]
        pos = 1
        while pos < len(rest):
            if rest[pos] == "\\" and quote == '"':
                pos += 2
                continue
            if rest[pos] == quote:
                if quote == "'" and rest[pos + 1:pos + 2] == "'":
                    pos += 2
                    continue
                break
            pos += 1
        else:
            return None
        raw = rest[:pos + 1]
        encoding = "yaml-double" if quote == '"' else "yaml-single"
    else:
        if rest[:1] in ("|", ">", "&", "*", "!", "[", "{"):
            return None
        raw = re.split(r"\s+#", rest, maxsplit=1)[0].rstrip()
        encoding = "yaml-plain"
    try:
        loaded = _yaml("safe").load("v: " + raw)
    except Exception:  # noqa: BLE001 - anything ruamel refuses is simply not offered
        return None
    if not isinstance(loaded, dict) or loaded.get("v") != value:
        return None
    return column, column + len(raw), encoding


def encode_yaml_scalar(text: str, encoding: str) -> str:
    """A translation written back as the source wrote the scalar (plain stays plain when YAML allows)."""
    text = " ".join(text.split())
    if encoding == "yaml-plain":
        try:
            if _yaml("safe").load("v: " + text) == {"v": text}:
                return text
        except Exception:  # noqa: BLE001 - needs quoting
            pass
        encoding = "yaml-double"
    if encoding == "yaml-single":
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------------------------------------- HTML blocks

_RAW_TEXT_ELEMENTS = re.compile(r"<(script|style|pre|textarea)\b.*?</\1\s*>", re.S | re.I)
# Phrasing elements stay inside the text they sit in (a translator moves them with the words).
_PHRASING_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em",
                            "i", "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
                            "sub", "sup", "time", "u", "var", "wbr"})


def _html_blocks(walk: _Walk, token: Token) -> None:
    """Text runs between the block-level tags of an HTML block (script, style and pre excluded)."""
    start = walk.line_starts[token.map[0]]
    end = walk.line_starts[token.map[1]] if token.map[1] < len(walk.line_starts) else len(walk.source)
    raw = walk.source[start:end]
    skip = [(m.start(), m.end()) for m in _RAW_TEXT_ELEMENTS.finditer(raw)]
    html_tag = _markdown_it().HTML_TAG_RE
    cuts = []
    for match in html_tag.finditer(raw):
        name = _TAG_NAME.match(match.group(0))
        if name is None or name.group(2).lower() not in _PHRASING_TAGS:
            cuts.append((match.start(), match.end()))
    pos = 0
    for tag_start, tag_end in [*cuts, (len(raw), len(raw))]:
        piece = raw[pos:tag_start]
        if piece.strip() and html_tag.sub("", piece).strip() and not any(a <= pos < b for a, b in skip):
            runs = []
            offset = start + pos
            for line in piece.split("\n"):
                lead = len(line) - len(line.lstrip())
                if line.strip():
                    runs.append((line.strip(), offset + lead))
                offset += len(line) + 1
            if runs:
                _add_block(walk, "html", runs, encoding="html", first_column_prefix=False)
        pos = max(pos, tag_end)


# ---------------------------------------------------------------------------------------------- segments

# Sentences of languages that put a space between them (English, French, ...): an end mark (with the
# closing quotes/brackets after it) followed by space and a capital, a digit or an opening quote.
_SPACED_END = re.compile(r"""[.!?\u2026]+["'\u201d\u2019)\]*_]*(?=\s)""")
_SPACED_START = re.compile(r"""["'\u201c\u2018(\[*_]*[A-Z0-9\u00c0-\u00de]""")
# Words whose full stop does not end a sentence, and single initials (J. R. R. Tolkien).
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|vs|etc|e\.g|i\.e|cf|approx|No|Fig|Vol|Inc|Ltd|"
                           r"Co|Corp|U\.S|U\.K|a\.m|p\.m)|\b[A-Z])$")


def split_spaced_sentences(text: str, protected: Sequence[tuple[int, int]] = ()) -> list[str]:
    """:func:`split_sentences` for languages written with spaces between sentences (an English source).

    ``. ! ?`` (and ``…``) end a sentence when space and a capital letter or digit follow; abbreviations,
    initials, decimals, URLs, inline code and the ``protected`` ranges do not. Trailing spaces stay with
    the sentence they follow, so the pieces joined give ``text`` exactly.
    """
    ranges = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)] if _may_be_protected(text) else []
    ranges += list(protected)
    pieces: list[str] = []
    start = 0
    for match in _SPACED_END.finditer(text):
        if any(low <= match.start() < high for low, high in ranges):
            continue
        if text[match.start()] == "." and _ABBREVIATION.search(text, 0, match.start()):
            continue
        following = match.end()
        while following < len(text) and text[following].isspace():
            following += 1
        if not _SPACED_START.match(text, following):
            continue
        pieces.append(text[start:following])
        start = following
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def sentence_splitter(source_locale: str | None) -> Callable[..., list[str]]:
    """The sentence rules for text in ``source_locale``: Chinese ones unless its script spaces sentences."""
    return split_spaced_sentences if source_locale and sentence_separator(source_locale) else split_sentences


def block_pieces(block: Block, mode: str = "sentence", source_locale: str | None = None) -> list[str]:
    """Exact pieces of a block (joined they give ``block.text``); one piece for headings and cells.

    ``source_locale``: the language of the text (default: Chinese), which picks the sentence rules.
    """
    if mode == "block" or block.kind in SINGLE_SEGMENT_KINDS or block.kind.startswith(FRONT_MATTER_KIND):
        return [block.text]
    return sentence_splitter(source_locale)(block.text, block.protected)


def block_segments(block: Block, index: int, mode: str = "sentence",
                   options: SegmentOptions | None = None) -> list[Segment]:
    """The block's segments, each with its source range."""
    segments = []
    offset = 0
    options = options or SegmentOptions()
    pattern = options.protected_re
    quoted = isinstance(block, _QuotedBlock)
    # One content line: text offset -> source offset is a constant shift, and every piece is on one line.
    shift = block.runs[0][1] - block.runs[0][0] if len(block.runs) == 1 and not quoted else None
    for piece in block_pieces(block, mode, options.source_locale):
        stripped = piece.strip()
        if stripped and (pattern is None or "{" not in stripped or pattern.sub("", stripped).strip()):
            lead = offset + len(piece) - len(piece.lstrip())
            if quoted:
                start, end = block.start, block.end
            elif shift is not None:
                start, end = shift + lead, shift + lead + len(stripped)
            else:
                start, end = block.source_offset(lead), block.source_offset(lead + len(stripped) - 1) + 1
            line = block.line_at(lead) if block.breaks else block.line
            segments.append(Segment(stripped, block.kind, line, index, start, end))
        offset += len(piece)
    return segments


def segment_blocks(blocks: Iterable[Block], mode: str = "sentence",
                   options: SegmentOptions | None = None) -> list[Segment]:
    segments: list[Segment] = []
    options = options or SegmentOptions()
    split = sentence_splitter(options.source_locale)
    pattern = options.protected_re
    sentences = split is split_sentences
    for index, block in enumerate(blocks):
        if (len(block.runs) == 1 and not block.breaks and type(block) is Block and mode != "block"
                and block.kind in _SPLIT_KINDS and (pattern is None or "{" not in block.text)):
            text = block.text
            if not sentences or not text:
                pieces = split(text, block.protected)
            elif not _is_one_sentence(text, block.protected):
                pieces = _split_at_ends(text, block.protected)
            elif text.strip() == text:
                # _line_segments' one sentence (most blocks), without the list of pieces
                shift = block.runs[0][1] - block.runs[0][0]
                segments.append(_segment(text, block.kind, block.line, index, shift, shift + len(text)))
                continue
            else:
                pieces = [text]
            _line_segments(block, index, pieces, segments)
        else:
            segments.extend(block_segments(block, index, mode, options))
    return segments


# Kinds split into sentences (the rest are one segment each, see block_pieces).
_SPLIT_KINDS = frozenset(KIND_LABELS) - SINGLE_SEGMENT_KINDS


def _line_segments(block: Block, index: int, pieces: list[str], out: list[Segment]) -> None:
    """:func:`block_segments` for a block of one content line and no macro, split into ``pieces``: every piece
    is on the block's line, and a text offset maps to the source by a constant shift."""
    text = block.text
    shift = block.runs[0][1] - block.runs[0][0]
    if len(pieces) == 1 and text.strip() == text:   # one sentence (most blocks): the whole text
        out.append(_segment(text, block.kind, block.line, index, shift, shift + len(text)))
        return
    offset = 0
    for piece in pieces:
        stripped = piece.strip()
        if stripped:
            lead = offset + len(piece) - len(piece.lstrip())
            out.append(_segment(stripped, block.kind, block.line, index, shift + lead, shift + lead + len(stripped)))
        offset += len(piece)


def _segment(text: str, kind: str, line: int, block: int, start: int, end: int, new: Any = object.__new__,
             ) -> Segment:
    """``Segment(text, kind, line, block, start, end)`` without the frozen dataclass's ``__init__``, which
    sets each field through ``object.__setattr__`` (a tenth of a 100,000-segment book's segmentation)."""
    segment = new(Segment)
    segment.__dict__.update(text=text, kind=kind, line=line, block=block, start=start, end=end)
    return segment


def segment_document(markdown: str, mode: str = "sentence",
                     options: SegmentOptions | None = None, *, cached: bool = True) -> list[Segment]:
    """The document's segments; ``cached=False`` for a caller that segments a document once and keeps
    nothing of it (``l10n check``: its blocks and segments would stay alive for the whole run)."""
    options = options or SegmentOptions(mode=mode)
    if not cached:
        return segment_blocks(_parse_blocks.__wrapped__(markdown, options), mode, options)
    return list(_segment_document(markdown, mode, options))


@lru_cache(maxsize=64)
def _segment_document(markdown: str, mode: str, options: SegmentOptions) -> tuple[Segment, ...]:
    """Cached like :func:`parse_blocks`: build asks for every document's segments once per locale."""
    return tuple(segment_blocks(_parse_blocks(markdown, options), mode, options))


def forget_segmentations() -> None:
    """Empty the per-document caches of blocks and segments: a command that needs each document's segments
    once (``l10n update``, which keeps only the template made of them) frees a book's worth of objects."""
    _segment_document.cache_clear()
    _parse_blocks.cache_clear()

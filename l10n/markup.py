"""The inline Markdown of one segment (a msgid or a msgstr): what it links, shows, quotes as code, and where.

A segment's text is inline Markdown kept verbatim (``見 [列舉數值] 與 `cargo build` 的 **說明**``). This module
parses it with markdown-it-py's inline parser (the same parser and plugins as segmentation, from
:func:`markdown_parser`) and answers two questions:

* **what must survive translation** (:class:`Markup`): link destinations, reference labels, image sources,
  autolinks, code spans, inline HTML tags, footnote references, protected template macros, and how much
  emphasis there is; :func:`compare` lists how a translation differs (the ``markup`` check and the MT
  drafts both ask it);
* **where it is** (:attr:`Markup.fixed` and :attr:`Markup.paired`): character ranges that must leave a
  conversion or an MT engine byte for byte (code spans, URLs, labels, tags, macros), and the delimiters
  whose content is translated (``[`` ... ``](url)``, ``**`` ... ``**``). OpenCC locks the first; MT
  protection carries both.

markdown-it-py gives inline tokens no positions, so a private parser wraps each inline rule and records the
source range it consumed on the tokens it pushed (``token.meta["l10n_span"]``); the tokens themselves are
markdown-it's, so what counts as a link or as emphasis is CommonMark's answer, not a regex's.

A segment holds no reference definitions, so every bracketed text is offered to the parser as a possible
reference label (or only the labels a document defines, when the caller knows them), and footnote
references match without their definitions.

>>> m = inline_markup("見 [列舉數值] 與 `cargo build` 的 **說明**")
>>> m.reference_links, m.code_spans, m.emphasis
(('列舉數值',), ('cargo build',), (('strong', 1),))
>>> [d.message for d in compare(m, inline_markup("See [enums][列舉數值] and `cargo  build`"))]
['code span `cargo build`: missing in the translation', 'code span `cargo  build`: not in the source', \
'emphasis ** (strong): 1 in the source, 0 in the translation']
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # markdown-it is imported when a parser is first built (l10n.segment.new_markdown_parser)
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

DEFAULT_MACRO_PATTERNS: tuple[str, ...] = (
    r"\{\{<.*?>\}\}",          # Hugo shortcodes: {{< figure src="x" >}}
    r"\{\{#include\b.*?\}\}",  # mdBook: {{#include ../listings/main.rs}}
    r"\{\{.*?\}\}",            # Jinja, Liquid, Handlebars, Hugo: {{ page.title }}
    r"\{%.*?%\}",              # Jinja and Liquid tags: {% include x.html %}
)
"""Template macros no translation may change (config key ``protected-patterns`` replaces them)."""

TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "label"})
"""HTML attributes whose value is text for readers (as Translate Toolkit's xmltags allows ``alt``)."""

_REF_SENTINEL = "l10n-ref:"
_MACRO_MASK = "\ue000"   # a private-use character: to the parser a letter, so a macro reads as a word
# A character some markup starts with. Left out because the parser reads them as text: "!" (an image is
# "![", and "[" is listed), "&" that starts no entity ("R&D"; entities are "&name;" and "&#123;"), and "_"
# inside an ASCII word ("rohanpaul_ai": it can neither open nor close emphasis, and is no stray delimiter).
_MAYBE_MARKUP = re.compile(r"[`*~\[\]<>{}\\]|&#?[0-9A-Za-z]+;|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# Every match of _MAYBE_MARKUP starts with one of these: a text without any is plain at the cost of one charset
# scan (the alternation's lookbehinds make the regex try each position, 5-7x slower; most texts hold none).
_MARKUP_START = re.compile(r"[`*~\[\]<>{}\\&_]")
_BRACKETED = re.compile(r"\[((?:[^\[\]\\]|\\.)+)\]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
                  r"\s*(/?)>")
_ATTRIBUTE = re.compile(r"([^\s=>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                        "track", "wbr"})
_EMPHASIS_KINDS = {"em_open": ("em", "*"), "strong_open": ("strong", "**"), "s_open": ("s", "~~")}
_DELIMITER_RUN = re.compile(r"([*_~])\1*")   # a run of one of them (a set first: the scanner skips the rest fast)


@functools.cache
def _markdown_it() -> SimpleNamespace:
    """What this module takes from markdown-it-py besides its parsers, imported on first use, not with the module
    (a text without markup, and whatever imports this module for its defaults, never needs it)."""
    from markdown_it.common.utils import normalizeReference
    from mdit_py_plugins.footnote.index import footnote_ref

    return SimpleNamespace(normalizeReference=normalizeReference, footnote_ref=footnote_ref)


@functools.cache
def markdown_parser() -> MarkdownIt:
    """A full parser of the project's Markdown syntax (:func:`l10n.segment.configure_markdown`: CommonMark with
    GFM tables, strikethrough, alerts, task lists, front matter, footnotes, definition lists and CJK-friendly
    emphasis), so that what this module calls a link or emphasis is what segmentation and the build see.
    Cached and shared: never add rules to it."""
    from l10n.segment import new_markdown_parser

    return new_markdown_parser()


# --- the model ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    """A range of the text: ``kind`` says what it is; ``value`` the label of a reference written alone."""

    start: int
    end: int
    kind: str
    value: str = ""


@dataclass(frozen=True)
class Link:
    url: str
    title: str = ""


@dataclass(frozen=True)
class Markup:
    """What one segment's inline Markdown contains, in source order."""

    links: tuple[Link, ...] = ()
    reference_links: tuple[str, ...] = ()    # labels as written: [text][label], [label][], [label]
    images: tuple[Link, ...] = ()            # (src, title); the alt text is for translating
    autolinks: tuple[str, ...] = ()
    code_spans: tuple[str, ...] = ()         # the code as rendered (CommonMark strips one space each side)
    html_tags: tuple[str, ...] = ()          # normalised: translatable attributes (alt, title) left out
    footnote_refs: tuple[str, ...] = ()
    macros: tuple[str, ...] = ()
    emphasis: tuple[tuple[str, int], ...] = ()    # ("em" | "strong" | "s", count), sorted by kind
    nested_emphasis: tuple[str, ...] = ()    # emphasis inside emphasis, outermost first: "strong>em"
    stray_delimiters: tuple[str, ...] = ()   # *, _ or ~ left as literal text, not pairing with anything
    fixed: tuple[Span, ...] = ()             # must leave any conversion unchanged
    paired: tuple[Span, ...] = ()            # delimiters around translatable text: "[", "**", ...

    @property
    def is_plain(self) -> bool:
        return not (self.fixed or self.paired or self.stray_delimiters)


PLAIN = Markup()


@dataclass(frozen=True)
class Difference:
    """One way a translation's markup differs from its source's; ``severe`` False for a loss that still
    renders (fewer emphasised phrases), True for what breaks a link, code or a tag."""

    message: str
    severe: bool = True


def compile_macros(patterns: Sequence[str] = DEFAULT_MACRO_PATTERNS) -> re.Pattern[str] | None:
    """One regex for the protected macro patterns (None for none); re.error names a bad pattern."""
    return _compile_macros(tuple(patterns))


@functools.lru_cache(maxsize=16)
def _compile_macros(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.DOTALL)


def inline_markup(text: str, macros: Sequence[str] = DEFAULT_MACRO_PATTERNS,
                  labels: Collection[str] | None = None) -> Markup:
    """The markup of one segment's text.

    ``labels``: the reference labels the document defines (normalised or not); None takes every bracketed
    text of ``text`` as a possible label, which is what a segment alone can tell.
    """
    macro_re = compile_macros(macros)
    if _is_plain_text(text, macro_re):
        return PLAIN
    return _analyse(text, macro_re,
                    None if labels is None else frozenset(map(_markdown_it().normalizeReference, labels)))


def is_plain_text(text: str, macros: Sequence[str] = DEFAULT_MACRO_PATTERNS) -> bool:
    """Whether ``text`` holds no character any markup (or macro) starts with: its :func:`inline_markup` is
    :data:`PLAIN` whatever the labels, and nothing needs parsing."""
    if not _MARKUP_START.search(text):
        return True   # (what _is_plain_text says first, without looking the macros up)
    return _is_plain_text(text, compile_macros(macros))


def maybe_markup(texts: Sequence[str]) -> list[int]:
    """The indices of the ``texts`` holding a character markup or a macro can start with, by one scan of
    them all: every other text is plain (:func:`is_plain_text`), whatever the macros."""
    from l10n.textscan import texts_matching

    return texts_matching(_MARKUP_START, texts)


def _is_plain_text(text: str, macro_re: re.Pattern[str] | None) -> bool:
    if not _MARKUP_START.search(text):
        return True   # (nor "{": no macro either)
    return not _MAYBE_MARKUP.search(text) and (macro_re is None or "{" not in text)


def _analyse(text: str, macro_re: re.Pattern[str] | None, labels: frozenset[str] | None) -> Markup:
    macro_spans = [(m.start(), m.end()) for m in macro_re.finditer(text) if m.end() > m.start()] if macro_re else []
    masked = text
    for start, end in reversed(macro_spans):
        masked = masked[:start] + _MACRO_MASK * (end - start) + masked[end:]
    normalize_reference = _markdown_it().normalizeReference
    candidates = {}
    for match in _BRACKETED.finditer(masked):
        written = text[match.start(1):match.end(1)]   # the parser sees macros masked; labels are as written
        if written.startswith("^"):
            continue
        key = normalize_reference(match.group(1))
        if key and (labels is None or normalize_reference(written) in labels):
            candidates.setdefault(key, {"href": f"{_REF_SENTINEL}{len(candidates)}", "title": "", "map": None})
    env = {"references": candidates}
    tokens = _positioned_parser().parseInline(masked, env)
    children = tokens[0].children or [] if tokens else []
    return _collect(text, masked, children, macro_spans)


def _collect(text: str, masked: str, children: list[Token], macro_spans: list[tuple[int, int]]) -> Markup:
    links: list[Link] = []
    references: list[str] = []
    images: list[Link] = []
    autolinks: list[str] = []
    codes: list[str] = []
    tags: list[str] = []
    footnotes: list[str] = []
    emphasis: Counter[str] = Counter()
    fixed: list[Span] = []
    paired: list[Span] = []
    covered: list[tuple[int, int]] = []
    open_emphasis: list[str] = []
    nested: list[str] = []
    for token in children:
        if token.type in _EMPHASIS_KINDS:
            name = _EMPHASIS_KINDS[token.type][0]
            if open_emphasis:
                nested.append(">".join([*open_emphasis, name]))
            open_emphasis.append(name)
        elif token.type in ("em_close", "strong_close", "s_close") and open_emphasis:
            open_emphasis.pop()
        span = token.meta.get("l10n_span") if token.meta else None
        if span is None:
            continue
        start, end = span
        kind = token.type
        if kind == "code_inline":
            if _overlaps(start, end, macro_spans):
                codes.append(_code_content(text[start:end]))
            else:
                codes.append(token.content)
            fixed.append(Span(start, end, "code"))
        elif kind in ("link_open", "image"):
            if token.info == "auto":
                autolinks.append(text[start + 1:end - 1])
                fixed.append(Span(start, end, "autolink"))
                continue
            parts = token.meta["l10n_link"]
            href = token.attrGet("href") if kind == "link_open" else token.attrGet("src")
            opener = "![" if kind == "image" else "["
            if str(href).startswith(_REF_SENTINEL):
                form, label_end, (label_from, label_to) = parts
                label = text[label_from:label_to]
                references.append(label)
                if form == "shortcut":
                    fixed.append(Span(start, end, "reference", label))
                else:
                    paired.append(Span(start, start + len(opener), "link-open"))
                    fixed.append(Span(label_end, end, "reference", label))
            else:
                _, tail, title_range = parts
                target = Link(str(href or ""), str(token.attrGet("title") or ""))
                (images if kind == "image" else links).append(target)
                paired.append(Span(start, start + len(opener), "link-open"))
                if title_range is None:
                    fixed.append(Span(tail, end, "destination"))
                else:
                    fixed.append(Span(tail, title_range[0], "destination"))
                    fixed.append(Span(title_range[1], end, "title-end"))
            covered.append((start, end))
        elif kind == "link_close":
            continue
        elif kind == "html_inline":
            tags.append(normalise_tag(text[start:end]))
            fixed.append(Span(start, end, "html"))
        elif kind == "footnote_ref" and "label" not in token.meta:   # inline footnote ^[text]: text translated
            paired += [Span(start, start + 2, "footnote-inline"), Span(end - 1, end, "footnote-inline")]
        elif kind == "footnote_ref":
            footnotes.append(str(token.meta.get("label", "")))
            fixed.append(Span(start, end, "footnote"))
        elif kind in _EMPHASIS_KINDS:
            name, _ = _EMPHASIS_KINDS[kind]
            emphasis[name] += 1
            width = len(token.markup)
            paired.append(Span(end - width, end, name))
        elif kind in ("em_close", "strong_close", "s_close"):
            width = len(token.markup)
            paired.append(Span(start, start + width, kind[:-6]))
        elif kind == "text_special" and token.info in ("escape", "entity"):
            fixed.append(Span(start, end, token.info))
    inside_other = [(s.start, s.end) for s in fixed]   # a code span or a label holding a macro keeps it
    macros = []
    for start, end in macro_spans:
        if not _overlaps(start, end, inside_other):
            macros.append(text[start:end])
            fixed.append(Span(start, end, "macro"))
    fixed, paired = _outermost(fixed, paired)
    stray = _stray_delimiters(masked, fixed, paired)
    return Markup(tuple(links), tuple(references), tuple(images), tuple(autolinks), tuple(codes), tuple(tags),
                  tuple(footnotes), tuple(macros), tuple(sorted(emphasis.items())), tuple(sorted(nested)),
                  tuple(stray),
                  tuple(fixed), tuple(paired))


def _outermost(fixed: list[Span], paired: list[Span]) -> tuple[list[Span], list[Span]]:
    """Spans inside a fixed span dropped (an escape or a code span inside a ``[label]`` that is fixed whole),
    so that no two spans overlap; each list sorted by position."""
    kept: list[Span] = []
    for span in sorted(fixed, key=lambda s: (s.start, -s.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    outer = [(s.start, s.end) for s in kept]
    return kept, sorted((s for s in paired if not _overlaps(s.start, s.end, outer)), key=lambda s: (s.start, s.end))


def _overlaps(start: int, end: int, ranges: Iterable[tuple[int, int]]) -> bool:
    for s, e in ranges:   # (a loop: a generator for any() costs more than the few ranges it tests)
        if s < end and start < e:
            return True
    return False


def _code_content(raw: str) -> str:
    """A code span's content as CommonMark renders it (a masked macro inside made the token's useless)."""
    ticks = len(raw) - len(raw.lstrip("`"))
    body = raw[ticks:len(raw) - ticks].replace("\n", " ")
    if len(body) > 2 and body[0] == " " and body[-1] == " " and body.strip(" "):
        body = body[1:-1]
    return body


def _stray_delimiters(masked: str, fixed: list[Span], paired: list[Span]) -> list[str]:
    """``*``, ``~`` and ``_`` the parser left as text: outside every span, and for ``_`` not inside a word
    (``snake_case``) — a delimiter a translation broke or added."""
    taken = [(s.start, s.end) for s in (*fixed, *paired)]
    stray: list[str] = []
    for match in _DELIMITER_RUN.finditer(masked):
        position, end = match.span()
        run, char = match.group(), match.group()[0]
        if not _overlaps(position, end, taken):
            before = masked[position - 1] if position else " "
            after = masked[end] if end < len(masked) else " "
            if not (char == "_" and before.isalnum() and after.isalnum()) and not (char == "~" and len(run) == 1):
                stray.append(run)
    return stray


def normalise_tag(tag: str) -> str:
    """An inline HTML tag as compared: name lower-cased, translatable attributes dropped, others as written.

    >>> normalise_tag('<IMG src="a.png" alt="圖">')
    '<img src="a.png">'
    """
    match = _TAG.fullmatch(tag)
    if not match:
        return tag   # a comment, declaration or processing instruction: compared as written
    closing, name, attributes, self_closing = match.groups()
    kept = [f"{attr.group(1).lower()}={attr.group(2)}" if attr.group(2) is not None else attr.group(1).lower()
            for attr in _ATTRIBUTE.finditer(attributes or "")
            if attr.group(1).lower() not in TRANSLATABLE_ATTRIBUTES]
    inner = " ".join([name.lower(), *kept])
    return f"<{closing}{inner}{' /' if self_closing else ''}>"


# --- comparing a translation with its source ---------------------------------------------------------------

def compare(source: Markup, translation: Markup) -> list[Difference]:
    """How the translation's markup differs from the source's.

    Order is free (a translator moves a link within the sentence); what must match is each multiset: link
    and image destinations, reference labels (CommonMark's case-insensitive matching), autolinks, code span
    content, tags (translatable attributes aside), footnote labels, macros. Link text, titles and alt text
    may change. Emphasis: no delimiter may be left unpaired where the source had none (severe), and each kind
    of emphasis should be there as often as in the source (a loss that still renders: not severe; more is
    allowed, e.g. italics for the titles Chinese marks with 《》).
    """
    if source is translation or (source.is_plain and translation.is_plain):
        return []
    differences: list[Difference] = []
    for label, wanted, found in (
            ("link", [link.url for link in source.links], [link.url for link in translation.links]),
            ("image", [image.url for image in source.images], [image.url for image in translation.images]),
            ("autolink", source.autolinks, translation.autolinks),
            ("code span", source.code_spans, translation.code_spans),
            ("HTML tag", source.html_tags, translation.html_tags),
            ("footnote reference", source.footnote_refs, translation.footnote_refs),
            ("macro", source.macros, translation.macros)):
        differences += _multiset_differences(label, wanted, found)
    differences += _multiset_differences("reference link", source.reference_links, translation.reference_links,
                                         key=_markdown_it().normalizeReference)
    wanted_emphasis, found_emphasis = dict(source.emphasis), dict(translation.emphasis)
    stray_before = Counter(source.stray_delimiters)
    for run, count in Counter(translation.stray_delimiters).items():
        if count > stray_before[run]:
            differences.append(Difference(f'unpaired emphasis delimiter "{run}": it no longer opens or closes '
                                          "emphasis (CommonMark needs it next to the text it marks, and "
                                          "punctuation or a space on its outer side)"))
    nested_before = Counter(source.nested_emphasis)
    for path, count in Counter(translation.nested_emphasis).items():
        if count > nested_before[path]:
            differences.append(Difference(f"emphasis nests as {path} where the source's does not: a delimiter "
                                          "pairs with the wrong one (a space inside ** or * stops it closing)"))
    for kind, delimiter in (("em", "*"), ("strong", "**"), ("s", "~~")):
        wanted, found = wanted_emphasis.get(kind, 0), found_emphasis.get(kind, 0)
        if found < wanted:   # more is the translator's typography (English italicises titles, 《》 in Chinese)
            differences.append(Difference(f"emphasis {delimiter} ({kind}): {wanted} in the source, {found} in the "
                                          "translation", severe=False))
    differences += _nesting_differences(source.html_tags, translation.html_tags)
    return differences


def _multiset_differences(label: str, wanted: Sequence[str], found: Sequence[str],
                          key: Callable[[str], str] = lambda value: value) -> list[Difference]:
    if not wanted and not found:
        return []
    wanted_keys, found_keys = Counter(map(key, wanted)), Counter(map(key, found))
    if wanted_keys == found_keys:
        return []
    differences = []
    shown = _shown(label)
    for value in dict.fromkeys(wanted):
        missing = wanted_keys[key(value)] - found_keys[key(value)]
        if missing > 0:
            times = f" ({missing} of {wanted_keys[key(value)]})" if wanted_keys[key(value)] > 1 else ""
            differences.append(Difference(f"{label} {shown(value)}: missing in the translation{times}"))
            found_keys[key(value)] = wanted_keys[key(value)]   # report each value once
    for value in dict.fromkeys(found):
        if found_keys[key(value)] > wanted_keys[key(value)]:
            differences.append(Difference(f"{label} {shown(value)}: not in the source"))
            found_keys[key(value)] = wanted_keys[key(value)]
    return differences


def _shown(label: str) -> Callable[[str], str]:
    if label == "code span":
        return lambda value: f"`{value}`"
    if label == "reference link":
        return lambda value: f"[{value}]"
    if label == "footnote reference":
        return lambda value: f"[^{value}]"
    return lambda value: value


def _nesting_differences(source_tags: Sequence[str], translation_tags: Sequence[str]) -> list[Difference]:
    """Tags the translation opens and closes out of order, when the source's nest properly."""
    if not translation_tags or _misnested(source_tags) is not None:
        return []
    problem = _misnested(translation_tags)
    return [Difference(f"HTML tags out of order: {problem}")] if problem else []


def _misnested(tags: Sequence[str]) -> str | None:
    stack: list[str] = []
    for tag in tags:
        match = _TAG.fullmatch(tag)
        if not match or match.group(4) or match.group(2).lower() in _VOID_TAGS:
            continue
        name = match.group(2).lower()
        if not match.group(1):
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        elif name in stack:
            return f"</{name}> closes <{name}> while <{stack[-1]}> is open"
        else:
            return f"</{name}> closes nothing"
    return None   # tags left open are allowed: a segment may hold one end of an element


def markup_differences(source: str, translation: str, macros: Sequence[str] = DEFAULT_MACRO_PATTERNS,
                       labels: Collection[str] | None = None) -> list[Difference]:
    """:func:`compare` on two texts. ``labels``: see :func:`inline_markup` (the source decides them)."""
    source_markup = inline_markup(source, macros, labels)
    if labels is None and source_markup.reference_links:
        labels = source_markup.reference_links
    return compare(source_markup, inline_markup(translation, macros, labels if labels is not None else ()))


# --- the positioned parser ---------------------------------------------------------------------------------

@functools.cache
def _positioned_parser() -> MarkdownIt:
    """:func:`markdown_parser`'s syntax, with footnote references matched without definitions and every inline
    rule recording the source range of the tokens it pushes."""
    from l10n.segment import new_markdown_parser

    parser = new_markdown_parser()
    parser.core.ruler.disable("text_join")   # it would merge escapes and entities into text, spans and all
    ruler = parser.inline.ruler
    ruler.at("footnote_ref", functools.partial(_markdown_it().footnote_ref, always_match=True))
    for rule in list(ruler.__rules__):
        if rule.name != "text":
            ruler.at(rule.name, _recording(rule.name, rule.fn), {"alt": rule.alt})
    return parser


def _recording(name: str, rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    delimiter_rule = name in ("emphasis", "strikethrough")

    def recorded(state: StateInline, silent: bool) -> bool:
        if silent:
            return rule(state, silent)
        start, before, pending = state.pos, len(state.tokens), state.pending
        if not rule(state, silent):
            return False
        end = state.pos
        new = state.tokens[before:]
        if pending and new and new[0].type == "text" and new[0].content == pending and "l10n_span" not in new[0].meta:
            new = new[1:]   # the text before this construct, flushed by its first push
        if delimiter_rule:
            position = start
            for token in new:
                token.meta["l10n_span"] = (position, position + len(token.content))
                position += len(token.content)
            return True
        for token in new:
            if "l10n_span" not in token.meta:
                token.meta["l10n_span"] = (start, end)
        if name in ("link", "image") and new:
            new[0].meta["l10n_link"] = _link_parts(state, start + (name == "image"), end, new[0])
        return True

    return recorded


def _link_parts(state: StateInline, bracket: int, end: int, token: Token) -> tuple:
    """Where a link's parts are: ``("inline", tail_start, title_range | None)`` for ``[t](url "x")`` or
    ``(form, label_end, (label_start, label_end))`` for a reference (form "full" or "shortcut", which
    includes the collapsed ``[label][]``); positions, as the parsed text has its macros masked."""
    src = state.src
    label_end = state.md.helpers.parseLinkLabel(state, bracket, token.type == "link_open")
    href = str(token.attrGet("href") or token.attrGet("src") or "")
    if not href.startswith(_REF_SENTINEL):
        position = label_end + 2
        while position < end and src[position] in " \t\n":
            position += 1
        destination = state.md.helpers.parseLinkDestination(src, position, end)
        title_range = None
        if destination.ok:
            position = destination.pos
            spaced = position
            while position < end and src[position] in " \t\n":
                position += 1
            title = state.md.helpers.parseLinkTitle(src, position, end)
            if spaced != position and title.ok and title.pos <= end - 1:
                title_range = (position + 1, title.pos - 1)
        return ("inline", label_end, title_range)
    if label_end + 1 < end and src[label_end + 1] == "[":
        if end - 1 > label_end + 2:
            return ("full", label_end, (label_end + 2, end - 1))
        return ("shortcut", end, (bracket + 1, label_end))   # collapsed [label][]: all of it is the label
    return ("shortcut", end, (bracket + 1, label_end))


def reference_labels(markdown: str) -> frozenset[str]:
    """The reference labels a whole document defines (``[列舉數值]: ch06-01.html``), normalised."""
    env: dict = {}
    markdown_parser().parse(markdown, env)
    return frozenset(env.get("references", {}))


def without_fixed_markup(text: str, macros: Sequence[str] = DEFAULT_MACRO_PATTERNS) -> str:
    """``text`` with what must stay as written (code spans, URLs, reference labels, tags, macros) blanked
    out: the prose a translation is judged on. Source-language text inside code or a label is kept on
    purpose (``[列舉數值]`` must match its definition), so checks for left-over source text skip it.

    The link text's closing bracket goes with the label (``][列舉數值]`` is written as it is; the opening
    bracket is paired markup):

    >>> without_fixed_markup("see [enum values][列舉數值] and `顯示`")
    'see [enum values        and     '
    """
    fixed = inline_markup(text, macros).fixed
    if not fixed:
        return text
    pieces, position = [], 0
    for span in fixed:
        pieces += [text[position:span.start], " " * (span.end - span.start)]
        position = span.end
    return "".join(pieces) + text[position:]

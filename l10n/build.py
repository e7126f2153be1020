"""``l10n build``: the source documents with translated segments in place, as Markdown and HTML.

For every document and locale (the source locale too) it writes ``<build-dir>/<locale>/<doc>.md`` and
``.html``, and ``<build-dir>/index.html`` linking every page. The pure core is :func:`localize_markdown`
(source Markdown + translations -> localized Markdown) and :func:`render_html`; :func:`build_project`
reads the project, decides which locales are complete enough, and writes only files whose text changed.

The localized Markdown is a splice (:func:`localize_document`): the source with each segment's source
range replaced by its translation, every other byte (front-matter keys, code, HTML, link reference
definitions, indentation, container and list markers, table pipes, blank lines) copied. A translation is
written as the syntax at its place needs (block starts and closing hashes escaped, ``|`` escaped in table
cells, quoting in YAML, HTML it adds beyond its msgid's tags escaped). The source locale's build is the
source.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import normalizeReference

from .config import Config
from .errors import L10nError
from .outputs import OutputReport, sync_outputs
from .html import (ARTICLE_CSS, MARK_CLOSE, MARK_OPEN, MARK_TITLES, Alternate, bcp47, escape,
                   inline_text, language_name, language_switcher, page, render_article, url_path)
from .lang import sentence_separator
from .markup import inline_markup, reference_labels
from .po import Catalog, entry_state, read_catalog
from .segment import (FRONT_MATTER_KIND, SINGLE_SEGMENT_KINDS, Block, Segment, SegmentOptions,
                      _block_parser, encode_yaml_scalar, html_tags, normalise_soft_breaks,
                      parse_blocks, segment_document, segment_options)
from .source import DOC_NAME, Document, require_documents
from .stale import Freshness, compare, expected_keys, refuse_stale_files

_SAFE_LOCALE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


# ---------------------------------------------------------------------------------------------- localize

# Line starts that would turn a paragraph (or a list item's text) into another block: ATX heading,
# bullet, ordered-list number, block quote, fence, link reference definition, HTML block, setext
# underline, definition-list ``:`` or ``~``.
_BLOCK_START = re.compile(
    r"#{1,6}(?:[ \t]|$)|[-+*](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$)|>|```|~~~|=+[ \t]*$|[:~](?:[ \t]|$)"
    r"|\[(?:[^\]\\]|\\.)+\]:|<(?:[/!?]|[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$))")
_THEMATIC_BREAK = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# A heading's text ends in what would read as its closing sequence: hashes after a space, or only hashes
# (a heading is one segment, so the space before them is the prefix's).
_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+[ \t]*)$")
_BLANK_LINES = re.compile(r"\n[ \t\n]*\n")
# markdown-it's table rule reads every backslash-pipe as an escaped pipe, whatever precedes the backslash.
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _guard_start(text: str, tail: str = "", continuation: bool = False) -> str:
    """Backslash-escape a line's first character when it would start a different block.

    The pattern only preselects: a line the block parser reads as plain paragraph text (``<del>x</del>``,
    ````` ```foo`` `````) is left as it is. ``tail`` is what follows on the line in the source;
    ``continuation``: the line continues a paragraph (after a line break inside a block), where fewer
    constructs can start.
    """
    match = _BLOCK_START.match(text) or _THEMATIC_BREAK.match(text)
    # What follows on the line may be the next segment's translation, after a space or not.
    if not match or (_starts_paragraph(text + tail, continuation)
                     and _starts_paragraph(text + " " + tail, continuation)):
        return text
    if text[0] in "0123456789":
        digits = len(text) - len(text.lstrip("0123456789"))
        return text[:digits] + "\\" + text[digits:]
    return "\\" + text


def _starts_paragraph(text: str, continuation: bool) -> bool:
    """The block parser reads ``text`` as plain paragraph text as the continuation line of a paragraph
    (where a setext underline or a definition marker would act) and, unless it is one, after a blank line."""
    continued = [t.type for t in _block_parser().parse("x\n" + text, {})]
    if continued != _ONE_PARAGRAPH:
        return False
    return continuation or [t.type for t in _block_parser().parse("x\n\n" + text, {})] == _TWO_PARAGRAPHS


_ONE_PARAGRAPH = ["paragraph_open", "inline", "paragraph_close"]
_TWO_PARAGRAPHS = _ONE_PARAGRAPH * 2


def _clean(translation: str, one_line: bool = False) -> str:
    """A msgstr as inline text: line breaks read as in the source, no edge whitespace, no blank line.

    Hard breaks stay (:func:`_write_translation` guards each new line so it cannot start a block and
    gives it the container's prefix), unless the segment must stay on one line (headings, table cells,
    front-matter values).
    """
    # CommonMark ends a line at CR too, so a stray CR in a msgstr would split the block.
    text = translation.replace("\r\n", "\n").replace("\r", "\n").strip()
    text, _ = normalise_soft_breaks(_BLANK_LINES.sub("\n", text))
    if "\n" in text:
        lines = text.split("\n")
        if one_line:
            # A line reduced to nothing (a lone hard-break backslash) must not leave a space at the start.
            parts = [line.rstrip(" \t\\") if k < len(lines) - 1 else line for k, line in enumerate(lines)]
            return " ".join(part for part in parts if part.strip()).strip()
    return text


def _continuation_prefix(block: Block, source: str) -> str:
    """What a line after a hard break in the block's text starts with: the container prefix (``> ``, a
    list item's or footnote's indentation), so the line stays inside the container's paragraph rather
    than relying on lazy continuation, where a line like ``1.`` or ``: x`` would open a block outside.

    The source's own prefix of the block's second line when it is as deep (same ``>`` count, as wide),
    else the first line's prefix with every marker (``-``, ``1.``, ``[^n]:``, ``:``) turned into spaces.
    """
    derived = re.sub(r"[^>\s]", " ", block.prefix)
    if len(block.runs) > 1:
        offset = block.runs[1][1]
        written = source[source.rfind("\n", 0, offset) + 1:offset]
        if written.count(">") == derived.count(">") and len(written) >= len(derived):
            return written
    return derived


_LABEL_LIKE = re.compile(r"\[((?:[^\[\]\\]|\\.)+)\](?:\[\])?(?![(\[])")


def _keep_reference_labels(translation: str, msgid: str, labels: Callable[[], frozenset[str]] | None,
                           macros: Sequence[str]) -> str:
    """A reference link whose label the translation changed, written to use the msgid's label again.

    ``[列舉數值]`` translated as ``[Enum values]`` would find no definition (``[列舉數值]: ch06.html`` is
    outside every segment and stays as written), so it becomes ``[Enum values][列舉數值]``; likewise
    ``[text][]`` and a full ``[text][other]``. The msgid's defined labels the translation lacks are given,
    in order, to its brackets that name no definition. ``labels``: the document's defined labels
    (normalised), asked only when the translation's brackets differ from the msgid's; None when the
    document defines none.
    """
    if labels is None or "]" not in msgid:
        return translation
    # Cheap first: every bracket of the msgid that can be a label ([x], [x][], the label of [t][x]) is in
    # the translation as well.
    if not Counter(_LABEL_LIKE.findall(msgid)) - Counter(_LABEL_LIKE.findall(translation)):
        return translation
    defined = labels()
    written = inline_markup(translation, macros, defined)
    kept = Counter(map(normalizeReference, written.reference_links))
    wanted = []
    for label in inline_markup(msgid, macros, defined).reference_links:
        if kept[normalizeReference(label)] > 0:
            kept[normalizeReference(label)] -= 1
        else:
            wanted.append(label)
    if not wanted:
        return translation
    out, pos = [], 0
    for span in inline_markup(translation, macros, None).fixed:   # every bracket a possible label
        if not wanted:
            break
        if span.kind != "reference" or normalizeReference(span.value) in defined:
            continue
        label = wanted.pop(0)
        raw = translation[span.start:span.end]
        if raw.startswith("]"):                   # [text][other]: only the label part is replaced
            replacement = f"][{label}]"
        elif raw.endswith("[]"):                  # collapsed [text][]
            replacement = f"{raw[:-2]}[{label}]"
        else:                                     # shortcut [text]
            replacement = f"{raw}[{label}]"
        out += (translation[pos:span.start], replacement)
        pos = span.end
    out.append(translation[pos:])
    return "".join(out)


def _escape_added_html(translation: str, msgid: str) -> str:
    """Escape inline HTML the translation adds beyond the tags its msgid holds (the author's pass)."""
    if "<" not in translation:
        return translation
    allowed = Counter(tag for tag, _ in html_tags(msgid))
    out = []
    pos = 0
    for tag, (start, _end) in html_tags(translation):
        if allowed[tag] > 0:
            allowed[tag] -= 1
            continue
        out.append(translation[pos:start])
        out.append("&lt;")
        pos = start + 1
    out.append(translation[pos:])
    return "".join(out)


def _escape_html_text(translation: str, msgid: str) -> str:
    """A translation inside an HTML block: text, except the tags its msgid holds."""
    allowed = Counter(m.group(0) for m in HTML_TAG_RE.finditer(msgid))
    out = []
    pos = 0
    for match in HTML_TAG_RE.finditer(translation):
        out.append(translation[pos:match.start()].replace("<", "&lt;").replace(">", "&gt;"))
        if allowed[match.group(0)] > 0:
            allowed[match.group(0)] -= 1
            out.append(match.group(0))
        else:
            out.append(match.group(0).replace("<", "&lt;").replace(">", "&gt;"))
        pos = match.end()
    out.append(translation[pos:].replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(out)


def _write_translation(translation: str, segment: Segment, block: Block, line_start: bool, tail: str,
                       prefix: str = "", labels: Callable[[], frozenset[str]] | None = None,
                       macros: Sequence[str] = ()) -> str:
    """The msgstr as the source's syntax needs it at the segment's place (``prefix``: what a line after
    a hard break starts with, see :func:`_continuation_prefix`; ``labels``/``macros``: see
    :func:`_keep_reference_labels`)."""
    one_line = block.kind in SINGLE_SEGMENT_KINDS or block.encoding != "markdown"
    text = _clean(translation, one_line)
    if not text:
        return ""
    if block.encoding.startswith("yaml"):
        return encode_yaml_scalar(text, block.encoding)
    if block.encoding == "html":
        return _escape_html_text(text, segment.text)
    text = _escape_added_html(_keep_reference_labels(text, segment.text, labels, macros), segment.text)
    if "\n" in text:
        # Lines after hard breaks: each one continues the paragraph inside its container; the last one
        # is followed by the rest of its source line (the next segment, after a space or not).
        lines = text.split("\n")
        if line_start:
            lines[0] = _guard_start(lines[0], continuation=segment.start != block.start)
        lines[1:] = [_guard_start(line, tail if k == len(lines) - 2 else "", continuation=True)
                     for k, line in enumerate(lines[1:])]
        return ("\n" + prefix).join(lines)
    if line_start and block.kind != "table_cell" and "#" not in block.prefix:
        text = _guard_start(text, tail, continuation=segment.start != block.start)
    if segment.end == block.end and block.kind in ("title", "heading") and "#" in block.prefix:
        text = _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    if block.kind == "table_cell":
        text = _UNESCAPED_PIPE.sub(r"\\|", text)
    return text


@dataclass(frozen=True)
class Localized:
    """A localized document and which of its segments show the source text (no usable translation)."""

    text: str
    fallbacks: tuple[str, ...] = ()     # msgids, in document order, each once per occurrence
    segments: int = 0                   # segments in the document
    marked: str | None = None           # with ``mark_fallbacks``: the text with each fallback marked


def localize_document(source_markdown: str, translations: Mapping[str, str], locale: str,
                      mode: str = "sentence", marks: Mapping[str, str] | None = None,
                      options: SegmentOptions | None = None, mark_fallbacks: bool = False) -> Localized:
    """The source document with each segment's source range replaced by its translation.

    Every byte outside segments is copied; a segment without a translation keeps its source bytes.
    ``translations`` maps a msgid to the text to show (only what may be published: the caller leaves out
    fuzzy entries unless it builds a preview).
    ``marks`` (msgid -> draft/fuzzy/untranslated) wraps those segments in preview marks. Sentences a
    Latin-script target writes next to each other get the space their language needs.
    ``mark_fallbacks``: also return, from the same pass, the text with every segment that kept its
    source wrapped in the "fallback" mark (what the HTML page shows; the .md stays clean).
    """
    options = options or SegmentOptions(mode=mode)
    separator = sentence_separator(locale)
    spaced_source = bool(options.source_locale and sentence_separator(options.source_locale))
    blocks = parse_blocks(source_markdown, options)
    out: list[str] = []
    marked: list[str] | None = [] if mark_fallbacks else None
    fallbacks: list[str] = []
    pos = 0
    block_index = -1
    segments = segment_document(source_markdown, mode, options)
    # The document's reference labels, parsed only if a translation changed one (a definition needs "]:").
    labels = cache(lambda: reference_labels(source_markdown)) if "]:" in source_markdown else None
    for segment in segments:
        if segment.block != block_index:
            block_index = segment.block
            block = blocks[block_index]
            previous_end = -1
            previous_translated = False
            prefix = _continuation_prefix(block, source_markdown)
        gap = source_markdown[pos:segment.start]
        line_start = segment.start == block.start or "\n" in gap
        line_end = source_markdown.find("\n", segment.end)
        tail = source_markdown[segment.end:line_end if line_end >= 0 else len(source_markdown)]
        written = _write_translation(translations.get(segment.text, ""), segment, block, line_start, tail,
                                     prefix, labels, options.protected_patterns)
        translated = bool(written)
        if not translated:
            written = source_markdown[segment.start:segment.end]
            fallbacks.append(segment.text)
        mark = marks.get(segment.text) if marks and block.encoding == "markdown" else None
        if mark:
            written = MARK_OPEN[mark] + written + MARK_CLOSE
        lead = ""
        if previous_end == segment.start and (translated or previous_translated) and not gap:
            lead = separator
        elif (spaced_source and not separator and previous_end >= 0 and translated and previous_translated
              and gap and not gap.strip(" \t")):
            gap = ""   # a spaced source (English): Chinese and Japanese write sentences without a space
        out += (gap, lead, written)
        if marked is not None:
            if not translated and not mark and block.encoding == "markdown":
                written = MARK_OPEN["fallback"] + written + MARK_CLOSE
            marked += (gap, lead, written)
        pos = previous_end = segment.end
        previous_translated = translated
    out.append(source_markdown[pos:])
    text = "".join(out)
    if marked is not None:
        marked.append(source_markdown[pos:])
    return Localized(text, tuple(fallbacks), len(segments), "".join(marked) if marked is not None else None)


def localize_markdown(source_markdown: str, translations: Mapping[str, str], locale: str,
                      mode: str = "sentence", marks: Mapping[str, str] | None = None,
                      options: SegmentOptions | None = None) -> str:
    """:func:`localize_document`'s text."""
    return localize_document(source_markdown, translations, locale, mode, marks, options).text


def document_title(markdown: str, options: SegmentOptions | None = None,
                   translations: Mapping[str, str] | None = None) -> str | None:
    """Plain text of the document's title: its front-matter ``title``, else its first level-1 heading,
    else its first heading; with ``translations``, that block of the source ``markdown`` translated
    (title blocks are one segment each)."""
    blocks = parse_blocks(markdown, options)
    for kinds in ((f"{FRONT_MATTER_KIND}:title",), ("title",), ("heading",)):
        for block in blocks:
            if block.kind in kinds:
                text = _clean(translations.get(block.text, "")) if translations else ""
                return inline_text(_strip_marks(text or block.text)) or None
    return None


def _strip_marks(text: str) -> str:
    for opener in MARK_OPEN.values():
        text = text.replace(opener, "")
    return text.replace(MARK_CLOSE, "")


# ---------------------------------------------------------------------------------------------- HTML

def _preview_banner() -> str:
    keys = " ".join(f'<mark class="l10n-{state}">{escape(MARK_TITLES[state])}</mark>'
                    for state in ("draft", "fuzzy", "untranslated"))
    return (f'<div class="preview-banner" lang="en"><strong>Preview build, not for publication.</strong> '
            f"Marked text: {keys}.</div>\n")


def render_html(markdown: str, locale: str, title: str, switcher: Sequence[Alternate],
                drafts: bool = False, index_href: str | None = "../index.html",
                source_lang: str | None = None, heading_ids: Sequence[str] | None = None) -> str:
    """A self-contained HTML page for one localized document.

    Raw HTML in the Markdown is shown as text; in a ``drafts`` preview the segment marks written by
    :func:`localize_markdown` become highlights and a banner explains them. In a published page only
    ``fallback`` marks are recognised: source text shown for a missing translation, which becomes a
    ``<span lang="{source_lang}">`` so readers, screen readers and CSS can tell. Headings get ids, the
    source document's ``heading_ids`` when given (anchors are the same in every locale, see
    :mod:`l10n.html`).
    """
    return _render_page(markdown, locale, title, switcher, drafts, index_href, source_lang, heading_ids)[0]


def _render_page(markdown: str, locale: str, title: str, switcher: Sequence[Alternate], drafts: bool,
                 index_href: str | None, source_lang: str | None, heading_ids: Sequence[str] | None,
                 ) -> tuple[str, tuple[str, ...]]:
    """:func:`render_html` and the ids its headings got."""
    nav = []
    if index_href:
        nav.append(f'<a class="home" href="{escape(index_href)}" title="index">&#8962;</a>')
    if switcher:
        nav.append(language_switcher(switcher, locale))
    head = "".join(f'<link rel="alternate" hreflang="{bcp47(a.locale)}" href="{escape(a.href)}">\n'
                   for a in switcher if a.locale != locale)
    article = render_article(markdown, marks=True if drafts else ("fallback",), source_lang=source_lang,
                             heading_ids=heading_ids)
    body = (f'<header class="site">{"".join(nav)}</header>\n'
            "<main>\n"
            + (_preview_banner() if drafts else "")
            + "<article>\n"
            + article.html
            + "</article>\n</main>\n")
    return page(bcp47(locale), title, body, ARTICLE_CSS + _HEADER_CSS, head), article.heading_ids


_HEADER_CSS = """\
header.site { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
header.site .home { text-decoration: none; font-size: 1.2rem; }
"""


@dataclass(frozen=True)
class IndexLink:
    document: str
    locale: str
    title: str
    href: str


def render_index(project_id: str, source_locale: str, locales: Sequence[str], links: Sequence[IndexLink],
                 drafts: bool = False, unpublished: Sequence[DocumentBuild] = ()) -> str:
    """``index.html``: one row per document, one column per language, each cell the localized title, or
    for a document below its locale's build threshold, that it is not published and how far it is."""
    by_key = {(link.document, link.locale): link for link in links}
    not_published = {(d.document, d.locale): d for d in unpublished}
    documents = sorted({link.document for link in links} | {d.document for d in unpublished})
    head_cells = "".join(f'<th lang="{bcp47(locale)}">{escape(language_name(locale))}</th>'
                         for locale in locales)
    rows = []
    for document in documents:
        cells = []
        for locale in locales:
            link = by_key.get((document, locale))
            skipped = not_published.get((document, locale))
            if skipped is not None:
                cells.append(f'<td class="l10n-unpublished" lang="en">not published: {skipped.percent:.0f}% '
                             f"translated, {skipped.threshold:g}% needed</td>")
            elif link is None:
                cells.append("<td></td>")
            else:
                cells.append(f'<td lang="{bcp47(locale)}"><a href="{escape(link.href)}" '
                             f'hreflang="{bcp47(locale)}">{escape(link.title)}</a></td>')
        rows.append(f"<tr><th><code>{escape(document)}</code></th>{''.join(cells)}</tr>")
    body = ("<main>\n"
            + (_preview_banner() if drafts else "")
            + f"<h1>{escape(project_id)}</h1>\n"
            + f'<table class="index"><thead><tr><th></th>{head_cells}</tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody></table>\n</main>\n")
    return page(bcp47(source_locale), project_id, body, ARTICLE_CSS + _INDEX_CSS)


_INDEX_CSS = """\
table.index { border-collapse: collapse; margin: 1rem 0; }
table.index th, table.index td { border-bottom: 1px solid var(--rule); padding: .6rem .8rem; text-align: left;
  vertical-align: top; line-height: 1.5; }
table.index th code { white-space: nowrap; }
table.index td.l10n-unpublished { color: var(--muted, #666); font-size: .9em; }
main { max-width: 72rem; }
"""


# ---------------------------------------------------------------------------------------------- project

@dataclass(frozen=True)
class DocumentBuild:
    """One document in one locale: whether it is published (po4a's rule: per document, against the
    locale's build threshold) and how many of its segments a published page shows as source text."""

    locale: str
    document: str
    done: int             # distinct segments with a usable translation
    total: int            # distinct segments in the source document
    threshold: float      # percent
    published: bool
    fallbacks: int = 0    # segments shown in the source language on the published page
    source: bool = False  # the source locale's own page
    forced: bool = False  # published below the threshold because of --force

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0

    @property
    def missing(self) -> int:
        """Segments still to translate to reach the threshold."""
        return max(0, math.ceil(self.threshold * self.total / 100 - 1e-9) - self.done)

    @property
    def message(self) -> str:
        """Why an unpublished document is not published, and what to do."""
        return (f"{self.locale} {self.document}: {self.percent:.1f}% translated ({self.done} of {self.total} "
                f"segments), below the {self.threshold:g}% build threshold; {self.missing} more to go "
                f"(or build it anyway with --force)")

    def summary_line(self) -> str:
        if self.source:
            return f"{self.locale:<11} {self.document:<28} published   source"
        if not self.published:
            return (f"{self.locale:<11} {self.document:<28} skipped     {self.done}/{self.total} translated "
                    f"({self.percent:.1f}% < {self.threshold:g}%), {self.missing} more to go")
        fallback = (f", {self.fallbacks} fallback segment{'s' if self.fallbacks != 1 else ''} in the source "
                    "language" if self.fallbacks else ", no fallback")
        return (f"{self.locale:<11} {self.document:<28} published   {self.done}/{self.total} translated "
                f"({self.percent:.1f}%){fallback}{' (forced)' if self.forced else ''}")


@dataclass(frozen=True)
class BuildReport(OutputReport):
    documents: tuple[DocumentBuild, ...] = ()  # every document in every locale, published or not
    locales: tuple[str, ...] = ()              # locales whose pages were (re)generated in this run
    selected: frozenset[str] = frozenset()     # locales asked for (default: all)

    @property
    def skipped(self) -> tuple[DocumentBuild, ...]:
        """Documents of the selected locales not published: below their locale's build threshold."""
        return tuple(d for d in self.documents if not d.published and d.locale in self.selected)

    @property
    def with_fallbacks(self) -> tuple[DocumentBuild, ...]:
        """Published pages of the selected locales that show some source text: what --strict refuses."""
        return tuple(d for d in self.documents if d.published and d.fallbacks and d.locale in self.selected)

    def summary(self) -> str:
        """Per locale and document: published or skipped, and fallback segments."""
        return "".join(d.summary_line() + "\n" for d in self.documents if d.locale in self.selected)


@dataclass(frozen=True)
class _Usable:
    """What one catalog may contribute to a build."""

    translations: dict[str, str] = field(default_factory=dict)
    marks: dict[str, str] = field(default_factory=dict)


def usable_translations(catalog: Catalog | None, drafts: bool) -> _Usable:
    """Reviewed translations; with ``drafts`` also machine drafts and fuzzy guesses, marked as such."""
    translations: dict[str, str] = {}
    marks: dict[str, str] = {}
    for entry in catalog.active() if catalog else ():
        if entry.msgctxt is not None or entry.msgid_plural is not None:
            continue
        state = entry_state(entry)
        if state == "translated" or (drafts and state in ("draft", "fuzzy")):
            if entry.msgstr.strip():
                translations[entry.msgid] = entry.msgstr
                if state != "translated":
                    marks[entry.msgid] = state
    return _Usable(translations, marks)


def build_path(build_dir: Path, locale: str, document: str, suffix: str) -> Path:
    """``build_dir/locale/document.suffix``, refusing any name that could leave ``build_dir``."""
    if not _SAFE_LOCALE.match(locale):
        raise L10nError(f"locale {locale!r} cannot name a build folder", build_dir,
                        hint="use a locale identifier such as zh_Hans or en")
    if not DOC_NAME.match(document):
        raise L10nError(f"document name {document!r} cannot name a build file", build_dir,
                        hint="rename the source file to letters, digits, '.', '_' or '-'")
    root = build_dir.resolve()
    path = (root / locale / f"{document}{suffix}").resolve()
    if root not in path.parents:
        raise L10nError(f"build path {path} would leave the build folder", build_dir,
                        hint="remove the symbolic link or rename the document")
    return path


@dataclass(frozen=True)
class _Page:
    document: Document
    locale: str
    markdown: str       # what build/<locale>/<doc>.md holds
    marked: str         # the same with fallback (or preview) marks, for the HTML
    title: str
    build: DocumentBuild


def _document_page(config: Config, locale: str, document: Document, catalog: Catalog | None, drafts: bool,
                   force: bool) -> _Page:
    """One document localized to ``locale`` from its ``catalog`` (None: none yet), with its publishing
    decision."""
    options = segment_options(config)
    msgids = {segment.text for segment in segment_document(document.text, options.mode, options)}
    if locale == config.source_locale:
        markdown = document.text
        markdown += "" if markdown.endswith("\n") else "\n"
        build = DocumentBuild(locale, document.name, len(msgids), len(msgids), 0.0, True, source=True)
        return _Page(document, locale, markdown, markdown, document_title(markdown, options) or document.name,
                     build)
    usable = usable_translations(catalog, drafts)
    fallback = {m for m in msgids if not _clean(usable.translations.get(m, ""))}
    done = len(msgids) - len(fallback)
    threshold = config.build_threshold_for(locale)
    reached = done * 100 >= threshold * len(msgids)
    build = DocumentBuild(locale, document.name, done, len(msgids), threshold, reached or force,
                          len(fallback), forced=force and not reached)

    def ending(text: str) -> str:
        return text if text.endswith("\n") else text + "\n"

    if drafts:
        marks = {**{m: "untranslated" for m in msgids if m not in usable.translations}, **usable.marks}
        markdown = marked = ending(localize_document(document.text, usable.translations, locale, options.mode,
                                                     marks, options).text)
    else:
        # One splice gives both the clean .md and the HTML's text with fallback marks.
        localized = localize_document(document.text, usable.translations, locale, options.mode, None, options,
                                      mark_fallbacks=bool(fallback))
        markdown = ending(localized.text)
        marked = ending(localized.marked) if localized.marked is not None else markdown
    title = document_title(document.text, options, usable.translations) or document.name
    return _Page(document, locale, markdown, marked, title, build)


def _document_pages(config: Config, document: Document, locales: Sequence[str], drafts: bool,
                    forced: Sequence[str]) -> tuple[list[_Page], list[Freshness]]:
    """The document's page in each of ``locales`` and the freshness of its template and catalogs, each
    file read once (the staleness test and the pages share the catalogs)."""
    expected = expected_keys(document, config.segmentation, segment_options(config))
    template = config.template_path(document.name)
    freshness = [compare(document, None, template, expected,
                         read_catalog(template) if template.exists() else None)]
    catalogs: dict[str, Catalog | None] = {}
    for locale in config.target_locales:
        path = config.catalog_path(locale, document.name)
        catalogs[locale] = read_catalog(path) if path.exists() else None
        freshness.append(compare(document, locale, path, expected, catalogs[locale]))
    pages = [_document_page(config, locale, document, catalogs.get(locale), drafts, locale in forced)
             for locale in locales]
    return pages, freshness


def build_project(config: Config, locales: Sequence[str] | None = None, drafts: bool = False,
                  force: bool = False) -> BuildReport:
    """Build every document in the source locale and in each target locale where it is complete enough.

    A document is published for a locale when that locale's translation of it reaches the locale's
    build threshold (``--force`` publishes the selected locales anyway); the index says which are not.
    ``locales`` limits which locales' pages are written (default: the source and all targets); the
    index and the language switchers always list every published page. Everything is computed before
    the first file is written, so bad input (a broken or stale catalog) changes nothing. Pages the tool
    wrote earlier that are no longer produced are removed (see :mod:`l10n.outputs`).
    """
    all_locales = [config.source_locale, *config.target_locales]
    selected = config.select_locales(locales, with_source=True)
    documents = require_documents(config.source_dir)
    # Document by document (each parsed once, its catalogs read once), then in the locale-major order
    # of the index; nothing is written before every catalog is known to be current.
    pages_of: dict[str, list[_Page]] = {}
    freshness: list[Freshness] = []
    for document in documents:
        pages_of[document.name], fresh = _document_pages(config, document, all_locales, drafts,
                                                         selected if force else ())
        freshness += fresh
    refuse_stale_files(config, freshness, "build")
    pages = [pages_of[document.name][k] for k in range(len(all_locales)) for document in documents]
    published = [page for page in pages if page.build.published]
    by_document: dict[str, list[str]] = {}
    for page in published:
        by_document.setdefault(page.document.name, []).append(page.locale)

    outputs: list[tuple[Path, str]] = []
    keep: list[Path] = []
    source_ids: dict[str, tuple[str, ...]] = {}   # document -> its headings' ids, which every locale uses
    for page in published:
        name = page.document.name
        md_path = build_path(config.build_dir, page.locale, name, ".md")
        html_path = build_path(config.build_dir, page.locale, name, ".html")
        if page.locale not in selected:
            keep += [md_path, html_path]
            continue
        switcher = [Alternate(other, "../" + url_path(other, f"{name}.html")) for other in by_document[name]]
        is_source = page.locale == config.source_locale
        if not is_source and name not in source_ids:   # the source page is not rendered in this run
            source_ids[name] = render_article(page.document.text).heading_ids
        html_text, ids = _render_page(page.marked, page.locale, page.title, switcher, drafts, "../index.html",
                                      bcp47(config.source_locale), None if is_source else source_ids[name])
        if is_source:
            source_ids[name] = ids
        outputs.append((md_path, page.markdown))
        outputs.append((html_path, html_text))
    links = [IndexLink(page.document.name, page.locale, page.title, url_path(page.locale, f"{page.document.name}.html"))
             for page in published]
    unpublished = [page.build for page in pages if not page.build.published]
    index = render_index(config.project_id, config.source_locale, all_locales, links, drafts, unpublished)
    outputs.append((config.build_dir.resolve() / "index.html", index))

    synced = sync_outputs(config.build_dir, outputs, keep)
    written_locales = tuple(l for l in all_locales if l in selected and l in {p.locale for p in published})
    return BuildReport.of(synced, documents=tuple(page.build for page in pages), locales=written_locales,
                          selected=frozenset(selected))

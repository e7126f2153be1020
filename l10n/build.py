"""``l10n build``: the source documents with translated segments in place, as Markdown and HTML.

For every document and locale (the source locale too) it writes ``<build-dir>/<locale>/<doc>.md`` and
``.html``, and ``<build-dir>/index.html`` linking every page. The pure core is :func:`localize_markdown`
(source Markdown + translations -> localized Markdown) and :func:`render_html`; :func:`build_project`
reads the project, decides which locales are complete enough, and writes only files whose text changed.

The localized Markdown keeps every line of the source that holds no translatable text (blank lines,
code, rules) and writes each translatable block on one line: its source prefix (``## ``, ``1. ``,
``> ``) and its segments joined without spaces in Chinese and with one space elsewhere. One line per
block means no soft line break ever reaches the renderer, which would turn it into a space between
two Chinese characters.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import L10nError
from .outputs import BuiltFile, sync_outputs
from .html import (ARTICLE_CSS, MARK_CLOSE, MARK_OPEN, MARK_TITLES, Alternate, bcp47, escape,
                   inline_text, language_name, language_switcher, page, render_markdown,
                   url_path)
from .lang import is_cjk, sentence_separator
from .po import Catalog, entry_state, read_catalog
from .segment import Block, block_pieces, normalise_soft_breaks, parse_blocks, segment_document
from .source import DOC_NAME, Document, require_documents
from .stale import refuse_stale

_SAFE_LOCALE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


# ---------------------------------------------------------------------------------------------- localize

@dataclass(frozen=True)
class _Piece:
    lead: str           # whitespace before the sentence in the source block
    text: str           # what is shown: the translation, or the source sentence
    trail: str          # whitespace after it in the source block
    translated: bool
    mark: str | None    # preview mark: draft, fuzzy, untranslated


# Line starts that would turn a paragraph (or a list item's text) into another block: ATX heading,
# bullet, ordered-list number, block quote, fence, link reference definition, HTML block.
_BLOCK_START = re.compile(
    r"#{1,6}(?:[ \t]|$)|[-+*](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$)|>|```|~~~"
    r"|\[(?:[^\]\\]|\\.)+\]:|<(?:[/!?]|[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$))")
_THEMATIC_BREAK = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_CLOSING_HASHES = re.compile(r"([ \t])(#+[ \t]*)$")
_BLANK_LINES = re.compile(r"\n[ \t\n]*\n")


def _guard_start(text: str) -> str:
    """Backslash-escape a translation's first character when it would start a different block."""
    match = _BLOCK_START.match(text) or _THEMATIC_BREAK.match(text)
    if not match:
        return text
    if text[0] in "0123456789":
        digits = len(text) - len(text.lstrip("0123456789"))
        return text[:digits] + "\\" + text[digits:]
    return "\\" + text


def _clean(translation: str) -> str:
    """A msgstr as one line of inline text: line breaks read as in the source, no edge whitespace."""
    # CommonMark ends a line at CR too, so a stray CR in a msgstr would split the block.
    text = translation.replace("\r\n", "\n").replace("\r", "\n").strip()
    text, _ = normalise_soft_breaks(_BLANK_LINES.sub("\n", text))
    return text


def _pieces(block: Block, mode: str, translations: Mapping[str, str],
            marks: Mapping[str, str] | None) -> list[_Piece]:
    pieces = []
    for raw in block_pieces(block, mode):
        core = raw.strip()
        if not core:
            continue
        lead = raw[:len(raw) - len(raw.lstrip())]
        trail = raw[len(raw.rstrip()):]
        translation = _clean(translations.get(core, ""))
        mark = marks.get(core) if marks else None
        if translation:
            pieces.append(_Piece(lead, translation, trail, True, mark))
        else:
            pieces.append(_Piece(lead, core, trail, False, mark))
    return pieces


def _separator(left: _Piece, right: _Piece, unspaced: bool) -> str:
    if not left.translated and not right.translated:
        return left.trail + right.lead  # two source sentences keep the source's spacing
    if unspaced and (is_cjk(left.text[-1]) or is_cjk(right.text[0])):
        return ""
    return " "


def localize_block(block: Block, translations: Mapping[str, str], locale: str, mode: str = "sentence",
                   marks: Mapping[str, str] | None = None) -> str:
    """The block's inline text in ``locale``: translated segments in place, the source where none.

    ``marks`` (msgid -> draft/fuzzy/untranslated) wraps those segments in preview marks.
    """
    pieces = _pieces(block, mode, translations, marks)
    if not pieces:
        return block.text
    unspaced = sentence_separator(locale) == ""
    first, last = 0, len(pieces) - 1
    out: list[str] = []
    for index, piece in enumerate(pieces):
        text = piece.text
        if index == first:
            text = _guard_start(text)
        if index == last and block.kind in ("title", "heading") and "#" in block.prefix:
            text = _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
        if block.kind == "table_cell":
            text = re.sub(r"(?<!\\)\|", r"\\|", text)
        if piece.mark:
            text = MARK_OPEN[piece.mark] + text + MARK_CLOSE
        if index > 0:
            out.append(_separator(pieces[index - 1], piece, unspaced))
        out.append(text)
    return "".join(out)


def localize_markdown(source_markdown: str, translations: Mapping[str, str], locale: str,
                      mode: str = "sentence", marks: Mapping[str, str] | None = None) -> str:
    """The source document with each block's segments replaced by their translations.

    ``translations`` maps a msgid to the text to show (only what may be published: the caller leaves
    out fuzzy entries unless it builds a preview); a segment without one keeps its source text.
    Lines without translatable text are kept byte for byte; each block becomes one line.
    """
    lines = source_markdown.split("\n")
    blocks = parse_blocks(source_markdown)
    replaced: dict[int, str] = {}    # 0-based line -> new line
    dropped: set[int] = set()        # continuation lines of blocks now written on their first line
    cells_done: dict[int, int] = {}  # table row line -> column where the next cell is searched
    for block in blocks:
        text = localize_block(block, translations, locale, mode, marks)
        first = block.line - 1
        if block.kind == "table_cell":
            row = replaced.get(first, lines[first])
            column = cells_done.get(first, 0)
            at = row.find(block.text, column)
            if at < 0:
                continue
            replaced[first] = row[:at] + text + row[at + len(block.text):]
            cells_done[first] = at + len(text)
            continue
        # A block spans its soft breaks' lines; a setext heading's underline after them is kept.
        replaced[first] = block.prefix + text
        dropped.update(range(first + 1, first + 1 + len(block.breaks)))
    out = [replaced.get(i, line) for i, line in enumerate(lines) if i not in dropped]
    return "\n".join(out)


def document_title(markdown: str) -> str | None:
    """Plain text of the document's title (its first level-1 heading), or of its first heading."""
    blocks = parse_blocks(markdown)
    for kinds in (("title",), ("heading",)):
        for block in blocks:
            if block.kind in kinds:
                return inline_text(_strip_marks(block.text)) or None
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
                source_lang: str | None = None) -> str:
    """A self-contained HTML page for one localized document.

    Raw HTML in the Markdown is shown as text; in a ``drafts`` preview the segment marks written by
    :func:`localize_markdown` become highlights and a banner explains them. In a published page only
    ``fallback`` marks are recognised: source text shown for a missing translation, which becomes a
    ``<span lang="{source_lang}">`` so readers, screen readers and CSS can tell.
    """
    nav = []
    if index_href:
        nav.append(f'<a class="home" href="{escape(index_href)}" title="index">&#8962;</a>')
    if switcher:
        nav.append(language_switcher(switcher, locale))
    head = "".join(f'<link rel="alternate" hreflang="{bcp47(a.locale)}" href="{escape(a.href)}">\n'
                   for a in switcher if a.locale != locale)
    body = (f'<header class="site">{"".join(nav)}</header>\n'
            "<main>\n"
            + (_preview_banner() if drafts else "")
            + "<article>\n"
            + render_markdown(markdown, marks=True if drafts else ("fallback",),
                              source_lang=source_lang)
            + "</article>\n</main>\n")
    return page(bcp47(locale), title, body, ARTICLE_CSS + _HEADER_CSS, head)


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
class BuildReport:
    files: tuple[BuiltFile, ...] = ()
    documents: tuple[DocumentBuild, ...] = ()  # every document in every locale, published or not
    locales: tuple[str, ...] = ()              # locales whose pages were (re)generated in this run
    removed: tuple[Path, ...] = ()             # pages the tool had written that are no longer produced
    kept_edited: tuple[Path, ...] = ()         # no longer produced but edited by hand: left in place

    @property
    def written(self) -> list[BuiltFile]:
        return [f for f in self.files if f.written]

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


def _document_page(config: Config, locale: str, document: Document, drafts: bool, force: bool) -> _Page:
    """One document localized to ``locale``, with its publishing decision."""
    msgids = {segment.text for segment in segment_document(document.text, config.segmentation)}
    if locale == config.source_locale:
        markdown = localize_markdown(document.text, {}, locale, config.segmentation)
        markdown += "" if markdown.endswith("\n") else "\n"
        build = DocumentBuild(locale, document.name, len(msgids), len(msgids), 0.0, True, source=True)
        return _Page(document, locale, markdown, markdown, document_title(markdown) or document.name, build)
    path = config.catalog_path(locale, document.name)
    usable = usable_translations(read_catalog(path) if path.exists() else None, drafts)
    fallback = {m for m in msgids if not _clean(usable.translations.get(m, ""))}
    done = len(msgids) - len(fallback)
    threshold = config.build_threshold_for(locale)
    reached = done * 100 >= threshold * len(msgids)
    build = DocumentBuild(locale, document.name, done, len(msgids), threshold, reached or force,
                          len(fallback), forced=force and not reached)
    if drafts:
        marks = {**{m: "untranslated" for m in msgids if m not in usable.translations}, **usable.marks}
        markdown = marked = localize_markdown(document.text, usable.translations, locale, config.segmentation,
                                              marks)
    else:
        markdown = localize_markdown(document.text, usable.translations, locale, config.segmentation)
        marked = (localize_markdown(document.text, usable.translations, locale, config.segmentation,
                                    dict.fromkeys(fallback, "fallback")) if fallback else markdown)
    if not markdown.endswith("\n"):
        markdown += "\n"
    if not marked.endswith("\n"):
        marked += "\n"
    return _Page(document, locale, markdown, marked, document_title(markdown) or document.name, build)


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
    refuse_stale(config, documents, "build")
    pages = [_document_page(config, locale, document, drafts, force and locale in selected)
             for locale in all_locales for document in documents]
    published = [page for page in pages if page.build.published]
    by_document: dict[str, list[str]] = {}
    for page in published:
        by_document.setdefault(page.document.name, []).append(page.locale)

    outputs: list[tuple[Path, str]] = []
    keep: list[Path] = []
    for page in published:
        name = page.document.name
        md_path = build_path(config.build_dir, page.locale, name, ".md")
        html_path = build_path(config.build_dir, page.locale, name, ".html")
        if page.locale not in selected:
            keep += [md_path, html_path]
            continue
        switcher = [Alternate(other, "../" + url_path(other, f"{name}.html")) for other in by_document[name]]
        html_text = render_html(page.marked, page.locale, page.title, switcher, drafts,
                                source_lang=bcp47(config.source_locale))
        outputs.append((md_path, page.markdown))
        outputs.append((html_path, html_text))
    links = [IndexLink(page.document.name, page.locale, page.title, url_path(page.locale, f"{page.document.name}.html"))
             for page in published]
    unpublished = [page.build for page in pages if not page.build.published]
    index = render_index(config.project_id, config.source_locale, all_locales, links, drafts, unpublished)
    outputs.append((config.build_dir.resolve() / "index.html", index))

    synced = sync_outputs(config.build_dir, outputs, keep)
    written_locales = tuple(l for l in all_locales if l in selected and l in {p.locale for p in published})
    return BuildReport(synced.files, tuple(page.build for page in pages), written_locales, synced.removed,
                       synced.kept_edited, frozenset(selected))

"""HTML pieces shared by built pages and review pages: escaping, the Markdown renderer, page skeleton, CSS.

Everything here is deterministic (no dates, no random ids), so the same input gives the same bytes.

The renderer is markdown-it-py's CommonMark with the segmenter's extensions. The author's raw HTML passes
through; whatever HTML a translation adds beyond the tags of its msgid (``<script>``, ``<img onerror=...>``)
was escaped by the build before it reaches the renderer. Two changes for Chinese text:

* Emphasis follows the CommonMark CJK-friendly amendment (tats-u/markdown-cjk-friendly, proposed in
  commonmark-spec#650): CommonMark's flanking rules treat ``**「快手」**的`` as literal asterisks, because
  the closing run sits between punctuation and a letter; the amendment lets CJK punctuation and CJK
  characters act like the spaces that Chinese text never writes.
* In preview builds (``env={"l10n_marks": True}``) the exact strings :data:`MARK_OPEN` /
  :data:`MARK_CLOSE` become ``<mark>`` elements; in published builds only the ``fallback`` mark is
  recognised and becomes ``<span class="l10n-fallback" lang="zh-Hant-TW">`` (source text shown where a
  translation is missing, in the source's language for readers, screen readers and CSS). Nowhere else is
  any HTML recognised.

Headings get ids as GitHub derives them (:func:`heading_slug`: lower case, punctuation dropped, spaces
to ``-``, ``-1``, ``-2`` after repeats; mdit-py-plugins' port of markdown-it-anchor does the numbering).
A localized page takes its ids from the *source* document's headings (``heading_ids``), so an anchor is
the same in every locale: ``[見上文](#安裝)`` (translators keep link destinations, the markup check
insists) reaches the translated heading, and a link to a section works whichever language it lands in.
Sphinx's translated builds keep the source's section ids for the same reason.
"""
from __future__ import annotations

import html
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.anchors.index import unique_slug
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, StateInline

# Markers a preview build puts around a segment; they are also what the preview Markdown file holds,
# so a Markdown viewer that allows HTML highlights the same spans.
MARK_STATES = ("draft", "fuzzy", "untranslated", "fallback")
MARK_OPEN = {state: f'<mark class="l10n-{state}">' for state in MARK_STATES}
# Marks around source text (no translation): rendered with the source's lang attribute.
SOURCE_TEXT_MARKS = frozenset({"untranslated", "fallback"})
MARK_CLOSE = "</mark>"
MARK_TITLES = {
    "draft": "machine draft, not reviewed",
    "fuzzy": "fuzzy: needs review (the source changed or the draft was edited)",
    "untranslated": "not translated yet: source text shown",
    "fallback": "not translated yet: source text shown",
}


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def bcp47(locale: str) -> str:
    """``zh_Hant_TW`` -> ``zh-Hant-TW``, the form ``lang`` and ``hreflang`` take."""
    return locale.replace("_", "-")


@lru_cache(maxsize=None)
def language_name(locale: str) -> str:
    """The language's name in itself (what a language switcher shows): 中文 (简体), English."""
    from babel import Locale

    return Locale.parse(locale).get_display_name(locale) or locale


def url_path(*parts: str) -> str:
    return "/".join(quote(part) for part in parts)


# ---------------------------------------------------------------------------------------------- emphasis

def _is_cjk(char: str) -> bool:
    """A CJK character in the amendment's sense: East Asian Wide/Fullwidth/Halfwidth, not an emoji."""
    code = ord(char)
    if 0x1F000 <= code <= 0x1FAFF:  # emoji and pictographs are Wide too, but are not CJK text
        return False
    if 0x1100 <= code <= 0x11FF or 0xA960 <= code <= 0xA97F or 0xD7B0 <= code <= 0xD7FF:
        return True  # Hangul Jamo, some of which are Neutral width
    return unicodedata.east_asian_width(char) in ("W", "F", "H")


def _is_punct(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def scan_delims_cjk(state: StateInline, start: int, can_split_word: bool) -> tuple[bool, bool, int]:
    """``StateInline.scanDelims`` with the CJK-friendly flanking rules: (can_open, can_close, length)."""
    src = state.src
    marker = src[start]
    last = src[start - 1] if start > 0 else " "
    pos = start
    while pos < state.posMax and src[pos] == marker:
        pos += 1
    nxt = src[pos] if pos < state.posMax else " "
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    last_punct, next_punct = _is_punct(last), _is_punct(nxt)
    last_cjk, next_cjk = _is_cjk(last), _is_cjk(nxt)
    last_plain_punct = last_punct and not last_cjk
    next_plain_punct = next_punct and not next_cjk
    left_flanking = not next_space and (not next_plain_punct or last_space or last_plain_punct or last_cjk)
    right_flanking = not last_space and (not last_plain_punct or next_space or next_plain_punct or next_cjk)
    can_open = left_flanking and (can_split_word or not right_flanking or last_punct)
    can_close = right_flanking and (can_split_word or not left_flanking or next_punct)
    return can_open, can_close, pos - start


def emphasis_cjk(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer, calling :func:`scan_delims_cjk` instead of ``scanDelims``."""
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False
    can_open, can_close, length = scan_delims_cjk(state, start, marker == "*")
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(marker=ord(marker), length=length, token=len(state.tokens) - 1,
                                          end=-1, open=can_open, close=can_close))
    state.pos += length
    return True


# ---------------------------------------------------------------------------------------------- marks

def _l10n_mark(state: StateInline, silent: bool) -> bool:
    allowed = state.env.get("l10n_marks")
    if not allowed or state.src[state.pos] != "<":
        return False
    for mark_state, opener in MARK_OPEN.items():
        if state.src.startswith(opener, state.pos) and (allowed is True or mark_state in allowed):
            if not silent:
                token = state.push("l10n_mark_open", "mark", 0)
                token.meta = {"state": mark_state}
            state.pos += len(opener)
            return True
    if state.src.startswith(MARK_CLOSE, state.pos):
        if not silent:
            state.push("l10n_mark_close", "mark", 0)
        state.pos += len(MARK_CLOSE)
        return True
    return False


def _render_mark_open(self: object, tokens: list, idx: int, options: object, env: dict) -> str:
    mark_state = tokens[idx].meta["state"]
    env["l10n_open_mark"] = mark_state
    lang = env.get("l10n_source_lang")
    lang_attr = f' lang="{escape(lang)}"' if lang and mark_state in SOURCE_TEXT_MARKS else ""
    if mark_state == "fallback":
        return f'<span class="l10n-fallback"{lang_attr}>'
    return f'<mark class="l10n-{mark_state}"{lang_attr} title="{escape(MARK_TITLES[mark_state])}">'


def _render_mark_close(self: object, tokens: list, idx: int, options: object, env: dict) -> str:
    return "</span>" if env.pop("l10n_open_mark", None) == "fallback" else MARK_CLOSE


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The segmenter's syntax (CommonMark + GFM tables, strikethrough, alerts, task lists, front matter,
    footnotes, definition lists, CJK-friendly emphasis), the author's raw HTML passed through, preview
    marks."""
    from .segment import new_markdown_parser

    md = new_markdown_parser()
    # Marks are not nesting tokens: a segment boundary may fall inside **...**, and nesting tokens
    # would hide the closing delimiter from its opener.
    md.inline.ruler.before("autolink", "l10n_mark", _l10n_mark)
    md.add_render_rule("l10n_mark_open", _render_mark_open)
    md.add_render_rule("l10n_mark_close", _render_mark_close)
    md.add_render_rule("front_matter", lambda *args: "")
    md.core.ruler.push("l10n_heading_ids", _heading_ids)
    return md


_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


def heading_slug(text: str) -> str:
    """GitHub's anchor of a heading's text: lower case, everything but letters, digits (CJK included),
    ``_``, ``-`` and spaces dropped, each space a ``-``."""
    return _NOT_IN_SLUG.sub("", text.strip().lower()).replace(" ", "-")


def _heading_ids(state: StateCore) -> None:
    """With ``env["l10n_anchors"]``: an id on every heading, the caller's (``l10n_heading_ids``, one per
    heading) or derived from its text (text and code, as markdown-it-anchor reads it); the ids given go to
    ``env["l10n_heading_ids_out"]``."""
    if not state.env.get("l10n_anchors"):
        return
    openers = [k for k, token in enumerate(state.tokens) if token.type == "heading_open"]
    given = state.env.get("l10n_heading_ids")
    if given is None or len(given) != len(openers):
        used: set[str] = set()
        given = []
        for k in openers:
            title = "".join(child.content for child in state.tokens[k + 1].children or ()
                            if child.type in ("text", "code_inline"))
            slug = heading_slug(title)
            given.append(unique_slug(slug, used) if slug else "")
    for k, heading_id in zip(openers, given):
        if heading_id:   # a heading without text gets no anchor
            state.tokens[k].attrSet("id", heading_id)
    state.env["l10n_heading_ids_out"] = tuple(given)


@dataclass(frozen=True)
class Rendered:
    """An article's HTML and the id of each of its headings, in order."""

    html: str
    heading_ids: tuple[str, ...]


def render_article(markdown: str, marks: bool | Collection[str] = False, source_lang: str | None = None,
                   heading_ids: Sequence[str] | None = None) -> Rendered:
    """A built page's article: :func:`render_markdown` with an id on every heading.

    ``heading_ids``: the ids to give the headings (a localized page passes its source's); unless there
    are as many as headings, each heading's id is derived from its own text.
    """
    env = _env(marks, source_lang)
    env["l10n_anchors"] = True
    env["l10n_heading_ids"] = None if heading_ids is None else tuple(heading_ids)
    body = markdown_parser().render(markdown, env)
    return Rendered(body, env["l10n_heading_ids_out"])


def render_markdown(markdown: str, marks: bool | Collection[str] = False, source_lang: str | None = None) -> str:
    """HTML of ``markdown``; ``marks``: True for every preview mark, or the mark states to recognise.

    ``source_lang`` (BCP 47) is the lang attribute given to marks around source text.
    """
    return markdown_parser().render(markdown, _env(marks, source_lang))


def _env(marks: bool | Collection[str], source_lang: str | None) -> dict:
    allowed = marks if isinstance(marks, bool) else frozenset(marks)
    return {"l10n_marks": allowed, "l10n_source_lang": source_lang}


def inline_text(markdown: str) -> str:
    """The plain text a reader sees in one line of inline Markdown (for ``<title>``)."""
    parts: list[str] = []
    for token in markdown_parser().parseInline(markdown, {}):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "image":
                parts.append(child.content)
    return " ".join("".join(parts).split())


# ---------------------------------------------------------------------------------------------- page

@dataclass(frozen=True)
class Alternate:
    """One entry of a language switcher: the same document in another locale."""

    locale: str
    href: str


def language_switcher(alternates: Sequence[Alternate], current: str) -> str:
    items = []
    for alternate in alternates:
        tag = bcp47(alternate.locale)
        name = escape(language_name(alternate.locale))
        if alternate.locale == current:
            items.append(f'<li><span lang="{tag}" aria-current="page">{name}</span></li>')
        else:
            items.append(f'<li><a href="{escape(alternate.href)}" hreflang="{tag}" lang="{tag}">'
                         f'{name}</a></li>')
    return ('<nav class="switcher" aria-label="Language / 語言 / 语言"><ul>' + "".join(items)
            + "</ul></nav>")


def page(lang: str, title: str, body: str, css: str, head: str = "") -> str:
    """A complete, self-contained HTML5 document (CSS inline, no scripts, no external resources)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"{head}"
        f"<style>\n{css}</style>\n"
        "</head>\n"
        "<body>\n"
        f"{body}"
        "</body>\n"
        "</html>\n"
    )


BASE_CSS = """\
:root { color-scheme: light; --text: #1f2328; --muted: #5b6470; --rule: #d8dee4; --link: #0a5bc4;
  --draft: #dbeafe; --draft-edge: #3b82f6; --fuzzy: #fef3c7; --fuzzy-edge: #d97706;
  --todo: #eceff3; --todo-edge: #8b95a1; --done-edge: #2da44e; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--text); background: #fff; font-size: 18px; -webkit-text-size-adjust: 100%;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
a { color: var(--link); }
:lang(zh-Hant) { font-family: "PingFang TC", "Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC",
  "Microsoft JhengHei", sans-serif; }
:lang(zh-Hans) { font-family: "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
  "Microsoft YaHei", sans-serif; }
/* Latin text inside a Chinese page (or the reverse) must not inherit the other script's font. */
:lang(en) { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
  sans-serif; }
/* Chinese: strict line breaking (no 。or 」 at a line start), no italics (they slant Han badly). */
:lang(zh) { line-break: strict; word-break: normal; overflow-wrap: anywhere; text-autospace: normal;
  text-spacing-trim: normal; }
:lang(zh) em { font-style: normal; text-emphasis: filled dot; text-emphasis-position: under right;
  -webkit-text-emphasis: filled dot; -webkit-text-emphasis-position: under; }
.switcher ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
.switcher [aria-current] { font-weight: 600; }
/* Preview marks differ in line style as well as colour, for readers who cannot tell the colours apart. */
mark { color: inherit; text-underline-offset: .28em; text-decoration-thickness: 2px; }
mark.l10n-draft { background: var(--draft); text-decoration-line: underline; text-decoration-style: dotted;
  text-decoration-color: var(--draft-edge); }
mark.l10n-fuzzy { background: var(--fuzzy); text-decoration-line: underline; text-decoration-style: wavy;
  text-decoration-color: var(--fuzzy-edge); text-decoration-thickness: 1.5px; }
mark.l10n-untranslated { background: var(--todo); text-decoration-line: underline; text-decoration-style: dashed;
  text-decoration-color: var(--todo-edge); }
"""

ARTICLE_CSS = BASE_CSS + """\
header.site { border-bottom: 1px solid var(--rule); padding: .6rem 1.25rem; font-size: .9rem; }
header.site .switcher ul { justify-content: flex-end; }
main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
article { line-height: 1.65; }
html:lang(en) article { font-family: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif;
  hyphens: auto; }
article:lang(zh) { line-height: 1.9; letter-spacing: .02em; text-align: justify; }
article h1 { font-size: 1.9rem; line-height: 1.3; margin: .5rem 0 1.5rem; }
article h2 { font-size: 1.35rem; line-height: 1.4; margin: 2.4rem 0 .8rem; }
article h3 { font-size: 1.15rem; margin: 2rem 0 .6rem; }
article p, article ul, article ol, article blockquote { margin: 0 0 1.1em; }
article li { margin: .3em 0; }
article blockquote { border-left: 3px solid var(--rule); padding-left: 1em; color: var(--muted); }
article img { max-width: 100%; height: auto; }
article code { font-size: .9em; }
article table { border-collapse: collapse; }
article th, article td { border: 1px solid var(--rule); padding: .3em .6em; }
.preview-banner { background: #fffbeb; border: 1px solid #f2d48f; border-radius: 6px; padding: .6rem .9rem;
  margin: 0 0 1.5rem; font-size: .9rem; line-height: 1.6; font-family: system-ui, sans-serif; }
.preview-banner mark { padding: 0 .3em; }
"""

REVIEW_CSS = BASE_CSS + """\
body { font-size: 15px; line-height: 1.55; }
main { max-width: 100rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.5rem; margin: .3rem 0 .8rem; }
.summary { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; margin: .5rem 0 1rem; }
.bar { display: flex; width: 22rem; max-width: 100%; height: .8rem; border-radius: .4rem; overflow: hidden;
  background: var(--todo); }
.bar span { display: block; height: 100%; }
.bar .translated, .key.translated { background: var(--done-edge); }
.bar .draft, .key.draft { background: var(--draft-edge); }
.bar .fuzzy, .key.fuzzy { background: var(--fuzzy-edge); }
.bar .untranslated, .key.untranslated { background: var(--todo-edge); }
.key { display: inline-block; width: .8rem; height: .8rem; border-radius: .2rem; vertical-align: -.05rem;
  margin-right: .3rem; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; color: var(--muted); font-size: .9rem; }
table.segments { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.segments th { text-align: left; font-size: .8rem; color: var(--muted); font-weight: 600;
  border-bottom: 2px solid var(--rule); padding: .4rem .5rem; }
table.segments td { vertical-align: top; padding: .5rem .5rem; border-bottom: 1px solid var(--rule); }
col.num { width: 4.2rem; } col.state { width: 7.5rem; } col.findings { width: 22%; }
td.num { color: var(--muted); font-size: .8rem; font-variant-numeric: tabular-nums; }
td.num a { color: inherit; text-decoration: none; }
tr.translated td.state { box-shadow: inset 4px 0 var(--done-edge); }
tr.draft td { background: #f3f8ff; } tr.draft td.state { box-shadow: inset 4px 0 var(--draft-edge); }
tr.fuzzy td { background: #fffaeb; } tr.fuzzy td.state { box-shadow: inset 4px 0 var(--fuzzy-edge); }
tr.untranslated td { background: #f6f7f9; } tr.untranslated td.state { box-shadow: inset 4px 0 var(--todo-edge); }
tr.untranslated td.target { color: var(--muted); font-style: italic; }
td.state { font-size: .8rem; font-weight: 600; padding-left: .8rem; }
td.state small { display: block; font-weight: 400; color: var(--muted); overflow-wrap: anywhere; }
.kind { display: block; font-size: .72rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.term { border-bottom: 2px solid #8250df; background: #f5f0ff; border-radius: 2px; }
.term.missing { border-bottom-color: #cf222e; background: #ffebe9; }
.note, .previous { display: block; margin-top: .3rem; font-size: .8rem; color: var(--muted); }
.previous del { color: #a40e26; background: #ffebe9; } .previous ins { color: #116329; background: #dafbe1;
  text-decoration: none; }
ul.findings { list-style: none; margin: 0; padding: 0; font-size: .82rem; }
ul.findings li { margin: 0 0 .35rem; padding-left: .5rem; border-left: 3px solid var(--rule); }
ul.findings li.error { border-color: #cf222e; } ul.findings li.warning { border-color: #d97706; }
ul.findings li.info { border-color: #8b95a1; }
ul.findings b { text-transform: uppercase; font-size: .7rem; letter-spacing: .04em; }
ul.findings code { font-size: .75rem; color: var(--muted); }
.file-findings { margin: 0 0 1rem; }
table.index { border-collapse: collapse; margin: 1rem 0; }
table.index th, table.index td { border-bottom: 1px solid var(--rule); padding: .45rem .8rem; text-align: left;
  vertical-align: middle; }
table.index .bar { width: 12rem; }
"""

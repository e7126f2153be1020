"""Carry fixed tokens through machine translation, for any engine, and say which ones did not survive.

Fixed tokens are spans of the source whose rendering is decided before MT runs: glossary terms
(可灵 -> "Kling"), Latin names (Runway), @handles, URLs, numbers. :func:`protect` replaces each span with its
*required output itself* rather than with a placeholder, and :func:`restore` checks the translation for it.

Why the target term and not a placeholder such as ``⟦0⟧`` or ``XYZ1``: the Argos zh->en models (like most NMT
models) were trained on real sentences in which Latin names, handles, URLs and numbers inside Chinese text are
copied verbatim, so they copy an injected "Kling" too, and the words around it stay fluent because the model sees
a real name in a real sentence. A placeholder is an unknown piece to the model: it gets dropped, duplicated,
translated or split, and it often derails the words next to it. Injecting also needs no repair in the common
case, and it works unchanged for a non-MT engine (OpenCC passes a Simplified rendering through as is).

What models still do to copied terms is change their case (``kling``) or split them (``@ brain_racked``):
:func:`restore` finds such near copies (case and whitespace ignored, whole words only) and writes the exact
required text back. Anything it cannot find is returned as lost, so the caller can mark the draft for review
instead of shipping a wrong name.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Slot:
    """One protected span: what the engine was given in its place, and what the translation must contain."""

    marker: str
    required: str


@dataclass(frozen=True)
class Protected:
    """Text ready for the engine, and the slots to check in its output (in source order)."""

    text: str
    slots: tuple[Slot, ...]


def protect(text: str, spans: Sequence[tuple[int, int, str]]) -> Protected:
    """Replace each ``(start, end, required_output)`` span of *text* with *required_output*.

    Spans may come in any order but must not overlap. An injected Latin word is kept apart from Latin letters or
    digits next to it (``可灵AI`` -> ``Kling AI``), so the model and :func:`restore` both see whole words.

    >>> protect("快手可灵AI的出现", [(2, 4, "Kling")]).text
    '快手Kling AI的出现'
    """
    ordered = sorted(spans)
    parts: list[tuple[str, bool]] = []
    position = 0
    for start, end, required in ordered:
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span ({start}, {end}) is outside a text of length {len(text)}")
        if start < position:
            raise ValueError(f"span ({start}, {end}) overlaps the span before it")
        if not required:
            raise ValueError(f"span ({start}, {end}) has an empty required output")
        parts += [(text[position:start], False), (required, True)]
        position = end
    parts.append((text[position:], False))
    return Protected(_join_apart(parts), tuple(Slot(marker=r, required=r) for _, _, r in ordered))


def restore(translation: str, protected: Protected) -> tuple[str, list[str]]:
    """Return *translation* with every protected term in its exact required form, and the required outputs lost.

    Exact copies are matched first, then near copies (other case, inserted or dropped whitespace); each
    occurrence in the translation answers one slot, longest markers first so "Kling AI" is not taken as "Kling".
    """
    slots = protected.slots
    if not slots:
        return translation, []
    taken: list[tuple[int, int, str]] = []
    found = [False] * len(slots)
    longest_first = sorted(range(len(slots)), key=lambda i: -len(slots[i].marker))
    for lenient in (False, True):
        for i in longest_first:
            if found[i] or not lenient and slots[i].marker not in translation:   # (no exact copy: skip the regex)
                continue
            for match in _occurrences(_pattern(slots[i].marker, lenient), translation):
                if not any(match.start() < end and start < match.end() for start, end, _ in taken):
                    taken.append((match.start(), match.end(), slots[i].required))
                    found[i] = True
                    break
    restored = translation
    for start, end, required in sorted(taken, reverse=True):
        restored = restored[:start] + required + restored[end:]
    return restored, [slot.required for slot, ok in zip(slots, found, strict=True) if not ok]


def _occurrences(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, overlapping ones too: in ``**\\***`` the closing ``**`` starts inside the ``\\*`` before it."""
    at = 0
    while (match := pattern.search(text, at)) is not None:
        yield match
        at = match.start() + 1


def _join_apart(parts: list[tuple[str, bool]]) -> str:
    text = ""
    previous_is_marker = False
    for piece, is_marker in parts:
        if piece and text and (is_marker or previous_is_marker) and _is_latin_word(text[-1]) \
                and _is_latin_word(piece[0]):
            text += " "
        text += piece
        if piece or is_marker:
            previous_is_marker = is_marker
    return text


def _is_latin_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


@functools.lru_cache(maxsize=4096)   # the same names, numbers and delimiters recur in every document
def _pattern(marker: str, lenient: bool) -> re.Pattern[str]:
    if lenient:
        body = r"\s*".join(r"\s*" if char.isspace() else re.escape(char) for char in marker)
    else:
        body = re.escape(marker)
    return re.compile(_edge_before(marker[0]) + body + _edge_after(marker[-1]),
                      re.IGNORECASE if lenient else 0)


def _edge_before(char: str) -> str:
    """A term starting with a Latin letter or digit must not continue a word or a decimal ("6" is not in "1.6").

    A comma is not treated as part of a number: the article writes its Chinese commas as ASCII "," ("1 亿元,2025").
    """
    if not _is_latin_word(char):
        return ""
    return r"(?<![A-Za-z0-9])" + (r"(?<![0-9]\.)" if char.isdigit() else "")


def _edge_after(char: str) -> str:
    """... nor run on into one ("Kling" is not in "Klingon"); a number does not end inside one ("1" in "1.6")."""
    if not _is_latin_word(char):
        return ""
    return r"(?![A-Za-z0-9])" + (r"(?!\.[0-9])" if char.isdigit() else "")


# --- inline Markdown ---------------------------------------------------------------------------------------

def source_markup(text: str, macros: Sequence[str] | None = None) -> Any:
    """``l10n.markup.inline_markup(text, macros)`` (None: the default macro patterns), remembered for the last
    few hundred texts: drafting one segment needs its source's markup twice, for the locks of a conversion
    (OpenCC) and for the markup check of the draft, and parsing it is most of what either costs."""
    from l10n.markup import DEFAULT_MACRO_PATTERNS

    return _source_markup(text, tuple(DEFAULT_MACRO_PATTERNS if macros is None else macros))


@functools.lru_cache(maxsize=1024)
def _source_markup(text: str, macros: tuple[str, ...]) -> Any:
    from l10n.markup import inline_markup

    return inline_markup(text, macros)


def markup_spans(text: str, macros: Sequence[str] | None = None, markup: Any = None) -> list[tuple[int, int, str]]:
    """Spans of ``text``'s inline Markdown for :func:`protect`, each carried as the text it must come out as.

    What is not prose (code spans, link destinations, reference labels, tags, autolinks, footnote references,
    macros, escapes) is one span injected as written, like a glossary rendering; link and emphasis delimiters
    (``[``, ``![``, ``**``, ``*``, ``~~``) are injected as written around the words they mark, so they are the
    paired tags the engine carries: NMT models trained on web text copy Markdown delimiters as they copy
    names. A shortcut reference ``[列舉數值]`` goes in as the full reference ``[列舉數值][列舉數值]``: its words
    can then be translated while the label, which its definition elsewhere in the document must match, stays.
    :func:`restore` repairs near copies (``] (url)``); the markup check's comparison decides the rest.
    ``markup``: ``inline_markup(text, macros)`` when the caller has it already.
    """
    if markup is None:
        from l10n.markup import DEFAULT_MACRO_PATTERNS, inline_markup

        markup = inline_markup(text, DEFAULT_MACRO_PATTERNS if macros is None else macros)
    if markup.is_plain:
        return []
    spans: list[tuple[int, int, str]] = []
    for span in markup.fixed:
        raw = text[span.start:span.end]
        if (span.kind == "reference" and raw.startswith("[") and not raw.startswith("[^")
                and any(char.isalnum() for char in span.value)
                and not _MARKUP_CHARACTER.search(span.value)):   # words to translate, no markup of their own
            label_end = raw.index("]", 1) if raw.endswith("[]") else len(raw) - 1
            spans += [(span.start, span.start + 1, "["),
                      (span.start + label_end, span.end, f"][{span.value}]")]
        else:
            spans.append((span.start, span.end, raw))
    spans += [(span.start, span.end, text[span.start:span.end]) for span in markup.paired]
    return sorted(spans)


_MARKUP_CHARACTER = re.compile(r"[`*_~\[\]<>{}&\\!]")
_DELIMITER_RUN = re.compile(r"([ \t]*)(\*{1,3}|_{1,3}|~~)([ \t]*)")


def tighten_emphasis(text: str) -> str:
    """Spaces an engine put inside emphasis delimiters removed (``** bold **`` -> ``**bold**``): CommonMark
    does not let a delimiter followed (opening) or preceded (closing) by a space mark anything. Runs of one
    marker alternate opening and closing. A repair to try when a draft's emphasis no longer pairs, kept only
    if the markup comparison then agrees.

    >>> tighten_emphasis("the ** bold ** and * it *.")
    'the **bold** and *it*.'
    """
    opened: set[str] = set()

    def tighten(match: re.Match[str]) -> str:
        before, marker, after = match.groups()
        left = text[match.start() - 1] if match.start() else " "
        right = text[match.end()] if match.end() < len(text) else " "
        if marker[0] == "_" and left.isalnum() and right.isalnum() and not before and not after:
            return match.group()   # snake_case
        if marker in opened:
            opened.discard(marker)
            return marker + after
        opened.add(marker)
        return before + marker

    return _DELIMITER_RUN.sub(tighten, text)

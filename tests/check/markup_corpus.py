"""Catch rate of the ``markup`` check on real inline Markdown: correct translations pass, damaged ones fail.

The corpus: segments of the zh-TW Rust book (``tests/fixtures/markup/rust_book_tw.jsonl``) and sentences of
our own for what the book lacks inline (``constructs.txt``: macros, footnotes, images, autolinks). Each
segment is translated correctly in several ways (:data:`VARIANTS`: the identity, link text and prose
replaced by English words, code spans and links reordered, an OpenCC zh-Hans draft) and damaged in the ways
that break a built page (:data:`DAMAGES`); a damage that does not apply to a segment (no image to drop) is
not counted.

    PYTHONPATH=$PWD python tests/check/markup_corpus.py     # prints the table the tests assert on
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from l10n.check import Message
from l10n.check.markup import check_markup
from l10n.markup import Markup, Span, inline_markup

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "markup"
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")


@dataclass(frozen=True)
class Case:
    text: str
    labels: tuple[str, ...] | None
    markup: Markup


def corpus() -> list[Case]:
    cases = []
    for line in (FIXTURES / "rust_book_tw.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        labels = tuple(record["labels"])
        cases.append(Case(record["text"], labels, inline_markup(record["text"], labels=labels)))
    for line in (FIXTURES / "constructs.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            cases.append(Case(line, None, inline_markup(line)))
    return cases


def problems(case: Case, translation: str, locale: str = "en") -> list[str]:
    """The check's findings for one translation (document labels given as a document would)."""
    message = Message.of(case.text, translation, locale)
    if case.labels is not None:
        message.resources.per_source("markup-labels", "doc.md", lambda _: frozenset(case.labels))
        message.entry.references.append("doc.md:1")
        message.resources.config = _Config()   # only what the check reads
    return [problem.message for problem in check_markup(message)]


class _Config:
    protected_patterns = __import__("l10n.markup", fromlist=["x"]).DEFAULT_MACRO_PATTERNS
    root = Path(".")


def _replace(text: str, span: Span | tuple[int, int], new: str) -> str:
    start, end = (span.start, span.end) if isinstance(span, Span) else span
    return text[:start] + new + text[end:]


def _outside(case: Case, start: int, end: int) -> bool:
    return not any(s.start < end and start < s.end for s in case.markup.fixed)


# --- correct translations ----------------------------------------------------------------------------------

def _words_for_prose(case: Case, text: str, start: int, end: int, word: str) -> str:
    """Han runs in ``text[start:end]`` outside code, URLs, labels, tags and macros replaced by ``word``, with a
    space where the word would touch a Latin letter or digit."""
    pieces, position = [], start
    for match in _HAN_RUN.finditer(text, start, end):
        if _outside(case, match.start(), match.end()):
            before = text[match.start() - 1] if match.start() else ""
            after = text[match.end()] if match.end() < len(text) else ""
            new = (" " if before.isascii() and before.isalnum() else "") + word + (
                " " if after.isascii() and after.isalnum() else "")
            pieces += [text[position:match.start()], new]
            position = match.end()
    return text[:start] + "".join(pieces) + text[position:]


def english_words(case: Case) -> str | None:
    """Chinese prose (outside code, URLs, labels, tags, macros) replaced by English words."""
    text = _words_for_prose(case, case.text, 0, len(case.text), "words")
    return text if text != case.text else None


def link_text_changed(case: Case) -> str | None:
    """The prose of each link text rewritten (translators translate it; code inside it stays)."""
    text = case.text
    opens = [s for s in case.markup.paired if s.kind == "link-open"]
    tails = [s for s in case.markup.fixed if s.kind in ("destination", "reference") and text[s.start] == "]"]
    changed = text
    for opener in reversed(opens):
        tail = next((t for t in tails if t.start > opener.end), None)
        if tail is not None:
            changed = _words_for_prose(case, changed, opener.end, tail.start, "linked words")
    return changed if changed != text else None


def code_spans_swapped(case: Case) -> str | None:
    """The first two code spans trade places (a sentence reordered in translation)."""
    codes = [s for s in case.markup.fixed if s.kind == "code"]
    if len(codes) < 2 or case.text[codes[0].start:codes[0].end] == case.text[codes[1].start:codes[1].end]:
        return None
    first, second = codes[0], codes[1]
    text = case.text
    return (text[:first.start] + text[second.start:second.end] + text[first.end:second.start]
            + text[first.start:first.end] + text[second.end:])


def moved_to_front(case: Case) -> str | None:
    """The last link or code span moved to the start of the sentence."""
    movable = [s for s in case.markup.fixed if s.kind in ("code", "autolink", "macro")]
    if not movable or movable[-1].start == 0:
        return None
    last = movable[-1]
    piece = case.text[last.start:last.end]
    return piece + " " + _replace(case.text, last, "")


def zh_hans_draft(case: Case) -> str | None:
    from l10n.draft.zh_hans import convert

    text = convert(case.text).text
    return text if text != case.text else None


VARIANTS: dict[str, Callable[[Case], str | None]] = {
    "identity": lambda case: case.text,
    "english words": english_words,
    "link text changed": link_text_changed,
    "code spans swapped": code_spans_swapped,
    "moved to front": moved_to_front,
    "zh-Hans draft": zh_hans_draft,
}


# --- damage -------------------------------------------------------------------------------------------------

def _first(case: Case, kinds: tuple[str, ...], pool: str = "fixed") -> Span | None:
    return next((s for s in getattr(case.markup, pool) if s.kind in kinds), None)


def dropped_url(case: Case) -> str | None:
    tail = _first(case, ("destination",))
    if tail is None:
        return None
    end = next((s.end for s in case.markup.fixed if s.kind == "title-end" and s.start >= tail.end), tail.end)
    return _replace(case.text, (tail.start + 1, end), "")   # [text](url) -> [text]


def changed_url(case: Case) -> str | None:
    for link in (*case.markup.links, *case.markup.images):
        if link.url and link.url in case.text:
            return case.text.replace(link.url, link.url + "x", 1)
    return None


def broken_emphasis(case: Case) -> str | None:
    delimiters = [s for s in case.markup.paired if s.kind in ("em", "strong", "s")]
    if not delimiters:
        return None
    return _replace(case.text, delimiters[1], "")   # the first closing delimiter dropped


def spaced_emphasis(case: Case) -> str | None:
    """A space inside the closing delimiter: ``**粗體 **`` no longer closes (a common MT damage)."""
    delimiters = [s for s in case.markup.paired if s.kind in ("em", "strong", "s")]
    if not delimiters:
        return None
    closing = delimiters[1]
    return case.text[:closing.start] + " " + case.text[closing.start:closing.end] + "x" + case.text[closing.end:]


def changed_code_span(case: Case) -> str | None:
    code = _first(case, ("code",))
    if code is None:
        return None
    raw = case.text[code.start:code.end]
    ticks = len(raw) - len(raw.lstrip("`"))
    return _replace(case.text, (code.end - ticks, code.end - ticks), "s")


def translated_macro(case: Case) -> str | None:
    macro = _first(case, ("macro",))
    if macro is None:
        return None
    raw = case.text[macro.start:macro.end]
    return _replace(case.text, macro, raw[:2] + " 翻譯" + raw[2:])


def dropped_image(case: Case) -> str | None:
    opener = next((s for s in case.markup.paired if s.kind == "link-open" and case.text[s.start] == "!"), None)
    if opener is None:
        return None
    tail = next(s for s in case.markup.fixed if s.start > opener.start and s.kind == "destination")
    end = next((s.end for s in case.markup.fixed if s.kind == "title-end" and s.start >= tail.end), tail.end)
    return _replace(case.text, (opener.start, end), "")


def altered_footnote(case: Case) -> str | None:
    note = _first(case, ("footnote",))
    if note is None:
        return None
    return _replace(case.text, (note.end - 1, note.end - 1), "2")


def changed_reference_label(case: Case) -> str | None:
    """The label of a reference link converted as OpenCC would, or re-spelt when it has no Han."""
    from l10n.draft.zh_hans import _opencc

    reference = _first(case, ("reference",))
    if reference is None:
        return None
    raw = case.text[reference.start:reference.end]
    converted = _opencc().convert(raw)
    if converted == raw:
        converted = raw[:-1] + "-x]"
    return _replace(case.text, reference, converted)


def added_tag(case: Case) -> str | None:
    return case.text + " <script>alert(1)</script>"


def dropped_tag(case: Case) -> str | None:
    tag = _first(case, ("html",))
    return None if tag is None else _replace(case.text, tag, "")


def dropped_link_markup(case: Case) -> str | None:
    """``[text](url)`` -> ``text``: the link is gone, its words stay."""
    opener = next((s for s in case.markup.paired if s.kind == "link-open" and case.text[s.start] == "["), None)
    if opener is None:
        return None
    tail = next((s for s in case.markup.fixed if s.start > opener.start and s.kind in ("destination", "reference")),
                None)
    if tail is None:
        return None
    end = next((s.end for s in case.markup.fixed if s.kind == "title-end" and s.start >= tail.end), tail.end)
    return case.text[:opener.start] + case.text[opener.end:tail.start] + case.text[end:]


DAMAGES: dict[str, Callable[[Case], str | None]] = {
    "dropped URL": dropped_url,
    "changed URL": changed_url,
    "dropped link markup": dropped_link_markup,
    "broken emphasis": broken_emphasis,
    "spaced emphasis": spaced_emphasis,
    "changed code span": changed_code_span,
    "translated macro": translated_macro,
    "dropped image": dropped_image,
    "altered footnote ref": altered_footnote,
    "changed reference label": changed_reference_label,
    "added tag": added_tag,
    "dropped tag": dropped_tag,
}


@dataclass(frozen=True)
class Tally:
    name: str
    cases: int
    flagged: int
    examples: tuple[tuple[str, str, tuple[str, ...]], ...]   # (source, translation, findings), a few


def tally(name: str, make: Callable[[Case], str | None], cases: list[Case], *, want_findings: bool) -> Tally:
    count = flagged = 0
    examples = []
    for case in cases:
        translation = make(case)
        if translation is None:
            continue
        count += 1
        found = problems(case, translation)
        if bool(found):
            flagged += 1
        if bool(found) != want_findings and len(examples) < 3:
            examples.append((case.text, translation, tuple(found)))
    return Tally(name, count, flagged, tuple(examples))


def report() -> tuple[list[Tally], list[Tally]]:
    cases = corpus()
    correct = [tally(name, make, cases, want_findings=False) for name, make in VARIANTS.items()]
    damaged = [tally(name, make, cases, want_findings=True) for name, make in DAMAGES.items()]
    return correct, damaged


if __name__ == "__main__":
    correct, damaged = report()
    print(f"{len(corpus())} segments")
    print("correct translations (false alarms / translations):")
    for t in correct:
        print(f"  {t.name:<24} {t.flagged:>4} / {t.cases}")
    print("injected damage (caught / damaged):")
    for t in damaged:
        print(f"  {t.name:<24} {t.flagged:>4} / {t.cases}")
    for t in correct + damaged:
        for source, translation, found in t.examples:
            print(f"\n[{t.name}] {source!r}\n  -> {translation!r}\n  {found}")

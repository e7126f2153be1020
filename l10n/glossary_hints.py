"""Glossary comments for translators (``#. glossary (en): 可靈 = Kling``), built from glossary.csv if present.

The hints are written into the template, one line per distinct rendering, labelled with the locales it is
for, so every catalog carries exactly its template's ``#.`` lines: ``msgmerge`` and Translate Toolkit's
``pot2po`` copy extracted comments from the template, so they keep the hints, and ``l10n update`` after
them (or they after it) changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .config import Config

if TYPE_CHECKING:
    from .glossary import Glossary, TermHit


Hints = Callable[[str], list[str]]
"""msgid -> the glossary lines of its entry (a new list on each call)."""


def with_hints(comments: list[str], msgid: str, hints: Hints | None) -> list[str]:
    """An entry's extracted comments followed by ``msgid``'s glossary lines (``comments`` itself without
    ``hints``): the one place they are added, so templates, merged catalogs and check's expectations agree."""
    return comments if hints is None else comments + hints(msgid)


def template_hints(config: Config) -> Hints | None:
    """msgid -> the ``#.`` glossary lines of its template entry; None without a glossary."""
    if not config.glossary.exists():   # project_glossary's None, without importing the glossary machinery
        return None
    from .glossary import project_glossary

    glossary = project_glossary(config)
    if glossary is None:
        return None
    return glossary_hints(glossary, config.target_locales)


def glossary_hints(glossary: Glossary, locales: Sequence[str],
                   find: Callable[[str], Sequence[TermHit]] | None = None) -> Hints:
    """:func:`template_hints` for a glossary already read; ``find``: ``glossary.find`` as the caller
    keeps it (``l10n check`` reads each msgid's terms once for the hints and its glossary check)."""
    find = glossary.find if find is None else find
    # A hint says only which terms a msgid holds, in order: msgids holding the same terms (most of a book's
    # glossary-bearing sentences share a few combinations) share their lines.
    by_terms: dict[tuple[int, ...], tuple[str, ...]] = {}
    sharers = _column_sharers(glossary, locales)

    @lru_cache(maxsize=None)   # per msgid: a sentence repeated in many documents is looked up once
    def lines(msgid: str) -> tuple[str, ...]:
        hits = find(msgid)   # once for every locale
        if not hits:
            return ()
        terms = (hits[0].term.row,) if len(hits) == 1 else tuple([hit.term.row for hit in hits])
        known = by_terms.get(terms)
        if known is None:
            known = by_terms[terms] = _lines(glossary, locales, msgid, hits, sharers)
        return known

    def hints(msgid: str) -> list[str]:
        return list(lines(msgid))
    return hints


def _column_sharers(glossary: Glossary, locales: Sequence[str]) -> list[str]:
    """For each of ``locales``, the first of them whose glossary column says the same in every row (en_GB
    copied from en): its hints are that locale's."""
    first: dict[tuple, str] = {}
    return [first.setdefault(glossary.column_signature(locale), locale) for locale in locales]


def _lines(glossary: Glossary, locales: Sequence[str], msgid: str, hits: Sequence[TermHit],
           sharers: Sequence[str]) -> tuple[str, ...]:
    """The ``#.`` lines of ``msgid``, whose terms are ``hits``: one per distinct rendering, with its locales
    (``sharers``: :func:`_column_sharers` of ``locales``)."""
    by_text: dict[str, list[str]] = {}
    by_sharer: dict[str, str | None] = {}
    for locale, sharer in zip(locales, sharers):
        if sharer in by_sharer:
            hint = by_sharer[sharer]
        else:
            hint = by_sharer[sharer] = glossary.hint(msgid, locale, hits)
        if hint:
            by_text.setdefault(hint.removeprefix("glossary: "), []).append(locale)
    if len(locales) == 1:
        return tuple(f"glossary: {text}" for text in by_text)
    return tuple(f"glossary ({', '.join(names)}): {text}" for text, names in by_text.items())

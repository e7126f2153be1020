"""The OpenCC engine: conversion between Chinese variants, through the same interface as the MT engines.

zh_Hant_TW -> zh_Hans is ``tw2sp`` with the phrase table and glossary renderings locked and the GB/T 15834
punctuation pass (:mod:`l10n.draft.zh_hans` does the work); other variants take the configurations of
:data:`l10n.draft.engines.OPENCC_ROUTES` (zh_Hant_HK: ``tw2t`` then ``t2hk``) and the glossary column of their
own locale. Conversion is a string function, so outputs skip the MT cache.
"""
from __future__ import annotations

from collections.abc import Sequence

from .engines import Availability, EngineRequest, locale_parts, opencc_route
from .zh_hans import PhraseTable, convert_many, opencc_version


class OpenCCEngine:
    """Convert each source segment exactly once (OpenCC is not idempotent), locks first."""

    id = "opencc"
    description = "OpenCC conversion between Chinese variants with glossary/phrase locks and full-width punctuation"

    def __init__(self, glossary=None, phrases: PhraseTable | None = None, *, configs: Sequence[str] = ("tw2sp",),
                 target_column: str = "zh_Hans", gbt_punctuation: bool = True, quotes: bool = True,
                 input_locale: str = "zh_Hant_TW", macros: Sequence[str] | None = None) -> None:
        self.glossary = glossary
        self.phrases = phrases
        self.configs = tuple(configs)
        self.target_column = target_column
        self.gbt_punctuation = gbt_punctuation
        self.quotes = quotes
        self.input_locale = input_locale
        self.macros = tuple(macros) if macros is not None else None   # None: l10n.markup's default patterns

    @classmethod
    def from_request(cls, request: EngineRequest) -> OpenCCEngine:
        route = opencc_route(request.source_locale, request.target_locale) or ("tw2sp",)
        configs = request.option("config", route)
        configs = (configs,) if isinstance(configs, str) else tuple(configs)
        source, target = locale_parts(request.source_locale), locale_parts(request.target_locale)
        # phrases.csv holds zh_Hant -> zh_Hans fixes; it means nothing for another pair.
        phrases_apply = source.script == "Hant" and target.script == "Hans"
        use_phrases = request.option("phrases", phrases_apply)
        use_glossary = request.option("glossary", True)
        quotes = request.option("quotes", request.zh_hans_quotes if target.script == "Hans" else False)
        from ..glossary import locale_column

        return cls(request.glossary if use_glossary else None, request.phrases if use_phrases else None,
                   configs=configs, target_column=locale_column(request.target_locale),
                   gbt_punctuation=request.option("punctuation", True), quotes=quotes,
                   input_locale=request.source_locale, macros=request.macros)

    def available(self) -> Availability:
        try:
            from .zh_hans import _opencc_chain

            _opencc_chain(self.configs)
        except Exception as error:  # EngineError from a missing binding or configuration
            return Availability(False, str(getattr(error, "message", error)),
                                getattr(error, "hint", None) or "pip install 'opencc>=1.4,<1.5'")
        return Availability(True, self.version())

    def version(self) -> str:
        """``OpenCC 1.4.2 tw2sp`` (plus `` no-gbt`` / `` corner-quotes`` when the punctuation pass differs).

        The glossary and phrase table are named by their digests in the draft's provenance, not here.
        """
        base = opencc_version(self.configs)
        if not self.gbt_punctuation:
            return base + " no-gbt"
        if not self.quotes:
            return base + " corner-quotes"
        return base

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        return [text for text, _notes in self.translate_with_notes(texts)]

    def translate_with_notes(self, texts: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
        """Each output with the overrides that shaped it (``phrase 透過->通过``, ``glossary 可靈->可灵``)."""
        extra = {"macros": self.macros} if self.macros is not None else {}
        results = convert_many(texts, self.glossary, self.phrases, gbt_punctuation=self.gbt_punctuation,
                               quotes=self.quotes, configs=self.configs, target_column=self.target_column, **extra)
        return [(result.text, result.overrides) for result in results]

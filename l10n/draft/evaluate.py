"""``l10n mt eval``: how good the drafts of each engine are on the project's own approved translations.

For one locale, every entry a human has approved (translated: text and no fuzzy flag) is drafted again by each
engine, through the same steps as ``l10n draft`` (:func:`l10n.draft.pipeline.draft_texts`: protection, input
conversion, restore, drafting-quality checks), and compared with the human text. No catalog is written. Per
engine:

* chrF and BLEU against the human translations (sacrebleu; BLEU with its ``zh`` tokenizer for a Chinese
  target, ``ja-mecab`` is not assumed: a Japanese or Korean target uses ``char``);
* required-term accuracy: of the glossary terms in the sources that have a rendering for the locale, how many
  appear (in an accepted rendering) in the draft;
* markup kept: of the segments with inline Markdown, how many drafts carry the same markup (l10n.markup);
* drafts the quality checks refused, and segments per second (engine time and wall time).

A refused draft counts as an empty translation in the scores: that is what the translator gets.
"""
from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from ..config import Config
from ..errors import L10nError
from ..po import read_catalog
from ..source import find_documents
from .engines import EngineChoice, choice_for


@dataclass(frozen=True)
class EngineScore:
    label: str              # the engine as --engine writes it
    provenance: str
    segments: int
    chrf: float
    bleu: float
    terms_required: int
    terms_kept: int
    markup_segments: int    # segments whose source has inline markup
    markup_kept: int
    refused: int            # drafts the quality checks refused
    exact: int              # drafts identical to the human translation
    engine_seconds: float
    seconds: float

    @property
    def term_accuracy(self) -> float | None:
        return 100.0 * self.terms_kept / self.terms_required if self.terms_required else None

    @property
    def segments_per_second(self) -> float:
        return self.segments / self.seconds if self.seconds > 0 else float("inf")


@dataclass(frozen=True)
class EvalReport:
    locale: str
    references: int
    scores: tuple[EngineScore, ...]


def approved_pairs(config: Config, locale: str) -> list[tuple[str, str]]:
    """(source, human translation) of every approved entry of the locale, in document order."""
    pairs = []
    for doc in find_documents(config.source_dir):
        path = config.catalog_path(locale, doc.stem)
        if not path.exists():
            continue
        for entry in read_catalog(path).entries:
            if entry.msgstr and not entry.fuzzy and not entry.obsolete and entry.msgid:
                pairs.append((entry.msgid, entry.msgstr))
    return pairs


def evaluate(config: Config, locale: str, choices: Sequence[EngineChoice] | None = None) -> EvalReport:
    """Score each engine (the configured one by default) on the locale's approved entries; writes nothing."""
    from ..glossary import project_glossary
    from .pipeline import DraftReceipt, _load_phrases, draft_texts, prepare_drafter

    pairs = approved_pairs(config, locale)
    if not pairs:
        raise L10nError(f"{locale} has no approved translations to compare with", config.locales_dir / locale,
                        hint="review some drafts first (remove their fuzzy flag)")
    glossary = project_glossary(config)
    phrases = _load_phrases(config)
    sources = [source for source, _ in pairs]
    references = [reference for _, reference in pairs]
    scores = []
    for choice in choices or [choice_for(config, locale)]:
        drafter = prepare_drafter(config, locale, choice, glossary=glossary, phrases=phrases)
        receipt = DraftReceipt()
        start = time.perf_counter()
        outcomes = draft_texts(drafter, sources, receipt=receipt)
        seconds = time.perf_counter() - start
        drafts = [outcome.text for outcome in outcomes]
        chrf, bleu = _corpus_scores(drafts, references, locale)
        required, kept = _terms(glossary, sources, drafts, locale)
        markup_segments, markup_kept = _markup(config, sources, drafts)
        scores.append(EngineScore(choice.label(), drafter.provenance, len(pairs), chrf, bleu, required, kept,
                                  markup_segments, markup_kept, sum(1 for o in outcomes if o.broken),
                                  sum(1 for d, r in zip(drafts, references) if d == r),
                                  receipt.engine_seconds, seconds))
    return EvalReport(locale, len(pairs), tuple(scores))


def _corpus_scores(drafts: list[str], references: list[str], locale: str) -> tuple[float, float]:
    try:
        import sacrebleu
    except ImportError as error:
        raise L10nError("l10n mt eval needs sacrebleu", hint="pip install -e '.[mt]'") from error
    from ..lang import language_of

    language = language_of(locale)
    tokenize = {"zh": "zh", "ja": "char", "ko": "char"}.get(language, "13a")
    chrf = sacrebleu.corpus_chrf(drafts, [references]).score
    bleu = sacrebleu.corpus_bleu(drafts, [references], tokenize=tokenize).score
    return chrf, bleu


def _terms(glossary, sources: Sequence[str], drafts: Sequence[str], locale: str) -> tuple[int, int]:
    if glossary is None:
        return 0, 0
    from ..glossary import locale_column

    column = locale_column(locale)
    required = kept = 0
    for source, draft in zip(sources, drafts, strict=True):
        for hit in glossary.find(source):
            accepted = hit.term.accepted_in(column)
            if not accepted:
                continue
            required += 1
            folded = draft.casefold()
            kept += any(rendering.casefold() in folded for rendering in accepted)
    return required, kept


def _markup(config: Config, sources: Sequence[str], drafts: Sequence[str]) -> tuple[int, int]:
    from ..markup import inline_markup, markup_differences

    macros = config.protected_patterns
    with_markup = kept = 0
    for source, draft in zip(sources, drafts, strict=True):
        if inline_markup(source, macros).is_plain:
            continue
        with_markup += 1
        kept += bool(draft) and not markup_differences(source, draft, macros)
    return with_markup, kept


def format_eval_text(report: EvalReport) -> str:
    lines = [f"l10n mt eval {report.locale}: {report.references} approved segments",
             f"{'engine':<50} {'chrF':>6} {'BLEU':>6} {'exact':>7} {'terms':>14} {'markup':>7} {'refused':>7} "
             f"{'seg/s':>7}"]
    for score in report.scores:
        terms = (f"{score.term_accuracy:5.1f}% {score.terms_kept}/{score.terms_required}"
                 if score.term_accuracy is not None else "-")
        markup = f"{score.markup_kept}/{score.markup_segments}" if score.markup_segments else "-"
        lines.append(f"{score.label:<50} {score.chrf:6.1f} {score.bleu:6.1f} {score.exact:>7} {terms:>14} "
                     f"{markup:>7} {score.refused:>7} {score.segments_per_second:7.0f}")
    lines.append("")
    lines.append("chrF/BLEU: sacrebleu corpus scores against the approved translations; exact: drafts equal to them; "
                 "terms: glossary renderings kept; markup: segments with inline Markdown whose markup survived; "
                 "seg/s: wall time")
    for score in report.scores:
        lines.append(f"{score.label}: {score.provenance}")
    return "\n".join(lines) + "\n"


def format_eval_json(report: EvalReport) -> str:
    return json.dumps({"locale": report.locale, "references": report.references, "engines": [
        {**asdict(score), "term_accuracy": score.term_accuracy, "segments_per_second": score.segments_per_second}
        for score in report.scores]}, ensure_ascii=False, indent=2) + "\n"

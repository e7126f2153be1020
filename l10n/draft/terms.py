"""Glossary terms inside machine translation: pick the hypothesis that already says them, else inject them.

A segment whose source holds glossary terms with a rendering in the target locale (可靈 -> Kling) can get its
terms two ways. Injection (:mod:`.protect`) writes the rendering into the engine's input and checks the output
for it; it nearly always works, but the model then translates a sentence nobody wrote (Chinese with "Kling"
in it). An engine that returns several hypotheses (CTranslate2 ``num_hypotheses``; :class:`~.engines.NBestEngine`)
often has a fluent translation of the real sentence that carries every rendering already, only not always in
first place. So where the engine can, the pipeline first asks for ``hypotheses`` translations of the source as
written (markup, numbers, handles and Latin names still protected) and keeps the best-ranked one that carries
an accepted rendering of every term and no forbidden variant, judged by the glossary's own target-side matcher
(:meth:`l10n.glossary.Glossary.target_index`: accepted alternatives, case rules, hyphen/space variants,
inflection; the same tolerance as the ``glossary`` check). Only when none does is the segment translated again
with its terms injected.

Every term's route is written into the draft (``# l10n-draft-terms: 可靈=Kling (hypothesis 2); 老鐵=old buddy
(injected)``), and a term injection could not save is ``lost`` (the ``l10n-draft-lost:`` note names it too).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TERMS_MARK = "l10n-draft-terms:"
HYPOTHESES_DEFAULT = 4   # translations asked for per segment with terms, for engines that have n-best


@dataclass(frozen=True)
class TermNeed:
    """One glossary term of a source segment whose rendering the engine must produce."""

    row: int          # the glossary row (Term.row): identifies the term in target-side matches
    source: str       # as the source writes it
    rendering: str    # the preferred rendering, injected when no hypothesis has an accepted one


def route_note(needs: Sequence[TermNeed], hypothesis: int | None, lost: Sequence[str] = ()) -> str | None:
    """The ``l10n-draft-terms:`` comment: how each term got into the draft.

    ``hypothesis`` is the 1-based rank of the hypothesis chosen, or None for the injection route, where a
    rendering in ``lost`` did not survive.
    """
    if not needs:
        return None
    parts = []
    for need in dict.fromkeys(needs):
        if hypothesis is not None:
            how = f"hypothesis {hypothesis}"
        else:
            how = "lost" if need.rendering in lost else "injected"
        parts.append(f"{need.source}={need.rendering} ({how})")
    return f"{TERMS_MARK} {'; '.join(parts)}"


def carries_terms(index: Any, text: str, needs: Sequence[TermNeed]) -> bool:
    """Whether ``text`` has an accepted rendering of every needed term and none of their forbidden variants
    outside an accepted rendering (``Kling`` inside ``Kling AI`` is fine), by the glossary's target matcher
    (``index``: a :class:`l10n.glossary.TargetIndex`)."""
    from ..glossary import accepts

    wanted = {need.row for need in needs}
    rendered: set[int] = set()
    allowed: list[tuple[int, int]] = []
    forbidden: list[tuple[int, int]] = []
    for start, end, payloads in index.matcher.find_all(text):
        for term, is_forbidden, _key in payloads:
            if not accepts(term, text, end):
                continue
            if not is_forbidden:
                allowed.append((start, end))
                rendered.add(term.row)
            elif term.row in wanted:
                forbidden.append((start, end))
    if not wanted <= rendered:
        return False
    return all(any(s <= start and end <= e for s, e in allowed) for start, end in forbidden)


def choose_hypothesis(candidates: Sequence[tuple[str, int]], index: Any, needs: Sequence[TermNeed]) -> int | None:
    """The 0-based rank of the hypothesis to keep, or None (inject instead).

    ``candidates`` are the hypotheses best first, each as (text with protected tokens restored, how many
    protected tokens it lost). Among those carrying every term, one that kept every protected token beats
    one that did not; then rank decides.
    """
    best: tuple[int, int] | None = None
    for rank, (text, lost) in enumerate(candidates):
        if carries_terms(index, text, needs) and (best is None or lost < best[0]):
            best = (lost, rank)
            if not lost:
                break
    return best[1] if best is not None else None

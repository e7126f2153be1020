"""The glossary check on correct translations nobody tuned it to: false alarms and catches.

``data/glossary_reference_en.tsv`` holds 35 sentences of the bundled article, each translated twice by hand
in two styles (close US newswire; freer British). A correct translation must raise no glossary *error*
(a preferred term paraphrased is at most a warning). Each required term is then removed from the
translation, or replaced by its first forbidden variant, and the check must report an error naming it.

``python tests/check/test_glossary_reference.py`` prints the counts.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from l10n.check import Message
from l10n.check.checks import check_glossary
from l10n.glossary import Glossary, load_glossary

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data" / "glossary_reference_en.tsv"


def reference() -> list[tuple[str, str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, style, text = line.split("\t")
            rows.append((source, style, text))
    return rows


def problems(glossary: Glossary, source: str, text: str) -> list[tuple[str, str]]:
    return [(problem.severity or "error", problem.message)
            for problem in check_glossary(Message.of(source, text, "en", glossary))]


def mutations(glossary: Glossary, source: str, text: str):
    """(term, kind, broken translation) for each required term of the source found in ``text``."""
    seen = set()
    for hit in glossary.find(source):
        term = hit.term
        if not term.required or term.row in seen:
            continue
        seen.add(term.row)
        spans = [(h.start, h.end) for h in glossary.find_rendering(text, "en") if h.term.row == term.row]
        if not spans:
            continue
        variants = [("removed", "")] + [("forbidden", v) for v in term.forbidden.get("en", ())[:1]]
        for kind, replacement in variants:
            broken = text
            for start, end in sorted(spans, reverse=True):
                broken = broken[:start] + replacement + broken[end:]
            yield term, kind, broken


@dataclass
class Counts:
    translations: int = 0
    false_alarms: int = 0
    warnings: int = 0
    mutated: int = 0
    caught: int = 0
    styles: tuple[str, ...] = ()


def measure(glossary: Glossary) -> tuple[Counts, list[str]]:
    counts, details = Counts(), []
    rows = reference()
    counts.styles = tuple(sorted({style for _, style, _ in rows}))
    for source, style, text in rows:
        counts.translations += 1
        found = problems(glossary, source, text)
        for severity, message in found:
            if severity == "error":
                counts.false_alarms += 1
                details.append(f"false alarm ({style}): {message} in {text!r}")
            else:
                counts.warnings += 1
        for term, kind, broken in mutations(glossary, source, text):
            counts.mutated += 1
            if any(severity == "error" and message.startswith(term.source + ":")
                   for severity, message in problems(glossary, source, broken)):
                counts.caught += 1
            else:
                details.append(f"missed ({kind} {term.source}): {broken!r}")
    return counts, details


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(REPO / "glossary.csv", ["zh_Hans", "en"])


def test_the_fixture_is_article_text_in_two_styles() -> None:
    article_ids = {line.split("\t")[0] for line in DATA.read_text(encoding="utf-8").splitlines()
                   if line and not line.startswith("#")}
    from l10n.po import read_catalog

    template = {entry.msgid for entry in read_catalog(REPO / "locales/templates/kuaishou-ai-kling.pot").entries}
    assert article_ids <= template and len(article_ids) >= 30
    assert sorted({style for _, style, _ in reference()}) == ["a", "b"]


def test_no_false_alarms_on_correct_translations(glossary: Glossary) -> None:
    counts, details = measure(glossary)
    assert counts.translations >= 60
    assert counts.false_alarms == 0, details


def test_every_removed_or_forbidden_required_term_is_caught(glossary: Glossary) -> None:
    counts, details = measure(glossary)
    assert counts.mutated >= 60
    assert counts.caught == counts.mutated, details


if __name__ == "__main__":
    result, notes = measure(load_glossary(REPO / "glossary.csv", ["zh_Hans", "en"]))
    print(f"{result.translations} correct translations ({len(result.styles)} styles): "
          f"{result.false_alarms} false alarms (errors), {result.warnings} warnings on paraphrased preferred terms")
    print(f"{result.mutated} broken translations (required term removed or forbidden variant): "
          f"{result.caught} caught")
    print("\n".join(notes))
    sys.exit(0)

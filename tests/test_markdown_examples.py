"""Markdown nobody here wrote through the whole pipeline: the CommonMark spec examples and the GFM
examples (tables, strikethrough, task lists, alerts) that markdown-it-py ships (tests/fixtures/markdown_it,
MIT licence there).

* Identity build: segment, write the template as PO, read it back, build with every msgstr equal to its
  msgid: the page renders the same HTML as the source (up to whitespace runs, which soft-break
  normalisation turns into single spaces).
* Marker build: every translation wrapped in «…»: every text node of the rendered page lies inside exactly
  one pair, so each piece of text a reader sees was offered for translation exactly once.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from l10n.build import localize_document
from l10n.catalog import build_template
from l10n.html import markdown_parser, render_markdown
from l10n.po import format_catalog, parse_catalog
from l10n.segment import segment_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "markdown_it"


def _fixture_examples(path: Path) -> list[tuple[str, str]]:
    """markdown-it's fixture format: an optional title line, then ``.``-separated Markdown and HTML."""
    lines = path.read_text(encoding="utf-8").split("\n")
    examples = []
    i = 0
    while i < len(lines):
        if lines[i] == ".":
            end_md = lines.index(".", i + 1)
            end_html = lines.index(".", end_md + 1)
            title = lines[i - 1] if i > 0 and lines[i - 1] else f"line {i + 1}"
            examples.append((f"{path.stem}: {title}", "\n".join(lines[i + 1:end_md]) + "\n"))
            i = end_html + 1
        else:
            i += 1
    return examples


def _examples() -> list[tuple[str, str]]:
    spec = json.loads((FIXTURES / "commonmark.json").read_text(encoding="utf-8"))
    examples = [(f"commonmark {e['example']}", e["markdown"]) for e in spec]
    for name in ("gfm_tables", "gfm_strikethrough", "gfm_tasklists", "gfm_alerts"):
        examples += _fixture_examples(FIXTURES / f"{name}.md")
    return examples


EXAMPLES = _examples()
IDS = [name for name, _ in EXAMPLES]

# Where normalising a soft line break inside a segment changes what renders (each needs the break itself).
IDENTITY_DIFFERS = {
    "commonmark 336": "a code span whose content ends in a space before the line break (`` foo \\n``)",
}


def _through_the_catalog(markdown: str) -> list[str]:
    """The msgids as a translator receives them: template written as PO and read back."""
    template = build_template("doc", "doc.md", segment_document(markdown), "spec", "")
    return [entry.msgid for entry in parse_catalog(format_catalog(template)).entries if entry.msgid]


def _same_html(a: str, b: str) -> bool:
    return re.sub(r"\s+", " ", a).strip() == re.sub(r"\s+", " ", b).strip()


@pytest.mark.parametrize("name, markdown", EXAMPLES, ids=IDS)
def test_identity_build_renders_the_same_html(name, markdown):
    msgids = _through_the_catalog(markdown)
    built = localize_document(markdown, {m: m for m in msgids}, "zh_Hans").text
    same = _same_html(render_markdown(built), render_markdown(markdown))
    assert same != (name in IDENTITY_DIFFERS), IDENTITY_DIFFERS.get(name, "identity build renders differently")


def _text_coverage(markdown: str) -> dict[str, int]:
    """Characters of text nodes inside no, one, or more than one «…» pair."""
    counts = {"missed": 0, "once": 0, "twice": 0}

    def walk(children, depth: list[int]) -> None:
        for child in children or ():
            if child.type == "text":
                for char in child.content:
                    if char == "«":
                        depth[0] += 1
                    elif char == "»":
                        depth[0] -= 1
                    elif not char.isspace():
                        counts["missed" if depth[0] == 0 else "once" if depth[0] == 1 else "twice"] += 1
            elif child.type == "image":
                walk(child.children, depth)

    for token in markdown_parser().parse(markdown, {}):
        if token.type == "inline" and token.map is not None:   # an alert's title is the renderer's
            walk(token.children, [0])
    return counts


MARKED = [(name, markdown) for name, markdown in EXAMPLES if "«" not in markdown and "»" not in markdown]


@pytest.mark.parametrize("name, markdown", MARKED, ids=[name for name, _ in MARKED])
def test_marker_build_translates_every_text_node_exactly_once(name, markdown):
    msgids = _through_the_catalog(markdown)
    built = localize_document(markdown, {m: f"«{m}»" for m in msgids}, "zh_Hans").text
    counts = _text_coverage(built)
    assert counts["missed"] == 0 and counts["twice"] == 0, (counts, built)


def test_the_examples_are_all_there():
    # 652 CommonMark 0.31.2 examples plus the GFM fixtures; a fixture that failed to parse would shrink this.
    assert sum(name.startswith("commonmark") for name in IDS) == 652
    assert sum(not name.startswith("commonmark") for name in IDS) >= 40

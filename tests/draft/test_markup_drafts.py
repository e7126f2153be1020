"""Machine drafts keep inline Markdown: carried through the engine, repaired when near, withheld when lost.

Engines: an echo double (returns its input), doubles that damage markup the way MT output does, the tiny
genuine Argos package (which answers every input with one fixed sentence, so it loses all markup), and OpenCC.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from l10n.catalog import update_project
from l10n.check import run_checks
from l10n.config import load_config
from l10n.draft.argos_engine import install_model
from l10n.draft.pipeline import BROKEN_MARK, MARKUP_MARK, checked_markup, draft_project
from l10n.markup import inline_markup
from l10n.po import entry_state, read_catalog

DOC = "markup-sample"
SAMPLE = """# 標記測試

請見[列舉數值]與 `程式碼裡的中文`。

詳見[官方文件](https://klingai.com/docs "說明")，或按 <kbd>Ctrl</kbd>+<kbd>C</kbd>。

這是**重點**，不是~~舊聞~~。

用 {{#include ../listings/main.rs}} 引入之後，執行 `cargo run`。

可靈 AI 的介面 ![介面截圖](images/ui.png) 很簡單。

[列舉數值]: ch06-01-defining-an-enum.html
"""


LOREM = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et "
         "dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


class Echo:
    """A translator that respects markup: Chinese prose becomes words, code, labels, URLs and macros are copied."""

    id = "echo"
    description = "Han prose as words, markup copied"

    def version(self) -> str:
        return "1"

    def translate_batch(self, texts):
        return [self._translate(text) for text in texts]

    @staticmethod
    def _translate(text: str) -> str:
        fixed = inline_markup(text).fixed
        pieces, position = [], 0
        for run in _HAN.finditer(text):
            if any(s.start < run.end() and run.start() < s.end for s in fixed):
                continue
            before = text[run.start() - 1] if run.start() else ""
            after = text[run.end()] if run.end() < len(text) else ""
            words = LOREM[:3 * len(run.group())].strip()
            pieces += [text[position:run.start()], (" " if before.isascii() and before.isalnum() else "") + words
                       + (" " if after.isascii() and after.isalnum() else "")]
            position = run.end()
        return "".join(pieces) + text[position:]


class Spacer(Echo):
    """Near copies an engine often makes: a space before a link's ``(``, spaces inside ``**``."""

    id = "spacer"

    def translate_batch(self, texts):
        return [re.sub(r"\*\*(.+?)\*\*", r"** \1 **", text.replace("](", "] (")) for text in super().translate_batch(texts)]


class Dropper(Echo):
    """Loses every backtick and every link destination: nothing to repair."""

    id = "dropper"

    def version(self) -> str:
        return "dropper 1"   # a refusal is remembered per producer: another engine is tried again

    def translate_batch(self, texts):
        return [re.sub(r"\]\([^)]*\)", "]", text.replace("`", "")) for text in super().translate_batch(texts)]


@pytest.fixture
def sample(project: Path) -> Path:
    (project / "source" / f"{DOC}.md").write_text(SAMPLE, encoding="utf-8")
    update_project(load_config(project))
    return project


def _markup_entries(project: Path, locale: str):
    return [e for e in read_catalog(project / "locales" / locale / f"{DOC}.po").entries
            if not inline_markup(e.msgid).is_plain]


def _markup_findings(config, locale: str):
    return [f for f in run_checks(config, [locale], drafts=True, select=["markup"])]


def test_an_engine_that_copies_markup_gets_every_draft_written_and_clean(sample, tmp_path):
    config = load_config(sample)
    receipt = draft_project(config, ["en"], progress=False, cache_path=tmp_path / "c.sqlite3",
                            engine_factory=lambda locale: Echo())
    entries = _markup_entries(sample, "en")
    assert len(entries) >= 5
    assert all(entry_state(e) == "draft" for e in entries)
    assert receipt.markup_lost == [] and not receipt.broken.get("en")
    assert _markup_findings(config, "en") == []
    label = next(e for e in entries if "列舉數值" in e.msgid)
    # The shortcut reference went in as a full one: its words are the engine's, the label stays.
    assert re.search(r"\[[a-z ]+\]\[列舉數值\]", label.msgstr), label.msgstr
    macro = next(e for e in entries if "{{#include" in e.msgid)
    assert "{{#include ../listings/main.rs}}" in macro.msgstr and "`cargo run`" in macro.msgstr


def test_near_copies_are_repaired(sample, tmp_path):
    config = load_config(sample)
    receipt = draft_project(config, ["en"], progress=False, cache_path=tmp_path / "c.sqlite3",
                            engine_factory=lambda locale: Spacer())
    assert receipt.markup_lost == [] and not receipt.broken.get("en")
    assert _markup_findings(config, "en") == []
    link = next(e for e in _markup_entries(sample, "en") if "官方文件" in e.msgid)
    assert '](https://klingai.com/docs "' in link.msgstr
    bold = next(e for e in _markup_entries(sample, "en") if "重點" in e.msgid)
    assert re.search(r"\*\*[a-z]", bold.msgstr) and "** " not in bold.msgstr


def test_lost_markup_is_withheld_marked_and_counted_and_reruns_change_nothing(sample, tmp_path):
    config = load_config(sample)
    cache = tmp_path / "c.sqlite3"
    receipt = draft_project(config, ["en"], progress=False, cache_path=cache,
                            engine_factory=lambda locale: Dropper())
    broken = [e for e in _markup_entries(sample, "en") if "`" in e.msgid or "](" in e.msgid]
    assert broken and receipt.broken["en"] == len(broken) == len(receipt.markup_lost)
    for entry in broken:
        assert entry.msgstr == "" and "fuzzy" not in entry.flags
        (mark,) = [c for c in entry.translator_comments if c.startswith(BROKEN_MARK)]
        assert "markup lost (" in mark and "missing in the translation" in mark and "output: " in mark
    assert f"markup lost in {len(broken)} drafts" in receipt.line()
    assert _markup_findings(config, "en") == []    # nothing broken was written
    po = sample / "locales" / "en" / f"{DOC}.po"
    before = po.read_bytes()
    again = draft_project(config, ["en"], progress=False, cache_path=cache, engine_factory=lambda locale: Dropper())
    assert po.read_bytes() == before and again.files_written == [] and again.mt_calls == 0
    # A better engine later drafts them, and the mark goes.
    draft_project(config, ["en"], progress=False, cache_path=cache, engine_factory=lambda locale: Echo())
    for entry in _markup_entries(sample, "en"):
        assert entry.msgstr and not any(c.startswith(BROKEN_MARK) for c in entry.translator_comments)


def test_checked_markup_repairs_spaced_emphasis_only_when_that_is_enough():
    assert checked_markup("這是**重點**", "this is ** the point **") == ("this is **the point**", [])
    text, differences = checked_markup("見 `a` 與**重點**", "see a and ** the point **")
    assert text == "see a and ** the point **" and any(d.severe for d in differences)


def test_the_tiny_argos_model_loses_markup_and_none_of_it_is_written(sample, packages, tiny_packages, tmp_path):
    install_model(tiny_packages["0.1"])
    config = load_config(sample)
    receipt = draft_project(config, ["en"], progress=False, cache_path=tmp_path / "c.sqlite3")
    markup = _markup_entries(sample, "en")
    withheld = [e for e in markup if not e.msgstr]
    assert withheld and all(any(c.startswith(BROKEN_MARK) and "markup lost (" in c for c in e.translator_comments)
                            for e in withheld)
    plain = [e for e in read_catalog(sample / "locales" / "en" / f"{DOC}.po").entries
             if inline_markup(e.msgid).is_plain]
    assert plain and all(e.msgstr in ("", "Kling AI @brain_racked {user_name} 1.6") for e in plain)
    # Emphasis alone lost still renders: that draft is written, marked, and the check warns about it.
    emphasis_only = next(e for e in markup if "重點" in e.msgid)
    assert emphasis_only.msgstr and any(c.startswith(f"{MARKUP_MARK} emphasis ** (strong)")
                                        for c in emphasis_only.translator_comments)
    assert len(receipt.markup_lost) == len(withheld) + 1
    assert {(f.severity, f.msgid) for f in _markup_findings(config, "en")} == {("warning", emphasis_only.msgid)}


def test_opencc_drafts_keep_labels_code_and_macros(sample):
    config = load_config(sample)
    receipt = draft_project(config, ["zh_Hans"], progress=False)
    assert receipt.markup_lost == []
    assert _markup_findings(config, "zh_Hans") == []
    entries = {e.msgid: e.msgstr for e in _markup_entries(sample, "zh_Hans")}
    label = next(v for k, v in entries.items() if "列舉數值" in k)
    assert "[列舉數值]" in label and "`程式碼裡的中文`" in label


def test_the_source_script_quality_check_reads_prose_only():
    from l10n.draft.quality import Sample, broken_reasons

    sample = Sample("請見[列舉數值]與 `程式碼裡的中文`，內容很長。", "See [enum values][列舉數值] and `程式碼裡的中文`, long.",
                    "zh_Hant_TW", "en")
    assert broken_reasons(sample) == []
    assert broken_reasons(Sample("請見內容很長的文字。", "See 內容 long text here.", "zh_Hant_TW", "en"))

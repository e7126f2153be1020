"""l10n update with the translation memory: exact and close matches from other documents, obsolete entries,
renamed documents and compendia; never over human work, never from drafts; idempotent."""
from __future__ import annotations

from pathlib import Path

import pytest

from l10n.catalog import update_project
from l10n.config import load_config
from l10n.po import entry_state, read_catalog

DOC = "kuaishou-ai-kling"
NEW_DOC = "快手的故事\n\n這是一家短影片公司?還是一家電商公司?快手究竟會成為一家怎樣的公司呢?全新的句子在這裡。\n"



def entries(root: Path, locale: str, doc: str) -> dict[str, object]:
    return {entry.msgid: entry for entry in read_catalog(root / "locales" / locale / f"{doc}.po").active()}


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*")) if p.is_file()}


def test_a_new_document_reuses_approved_translations(translated: Path) -> None:
    (translated / "source" / "other.md").write_text(NEW_DOC, encoding="utf-8")
    update_project(load_config(translated))
    found = entries(translated, "en", "other")
    exact = found["這是一家短影片公司?"]
    assert exact.msgstr == entries(translated, "en", DOC)["這是一家短影片公司?"].msgstr
    assert entry_state(exact) == "fuzzy" and exact.previous_msgid is None
    assert exact.translator_comments == [f"l10n-tm: source/{DOC}.md"]
    close = found["快手究竟會成為一家怎樣的公司呢?"]
    assert close.fuzzy and close.previous_msgid == "快手究竟會成為一家怎樣的公司?"
    assert close.translator_comments[0].startswith(f"l10n-tm: source/{DOC}.md (") and "%)" in close.translator_comments[0]
    assert found["全新的句子在這裡。"].msgstr == ""
    before = snapshot(translated)
    update_project(load_config(translated))
    assert snapshot(translated) == before   # idempotent


def test_exact_matches_are_translated_where_the_project_opts_in(translated: Path) -> None:
    with open(translated / "pyproject.toml", "a", encoding="utf-8") as file:
        file.write('\n[tool.l10n.translation-memory]\nexact = "translated"\nthreshold = 99\n')
    (translated / "source" / "other.md").write_text(NEW_DOC, encoding="utf-8")
    update_project(load_config(translated))
    found = entries(translated, "en", "other")
    assert entry_state(found["這是一家短影片公司?"]) == "translated"
    assert found["快手究竟會成為一家怎樣的公司呢?"].msgstr == ""   # 96% is below the 99% asked for


def test_drafts_and_fuzzy_entries_are_never_offered(translated: Path) -> None:
    po = translated / "locales" / "en" / f"{DOC}.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "這是一家短影片公司?"', '#, fuzzy\nmsgid "這是一家短影片公司?"', 1)
    po.write_text(text, encoding="utf-8")
    (translated / "source" / "other.md").write_text(NEW_DOC, encoding="utf-8")
    update_project(load_config(translated))
    assert entries(translated, "en", "other")["這是一家短影片公司?"].msgstr == ""


def test_human_work_is_never_overwritten(translated: Path) -> None:
    (translated / "source" / "other.md").write_text(NEW_DOC, encoding="utf-8")
    update_project(load_config(translated))
    po = translated / "locales" / "en" / "other.po"
    text = po.read_text(encoding="utf-8").replace('msgstr "Is it a short video company?"',
                                                  'msgstr "A short-video firm, then?"')
    po.write_text(text, encoding="utf-8")
    update_project(load_config(translated))
    assert entries(translated, "en", "other")["這是一家短影片公司?"].msgstr == "A short-video firm, then?"


def test_renaming_a_document_keeps_every_translation(translated: Path) -> None:
    before = {locale: {msgid: (entry.msgstr, entry_state(entry)) for msgid, entry in entries(translated, locale, DOC).items()}
              for locale in ("zh_Hans", "en")}
    (translated / "source" / f"{DOC}.md").rename(translated / "source" / "renamed.md")
    update_project(load_config(translated))
    for locale, old in before.items():
        after = {msgid: (entry.msgstr, entry_state(entry)) for msgid, entry in entries(translated, locale, "renamed").items()}
        assert after == old and len(after) > 100
        catalog = read_catalog(translated / "locales" / locale / "renamed.po")
        assert "source/renamed.md" in catalog.header_comments[0]


def test_obsolete_entries_and_po_compendia_feed_the_memory(translated: Path) -> None:
    memory_dir = translated / "tm"
    memory_dir.mkdir()
    (memory_dir / "other-project.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "全新的句子在這裡。"\nmsgstr "A brand-new sentence here."\n', encoding="utf-8")
    (translated / "source" / "other.md").write_text(NEW_DOC, encoding="utf-8")
    update_project(load_config(translated))
    entry = entries(translated, "en", "other")["全新的句子在這裡。"]
    assert entry.msgstr == "A brand-new sentence here." and entry.fuzzy
    assert entry.translator_comments == ["l10n-tm: tm/other-project.po"]
    assert entries(translated, "zh_Hans", "other")["全新的句子在這裡。"].msgstr == ""   # en only


def test_a_bad_memory_setting_is_bad_input(translated: Path) -> None:
    from l10n.errors import ConfigError

    with open(translated / "pyproject.toml", "a", encoding="utf-8") as file:
        file.write('\n[tool.l10n.translation-memory]\nthreshold = 120\n')
    before = snapshot(translated)
    with pytest.raises(ConfigError, match="threshold"):
        update_project(load_config(translated))
    assert snapshot(translated) == before

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from l10n.catalog import build_template, merge, update_project
from l10n.config import load_config
from l10n.po import Catalog, Entry, entry_state, parse_catalog, read_catalog, write_catalog
from l10n.segment import segment_document

from .conftest import gettext_tool

DOC = "kuaishou-ai-kling"


def _translate_all(path: Path) -> None:
    catalog = read_catalog(path)
    for entry in catalog.entries:
        entry.msgstr = f"T<{entry.msgid}>"
    write_catalog(path, catalog)


def _edit_source(project: Path) -> dict[str, str]:
    """Edits like a writer's: change words in two sentences, drop a paragraph, add one, move one."""
    path = project / "source" / f"{DOC}.md"
    text = path.read_text(encoding="utf-8")
    edits = {
        "changed": ("這一點可以從幾個資料清楚無誤地判斷而來:", "這一點可以從幾個資料清楚地判斷而來:"),
        "changed2": ("快手的反應,足以稱得上迅速,它儼然已經成為了先行者。", "快手的反應,足以稱得上迅速,它已經成為了先行者。"),
        "removed": ("自此,AI 影片生成行業形成了 2 極多峰格局\n", ""),
    }
    for old, new in edits.values():
        assert old in text
        text = text.replace(old, new, 1)
    moved = "剛出世的可靈,就已經在當時的全網熱潮中脫穎而出,贏得好評\n"
    text = text.replace(moved, "", 1) + "\n" + moved
    text += "\n全新的段落,講述快手下一步的計畫。\n"
    path.write_text(text, encoding="utf-8")
    return {k: v[1] for k, v in edits.items()}


def test_update_creates_templates_and_catalogs_with_references_and_kinds(project):
    config = load_config(project)
    report = update_project(config)
    assert len(report.written) == 3
    pot = read_catalog(project / "locales" / "templates" / f"{DOC}.pot")
    title = pot.entries[0]
    assert title.references == [f"source/{DOC}.md:1"] and title.extracted_comments[0] == "title"
    kinds = {e.extracted_comments[0] for e in pot.entries}
    assert {"title", "heading", "paragraph", "list item", "credit line"} <= kinds
    po = read_catalog(project / "locales" / "en" / f"{DOC}.po")
    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    zh = read_catalog(project / "locales" / "zh_Hans" / f"{DOC}.po")
    assert zh.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_a_new_catalog_written_from_the_templates_formatting_is_what_the_writer_prints(project):
    """The first update formats each entry once (a new catalog reuses its template's text): same bytes."""
    from l10n.catalog import plan_update
    from l10n.glossary_hints import template_hints
    from l10n.po import format_catalog
    from l10n.source import require_documents

    config = load_config(project)
    plans = plan_update(config, require_documents(config.source_dir), template_hints(config))
    catalogs = [plan for plan in plans if plan.stats is not None]
    assert catalogs and all(plan.stats.new == len(plan.catalog.entries) for plan in catalogs)
    for plan in plans:
        assert plan.text == format_catalog(plan.catalog), plan.path


def _recording(helpers, made):
    """``helpers`` (a forked_* context manager factory) that appends each helper it makes to ``made``."""
    import contextlib

    @contextlib.contextmanager
    def recorded(wanted, threshold=None):
        with helpers(wanted, threshold) as helper:
            made.append(helper)
            yield helper
    return recorded


def test_a_large_source_is_segmented_and_its_template_formatted_on_two_cores_with_the_same_bytes(project,
                                                                                                monkeypatch):
    import os

    import l10n.catalog

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    source = project / "source" / f"{DOC}.md"   # the article, then a book's long run of plain paragraphs
    source.write_text(source.read_text(encoding="utf-8") + "\n" + "\n\n".join(
        f"第 {n} 段:快手可靈。第二句?" for n in range(300)) + "\n", encoding="utf-8")
    config = load_config(project)
    update_project(config)
    serial = {path: path.read_bytes() for path in sorted((project / "locales").rglob("*.po*"))}
    for path in serial:
        path.unlink()
    made = []
    monkeypatch.setattr("l10n.catalog.forked_formatter", _recording(l10n.catalog.forked_formatter, made))
    monkeypatch.setattr("l10n.catalog.forked_segmenter", _recording(l10n.catalog.forked_segmenter, made))
    monkeypatch.setattr("l10n.catalog.PARALLEL_SOURCE_BYTES", 0)
    monkeypatch.setattr("l10n.forked_formatter.PARALLEL_ENTRIES", 2)
    monkeypatch.setattr("l10n.forked_segmenter.PARALLEL_CHARACTERS", 0)
    update_project(config)
    assert {path: path.read_bytes() for path in serial} == serial
    if hasattr(os, "fork") and len(os.sched_getaffinity(0)) > 1:
        assert [helper.helped for helper in made] == [1, 1]   # the book's tail and the template's second half


def test_an_edited_large_catalog_is_fuzzy_matched_on_the_second_core_with_the_same_bytes(project, monkeypatch):
    import os
    import shutil

    import l10n.catalog

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    config = load_config(project)
    update_project(config)
    for path in (project / "locales").rglob("*.po"):
        _translate_all(path)
    _edit_source(project)
    shutil.copytree(project / "locales", project / "before")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")
    update_project(config)
    serial = {path: path.read_bytes() for path in sorted((project / "locales").rglob("*.po*"))}
    shutil.rmtree(project / "locales")
    shutil.copytree(project / "before", project / "locales")
    made = []
    monkeypatch.setattr("l10n.catalog.forked_matcher", _recording(l10n.catalog.forked_matcher, made))
    monkeypatch.setattr("l10n.catalog.PARALLEL_SOURCE_BYTES", 0)
    monkeypatch.setattr("l10n.catalog.PARALLEL_CATALOG_BYTES", 0)
    monkeypatch.setattr("l10n.forked_matcher.PARALLEL_CATALOG_BYTES", 0)
    update_project(config)
    assert {path: path.read_bytes() for path in serial} == serial
    if hasattr(os, "fork") and len(os.sched_getaffinity(0)) > 1:
        assert [helper.helped for helper in made] == [len(config.target_locales)]


def test_an_old_template_is_read_whole_only_when_its_lines_would_be_used(tmp_path):
    from l10n.catalog import _read_template
    from l10n.po import print_template

    plain = Catalog({"POT-Creation-Date": "2026-01-01 00:00+0000"}, entries=[
        Entry(f"第 {n} 段:快手可靈。", references=[f"source/a.md:{n}"], extracted_comments=["paragraph"])
        for n in range(10)])
    path = tmp_path / "a.pot"
    path.write_text(print_template(plain).text, encoding="utf-8")
    header_only = _read_template(path, plain)   # the writer prints these without their old lines
    assert header_only.metadata == plain.metadata and header_only.entries == []
    quoted = Catalog(plain.metadata, entries=[Entry(f'"{entry.msgid}"', references=list(entry.references))
                                              for entry in plain.entries])
    assert len(_read_template(path, quoted).entries) == 10   # quotes take the general path, which checks lines
    assert len(_read_template(path).entries) == 10


def test_identical_sentences_share_one_entry_with_both_references():
    doc = "第一段。\n\n重複的句子。\n\n重複的句子。\n"
    template = build_template("d", "source/d.md", segment_document(doc), "p", "2026-01-01 00:00+0000")
    repeated = [e for e in template.entries if e.msgid == "重複的句子。"]
    assert len(repeated) == 1 and repeated[0].references == ["source/d.md:3", "source/d.md:5"]


def test_second_update_writes_nothing(project):
    config = load_config(project)
    update_project(config)
    files = sorted((project / "locales").rglob("*.po*"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    report = update_project(config)
    assert report.written == []
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before


def test_update_after_edit_keeps_every_translation(project):
    config = load_config(project)
    update_project(config)
    po_path = project / "locales" / "en" / f"{DOC}.po"
    _translate_all(po_path)
    old = read_catalog(po_path)
    translations = {e.msgstr for e in old.entries}
    _edit_source(project)
    update_project(config)
    new = read_catalog(po_path)
    assert translations <= {e.msgstr for e in new.entries}, "a translation was lost"
    by_id = {e.msgid: e for e in new.entries}
    moved = by_id["剛出世的可靈,就已經在當時的全網熱潮中脫穎而出,贏得好評"]
    assert moved.translated and not moved.obsolete
    changed = by_id["這一點可以從幾個資料清楚地判斷而來:"]
    assert changed.fuzzy and changed.previous_msgid == "這一點可以從幾個資料清楚無誤地判斷而來:"
    assert changed.msgstr == "T<這一點可以從幾個資料清楚無誤地判斷而來:>"
    removed = by_id["自此,AI 影片生成行業形成了 2 極多峰格局"]
    assert removed.obsolete and removed.msgstr
    assert entry_state(by_id["全新的段落,講述快手下一步的計畫。"]) == "untranslated"


def _outcome(catalog) -> dict[str, tuple[str, str | None]]:
    result = {}
    for e in catalog.entries:
        state = "obsolete" if e.obsolete else "fuzzy" if e.fuzzy else "translated" if e.msgstr else "new"
        result[e.msgid] = (state, e.previous_msgid if e.fuzzy else None)
    return result


def test_merge_outcome_matches_gnu_msgmerge(project, tmp_path):
    """Same old catalog, same new template: keep/fuzzy/obsolete decided as msgmerge decides."""
    msgmerge = gettext_tool("msgmerge")
    config = load_config(project)
    update_project(config)
    po_path = project / "locales" / "en" / f"{DOC}.po"
    _translate_all(po_path)
    old_copy = tmp_path / "old.po"
    old_copy.write_bytes(po_path.read_bytes())
    _edit_source(project)
    update_project(config)
    ours = read_catalog(po_path)
    pot = project / "locales" / "templates" / f"{DOC}.pot"
    theirs = subprocess.run([msgmerge, "--quiet", "--previous", "--no-wrap", "-o", "-", str(old_copy), str(pot)],
                            capture_output=True, text=True, check=True).stdout
    assert _outcome(ours) == _outcome(parse_catalog(theirs))


def test_merge_revives_an_obsolete_translation_when_its_sentence_returns():
    old = parse_catalog('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                        '#~ msgid "舊的句子。"\n#~ msgstr "An old sentence."\n')
    template = build_template("d", "source/d.md", segment_document("舊的句子。\n"), "p", "x")
    merged, stats = merge(old, template, "en", "x")
    assert [(e.msgid, e.msgstr, e.obsolete) for e in merged.entries] == [("舊的句子。", "An old sentence.", False)]
    assert stats.kept == 1


def test_a_merged_header_keeps_the_translators_fields_and_fills_only_the_missing_ones_from_babel():
    template = build_template("d", "source/d.md", segment_document("句子。\n"), "p", "2026-01-01 00:00+0000")
    old = parse_catalog('msgid ""\nmsgstr ""\n"Language-Team: Our team\\n"\n"Plural-Forms: nplurals=2; plural=n>1;\\n"\n')
    kept, _ = merge(old, template, "zh_Hans", "2026-02-02 00:00+0000")
    assert kept.metadata["Language-Team"] == "Our team"
    assert kept.metadata["Plural-Forms"] == "nplurals=2; plural=n>1;"
    assert list(kept.metadata)[:2] == ["Language-Team", "Plural-Forms"]   # the old order, new fields after
    lacking, _ = merge(parse_catalog('msgid ""\nmsgstr "Language-Team: Our team\\n"\n'), template, "zh_Hans", "x")
    assert lacking.metadata["Language-Team"] == "Our team"
    assert lacking.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    fresh, _ = merge(None, template, "zh_Hans", "x")
    assert fresh.metadata["Language-Team"] == "Chinese (Simplified)"
    assert list(fresh.metadata) == ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
                                    "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
                                    "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms",
                                    "Generated-By"]


def test_a_header_holding_the_babel_fields_asks_babel_nothing(monkeypatch):
    import l10n.catalog

    def unasked(locale):
        raise AssertionError(f"Babel asked about {locale}")
    template = build_template("d", "source/d.md", segment_document("句子。\n"), "p", "2026-01-01 00:00+0000")
    old = parse_catalog('msgid ""\nmsgstr ""\n"Language-Team: Our team\\n"\n"Plural-Forms: nplurals=2; plural=n>1;\\n"\n')
    monkeypatch.setattr(l10n.catalog, "_language_name", unasked)
    monkeypatch.setattr(l10n.catalog, "_plural_forms", unasked)
    metadata = l10n.catalog.catalog_metadata(template, "zh_Hans", old, "x")
    assert (metadata["Language-Team"], metadata["Plural-Forms"]) == ("Our team", "nplurals=2; plural=n>1;")
    with pytest.raises(AssertionError, match="Babel asked about zh_Hans"):
        l10n.catalog.catalog_metadata(template, "zh_Hans", parse_catalog('msgid ""\nmsgstr ""\n'), "x")


BLOCK_START = re.compile(r"[-+*>#]|\d+[.)]( |$)")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _reflow(markdown: str, width: int) -> str:
    """Re-wrap every paragraph at about ``width`` characters, as an editor's fill command does: a line
    breaks between two wide (CJK) characters, or replaces a space; never inside a Latin word or number, and
    never so that a line starts with block markup (``+ ``, ``- ``, ``> ``...), which would change the document."""
    out = []
    for line in markdown.split("\n"):
        if not line or line.startswith(("#", "-", "1.", "2.")):
            out.append(line)
            continue
        start = 0
        i = width
        while i < len(line):
            if BLOCK_START.match(line[i + 1 if line[i] == " " else i:]):
                i += 1
            elif line[i] == " ":
                out.append(line[start:i])
                start = i + 1
                i = start + width
            elif _wide(line[i - 1]) and _wide(line[i]):
                out.append(line[start:i])
                start = i
                i = start + width
            else:
                i += 1
        out.append(line[start:])
    return "\n".join(out)


@pytest.mark.parametrize("width", [17, 23, 40])
def test_full_reflow_of_the_article_reopens_no_segment(project, width):
    config = load_config(project)
    update_project(config)
    po_path = project / "locales" / "en" / f"{DOC}.po"
    _translate_all(po_path)
    before = {e.msgid: e.msgstr for e in read_catalog(po_path).entries}
    source = project / "source" / f"{DOC}.md"
    reflowed = _reflow(source.read_text(encoding="utf-8"), width)
    assert reflowed.count("\n") > 200
    source.write_text(reflowed, encoding="utf-8")
    report = update_project(config)
    stats = report.stats[po_path]
    assert (stats.fuzzy, stats.new, stats.obsolete) == (0, 0, 0)
    after = read_catalog(po_path)
    assert {e.msgid: e.msgstr for e in after.entries} == before
    assert all(e.translated for e in after.entries)


def test_dates_move_only_when_content_moves(project, monkeypatch):
    config = load_config(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    update_project(config)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1100000000")
    assert update_project(config).written == []
    po = project / "locales" / "en" / f"{DOC}.po"
    assert read_catalog(po).metadata["PO-Revision-Date"] == "2001-09-09 01:46+0000"
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    update_project(config)
    assert read_catalog(po).metadata["PO-Revision-Date"] == "2004-11-09 11:33+0000"
    pot = read_catalog(project / "locales" / "templates" / f"{DOC}.pot")
    assert pot.metadata["POT-Creation-Date"] == "2004-11-09 11:33+0000"


def test_merge_fuzzy_threshold_and_unit_are_the_callers():
    from l10n.catalog import merge
    from l10n.po import Catalog, Entry

    old = Catalog({}, entries=[Entry("快手可靈模型 abcdef", "Kling model abcdef")])
    template = Catalog({}, entries=[Entry("快手可靈模型 uvwxyz")])
    by_bytes, _ = merge(old, template, "en", "2025-01-01 00:00+0000")
    assert by_bytes.entries[0].fuzzy and by_bytes.entries[0].previous_msgid == "快手可靈模型 abcdef"
    by_characters, stats = merge(old, template, "en", "2025-01-01 00:00+0000", fuzzy_similarity="characters")
    assert by_characters.entries[0].msgstr == "" and stats.new == 1
    strict, _ = merge(old, template, "en", "2025-01-01 00:00+0000", fuzzy_threshold=0.9)
    assert strict.entries[0].msgstr == ""


@pytest.mark.parametrize("before, after", [
    ("請看[官方說明](https://a.example/old)再繼續。\n", "請看[官方說明](https://a.example/new)再繼續。\n"),
    ("這一步非常重要，請務必完成。\n", "這一步**非常重要**，請務必完成。\n"),
    ("執行 `cargo build` 之後就能得到執行檔。\n", "執行 `cargo build --release` 之後就能得到執行檔。\n"),
])
def test_a_markup_only_edit_reopens_the_entry_as_fuzzy_with_the_previous_msgid(before, after):
    old_template = build_template("d", "source/d.md", segment_document(before), "p", "x")
    old, _ = merge(None, old_template, "en", "x")
    old.entries[-1].msgstr = "Translated."
    template = build_template("d", "source/d.md", segment_document(after), "p", "x")
    merged, stats = merge(old, template, "en", "x")
    entry = next(e for e in merged.entries if not e.obsolete and e.msgid)
    assert entry.msgid == after.strip() and entry.fuzzy and entry.msgstr == "Translated."
    assert entry.previous_msgid == before.strip() and stats.fuzzy == 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["甲。", "乙。", "丙", "丁?", ""]), st.sampled_from([None, "ctx"]),
                          st.integers(1, 6)), max_size=12), st.booleans())
def test_a_catalog_merged_from_none_is_the_one_merged_from_an_empty_catalog(rows, with_hints):
    """merge(None, ...) copies the template's entries without looking for old ones: the same entries and
    counts as merging with a catalog that holds none, each entry a list of its own."""
    template = Catalog(metadata={"POT-Creation-Date": "x"}, header_comments=["Translation template for d.md."],
                       entries=[Entry(text or "空", msgctxt=context, references=[f"d.md:{line}"],
                                      extracted_comments=["paragraph"]) for text, context, line in rows])
    hints = (lambda msgid: [f"glossary: {msgid}"]) if with_hints else None
    fresh, fresh_stats = merge(None, template, "en", "x", hints)
    empty, empty_stats = merge(Catalog(metadata={}), template, "en", "x", hints)
    assert fresh.entries == empty.entries and fresh_stats == empty_stats
    assert fresh.header_comments == ["English translation of d.md."]
    for copy, original in zip(fresh.entries, template.entries):
        assert copy is not original and copy.references is not original.references
        assert copy.extracted_comments is not original.extracted_comments


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["甲。", "乙。", "丙", "丁?"]),
                          st.sampled_from(["paragraph", "heading", "list_item", "credit", "front_matter:title"]),
                          st.integers(1, 6)), max_size=30),
       st.booleans())
def test_a_template_has_one_entry_per_text_with_its_references_and_kinds_in_first_seen_order(found, with_hints):
    from l10n.segment import KIND_LABELS, Segment

    segments = [Segment(text, kind, line, index) for index, (text, kind, line) in enumerate(found)]
    hints = (lambda msgid: [f"glossary: {msgid}"]) if with_hints else None
    template = build_template("d", "source/d.md", segments, "p", "2026-01-01 00:00+0000", hints)
    expected: dict[str, tuple[list[str], list[str]]] = {}
    for segment in segments:
        refs, kinds = expected.setdefault(segment.text, ([], []))
        if f"source/d.md:{segment.line}" not in refs:
            refs.append(f"source/d.md:{segment.line}")
        if KIND_LABELS.get(segment.kind, segment.kind) not in kinds:
            kinds.append(KIND_LABELS.get(segment.kind, segment.kind))
    assert [(e.msgid, e.references, e.extracted_comments) for e in template.entries] == [
        (text, refs, [", ".join(kinds)] + ([f"glossary: {text}"] if with_hints else []))
        for text, (refs, kinds) in expected.items()]


@given(before=st.text("ab\"\\n:D", max_size=12), after=st.text("ab\"\\n:D", max_size=12),
       body=st.text("ab\"\\n:D", max_size=40), old=st.sampled_from(["2026-01-01", "D", "a"]),
       new=st.sampled_from(["2026-02-02", "D", "b"]))
def test_a_text_dated_back_is_the_old_header_and_the_rest(before, after, body, old, new):
    from l10n.catalog import _dated_back

    old_line, new_line = f'"D: {old}\\n"', f'"D: {new}\\n"'
    old_header = before + old_line + after
    header = old_header.replace(old_line, new_line, 1)
    text = header + body
    assert _dated_back(text, header, old_header, old_line, new_line) == old_header + body


def test_a_merge_of_catalogs_never_imports_what_only_parsing_or_parallel_matching_needs() -> None:
    """markdown-it (~4 MiB of RSS), multiprocessing and tomllib are imported by what uses them, not with the
    modules a merge imports: a merge that reads, matches and writes catalogs (bench (c)) never loads them."""
    script = (
        "import sys\n"
        "from l10n.catalog import merge\n"
        "from l10n.po import Catalog, Entry, format_catalog\n"
        "old = Catalog(metadata={}, entries=[Entry(msgid=f'The old text number {i}.', msgstr=f'T{i}') for i in range(50)])\n"
        "new = Catalog(metadata={}, entries=[Entry(msgid=f'The old text number {i}!') for i in range(50)])\n"
        "merged, stats = merge(old, new, 'zh_CN', '2025-01-01 00:00+0000')\n"
        "format_catalog(merged)\n"
        "assert stats.fuzzy == 50, stats\n"
        "print(sorted(name for name in ('markdown_it', 'mdit_py_plugins', 'multiprocessing', 'tomllib')"
        " if name in sys.modules))\n"
        "from l10n.segment import segment_document\n"
        "segment_document('# A title\\n')\n"
        "print('markdown_it' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert result.stdout.split("\n")[:2] == ["[]", "True"]

"""l10n.stale's memory of what update writes: the digest of expected entries equals a file's exactly when
the entry-by-entry comparison finds no difference, and it is keyed by everything the entries depend on."""
from __future__ import annotations

import dataclasses

from hypothesis import given, strategies as st

from l10n.check.checks import _differences
from l10n.config import load_config
from l10n.po import Entry
from l10n.source import Document
from l10n.stale import RowsHash, entries_digest, remember_digest, remembered_digest, source_fingerprint

TEXT = st.text(st.sampled_from("ab,\n|:0\x00可靈"), max_size=4)
ENTRY = st.builds(lambda ctx, msgid, refs, comments: Entry(msgid=msgid, msgctxt=ctx, references=refs,
                                                            extracted_comments=comments),
                  st.none() | TEXT, TEXT, st.lists(TEXT, max_size=2), st.lists(TEXT, max_size=3))


def expected_of(entries):
    return tuple((e.msgctxt, e.msgid, tuple(e.references), tuple(e.extracted_comments)) for e in entries)


def tweaked(entries, data):
    """Entries like ``entries`` with a few random changes (or none), so equal lists are often drawn."""
    result = [dataclasses.replace(e, references=list(e.references), extracted_comments=list(e.extracted_comments))
              for e in entries]
    for _ in range(data.draw(st.integers(0, 2))):
        if not result:
            break
        index = data.draw(st.integers(0, len(result) - 1))
        change = data.draw(st.sampled_from(["msgid", "ctx", "refs", "comment", "extra comment", "drop", "swap"]))
        entry = result[index]
        if change == "msgid":
            entry.msgid = data.draw(TEXT)
        elif change == "ctx":
            entry.msgctxt = data.draw(st.none() | TEXT)
        elif change == "refs":
            entry.references = data.draw(st.lists(TEXT, max_size=2))
        elif change == "comment":
            entry.extracted_comments = data.draw(st.lists(TEXT, max_size=3))
        elif change == "extra comment":
            entry.extracted_comments.append(data.draw(TEXT))
        elif change == "drop":
            del result[index]
        else:
            result.insert(0, result.pop(index))
    return result


@given(st.lists(ENTRY, max_size=4), st.data())
def test_the_digest_agrees_with_the_entry_comparison(template, data):
    found = tweaked(template, data)
    counts = [len(e.extracted_comments) for e in template]
    for is_template in (True, False):
        same = _differences(expected_of(template), found, is_template) == []
        by_digest = (entries_digest(found) if is_template
                     else len(found) == len(counts) and entries_digest(found, counts)) == entries_digest(template)
        assert by_digest == same, (is_template, template, found)
        by_hash = (quick(found) if is_template
                   else len(found) == len(counts) and quick(found, counts)) == quick(template)
        assert by_hash == same, (is_template, template, found)


def quick(entries, counts=None):
    """The :class:`RowsHash` of ``entries`` (comments cut to ``counts``), added in two parts as a run adds
    batches."""
    rows = RowsHash()
    half = len(entries) // 2
    rows.add_entries(entries[:half], None if counts is None else counts[:half])
    rows.add_entries(entries[half:], None if counts is None else counts[half:])
    return rows.digest()


def test_a_catalog_may_add_comments_after_its_templates(tmp_path):
    template = [Entry(msgid="a", references=["s.md:1"], extracted_comments=["paragraph"])]
    catalog = [Entry(msgid="a", references=["s.md:1"], extracted_comments=["paragraph", "its own"])]
    assert entries_digest(catalog, [1]) == entries_digest(template) != entries_digest(catalog)


def test_the_memory_is_keyed_by_document_config_and_glossary(project, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = load_config(project)
    document = Document("a", project / "source" / "a.md", "快手。\n")
    key = source_fingerprint(config, document)
    assert remembered_digest(config, document, key) is None
    remember_digest(config, document, key, b"\x01" * 16)
    assert remembered_digest(config, document, key) == b"\x01" * 16
    assert source_fingerprint(config, document) == key
    others = [source_fingerprint(config, dataclasses.replace(document, text="快手!\n")),
              source_fingerprint(config, dataclasses.replace(document, name="b")),
              source_fingerprint(dataclasses.replace(config, segmentation="paragraph"), document)]
    (project / "glossary.csv").write_text((project / "glossary.csv").read_text(encoding="utf-8") + "\n",
                                          encoding="utf-8")
    others.append(source_fingerprint(config, document))
    assert key not in others and len(set(others)) == len(others)
    assert remembered_digest(config, document, others[0]) is None   # another key: nothing remembered


def test_an_unusable_cache_folder_is_no_error(project, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))   # a file where the folder would go
    config = load_config(project)
    document = Document("a", project / "source" / "a.md", "快手。\n")
    remember_digest(config, document, "k", b"\x02")
    assert remembered_digest(config, document, "k") is None

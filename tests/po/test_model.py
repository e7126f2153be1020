"""Tests for l10n.po.model: entries, catalogs, entry states and draft provenance."""
from __future__ import annotations

import subprocess

from l10n.po import Catalog, Entry, draft_comment, entry_state, format_catalog, parse_catalog, write_catalog

from ..conftest import gettext_tool


def test_entry_properties():
    plural = Entry("a", msgid_plural="as", msgstr_plural={0: "x", 1: ""})
    assert not plural.translated
    plural.msgstr_plural[1] = "y"
    assert plural.translated and plural.key == (None, "a")
    assert not Entry("a", "b", flags=["fuzzy"]).translated and Entry("a", "b", flags=["fuzzy"]).fuzzy
    assert not Entry("a", "b", obsolete=True).translated
    catalog = Catalog(metadata={}, entries=[Entry("a"), Entry("b", "c", msgctxt="k", obsolete=True)])
    assert [entry.key for entry in catalog.active()] == [(None, "a")]


def test_states_tell_translated_draft_fuzzy_and_untranslated_apart():
    draft = Entry("可靈", "Kling", flags=["fuzzy"], translator_comments=[draft_comment("argos", "v1", "Kling")])
    edited = Entry("可靈", "Kling AI", flags=["fuzzy"], translator_comments=[draft_comment("argos", "v1", "Kling")])
    guess = Entry("可靈", "Kling", flags=["fuzzy"], previous_msgid="可靈 AI",
                  translator_comments=[draft_comment("argos", "v1", "Kling")])
    assert [entry_state(e) for e in (draft, edited, guess, Entry("x", "y"), Entry("x"))] == [
        "draft", "fuzzy", "fuzzy", "translated", "untranslated"]


def test_draft_marker_survives_msgcat_and_msgmerge(tmp_path):
    msgcat = gettext_tool("msgcat")
    msgmerge = gettext_tool("msgmerge")
    po = tmp_path / "a.po"
    entry = Entry("可靈", "Kling", flags=["fuzzy"], translator_comments=[draft_comment("argos", "v1", "Kling")])
    catalog = Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8"}, entries=[entry])
    write_catalog(po, catalog)
    pot = tmp_path / "a.pot"
    pot.write_text(format_catalog(Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8"},
                                          entries=[Entry("可靈")])), encoding="utf-8")
    for command in ([msgcat, str(po)], [msgmerge, "--quiet", "-o", "-", str(po), str(pot)]):
        text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        assert entry_state(parse_catalog(text).entries[0]) == "draft"

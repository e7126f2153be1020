"""No churn with other tools: GNU ``msgmerge`` and Translate Toolkit's ``pot2po`` against our templates,
before or after ``l10n update``, and an editor's formatting-only re-save. Runs the real tools."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from l10n.catalog import update_project
from l10n.config import load_config
from l10n.po import format_catalog, read_catalog, write_catalog

from .conftest import gettext_tool

DOC = "kuaishou-ai-kling"


def _catalogs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "locales").rglob("*.po*"))}


@pytest.fixture
def updated(project):
    """The repository's project after `l10n update`, with translations, a translator comment, a fuzzy
    entry with its previous msgid and an obsolete entry, as a translated project has them."""
    config = load_config(project)
    update_project(config)
    for locale in ("en", "zh_Hans"):
        path = config.catalog_path(locale, DOC)
        catalog = read_catalog(path)
        for number, entry in enumerate(catalog.active()[:20]):
            entry.msgstr = f"{locale} translation {number}: “quoted” text long enough to need wrapping " * 2
        catalog.active()[3].translator_comments = ["Translator: keep the pun."]
        write_catalog(path, catalog)
    source = config.source_dir / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("快手究竟會成為一家怎樣的公司?", "快手究竟會成為一家怎樣的企業?")
                      .replace("這是一家短影片公司?", ""), encoding="utf-8")
    update_project(config)
    catalog = read_catalog(config.catalog_path("en", DOC))
    assert any(e.obsolete for e in catalog.entries) and any(e.previous_msgid for e in catalog.entries)
    assert any(c.startswith("glossary (en): ") for e in catalog.entries for c in e.extracted_comments)
    return config


def _msgmerge(config, *options: str) -> None:
    msgmerge = gettext_tool("msgmerge")
    for locale in config.target_locales:
        subprocess.run([msgmerge, "--quiet", "--update", "--backup=none", *options,
                        str(config.catalog_path(locale, DOC)), str(config.template_path(DOC))], check=True)


def _pot2po(config) -> None:
    pytest.importorskip("translate.convert.pot2po")
    for locale in config.target_locales:
        po = config.catalog_path(locale, DOC)
        out = po.with_suffix(".new")
        subprocess.run([sys.executable, "-m", "translate.convert.pot2po", "--progress=none", "-t", str(po),
                        "-i", str(config.template_path(DOC)), "-o", str(out)], check=True, capture_output=True)
        out.replace(po)


def test_msgmerge_after_update_changes_no_byte_and_update_after_it_neither(updated):
    before = _catalogs(updated.root)
    _msgmerge(updated, "--previous")
    assert _catalogs(updated.root) == before     # glossary hints come from the template, as msgmerge wants
    assert update_project(updated).written == []
    assert _catalogs(updated.root) == before


def test_update_after_a_plain_msgmerge_writes_nothing(updated):
    # Without --previous msgmerge drops the `#| msgid` of fuzzy entries; update cannot bring it back,
    # and does not fight over it.
    _msgmerge(updated)
    after = _catalogs(updated.root)
    assert update_project(updated).written == []
    assert _catalogs(updated.root) == after


def test_pot2po_keeps_every_entry_and_hint_and_update_after_it_writes_nothing(updated):
    before = {locale: read_catalog(updated.catalog_path(locale, DOC)) for locale in updated.target_locales}
    _pot2po(updated)
    for locale, old in before.items():
        new = read_catalog(updated.catalog_path(locale, DOC))
        assert [(e.msgid, e.msgstr, e.flags, e.translator_comments, e.extracted_comments, e.previous_msgid,
                 e.obsolete) for e in new.entries] == \
               [(e.msgid, e.msgstr, e.flags, e.translator_comments, e.extracted_comments, e.previous_msgid,
                 e.obsolete) for e in old.entries]
        assert new.metadata["PO-Revision-Date"] == old.metadata["PO-Revision-Date"]
    after_pot2po = _catalogs(updated.root)
    # Only Translate Toolkit's layout differs; l10n update leaves that alone instead of rewrapping.
    assert update_project(updated).written == []
    assert _catalogs(updated.root) == after_pot2po
    _pot2po(updated)
    assert _catalogs(updated.root) == after_pot2po   # and the round trip is a fixed point


def test_a_formatting_only_resave_moves_no_date_and_is_left_alone(updated, monkeypatch):
    path = updated.catalog_path("en", DOC)
    catalog = read_catalog(path)
    resaved = format_catalog(catalog).replace('msgstr ""\n"en translation 0', 'msgstr ""\n""\n"en translation 0')
    assert resaved != path.read_text(encoding="utf-8")
    path.write_text(resaved, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")       # a later clock: a rewrite would show it
    assert update_project(updated).written == []
    assert path.read_text(encoding="utf-8") == resaved


def test_a_real_change_still_moves_the_date_and_writes_gettext_layout(updated, monkeypatch):
    path = updated.catalog_path("en", DOC)
    old_date = read_catalog(path).metadata["PO-Revision-Date"]
    _pot2po(updated)
    source = updated.source_dir / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    update_project(updated)
    catalog = read_catalog(path)
    assert catalog.metadata["PO-Revision-Date"] != old_date
    assert path.read_text(encoding="utf-8") == format_catalog(catalog)

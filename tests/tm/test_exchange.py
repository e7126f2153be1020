"""TMX and XLIFF exchange, checked with Translate Toolkit (its TMX reader, po2tmx, xliff2po) and lxml as
oracles; leverage analysis bands."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from l10n.catalog import update_project
from l10n.cli import main
from l10n.config import load_config
from l10n.po import entry_state, read_catalog

REPO = Path(__file__).resolve().parents[2]
DOC = "kuaishou-ai-kling"
BIN = Path(shutil.which("po2tmx") or Path(__import__("sys").executable).parent / "po2tmx").parent


def tool(name: str) -> str:
    path = shutil.which(name) or str(BIN / name)
    if not Path(path).exists():
        pytest.fail(f"Translate Toolkit's {name} is not installed (test extra)")
    return path



def approved_en(root: Path) -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in read_catalog(root / "locales/en" / f"{DOC}.po").active()
            if entry_state(entry) == "translated"}


# --- TMX --------------------------------------------------------------------------------------------------

def test_tmx_export_is_read_by_translate_toolkit_and_lxml(translated: Path, capsys) -> None:
    from translate.storage.tmx import tmxfile

    out = translated / "en.tmx"
    assert main(["-C", str(translated), "tm", "export", "--format", "tmx", "-l", "en", "-o", str(out)]) == 0
    tree = etree.parse(str(out))
    assert tree.getroot().get("version") == "1.4" and tree.find("header").get("srclang") == "zh-Hant-TW"
    assert all(tu.get("changedate", "").endswith("Z") for tu in tree.iter("tu"))
    assert {prop.text for prop in tree.iter("prop")} == {f"source/{DOC}.md"}
    store = tmxfile.parsefile(str(out))
    pairs = {unit.source: unit.target for unit in store.units}
    assert pairs == approved_en(translated) and len(pairs) > 100
    first = out.read_bytes()
    main(["-C", str(translated), "tm", "export", "-l", "en", "-o", str(out)])
    assert out.read_bytes() == first   # no export timestamp: same bytes


def test_a_po2tmx_memory_imports_and_fills_a_new_document(translated: Path, tmp_path: Path) -> None:
    written = tmp_path / "po2tmx.tmx"
    subprocess.run([tool("po2tmx"), "-l", "en", "--source-language", "zh-Hant-TW",
                    str(translated / "locales/en" / f"{DOC}.po"), str(written)], check=True, capture_output=True)
    fresh = tmp_path / "fresh"
    shutil.copytree(translated, fresh, ignore=shutil.ignore_patterns("locales"))
    (fresh / "source" / f"{DOC}.md").rename(fresh / "source" / "copy.md")
    assert main(["-C", str(fresh), "tm", "import", str(written)]) == 0
    assert (fresh / "tm" / "imported.tmx").exists()
    assert main(["-C", str(fresh), "tm", "import", str(written)]) == 0   # nothing twice
    update_project(load_config(fresh))
    entries = read_catalog(fresh / "locales/en/copy.po").active()
    filled = [entry for entry in entries if entry.msgstr]
    assert len(filled) == len(approved_en(translated))
    assert all(entry.fuzzy and entry.translator_comments[-1] == "l10n-tm: tm/imported.tmx (po2tmx.tmx)"
               for entry in filled)
    # Our own export imports too (round trip through our reader).
    ours = tmp_path / "ours.tmx"
    main(["-C", str(translated), "tm", "export", "-l", "en", "-o", str(ours)])
    from l10n.tm.tmx import read_tmx

    assert {unit.source: unit.target for unit in read_tmx(ours, "zh_Hant_TW", ["en"], "x")} == approved_en(translated)


def test_a_file_that_is_not_tmx_is_bad_input_and_changes_nothing(translated: Path, capsys) -> None:
    bad = translated / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    assert main(["-C", str(translated), "tm", "import", str(bad)]) == 2
    assert "not a TMX file" in capsys.readouterr().err
    assert not (translated / "tm").exists()


# --- XLIFF ------------------------------------------------------------------------------------------------

def _mixed_states(root: Path) -> Path:
    """The en catalog with one machine draft, one fuzzy guess and one untranslated entry."""
    po = root / "locales/en" / f"{DOC}.po"
    catalog = read_catalog(po)
    from l10n.po import draft_comment, format_catalog

    active = catalog.active()
    active[1].flags = ["fuzzy"]
    active[1].translator_comments = [draft_comment("argos", "translate-zh_en 1.9", active[1].msgstr)]
    active[2].flags = ["fuzzy"]
    active[2].previous_msgid = active[2].msgid + "!"
    active[3].msgstr = ""
    active[4].translator_comments = ["checked against the press release"]
    po.write_text(format_catalog(catalog), encoding="utf-8")
    return po


def test_xliff_export_matches_xliff2po(translated: Path, tmp_path: Path) -> None:
    po = _mixed_states(translated)
    xlf = tmp_path / "en.xlf"
    assert main(["-C", str(translated), "xliff", "export", DOC, "-l", "en", "-o", str(xlf)]) == 0
    root = etree.parse(str(xlf)).getroot()
    assert root.get("version") == "1.2" and root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff"
    states = [target.get("state") for target in root.iter("{urn:oasis:names:tc:xliff:document:1.2}target")]
    assert states[:5] == ["translated", "needs-review-translation", "needs-review-translation",
                          "needs-translation", "translated"]
    back = tmp_path / "back.po"
    subprocess.run([tool("xliff2po"), str(xlf), str(back)], check=True, capture_output=True)
    ours = read_catalog(po).active()
    theirs = {entry.msgid: entry for entry in read_catalog(back).active()}
    assert len(theirs) == len(ours)
    for entry in ours:
        other = theirs[entry.msgid]
        assert (other.msgstr, other.fuzzy) == (entry.msgstr, entry.fuzzy and bool(entry.msgstr)), entry.msgid
        assert other.translator_comments == entry.translator_comments
        assert other.extracted_comments == entry.extracted_comments
        assert other.references == entry.references


def test_xliff_round_trip_keeps_the_catalog_and_applies_edits(translated: Path, tmp_path: Path) -> None:
    po = _mixed_states(translated)
    before = po.read_bytes()
    xlf = tmp_path / "en.xlf"
    main(["-C", str(translated), "xliff", "export", DOC, "-l", "en", "-o", str(xlf)])
    assert main(["-C", str(translated), "xliff", "import", str(xlf)]) == 0
    assert po.read_bytes() == before   # nothing lost: comments, provenance, #| previous text
    text = xlf.read_text(encoding="utf-8")
    draft = read_catalog(po).active()[1]
    reviewed = "Reviewed: " + draft.msgstr
    text = text.replace(f'<trans-unit id="2" xml:space="preserve" approved="no">',
                        f'<trans-unit id="2" xml:space="preserve" approved="yes">', 1)
    text = text.replace(f'<target state="needs-review-translation">{draft.msgstr}</target>',
                        f'<target state="translated">{reviewed}</target>', 1)
    xlf.write_text(text, encoding="utf-8")
    assert main(["-C", str(translated), "xliff", "import", str(xlf)]) == 0
    after = read_catalog(po).active()[1]
    assert (after.msgstr, entry_state(after)) == (reviewed, "translated")
    assert after.translator_comments == draft.translator_comments   # provenance kept
    assert read_catalog(po).active()[2].previous_msgid is not None


# --- leverage analysis ------------------------------------------------------------------------------------

def test_status_analysis_bands(translated: Path, capsys) -> None:
    (translated / "source" / "other.md").write_text(
        "這是一家短影片公司?還是一家電商公司呢?全新的句子在這裡。全新的句子在這裡。\n\n這是一家短影片公司?\n",
        encoding="utf-8")
    main(["-C", str(translated), "update"])
    for locale in ("en", "zh_Hans"):   # back to untranslated, to analyse the work before the memory fill
        po = translated / "locales" / locale / "other.po"
        catalog = read_catalog(po)
        for entry in catalog.active():
            entry.msgstr, entry.flags, entry.previous_msgid, entry.translator_comments = "", [], None, []
        from l10n.po import format_catalog

        po.write_text(format_catalog(catalog), encoding="utf-8")
    capsys.readouterr()
    assert main(["-C", str(translated), "status", "--analysis", "--format", "json", "-l", "en"]) == 0
    rows = {row["document"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows[DOC]["done"] > 3000 and set(rows[DOC]["words"].values()) == {0}
    words = rows["other"]["words"]
    assert words["exact"] == 9              # 這是一家短影片公司? (Han characters are words)
    assert words["85-94"] + words["95-99"] == 9   # 還是一家電商公司呢? vs 還是一家電商公司?
    assert words["no match"] == 8 and words["repeated"] == 0
    assert main(["-C", str(translated), "status", "--analysis", "-l", "en"]) == 0
    assert "no match" in capsys.readouterr().out

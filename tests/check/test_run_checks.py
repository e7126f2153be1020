"""run_checks on a copy of the project: what is checked, silencing, drafts, thresholds, stale files, bad input,
worker processes, and exit status."""
from __future__ import annotations

import csv
import io
import math
import shutil
import subprocess
from pathlib import Path

import pytest

import l10n.check as check_package
from l10n.catalog import update_project
from l10n.check import REGISTRY, Finding, exit_status, format_findings, run_checks
from l10n.config import load_config
from l10n.errors import CatalogError, GlossaryError, L10nError
from l10n.po import read_catalog, write_catalog

from ..conftest import gettext_tool

DOC = "kuaishou-ai-kling"
EN = f"locales/en/{DOC}.po"
NEWBORN = "剛出世的可靈,就已經在當時的全網熱潮中脫穎而出,贏得好評"
NEWBORN_EN = "Kling, newly born, stood out in that internet-wide craze and won praise"
RND = "2024 年研發投入 241 億元,同比大增 25.9%,無疑給所有小米信徒打了一針強心劑。"
RND_EN = ("Its R&D spending in 2024 reached 24.1 billion yuan, a hefty 25.9% increase year-on-year — a real shot "
          "in the arm for Xiaomi’s faithful.")


@pytest.fixture
def config(project):
    config = load_config(project)
    update_project(config)
    return config


def translate(config, locale: str, translations: dict[str, str], *, flags: dict[str, list[str]] | None = None,
              comments: dict[str, list[str]] | None = None) -> dict[str, int]:
    """Set msgstrs (and flags/comments) by msgid; returns each msgid's line in the rewritten catalog."""
    path = config.catalog_path(locale, DOC)
    catalog = read_catalog(path)
    for entry in catalog.active():
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            entry.flags = list((flags or {}).get(entry.msgid, []))
            entry.translator_comments = list((comments or {}).get(entry.msgid, []))
    write_catalog(path, catalog)
    lines = {entry.msgid: entry.lineno for entry in read_catalog(path).active()}
    assert set(translations) <= set(lines)
    return lines


def test_an_updated_untranslated_project_is_clean(config):
    findings = run_checks(config)
    assert findings == [] and exit_status(findings) == 0
    assert format_findings(findings, "text") == "l10n check: no problems found\n"


def test_findings_read_like_compiler_messages(config):
    lines = translate(config, "en", {NEWBORN: NEWBORN_EN.replace("Kling", "Keling"), RND: RND_EN})
    findings = run_checks(config)
    assert format_findings(findings, "text").splitlines() == [
        f'{EN}:{lines[NEWBORN]}: error [glossary] 可靈: expected "Kling", found "Keling"',
        "l10n check: 1 error, 0 warnings in 1 file"]
    assert findings[0] == Finding(EN, lines[NEWBORN], "error", "glossary", '可靈: expected "Kling", found "Keling"',
                                  "en", NEWBORN)
    assert exit_status(findings) == 1


def test_only_warnings_exit_0(config):
    translate(config, "en", {RND: RND_EN + " "})
    findings = run_checks(config)
    assert [(f.check, f.severity) for f in findings] == [("whitespace", "warning")]
    assert exit_status(findings) == 0


def test_findings_are_sorted_by_file_line_and_check(config):
    translate(config, "en", {NEWBORN: "可靈 Keling", RND: RND_EN.replace("24.1", "241")})
    translate(config, "zh_Hans", {NEWBORN: "剛出世的可灵,就已经在当时的全网热潮中脱颖而出，赢得好评"})
    findings = run_checks(config)
    keys = [(f.path, f.line) for f in findings]
    assert keys == sorted(keys)
    assert {f.path for f in findings} == {EN, f"locales/zh_Hans/{DOC}.po"}
    checks = [f.check for f in findings if f.msgid == NEWBORN and f.locale == "en"]
    assert checks == [c for c in REGISTRY if c in checks]   # registry order within one entry
    assert run_checks(config) == findings


def test_locales_and_select_narrow_the_run(config):
    translate(config, "en", {NEWBORN: "Keling"})
    translate(config, "zh_Hans", {NEWBORN: "剛出世的可靈"})
    assert {f.locale for f in run_checks(config, ["zh_Hans"])} == {"zh_Hans"}
    assert {f.check for f in run_checks(config, select={"glossary"})} == {"glossary"}
    assert {f.check for f in run_checks(config, ["zh_Hans"], select={"traditional"})} == {"traditional"}


# --- silencing ---------------------------------------------------------------------------------------------

WRONG = RND_EN.replace("24.1 billion", "241 billion")


def test_a_flag_silences_one_check_for_one_entry(config):
    translate(config, "en", {RND: WRONG})
    assert [f.check for f in run_checks(config)] == ["numbers"]
    translate(config, "en", {RND: WRONG}, flags={RND: ["l10n-ignore-numbers"]})
    assert run_checks(config) == []
    translate(config, "en", {RND: WRONG + " 快手"}, flags={RND: ["l10n-ignore-numbers"]})
    assert [f.check for f in run_checks(config)] == ["leftover-cjk"]   # only that check is silenced


def test_a_translator_comment_silences_too(config):
    translate(config, "en", {RND: WRONG + " 快手"}, comments={RND: ["l10n-ignore: numbers, leftover-cjk"]})
    assert run_checks(config) == []


def test_gnu_msgcat_drops_the_flag_but_keeps_the_comment(config):
    msgcat = gettext_tool("msgcat")
    translate(config, "en", {RND: WRONG, NEWBORN: NEWBORN_EN.replace("Kling", "Keling")},
              flags={RND: ["l10n-ignore-numbers"]}, comments={NEWBORN: ["l10n-ignore: glossary"]})
    assert run_checks(config) == []
    path = config.catalog_path("en", DOC)
    subprocess.run([msgcat, "-o", str(path), str(path)], check=True)
    assert "l10n-ignore-numbers" not in path.read_text(encoding="utf-8")
    assert [(f.check, f.msgid) for f in run_checks(config)] == [("numbers", RND)]


# --- drafts and completeness ----------------------------------------------------------------------------------

def test_fuzzy_entries_are_checked_only_with_drafts(config):
    translate(config, "en", {RND: WRONG}, flags={RND: ["fuzzy"]})
    assert run_checks(config) == []
    assert [f.check for f in run_checks(config, drafts=True)] == ["numbers"]


def set_thresholds(project: Path, table: str) -> None:
    toml = project / "pyproject.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + f"\n[tool.l10n.thresholds]\n{table}\n", encoding="utf-8")


def test_completeness_against_the_thresholds(project, config):
    set_thresholds(project, "en = { min-translated = 50, max-fuzzy = 0 }")
    config = load_config(project)
    translate(config, "en", {RND: RND_EN, NEWBORN: NEWBORN_EN}, flags={NEWBORN: ["fuzzy"]})
    total = len(read_catalog(config.catalog_path("en", DOC)).active())
    findings = run_checks(config)
    assert [(f.path, f.line, f.check, f.severity) for f in findings] == [(EN, 0, "completeness", "error")] * 2
    shown = math.floor(1000 / total) / 10   # rounded down: 0.97% shows as 0.9%, never reaching the threshold
    assert findings[0].message == (f"{shown:.1f}% translated, below the 50% required for en "
                                   f"({total - 2} untranslated, 1 fuzzy, 0 unreviewed drafts)")
    assert findings[1].message == "1 fuzzy entries (drafts included), more than the 0 allowed for en"
    assert format_findings(findings, "text").startswith(f"{EN}: error [completeness] ")


def test_the_reviewed_zh_hans_draft_of_the_article_passes_every_check(project, config):
    set_thresholds(project, "zh_Hans = { min-translated = 0.5 }")
    config = load_config(project)
    catalog = read_catalog(config.catalog_path("zh_Hans", DOC))
    from l10n.draft.zh_hans import convert, load_phrases
    from l10n.glossary import load_glossary

    glossary = load_glossary(config.glossary, list(config.target_locales))
    phrases = load_phrases(config.phrases)
    drafted = {entry.msgid: convert(entry.msgid, glossary, phrases).text for entry in catalog.active()}
    translate(config, "zh_Hans", drafted)
    # The zh-Hans drafter's output for the whole article passes every check once reviewed.
    assert run_checks(config) == []


# --- stale files -------------------------------------------------------------------------------------------

def test_a_source_edit_makes_template_and_catalogs_stale(project, config):
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n快手的新段落。\n", encoding="utf-8")
    findings = run_checks(config)
    assert [(f.path, f.line, f.check) for f in findings] == [
        (f"locales/en/{DOC}.po", 0, "stale"), (f"locales/templates/{DOC}.pot", 0, "stale"),
        (f"locales/zh_Hans/{DOC}.po", 0, "stale")]
    assert findings[1].message == (f"template out of date with source/{DOC}.md (1 new message): run `l10n update`")
    update_project(config)
    assert run_checks(config) == []


def test_moved_lines_are_stale_too(project, config):
    source = project / "source" / f"{DOC}.md"
    source.write_text("\n\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    findings = run_checks(config)
    assert {f.check for f in findings} == {"stale"} and len(findings) == 3
    assert "source lines, order or comments changed" in findings[0].message


def test_a_second_run_knows_an_unchanged_source_without_segmenting_it(project, config, monkeypatch):
    assert run_checks(config) == []          # segments the source, remembers the template's digest
    real = check_package._expected
    monkeypatch.setattr(check_package, "_expected", lambda *args: pytest.fail("segmented an unchanged source"))
    assert run_checks(config) == []
    # A catalog out of step with a current template is still found, and said as precisely as before.
    path = config.catalog_path("en", DOC)
    catalog = read_catalog(path)
    catalog.entries = [entry for entry in catalog.entries if entry.msgid != NEWBORN]
    write_catalog(path, catalog)
    monkeypatch.setattr(check_package, "_expected", real)
    findings = run_checks(config)
    assert [(f.path, f.check, f.message) for f in findings] == [
        (EN, "stale", f"catalog out of date with source/{DOC}.md (1 new message): run `l10n update`")]
    # An edited source is another key: segmented again.
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n快手的新段落。\n", encoding="utf-8")
    assert len([f for f in run_checks(config) if f.check == "stale"]) == 3


def test_missing_and_orphan_files(project, config):
    config.catalog_path("zh_Hans", DOC).unlink()
    shutil.copy(config.catalog_path("en", DOC), config.locales_dir / "en" / "old-article.po")
    findings = run_checks(config)
    assert [(f.path, f.severity, f.message) for f in findings] == [
        ("locales/en/old-article.po", "warning",
         "no source document old-article.md for this catalog: delete it, or restore the document"),
        (f"locales/zh_Hans/{DOC}.po", "error", f"catalog missing for source/{DOC}.md: run `l10n update`")]



def test_a_missing_template_is_an_error(project, config):
    (config.locales_dir / "templates" / f"{DOC}.pot").unlink()
    findings = run_checks(config)
    assert [(f.path, f.severity, f.message) for f in findings if f.check == "stale"] == [
        (f"locales/templates/{DOC}.pot", "error", f"template missing for source/{DOC}.md: run `l10n update`")]


# --- bad input -----------------------------------------------------------------------------------------------

def test_a_broken_catalog_is_bad_input_with_its_line(config):
    path = config.catalog_path("en", DOC)
    broken = path.read_text(encoding="utf-8").replace('msgstr ""\n\n#. paragraph', 'msgstr "oops\n\n#. paragraph', 1)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        run_checks(config)
    assert caught.value.exit_code == 2 and str(caught.value).startswith(f"{path}:")


def test_a_broken_glossary_is_bad_input(project, config):
    (project / "glossary.csv").write_text("zh_Hant,zh_Hans,en,type\n可靈,,Kling,brand\n", encoding="utf-8")
    with pytest.raises(GlossaryError):
        run_checks(config)


@pytest.mark.parametrize("call", [
    lambda config: run_checks(config, ["fr"]),
    lambda config: run_checks(config, select={"nubmers"}),
])
def test_unknown_locales_and_checks_are_bad_input(config, call):
    with pytest.raises(L10nError) as caught:
        call(config)
    assert caught.value.exit_code == 2


# --- worker processes ----------------------------------------------------------------------------------------

def test_workers_find_what_one_process_finds(config):
    translate(config, "en", {NEWBORN: "Keling 快手", RND: WRONG})
    translate(config, "zh_Hans", {NEWBORN: "剛出世的可灵,就已经在当时的全网热潮中脱颖而出，赢得好评"})
    serial = run_checks(config, jobs=1)
    assert len(serial) >= 4
    assert run_checks(config, jobs=2) == serial


def test_bad_input_in_a_worker_keeps_its_location(config):
    path = config.catalog_path("zh_Hans", DOC)
    path.write_text(path.read_text(encoding="utf-8") + 'msgid "x"\n', encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        run_checks(config, jobs=2)
    assert caught.value.path == str(path) and caught.value.line


def test_workers_find_stale_missing_and_orphan_files_as_one_process(project, config):
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n快手的新段落。\n", encoding="utf-8")
    config.catalog_path("zh_Hans", DOC).unlink()
    shutil.copy(config.catalog_path("en", DOC), config.locales_dir / "en" / "old-article.po")
    translate(config, "en", {RND: WRONG})
    serial = run_checks(config, jobs=1)
    assert {f.check for f in serial} == {"stale", "numbers"} and len(serial) == 5
    assert run_checks(config, jobs=2) == serial
    assert run_checks(config, jobs=3) == serial


@pytest.mark.parametrize("jobs", [2, 3, 4])
def test_every_msgid_is_one_workers(jobs):
    shares = [check_package._msgid_share(index, jobs) for index in range(jobs)]
    msgids = [f"第 {n} 句" for n in range(3000)]
    counts = [sum(share(msgid) for share in shares) for msgid in msgids]
    assert counts == [1] * len(msgids)
    mine = [sum(share(msgid) for msgid in msgids) / len(msgids) for share in shares]
    assert mine[0] < min(mine[1:])   # worker 0 also runs the file checks
    assert check_package.shard_bounds(jobs)[-1] == 1.0


# --- locales of one language ---------------------------------------------------------------------------------

def _add_en_gb(project, forbidden_extra: dict[str, str] | None = None) -> None:
    """Make en_GB a third target locale of ``project`` beside en: its glossary column a copy of en's, plus the
    forbidden variants ``forbidden_extra`` gives per source term."""
    glossary = project / "glossary.csv"
    rows = list(csv.DictReader(io.StringIO(glossary.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, [*rows[0], "en_GB", "forbidden_en_GB"])
    writer.writeheader()
    for row in rows:
        extra = (forbidden_extra or {}).get(row["zh_Hant"], "")
        forbidden = "; ".join(v for v in (row.get("forbidden_en", ""), extra) if v)
        writer.writerow({**row, "en_GB": row["en"], "forbidden_en_GB": forbidden})
    glossary.write_text(out.getvalue(), encoding="utf-8")
    toml = project / "pyproject.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('target-locales = ["zh_Hans", "en"]',
                                                             'target-locales = ["zh_Hans", "en", "en_GB"]'),
                    encoding="utf-8")


def _with_en_gb(project, forbidden_extra: dict[str, str] | None = None):
    """``project`` updated with en_GB added (:func:`_add_en_gb`); its config."""
    _add_en_gb(project, forbidden_extra)
    config = load_config(project)
    update_project(config)
    return config


@pytest.fixture
def british(project):
    """The project with a third target locale, en_GB, beside en (its glossary column a copy of en's)."""
    return _with_en_gb(project)


@pytest.mark.parametrize("jobs", [1, 2])
def test_locales_of_one_language_report_a_shared_translation_alike(british, jobs):
    config = british
    en = translate(config, "en", {RND: WRONG + " 快手", NEWBORN: NEWBORN_EN})
    gb = translate(config, "en_GB", {RND: WRONG + " 快手", NEWBORN: NEWBORN_EN + " (2 more)"},
                   comments={RND: ["l10n-ignore: leftover-cjk"]})
    findings = run_checks(config, jobs=jobs)
    lost = "241 億 = 24,100,000,000: not found in translation (found 241 billion)"
    assert [(f.locale, f.line, f.check, f.message) for f in findings] == [
        ("en", en[RND], "numbers", lost),
        ("en", en[RND], "leftover-cjk", 'CJK characters left in the translation: "快手"'),
        ("en_GB", gb[RND], "numbers", lost),   # the same translation: the same finding (leftover-cjk is
                                               # silenced in en_GB only)
        ("en_GB", gb[NEWBORN], "numbers", "2: in translation but not in source"),   # its own translation
    ]
    assert run_checks(config, ["en_GB"], jobs=jobs) == [f for f in findings if f.locale == "en_GB"]


def test_a_check_silenced_in_the_first_locale_of_a_language_still_runs_for_the_next(british):
    """en_GB takes en's problems for a shared translation without looking again, but not those of a check en
    silences: en never ran it (leftover-cjk, whose prefilter passes the others over; numbers, which has none)."""
    config = british
    translate(config, "en", {RND: WRONG + " 快手"}, comments={RND: ["l10n-ignore: leftover-cjk, numbers"]})
    gb = translate(config, "en_GB", {RND: WRONG + " 快手"})
    findings = [(f.locale, f.line, f.check) for f in run_checks(config, jobs=1) if f.locale in ("en", "en_GB")]
    assert findings == [("en_GB", gb[RND], "numbers"), ("en_GB", gb[RND], "leftover-cjk")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_glossary_column_of_its_own_gets_its_own_findings(project, jobs):
    """en_GB shares en's glossary findings only while its column says the same in every row: one forbidden
    variant more, and the same translation is an error in en_GB alone."""
    config = _with_en_gb(project, {"可靈": "Kling, newly"})
    translate(config, "en", {NEWBORN: NEWBORN_EN})
    gb = translate(config, "en_GB", {NEWBORN: NEWBORN_EN})
    findings = [(f.locale, f.line, f.check) for f in run_checks(config, jobs=jobs) if f.check == "glossary"]
    assert findings == [("en_GB", gb[NEWBORN], "glossary")]


# --- the runner's sharing and shortcuts against each check on its own ------------------------------------------

_MISTAKES = (
    lambda text, rng: text.replace(rng.choice("0123456789"), rng.choice("0123456789"), 1),
    lambda text, rng: " ".join(word for word in text.split(" ") if rng.random() > 0.3),
    lambda text, rng: text + " 這",
    lambda text, rng: text.replace("(", "", 1).replace("（", "", 1),
    lambda text, rng: text + " ",
    lambda text, rng: text.replace("Kling", "Keling").replace("可灵", "可靈"),
    lambda text, rng: text.replace("，", ",", 1),
    lambda text, rng: text[:len(text) // 2],
    lambda text, rng: text + " 3 million",
    lambda text, rng: text.replace("billion", "million").replace("亿", "万"),
    lambda text, rng: text + " https://example.com/x",
    lambda text, rng: text + ' "',
    lambda text, rng: "`code` **" + text,
    lambda text, rng: text.replace("video", "film").replace("AI", "A.I."),
    lambda text, rng: text + " 2024 年",
    lambda text, rng: text.replace("Kuaishou", "Kuaishow"),
)


def _entry_findings(findings: list[Finding]) -> set[tuple]:
    return {(f.path, f.line, f.severity, f.check, f.message) for f in findings if REGISTRY[f.check].scope == "entry"}


def _each_check_alone(config, locales=("zh_Hans", "en", "en_GB")) -> set[tuple]:
    """What every entry check finds on every checked entry of the document's catalogs, called on its own,
    uncached and unshared (silenced checks left out): the oracle of a run's entry findings."""
    from l10n.check.model import Message, Resources, ignored_checks
    from l10n.glossary import project_glossary

    entry_checks = [info for info in REGISTRY.values() if info.scope == "entry"]
    alone = set()
    words = project_glossary(config)
    for locale in locales:
        rel = f"locales/{locale}/{DOC}.po"
        for entry in read_catalog(config.root / rel).active():
            if not entry.translated or entry.msgid_plural is not None:
                continue
            for info in entry_checks:
                if info.id in ignored_checks(entry):
                    continue
                message = Message(entry, locale, Resources(config, words, cache=False))
                for problem in info.fn(message):
                    line = problem.line if problem.line is not None else entry.lineno
                    alone.add((rel, line, problem.severity or info.severity, info.id, problem.message))
    return alone


def test_a_run_finds_what_each_entry_check_finds_on_its_own(translated):
    """Every entry check run alone on every entry, uncached and unshared, finds what a run finds: the run's
    sharing between locales (one language; identical glossary columns) and the checks it does not call for a
    locale hide nothing (the shortcuts inside checks have property tests of their own). Real catalogs (the
    reviewed article, en copied to en_GB, whose glossary column forbids one more variant), a third of their
    translations broken in assorted ways."""
    import random

    project = translated
    _add_en_gb(project, {"快手": "Kuaishow"})
    (project / "locales" / "en_GB").mkdir()
    config = load_config(project)
    rng = random.Random(17)
    for locale, share in (("zh_Hans", 0.35), ("en", 0.35), ("en_GB", 0.1)):   # en_GB: en's, a few more broken
        catalog = read_catalog(config.catalog_path("en" if locale == "en_GB" else locale, DOC))
        catalog.metadata["Language"] = locale
        for entry in catalog.active():
            if entry.msgstr and rng.random() < share:
                for _ in range(rng.randint(1, 2)):
                    entry.msgstr = rng.choice(_MISTAKES)(entry.msgstr, rng) or entry.msgstr
        write_catalog(config.catalog_path(locale, DOC), catalog)
    found = _entry_findings(run_checks(config, jobs=1))
    alone = _each_check_alone(config)
    assert len({check_id for _, _, _, check_id, _ in alone}) >= 8   # the mistakes reach most checks
    assert any("Kuaishow" in message and rel.startswith("locales/en_GB") for rel, _, _, _, message in alone)
    assert found == alone


def test_a_translation_shared_by_two_locales_is_judged_by_its_own_documents_labels(tmp_path):
    """[參考] is a reference link in a.md, which defines it, and bracketed prose in b.md: the same translation
    of the same sentence loses a link in a.md only, whichever locale of the language it is in."""
    project = tmp_path / "labels"
    (project / "source").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\n'
        'target-locales = ["en", "en_GB"]\nproject-id = "labels"\n', encoding="utf-8")
    sentence = "請看[參考]。"
    (project / "source" / "a.md").write_text(f"{sentence}\n\n[參考]: https://example.com/ref\n", encoding="utf-8")
    (project / "source" / "b.md").write_text(f"{sentence}\n", encoding="utf-8")
    config = load_config(project)
    update_project(config)
    for document, locale, text in (("a", "en", "See the reference!"), ("a", "en_GB", "See the reference."),
                                   ("b", "en", "See [the reference]."), ("b", "en_GB", "See the reference!")):
        path = config.catalog_path(locale, document)
        catalog = read_catalog(path)
        for entry in catalog.active():
            if entry.msgid == sentence:
                entry.msgstr = text
        write_catalog(path, catalog)
    found = [(f.path, f.check) for f in run_checks(config, jobs=1) if f.check == "markup"]
    assert found == [("locales/en/a.po", "markup"), ("locales/en_GB/a.po", "markup")]


def test_a_file_check_without_a_fold_sees_the_whole_catalog(config, monkeypatch):
    """A run streams each catalog into the file checks' folds; a file check written only as fn(unit) gets
    the catalog gathered whole, header included, as a plain read gives it."""
    from l10n.check.model import CheckInfo, Problem

    seen = []

    def count_entries(unit):
        seen.append((unit.rel, unit.catalog.metadata.get("Language"), unit.catalog.entries))
        yield Problem(f"{len(unit.catalog.active())} entries", "warning", 0)

    monkeypatch.setitem(REGISTRY, "entry-count", CheckInfo("entry-count", "warning", "counts", count_entries,
                                                           "file"))
    found = [f for f in run_checks(config, ["en"], jobs=1) if f.check == "entry-count"]
    whole = read_catalog(config.catalog_path("en", DOC), layouts=False)
    assert [f.message for f in found if f.path == EN] == [f"{len(whole.active())} entries"]
    assert (EN, "en", whole.entries) in seen


@pytest.mark.parametrize("batch", [7, 1024])
def test_findings_do_not_depend_on_how_many_entries_are_checked_together(translated, tmp_path, monkeypatch, batch):
    """A run checks a catalog's entries a batch at a time, each check looping over the batch: the findings,
    in order, are those of a run taking one entry at a time (as a run looked at entries before), with fresh
    memory and remembered, with silenced entries and translations shared by two locales of one language."""
    import random

    project = translated
    _add_en_gb(project)
    (project / "locales" / "en_GB").mkdir()
    config = load_config(project)
    rng = random.Random(5)
    for locale in ("zh_Hans", "en", "en_GB"):
        catalog = read_catalog(config.catalog_path("en" if locale == "en_GB" else locale, DOC))
        catalog.metadata["Language"] = locale
        for entry in catalog.active():
            if entry.msgstr and rng.random() < 0.4:
                entry.msgstr = rng.choice(_MISTAKES)(entry.msgstr, rng) or entry.msgstr
            if rng.random() < 0.1:
                entry.translator_comments = [f"l10n-ignore: {rng.choice(list(REGISTRY))}"]
        write_catalog(config.catalog_path(locale, DOC), catalog)

    def runs(size: int, cache: str) -> list[list[Finding]]:
        monkeypatch.setattr(check_package, "BATCH", size)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / cache))
        return [run_checks(config, jobs=1) for _ in range(2)]   # fresh memory, then remembered

    one_at_a_time = runs(1, "one")
    assert len(one_at_a_time[0]) > 20 and one_at_a_time[0] == one_at_a_time[1]
    assert _entry_findings(one_at_a_time[0]) == _each_check_alone(config)
    assert runs(batch, f"batch-{batch}") == one_at_a_time


def test_a_run_leaves_nothing_to_the_cyclic_collector(translated, tmp_path, monkeypatch):
    """What a one-process run reached (file runs, entry checkers, the glossary's target indexes) is freed by
    reference counting when it returns: a reference cycle through a file run would leave it all to the next
    collection, which walks every object the run left in the young generation (the collector is paused
    through a run)."""
    import gc

    config = load_config(translated)
    run_checks(config, jobs=1)   # imports and one-time tables: not the run's own
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh"))   # nothing replayed: every file is read
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        run_checks(config, jobs=1)
        gc.collect()
        left = sorted({type(each).__module__ + "." + type(each).__qualname__ for each in gc.garbage
                       if type(each).__module__.startswith("l10n")})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    assert left == []


from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.po import Entry

_ENTRY_STATES = st.builds(
    Entry, msgid=st.sampled_from(["Save", ""]), msgstr=st.sampled_from(["", "保存"]),
    msgid_plural=st.sampled_from([None, "Saves"]),
    msgstr_plural=st.sampled_from([{}, {0: ""}, {0: "保存"}]),
    flags=st.lists(st.sampled_from(["fuzzy", "c-format", "l10n-ignore-numbers"]), max_size=3),
    previous_msgid=st.sampled_from([None, "Sav"]), obsolete=st.booleans(),
    extracted_comments=st.sampled_from([[], ["l10n-draft: opencc"], ["l10n-draft: mt 0123456789abcdef"]]))


@settings(max_examples=2000)
@given(batch=st.lists(_ENTRY_STATES, max_size=8), drafts=st.booleans())
def test_checked_entries_fast_path_agrees_with_is_checked(batch: list[Entry], drafts: bool) -> None:
    slow = [entry for entry in batch if not entry.obsolete and check_package._is_checked(entry, drafts)]
    assert [id(entry) for entry in check_package._checked_entries(batch, drafts)] == [id(entry) for entry in slow]

"""The check memory (l10n.check.memory): a run that takes unchanged entries' problems from the memory finds
exactly what a fresh run finds, runs the checks only for entries that changed, and forgets everything when
what all entries depend on (glossary, config, checks) changes."""
from __future__ import annotations

import dataclasses

import pytest

from l10n.catalog import update_project
from l10n.check import REGISTRY, run_checks
from l10n.check.memory import memory_dir
from l10n.config import load_config

from .test_run_checks import DOC, NEWBORN, NEWBORN_EN, RND, RND_EN, WRONG, translate


@pytest.fixture
def config(project, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "remembering"))
    config = load_config(project)
    update_project(config)
    return config


def fresh(config, monkeypatch, tmp_path, **kwargs):
    """The findings of a run with an empty memory (and leave the remembering one alone)."""
    with monkeypatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"))
        return run_checks(config, **kwargs)


@pytest.fixture
def calls(monkeypatch):
    """Count the entries each entry check is run on (through the registry, as the runner finds it)."""
    counted: dict[str, int] = {}
    for check_id, info in list(REGISTRY.items()):
        if info.scope != "entry":
            continue

        def counting(message, fn=info.fn, check_id=check_id):
            counted[check_id] = counted.get(check_id, 0) + 1
            return fn(message)
        monkeypatch.setitem(REGISTRY, check_id, dataclasses.replace(info, fn=counting))
    return counted


def test_an_unchanged_catalog_is_not_checked_again_and_finds_the_same(config, monkeypatch, tmp_path, calls):
    translate(config, "en", {NEWBORN: NEWBORN_EN.replace("Kling", "Keling"), RND: WRONG})
    translate(config, "zh_Hans", {NEWBORN: "剛出世的可灵,就已经在当时的全网热潮中脱颖而出，赢得好评"})
    first = run_checks(config, jobs=1)
    assert {f.check for f in first} >= {"glossary", "numbers", "traditional", "halfwidth-punctuation"}
    assert calls["numbers"] == 3
    calls.clear()
    assert run_checks(config, jobs=1) == first and calls == {}
    assert fresh(config, monkeypatch, tmp_path, jobs=1) == first
    assert any(memory_dir().iterdir())


def test_only_changed_entries_are_checked_again(config, monkeypatch, tmp_path, calls):
    translate(config, "en", {NEWBORN: NEWBORN_EN, RND: RND_EN})
    assert run_checks(config, jobs=1) == []
    calls.clear()
    lines = translate(config, "en", {RND: WRONG})   # one entry changes (and the others' lines move)
    found = run_checks(config, jobs=1)
    assert calls["numbers"] == 1
    assert [(f.check, f.line, f.msgid) for f in found] == [("numbers", lines[RND], RND)]
    assert found == fresh(config, monkeypatch, tmp_path, jobs=1)
    translate(config, "en", {RND: RND_EN})
    assert run_checks(config, jobs=1) == []


def test_silenced_entries_are_checked_afresh(config, monkeypatch, tmp_path):
    translate(config, "en", {RND: WRONG})
    assert [f.check for f in run_checks(config, jobs=1)] == ["numbers"]
    translate(config, "en", {RND: WRONG}, comments={RND: ["l10n-ignore: numbers"]})
    assert run_checks(config, jobs=1) == []
    translate(config, "en", {RND: WRONG})
    assert [f.check for f in run_checks(config, jobs=1)] == ["numbers"]


def test_a_glossary_edit_or_another_selection_is_a_new_memory(config, project, monkeypatch, tmp_path):
    translate(config, "en", {NEWBORN: NEWBORN_EN})
    assert run_checks(config, jobs=1) == []
    assert [f.check for f in run_checks(config, select={"glossary"}, jobs=1)] == []
    files = sorted(memory_dir().iterdir())
    # Per selection: each file's findings, and the en catalog's entries (zh_Hans has nothing translated).
    assert len(files) == 7
    glossary = project / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(",Kling,", ",Keling,"), encoding="utf-8")
    found = run_checks(config, jobs=1)
    assert "glossary" in {f.check for f in found} and found == fresh(config, monkeypatch, tmp_path, jobs=1)
    assert sorted(memory_dir().iterdir()) == files   # the new memory replaced the old one


def test_a_damaged_memory_is_ignored(config, monkeypatch, tmp_path):
    translate(config, "en", {RND: WRONG})
    first = run_checks(config, jobs=1)
    for path in memory_dir().iterdir():
        path.write_bytes(path.read_bytes()[:-7])
    assert run_checks(config, jobs=1) == first
    for path in memory_dir().iterdir():
        path.write_bytes(b"\xff" * 40)
    assert run_checks(config, jobs=1) == first == fresh(config, monkeypatch, tmp_path, jobs=1)


def test_workers_use_and_build_the_memory_as_one_process_does(config, monkeypatch, tmp_path, calls):
    translate(config, "en", {NEWBORN: NEWBORN_EN.replace("Kling", "Keling"), RND: WRONG})
    first = run_checks(config, jobs=2)   # workers learn their shares; the parent saves them together
    assert first == fresh(config, monkeypatch, tmp_path, jobs=1)
    calls.clear()
    assert run_checks(config, jobs=1) == first and calls == {}
    translate(config, "en", {RND: RND_EN})
    again = run_checks(config, jobs=3)
    assert again == fresh(config, monkeypatch, tmp_path, jobs=1) and "numbers" not in {f.check for f in again}


def test_automatic_jobs_stay_in_one_process_for_remembered_catalogs(config, monkeypatch):
    import l10n.check as check_package

    monkeypatch.setattr(check_package, "PARALLEL_BYTES", 1)
    forked = []
    real = check_package._run_forked
    monkeypatch.setattr(check_package, "_run_forked", lambda *args: forked.append(1) or real(*args))
    translate(config, "en", {RND: WRONG})
    first = run_checks(config)
    assert forked == [1]                       # nothing remembered: workers
    assert run_checks(config) == first and forked == [1]   # all remembered: one process reads them


def test_a_glossary_broken_after_a_remembered_run_is_still_bad_input(config, project):
    from l10n.errors import GlossaryError

    translate(config, "en", {NEWBORN: NEWBORN_EN})
    assert run_checks(config, jobs=1) == []
    assert run_checks(config, jobs=1) == []   # everything remembered: the glossary is not even read
    (project / "glossary.csv").write_text("zh_Hant,zh_Hans,en,type\n可靈,,Kling,brand\n", encoding="utf-8")
    with pytest.raises(GlossaryError):
        run_checks(config, jobs=1)


def test_unchanged_files_are_not_even_read_again(config, project, monkeypatch, tmp_path):
    import l10n.check as check_package

    translate(config, "en", {NEWBORN: NEWBORN_EN.replace("Kling", "Keling"), RND: WRONG})
    config.catalog_path("zh_Hans", DOC).write_text(
        config.catalog_path("zh_Hans", DOC).read_text(encoding="utf-8").replace("Language: zh_Hans", "Language: fr"),
        encoding="utf-8")   # a file-check finding too (validity)
    first = run_checks(config, jobs=1)
    assert {f.check for f in first} >= {"glossary", "numbers", "validity"}
    real, real_stream = check_package.read_catalog, check_package.CatalogStream
    with monkeypatch.context() as patch:
        patch.setattr(check_package, "read_catalog", lambda path, **kwargs: pytest.fail(f"read {path} again"))
        patch.setattr(check_package, "CatalogStream", lambda path, *args: pytest.fail(f"read {path} again"))
        assert run_checks(config, jobs=1) == first
    read = []
    monkeypatch.setattr(check_package, "read_catalog",
                        lambda path, **kwargs: read.append(path.name) or real(path, **kwargs))
    monkeypatch.setattr(check_package, "CatalogStream",
                        lambda path, *args: read.append(path.name) or real_stream(path, *args))
    translate(config, "en", {RND: RND_EN})      # one catalog changes: it alone is read (and the template,
    found = run_checks(config, jobs=1)           # to know the source's expectation by its digest)
    assert sorted(read) == [f"{DOC}.po", f"{DOC}.pot"]
    assert found == fresh(config, monkeypatch, tmp_path, jobs=1) and "numbers" not in {f.check for f in found}
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n快手的新段落。\n", encoding="utf-8")
    found = run_checks(config, jobs=1)           # a source edit: every file again
    assert len([f for f in found if f.check == "stale"]) == 3
    assert found == fresh(config, monkeypatch, tmp_path, jobs=1)


@pytest.mark.parametrize("name", ["opencc", "markdown-it-py", "mdit-py-plugins", "pyahocorasick", "babel",
                                  "Markdown_It.Py", "pytest", "no-such-distribution"])
def test_the_libraries_are_known_by_the_versions_importlib_metadata_finds(name):
    from importlib import metadata

    from l10n.check.memory import _installed_version

    try:
        expected = metadata.version(name)
    except metadata.PackageNotFoundError:
        expected = None
    assert _installed_version(name) == expected


def test_a_library_is_known_by_its_first_metadata_on_the_path(tmp_path, monkeypatch):
    from l10n.check.memory import _installed_version

    first, second = tmp_path / "first", tmp_path / "second"
    (first / "Made_Up.Lib-2.0.dist-info").mkdir(parents=True)
    (first / "Made_Up.Lib-2.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: made-up-lib\nVersion: 2.0.post1\n\nVersion: 9 (the body)\n", encoding="utf-8")
    (second / "made_up_lib.egg-info").mkdir(parents=True)
    (second / "made_up_lib.egg-info" / "PKG-INFO").write_text("Name: made-up-lib\nVersion: 1.0\n", encoding="utf-8")
    (second / "other-3.egg-info").write_text("Name: other\nVersion: 3.1\n", encoding="utf-8")
    monkeypatch.setattr("sys.path", [str(tmp_path / "missing"), str(first), str(second)])
    assert _installed_version("made-up-lib") == "2.0.post1"
    assert _installed_version("other") == "3.1"
    monkeypatch.setattr("sys.path", [str(second)])
    assert _installed_version("made-up-lib") == "1.0"

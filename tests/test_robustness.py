"""Never lose a translator's work: interrupted and concurrent commands leave whole, valid catalogs."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from l10n.po import read_catalog

from .conftest import gettext_tool

DOC = "kuaishou-ai-kling"


def _l10n(project: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764000000"}
    return subprocess.Popen([sys.executable, "-m", "l10n", "-C", str(project), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def _catalogs(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes()
            for p in sorted((project / "locales").rglob("*.po*")) if p.suffix in (".po", ".pot")}  # not temp files


def _grow(project: Path, copies: int) -> None:
    """Several documents, so a command is still writing when the signal comes."""
    article = (project / "source" / f"{DOC}.md").read_text(encoding="utf-8")
    for i in range(copies):
        (project / "source" / f"copy{i:02d}.md").write_text(article.replace("。", f"(第{i}篇)。"), encoding="utf-8")


def _run(project: Path, *args: str) -> None:
    process = _l10n(project, *args)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()


@pytest.mark.parametrize("command", [("update",), ("draft", "--locale", "zh_Hans", "--no-progress")])
def test_killed_commands_leave_every_catalog_old_or_new(project, tmp_path, command):
    _grow(project, 12)
    if command[0] == "draft":
        _run(project, "update")
    old = _catalogs(project)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    _run(reference, *command)
    new = {k: v for k, v in _catalogs(reference).items()}
    assert new != old
    rng = random.Random(1234)
    survived = 0
    for attempt in range(6):
        work = tmp_path / f"run{attempt}"
        shutil.copytree(project, work)
        process = _l10n(work, *command)
        time.sleep(rng.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL if attempt % 2 else signal.SIGTERM)
        process.wait(timeout=60)
        for name, data in _catalogs(work).items():
            assert data in (old.get(name), new[name]), f"{name} is half written after a kill"
        leftovers = [p for p in (work / "locales").rglob("*.tmp")]
        # SIGTERM unwinds: at most the write that was cut short. SIGKILL may leave every staged catalog's.
        assert len(leftovers) <= (len(new) if attempt % 2 else 1)
        survived += 1
        # The next run completes the job from whatever state the kill left, and tidies the killed run's files.
        _run(work, *command)
        assert _catalogs(work) == new
        assert not list((work / "locales").rglob("*.tmp"))
    assert survived == 6


def test_two_updates_at_once_neither_corrupt_nor_lose(project):
    msgfmt = gettext_tool("msgfmt")
    _grow(project, 8)
    processes = [_l10n(project, "update") for _ in range(2)]
    for process in processes:
        assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    for path in (project / "locales").rglob("*.po"):
        subprocess.run([msgfmt, "-c", "-o", os.devnull, str(path)], check=True)
    assert len(read_catalog(project / "locales" / "en" / f"{DOC}.po").entries) > 100


def test_two_drafts_at_once_draft_everything_once(project):
    _run(project, "update")
    processes = [_l10n(project, "draft", "--locale", "zh_Hans", "--no-progress") for _ in range(2)]
    for process in processes:
        assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    catalog = read_catalog(project / "locales" / "zh_Hans" / f"{DOC}.po")
    assert all(e.msgstr and e.fuzzy for e in catalog.entries)
    for entry in catalog.entries:
        assert sum(c.startswith("l10n-draft:") for c in entry.translator_comments) == 1

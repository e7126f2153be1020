from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "kuaishou-ai-kling.zh-Hant.txt"
ARTICLE = REPO / "source" / "kuaishou-ai-kling.md"

# Reproducible header dates in every catalog a test writes.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1764000000")

# Timing belongs in benchmarks: hypothesis's per-example deadline fails tests at random on a loaded
# machine (2 cores shared by many jobs, CI runners), so no test inherits one.
settings.register_profile("l10n", deadline=None)
settings.load_profile("l10n")


@pytest.fixture(autouse=True, scope="session")
def _caches_of_the_session(tmp_path_factory):
    """Caches (the MT cache, the stale check's memory) go to a folder of the test session, never to the
    user's ~/.cache: what a test remembers must not leak into another run or into real use."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of this repository's project (config, source, glossary) without catalogs."""
    root = tmp_path / "proj"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "source", root / "source")
    for name in ("glossary.csv", "phrases.csv"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    return root


@pytest.fixture
def translated(project: Path) -> Path:
    """The repository's project with its reviewed catalogs."""
    shutil.copytree(REPO / "locales", project / "locales")
    return project


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"GNU gettext {name} not installed")
    return path

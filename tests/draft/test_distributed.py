"""`l10n draft --ray`: the same drafts as local drafting, on a local Ray instance with 2 CPUs, and no loss on faults.

The engine is a tiny genuine Argos package with seeded random weights (``babble=True``): every input gets its
own deterministic output, so a translation that went back to the wrong entry, or came from a different batch,
shows up as a byte difference.
"""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from l10n.catalog import update_project  # noqa: E402
from l10n.config import load_config  # noqa: E402
from l10n.draft import pipeline  # noqa: E402
from l10n.draft.distributed import RayOptions  # noqa: E402
from l10n.draft.pipeline import draft_project  # noqa: E402
from l10n.po import read_catalog  # noqa: E402
from tests.argos_tiny import build_tiny_package  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CHUNK = 16   # texts per engine call in these tests: the article's 103 segments make 7 Ray tasks


@pytest.fixture(scope="module")
def argos_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A private Argos home with the babbling package installed, set for this process and Ray's workers."""
    root = tmp_path_factory.mktemp("argos")
    env = {"ARGOS_PACKAGES_DIR": str(root / "packages"), "XDG_DATA_HOME": str(root / "data"),
           "XDG_CONFIG_HOME": str(root / "config"), "XDG_CACHE_HOME": str(root / "cache"),
           "ARGOS_DEVICE_TYPE": "cpu"}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        from l10n.draft.argos_engine import install_model

        install_model(build_tiny_package(root / "build", babble=True))
        yield env


@pytest.fixture(scope="module")
def local_ray(argos_home: dict[str, str]) -> Iterator[None]:
    """One local Ray instance (2 CPUs) for the module; draft_project joins it instead of starting its own."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR",
             runtime_env={"env_vars": {**argos_home, "PYTHONPATH": str(REPO)}})
    yield
    ray.shutdown()


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MT_BATCH", CHUNK)


def _updated_copy(project: Path, name: str) -> Path:
    copy = project.parent / name
    shutil.copytree(project, copy)
    update_project(load_config(copy))
    return copy


def _catalogs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "locales").rglob("*.po"))}


def test_ray_drafts_are_byte_identical_to_local_drafts(project, tmp_path, local_ray, small_chunks):
    local, distributed = _updated_copy(project, "local"), _updated_copy(project, "ray")
    local_receipt = draft_project(load_config(local), ["en"], cache_path=tmp_path / "local.sqlite3",
                                  progress=False)
    ray_receipt = draft_project(load_config(distributed), ["en"], cache_path=tmp_path / "ray.sqlite3",
                                progress=False, ray=RayOptions(actors=2))
    assert ray_receipt.mt_calls == local_receipt.mt_calls > 6 * CHUNK
    assert ray_receipt.ray_actors == 2 and ray_receipt.ray_rate > 0
    assert "Ray actors 2" in ray_receipt.line()
    assert _catalogs(distributed) == _catalogs(local)
    # Babble is refused by the drafting-quality checks: the output then sits in the entry's broken mark.
    drafts = {entry.msgstr or " ".join(c for c in entry.translator_comments if c.startswith(pipeline.BROKEN_MARK))
              for entry in read_catalog(local / "locales/en/kuaishou-ai-kling.po").entries}
    assert len(drafts) > 50, "the babbling model should give distinct outputs"


def test_a_second_ray_run_makes_no_mt_call(project, tmp_path, local_ray, small_chunks):
    root = _updated_copy(project, "again")
    cache = tmp_path / "cache.sqlite3"
    draft_project(load_config(root), ["en"], cache_path=cache, progress=False, ray=RayOptions(actors=2))
    before = _catalogs(root)
    receipt = draft_project(load_config(root), ["en"], cache_path=cache, progress=False, redraft=True,
                            ray=RayOptions(actors=2))
    assert receipt.mt_calls == 0 and receipt.cache_hits > 0
    assert _catalogs(root) == before


_SYLLABLES = ("ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "du", "ho", "ja", "wi")


def pseudo_english(text: str) -> str:
    """A deterministic, input-dependent 'translation' in Latin script that passes the broken-draft checks.

    One word per two characters of the input, numbered so no word repeats (no repetition loop).
    """
    chars = [c for c in text if not c.isspace()]
    return " ".join(f"{_SYLLABLES[ord(c) % 13]}{i}" for i, c in enumerate(chars[::2]))


class _DiesOnce:
    """An engine whose first call anywhere kills its worker process, as a crashed or preempted node would."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def version(self) -> str:
        return "dies-once 1"

    def translate_batch(self, texts):
        if not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()))
            os._exit(1)
        return [pseudo_english(text) for text in texts]


def test_a_killed_worker_is_retried_and_nothing_is_lost(project, tmp_path, local_ray, small_chunks):
    killed, reference = _updated_copy(project, "killed"), _updated_copy(project, "reference")
    marker = tmp_path / "killed-once"

    def factory(_locale: str) -> _DiesOnce:
        engine = _DiesOnce(str(marker))
        engine.id = "dies-once"
        return engine

    receipt = draft_project(load_config(killed), ["en"], cache_path=tmp_path / "c.sqlite3", progress=False,
                            engine_factory=factory, ray=RayOptions(actors=2))
    assert marker.exists(), "the first call must have killed a worker"
    assert receipt.mt_calls == receipt.drafted["en"] > 6 * CHUNK
    # The same engine run locally (it has already died once, so it no longer does) gives the same bytes.
    draft_project(load_config(reference), ["en"], cache_path=tmp_path / "r.sqlite3", progress=False,
                  engine_factory=factory)
    assert _catalogs(killed) == _catalogs(reference)
    entries = read_catalog(killed / "locales/en/kuaishou-ai-kling.po").entries
    assert all(entry.msgstr for entry in entries)
    assert any(entry.msgstr == pseudo_english("相关文章") for entry in entries)


_INTERRUPTED_RUN = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from l10n.draft import pipeline
    from l10n.draft.distributed import RayOptions
    from l10n.config import load_config
    from l10n.cli import _terminate
    from tests.draft.test_distributed import pseudo_english
    import signal

    class Slow:
        id = "slow"
        def version(self):
            return "slow 1"
        def translate_batch(self, texts):
            time.sleep(0.5)
            return [pseudo_english(t) for t in texts]

    signal.signal(signal.SIGTERM, _terminate)
    pipeline.MT_BATCH = 8
    root, cache = Path(sys.argv[1]), Path(sys.argv[2])
    try:
        pipeline.draft_project(load_config(root), ["en"], cache_path=cache, progress=False,
                               engine_factory=lambda _l: Slow(), ray=RayOptions(actors=1))
    except KeyboardInterrupt:
        sys.exit(130)
""")


def _cached_rows(cache: Path) -> int:
    """Translations in the MT cache (0 while it does not exist yet or is being created)."""
    if not cache.exists():
        return 0
    try:
        with sqlite3.connect(cache, timeout=5) as db:
            return db.execute("SELECT count(*) FROM translations").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_an_interrupted_job_keeps_catalogs_whole_and_the_next_run_translates_only_what_is_missing(
        project, tmp_path, argos_home, how):
    root = _updated_copy(project, f"interrupted-{how.name}")
    cache = tmp_path / "cache.sqlite3"
    before = _catalogs(root)
    script = tmp_path / "run.py"
    script.write_text(_INTERRUPTED_RUN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    driver = subprocess.Popen([sys.executable, str(script), str(root), str(cache)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while _cached_rows(cache) < 16 and time.monotonic() < deadline and driver.poll() is None:
        time.sleep(0.2)
    assert driver.poll() is None, driver.communicate()[1].decode()[-2000:]
    driver.send_signal(how)
    driver.wait(timeout=60)
    if how == signal.SIGKILL:   # the local Ray instance it started goes with its process group
        os.killpg(driver.pid, signal.SIGKILL)
    assert _catalogs(root) == before, "an interrupted job must leave every catalog as it was"
    with sqlite3.connect(cache) as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    done = _cached_rows(cache)
    assert 16 <= done < 103

    class Reverse:
        id = "slow"

        def version(self) -> str:
            return "slow 1"

        def translate_batch(self, texts):
            return [pseudo_english(t) for t in texts]

    receipt = draft_project(load_config(root), ["en"], cache_path=cache, progress=False,
                            engine_factory=lambda _l: Reverse())
    assert receipt.cache_hits == done
    assert receipt.mt_calls == receipt.drafted["en"] - done

"""The SQLite MT cache: keys, persistence, hostile text, many keys, a corrupt file, two processes at once."""
from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.draft.cache import MTCache, default_cache_path
from l10n.errors import L10nError

V1 = "translate-zh_en 1.9 (argostranslate 1.11.0, ctranslate2 4.8.5, beam 2)"
V2 = "translate-zh_en 2.0 (argostranslate 1.11.0, ctranslate2 4.8.5, beam 2)"


def test_hits_and_misses(tmp_path: Path) -> None:
    with MTCache(tmp_path / "mt.sqlite3") as cache:
        cache.put_many("argos", V1, {"可灵": "Kling", "快手": "Kuaishou"})
        assert cache.get_many("argos", V1, ["可灵", "抖音", "可灵"]) == {"可灵": "Kling"}
        assert cache.get_many("argos", V2, ["可灵"]) == {}  # a new model version never sees old output
        assert cache.get_many("opencc", V1, ["可灵"]) == {}
        assert cache.get_many("argos", V1, []) == {}


def test_newer_output_replaces_older(tmp_path: Path) -> None:
    with MTCache(tmp_path / "mt.sqlite3") as cache:
        cache.put_many("argos", V1, [("可灵", "Keling")])
        cache.put_many("argos", V1, [("可灵", "Kling")])
        assert cache.get_many("argos", V1, ["可灵"]) == {"可灵": "Kling"}


def test_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "mt.sqlite3"
    with MTCache(path) as cache:
        cache.put_many("argos", V1, {"可灵": "Kling"})
    with MTCache(path) as cache:
        assert cache.get_many("argos", V1, ["可灵"]) == {"可灵": "Kling"}


HOSTILE = ["'); DROP TABLE translations; --", "\" OR 1=1 --", "?", ":name", "%s", "x' AND source IN (?)", ""]


def test_sql_in_text_is_data(tmp_path: Path) -> None:
    path = tmp_path / "mt.sqlite3"
    with MTCache(path) as cache:
        cache.put_many("argos'; --", V1, {text: text + "!" for text in HOSTILE})
        assert cache.get_many("argos'; --", V1, HOSTILE) == {text: text + "!" for text in HOSTILE}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM translations").fetchone() == (len(HOSTILE),)


def test_more_keys_than_sqlite_parameters(tmp_path: Path) -> None:
    pairs = {f"第{i}句": f"sentence {i}" for i in range(2500)}
    with MTCache(tmp_path / "mt.sqlite3") as cache:
        cache.put_many("argos", V1, pairs)
        assert cache.get_many("argos", V1, [*pairs, "missing"]) == pairs


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.text(), st.text(), max_size=20), st.text(min_size=1))
def test_any_text_round_trips(tmp_path: Path, pairs: dict[str, str], engine: str) -> None:
    with MTCache(tmp_path / "mt.sqlite3") as cache:
        cache.put_many(engine, V1, pairs)
        assert cache.get_many(engine, V1, pairs) == pairs


def test_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "mt.sqlite3"
    MTCache(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_corrupt_file_names_itself_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "mt.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(L10nError) as raised:
        MTCache(path)
    assert raised.value.path == str(path) and "delete" in raised.value.hint


def test_default_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "xdg" / "l10n" / "mt-cache.sqlite3"
    for unusable in ("", "relative/dir"):
        monkeypatch.setenv("XDG_CACHE_HOME", unusable)
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert default_cache_path() == tmp_path / "home" / ".cache" / "l10n" / "mt-cache.sqlite3"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    with MTCache() as cache:
        cache.put_many("argos", V1, {"a": "b"})
    assert (tmp_path / "xdg" / "l10n" / "mt-cache.sqlite3").is_file()


def _writer(path: str, worker: int, rounds: int) -> None:
    """Interleave small write transactions with reads, as two drafting processes would."""
    with MTCache(Path(path)) as cache:
        for r in range(rounds):
            batch = {f"w{worker}-{r}-{i}": f"out {worker} {r} {i}" for i in range(10)}
            cache.put_many("argos", V1, batch)
            assert cache.get_many("argos", V1, batch) == batch


def test_two_processes_at_once(tmp_path: Path) -> None:
    path = tmp_path / "mt.sqlite3"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(path), w, 40)) for w in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0]
    with MTCache(path) as cache:
        keys = [f"w{w}-{r}-{i}" for w in range(2) for r in range(40) for i in range(10)]
        assert len(cache.get_many("argos", V1, keys)) == 800


def _open_and_write(path: str, worker: int, start: object) -> None:
    start.wait()
    with MTCache(Path(path)) as cache:
        cache.put_many("argos", V1, {f"w{worker}": "out"})


def test_processes_creating_the_cache_at_the_same_moment_all_succeed(tmp_path: Path) -> None:
    # Switching a new database to WAL fails at once as "locked" when another connection meets it; without
    # the retry about 1 open in 100 failed here, so 60 rounds of 4 catch it nearly always.
    context = multiprocessing.get_context("fork")
    for round_ in range(60):
        path = tmp_path / f"mt{round_}.sqlite3"
        start = context.Event()
        workers = [context.Process(target=_open_and_write, args=(str(path), w, start)) for w in range(4)]
        for worker in workers:
            worker.start()
        start.set()
        for worker in workers:
            worker.join(timeout=60)
        assert [worker.exitcode for worker in workers] == [0, 0, 0, 0], f"round {round_}"

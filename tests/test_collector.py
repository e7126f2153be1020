from __future__ import annotations

import gc

import pytest

from l10n.collector import collector_paused


def test_the_collector_is_paused_inside_and_restored_after_even_on_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with collector_paused():
            assert not gc.isenabled()
            raise RuntimeError
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_update_runs_with_the_collector_paused(project, monkeypatch):
    import l10n.catalog as catalog
    from l10n.config import load_config

    seen = []
    real = catalog.plan_update
    monkeypatch.setattr(catalog, "plan_update", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
    catalog.update_project(load_config(project))
    assert seen == [False] and gc.isenabled()


def test_survivors_can_be_kept_out_of_later_collections():
    gc.collect()
    before = gc.get_freeze_count()
    try:
        with collector_paused(freeze_survivors=True):
            kept = [[index] for index in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()

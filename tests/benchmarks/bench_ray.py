"""Benchmark of `l10n draft --ray` against local drafting, with a tiny genuine Argos model (needs the [scale] extra).

Run on demand:  .venv/bin/python tests/benchmarks/bench_ray.py [--docs 971] [--actors 2] [--babble]

In a temporary folder: builds the tiny zh->en package (tests/argos_tiny.py), generates a site of copies of the
article with every sentence distinct (971 documents = about 100k segments), runs `update_project`, then drafts
English twice from empty MT caches on two copies of the project:

1. locally, in this process (the baseline, measured in the same run);
2. through Ray Data with ``--actors`` actors on a local Ray instance, whose start-up and shut-down are timed
   apart from the drafting.

It prints both times, their ratio, the Ray start-up overhead, the per-actor rate (segments translated per second
per actor while the job ran), and a projection for 1M segments on 16 actors from that rate (assuming the
cluster's actors are as fast as these and the driver keeps up: the projection does not measure a cluster).
Exits 1 if the two runs wrote different catalogs.

What it does not cover: a real zh->en model (tens of segments per second per core, where Ray's per-chunk
overhead becomes negligible); with the tiny fixed-output model a segment costs well under a millisecond, so
this measures Ray's own overhead more than any speed-up. ``--babble`` uses a random-weight model that decodes
up to 256 tokens per segment (~30 segments/s per core, closer to a real model's cost); use it with fewer
documents (e.g. ``--docs 20``).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.bench_draft import make_site, private_argos_home, same_catalogs, write_project  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=971, help="documents (103 segments each; default 971)")
    parser.add_argument("--actors", type=int, default=2, help="Ray actors (default 2, one per core here)")
    parser.add_argument("--babble", action="store_true", help="random-weight model: ~256 decoding steps/segment")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp:
        work = Path(tmp)
        private_argos_home(work / "argos")
        import os

        import ray

        from l10n.catalog import update_project
        from l10n.config import load_config
        from l10n.draft.argos_engine import install_model
        from l10n.draft.distributed import RayOptions
        from l10n.draft.pipeline import draft_project
        from tests.argos_tiny import build_tiny_package

        install_model(build_tiny_package(work / "build", babble=args.babble))
        local_root, ray_root = work / "local", work / "ray"
        write_project(local_root, make_site(args.docs))
        start = time.perf_counter()
        update_project(load_config(local_root))
        print(f"{args.docs} documents, update_project {time.perf_counter() - start:.1f} s")
        shutil.copytree(local_root, ray_root)

        start = time.perf_counter()
        local = draft_project(load_config(local_root), ["en"], cache_path=work / "local.sqlite3", progress=False)
        local_s = time.perf_counter() - start
        segments = local.drafted["en"]

        start = time.perf_counter()
        env = {name: os.environ[name] for name in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                                    "XDG_CACHE_HOME", "ARGOS_DEVICE_TYPE")}
        ray.init(num_cpus=args.actors, include_dashboard=False, log_to_driver=False, logging_level="ERROR",
                 runtime_env={"env_vars": {**env, "PYTHONPATH": str(REPO)}})
        startup_s = time.perf_counter() - start
        start = time.perf_counter()
        distributed = draft_project(load_config(ray_root), ["en"], cache_path=work / "ray.sqlite3",
                                    progress=False, ray=RayOptions(actors=args.actors))
        ray_s = time.perf_counter() - start
        start = time.perf_counter()
        ray.shutdown()
        shutdown_s = time.perf_counter() - start

        job_s = distributed.mt_calls / distributed.ray_rate if distributed.ray_rate else 0.0   # the Ray job alone
        steady_s = job_s - distributed.ray_warmup
        per_actor = distributed.mt_calls / steady_s / max(distributed.ray_actors, 1) if steady_s > 0 else 0.0
        print(f"\n== draft en: {segments} segments, {local.mt_calls} MT inputs "
              f"({'babbling' if args.babble else 'fixed-output'} tiny model)")
        print(f"local, one process          {local_s:8.1f} s   {local.mt_calls / local_s:9.0f} segments/s")
        print(f"Ray, {distributed.ray_actors} actors               {ray_s:8.1f} s   "
              f"{distributed.mt_calls / ray_s:9.0f} segments/s   (Ray/local time {ray_s / local_s:.2f}x)")
        print(f"of which the Ray job {job_s:.1f} s; the rest is the same driver work as local drafting")
        print(f"Ray start-up {startup_s:.1f} s, shut-down {shutdown_s:.1f} s (not in the figure above)")
        print(f"first chunk back after {distributed.ray_warmup:.1f} s (actors starting, model loading); "
              f"after that, per actor: {per_actor:.0f} segments/s")
        if per_actor > 0:
            projected = 1_000_000 / (16 * per_actor)
            print(f"projection, 1M segments on 16 actors at that rate: {projected / 60:.1f} min "
                  f"(+ start-up; driver-side work not scaled)")
        print(f"receipt (Ray): {distributed.line()}")
        if not same_catalogs(local_root / "locales" / "en", ray_root / "locales" / "en"):
            print("FAILED: Ray and local drafting wrote different catalogs", file=sys.stderr)
            return 1
        print("catalogs: byte-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())

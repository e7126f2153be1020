"""Drafting on Ray: the MT map over batches runs in Ray Data actors that keep the engine loaded.

Only the translation itself leaves the driver. The driver decides what needs MT (cache lookup and
de-duplication happen before, exactly as in local drafting), hands the texts to Ray Data's
``map_batches`` with a pool of actors, and receives ``(input, output)`` pairs back. Every pair goes into
the MT cache as it arrives, and the catalogs are written afterwards by the same code as local drafting,
under the same project lock and with atomic writes. So an interrupted job leaves each catalog old or
new, the cache holds every translation that came back, and the next run translates only what is missing.

Where the model comes from: each actor builds the engine with the same factory as local drafting, in its
own process, so the model must be readable at the same path on every node (a shared or replicated
folder; for Argos, ``$ARGOS_PACKAGES_DIR``, which is passed to the workers). Nothing is shipped.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import L10nError

# Environment the engines read when they load a model; workers get the driver's values.
_MODEL_ENVIRONMENT = ("ARGOS_PACKAGES_DIR", "ARGOS_DEVICE_TYPE", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                      "XDG_CACHE_HOME", "L10N_MODELS_DIR")
_INSTALL_HINT = "install the scale extra: pip install -e '.[scale]'"


class RayUnavailable(L10nError):
    """Ray is not installed, or the cluster at the given address cannot be reached."""


@dataclass(frozen=True)
class RayOptions:
    """How to run on Ray. ``address`` None means $RAY_ADDRESS, else a local instance started and stopped."""

    address: str | None = None
    actors: int | None = None        # default: one per CPU of the cluster
    cpus_per_actor: float = 1.0


@dataclass(frozen=True)
class RayRun:
    """What a Ray job did, for the receipt."""

    actors: int
    translated: int
    seconds: float
    started_local_instance: bool
    first_result_seconds: float = 0.0   # until the first chunk came back: actors starting, models loading

    @property
    def rate(self) -> float:
        return self.translated / self.seconds if self.seconds > 0 else 0.0


class _EngineActor:
    """One per actor process: the engine is loaded once and kept for every chunk the actor receives."""

    def __init__(self, make_engine: Callable[[], Any]) -> None:
        self._engine = make_engine()

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        texts = [str(text) for text in row["texts"]]
        outputs = self._engine.translate_batch(texts)
        if len(outputs) != len(texts):
            raise RuntimeError(f"engine returned {len(outputs)} outputs for {len(texts)} inputs")
        return {"texts": texts, "translations": [str(output) for output in outputs]}


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401  (Ray Data is a separate part of the ray[data] install)
    except ImportError as exc:
        raise RayUnavailable(f"l10n draft --ray: Ray Data is not installed ({exc}); {_INSTALL_HINT}") from None
    return ray


def _connect(ray: Any, options: RayOptions) -> bool:
    """Join the cluster (or start a local instance); True when this call started it and must stop it."""
    if ray.is_initialized():
        return False
    address = options.address or os.environ.get("RAY_ADDRESS") or None
    env_vars = {name: os.environ[name] for name in _MODEL_ENVIRONMENT if name in os.environ}
    if os.environ.get("PYTHONPATH"):
        env_vars["PYTHONPATH"] = os.environ["PYTHONPATH"]
    try:
        ray.init(address=address, runtime_env={"env_vars": env_vars} if env_vars else None,
                 include_dashboard=False, log_to_driver=False, logging_level="ERROR",
                 configure_logging=True)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or "a local instance"
        raise RayUnavailable(f"l10n draft --ray: cannot start or join Ray at {where}: {exc}; check "
                             "`ray status` on the head node, or leave the address out to run locally") from None
    return address is None


def translate_on_ray(chunks: Sequence[Sequence[str]], make_engine: Callable[[], Any], options: RayOptions,
                     on_pairs: Callable[[list[tuple[str, str]]], None]) -> RayRun:
    """Translate each chunk with one ``translate_batch`` call of an actor holding ``make_engine()``.

    The chunks are the ones local drafting would send, one call each: an engine's output can depend on
    what else is in its batch (padding), so the same chunks are what makes Ray's catalogs byte-identical
    to local ones. ``on_pairs`` gets each chunk's ``(input, output)`` pairs as it lands, in any order. A
    failed or killed actor is restarted and its chunk retried by Ray.
    """
    ray = _import_ray()
    started = _connect(ray, options)
    began = time.perf_counter()
    try:
        cluster_cpus = int(ray.cluster_resources().get("CPU", 1))
        actors = options.actors or max(1, int(cluster_cpus // max(options.cpus_per_actor, 0.01)))
        actors = max(1, min(actors, len(chunks)))
        if not chunks:
            return RayRun(actors, 0, 0.0, started)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        dataset = ray.data.from_items([{"texts": list(chunk)} for chunk in chunks],
                                      override_num_blocks=len(chunks))
        # Ray Data's actor pools restart a dead actor and retry the chunk it held (max_restarts and
        # max_task_retries default to -1 there), which is the fault tolerance drafting needs.
        translated = dataset.map(
            _EngineActor, fn_constructor_args=(make_engine,),
            compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=options.cpus_per_actor)
        done = 0
        first = 0.0
        for row in translated.iter_rows():
            pairs = [(str(src), str(out)) for src, out in zip(row["texts"], row["translations"])]
            on_pairs(pairs)
            done += len(pairs)
            first = first or time.perf_counter() - began
        return RayRun(actors, done, time.perf_counter() - began, started, first)
    finally:
        if started:
            ray.shutdown()

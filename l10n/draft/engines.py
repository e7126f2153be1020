"""The MT engine registry: which engine drafts which locale, each with an id and a one-line description."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


class Engine(Protocol):
    id: str
    description: str

    def version(self) -> str: ...

    def translate_batch(self, texts: Sequence[str]) -> list[str]: ...


@dataclass(frozen=True)
class EngineSpec:
    id: str
    description: str
    input: str                       # "zh_Hant": the source segment; "zh_Hans": its OpenCC form
    factory: Callable[[], Engine]


def _opencc() -> Engine:
    from .zh_hans import OpenCCEngine

    return OpenCCEngine()


def _argos() -> Engine:
    from .argos_engine import ArgosEngine

    return ArgosEngine()


ENGINES: dict[str, EngineSpec] = {
    "opencc": EngineSpec("opencc", "OpenCC tw2sp + phrase table + glossary + GB/T 15834 punctuation "
                         "(zh-Hant -> zh-Hans)", "zh_Hant", _opencc),
    "argos": EngineSpec("argos", "Argos Translate (CTranslate2 + SentencePiece), offline, on the zh-Hans "
                        "form of each segment (-> en)", "zh_Hans", _argos),
}


def engine_for_locale(locale: str) -> EngineSpec:
    """Chinese targets are a script/phrasing conversion (OpenCC); everything else is translation (Argos)."""
    return ENGINES["opencc"] if locale.startswith("zh") else ENGINES["argos"]

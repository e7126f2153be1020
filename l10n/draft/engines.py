"""Drafting engines: one interface every engine implements, one registry, and which engine drafts each locale.

An engine is a registry entry (:class:`EngineSpec`: id, one-line description, the language pairs it serves,
its options) whose ``create`` builds an :class:`Engine` from an :class:`EngineRequest` (source and target
locale plus the options ``[tool.l10n.engines]`` gives, or the defaults of :func:`default_choice`). Code looks
engines up in :data:`ENGINES`; nothing branches on an engine's name or on a locale's spelling.

Which engine drafts a locale::

    [tool.l10n.engines]
    zh_Hans = "opencc"                                     # the default: OpenCC tw2sp + phrases.csv
    zh_Hant_HK = { engine = "opencc", config = ["tw2t", "t2hk"] }
    en = { engine = "ctranslate2", model = "models/opus-mt-zh-en", beam-size = 4 }
    ja = { engine = "argos" }                              # zh->ja, or zh->en->ja when no direct package
    fr = "none"                                            # drafted by hand

An :class:`EngineRequest` is a frozen, picklable value: a worker process (``l10n draft --ray``) receives one
and builds its own engine with :func:`create_engine`, so models load where they run.
"""
from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..errors import ConfigError, EngineError


# ------------------------------------------------------------------------------------------ interface

@dataclass(frozen=True)
class Availability:
    """Whether an engine can run here: ``detail`` is its version when it can, the reason when not."""

    ok: bool
    detail: str
    hint: str = ""   # what to install or configure, when not ok

    def __str__(self) -> str:
        return self.detail if self.ok or not self.hint else f"{self.detail} ({self.hint})"


@runtime_checkable
class Engine(Protocol):
    """What the drafting pipeline (and the Ray backend, and ``l10n mt eval``) calls.

    ``input_locale`` is the locale of the text the engine reads: the source locale, or a converted form of it
    the pipeline prepares (the Argos zh models read Simplified Chinese). ``version()`` names the model and
    library versions and every option that changes the raw output: it keys the MT cache and starts the
    provenance written into each draft. ``translate_batch`` returns one output per input, in order.
    """

    id: str
    input_locale: str

    def available(self) -> Availability: ...

    def version(self) -> str: ...

    def translate_batch(self, texts: Sequence[str]) -> list[str]: ...


@runtime_checkable
class NBestEngine(Engine, Protocol):
    """An engine that can return several hypotheses per input, best first (CTranslate2 ``num_hypotheses``)."""

    def translate_nbest(self, texts: Sequence[str], num_hypotheses: int) -> list[list[str]]: ...


@dataclass(frozen=True)
class Option:
    """One engine option as written in ``[tool.l10n.engines]`` (kebab-case key)."""

    kinds: tuple[type, ...]
    help: str


@dataclass(frozen=True)
class EngineChoice:
    """The engine for one target locale and its options, as configured or by default."""

    engine: str
    options: tuple[tuple[str, Any], ...] = ()   # sorted (key, value) pairs: hashable and picklable
    origin: str = "default"                     # "default" or "config"

    def option(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)

    def label(self) -> str:
        """``opencc`` or ``opencc:config=tw2s,phrases=false``: the form ``--engine`` accepts."""
        if not self.options:
            return self.engine
        return self.engine + ":" + ",".join(f"{k}={_option_text(v)}" for k, v in self.options)


@dataclass(frozen=True)
class EngineRequest:
    """Everything an engine factory needs; picklable, so a worker process can build its own engine."""

    source_locale: str
    target_locale: str
    choice: EngineChoice
    root: Path = Path(".")                 # project root: relative model paths are read from here
    glossary: Any = None                   # l10n.glossary.Glossary, for engines that lock terms themselves
    phrases: Any = None                    # l10n.draft.zh_hans.PhraseTable
    zh_hans_quotes: bool = True
    macros: tuple[str, ...] | None = None  # [tool.l10n] protected-patterns (None: l10n.markup's defaults)

    def option(self, name: str, default: Any = None) -> Any:
        return self.choice.option(name, default)

    def path_option(self, name: str) -> Path | None:
        value = self.option(name)
        if not value:
            return None
        path = Path(str(value)).expanduser()
        return path if path.is_absolute() else self.root / path


@dataclass(frozen=True)
class EngineSpec:
    id: str
    description: str
    pairs: str                                      # the language pairs served, for people
    serves: Callable[[str, str], bool]              # (source locale, target locale)
    create: Callable[[EngineRequest], Engine | None]  # None: the locale is drafted by hand
    options: Mapping[str, Option] = field(default_factory=dict)
    locks_terms: bool = False    # the engine writes glossary renderings itself; else the pipeline protects them
    cached: bool = True          # outputs go through the MT cache (not worth it for a string conversion)
    nbest: bool = False          # the engine implements NBestEngine


# ------------------------------------------------------------------------------------------ locales

@dataclass(frozen=True)
class LocaleParts:
    language: str
    script: str | None
    territory: str | None


@functools.lru_cache(maxsize=256)
def locale_parts(locale: str) -> LocaleParts:
    """Language and script (l10n.lang, likely script filled in: zh_TW -> Hant) and territory of a locale."""
    from ..lang import language_of, script_of

    parts = locale.replace("-", "_").split("_")
    territory = next((p.upper() for p in parts[1:] if (len(p) == 2 and p.isalpha()) or p.isdigit()), None)
    return LocaleParts(language_of(locale), script_of(locale) or None, territory)


def _chinese_variant(locale: str) -> str | None:
    """OpenCC's name for a Chinese variant: ``s`` (Simplified), ``tw``, ``hk`` (also Macau) or ``t``."""
    parts = locale_parts(locale)
    if parts.language != "zh":
        return None
    if parts.script == "Hans":
        return "s"
    return {"TW": "tw", "HK": "hk", "MO": "hk"}.get(parts.territory or "", "t")


# OpenCC configurations from one Chinese variant to another. tw2t+t2hk, not t2hk alone: t2hk expects OpenCC's
# standard Traditional, so on Taiwan text it leaves 裡 著 啟 峰 群 as they are; after tw2t they become the Hong
# Kong 裏 着 啓 峯 羣 (checked on the bundled article).
OPENCC_ROUTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("tw", "s"): ("tw2sp",), ("hk", "s"): ("hk2s",), ("t", "s"): ("t2s",),
    ("s", "tw"): ("s2twp",), ("s", "hk"): ("s2hk",), ("s", "t"): ("s2t",),
    ("tw", "hk"): ("tw2t", "t2hk"), ("hk", "tw"): ("hk2t", "t2tw"),
    ("tw", "t"): ("tw2t",), ("hk", "t"): ("hk2t",), ("t", "tw"): ("t2tw",), ("t", "hk"): ("t2hk",),
}


def opencc_route(source_locale: str, target_locale: str) -> tuple[str, ...] | None:
    source, target = _chinese_variant(source_locale), _chinese_variant(target_locale)
    if source is None or target is None:
        return None
    return OPENCC_ROUTES.get((source, target))


def default_choice(source_locale: str, target_locale: str) -> EngineChoice:
    """The engine a locale gets when ``[tool.l10n.engines]`` does not name one.

    Between Chinese variants OpenCC (zh_Hant_TW -> zh_Hans: tw2sp; -> zh_Hant_HK: tw2t then t2hk); to another
    language Argos (directly, or through English when no direct package is installed); to the same language
    and variant nothing (``none``).
    """
    if opencc_route(source_locale, target_locale) is not None:
        return EngineChoice("opencc")
    source, target = locale_parts(source_locale), locale_parts(target_locale)
    if source.language == target.language:
        return EngineChoice("none")
    return EngineChoice("argos")


# ------------------------------------------------------------------------------------------ configuration

def parse_choice(value: Any, where: str, pyproject: Path | None = None) -> EngineChoice:
    """A ``[tool.l10n.engines]`` value: ``"id"`` or ``{ engine = "id", option = value, ... }``."""
    if isinstance(value, str):
        engine, options = value, {}
    elif isinstance(value, Mapping) and isinstance(value.get("engine"), str):
        engine, options = value["engine"], {k: v for k, v in value.items() if k != "engine"}
    else:
        raise ConfigError(f"[tool.l10n.engines] {where}: expected an engine id or a table with engine = ...",
                          pyproject, hint=f'e.g. {where} = "opencc" or {where} = {{ engine = "argos" }}')
    spec = ENGINES.get(engine)
    if spec is None:
        raise ConfigError(f"[tool.l10n.engines] {where}: unknown engine {engine!r}", pyproject,
                          hint=f"`l10n engines --list` shows them: {', '.join(ENGINES)}")
    for key, option_value in options.items():
        option = spec.options.get(key)
        if option is None:
            known = ", ".join(spec.options) or "none"
            raise ConfigError(f"[tool.l10n.engines] {where}: engine {engine} has no option {key!r}", pyproject,
                              hint=f"its options: {known}")
        if isinstance(option_value, bool) and bool not in option.kinds or \
                not isinstance(option_value, option.kinds):
            kinds = " or ".join(kind.__name__ for kind in option.kinds)
            raise ConfigError(f"[tool.l10n.engines] {where}: {key} must be {kinds}, got {option_value!r}",
                              pyproject, hint=option.help)
    return EngineChoice(engine, tuple(sorted((k, _freeze(v)) for k, v in options.items())), "config")


def parse_engine_argument(text: str) -> EngineChoice:
    """``--engine ID[:KEY=VALUE,...]``: values are TOML (``true``, ``4``, ``"x"``), bare words strings, ``a+b`` lists."""
    import tomllib

    engine, _, rest = text.partition(":")
    options: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, equals, raw = item.partition("=")
        if not equals:
            raise ConfigError(f"--engine {text}: {item!r} is not KEY=VALUE", hint="e.g. opencc:config=tw2s")
        if "+" in raw:
            options[key.strip()] = [part for part in raw.split("+") if part]
            continue
        try:
            options[key.strip()] = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            options[key.strip()] = raw
    return parse_choice({"engine": engine, **options}, "--engine")


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _option_text(value: Any) -> str:
    if isinstance(value, tuple):
        return "+".join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def choice_for(config: Any, locale: str) -> EngineChoice:
    """The engine ``config`` (an l10n.config.Config) declares for ``locale``, or the default for the pair."""
    declared = getattr(config, "engines", {}).get(locale)
    if isinstance(declared, EngineChoice):
        return declared
    if declared is not None:
        return parse_choice(declared, locale, config.root / "pyproject.toml")
    return default_choice(config.source_locale, locale)


def request_for(config: Any, locale: str, choice: EngineChoice | None = None, *,
                glossary: Any = None, phrases: Any = None) -> EngineRequest:
    choice = choice or choice_for(config, locale)
    spec = ENGINES[choice.engine]
    if not spec.serves(config.source_locale, locale):
        raise ConfigError(f"[tool.l10n.engines] {locale}: engine {spec.id} does not serve "
                          f"{config.source_locale} -> {locale} (it serves {spec.pairs})",
                          config.root / "pyproject.toml", hint="`l10n engines --list` shows every engine")
    macros = getattr(config, "protected_patterns", None)
    return EngineRequest(config.source_locale, locale, choice, config.root, glossary, phrases,
                         getattr(config, "zh_hans_quotes", True), tuple(macros) if macros is not None else None)


def create_engine(request: EngineRequest) -> Engine | None:
    """Build the engine a request names (cheap: models load on first translation); None for ``none``."""
    return ENGINES[request.choice.engine].create(request)


@dataclass(frozen=True)
class LocaleEngine:
    """One line of ``l10n engines``."""

    locale: str
    choice: EngineChoice
    availability: Availability


def project_engines(config: Any, locales: Sequence[str]) -> list[LocaleEngine]:
    """Per target locale: the engine, its version (or why it cannot run) and what to install."""
    from ..glossary import project_glossary

    glossary = project_glossary(config)
    rows = []
    for locale in locales:
        request = request_for(config, locale, glossary=glossary)
        engine = create_engine(request)
        availability = engine.available() if engine is not None else \
            Availability(False, "drafted by hand", "")
        rows.append(LocaleEngine(locale, request.choice, availability))
    return rows


def format_engines_text(rows: Sequence[LocaleEngine]) -> str:
    """``l10n engines``: locale, engine (as configured or by default), installed, version or what to install."""
    lines = [f"{'locale':<12} {'engine':<34} {'installed':<9} version / what to do"]
    for row in rows:
        engine = row.choice.label() + ("" if row.choice.origin == "config" else " (default)")
        installed = "yes" if row.availability.ok else ("-" if row.choice.engine == "none" else "no")
        lines.append(f"{row.locale:<12} {engine:<34} {installed:<9} {row.availability}")
    return "\n".join(lines) + "\n"


def format_engines_json(rows: Sequence[LocaleEngine]) -> str:
    return json.dumps([{"locale": row.locale, "engine": row.choice.engine, "options": dict(row.choice.options),
                        "origin": row.choice.origin, "installed": row.availability.ok,
                        "version": row.availability.detail if row.availability.ok else None,
                        "reason": None if row.availability.ok else row.availability.detail,
                        "install": row.availability.hint or None} for row in rows],
                      ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------------------ provenance

def digest(data: bytes | str) -> str:
    """The short digest used in provenance (10 hex digits of SHA-256)."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()[:10]


def options_digest(choice: EngineChoice) -> str:
    return digest(json.dumps([choice.engine, [[k, v] for k, v in choice.options]], ensure_ascii=False))


def glossary_digest(glossary: Any, locale: str) -> str | None:
    """Digest of the renderings the glossary requires in ``locale``: a changed rendering changes the producer."""
    if glossary is None:
        return None
    from ..glossary import locale_column

    column = locale_column(locale)
    rows = [f"{term.source}\t{term.renderings.get(column, '')}\t{'; '.join(term.forbidden.get(column, ()))}"
            for term in glossary.terms]
    return digest("\n".join(rows))


def phrases_digest(phrases: Any) -> str | None:
    if phrases is None or not len(phrases):
        return None
    return digest("\n".join(f"{p.source}\t{p.target}" for p in phrases.phrases))


def provenance(engine: Engine, choice: EngineChoice, *, glossary: str | None = None,
               phrases: str | None = None) -> str:
    """What goes between the parentheses of ``# l10n-draft: ENGINE (...) #digest``.

    ``OpenCC 1.4.2 tw2sp; glossary 3f2a1b9c0d; phrases 7c1e2d3f4a; options 9a8b7c6d5e``: the engine's version,
    then the digests of the glossary renderings and phrase table that shaped the text (when they did) and of
    the engine options, so any change to them shows as a different producer.
    """
    parts = [engine.version().replace("#", "")]
    if glossary:
        parts.append(f"glossary {glossary}")
    if phrases:
        parts.append(f"phrases {phrases}")
    parts.append(f"options {options_digest(choice)}")
    return "; ".join(parts)


# ------------------------------------------------------------------------------------------ registry

def _is_chinese_pair(source: str, target: str) -> bool:
    return opencc_route(source, target) is not None or (
        _chinese_variant(source) is not None and _chinese_variant(target) is not None)


def _different_languages(source: str, target: str) -> bool:
    return locale_parts(source).language != locale_parts(target).language


def _any_pair(source: str, target: str) -> bool:
    return True


def _opencc(request: EngineRequest) -> Engine:
    from .opencc_engine import OpenCCEngine

    return OpenCCEngine.from_request(request)


def _argos(request: EngineRequest) -> Engine:
    from .argos_engine import ArgosEngine

    return ArgosEngine.from_request(request)


def _ctranslate2(request: EngineRequest) -> Engine:
    from .ct2_engine import CTranslate2Engine

    return CTranslate2Engine.from_request(request)


def _none(request: EngineRequest) -> None:
    return None


_STR, _INT, _BOOL = (str,), (int,), (bool,)
_CONFIGS = (str, tuple, list)
_DECODING = {
    "beam-size": Option(_INT, "beam width (default 2 for Argos, 4 for ctranslate2)"),
    "batch-size": Option(_INT, "segments per CTranslate2 call (default 32)"),
    "input-locale": Option(_STR, "locale of the text the model reads, e.g. zh_Hans: the source is converted "
                                 "with OpenCC first"),
    "hypotheses": Option(_INT, "translations asked for per segment with glossary terms; the best one carrying "
                               "every term is kept, else the terms are injected (default 4; 1: inject at once)"),
}

ENGINES: dict[str, EngineSpec] = {spec.id: spec for spec in (
    EngineSpec("opencc", "OpenCC conversion between Chinese variants, glossary and phrase-table locks, "
               "full-width punctuation", "Chinese variant -> Chinese variant (zh_Hant_TW -> zh_Hans: tw2sp, "
               "-> zh_Hant_HK: tw2t+t2hk, ...)", _is_chinese_pair, _opencc,
               {"config": Option(_CONFIGS, 'OpenCC configuration(s) applied in order, e.g. "tw2sp" or '
                                           '["tw2t", "t2hk"]'),
                "phrases": Option(_BOOL, "apply phrases.csv (default: true for zh_Hant -> zh_Hans)"),
                "glossary": Option(_BOOL, "lock glossary renderings (default true)"),
                "punctuation": Option(_BOOL, "full-width punctuation pass (GB/T 15834 for zh_Hans; default true)"),
                "quotes": Option(_BOOL, "「」 -> “” (default: zh-hans-quotes for zh_Hans, false otherwise)")},
               locks_terms=True, cached=False),
    EngineSpec("argos", "Argos Translate packages through CTranslate2 + SentencePiece, offline; pivots through "
               "English when no direct package is installed", "any pair with an installed package, or two "
               "through English", _different_languages, _argos,
               {"from": Option(_STR, "Argos source code (default: the source language, e.g. zh)"),
                "to": Option(_STR, "Argos target code (default: the target language)"),
                "pivot": Option(_STR, 'pivot language when no direct package exists (default "en"; "" for none)'),
                **_DECODING}, nbest=True),
    EngineSpec("ctranslate2", "any CTranslate2 model directory (ct2-opus-mt-converter or "
               "ct2-transformers-converter): OPUS-MT or NLLB/M2M100 style", "whatever the model was trained "
               "on", _different_languages, _ctranslate2,
               {"model": Option(_STR, "the converted model directory (required)"),
                "style": Option(_STR, '"opus-mt" (source.spm + target.spm) or "nllb" (one SentencePiece model, '
                                      'language tokens); default: detected from the files'),
                "source-token": Option(_STR, "NLLB/M2M100 source language token, e.g. zho_Hant"),
                "target-token": Option(_STR, "NLLB/M2M100 target prefix, e.g. eng_Latn"),
                "compute-type": Option(_STR, "CTranslate2 compute type: default, int8, int8_float32, float32, ..."),
                "threads": Option(_INT, "CPU threads per translation (intra_threads; default 0: CTranslate2 "
                                        "decides)"),
                "device": Option(_STR, '"cpu" (default) or "cuda"'),
                **_DECODING}, nbest=True),
    EngineSpec("none", "no machine draft: the locale is translated by hand", "any", _any_pair, _none,
               cached=False),
)}


def engine_table() -> str:
    """``l10n engines --list``: every engine with its description, pairs and options."""
    lines = []
    for spec in ENGINES.values():
        lines.append(f"{spec.id:<12} {spec.description}")
        lines.append(f"{'':<12} pairs: {spec.pairs}")
        for name, option in spec.options.items():
            lines.append(f"{'':<14}{name}: {option.help}")
    return "\n".join(lines) + "\n"


def require_available(engine: Engine | None, request: EngineRequest) -> Engine:
    """The engine, or EngineError (exit 2) saying what to install."""
    if engine is None:
        raise EngineError(f"{request.target_locale} is drafted by hand (engine none): nothing to draft",
                          hint=f"set [tool.l10n.engines] {request.target_locale} to an engine to draft it")
    availability = engine.available()
    if not availability.ok:
        raise EngineError(f"cannot draft {request.target_locale} with {engine.id}: {availability.detail}",
                          hint=availability.hint or None)
    return engine

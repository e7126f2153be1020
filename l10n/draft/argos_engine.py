"""English drafts from Argos Translate packages, offline: CTranslate2 + SentencePiece, called directly.

We use Argos for what it is good at, its package format and installed models, and skip its translate path:
``argostranslate.translate`` imports torch, stanza and spacy (~2.3 s, ~330 MB), and every sentence splitter it
offers downloads a model on first use (and can hang without a network). Our segments are already sentences, so
each one goes to ``ctranslate2.Translator.translate_batch`` as is, a batch at a time, and the output pieces are
decoded with the package's own SentencePiece model: Argos' tokenizer turns every ``_`` into a space, which
would break ``{user_name}`` placeholders and ``@brain_racked`` handles.

Only ``argostranslate.package`` (0.06 s) is imported, and only inside functions, so ``l10n check`` stays light.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from l10n.errors import EngineError

from .ct2_engine import _dist_version, _runtime, decoded_hypotheses

if TYPE_CHECKING:
    from .engines import Availability

INSTALL_MT_HINT = "pip install -e '.[mt]'"
ARGOS_INDEX_URL = "https://www.argosopentech.com/argospm/index/"


@dataclass(frozen=True)
class ModelInfo:
    """An installed Argos package."""

    name: str  # argospm name, e.g. "translate-zh_en"
    from_code: str
    to_code: str
    version: str  # the package's own version, e.g. "1.9"
    path: Path

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


def missing_model_message(from_code: str = "zh", to_code: str = "en") -> str:
    """Say exactly how to get the package, online through argospm or by carrying the file to this machine."""
    name = f"translate-{from_code}_{to_code}"
    return (f"no Argos Translate {from_code}->{to_code} package is installed: run "
            f"`argospm update && argospm install {name}` where there is internet, or download "
            f"{name}-*.argosmodel from {ARGOS_INDEX_URL} and run `l10n models install FILE.argosmodel`")


def packages_dir() -> Path:
    """Where packages are installed: $ARGOS_PACKAGES_DIR, read now (Argos reads it once, at import time)."""
    configured = os.environ.get("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(configured)
    return Path(_argos_package().settings.package_data_dir)


def list_models() -> list[ModelInfo]:
    """Installed Argos packages, sorted by folder name.

    Folders without ``metadata.json`` are skipped: Argos' own listing crashes on them.
    """
    package = _argos_package()
    root = packages_dir()
    if not root.is_dir():
        return []
    folders = (p for p in sorted(root.iterdir())
               if p.is_dir() and not p.name.startswith(".") and (p / "metadata.json").is_file())
    return [_model_info(_load_package(package, folder)) for folder in folders]


def install_model(path: Path) -> ModelInfo:
    """Install an ``.argosmodel`` file (a zip of one package folder) into :func:`packages_dir`.

    Does what ``argostranslate.package.install_from_path`` does, without its import of ``argostranslate.translate``
    (torch; it only wants to clear a cache) and without leaving a half-extracted folder behind: the archive is
    checked and unpacked in a hidden staging folder, then moved into place, replacing an older copy.
    """
    package = _argos_package()
    path = Path(path)
    if not zipfile.is_zipfile(path):
        raise EngineError("not an Argos package: an .argosmodel file is a zip archive", path,
                          hint=missing_model_message())
    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".l10n-installing-", dir=root))
    try:
        with zipfile.ZipFile(path) as archive:
            top = _single_top_folder(archive, path)
            archive.extractall(staging)
        _load_package(package, staging / top)  # refuse a package Argos could not read before it replaces one
        target = root / top
        with package.package_lock:
            if target.exists():
                os.replace(target, staging / ".replaced")
            os.replace(staging / top, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _forget_loaded_translations()
    return _model_info(_load_package(package, target))


class ArgosEngine:
    """Translate segments with the installed Argos package for one language pair, or two through a pivot.

    The package is looked up and its translator loaded on first use, then kept for the life of the engine. When
    no ``from -> to`` package is installed and ``pivot`` is set (English by default from a request), the text goes
    ``from -> pivot -> to`` through two packages, and the version names both.
    """

    id = "argos"
    description = "Argos Translate (CTranslate2 + SentencePiece), offline"

    def __init__(self, from_code: str = "zh", to_code: str = "en", batch_size: int = 32,
                 beam_size: int = 2, *, pivot: str = "", input_locale: str = "zh_Hans") -> None:
        if batch_size < 1 or beam_size < 1:
            raise ValueError("batch_size and beam_size must be at least 1")
        self.from_code = from_code
        self.to_code = to_code
        self.batch_size = batch_size
        self.beam_size = beam_size
        self.pivot = pivot if pivot not in (from_code, to_code) else ""
        self.input_locale = input_locale
        self._package: Any = None
        self._translator: Any = None
        self._tokenizer: Any = None
        self._legs: list[ArgosEngine] | None = None

    @classmethod
    def from_request(cls, request: Any) -> ArgosEngine:
        """Codes from the locales (Argos uses ISO 639-1: zh, en, ja); Chinese input in its Simplified form."""
        from .engines import locale_parts

        source = locale_parts(request.source_locale)
        from_code = request.option("from", source.language)
        # The Argos zh packages are trained on Simplified Chinese (zt is its Traditional code).
        simplified = source.language == "zh" and from_code == "zh" and source.script != "Hans"
        default_input = "zh_Hans" if simplified else request.source_locale
        return cls(from_code, request.option("to", locale_parts(request.target_locale).language),
                   request.option("batch-size", 32), request.option("beam-size", 2),
                   pivot=request.option("pivot", "en"), input_locale=request.option("input-locale", default_input))

    @property
    def model(self) -> ModelInfo:
        """The package in use (the newest installed one for the pair); EngineError when there is none."""
        return _model_info(self._installed_package())

    def legs(self) -> list[ArgosEngine]:
        """``[self]`` with a direct package, else the two engines of the pivot; EngineError when neither exists."""
        if self._legs is None:
            try:
                self._installed_package()
                self._legs = [self]
            except EngineError:
                if not self.pivot:
                    raise
                first = ArgosEngine(self.from_code, self.pivot, self.batch_size, self.beam_size)
                second = ArgosEngine(self.pivot, self.to_code, self.batch_size, self.beam_size)
                try:
                    first._installed_package()
                    second._installed_package()
                except EngineError:
                    raise EngineError(missing_model_message(self.from_code, self.to_code) +
                                      f" (or translate-{self.from_code}_{self.pivot} and "
                                      f"translate-{self.pivot}_{self.to_code}: Argos pivots through "
                                      f"{self.pivot})", packages_dir()) from None
                self._legs = [first, second]
        return self._legs

    def available(self) -> Availability:
        from .engines import Availability

        try:
            return Availability(True, self.version())
        except EngineError as error:
            return Availability(False, error.message, error.hint or "")

    def version(self) -> str:
        """Package and library versions plus the beam size: everything that changes the output (cache keys)."""
        models = " -> ".join(str(leg.model) for leg in self.legs())
        return (f"{models} (argostranslate {_dist_version('argostranslate')}, "
                f"ctranslate2 {_dist_version('ctranslate2')}, beam {self.beam_size})")

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        """One translation per input, in order.

        Each line of each text is one model input (line breaks survive); blank lines stay as they are and equal
        lines are translated once. Lines go to the translator ``batch_size`` at a time.
        """
        return [hypotheses[0] for hypotheses in self.translate_nbest(texts, 1)]

    def translate_nbest(self, texts: Sequence[str], num_hypotheses: int) -> list[list[str]]:
        """Up to ``num_hypotheses`` translations per input, best first (through a pivot: n-best of the last leg)."""
        texts = list(texts)
        legs = self.legs() if any(text.strip() for text in texts) else [self]
        for leg in legs[:-1]:
            texts = [hypotheses[0] for hypotheses in leg._nbest_direct(texts, 1)]
        return legs[-1]._nbest_direct(texts, num_hypotheses)

    def _nbest_direct(self, texts: Sequence[str], num_hypotheses: int) -> list[list[str]]:
        line_lists = [text.split("\n") for text in texts]
        unique = list(dict.fromkeys(line for lines in line_lists for line in lines if line.strip()))
        translated = dict(zip(unique, self._translate_lines(unique, num_hypotheses), strict=True))
        outputs = []
        for lines in line_lists:
            # A multi-line text: hypothesis k joins the k-th hypothesis of every line (the best where a line
            # has fewer).
            count = max((len(translated[line]) for line in lines if line in translated), default=1)
            outputs.append(["\n".join(translated[line][min(k, len(translated[line]) - 1)]
                                      if line in translated else line for line in lines) for k in range(count)])
        return outputs

    def _translate_lines(self, lines: list[str], num_hypotheses: int = 1) -> Iterator[list[str]]:
        if not lines:
            return
        translator, tokenizer = self._load()
        prefix = self._package.target_prefix
        for start in range(0, len(lines), self.batch_size):
            chunk = lines[start:start + self.batch_size]
            results = translator.translate_batch(
                tokenizer.encode(chunk, out_type=str),   # one call: one wait for the GIL, not one per line
                target_prefix=[[prefix]] * len(chunk) if prefix else None,
                max_batch_size=self.batch_size, beam_size=max(self.beam_size, num_hypotheses),
                num_hypotheses=num_hypotheses,
                replace_unknowns=True, length_penalty=0.2)  # Argos' own decoding settings
            yield from decoded_hypotheses(tokenizer, results, prefix)

    def _load(self) -> tuple[Any, Any]:
        if self._translator is None:
            package = self._installed_package()
            ctranslate2, sentencepiece = _runtime()
            settings = _argos_package().settings
            model_dir = package.package_path / "model"
            try:
                translator = ctranslate2.Translator(
                    str(model_dir), device=settings.device, compute_type=settings.compute_type,
                    inter_threads=settings.inter_threads, intra_threads=settings.intra_threads)
                tokenizer = sentencepiece.SentencePieceProcessor(
                    model_file=str(package.package_path / "sentencepiece.model"))
            except (RuntimeError, OSError, ValueError) as exc:
                raise EngineError(f"cannot load the Argos package: {exc}", package.package_path,
                                  hint="reinstall it with `l10n models install FILE.argosmodel`") from exc
            self._translator, self._tokenizer = translator, tokenizer
        return self._translator, self._tokenizer

    def _installed_package(self) -> Any:
        if self._package is None:
            package = _argos_package()
            candidates = [_load_package(package, m.path) for m in list_models()
                          if (m.from_code, m.to_code) == (self.from_code, self.to_code)]
            if not candidates:
                raise EngineError(missing_model_message(self.from_code, self.to_code), packages_dir())
            self._package = max(candidates, key=lambda p: _version_key(p.package_version))
        return self._package


def _single_top_folder(archive: zipfile.ZipFile, path: Path) -> str:
    parts = [PurePosixPath(name).parts for name in archive.namelist()]
    tops = {p[0] for p in parts if p}
    if any(".." in p or name.startswith("/") for p, name in zip(parts, archive.namelist())):
        raise EngineError("refusing an .argosmodel whose paths leave its folder", path)
    if len(tops) != 1 or ("metadata.json" not in {p[-1] for p in parts if len(p) == 2}):
        raise EngineError("an .argosmodel must hold exactly one folder with metadata.json in it", path,
                          hint=missing_model_message())
    return tops.pop()


def _load_package(package: Any, folder: Path) -> Any:
    try:
        loaded = package.Package(folder)
    except (OSError, ValueError) as exc:  # ValueError covers bad JSON
        raise EngineError(f"unreadable Argos package: {exc}", folder / "metadata.json") from exc
    if not loaded.from_code or not loaded.to_code:
        raise EngineError("Argos package metadata lacks from_code or to_code", folder / "metadata.json")
    return loaded


def _model_info(loaded: Any) -> ModelInfo:
    return ModelInfo(name=f"{loaded.type}-{loaded.from_code}_{loaded.to_code}", from_code=loaded.from_code,
                     to_code=loaded.to_code, version=loaded.package_version, path=Path(loaded.package_path))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))


def _forget_loaded_translations() -> None:
    """If Argos' translate module is loaded, drop its module-level translations: they outlive a reinstall."""
    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.get_installed_languages.cache_clear()
        getattr(translate, "installed_translates", []).clear()


def _argos_package() -> Any:
    try:
        import argostranslate.package  # brings argostranslate.settings, reached as argostranslate.package.settings
    except ImportError as exc:
        raise EngineError(f"Argos Translate is not installed ({exc.name} cannot be imported)",
                          hint=INSTALL_MT_HINT) from exc
    return argostranslate.package

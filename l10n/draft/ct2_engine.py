"""The ``ctranslate2`` engine: any converted model directory, OPUS-MT style or NLLB/M2M100 style.

A user converts a model once, where it can be downloaded, and points ``[tool.l10n.engines]`` at the folder:

* **OPUS-MT** (``ct2-opus-mt-converter`` on a Marian model folder, or ``ct2-transformers-converter`` on
  ``Helsinki-NLP/opus-mt-zh-en``): two SentencePiece models, ``source.spm`` and ``target.spm``, beside
  ``model.bin``. Input pieces go in as they are (``</s>`` appended unless the model's ``config.json`` says
  ``add_source_eos``), output pieces are decoded with the target model.
* **NLLB-200 / M2M100** (``ct2-transformers-converter --model facebook/nllb-200-distilled-600M``): one
  SentencePiece model (``sentencepiece.bpe.model`` or ``sentencepiece.model``) and language tokens in the
  vocabulary: the source token starts the input (``zho_Hant ... </s>``), the target token is the decoding
  prefix (``eng_Latn``) and is dropped from the output. M2M100 spells them ``__zh__``.

The style is read from the files present (or set with ``style``); language tokens default from the locales.
Like the Argos engine, CTranslate2 and SentencePiece are imported only when a model loads.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import EngineError
from .engines import Availability, EngineRequest, locale_parts

OPUS_MT, NLLB = "opus-mt", "nllb"
_OPUS_FILES = ("source.spm", "target.spm")
_SHARED_SPM = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model")
# NLLB-200 (FLORES-200) codes of the languages people most often draft into; any other goes in as an option.
_FLORES = {"en": "eng_Latn", "ja": "jpn_Jpan", "ko": "kor_Hang", "fr": "fra_Latn", "de": "deu_Latn",
           "es": "spa_Latn", "pt": "por_Latn", "it": "ita_Latn", "ru": "rus_Cyrl", "vi": "vie_Latn",
           "th": "tha_Thai", "id": "ind_Latn", "ms": "zsm_Latn", "ar": "arb_Arab", "hi": "hin_Deva",
           "tr": "tur_Latn", "nl": "nld_Latn", "pl": "pol_Latn", "uk": "ukr_Cyrl"}
CONVERT_HINT = ("convert a model where it can be downloaded, e.g. `ct2-transformers-converter --model "
                "Helsinki-NLP/opus-mt-zh-en --output_dir models/opus-mt-zh-en --copy_files source.spm "
                "target.spm` (see README: Machine translation), and set model = \"models/...\"")
INSTALL_HINT = "pip install -e '.[mt]'"


def flores_code(locale: str) -> str | None:
    """The NLLB token of a locale: zh_Hant_TW -> zho_Hant, zh_Hans -> zho_Hans, en -> eng_Latn."""
    parts = locale_parts(locale)
    if parts.language == "zh":
        return f"zho_{parts.script or 'Hans'}"
    return _FLORES.get(parts.language)


class CTranslate2Engine:
    """Translate with a converted CTranslate2 model; the model loads on first use and is then kept."""

    id = "ctranslate2"
    description = "CTranslate2 model directory (OPUS-MT or NLLB/M2M100 style)"

    def __init__(self, model_dir: Path | None, *, style: str | None = None, source_token: str | None = None,
                 target_token: str | None = None, beam_size: int = 4, batch_size: int = 32,
                 compute_type: str = "default", threads: int = 0, device: str = "cpu",
                 input_locale: str = "zh_Hant_TW", target_locale: str = "en") -> None:
        if beam_size < 1 or batch_size < 1 or threads < 0:
            raise EngineError("ctranslate2: beam-size and batch-size must be at least 1, threads at least 0")
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self._style = style
        self._source_token = source_token
        self._target_token = target_token
        self.beam_size = beam_size
        self.batch_size = batch_size
        self.compute_type = compute_type
        self.threads = threads
        self.device = device
        self.input_locale = input_locale
        self.target_locale = target_locale
        self._translator: Any = None
        self._tokenizers: tuple[Any, Any] | None = None
        self._version: str | None = None
        self._tokens: tuple[str | None, str | None] | None = None
        self._add_eos: bool | None = None

    @classmethod
    def from_request(cls, request: EngineRequest) -> CTranslate2Engine:
        return cls(request.path_option("model"), style=request.option("style"),
                   source_token=request.option("source-token"), target_token=request.option("target-token"),
                   beam_size=request.option("beam-size", 4), batch_size=request.option("batch-size", 32),
                   compute_type=request.option("compute-type", "default"), threads=request.option("threads", 0),
                   device=request.option("device", "cpu"),
                   input_locale=request.option("input-locale", request.source_locale),
                   target_locale=request.target_locale)

    # -------------------------------------------------------------------- what the model is

    @property
    def style(self) -> str:
        if self._style:
            if self._style not in (OPUS_MT, NLLB):
                raise EngineError(f"ctranslate2: style {self._style!r} is not {OPUS_MT!r} or {NLLB!r}")
            return self._style
        folder = self._folder()
        if all((folder / name).is_file() for name in _OPUS_FILES):
            return OPUS_MT
        if any((folder / name).is_file() for name in _SHARED_SPM):
            return NLLB
        raise EngineError("no SentencePiece model beside the CTranslate2 model: expected source.spm and "
                          f"target.spm (OPUS-MT) or one of {', '.join(_SHARED_SPM)} (NLLB/M2M100)", folder,
                          hint="copy them from the original model (--copy_files of ct2-transformers-converter)")

    def _folder(self) -> Path:
        if self.model_dir is None:
            raise EngineError("ctranslate2: no model directory configured", hint=CONVERT_HINT)
        if not (self.model_dir / "model.bin").is_file():
            raise EngineError("not a CTranslate2 model directory (no model.bin)", self.model_dir, hint=CONVERT_HINT)
        return self.model_dir

    def language_tokens(self) -> tuple[str | None, str | None]:
        """Source and target language tokens (NLLB/M2M100); (None, None) for OPUS-MT. Read once."""
        if self._tokens is None:
            self._tokens = self._language_tokens()
        return self._tokens

    def _language_tokens(self) -> tuple[str | None, str | None]:
        if self.style == OPUS_MT:
            return None, None
        vocabulary = self._vocabulary()
        m2m = "__en__" in vocabulary
        source = self._source_token or (f"__{locale_parts(self.input_locale).language}__" if m2m
                                        else flores_code(self.input_locale))
        target = self._target_token or (f"__{locale_parts(self.target_locale).language}__" if m2m
                                        else flores_code(self.target_locale))
        for role, token in (("source", source), ("target", target)):
            if not token or token not in vocabulary:
                raise EngineError(f"ctranslate2: the model has no {role} language token {token!r}", self.model_dir,
                                  hint=f"set {role}-token to the model's code for the language, e.g. zho_Hant "
                                       "or eng_Latn for NLLB, __zh__ or __en__ for M2M100")
        return source, target

    def _vocabulary(self) -> set[str]:
        folder = self._folder()
        for name in ("shared_vocabulary.json", "target_vocabulary.json", "shared_vocabulary.txt"):
            path = folder / name
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                return set(json.loads(text)) if name.endswith(".json") else set(text.splitlines())
        return set()

    def _config(self) -> dict[str, Any]:
        path = self._folder() / "config.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def available(self) -> Availability:
        try:
            _runtime()
            return Availability(True, self.version())
        except EngineError as error:
            return Availability(False, error.message, error.hint or "")

    def version(self) -> str:
        """Model name and digest, style, language tokens, library version and decoding options."""
        if self._version is None:
            folder = self._folder()
            source, target = self.language_tokens()
            tokens = f" {source}->{target}" if source else ""
            self._version = (f"{folder.name}@{model_digest(folder)} {self.style}{tokens} (ctranslate2 "
                             f"{_dist_version('ctranslate2')}, beam {self.beam_size}, {self.compute_type})")
        return self._version

    # -------------------------------------------------------------------- translating

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        """One translation per input; each line is one model input, equal lines are translated once."""
        return [hypotheses[0] for hypotheses in self.translate_nbest(texts, 1)]

    def translate_nbest(self, texts: Sequence[str], num_hypotheses: int) -> list[list[str]]:
        line_lists = [text.split("\n") for text in texts]
        unique = list(dict.fromkeys(line for lines in line_lists for line in lines if line.strip()))
        translated = dict(zip(unique, self._translate_lines(unique, num_hypotheses), strict=True))
        outputs = []
        for lines in line_lists:
            count = max((len(translated[line]) for line in lines if line in translated), default=1)
            outputs.append(["\n".join(translated[line][min(k, len(translated[line]) - 1)]
                                      if line in translated else line for line in lines) for k in range(count)])
        return outputs

    def encode(self, line: str) -> list[str]:
        """The source tokens of one line, as the model was trained to read them."""
        return self.encode_many([line])[0]

    def encode_many(self, lines: list[str]) -> list[list[str]]:
        """:meth:`encode` of each line, in one SentencePiece call: one release of the GIL for the batch, not
        one per line (each would wait for the GIL again while another thread runs Python)."""
        source_sp, _ = self._load_tokenizers()
        source_token, _target = self.language_tokens()
        if self._add_eos is None:
            self._add_eos = not self._config().get("add_source_eos")
        head = [source_token] if source_token else []
        tail = ["</s>"] if self._add_eos else []
        return [head + pieces + tail for pieces in source_sp.encode(lines, out_type=str)]

    def _translate_lines(self, lines: list[str], num_hypotheses: int) -> Iterator[list[str]]:
        if not lines:
            return
        translator = self._load()
        _source_sp, target_sp = self._load_tokenizers()
        _source, target_token = self.language_tokens()
        for start in range(0, len(lines), self.batch_size):
            chunk = lines[start:start + self.batch_size]
            results = translator.translate_batch(
                self.encode_many(chunk),
                target_prefix=[[target_token]] * len(chunk) if target_token else None,
                max_batch_size=self.batch_size, beam_size=max(self.beam_size, num_hypotheses),
                num_hypotheses=num_hypotheses)
            yield from decoded_hypotheses(target_sp, results, target_token)

    def _load(self) -> Any:
        if self._translator is None:
            ctranslate2, _ = _runtime()
            folder = self._folder()
            try:
                self._translator = ctranslate2.Translator(str(folder), device=self.device,
                                                          compute_type=self.compute_type,
                                                          intra_threads=self.threads)
            except (RuntimeError, ValueError, OSError) as error:
                raise EngineError(f"cannot load the CTranslate2 model: {error}", folder, hint=CONVERT_HINT) from error
        return self._translator

    def _load_tokenizers(self) -> tuple[Any, Any]:
        if self._tokenizers is None:
            _, sentencepiece = _runtime()
            folder = self._folder()
            if self.style == OPUS_MT:
                names = _OPUS_FILES
            else:
                shared = next(name for name in _SHARED_SPM if (folder / name).is_file())
                names = (shared, shared)
            try:
                source, target = (sentencepiece.SentencePieceProcessor(model_file=str(folder / name))
                                  for name in names)
            except (RuntimeError, OSError) as error:
                raise EngineError(f"cannot read the SentencePiece model: {error}", folder) from error
            self._tokenizers = (source, target)
        return self._tokenizers


def model_digest(folder: Path) -> str:
    """A digest naming the model: every small file in full, ``model.bin`` by size and its first and last MiB.

    Hashing all of a multi-GB ``model.bin`` on every run would cost seconds; a re-conversion or a different
    quantisation changes its size or its ends.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode("utf-8") + b"\0")
        size = path.stat().st_size
        if path.name != "model.bin" and size < (1 << 24):
            digest.update(path.read_bytes())
            continue
        digest.update(str(size).encode())
        with path.open("rb") as handle:
            digest.update(handle.read(1 << 20))
            handle.seek(max(size - (1 << 20), 0))
            digest.update(handle.read(1 << 20))
    return digest.hexdigest()[:10]


def decoded_hypotheses(tokenizer: Any, results: Any, prefix: str | None) -> Iterator[list[str]]:
    """Each translate_batch result's hypotheses as text (without the target language token), all decoded in
    one SentencePiece call."""
    hypotheses = [result.hypotheses for result in results]
    outputs = [pieces for each in hypotheses for pieces in each]
    if prefix:
        outputs = [pieces[1:] if pieces[:1] == [prefix] else pieces for pieces in outputs]
    texts = iter([text.strip() for text in tokenizer.decode_pieces(outputs)] if outputs else [])
    for each in hypotheses:
        yield [next(texts) for _ in each]


def _runtime() -> tuple[Any, Any]:
    try:
        import ctranslate2
        import sentencepiece
    except ImportError as error:
        raise EngineError(f"the MT runtime is not installed ({error.name} cannot be imported)",
                          hint=INSTALL_HINT) from error
    return ctranslate2, sentencepiece


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"

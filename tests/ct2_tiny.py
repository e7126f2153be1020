"""Tiny but genuine CTranslate2 model directories in both layouts users get from the converters.

* :func:`build_opus_mt_model`: what ``ct2-opus-mt-converter`` (plus the copied tokenizers) leaves: ``model.bin``,
  ``config.json`` with ``add_source_eos``, separate source and target vocabularies, ``source.spm`` and
  ``target.spm`` (two different SentencePiece models, trained on Chinese and on English text).
* :func:`build_nllb_model`: what ``ct2-transformers-converter`` makes of NLLB-200: one shared vocabulary with
  FLORES-200 language tokens (``zho_Hant``, ``eng_Latn``, ...) and ``sentencepiece.bpe.model``.

The weights are written by hand as in :mod:`tests.argos_tiny`: for any input the decoder emits the pieces of a
known output, then ``</s>`` (for NLLB after the forced target prefix), so N inputs give N known outputs.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from tests.argos_tiny import (_FFN_DIM, _HEADS, _MODEL_DIM, _SIGNAL, ARTICLE_SENTENCES, _train_sentencepiece,
                              fixed_output_spec)

OPUS_OUTPUT = "Kling AI is a video model"
NLLB_OUTPUT = "Kling AI beats Runway"
NLLB_LANGUAGES = ("zho_Hans", "zho_Hant", "eng_Latn", "jpn_Jpan", "fra_Latn")
ENGLISH_SENTENCES = ("Kling AI is a video model from Kuaishou.", "Runway and Luma make video models too.",
                     "Revenue passed 100 million yuan.", "The model answers in English.")


BASE_OUTPUT = ("Kling AI has become one of the strongest video generation models, and Kuaishou is using it "
               "across its business.")
"""A sentence of typical length for :func:`build_opus_mt_model` with ``size="base"``."""
_SIZES = {"tiny": dict(d=_MODEL_DIM, f=_FFN_DIM, layers=1, heads=_HEADS, vocabulary=0),
          # OPUS-MT's transformer-base shape (Marian: 6+6 layers, d 512, ffn 2048, 8 heads; vocabulary padded
          # to 32k): the same arithmetic per token as a real model, for benchmarks.
          "base": dict(d=512, f=2048, layers=6, heads=8, vocabulary=32000)}


def build_opus_mt_model(folder: Path, *, output: str = OPUS_OUTPUT, size: str = "tiny",
                        runner_up: str | None = None) -> Path:
    """``runner_up``: the model's second hypothesis (beam search with 2+ hypotheses), a text whose pieces are
    ``output``'s with one piece changed, e.g. ``output="Kuang AI is a video model"`` and
    ``runner_up=OPUS_OUTPUT``: the glossary's "Kling" is then only in the second hypothesis."""
    folder = Path(folder)
    folder.mkdir(parents=True)
    source_sp = _train_sentencepiece(ARTICLE_SENTENCES[:30], "")
    target_sp = _train_english(ENGLISH_SENTENCES, runner_up or output)
    (folder / "source.spm").write_bytes(source_sp)
    (folder / "target.spm").write_bytes(target_sp)
    pieces = _encode(target_sp, runner_up or output)
    second = None
    if runner_up is not None:
        pieces, second = _one_piece_apart(target_sp, output, pieces)
    _build(folder, _pieces(source_sp), _pieces(target_sp), pieces, add_source_eos=True, second=second,
           **_SIZES[size])
    return folder


def _one_piece_apart(target_sp: bytes, output: str, runner_up: list[str]) -> tuple[list[str], tuple[int, str]]:
    """The pieces of ``output`` spelled with the runner-up's pieces and the one (step, piece) that differs.

    The decoder state depends on the step only, so an alternative is one piece at one step: the runner-up
    hypothesis takes it there and follows the best path elsewhere.
    """
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=target_sp)
    for step, piece in enumerate(runner_up):
        for candidate in range(sp.get_piece_size()):
            pieces = [*runner_up[:step], sp.id_to_piece(candidate), *runner_up[step + 1:]]
            if candidate > 2 and pieces != runner_up and sp.decode_pieces(pieces) == output:
                return pieces, (step, piece)
    raise ValueError(f"{output!r} is not one piece away from {sp.decode_pieces(runner_up)!r}")


def build_nllb_model(folder: Path, *, output: str = NLLB_OUTPUT, target_token: str = "eng_Latn",
                     languages: Sequence[str] = NLLB_LANGUAGES) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True)
    sp = _train_sentencepiece(ARTICLE_SENTENCES[:30], output)
    (folder / "sentencepiece.bpe.model").write_bytes(sp)
    vocabulary = _pieces(sp) + list(languages)
    # The forced prefix is step 0; the model's own output starts at step 1.
    _build(folder, vocabulary, vocabulary, [target_token, *_encode(sp, output)], add_source_eos=False)
    return folder


def _train_english(sentences: Sequence[str], output: str) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter([*sentences, output]), model_writer=model,
                                   model_type="unigram", vocab_size=80, hard_vocab_limit=False,
                                   character_coverage=1.0, minloglevel=2)
    return model.getvalue()


def _pieces(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]  # starts <unk> <s> </s>


def _encode(sp_model: bytes, text: str) -> list[str]:
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_proto=sp_model).encode(text, out_type=str)


def _build(folder: Path, source_vocabulary: list[str], target_vocabulary: list[str], output: list[str], *,
           add_source_eos: bool, d: int = _MODEL_DIM, f: int = _FFN_DIM, layers: int = 1, heads: int = _HEADS,
           vocabulary: int = 0, second: tuple[int, str] | None = None) -> None:
    padding = [f"<pad{i}>" for i in range(max(0, vocabulary - len(target_vocabulary)))]
    source_vocabulary, target_vocabulary = source_vocabulary + padding, target_vocabulary + padding
    output_ids = [target_vocabulary.index(piece) for piece in output] + [target_vocabulary.index("</s>")]
    if len(output_ids) > d:
        raise ValueError(f"output needs {len(output_ids)} steps, the model has {d} dimensions")
    spec = fixed_output_spec(source_vocabulary, target_vocabulary, output_ids, d=d, f=f, layers=layers, heads=heads)
    if second is not None:   # a runner-up piece at one step, scored a little below the best one
        spec.decoder.projection.weight[target_vocabulary.index(second[1]), second[0]] = 0.9 * _SIGNAL
    spec.config.add_source_eos = add_source_eos
    spec.validate()
    spec.save(str(folder))

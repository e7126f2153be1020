"""The Argos engine on a tiny genuine package built here (tests/argos_tiny.py): install, list, translate, errors."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.draft.argos_engine import ArgosEngine, ModelInfo, install_model, list_models, missing_model_message
from l10n.errors import EngineError
from tests.argos_tiny import ARTICLE_SENTENCES, TINY_OUTPUT, build_tiny_package

REPO = Path(__file__).resolve().parents[2]


class SpyTranslator:
    """Wraps the real ctranslate2.Translator and records the size of every translate_batch call."""

    created: list[SpyTranslator] = []

    def __init__(self, real_class: type, *args: object, **kwargs: object) -> None:
        self.real = real_class(*args, **kwargs)
        self.batch_sizes: list[int] = []
        SpyTranslator.created.append(self)

    def translate_batch(self, tokens: list[list[str]], **options: object) -> list[object]:
        self.batch_sizes.append(len(tokens))
        return self.real.translate_batch(tokens, **options)


class EchoTranslator:
    """Answers every input with its own pieces, so the engine's output must equal its input, in order."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.batch_sizes: list[int] = []

    def translate_batch(self, tokens: list[list[str]], **options: object) -> list[object]:
        self.batch_sizes.append(len(tokens))
        return [type("Result", (), {"hypotheses": [pieces]}) for pieces in tokens]


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> type[SpyTranslator]:
    import ctranslate2

    real = ctranslate2.Translator
    SpyTranslator.created = []
    monkeypatch.setattr(ctranslate2, "Translator", lambda *a, **k: SpyTranslator(real, *a, **k))
    return SpyTranslator


def test_install_then_list(packages: Path, tiny_packages: dict[str, Path]) -> None:
    installed = install_model(tiny_packages["0.1"])
    assert installed == ModelInfo(name="translate-zh_en", from_code="zh", to_code="en", version="0.1",
                                  path=packages / "translate-zh_en-0_1")
    assert list_models() == [installed]
    assert sorted(p.name for p in packages.iterdir()) == ["translate-zh_en-0_1"]  # no staging folder left


def test_reinstall_replaces_the_folder(packages: Path, tiny_packages: dict[str, Path]) -> None:
    install_model(tiny_packages["0.1"])
    (packages / "translate-zh_en-0_1" / "stale.txt").write_text("from the old copy")
    install_model(tiny_packages["0.1"])
    assert not (packages / "translate-zh_en-0_1" / "stale.txt").exists()
    assert len(list_models()) == 1


def test_list_skips_stray_folders(packages: Path, tiny_packages: dict[str, Path]) -> None:
    install_model(tiny_packages["0.1"])
    (packages / "notes").mkdir()  # Argos' own get_installed_packages() crashes on this
    assert [m.name for m in list_models()] == ["translate-zh_en"]


@pytest.mark.parametrize("content", [
    pytest.param(None, id="not-a-zip"),
    pytest.param({"translate-zh_en/model/model.bin": "x"}, id="no-metadata"),
    pytest.param({"a/metadata.json": "{}", "b/metadata.json": "{}"}, id="two-folders"),
    pytest.param({"../evil/metadata.json": "{}"}, id="path-escape"),
    pytest.param({"p/metadata.json": json.dumps({"to_code": "en"})}, id="no-from-code"),
    pytest.param({"p/metadata.json": "{not json"}, id="bad-json"),
])
def test_install_refuses_bad_archives(packages: Path, tmp_path: Path, content: dict[str, str] | None) -> None:
    archive = tmp_path / "bad.argosmodel"
    if content is None:
        archive.write_text("not a zip")
    else:
        with zipfile.ZipFile(archive, "w") as zf:
            for name, data in content.items():
                zf.writestr(name, data)
    with pytest.raises(EngineError):
        install_model(archive)
    assert list_models() == []
    assert list(packages.glob("*")) == []  # nothing half-installed


def test_translates_article_in_batches_of_32(packages: Path, tiny_packages: dict[str, Path],
                                             spy: type[SpyTranslator]) -> None:
    install_model(tiny_packages["0.1"])
    engine = ArgosEngine()
    sentences = list(ARTICLE_SENTENCES[:70])
    assert engine.translate_batch(sentences) == [TINY_OUTPUT] * 70
    assert engine.translate_batch(sentences[:5]) == [TINY_OUTPUT] * 5
    [translator] = spy.created  # loaded once, kept by the engine
    assert translator.batch_sizes == [32, 32, 6, 5]  # one call per batch of 32, then the second request


def test_underscores_survive_decoding(packages: Path, tiny_packages: dict[str, Path]) -> None:
    """Argos' tokenizer.decode would give "{user name}" and "@brain racked"."""
    install_model(tiny_packages["0.1"])
    [output] = ArgosEngine().translate_batch([ARTICLE_SENTENCES[0]])
    assert "{user_name}" in output and "@brain_racked" in output


def test_newest_package_wins_and_version_names_it(packages: Path, tiny_packages: dict[str, Path]) -> None:
    install_model(tiny_packages["0.2"])
    install_model(tiny_packages["0.1"])
    engine = ArgosEngine(beam_size=3)
    assert engine.translate_batch(["可灵"]) == ["Runway Gen-3"]
    version = engine.version()
    assert version.startswith("translate-zh_en 0.2 (argostranslate 1.")
    assert "ctranslate2 4." in version and "beam 3" in version


def test_other_pairs_are_not_used(packages: Path, tiny_packages: dict[str, Path], tmp_path: Path) -> None:
    zt = build_tiny_package(tmp_path / "zt", from_code="zt")
    install_model(zt)
    assert [m.name for m in list_models()] == ["translate-zt_en"]
    with pytest.raises(EngineError):
        ArgosEngine().translate_batch(["可灵"])


def test_missing_package_says_how_to_get_it(packages: Path) -> None:
    engine = ArgosEngine()
    with pytest.raises(EngineError) as raised:
        engine.translate_batch(["可灵"])
    message = str(raised.value)
    assert "argospm update && argospm install translate-zh_en" in message
    assert ".argosmodel" in message and "l10n models install" in message
    assert raised.value.message == missing_model_message()
    with pytest.raises(EngineError):
        engine.version()


def test_missing_argostranslate_names_the_install_command(packages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "argostranslate", None)
    monkeypatch.setitem(sys.modules, "argostranslate.package", None)
    for call in (list_models, ArgosEngine().version):
        with pytest.raises(EngineError) as raised:
            call()
        assert raised.value.hint == "pip install -e '.[mt]'"


def test_empty_input_loads_nothing(packages: Path) -> None:
    assert ArgosEngine().translate_batch([]) == []
    assert ArgosEngine().translate_batch(["", "  "]) == ["", "  "]  # no package needed for blank text


POOL = [*ARTICLE_SENTENCES[:12], "", "可灵 AI\n\n快手"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.sampled_from(POOL), max_size=60), batch_size=st.integers(1, 8))
def test_outputs_follow_inputs(packages: Path, tiny_packages: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                               texts: list[str], batch_size: int) -> None:
    """With an echo translator, output == input proves order, line handling, de-duplication and chunking."""
    import ctranslate2

    if not list_models():
        install_model(tiny_packages["0.1"])
    echo = EchoTranslator()
    monkeypatch.setattr(ctranslate2, "Translator", lambda *a, **k: echo)
    assert ArgosEngine(batch_size=batch_size).translate_batch(texts) == texts
    unique_lines = {line for text in texts for line in text.split("\n") if line.strip()}
    assert sum(echo.batch_sizes) == len(unique_lines)
    assert all(size <= batch_size for size in echo.batch_sizes)


def test_importing_the_engine_imports_no_mt_library() -> None:
    code = ("import sys, l10n.draft.argos_engine; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'argostranslate', 'ctranslate2', 'torch'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_translating_never_imports_argos_translate_module(packages: Path, tiny_packages: dict[str, Path]) -> None:
    """argostranslate.translate means torch, stanza and a sentence splitter that downloads: never on our path."""
    code = ("import sys; from pathlib import Path; from l10n.draft.argos_engine import ArgosEngine, install_model; "
            f"install_model(Path({str(tiny_packages['0.1'])!r})); print(ArgosEngine().translate_batch(['可灵'])); "
            "print(sorted(m for m in sys.modules if m in {'argostranslate.translate', 'torch', 'stanza'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [repr([TINY_OUTPUT]), "[]"]


def test_zip_package_keeps_the_top_folder(tiny_packages: dict[str, Path]) -> None:
    with zipfile.ZipFile(tiny_packages["0.1"]) as zf:
        assert {name.split("/")[0] for name in zf.namelist()} == {"translate-zh_en-0_1"}


def test_pivot_through_english_when_no_direct_package(packages, tmp_path):
    """zh->ja with only zh->en and en->ja installed: the text goes through both, and the version names both."""
    install_model(build_tiny_package(tmp_path / "zh-en"))
    install_model(build_tiny_package(tmp_path / "en-ja", from_code="en", to_code="ja", output="クリング AI 動画"))
    engine = ArgosEngine("zh", "ja", pivot="en")
    assert engine.available().ok
    assert engine.version().startswith("translate-zh_en 0.1 -> translate-en_ja 0.1 (")
    assert engine.translate_batch(["快手可灵"]) == ["クリング AI 動画"]
    assert not ArgosEngine("zh", "ja").available().ok   # without a pivot: no direct package
    missing = ArgosEngine("zh", "ko", pivot="en").available()
    assert not missing.ok and "translate-en_ko" in missing.detail


def test_nbest(packages, tiny_packages):
    install_model(tiny_packages["0.1"])
    [hypotheses] = ArgosEngine(beam_size=2).translate_nbest(["快手可灵"], 2)
    assert hypotheses[0] == TINY_OUTPUT and len(hypotheses) == 2

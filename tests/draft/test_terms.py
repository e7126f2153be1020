"""Glossary terms inside MT (issue 14.2): the best hypothesis carrying every term wins, else injection; the
entry says which way each term came."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from l10n.catalog import update_project
from l10n.config import load_config
from l10n.draft.engines import Availability
from l10n.draft.pipeline import LOST_MARK, DraftReceipt, draft_project, draft_texts, prepare_drafter
from l10n.draft.terms import TERMS_MARK, TermNeed, carries_terms, choose_hypothesis
from l10n.glossary import load_glossary, project_glossary
from l10n.po import read_catalog
from tests.ct2_tiny import OPUS_OUTPUT, build_opus_mt_model

GLOSSARY = """zh_Hant,en,type,forbidden_en,note
可靈,Kling,product,Keling; Ke Ling,Kuaishou's video model
快手,Kuaishou,company,,
同比,year-on-year; year over year,term,,
短劇,short drama,term,,
"""
KLING = "可靈是快手的影片模型。"


def write_project(root: Path, engines: str = "", sources: Sequence[str] = (KLING,)) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["en"]\n'
        'project-id = "terms"\n' + (f"\n[tool.l10n.engines]\n{engines}\n" if engines else ""), encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (root / "source" / "doc.md").write_text("\n\n".join(sources) + "\n", encoding="utf-8")
    return root


class Scripted:
    """An n-best engine with scripted answers: ``hypotheses`` by a word of the input, ``injected`` for the
    input with the terms written in."""

    id = "scripted"
    input_locale = "zh_Hant_TW"

    def __init__(self, hypotheses: dict[str, list[str]], injected: dict[str, str] | None = None) -> None:
        self.hypotheses = hypotheses
        self.injected = injected or {}
        self.nbest_calls: list[tuple[list[str], int]] = []
        self.batch_calls: list[list[str]] = []

    def available(self) -> Availability:
        return Availability(True, "scripted 1")

    def version(self) -> str:
        return "scripted 1"

    def translate_nbest(self, texts: Sequence[str], num_hypotheses: int) -> list[list[str]]:
        self.nbest_calls.append((list(texts), num_hypotheses))
        return [self._answer(self.hypotheses, text)[:num_hypotheses] for text in texts]

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        self.batch_calls.append(list(texts))
        return [self._answer(self.injected, text) for text in texts]

    @staticmethod
    def _answer(table: dict, text: str):
        return next(answer for word, answer in table.items() if word in text)


def drafter_for(root: Path, engine: Scripted):
    config = load_config(root)
    return prepare_drafter(config, "en", glossary=project_glossary(config), engine=engine)


def test_the_best_ranked_hypothesis_carrying_every_term_wins_and_says_so(tmp_path):
    engine = Scripted({"可靈": ["Keling is Kuaishou's video model.", "Kling is Kuaishou's video model.",
                               "Kling is the video model of Kuaishou."]})
    drafter = drafter_for(write_project(tmp_path), engine)
    receipt = DraftReceipt()
    [outcome] = draft_texts(drafter, [KLING], receipt=receipt)
    # The first has a forbidden variant and no Kling; the second has both terms (a possessive counts).
    assert outcome.text == "Kling is Kuaishou's video model."
    assert f"{TERMS_MARK} 可靈=Kling (hypothesis 2); 快手=Kuaishou (hypothesis 2)" in outcome.notes
    # The engine read the source as written (no rendering injected) and was asked for 4 hypotheses.
    assert engine.nbest_calls == [([KLING], 4)] and engine.batch_calls == []
    assert (receipt.terms_from_hypotheses, receipt.terms_injected, receipt.reinjected) == (2, 0, 0)
    assert "hypotheses 4" in drafter.provenance


def test_without_a_hypothesis_carrying_every_term_the_terms_are_injected(tmp_path):
    engine = Scripted({"可靈": ["Keling is Kuaishou's video model.", "Kling is a video model."],
                       "短劇": ["This is a short play."]},
                      {"Kling": "Kling is Kuaishou's video model.", "short drama": "This is a short drama."})
    drafter = drafter_for(write_project(tmp_path), engine)
    receipt = DraftReceipt()
    outcomes = draft_texts(drafter, [KLING, "這是一部短劇。"], receipt=receipt)
    assert [o.text for o in outcomes] == ["Kling is Kuaishou's video model.", "This is a short drama."]
    # Only the second hypothesis has Kling, and it lacks Kuaishou: the injected input went to the engine.
    [injected] = engine.batch_calls
    assert "Kling" in injected[0] and "Kuaishou" in injected[0] and len(injected) == 2
    assert f"{TERMS_MARK} 可靈=Kling (injected); 快手=Kuaishou (injected)" in outcomes[0].notes
    assert receipt.reinjected == 2 and receipt.terms_injected == 3


def test_a_term_injection_could_not_save_is_lost(tmp_path):
    engine = Scripted({"短劇": ["It is a short play.", "It is a skit."]}, {"short drama": "It is a short play."})
    [outcome] = draft_texts(drafter_for(write_project(tmp_path), engine), ["這是短劇。"])
    assert f"{TERMS_MARK} 短劇=short drama (lost)" in outcome.notes
    assert f"{LOST_MARK} short drama" in outcome.notes


def test_matching_tolerates_what_the_glossary_check_tolerates(tmp_path):
    engine = Scripted({"同比": ["Revenue rose 25% on the year.", "Revenue rose 25% year on year."]})
    [outcome] = draft_texts(drafter_for(write_project(tmp_path), engine), ["營收同比增長 25%。"])
    # "year on year" is a hyphen/space variant of the preferred "year-on-year".
    assert outcome.text == "Revenue rose 25% year on year."
    assert f"{TERMS_MARK} 同比=year-on-year (hypothesis 2)" in outcome.notes


def test_a_hypothesis_keeping_every_protected_token_beats_a_better_ranked_one_that_drops_one(tmp_path):
    engine = Scripted({"可靈": ["Kling was released.", "Kling 2.0 was released.", "Kling 2.0 is out."]})
    [outcome] = draft_texts(drafter_for(write_project(tmp_path), engine), ["可靈 2.0 發布了。"])
    assert outcome.text == "Kling 2.0 was released." and not outcome.lost


def test_hypotheses_one_injects_at_once(tmp_path):
    engine = Scripted({"可靈": ["Kling is Kuaishou's video model."]}, {"Kling": "Kling is Kuaishou's video model."})
    drafter = drafter_for(write_project(tmp_path, 'en = { engine = "argos", hypotheses = 1 }'), engine)
    [outcome] = draft_texts(drafter, [KLING])
    assert engine.nbest_calls == [] and len(engine.batch_calls) == 1
    assert f"{TERMS_MARK} 可靈=Kling (injected); 快手=Kuaishou (injected)" in outcome.notes
    assert "hypotheses" not in drafter.provenance


def test_carries_terms_uses_the_glossary_rules(tmp_path):
    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    index = load_glossary(tmp_path / "g.csv", ["en"]).target_index("en")
    kling = [TermNeed(2, "可靈", "Kling")]
    assert carries_terms(index, "Kling is here", kling)
    assert not carries_terms(index, "kling is here", kling)           # a product keeps its case
    assert not carries_terms(index, "Kling, or Keling, is here", kling)   # a forbidden variant beside it
    assert choose_hypothesis([("Keling", 0), ("Kling", 1), ("Kling too", 0)], index, kling) == 2
    assert choose_hypothesis([("Keling", 0)], index, kling) is None


def test_drafts_in_catalogs_record_the_route_stay_valid_and_a_rerun_writes_nothing(tmp_path, gettext_msgfmt):
    root = write_project(tmp_path / "p", sources=(KLING, "這是一部短劇。"))
    config = load_config(root)
    update_project(config)
    engine = Scripted({"可靈": ["Keling is Kuaishou's video model.", "Kling is Kuaishou's video model."],
                       "短劇": ["This is a short play."]}, {"short drama": "This is a short drama."})
    cache = tmp_path / "cache.sqlite3"
    receipt = draft_project(config, ["en"], progress=False, cache_path=cache, engine_factory=lambda _: engine)
    po = root / "locales" / "en" / "doc.po"
    text = po.read_text(encoding="utf-8")
    assert f"# {TERMS_MARK} 可靈=Kling (hypothesis 2); 快手=Kuaishou (hypothesis 2)\n" in text
    assert f"# {TERMS_MARK} 短劇=short drama (injected)\n" in text
    assert "glossary terms from hypotheses 2, injected 1" in receipt.line()
    gettext_msgfmt(po)
    again = draft_project(config, ["en"], progress=False, cache_path=cache, engine_factory=lambda _: engine)
    assert again.files_written == [] and po.read_text(encoding="utf-8") == text
    # A redraft finds every hypothesis and injected output in the MT cache and writes the same drafts.
    calls = (len(engine.nbest_calls), len(engine.batch_calls))
    redraft = draft_project(config, ["en"], redraft=True, progress=False, cache_path=cache,
                            engine_factory=lambda _: engine)
    assert (len(engine.nbest_calls), len(engine.batch_calls)) == calls
    assert redraft.mt_calls == 0 and redraft.cache_hits == 2 and po.read_text(encoding="utf-8") == text


@pytest.fixture
def gettext_msgfmt(tmp_path):
    import shutil
    import subprocess

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext msgfmt not installed")

    def check(po: Path) -> None:
        subprocess.run([msgfmt, "-c", "--use-fuzzy", "-o", str(tmp_path / "out.mo"), str(po)], check=True)
    return check


def test_a_real_model_whose_second_hypothesis_has_the_term(tmp_path):
    """The tiny CTranslate2 model answers "Kuang AI is a video model" first and OPUS_OUTPUT second."""
    model = build_opus_mt_model(tmp_path / "m", output="Kuang AI is a video model", runner_up=OPUS_OUTPUT)
    sources = ("可靈是一個影片模型。",)
    table = f'en = {{ engine = "ctranslate2", model = "{model}", input-locale = "zh_Hans"'
    for hypotheses, expected, route in ((4, OPUS_OUTPUT, "hypothesis 2"), (1, "Kuang AI is a video model", "lost")):
        root = write_project(tmp_path / f"p{hypotheses}", f"{table}, hypotheses = {hypotheses} }}", sources)
        config = load_config(root)
        update_project(config)
        receipt = draft_project(config, ["en"], progress=False, cache_path=tmp_path / f"c{hypotheses}.sqlite3")
        [entry] = [e for e in read_catalog(root / "locales" / "en" / "doc.po").entries if e.msgid == sources[0]]
        assert entry.msgstr == expected and entry.fuzzy
        assert f"{TERMS_MARK} 可靈=Kling ({route})" in entry.translator_comments
        assert receipt.terms_from_hypotheses == (1 if hypotheses > 1 else 0)

"""glossary.csv: loading and validation (each problem names its CSV row), lookups on real article sentences,
forbidden variants, translator hints and the TBX export."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import GlossaryError
from l10n.glossary import (
    Glossary,
    GlossaryProblem,
    Matcher,
    Term,
    export_tbx,
    fold,
    load_glossary,
    validate_glossary,
)

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "glossary.csv"
ARTICLE = REPO / "source" / "kuaishou-ai-kling.md"
LOCALES = ("zh_Hans", "en")
HEADER = "zh_Hant,zh_Hans,en,type,forbidden_zh_Hans,forbidden_en,case_sensitive,note\n"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY, LOCALES)


def write(tmp_path: Path, body: str | bytes, header: str = HEADER) -> Path:
    path = tmp_path / "glossary.csv"
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    path.write_bytes(header.encode("utf-8") + data)
    return path


def small(tmp_path: Path, body: str) -> Glossary:
    return load_glossary(write(tmp_path, body), LOCALES)


def spans(hits) -> list[tuple[str, int, int]]:
    return [(hit.term.source, hit.start, hit.end) for hit in hits]


# --- the repository's glossary ----------------------------------------------------------------------------

def test_repository_glossary_validates_clean() -> None:
    assert validate_glossary(GLOSSARY, LOCALES) == []


def test_every_row_occurs_in_the_article(glossary: Glossary) -> None:
    """The glossary is for this article: a row whose source is not in the text is a misspelt name."""
    text = ARTICLE.read_text(encoding="utf-8")
    matcher = Matcher((term.source, False, term) for term in glossary.terms)
    found = {term.row for _, _, terms in matcher.all_matches(text) for term in terms}
    assert [term.source for term in glossary.terms if term.row not in found] == []


@pytest.mark.parametrize(("source", "zh_hans", "en", "kind"), [
    ("可靈", "可灵", "Kling", "product"),
    ("可靈 AI", "可灵 AI", "Kling AI", "product"),
    ("快手", "快手", "Kuaishou", "company"),
    ("快影", "快影", "Kuaiying", "product"),
    ("小米", "小米", "Xiaomi", "company"),
    ("抖音", "抖音", "Douyin", "company"),
    ("央視", "央视", "CCTV", "company"),
    ("盧偉冰", "卢伟冰", "Lu Weibing", "person"),
    ("周鴻禕", "周鸿祎", "Zhou Hongyi", "person"),
    ("扎克伯格", "扎克伯格", "Zuckerberg", "person"),
    ("威爾史密斯", "威尔·史密斯", "Will Smith", "person"),
    ("義大利麵", "意大利面", "spaghetti", "term"),
    ("人車家全生態", "人车家全生态", "Human x Car x Home ecosystem", "term"),
    ("達摩克利斯之劍", "达摩克利斯之剑", "sword of Damocles", "term"),
    ("大模型", "大模型", "large model", "term"),
    ("微短劇", "微短剧", "micro short drama", "term"),
    ("星球大戰", "星球大战", "Star Wars", "work"),
    ("Veo 2", "Veo 2", "Veo 2", "name"),
    ("Veo-2", "Veo 2", "Veo 2", "product"),
    ("VEO2", "Veo 2", "Veo 2", "product"),
    ("o3-mini-high", "o3-mini-high", "o3-mini-high", "name"),
    ("SU7", "SU7", "SU7", "name"),
])
def test_key_renderings(glossary: Glossary, source: str, zh_hans: str, en: str, kind: str) -> None:
    term = next(term for term in glossary.terms if term.source == source)
    assert (term.renderings["zh_Hans"], term.renderings["en"], term.type) == (zh_hans, en, kind)


def test_every_non_name_has_a_note(glossary: Glossary) -> None:
    plain = {"電商", "財報電話會議", "港股市場", "同比", "研發"}  # self-explanatory renderings
    assert [t.source for t in glossary.terms if not t.note and t.source not in plain] == []


def test_laotie_is_explained_as_slang(glossary: Glossary) -> None:
    term = next(term for term in glossary.terms if term.source == "老鐵")
    assert term.note.startswith("slang:")
    assert "old iron" in term.forbidden["en"]


# --- loading and validation: every problem names its row -------------------------------------------------

BAD = [
    pytest.param("", b"", 1, "the glossary is empty", id="empty-file"),
    pytest.param("zh_Hant,zh_Hans,en,case_sensitive,note\n", "可靈,可灵,Kling,yes,\n", 1,
                 "missing column(s): type", id="missing-type-column"),
    pytest.param(HEADER.replace("note", "note,required"), "同比,同比,year-on-year,term,,,no,,often\n", 2,
                 "required must be yes or no, not 'often'", id="bad-required-flag"),
    pytest.param(HEADER, ",可灵,Kling,product,,,yes,\n", 2, "empty zh_Hant cell", id="empty-source"),
    pytest.param(HEADER, "可靈,可灵,Kling,,,,yes,\n", 2, "empty type cell", id="empty-type"),
    pytest.param(HEADER, "可靈,可灵,Kling,brand,,,yes,\n", 2, "unknown type 'brand'", id="unknown-type"),
    pytest.param(HEADER, "Sora,Sora,Sora,name,,,yes,\nsora,sora,sora,name,,,yes,\n", 3,
                 "duplicate term 'sora' (first on row 2)", id="duplicate-ignoring-case"),
    pytest.param(HEADER, "可靈,可灵,Kling,product,,,maybe,\n", 2, "case_sensitive must be yes or no",
                 id="bad-flag"),
    pytest.param(HEADER, "可靈,可灵,Kling,product,,,yes,note,extra\n", 2, "9 cells but the header has 8",
                 id="extra-cell"),
    pytest.param(HEADER, "可靈,可灵,Kling,product,,,yes,\n".encode() + "快手,快手,Kuaishou,company,,,yes,\n".encode("big5"),
                 3, "not UTF-8", id="not-utf8"),
    pytest.param(HEADER, '可靈,可灵,Kling,product,,,yes,"a note\nover two lines"\n快手,快手,Kuaishou,brand,,,yes,\n',
                 4, "unknown type 'brand'", id="row-after-multiline-cell"),
]


@pytest.mark.parametrize(("header", "body", "row", "message"), BAD)
def test_structural_problems_name_their_row(tmp_path: Path, header: str, body: str | bytes, row: int,
                                            message: str) -> None:
    path = write(tmp_path, body, header)
    problems = validate_glossary(path, LOCALES)
    assert any(p.row == row and message in p.message for p in problems), problems
    with pytest.raises(GlossaryError) as raised:
        load_glossary(path, LOCALES)
    assert raised.value.line == row
    assert str(raised.value).startswith(f"{path}:{row}: ")


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    [problem] = validate_glossary(tmp_path / "nope.csv", LOCALES)
    assert problem.row == 0 and "cannot read" in problem.message
    with pytest.raises(GlossaryError, match="cannot read"):
        load_glossary(tmp_path / "nope.csv", LOCALES)


CONSISTENCY = [
    pytest.param("可靈,可灵,Kling,product,,,yes,\n可靈 AI,可灵 AI,Ke Ling AI,product,,,yes,\n", 3,
                 "'可靈 AI' contains '可靈' (row 2) but its en rendering 'Ke Ling AI' does not contain 'Kling'",
                 id="overlap-conflict"),
    pytest.param("Sora,Sora,OpenAI Sora,name,,,yes,\n", 2, "name 'Sora' must stay unchanged in en",
                 id="name-changed"),
    pytest.param("可靈,可灵,Kling,product,,,yes,\n快影,快影,Kuaiying,product,,Kling,yes,\n", 3,
                 "forbidden en variant 'Kling' is the rendering on row 2", id="forbidden-is-a-rendering"),
    pytest.param("影片,视频,video,term,,Video,no,\n", 2,
                 "forbidden en variant 'Video' equals its own rendering ignoring case", id="forbidden-case-clash"),
]


@pytest.mark.parametrize(("body", "row", "message"), CONSISTENCY)
def test_consistency_problems_name_their_row(tmp_path: Path, body: str, row: int, message: str) -> None:
    path = write(tmp_path, body)
    [problem] = validate_glossary(path, LOCALES)
    assert isinstance(problem, GlossaryProblem)
    assert problem.row == row and message in problem.message, problem
    load_glossary(path, LOCALES)  # consistency problems warn; they do not stop a draft


def test_overlap_that_keeps_the_shorter_rendering_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "可靈,可灵,Kling,product,,,yes,\n可靈 AI,可灵 AI,Kling AI,product,,,yes,\n")
    assert validate_glossary(path, LOCALES) == []


def test_bom_blank_lines_and_empty_name_cells(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode() + b"\n\nSora,,,name,,,,\n")
    [term] = load_glossary(path, LOCALES).terms
    assert (term.row, term.renderings, term.case_sensitive) == (4, {"zh_Hans": "Sora", "en": "Sora"}, True)


def test_short_rows_and_whitespace_cells_read_as_empty_cells(tmp_path: Path) -> None:
    """A row shorter than the header, whitespace-only cells and trailing empty cells beyond the header."""
    path = write(tmp_path, "Sora, , \t,name\n  ,\t\n快手,快手,Kuaishou ; Kwai;,company,,,,,, ,\n")
    sora, kuaishou = load_glossary(path, LOCALES).terms
    assert (sora.row, sora.renderings, sora.forbidden, sora.note) == (2, {"zh_Hans": "Sora", "en": "Sora"},
                                                                     {"zh_Hans": (), "en": ()}, "")
    assert (kuaishou.row, kuaishou.accepted_in("en")) == (4, ("Kuaishou", "Kwai"))


@given(st.text(st.sampled_from(" ;\ta快"), max_size=8))
def test_a_cell_without_separators_splits_as_one_with_them(cell: str) -> None:
    from l10n.glossary import _split

    assert _split(cell) == tuple(dict.fromkeys(part.strip() for part in cell.split(";") if part.strip()))


def test_locales_may_be_written_with_a_hyphen(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, "可靈,可灵,Kling,product,,,yes,\n"), ["zh-Hans", "en"])
    assert glossary.locales == ("zh_Hans", "en")
    assert spans(glossary.find_rendering("快手可灵", "zh-Hans")) == [("可靈", 2, 4)]


# --- source-side hits on real article sentences -----------------------------------------------------------

def test_longest_term_wins(glossary: Glossary) -> None:
    sentence = "快手可靈 AI 的出現,正在以史無前例的速度,用 AI 全面滲透商業矩陣的每一個角落。"
    assert spans(glossary.find(sentence)) == [("快手", 0, 2), ("可靈 AI", 2, 7)]
    assert spans(glossary.find("剛出世的可靈,就已經在當時的全網熱潮中脫穎而出")) == [("可靈", 4, 6)]


def test_caption_with_handle(glossary: Glossary) -> None:
    sentence = "可靈AI製作,來源:X 網友 @BennettWaisbren"
    assert spans(glossary.find(sentence)) == [
        ("可靈AI", 0, 4), ("來源", 7, 9), ("X", 10, 11), ("@BennettWaisbren", 15, 31)]


def test_latin_edges(glossary: Glossary) -> None:
    # A letter/digit change is an edge: 可靈 AI is found in 可靈 AI1.6, Veo 2 rather than Veo.
    assert spans(glossary.find("年底,可靈 AI1.6、Google Veo 2 釋出了。")) == [
        ("可靈 AI", 3, 8), ("Google", 12, 18), ("Veo 2", 19, 24)]
    # The doubled @ of the article still finds the handle; a term never matches inside a longer word.
    assert spans(glossary.find("來源:X 網友 @@rohanpaul_ai")) == [
        ("來源", 0, 2), ("X", 3, 4), ("@rohanpaul_ai", 9, 22)]
    assert glossary.find("SU70 and VFXs and XL") == []


def test_source_side_ignores_case(glossary: Glossary) -> None:
    sentence = "kling 1.6 用於影片…..」 Hailuo (Minimax)"
    assert [(hit.term.source, sentence[hit.start:hit.end]) for hit in glossary.find(sentence)] == [
        ("Kling 1.6", "kling 1.6"), ("影片", "影片"), ("Hailuo", "Hailuo"), ("MiniMax", "Minimax")]


def test_byte_matches_across_characters_are_dropped() -> None:
    """The automaton runs over UTF-16 bytes: 一愀扐 is 4E 00 61 00 62 50, which holds "ab" (00 61 00 62)."""
    assert "一愀扐".encode("utf-16-be")[1:5] == "ab".encode("utf-16-be")
    assert Matcher([("ab", False, "ab")]).matches("一愀扐") == []
    assert Matcher([("ab", False, "ab")]).matches("一ab") == [(1, 3, ("ab",))]


def test_characters_beyond_the_bmp_keep_offsets_right(glossary: Glossary) -> None:
    text = "😀快手🎬可靈 AI"
    assert spans(glossary.find(text)) == [("快手", 1, 3), ("可靈 AI", 4, 9)]
    assert text[4:9] == "可靈 AI"


# --- target side ------------------------------------------------------------------------------------------

def test_rendering_hits_with_shared_renderings(glossary: Glossary) -> None:
    text = "Kuaishou's Kling AI beat Veo 2."
    hits = glossary.find_rendering(text, "en")
    assert sorted({(text[h.start:h.end], h.term.source) for h in hits}) == [
        ("Kling AI", "可靈 AI"), ("Kling AI", "可靈AI"), ("Kuaishou", "快手"),
        ("Veo 2", "VEO2"), ("Veo 2", "Veo 2"), ("Veo 2", "Veo-2")]


def test_rendering_case_rules_and_inflections(glossary: Glossary) -> None:
    # Names are case-sensitive; common nouns are not and may be inflected.
    assert glossary.find_rendering("KLING AI and kling ai", "en") == []
    text = "Videos empowered by large models"
    assert sorted(text[h.start:h.end] for h in glossary.find_rendering(text, "en")) == [
        "Video", "empower", "large model"]


def test_rendering_hits_in_zh_hans(glossary: Glossary) -> None:
    assert spans(glossary.find_rendering("快手可灵 AI 的出现,威尔·史密斯吃意大利面", "zh_Hans")) == [
        ("快手", 0, 2), ("可靈 AI", 2, 7), ("威爾史密斯", 12, 18), ("義大利麵", 19, 23)]


def test_forbidden_variants(glossary: Glossary) -> None:
    text = "Keling AI thrilled the old iron fans; VEO2 and Minimax lag, MiniMax too."
    assert sorted((text[h.start:h.end], h.term.source) for h in glossary.find_forbidden(text, "en")) == [
        ("Keling AI", "可靈 AI"), ("Keling AI", "可靈AI"), ("Minimax", "MiniMax"),
        ("VEO2", "Veo 2"), ("old iron", "老鐵")]
    assert spans(glossary.find_forbidden("周鸿袆和威尔史密斯,不是威尔·史密斯", "zh_Hans")) == [
        ("周鴻禕", 0, 3), ("威爾史密斯", 4, 9)]


def test_forbidden_variant_inside_an_allowed_rendering_is_not_reported(tmp_path: Path) -> None:
    glossary = small(tmp_path, "人工智慧,人工智能,artificial intelligence,term,,,no,\n"
                               "智慧,智能,smart,term,,intelligence,no,\n")
    assert glossary.find_forbidden("artificial intelligence", "en") == []
    assert spans(glossary.find_forbidden("intelligence", "en")) == [("智慧", 0, 12)]


def test_unknown_locale_is_a_key_error(glossary: Glossary) -> None:
    with pytest.raises(KeyError, match="ja"):
        glossary.find_rendering("x", "ja")


# --- hints ------------------------------------------------------------------------------------------------

def test_hint_format(tmp_path: Path) -> None:
    glossary = small(tmp_path, "可靈,可灵,Kling,product,,,yes,Official brand. More.\n"
                               "老鐵,老铁,laotie,term,,,no,slang: 'bro'. Keep the pinyin.\n"
                               "Sora,Sora,Sora,name,,,yes,OpenAI's video model.\n")
    line = "可靈和 Sora 讓老鐵驚呼,可靈"
    assert glossary.hint(line, "en") == "glossary: 可靈 = Kling; 老鐵 = laotie (slang: 'bro')"
    assert glossary.hint(line, "zh_Hans") == "glossary: 可靈 = 可灵; 老鐵 = 老铁 (slang: 'bro')"
    assert glossary.hint("Sora 還沒有完成徹底的商業化", "en") is None
    assert glossary.hint("沒有術語", "en") is None


def test_hint_from_hits_found_once_is_the_same_for_every_locale(glossary: Glossary) -> None:
    line = "「土味」「老鐵」等標籤曾經牢牢焊死在快手的身上,可靈和 Sora"
    hits = glossary.find(line)
    for locale in ("en", "zh_Hans"):
        assert glossary.hint(line, locale, hits) == glossary.hint(line, locale) is not None


def test_template_hints_are_the_glossarys_per_locale_and_each_call_owns_its_list(project: Path) -> None:
    from l10n.config import load_config
    from l10n.glossary_hints import template_hints

    config = load_config(project)
    hints = template_hints(config)
    glossary = load_glossary(config.glossary, list(config.target_locales))
    line = "「土味」「老鐵」等標籤曾經牢牢焊死在快手的身上"
    first = hints(line)
    expected = {glossary.hint(line, locale).removeprefix("glossary: ") for locale in config.target_locales}
    assert {text.split(": ", 1)[1] for text in first} == expected
    first.append("changed by a caller")
    assert hints(line) == first[:-1]
    assert hints("沒有術語") == []


def test_the_template_the_merge_and_checks_expectation_add_the_same_hints_after_the_comments(project: Path) -> None:
    from l10n.catalog import build_template, merge
    from l10n.check import _expected
    from l10n.config import load_config
    from l10n.glossary_hints import template_hints, with_hints
    from l10n.segment import segment_document, segment_options
    from l10n.source import require_documents

    config = load_config(project)
    hints = template_hints(config)
    document = require_documents(config.source_dir)[0]
    segments = segment_document(document.text, config.segmentation, segment_options(config))
    plain = build_template(document.name, config.rel(document.path), segments, config.project_id, "", None)
    hinted = build_template(document.name, config.rel(document.path), segments, config.project_id, "", hints)
    expected = [with_hints(e.extracted_comments, e.msgid, hints) for e in plain.entries]
    assert any(len(comments) > 1 for comments in expected)   # the article has glossary terms
    assert [e.extracted_comments for e in hinted.entries] == expected
    merged, _ = merge(None, plain, "en", "", hints)
    assert [e.extracted_comments for e in merged.entries] == expected
    assert [list(row[3]) for row in _expected(config, document, hints).entries] == expected
    assert with_hints(["paragraph"], "可靈", None) == ["paragraph"]
    assert with_hints(["paragraph"], "可靈", lambda msgid: [f"glossary: {msgid}"]) == ["paragraph", "glossary: 可靈"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), max_size=5), min_size=1, max_size=12),
       st.sampled_from([("en",), ("en", "zh_Hans"), ("zh_Hans", "en")]))
def test_msgids_holding_the_same_terms_share_lines_that_are_each_msgids_own(glossary: Glossary, picks,
                                                                             locales) -> None:
    """The lines are remembered per combination of terms (in order): each msgid still gets exactly what a
    hints function that never saw another msgid gives it."""
    from l10n.glossary_hints import glossary_hints

    sources = [term.source for term in glossary.terms]
    texts = ["，然後".join(sources[i % len(sources)] for i in pick) + f"(第 {n} 句)。" for n, pick in enumerate(picks)]
    texts += [text.replace("(第", "(又第") for text in texts]   # the same terms in other msgids
    texts += ["，然後".join(sources[i % len(sources)] for i in reversed(pick)) + "。" for pick in picks]   # ... in another order
    shared = glossary_hints(glossary, locales)
    assert [shared(text) for text in texts] == [glossary_hints(glossary, locales)(text) for text in texts]


def test_hint_on_an_article_line(glossary: Glossary) -> None:
    hint = glossary.hint("「土味」「超級下沉市場」「老鐵」等標籤曾經牢牢焊死在快手的身上,但 AI 將轉換快手的時空。", "en")
    assert hint == ("glossary: 土味 = rustic (slang: unpolished small-town kitsch); "
                    "超級下沉市場 = super lower-tier market (the very bottom of the lower-tier markets); "
                    "老鐵 = laotie (slang: 'bro', a close buddy); 快手 = Kuaishou")


# --- TBX --------------------------------------------------------------------------------------------------

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_tbx_is_well_formed_and_holds_every_term(glossary: Glossary) -> None:
    tbx = export_tbx(glossary)
    assert tbx.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif ')
    root = ET.fromstring(tbx.encode("utf-8"))
    assert (root.tag, root.get("type"), root.get(XML_LANG)) == ("martif", "TBX-Basic", "zh-Hant")
    entries = root.findall("./text/body/termEntry")
    assert len(entries) == len(glossary.terms)
    for term, entry in zip(glossary.terms, entries, strict=True):
        assert entry.get("id") == f"glossary-row-{term.row}"
        langs = {lang_set.get(XML_LANG): lang_set for lang_set in entry.findall("langSet")}
        assert set(langs) == {"zh-Hant", "zh-Hans", "en"}
        assert langs["zh-Hant"].findtext("tig/term") == term.source
        for column, language in (("zh_Hans", "zh-Hans"), ("en", "en")):
            tigs = langs[language].findall("tig")
            assert tigs[0].findtext("term") == term.renderings[column]
            assert tigs[0].find("termNote") is None
            assert [tig.findtext("term") for tig in tigs[1:]] == list(term.forbidden[column])
            assert all(tig.findtext("termNote[@type='administrativeStatus']") == "forbidden" for tig in tigs[1:])
        assert entry.findtext("descrip[@type='definition']") == (term.note or None)
        assert (entry.findtext("descrip[@type='Translation needed']") == "No") == (term.type == "name")


def test_tbx_escapes_markup(tmp_path: Path) -> None:
    glossary = small(tmp_path, '研發,研发,R&D,term,,<b>,no,"a ""quoted"" <note> & more"\n')
    root = ET.fromstring(export_tbx(glossary, source_locale="zh-TW"))
    entry = root.find("./text/body/termEntry")
    assert root.get(XML_LANG) == "zh-TW"
    assert [t.text for t in entry.iter("term")] == ["研發", "研发", "R&D", "<b>"]
    assert entry.findtext("descrip") == 'a "quoted" <note> & more'


# --- the matcher against a reference ----------------------------------------------------------------------

def _reference(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Leftmost-longest by brute force, with the same Latin-edge rule."""
    def word(char: str) -> int:
        return 1 if re.fullmatch(r"[A-Za-z_]", char) else 2 if re.fullmatch(r"[0-9]", char) else 0

    found, position = [], 0
    folded = fold(text)
    while position < len(text):
        best = None
        for needle in needles:
            end = position + len(needle)
            if folded.startswith(fold(needle), position) and (
                    position == 0 or not word(needle[0]) or word(text[position - 1]) != word(needle[0])) and (
                    end == len(text) or not word(needle[-1]) or word(text[end]) != word(needle[-1])):
                best = max(best or 0, end)
        if best:
            found.append((position, best))
            position = best
        else:
            position += 1
    return found


ALPHABET = st.sampled_from(list("可靈快手aA1 _😀"))


@given(st.lists(st.text(ALPHABET, min_size=1, max_size=4).filter(str.strip), min_size=1, max_size=6),
       st.text(ALPHABET, max_size=30))
def test_matcher_is_leftmost_longest(needles: list[str], text: str) -> None:
    matcher = Matcher((needle, False, needle) for needle in needles)
    assert [(start, end) for start, end, _ in matcher.matches(text)] == _reference(text, needles)


def test_term_is_hashable(glossary: Glossary) -> None:
    hits = glossary.find("快手可靈 AI 快手")
    assert len({hit.term for hit in hits}) == 2
    assert isinstance(hits[0].term, Term)


# --- the matcher's fast paths -----------------------------------------------------------------------------

@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
       | st.text(st.sampled_from(list("aZ_9 İıſK快手😀\udc80")), max_size=20))
def test_fold_lowers_ascii_letters_only(text: str) -> None:
    assert fold(text) == re.sub(r"[A-Z]", lambda match: match.group().lower(), text)


CASE_ALPHABET = st.sampled_from(list("kKlLiIngG 快手😀"))


@given(st.lists(st.tuples(st.text(CASE_ALPHABET, min_size=1, max_size=4).filter(str.strip), st.booleans()),
                min_size=1, max_size=6),
       st.text(CASE_ALPHABET, max_size=24))
def test_exact_needles_match_only_in_their_case(needles: list[tuple[str, bool]], text: str) -> None:
    """One exact needle on a key is checked alone, several together; both as the plain definition says."""
    matcher = Matcher((needle, exact, index) for index, (needle, exact) in enumerate(needles))
    found = matcher.find_all(text)
    assert list(matcher.all_matches(text)) == found
    for start, end, payloads in found:
        assert payloads and all(fold(text[start:end]) == fold(needles[index][0]) for index in payloads)
        assert all(text.startswith(needles[index][0], start) for index in payloads if needles[index][1])
    reported = {(start, index) for start, _, payloads in found for index in payloads}
    for index, (needle, exact) in enumerate(needles):
        for start in range(len(text)):
            if text.startswith(needle, start) and (start, index) not in reported:
                edge = (start and needle[0].isascii() and needle[0].isalnum() and text[start - 1].isascii()
                        and text[start - 1].isalnum())
                after = start + len(needle)
                edge = edge or (after < len(text) and needle[-1].isascii() and needle[-1].isalnum()
                                and text[after].isascii() and text[after].isalnum())
                assert edge, (needle, start)   # only a Latin edge may hide an exact occurrence


@given(st.lists(st.tuples(st.text(CASE_ALPHABET, max_size=4), st.booleans()), max_size=6),
       st.text(CASE_ALPHABET, max_size=24))
def test_a_matcher_of_folded_needles_is_the_matcher_of_the_needles(needles: list[tuple[str, bool]], text: str) -> None:
    """Matcher.of_folded takes each needle's fold from its caller; the matcher is the one the needles make."""
    plain = Matcher((needle, exact, index) for index, (needle, exact) in enumerate(needles))
    folded = Matcher.of_folded((fold(needle), needle, exact, index) for index, (needle, exact) in enumerate(needles))
    assert folded._values == plain._values and list(folded._values) == list(plain._values)
    assert folded.find_all(text) == plain.find_all(text)
    assert plain.ready() is plain and not plain._unbuilt


PROBE_ALPHABET = st.sampled_from(list("kKiIng7_ -快手😀") + ["s", "ed", "ing", "Kling", "kling"])
PROBE_TEXT = st.lists(PROBE_ALPHABET, max_size=6).map("".join).filter(str.strip).map(str.strip)


@st.composite
def probe_terms(draw) -> list[Term]:
    """Rows of every type sharing a few short Latin, digit and CJK spellings (case, edges, endings, hyphen
    variants, one row's rendering another's forbidden variant)."""
    terms = []
    for row in range(2, 2 + draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["term", "name", "product", "keep"]))
        renderings = tuple(dict.fromkeys(draw(st.lists(PROBE_TEXT, min_size=1, max_size=2))))
        forbidden = tuple(dict.fromkeys(draw(st.lists(PROBE_TEXT, max_size=2))))
        terms.append(Term(row=row, source=f"源{row}", renderings={"en": renderings[0]}, type=kind,
                          forbidden={"en": forbidden}, case_sensitive=draw(st.booleans()), note="",
                          accepted={"en": renderings}, required=True, inflect=draw(st.booleans())))
    return terms


@settings(max_examples=300)
@given(probe_terms(), st.lists(PROBE_ALPHABET, max_size=12).map("".join))
def test_a_rendering_probe_finds_what_the_automaton_finds(terms: list[Term], text: str) -> None:
    """A probe says a rendering is there exactly when find_all has a match with a payload of its key that
    accepts() the ending; with no danger string in the text, no match of its forms or variants is forbidden."""
    from l10n.glossary import accepts, target_index

    index = target_index(terms, "en")
    folded = fold(text)
    every = index.matcher.find_all(text)
    for key in set(index.accepted) | set(index.forbidden) | {"zz"}:
        probe = index.probe(key)
        assert index.probe(key) is probe
        assert probe.found(text, folded) == any(
            not is_forbidden and payload_key == key and accepts(term, text, end)
            for _, end, payloads in every for term, is_forbidden, payload_key in payloads)
        assert probe.holds(text, folded) == (None if probe.endangered(text, folded) else probe.found(text, folded))
        if probe.anywhere is not None:   # the shortcut for one form found anywhere: only without danger
            assert not probe.danger and probe.forms[0][1:3] == (probe.anywhere, True)
        if probe.simple is not None:
            assert probe.simply_found(text, folded) == probe.found(text, folded)
        if not probe.endangered(text, folded):
            forms = set(index.accepted.get(key, ())) | set(index.forbidden.get(key, ()))
            assert not any(is_forbidden for start, end, payloads in every if folded[start:end] in forms
                           for _, is_forbidden, _ in payloads)


# --- optional locale columns (a new target locale never blocks) --------------------------------------------

def test_columns_saying_the_same_share_one_target_index(tmp_path: Path) -> None:
    header = "zh_Hant,zh_Hans,en,en_GB,type,forbidden_en,forbidden_en_GB,case_sensitive,note\n"
    same = write(tmp_path, "可靈,可灵,Kling,Kling,product,Keling,Keling,yes,\n", header)
    glossary = load_glossary(same, ["zh_Hans", "en", "en_GB"])
    assert glossary.target_index("en_GB") is glossary.target_index("en")
    assert glossary.target_index("zh_Hans") is not glossary.target_index("en")
    other = write(tmp_path, "可靈,可灵,Kling,Kling,product,Keling,Ke Ling,yes,\n", header)
    glossary = load_glossary(other, ["zh_Hans", "en", "en_GB"])
    assert glossary.target_index("en_GB") is not glossary.target_index("en")
    assert [hit.term.row for hit in glossary.find_forbidden("Ke Ling", "en_GB")] == [2]
    assert glossary.find_forbidden("Ke Ling", "en") == []


@pytest.mark.parametrize("en_gb", ["Kling", "Kling AI"])
def test_hints_of_locales_whose_columns_say_the_same_are_asked_once_and_are_each_locales_own(
        tmp_path: Path, en_gb: str) -> None:
    """glossary_hints asks the hint of the first locale with a column's signature for the others (en_GB
    copied from en): the lines are those of each locale's own hint."""
    from l10n.glossary_hints import glossary_hints

    header = "zh_Hant,zh_Hans,en,en_GB,type,forbidden_en,forbidden_en_GB,case_sensitive,note\n"
    path = write(tmp_path, f"可靈,可灵,Kling,{en_gb},product,Keling,Keling,yes,\n快手,快手,Kuaishou,Kuaishou,company,,,yes,\n",
                 header)
    locales = ["en", "zh_Hans", "en_GB"]
    glossary = load_glossary(path, locales)
    text = "可靈是快手的"
    by_text: dict[str, list[str]] = {}
    for locale in locales:
        by_text.setdefault(glossary.hint(text, locale).removeprefix("glossary: "), []).append(locale)
    expected = [f"glossary ({', '.join(names)}): {hint}" for hint, names in by_text.items()]
    assert glossary_hints(glossary, locales)(text) == expected
    assert len(expected) == (2 if en_gb == "Kling" else 3)


def test_a_missing_locale_column_is_a_counted_warning_not_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "可靈,可灵,Kling,product,,,yes,\n快手,快手,Kuaishou,company,,,yes,\n")
    glossary = load_glossary(path, ["zh_Hans", "en", "ja"])
    assert glossary.hint("快手的可靈", "ja") is None
    assert glossary.find_rendering("クリング", "ja") == []
    [warning] = validate_glossary(path, ["zh_Hans", "en", "ja"])
    assert (warning.row, warning.severity) == (0, "warning")
    assert warning.message.startswith("ja: 2 of 2 rows have no rendering (rows 2, 3)")


def test_an_empty_cell_means_no_fixed_rendering_there(tmp_path: Path) -> None:
    path = write(tmp_path, "可靈,可灵,Kling,product,,,yes,\n快手,快手,,company,,,yes,\n")
    glossary = load_glossary(path, LOCALES)
    kuaishou = glossary.terms[1]
    assert kuaishou.renderings == {"zh_Hans": "快手"} and kuaishou.accepted_in("en") == ()
    assert glossary.hint("快手", "en") is None
    [warning] = validate_glossary(path, LOCALES)
    assert warning.severity == "warning" and warning.message.startswith("en: 1 of 2 rows")


# --- strictness, accepted renderings, tolerant matching ---------------------------------------------------

def test_types_give_strictness_and_rows_may_override(tmp_path: Path) -> None:
    header = HEADER.replace("note", "note,required,inflect")
    glossary = load_glossary(write(tmp_path, "可靈,可灵,Kling,product,,,,,,\n同比,同比,year-on-year,term,,,,,,\n"
                                             "研發,研发,R&D,term,,,,,yes,no\n", header), LOCALES)
    kling, yoy, rnd = glossary.terms
    assert (kling.required, kling.case_sensitive, kling.inflect) == (True, True, False)
    assert (yoy.required, yoy.case_sensitive, yoy.inflect) == (False, False, True)
    assert (rnd.required, rnd.inflect) == (True, False)


def test_several_accepted_renderings_the_first_preferred(tmp_path: Path) -> None:
    glossary = small(tmp_path, "同比,同比,year-on-year; year over year,term,,,,\n")
    [term] = glossary.terms
    assert term.renderings["en"] == "year-on-year"
    assert term.accepted_in("en") == ("year-on-year", "year over year")
    assert glossary.hint("同比增長", "en") == "glossary: 同比 = year-on-year / year over year"
    assert spans(glossary.find_rendering("up 3% year over year", "en")) == [("同比", 6, 20)]


@pytest.mark.parametrize("written", ["year-on-year", "year on year", "Year-On-Year", "year\u2013on\u2013year",
                                     "year-on year", "year\u2011on\u2011year"])
def test_terms_tolerate_case_and_hyphen_space_dash_variants(tmp_path: Path, written: str) -> None:
    glossary = small(tmp_path, "同比,同比,year-on-year,term,,,,\n")
    assert [hit.term.source for hit in glossary.find_rendering(f"revenue rose 9% {written}.", "en")] == ["同比"]


def test_names_are_verbatim_no_dash_or_case_tolerance(tmp_path: Path) -> None:
    glossary = small(tmp_path, "o3-mini-high,o3-mini-high,o3-mini-high,name,,,,\n")
    assert glossary.find_rendering("o3 mini high", "en") == []
    assert glossary.find_rendering("O3-mini-high", "en") == []
    assert len(glossary.find_rendering("o3-mini-high's answer", "en")) == 1   # possessive is fine


def test_a_forbidden_spelling_is_never_tolerated_as_a_dash_variant(glossary: Glossary) -> None:
    """Veo-2 (a product row normalised to "Veo 2") must not accept "Veo-2", which the Veo 2 row forbids."""
    assert spans(glossary.find_forbidden("Google Veo-2", "en")) == [("Veo 2", 7, 12)]
    assert spans(glossary.find_rendering("Google Veo-2", "en")) == [("Google", 0, 6)]


def test_inflection_only_where_the_row_allows_it(tmp_path: Path) -> None:
    glossary = small(tmp_path, "影片,视频,video,term,,,,\n可靈,可灵,Kling,product,,,,\n")
    assert [hit.term.source for hit in glossary.find_rendering("two videos", "en")] == ["影片"]
    assert glossary.find_rendering("the Klings", "en") == []
    assert [hit.term.source for hit in glossary.find_rendering("Kling's videos", "en")] == ["可靈", "影片"]


def test_keep_rows_require_the_source_verbatim(tmp_path: Path) -> None:
    glossary = small(tmp_path, "AIGC,,,keep,,,,\n")
    [term] = glossary.terms
    assert term.renderings == {"zh_Hans": "AIGC", "en": "AIGC"} and term.required and term.verbatim
    [problem] = validate_glossary(write(tmp_path, "GMV,GMV,gross merchandise value,keep,,,,\n"), LOCALES)
    assert "keep 'GMV' must stay unchanged in en" in problem.message


@settings(max_examples=300)
@given(probe_terms(), st.lists(PROBE_ALPHABET, max_size=12).map("".join))
def test_a_row_wants_its_preferred_rendering_and_that_renderings_probe(terms: list[Term], text: str) -> None:
    """TargetIndex.wanted: the row's term, preferred rendering, its key and probe; each built once."""
    from l10n.glossary import target_index

    index = target_index(terms, "en")
    for term in terms:
        want = index.wanted(term.row)
        assert want == (term, term.renderings["en"], fold(term.renderings["en"]), index.probe(fold(term.renderings["en"])))
        assert index.wanted(term.row) is want and index.wants[term.row] is want
    assert index.wanted(1) is None and index.wants[1] is None

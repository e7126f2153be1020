"""Each content check with a passing and a failing case from the article (source sentence and its English or
zh-Hans translation), plus the properties the checks rely on."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.check import REGISTRY, Message
from l10n.check.checks import (bracket_problems, check_brackets, check_glossary, check_halfwidth_punctuation,
                               check_leftover_cjk, check_numbers, check_tokens, check_traditional,
                               check_whitespace, traditional_characters)
from l10n.glossary import Glossary, load_glossary

# Rows as in the project's glossary.csv, so these tests do not move when that file grows.
GLOSSARY_CSV = """zh_Hant,zh_Hans,en,type,forbidden_zh_Hans,forbidden_en,case_sensitive,note
可靈,可灵,Kling,product,,Keling; Ke Ling,yes,
可靈 AI,可灵 AI,Kling AI,product,,Keling AI; Ke Ling AI,yes,
可靈 1.6,可灵 1.6,Kling 1.6,product,,Keling 1.6,yes,
快手,快手,Kuaishou,company,,Kwai; Kuai Shou; Quick Hand,yes,
小米,小米,Xiaomi,company,,Millet,yes,
影片,视频,video,term,影片,,no,
短影片,短视频,short video,term,短影片,,no,
土味,土味,rustic,term,,soil flavor; soil taste,no,
老鐵 666,老铁 666,laotie 666,term,,old iron 666,no,
賦能,赋能,empower,term,,,no,
接地氣,接地气,down-to-earth,term,,,no,
研發,研发,R&D,term,,,no,
同比,同比,year-on-year,term,,,no,
威爾史密斯義大利麵挑戰,威尔·史密斯意大利面挑战,Will Smith spaghetti challenge,term,威尔史密斯意大利面挑战,,no,
Sora,Sora,Sora,name,,,yes,
Google,Google,Google,name,,,yes,
Veo 2,Veo 2,Veo 2,name,Veo-2; VEO2,Veo-2; VEO2,yes,
Veo-2,Veo 2,Veo 2,product,,,yes,
SU7,SU7,SU7,name,,,yes,
X,X,X,name,,,yes,
@brain_racked,@brain_racked,@brain_racked,name,,,yes,
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory) -> Glossary:
    path = Path(tmp_path_factory.mktemp("glossary")) / "glossary.csv"
    path.write_text(GLOSSARY_CSV, encoding="utf-8")
    return load_glossary(path, ["zh_Hans", "en"])


def messages(check, source: str, translation: str, locale: str = "en", glossary: Glossary | None = None):
    return [problem.message for problem in check(Message.of(source, translation, locale, glossary))]


# --- glossary --------------------------------------------------------------------------------------------

ARRIVAL = "快手可靈 AI 的出現,正在以史無前例的速度,用 AI 全面滲透商業矩陣的每一個角落。"
ARRIVAL_EN = ("With the arrival of Kuaishou’s Kling AI, AI is permeating every corner of the company’s business "
              "portfolio at unprecedented speed.")


def test_glossary_passes_the_article_translation(glossary):
    assert messages(check_glossary, ARRIVAL, ARRIVAL_EN, glossary=glossary) == []


def test_glossary_reports_the_forbidden_pinyin_spelling_as_found(glossary):
    keling = ARRIVAL_EN.replace("Kling AI", "Keling AI")
    assert messages(check_glossary, ARRIVAL, keling, glossary=glossary) == [
        '可靈 AI: expected "Kling AI", found "Keling AI"']


def test_glossary_reports_a_missing_rendering(glossary):
    assert messages(check_glossary, ARRIVAL, ARRIVAL_EN.replace("Kuaishou’s ", ""), glossary=glossary) == [
        '快手: expected "Kuaishou", not found']


def test_a_rendering_inside_a_longer_rendering_counts(glossary):
    # 可靈 alone in the source, "Kling AI" in the translation: "Kling" is there.
    assert messages(check_glossary, "可靈的迭代迅速加快。", "Kling AI iterated faster.", glossary=glossary) == []


def test_a_forbidden_variant_beside_the_right_rendering_is_still_an_error(glossary):
    assert messages(check_glossary, "可靈的迭代迅速加快。", "Kling (Keling) iterated faster.",
                    glossary=glossary) == ['可靈: forbidden variant "Keling" (the glossary says "Kling")']


def test_names_must_appear_unchanged(glossary):
    source = "但無奈於 OpenAI 的名頭太響,Sora 的釋出即便懸而未決,也牽扯著全球範圍內無數人的心。"
    good = ("But OpenAI’s name carries such weight that Sora, though its release was still pending, gripped "
            "countless people.")
    assert messages(check_glossary, source, good, glossary=glossary) == []
    assert messages(check_glossary, source, good.replace("Sora", "SORA"), glossary=glossary) == [
        'Sora: name must appear unchanged as "Sora", found "SORA"']


def test_a_spelling_variant_is_normalised_and_the_old_spelling_is_reported(glossary):
    source = "Google Veo-2 和可靈 AI 1.6 成了無可辯駁的雙王。"
    assert messages(check_glossary, source, "Google Veo 2 and Kling AI 1.6 became the undisputed twin kings.",
                    glossary=glossary) == []
    assert messages(check_glossary, source, "Google Veo-2 and Kling AI 1.6 became the undisputed twin kings.",
                    glossary=glossary) == ['Veo-2: expected "Veo 2", found "Veo-2"']


def severities(source: str, translation: str, glossary: Glossary, locale: str = "en"):
    return [(problem.severity, problem.message)
            for problem in check_glossary(Message.of(source, translation, locale, glossary))]


def test_a_hyphen_variant_of_a_term_is_no_finding(glossary):
    """The issue's false alarm: 同比 = year-on-year, written "year on year"."""
    assert severities("營收同比增長 25.9%。", "Revenue was up 25.9% year on year.", glossary) == []


def test_a_preferred_term_missing_is_a_warning_a_required_name_an_error(glossary):
    source = "快手賦能商家。"
    assert severities(source, "Kuaishou helps merchants grow.", glossary) == [
        ("warning", '賦能: preferred "empower" not found')]
    assert severities(source, "The platform empowers merchants.", glossary) == [
        (None, '快手: expected "Kuaishou", not found')]


def test_a_forbidden_variant_of_an_ordinary_term_is_an_error(glossary):
    assert severities("土味影片", "soil flavor videos", glossary) == [
        (None, '土味: expected "rustic", found "soil flavor"')]


def test_names_keep_their_case_but_terms_do_not(glossary):
    assert severities("快手的影片", "Kuaishou's Video", glossary) == []
    assert severities("快手的影片", "KUAISHOU's video", glossary) == [
        (None, '快手: expected "Kuaishou", not found')]


def test_glossary_in_zh_hans(glossary):
    assert messages(check_glossary, "這是一家短影片公司?", "这是一家短视频公司？", "zh_Hans", glossary) == []
    assert messages(check_glossary, "這是一家短影片公司?", "这是一家短影片公司？", "zh_Hans", glossary) == [
        '短影片: expected "短视频", found "短影片"']


def test_english_inflections_of_a_term_count(glossary):
    source = "「土味」「接地氣」「老鐵 666」這些以往的快手的標籤,正一一被 AI 賦能,成了快手新的科技明信片。"
    translation = ("The labels that used to define Kuaishou — “rustic”, “down-to-earth”, “laotie 666” — are one "
                   "by one being empowered by AI and turned into Kuaishou’s new calling cards.")
    assert messages(check_glossary, source, translation, glossary=glossary) == []


# --- numbers -----------------------------------------------------------------------------------------------

RND = "2024 年研發投入 241 億元,同比大增 25.9%,無疑給所有小米信徒打了一針強心劑。"
RND_EN = ("Its R&D spending in 2024 reached 24.1 billion yuan, a hefty 25.9% increase year-on-year — a real shot "
          "in the arm for Xiaomi’s faithful.")


def test_numbers_understand_yi():
    assert messages(check_numbers, RND, RND_EN) == []


def test_241_billion_for_241_yi_is_an_error():
    problems = list(check_numbers(Message.of(RND, RND_EN.replace("24.1 billion", "241 billion"), "en")))
    assert [(p.severity, p.message) for p in problems] == [
        ("error", "241 億 = 24,100,000,000: not found in translation (found 241 billion)")]


def test_numbers_in_zh_hans_keep_the_chinese_units():
    source = "電商業務同樣表現亮眼,24 年 GMV 達 1.39 萬億元,同比增長 17.3%……"
    assert messages(check_numbers, source, "电商业务同样表现亮眼，24 年 GMV 达 1.39 万亿元，同比增长 17.3%……",
                    "zh_Hans") == []
    assert messages(check_numbers, source, "电商业务同样表现亮眼，24 年 GMV 达 1.39 亿元，同比增长 17.3%……",
                    "zh_Hans") != []


def test_numbers_skip_languages_without_a_number_reader():
    assert messages(check_numbers, RND, "241", "ja") == []


# --- tokens ------------------------------------------------------------------------------------------------

QUOTE = ("「《星球大戰》製作成本高達數十億美元,而現在 AI 影片創作者只需幾美元就能製作這樣的影片,只需使用 o3-mini-high "
         "來編寫指令碼, Imagen 3 或 Flux pro 來製作影像,kling 1.6 用於影片…..」")
QUOTE_EN = ("“*Star Wars* cost billions of dollars to make, yet AI video creators can now make a video like this for "
            "just a few dollars, using o3-mini-high to write the script, Imagen 3 or Flux pro for the images and "
            "Kling 1.6 for the video…”")


def test_tokens_pass_the_article_translation():
    assert messages(check_tokens, QUOTE, QUOTE_EN) == []


def test_a_lost_product_name_is_reported():
    assert messages(check_tokens, QUOTE, QUOTE_EN.replace("o3-mini-high", "o3")) == [
        "o3-mini-high: not found in translation"]


def test_handles_and_urls_are_carried():
    source = "X 上有一位 20 年 VFX 動畫師 @brain_racked,見 https://x.com/brain_racked/status/1"
    good = "On X, @brain_racked, a VFX animator, see https://x.com/brain_racked/status/1"
    assert messages(check_tokens, source, good) == []
    assert messages(check_tokens, source, "On X, a VFX animator, see the post") == [
        "@brain_racked: not found in translation", "URL https://x.com/brain_racked/status/1: not found in translation"]


def test_a_doubled_at_sign_is_read_as_the_handle():
    assert messages(check_tokens, "來源:X 網友 @@rohanpaul_ai", "Source: X user @rohanpaul_ai") == []


def test_a_token_inside_a_longer_word_does_not_count():
    assert messages(check_tokens, "小米 SU7 的銷量超過預期", "Sales of the Xiaomi SU70 beat expectations") == [
        "SU7: not found in translation"]


def test_tokens_leave_glossary_terms_to_the_glossary_check(glossary):
    # Veo-2 is a glossary spelling variant rendered "Veo 2": the glossary check owns it, not tokens.
    assert messages(check_tokens, "Google Veo-2 和可靈 AI 1.6", "Google Veo 2 and Kling AI 1.6", "en", glossary) == []
    assert messages(check_tokens, "Google Veo-2 和可靈 AI 1.6", "Google Veo 2 and Kling AI 1.6") == [
        "Veo-2: not found in translation"]


def test_case_and_plural_differences_are_accepted():
    assert messages(check_tokens, "快影 App 作為體驗入口", "the Kuaiying app as the entry point") == []
    assert messages(check_tokens, "kling 1.6 用於影片", "Kling 1.6 for video") == []



# The token pattern as first written, each kind whole: the scanner's form (a character set first) must find
# the same tokens at the same places.
_TOKEN_AS_WRITTEN = re.compile(
    r"(?:(?P<url>https?://[^\s<>()（）「」『』《》\"“”']+)"
    r"|(?P<handle>@+[A-Za-z0-9_]+(?:[./][A-Za-z0-9_]+)*)"
    r"|(?P<word>[A-Za-z0-9]+(?:[-_./'+][A-Za-z0-9]+)*\+?))")


@given(st.lists(st.sampled_from(["h", "ttps://", "ttp://", "@", "@@", "a", "Z", "0", "_", ".", "-", "'", "+", "/", " ",
                                 "可", "(", '"']), max_size=14).map("".join))
def test_the_token_scan_finds_what_the_pattern_as_written_finds(text):
    from l10n.check.checks import _TOKEN

    assert [(m.span(), m.lastgroup) for m in _TOKEN.finditer(text)] == [
        (m.span(), m.lastgroup) for m in _TOKEN_AS_WRITTEN.finditer(text)]

# --- locale conventions -------------------------------------------------------------------------------------

def test_no_cjk_left_in_english():
    assert messages(check_leftover_cjk, "這是一家短影片公司?", "Is it a short video company?") == []
    assert messages(check_leftover_cjk, "這是一家短影片公司?", "Is it a 短影片 company?") == [
        'CJK characters left in the translation: "短影片"']
    assert messages(check_leftover_cjk, "這是一家短影片公司?", "Is it a short video company？") == [
        'CJK characters left in the translation: "？"']


def test_cjk_is_fine_in_chinese_and_japanese():
    assert messages(check_leftover_cjk, "這是一家短影片公司?", "这是一家短视频公司？", "zh_Hans") == []
    assert messages(check_leftover_cjk, "這是一家短影片公司?", "これは動画会社ですか？", "ja") == []


HANS_QUESTION = "快手究竟会成为一家怎样的公司？"


def test_half_width_punctuation_between_chinese_characters():
    source = "各種關於「快手,你是誰?從哪裡來?要到哪裡去?」的問題,接踵而來:"
    good = "各种关于“快手，你是谁？从哪里来？要到哪里去？”的问题，接踵而来："
    assert messages(check_halfwidth_punctuation, source, good, "zh_Hans") == []
    assert messages(check_halfwidth_punctuation, source, "各种关于“快手,你是谁?从哪里来？要到哪里去？”的问题，接踵而来：",
                    "zh_Hans") == [
        'half-width punctuation between Chinese characters: "," (use "，"), "?" (use "？"), first in "于“快手,你是谁?"']


def test_half_width_punctuation_beside_latin_text_is_fine():
    source = "例如下面這段影片,X 上一位作者使用 可靈 AI + Suno +Sora 的組合"
    assert messages(check_halfwidth_punctuation, source, "例如下面这段视频，X 上一位作者使用 Kling AI, Suno, Sora 的组合",
                    "zh_Hans") == []
    assert messages(check_halfwidth_punctuation, "同比增長 20.09%", "ratio 3:2, 1,000", "zh_Hans") == []
    # Only zh-Hans is checked: the source locale itself writes half-width commas.
    assert messages(check_halfwidth_punctuation, source, "快手,你是誰", "en") == []


def test_no_traditional_characters_in_zh_hans():
    source = "這是一家短影片公司?還是一家電商公司?"
    assert messages(check_traditional, source, "这是一家短视频公司？还是一家电商公司？", "zh_Hans") == []
    assert messages(check_traditional, source, "這是一家短视频公司？還是一家電商公司？", "zh_Hans") == [
        "Traditional characters left in Simplified text: 這 (这), 還 (还), 電 (电)"]


def test_characters_that_stay_in_their_phrase_are_not_traditional():
    # 乾 alone becomes 干, but 乾隆 keeps it: the check converts whole texts, not characters.
    assert "乾" in traditional_characters()
    assert messages(check_traditional, "乾隆", "乾隆皇帝", "zh_Hans") == []
    assert messages(check_traditional, "乾淨", "乾净", "zh_Hans") == [
        "Traditional characters left in Simplified text: 乾 (干)"]


def test_characters_simplified_too_are_not_reported_for_a_phrase_preference():
    # t2s turns 瞭解 into 了解, but 瞭 alone is a Simplified character as well (明瞭 is in mainland dictionaries).
    assert messages(check_traditional, "瞭解", "瞭解這个", "zh_Hans") == [
        "Traditional characters left in Simplified text: 這 (这)"]


def test_the_traditional_search_finds_exactly_the_traditional_characters_of_the_bmp():
    """The check's first scan: every BMP character it matches is one t2s changes alone, and every one t2s
    changes it matches (beyond the BMP it matches all, and the set decides)."""
    from l10n.check.checks import _traditional_search

    traditional, search = traditional_characters(), _traditional_search()
    matched = {chr(code) for code in range(0x10000) if search.match(chr(code))}
    assert matched == {char for char in traditional if char <= "\uffff"}
    assert all(search.match(chr(code)) for code in (0x10000, 0x20000, 0x2A6DF, 0x10FFFF))


def test_the_traditional_characters_of_the_bmp_are_the_whole_tables_there():
    from l10n.check.checks import _traditional_beyond_bmp, _traditional_in_bmp

    assert _traditional_in_bmp() == {char for char in traditional_characters() if char <= "\uffff"}
    assert _traditional_beyond_bmp() == {char for char in traditional_characters() if char > "\uffff"}


def test_a_traditional_character_beyond_the_bmp_is_reported():
    beyond = min(char for char in traditional_characters() if char > "\uffff")
    assert messages(check_traditional, beyond, f"这{beyond}个", "zh_Hans") != []
    unchanged = next(chr(code) for code in range(0x20000, 0x30000) if chr(code) not in traditional_characters())
    assert messages(check_traditional, unchanged, f"这{unchanged}个", "zh_Hans") == []


def test_leftover_cjk_skips_only_texts_without_a_cjk_character():
    """Every character below the one-range scan's start is outside CJK_TEXT (a text the scan misses has no
    CJK run), and the range's first character is CJK text."""
    from l10n.check.checks import _MAY_BE_CJK, _cjk_run

    first = next(code for code in range(0x110000) if _MAY_BE_CJK.match(chr(code)))
    assert not any(_cjk_run().match(chr(code)) for code in range(first))
    assert _cjk_run().match(chr(first))
    assert messages(check_leftover_cjk, "快手", "Kuaishou’s ⺀ radical") == ['CJK characters left in the '
                                                                           'translation: "⺀"']


def test_glossary_renderings_decide_their_own_characters(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text("zh_Hant,zh_Hans,en,type,case_sensitive\n乾隆帝,乾隆帝,Qianlong,person,yes\n"
                    "後來者,後來者,latecomer,term,no\n", encoding="utf-8")
    custom = load_glossary(path, ["zh_Hans", "en"])
    assert messages(check_traditional, "後來者居上", "後來者居上", "zh_Hans", custom) == []
    assert messages(check_traditional, "後來者居上", "後來者居上", "zh_Hans") != []


def test_brackets_balanced_as_in_the_source():
    source = "「土味」「接地氣」「老鐵 666」這些以往的快手的標籤"
    assert messages(check_brackets, source, "“rustic”, “down-to-earth”, “laotie 666”: these labels") == []
    assert messages(check_brackets, source, "“rustic”, “down-to-earth, “laotie 666”: these labels") == [
        'unbalanced quotes or brackets: "“" is not closed']
    assert messages(check_brackets, "當\"土味\"遇上前沿科技", 'As the "rustic meets technology') == [
        'unbalanced quotes or brackets: odd number of straight quotes (")']


def test_an_unbalanced_source_excuses_the_translation():
    assert messages(check_brackets, "「若由一個團隊", "“If a team") == []


def test_apostrophes_are_not_quotes():
    assert messages(check_brackets, "快手的", "Kuaishou’s") == []


def test_whitespace_as_in_the_source():
    assert messages(check_whitespace, "這是一家短影片公司?", "Is it a short video company?") == []
    assert messages(check_whitespace, "這是一家短影片公司?", "Is it a short video company? ") == [
        "translation ends with ' ', the source with no whitespace"]
    assert messages(check_whitespace, " 外網網友的驚呼最能夠證明。", "The cries of overseas users prove it best.") == [
        "translation starts with no whitespace, the source with ' '"]


def test_whitespace_is_a_warning():
    [problem] = check_whitespace(Message.of("快手", "Kuaishou\n", "en"))
    assert problem.severity is None   # the check's own severity, warning (see the registry test)


# --- properties -------------------------------------------------------------------------------------------

PAIRS = [("(", ")"), ("（", "）"), ("「", "」"), ("“", "”"), ("《", "》"), ('"', '"')]


def balanced(draw_depth: int):
    word = st.text(alphabet="ab 快手,", max_size=4)
    if draw_depth == 0:
        return word
    inner = st.lists(st.deferred(lambda: balanced(draw_depth - 1)), max_size=3).map("".join)
    return st.one_of(word, st.tuples(st.sampled_from(PAIRS), inner).map(lambda p: p[0][0] + p[1] + p[0][1]))


@given(st.lists(balanced(3), max_size=4).map("".join))
def test_balanced_text_has_no_bracket_problems(text):
    assert bracket_problems(text) == []


@given(st.lists(balanced(3), max_size=4).map("".join), st.sampled_from([o for o, _ in PAIRS if o != '"']))
def test_one_more_opener_is_reported(text, opener):
    assert bracket_problems(text + opener) != []


@given(st.lists(st.sampled_from("()（）[]【】{}「」『』“”《》〈〉〔〕\""), max_size=6))
def test_the_one_pair_shortcut_says_what_the_walk_says(chars):
    from l10n.check.checks import _bracket_problems, _bracket_walk

    assert _bracket_problems(chars) == _bracket_walk(chars)


@given(st.text(alphabet=" \t\u3000\n", max_size=3), st.text(alphabet=" \t\n", max_size=3),
       st.text(alphabet="abc快手 ", min_size=1, max_size=8).map(str.strip).filter(bool))
def test_whitespace_mirroring_the_source_passes(lead, trail, core):
    assert messages(check_whitespace, f"{lead}快手{trail}", f"{lead}{core}{trail}") == []


GLOSSARY_PIECES = st.sampled_from(["Kling", "kling", "Kling AI", "Keling", "Keling AI", "Ke Ling", "Kuaishou", "Kwai",
                                   "Quick Hand", "Xiaomi", "Millet", "video", "videos", "short video", "Sora",
                                   "sora", "Veo 2", "Veo-2", "VEO2", "SU7", "SU70", "X", "@brain_racked", "rustic",
                                   "soil flavor", "empowered", "R&D", "可灵", "视频", "短影片", " ", ", ", "-", "AI"])
GLOSSARY_SOURCES = st.sampled_from([ARRIVAL, "可靈 AI 與 Sora、Veo 2 比較", "小米 SU7 與快手短影片",
                                    "土味影片被賦能", "@brain_racked 在 X 上說", "研發投入"])


@given(GLOSSARY_SOURCES, st.lists(GLOSSARY_PIECES, max_size=8).map("".join), st.sampled_from(["en", "zh_Hans"]))
def test_the_glossary_shortcut_finds_what_every_match_finds(glossary, source, translation, locale):
    """Without a forbidden variant in the translation, the glossary check looks up only the wanted
    renderings; it must report exactly what the pass over every glossary match reports."""
    from unittest import mock

    from l10n.check import checks

    quick = messages(check_glossary, source, translation, locale, glossary)
    with mock.patch.object(checks, "_missing_by_probes", lambda message, wanted: None):
        assert quick == messages(check_glossary, source, translation, locale, glossary)


# --- prefilters: a message a check's prefilter leaves out is one the check finds nothing in ------------------

_PREFILTER_TEXT = st.text(st.sampled_from("ab 1\t\u3000,?:;。可靈灵發发「」()`*_[]<>&{}\\é\"“”（）"), max_size=12)


@pytest.mark.parametrize("check_id", sorted(info.id for info in REGISTRY.values() if info.prefilter is not None))
@pytest.mark.parametrize("locale", ["zh_Hans", "en", "ja"])
@given(pairs=st.lists(st.tuples(_PREFILTER_TEXT, _PREFILTER_TEXT), max_size=8))
def test_a_message_a_prefilter_leaves_out_has_no_problems(check_id, locale, pairs):
    info = REGISTRY[check_id]
    messages = [Message.of(source, translation, locale) for source, translation in pairs]
    looked_at = set(info.prefilter(messages))
    assert looked_at <= set(range(len(messages)))
    for index, message in enumerate(messages):
        if index not in looked_at:
            assert list(info.fn(message)) == [], (source_and_translation := pairs[index])


@given(st.lists(st.text(st.sampled_from("ab快（）()[]「」“”\"《》"), max_size=6), max_size=8))
def test_the_bracket_prefilter_takes_exactly_the_unbalanced_translations(texts):
    """One scan of the batch says of each translation what bracket_problems says of it alone."""
    from l10n.check.checks import _unbalanced

    messages = [Message.of("快手", text, "en") for text in texts]
    assert _unbalanced(messages) == [index for index, text in enumerate(texts) if bracket_problems(text)]


def test_the_cheap_checks_have_prefilters():
    assert {info.id for info in REGISTRY.values() if info.prefilter is not None} >= {
        "leftover-cjk", "halfwidth-punctuation", "traditional", "whitespace", "markup"}


def test_no_character_below_the_lowest_cjk_one_is_cjk():
    from l10n.check.checks import _CJK_LOWEST, _cjk_run

    below = "".join(chr(code) for code in range(1, ord(_CJK_LOWEST)))
    assert _cjk_run().search(below) is None and _cjk_run().fullmatch(_CJK_LOWEST)
    from l10n.check.checks import _MAY_BE_CJK

    assert not any(_MAY_BE_CJK.match(char) for char in below + "\0")
    assert all(_MAY_BE_CJK.match(chr(code)) for code in range(ord(_CJK_LOWEST), 0x110000, 97))
    assert all(_MAY_BE_CJK.match(char) for char in (_CJK_LOWEST, "\uffff", "\U00010000", "\U0010ffff"))

from __future__ import annotations

import doctest
import re
import sys
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import assume, given, strategies as st

from l10n import numbers
from l10n.lang import ascii_lower
from l10n.numbers import NumberFinding, compare, read_en, read_zh

Reading = tuple[str, str | None, str]      # (matched text, value or None if vague, kind)


def readings(quantities) -> tuple[Reading, ...]:
    return tuple((q.text, None if q.value is None else str(q.value), q.kind) for q in quantities)


@dataclass(frozen=True)
class Case:
    text: str
    expected: tuple[Reading, ...]


# --- read_zh: every numeral form --------------------------------------------------------------------

ZH_FORMS = [
    # Arabic digits with Chinese scales, spaced or not
    Case("1 億元", (("1 億", "100000000", "number"),)),
    Case("241 億元", (("241 億", "24100000000", "number"),)),
    Case("724.19億元", (("724.19億", "72419000000", "number"),)),
    Case("1.39 萬億元", (("1.39 萬億", "1390000000000", "number"),)),
    Case("3000 萬條", (("3000 萬", "30000000", "number"),)),
    Case("2000 萬元", (("2000 萬", "20000000", "number"),)),
    Case("接近 70 萬", (("70 萬", "700000", "number"),)),
    Case("1.39 万亿元", (("1.39 万亿", "1390000000000", "number"),)),
    Case("5千萬", (("5千萬", "50000000", "number"),)),
    Case("1億5000萬", (("1億5000萬", "150000000", "number"),)),
    Case("1,000 億元", (("1,000 億", "100000000000", "number"),)),
    # percentages
    Case("大增 25.9%", (("25.9%", "25.9", "percent"),)),
    Case("同比增長 20.09%……", (("20.09%", "20.09", "percent"),)),
    Case("增長 3 個百分點", (("3 個百分點", "3", "percent"),)),
    Case("百分之二十五點九", (("百分之二十五點九", "25.9", "percent"),)),
    # dates
    Case("2024 年,", (("2024", "2024", "year"),)),
    Case("在 2024 年 6 月 6 日這一天",
         (("2024", "2024", "year"), ("6", "6", "month"), ("6", "6", "day"))),
    Case("二〇二四年", (("二〇二四", "2024", "year"),)),
    Case("二零二四年十二月", (("二零二四", "2024", "year"), ("十二", "12", "month"))),
    Case("90 年代", (("90", "1990", "year"),)),
    # ranges: the scale or percent sign written once applies to both ends
    Case("2021-2025 年", (("2021", "2021", "range"), ("2025", "2025", "range"))),
    Case("2021–2025", (("2021", "2021", "range"), ("2025", "2025", "range"))),
    Case("未來 1-2 年內", (("1", "1", "range"), ("2", "2", "range"))),
    Case("2-10 美元", (("2", "2", "range"), ("10", "10", "range"))),
    Case("2-3 名", (("2", "2", "range"), ("3", "3", "range"))),
    Case("1-2 萬人", (("1", "10000", "range"), ("2 萬", "20000", "range"))),
    Case("5-10%", (("5", "5", "percent"), ("10%", "10", "percent"))),
    Case("3 至 5 年", (("3", "3", "range"), ("5", "5", "range"))),
    # NN 年: a year, a duration, or undecidable (then 24 is kept as the other reading)
    Case("24 年 GMV 達", (("24", "2024", "year"),)),
    Case("一位 20 年 VFX 動畫師", (("20", "20", "count"),)),
    Case("20 年 VFX 動畫師", (("20", "20", "count"),)),
    Case("20 年資深設計師", (("20", "20", "count"),)),
    Case("24 年手機出貨量", (("24", "2024", "year"),)),
    Case("20 年來", (("20", "20", "count"),)),
    Case("24 年 6 月", (("24", "2024", "year"), ("6", "6", "month"))),
    # versions and identifiers are tokens, not amounts
    Case("可靈 1.6 的表現", (("1.6", "1.6", "version"),)),
    Case("Runway Gen-3 憑藉", (("3", "3", "version"),)),
    Case("Google Veo 2 釋出了", (("2", "2", "version"),)),
    Case("可靈 AI1.6、", (("1.6", "1.6", "version"),)),
    Case("使用 o3-mini-high 來", (("o3", None, "identifier"),)),
    Case("小米 SU7 的銷量", (("SU7", None, "identifier"),)),
    Case("Upscale 4K+ 音效", (("4K", None, "identifier"),)),
    Case("Google I/O 大會", ()),
    Case("「老鐵 666」", (("666", "666", "number"),)),
    Case("版本 1.6.2 發佈", (("1.6.2", None, "version"),)),
    Case("網友 @8co28 說", ()),
    Case("2024 年 Q4", (("2024", "2024", "year"), ("Q4", "4", "ordinal"))),
    # full-width digits keep their own text
    Case("２０２４ 年", (("２０２４", "2024", "year"),)),
    Case("１．３９ 萬億元", (("１．３９ 萬億", "1390000000000", "number"),)),
    Case("２５．９％", (("２５．９％", "25.9", "percent"),)),
    # Chinese numerals
    Case("三千萬", (("三千萬", "30000000", "number"),)),
    Case("一點三九萬億", (("一點三九萬億", "1390000000000", "number"),)),
    Case("兩百", (("兩百", "200", "number"),)),
    Case("一億", (("一億", "100000000", "number"),)),
    Case("十萬", (("十萬", "100000", "number"),)),
    Case("一億五千萬", (("一億五千萬", "150000000", "number"),)),
    Case("一百零五", (("一百零五", "105", "number"),)),
    Case("兩百五十", (("兩百五十", "250", "number"),)),
    Case("三萬五", (("三萬五", "35000", "number"),)),   # colloquial: 35,000
    Case("壹佰貳拾", (("壹佰貳拾", "120", "number"),)),
    Case("一千二百三十四萬五千六百七十八", (("一千二百三十四萬五千六百七十八", "12345678", "number"),)),
    Case("三萬億", (("三萬億", "3000000000000", "number"),)),
    # counters and ordinals
    Case("經歷了三次迭代", (("三", "3", "count"),)),
    Case("迎來了兩位新王", (("兩", "2", "count"),)),
    Case("两位新王", (("两", "2", "count"),)),
    Case("第四季度", (("四", "4", "ordinal"),)),
    Case("第 4 名", (("4", "4", "ordinal"),)),
    Case("十分鐘", (("十", "10", "count"),)),
    Case("六月", (("六", "6", "month"),)),
    Case("三個月", (("三", "3", "count"),)),
    # vague amounts: no value, but the round figure they build on
    Case("高達數十億美元", (("數十億", None, "number"),)),
    Case("提到了一百多次", (("一百多", None, "number"),)),
    Case("100 多家", (("100 多", None, "number"),)),
    Case("3000 多萬", (("3000 多萬", None, "number"),)),
    Case("十幾萬人", (("十幾萬", None, "number"),)),
    Case("上千人", (("上千", None, "number"),)),
    Case("兩三個", (("兩三", None, "count"),)),
    Case("堪比百萬美元預算", (("百萬", None, "number"),)),
    # no number at all: articles, idioms, names, vague words without digits
    Case("只需幾美元", ()),
    Case("短短數月內", ()),
    Case("多家頭部企業", ()),
    Case("一家公司的一位作者用一年之久", ()),
    Case("三星堆", ()),
    Case("雖然兩者的技術", ()),
    Case("萬一千萬不要十分重要", ()),
    Case("零售與二次元", ()),
    Case("十字路口的萬達與百度", ()),
    Case("十四五規劃", ()),
    Case("正一一被 AI 賦能", ()),
    Case("三三兩兩地", ()),
    # a list number opening the text is structure
    Case("1. 可靈 AI 日均影片生成量超 3000 萬條。", (("3000 萬", "30000000", "number"),)),
]


@pytest.mark.parametrize("case", ZH_FORMS, ids=[c.text for c in ZH_FORMS])
def test_read_zh_forms(case: Case):
    assert readings(read_zh(case.text)) == case.expected


def test_vague_amounts_keep_their_round_figure():
    assert [q.ambiguous for q in read_zh("數十億美元、一百多次、3000 多萬")] == [
        (Decimal("1000000000"),), (Decimal("100"),), (Decimal("30000000"),)]
    assert all(q.vague for q in read_zh("數十億美元、一百多次、3000 多萬"))


def test_undecidable_year_keeps_the_other_reading():
    [gmv] = read_zh("電商業務同樣表現亮眼,24 年 GMV 達")
    assert (gmv.value, gmv.ambiguous) == (Decimal(2024), (Decimal(24),))
    [animator] = read_zh("X 上有一位 20 年 VFX 動畫師")
    assert (animator.value, animator.ambiguous) == (Decimal(20), ())


def test_zhao_is_a_trillion_in_taiwan_and_a_million_in_mainland_tech_writing():
    [q] = read_zh("3 兆元")
    assert (q.value, q.ambiguous) == (Decimal("3000000000000"), (Decimal("3000000"),))


def test_offsets_point_into_the_original_text():
    text = "研發投入 ２４１ 億元,同比大增 25.9%"
    for q in read_zh(text):
        assert text[q.start:q.end].strip() == q.text


# --- read_zh over the seed article: every number-bearing sentence ------------------------------------

ARTICLE = [
    Case("# 「快手,你是誰?從哪來?到哪去?」|在AI創造1億營收後,快手的前路和野望",
         (("1億", "100000000", "number"),)),
    Case("情理之中,意料之外 ——快手在最近的財報電話會議上,提到了一百多次 AI。", (("一百多", None, "number"),)),
    Case("自開始商業化以來,可靈 AI 業務的累積收入已經超過 1 億元", (("1 億", "100000000", "number"),)),
    Case("「土味」「接地氣」「老鐵 666」這些以往的快手的標籤,正一一被 AI 賦能,成了快手新的科技明信片。",
         (("666", "666", "number"),)),
    Case("2024 年,港股市場湧現了一批資本故事模版,小米押注智慧汽車 + AI,快手則重推可靈 AI,並將 AI 賦能到內部各個事業條線"
         "和產品矩陣。", (("2024", "2024", "year"),)),
    Case("小米 SU7 的銷量超過預期,AI 戰略也在全面推進。2024 年研發投入 241 億元,同比大增 25.9%,無疑給所有小米信徒打了一針"
         "強心劑。盧偉冰也向外部透露,小米在 2021-2025 年研發總投入預計超 1000 億元,2025 年將超 300 億元,其中 25% 用於 AI"
         " 研發。並且,他還強調:AI 技術將落地於小米各終端產品,賦能「人車家全生態」。",
         (("SU7", None, "identifier"), ("2024", "2024", "year"), ("241 億", "24100000000", "number"),
          ("25.9%", "25.9", "percent"), ("2021", "2021", "range"), ("2025", "2025", "range"),
          ("1000 億", "100000000000", "number"), ("2025", "2025", "year"), ("300 億", "30000000000", "number"),
          ("25%", "25", "percent"))),
    Case("另一邊,在 2024 年 6 月 6 日這一天,快手「可靈」影片生成大模型在官網正式上線,快影 App 作為體驗入口開放邀測。在短短"
         " 1 個月內,基礎模型加速升級,內測全面開放,同時會員體系正式上線 ——商業化的衝鋒號吹響了。",
         (("2024", "2024", "year"), ("6", "6", "month"), ("6", "6", "day"), ("1", "1", "count"))),
    Case("2024 年 6 月,可靈 AI 衝進了 AI 影片行業。", (("2024", "2024", "year"), ("6", "6", "month"))),
    Case("1. 可靈 AI 的技術實力、內容創作能力得到了市場認可,日均影片生成量超 3000 萬條。",
         (("3000 萬", "30000000", "number"),)),
    Case("2. 在商業應用中,快手 AIGC 營銷素材日均消耗達 2000 萬元", (("2000 萬", "20000000", "number"),)),
    Case("大量資源的投入,成功地讓可靈 AI 生猛地闖進了 2024 AI 影片模型之年。", (("2024", "2024", "number"),)),
    Case("這一整年內,有多少家企業在鬥獸場內角逐呢?我這裡稍微舉幾個例子:Pika、Hailuo (Minimax)、Mochi、Adobe Firefly "
         "Video、Sora、Runway、Luma,還有在 2024 年 5 月的 Google I/O 大會上亮相的 Veo 系列(這也將會是可靈在未來幾年中最強"
         "勁的對手)。", (("2024", "2024", "year"), ("5", "5", "month"))),
    Case("正式亮相一個月內,快手可靈 AI 就經歷了三次迭代更新。同時,申請使用者數量已經接近 70 萬。",
         (("三", "3", "count"), ("70 萬", "700000", "number"))),
    Case("X 上有一位 20 年 VFX 動畫師 @brain_racked,總結了 2024 年 5 月的 Runway Gen-2 和 2025 年 1 月的可靈 1.6 的表"
         "現。", (("20", "20", "count"), ("2024", "2024", "year"), ("5", "5", "month"), ("2", "2", "version"),
                 ("2025", "2025", "year"), ("1", "1", "month"), ("1.6", "1.6", "version"))),
    Case("可靈 1.6 在細節上的表現,比如人物與物品的互動、光影的過渡以及背景環境的協調性,都體現出它在影像生成領域的強大實力。",
         (("1.6", "1.6", "version"),)),
    Case("但是從大的時間跨度來看,基礎技術都極為新穎,且正處於超快速的迭代開發週期中,在未來 1-2 年內仍將顯著增強。 無論國內"
         "外,AI 影片模型從不單獨在生態結構中出現,各家模型都有其搭配內容生態的獨特優勢。",
         (("1", "1", "range"), ("2", "2", "range"))),
    Case("2024 年 8 月,快手正式開啟 OpenAPI,面向 B 端發力。\xa0", (("2024", "2024", "year"), ("8", "8", "month"))),
    Case("例如下面這段影片,X 上一位作者使用\xa0可靈 AI + Suno +Sora\xa0的組合,僅由業餘創作者以 2-10 美元的雲 GPU 成本製作"
         "而成。", (("2", "2", "range"), ("10", "10", "range"))),
    Case("再比如,用\xa0Magnific + Kling 1.6 + Freepik Upscale 4K+ 音效的組合,即可輕鬆實現「超現實水下視覺的電影」",
         (("1.6", "1.6", "version"), ("4K", None, "identifier"))),
    Case("「若由一個團隊或 2-3 名 AI 專業人士投入 1 萬美元製作電影,其效果堪比百萬美元預算的大片。」",
         (("2", "2", "range"), ("3", "3", "range"), ("1 萬", "10000", "number"), ("百萬", None, "number"))),
    Case("「《星球大戰》製作成本高達數十億美元,而現在 AI 影片創作者只需幾美元就能製作這樣的影片,只需使用 o3-mini-high 來編寫"
         "指令碼, Imagen 3 或 Flux pro 來製作影像,kling 1.6 用於影片…..」",
         (("數十億", None, "number"), ("o3", None, "identifier"), ("3", "3", "version"), ("1.6", "1.6", "version"))),
    Case("2024 年年中之際,除了可靈 AI 之外,當屬 Luma 和 Runway 這兩大明星。Runway Gen-3 憑藉細節和一致性,成為專業專案的"
         "選擇;Luma Dream Machine 則更注重動作的自然流暢,視覺效果也極具吸引力。",
         (("2024", "2024", "year"), ("3", "3", "version"))),
    Case("雖然兩者的技術都在快速發展,但是在影片基座模型的快速迭代這一行業背景下,這兩家的更新速度似乎降了下來,顯得有些放緩。",
         (("兩", "2", "count"),)),
    Case("年底,可靈 AI1.6、Google Veo 2 釋出了。", (("1.6", "1.6", "version"), ("2", "2", "version"))),
    Case("AI 影片生成領域迎來了兩位新王,可靈 AI 也迎來了它最大的競爭對手。", (("兩", "2", "count"),)),
    Case("VEO2 生成影片,來源:X 網友 @8co28", (("VEO2", None, "identifier"),)),
    Case("可靈 1.6 在 2024 年底釋出後迅速提升了畫面質量和動態表現,而 Veo 2 也在高解析度和鏡頭控制上持續突破。",
         (("1.6", "1.6", "version"), ("2024", "2024", "year"), ("2", "2", "version"))),
    Case("自此,AI 影片生成行業形成了 2 極多峰格局", (("2", "2", "number"),)),
    Case("Google Veo-2 和可靈 AI 1.6 成了無可辯駁的雙王。其他的影片模型,例如 Runway Gen-3、Pika、Luma Ray、MiniMax 等等,"
         "儼然成了吃尾氣的選手。當然,透過不斷的更新,這些稍顯落後的競爭者也時常會出現一些亮點功能。",
         (("2", "2", "version"), ("1.6", "1.6", "version"), ("3", "3", "version"))),
    Case("無論如何,Google Veo-2 和可靈 AI 1.6 在 AI 影片生成行業已經坐穩了寶座。",
         (("2", "2", "version"), ("1.6", "1.6", "version"))),
    Case("雖然可靈 AI1.6 仍無法在生成質量上戰勝 Veo-2,但是憑藉海量使用者積累,快手還是有點信心的。",
         (("1.6", "1.6", "version"), ("2", "2", "version"))),
    Case("- 2024 年,快手廣告收入強勁增長,線上營銷服務收入竟然達到了\xa0724.19億元,同比增長 20.09%……",
         (("2024", "2024", "year"), ("724.19億", "72419000000", "number"), ("20.09%", "20.09", "percent"))),
    Case("- 2024 年第四季度 AIGC 營銷素材日均消耗超 3000 萬元……",
         (("2024", "2024", "year"), ("四", "4", "ordinal"), ("3000 萬", "30000000", "number"))),
    Case("- 電商業務同樣表現亮眼,24 年\xa0GMV 達 1.39 萬億元,同比增長 17.3%……",
         (("24", "2024", "year"), ("1.39 萬億", "1390000000000", "number"), ("17.3%", "17.3", "percent"))),
    Case("扎克伯格的 Facebook 後來者居上,因為他並不是技術至上主義者,他能夠將社交網路從技術概念變成了 10 億使用者的現實。而"
         "時代輪轉,DeepSeek 的出現卻讓這位 Meta 主理人成立「作戰室」不得不快速解析 DeepSeek 的技術框架。",
         (("10 億", "1000000000", "number"),)),
]


@pytest.mark.parametrize("case", ARTICLE, ids=[c.text[:24] for c in ARTICLE])
def test_read_zh_article_sentences(case: Case):
    assert readings(read_zh(case.text)) == case.expected


def test_article_table_covers_every_number_bearing_line(article_text):
    covered = {case.text for case in ARTICLE}
    number_lines = [line for line in article_text.splitlines() if read_zh(line) or re.search(r"\d", line)]
    assert number_lines, "the article fixture holds no numbers"
    assert [line for line in number_lines if line not in covered] == []


def test_simplified_article_reads_the_same_values(article_text):
    opencc = pytest.importorskip("opencc")
    to_hans = opencc.OpenCC("tw2sp")
    for line in article_text.splitlines():
        hans = to_hans.convert(line)
        assert [(q.value, q.kind) for q in read_zh(hans)] == [(q.value, q.kind) for q in read_zh(line)], line
        assert compare(line, hans, "zh_Hans") == [], line


# --- read_en ------------------------------------------------------------------------------------------

EN_FORMS = [
    Case("revenue of 72,419,000,000 yuan", (("72,419,000,000", "72419000000", "number"),)),
    Case("72.419 billion yuan", (("72.419 billion", "72419000000", "number"),)),
    Case("24.1 billion", (("24.1 billion", "24100000000", "number"),)),
    Case("1.39 trillion yuan", (("1.39 trillion", "1390000000000", "number"),)),
    Case("700,000 or 700 thousand users", (("700,000", "700000", "number"), ("700 thousand", "700000", "number"))),
    Case("RMB72.4bn and $10k", (("72.4bn", "72400000000", "number"), ("10k", "10000", "number"))),
    Case("US$10,000", (("10,000", "10000", "number"),)),
    Case("$1.2M and $3B, 4K", (("1.2M", "1200000", "number"), ("3B", "3000000000", "number"),
                               ("4K", None, "identifier"))),
    Case("thirty million videos", (("thirty million", "30000000", "number"),)),
    Case("three iterations and two new kings", (("three", "3", "number"), ("two", "2", "number"))),
    Case("a hundred times", (("a hundred", "100", "number"),)),
    Case("one hundred and five", (("one hundred and five", "105", "number"),)),
    Case("twenty-five", (("twenty-five", "25", "number"),)),
    Case("seven hundred thousand", (("seven hundred thousand", "700000", "number"),)),
    Case("one point three nine trillion", (("one point three nine trillion", "1390000000000", "number"),)),
    Case("two or three", (("two", "2", "number"), ("three", "3", "number"))),
    Case("twice, and both", (("twice", "2", "count"), ("both", "2", "count"))),
    Case("sales doubled", (("doubled", "2", "count"),)),
    Case("up 25.9%", (("25.9%", "25.9", "percent"),)),
    Case("up 25.9 percent, 3 per cent", (("25.9 percent", "25.9", "percent"), ("3 per cent", "3", "percent"))),
    Case("2 percentage points", (("2 percentage points", "2", "percent"),)),
    Case("2021-2025", (("2021", "2021", "range"), ("2025", "2025", "range"))),
    Case("from 2021 to 2025", (("2021", "2021", "range"), ("2025", "2025", "range"))),
    Case("2021–2025", (("2021", "2021", "range"), ("2025", "2025", "range"))),
    Case("1 to 2 million", (("1", "1000000", "range"), ("2 million", "2000000", "range"))),
    Case("5-10%", (("5", "5", "percent"), ("10%", "10", "percent"))),
    Case("up 17.3% to 1.39 trillion", (("17.3%", "17.3", "percent"), ("1.39 trillion", "1390000000000", "number"))),
    Case("Q4 2024", (("Q4", "4", "ordinal"), ("2024", "2024", "year"))),
    Case("the fourth quarter", (("fourth", "4", "ordinal"),)),
    Case("the 4th quarter, the 21st century", (("4th", "4", "ordinal"), ("21st", "21", "ordinal"))),
    Case("On June 6, 2024", (("June", "6", "month"), ("6", "6", "number"), ("2024", "2024", "year"))),
    Case("in May 2024", (("May", "5", "month"), ("2024", "2024", "year"))),
    Case("You may go. May I?", ()),
    Case("Jan. 5", (("Jan.", "1", "month"), ("5", "5", "number"))),
    Case("Kling 1.6 and Veo 2", (("1.6", "1.6", "number"), ("2", "2", "number"))),
    Case("Runway Gen-3", (("3", "3", "version"),)),
    Case("Kling AI1.6", (("1.6", "1.6", "version"),)),
    Case("o3-mini-high, SU7, 4K, VEO2, GPT-4o, H100",
         (("o3", None, "identifier"), ("SU7", None, "identifier"), ("4K", None, "identifier"),
          ("VEO2", None, "identifier"), ("4o", None, "identifier"), ("H100", None, "identifier"))),
    Case("Google I/O", ()),
    Case("the 1990s", (("1990s", "1990", "year"),)),
    Case("billions of dollars", (("billions", None, "number"),)),
    Case("tens of millions of users", (("tens of millions", None, "number"),)),
    Case("a few dollars, several months, many companies", ()),
    Case("see https://x.com/one/2024 or @user2024", ()),
    Case("1. First item", (("First", "1", "ordinal"),)),
]


@pytest.mark.parametrize("case", EN_FORMS, ids=[c.text for c in EN_FORMS])
def test_read_en_forms(case: Case):
    assert readings(read_en(case.text)) == case.expected


def test_english_vague_plurals_keep_their_round_figure():
    assert [q.ambiguous for q in read_en("billions of dollars, tens of millions")] == [
        (Decimal("1000000000"),), (Decimal("10000000"),)]


# --- compare ------------------------------------------------------------------------------------------

RD = "2024 年研發投入 241 億元,同比大增 25.9%,無疑給所有小米信徒打了一針強心劑。"
GMV = "電商業務同樣表現亮眼,24 年 GMV 達 1.39 萬億元,同比增長 17.3%……"


@dataclass(frozen=True)
class Pair:
    source: str
    translation: str
    expected: tuple[tuple[str, str], ...]      # (severity, message)
    locale: str = "en"


PAIRS = [
    Pair(RD, "In 2024, R&D investment reached 24.1 billion yuan, up 25.9% year on year, a shot in the arm for "
             "all Xiaomi fans.", ()),
    Pair(RD, "In 2024, R&D spending was RMB 24,100,000,000, up 25.9 percent.", ()),
    Pair(RD, "In 2024, R&D investment reached 241 billion yuan, up 25.9% year on year.",
         (("error", "241 億 = 24,100,000,000: not found in translation (found 241 billion)"),)),
    Pair(RD, "R&D investment reached 24.1 billion yuan, up 25.9% year on year.",
         (("error", "2024: not found in translation"),)),
    Pair(RD, "In 2024, R&D investment reached 24.1 billion yuan, up 29.5% year on year.",
         (("error", "25.9%: not found in translation"),
          ("warning", "29.5%: in translation but not in source"))),
    Pair(RD, "In 2024, R&D investment reached 24.1 billion yuan, up 25.9 year on year.",
         (("error", "25.9%: not found in translation"),
          ("warning", "25.9: in translation but not in source"))),
    Pair(GMV, "E-commerce also did well: GMV in 2024 reached 1.39 trillion yuan, up 17.3% year on year...", ()),
    Pair(GMV, "E-commerce also did well: in 24 years GMV reached 1.39 trillion yuan, up 17.3%...",
         (("warning", "24: read as 2024 but the translation has 24; check which is meant"),)),
    Pair(GMV, "E-commerce also did well: GMV reached 1.39 billion yuan, up 17.3%...",
         (("error", "24 = 2024 (or 24): not found in translation"),
          ("error", "1.39 萬億 = 1,390,000,000,000: not found in translation (found 1.39 billion)"))),
    Pair("- 2024 年,快手廣告收入強勁增長,線上營銷服務收入竟然達到了\xa0724.19億元,同比增長 20.09%……",
         "- In 2024, online marketing revenue reached 724.19 billion yuan, up 20.09%...",
         (("error", "724.19億 = 72,419,000,000: not found in translation (found 724.19 billion)"),)),
    Pair("- 2024 年,快手廣告收入強勁增長,線上營銷服務收入竟然達到了\xa0724.19億元,同比增長 20.09%……",
         "- In 2024, online marketing revenue reached 72.419 billion yuan, up 20.09%...", ()),
    # vague amounts never give an error, and their English renderings are not "added" numbers
    Pair("情理之中,意料之外 ——快手在最近的財報電話會議上,提到了一百多次 AI。",
         "Kuaishou mentioned AI more than a hundred times on its latest earnings call.", ()),
    Pair("情理之中,意料之外 ——快手在最近的財報電話會議上,提到了一百多次 AI。",
         "Kuaishou mentioned AI over 100 times on its latest earnings call.", ()),
    Pair("「《星球大戰》製作成本高達數十億美元,而現在 AI 影片創作者只需幾美元就能製作這樣的影片」",
         "\"Star Wars cost billions of dollars to make, while AI creators now need only a few dollars\"", ()),
    Pair("「《星球大戰》製作成本高達數十億美元,而現在 AI 影片創作者只需幾美元就能製作這樣的影片」",
         "\"Star Wars cost dollars to make, while AI creators now need only dollars\"", ()),
    # counting words, months and ordinals
    Pair("正式亮相一個月內,快手可靈 AI 就經歷了三次迭代更新。同時,申請使用者數量已經接近 70 萬。",
         "Within a month of its debut, Kling AI went through three iterations; applicants neared 700,000.", ()),
    Pair("正式亮相一個月內,快手可靈 AI 就經歷了三次迭代更新。同時,申請使用者數量已經接近 70 萬。",
         "Within a month of its debut, Kling AI went through 3 iterations; applicants neared 700 thousand.", ()),
    Pair("正式亮相一個月內,快手可靈 AI 就經歷了三次迭代更新。同時,申請使用者數量已經接近 70 萬。",
         "Within a month, Kling AI went through two iterations; applicants neared 70,000.",
         (("error", "三 = 3: not found in translation"),
          ("error", "70 萬 = 700,000: not found in translation (found 70,000)"))),
    Pair("AI 影片生成領域迎來了兩位新王,可靈 AI 也迎來了它最大的競爭對手。",
         "AI video generation welcomed two new kings, and Kling AI met its biggest rival.", ()),
    Pair("- 2024 年第四季度 AIGC 營銷素材日均消耗超 3000 萬元……",
         "- In Q4 2024, daily AIGC marketing spend exceeded 30 million yuan...", ()),
    Pair("- 2024 年第四季度 AIGC 營銷素材日均消耗超 3000 萬元……",
         "- In the fourth quarter of 2024, daily AIGC marketing spend exceeded thirty million yuan...", ()),
    Pair("- 2024 年第四季度 AIGC 營銷素材日均消耗超 3000 萬元……",
         "- In the third quarter of 2024, daily AIGC marketing spend exceeded 3000 million yuan...",
         (("error", "四 = 4: not found in translation"),
          ("error", "3000 萬 = 30,000,000: not found in translation (found 3000 million)"))),
    Pair("另一邊,在 2024 年 6 月 6 日這一天,快手「可靈」影片生成大模型在官網正式上線。在短短 1 個月內,基礎模型加速升級。",
         "On June 6, 2024, Kuaishou's Kling video model went live. In just a month, the base model was upgraded.",
         (("warning", "1: not found in translation"),)),
    Pair("另一邊,在 2024 年 6 月 6 日這一天,快手「可靈」影片生成大模型在官網正式上線。在短短 1 個月內,基礎模型加速升級。",
         "On July 6, 2024, Kuaishou's Kling video model went live. In just one month, the base model was upgraded.",
         (("error", "6: not found in translation"),)),
    Pair("X 上有一位 20 年 VFX 動畫師 @brain_racked,總結了 2024 年 5 月的 Runway Gen-2 和 2025 年 1 月的可靈 1.6 的表現。",
         "A VFX animator with 20 years of experience, @brain_racked, compared Runway Gen-2 from May 2024 with "
         "Kling 1.6 from January 2025.", ()),
    # versions must be verbatim; identifiers are looked up as text
    Pair("「只需使用 o3-mini-high 來編寫指令碼, Imagen 3 或 Flux pro 來製作影像,kling 1.6 用於影片…..」",
         "\"Just use o3-mini-high for scripts, Imagen 3 or Flux pro for images, kling 1.6 for video...\"", ()),
    Pair("「只需使用 o3-mini-high 來編寫指令碼, Imagen 3 或 Flux pro 來製作影像,kling 1.6 用於影片…..」",
         "\"Just use o-mini for scripts, Imagen three or Flux pro for images, kling 1.60 for video...\"",
         (("warning", "o3: not found in translation"), ("error", "version 3: not found verbatim in translation"),
          ("error", "version 1.6: not found verbatim in translation"),
          ("warning", "1.60: in translation but not in source"))),
    Pair("雖然可靈 AI1.6 仍無法在生成質量上戰勝 Veo-2,但是憑藉海量使用者積累,快手還是有點信心的。",
         "Although Kling AI 1.6 still cannot beat Veo-2 on quality, Kuaishou has some confidence.", ()),
    Pair("VEO2 生成影片,來源:X 網友 @8co28", "Video generated by Veo 2, source: X user @8co28", ()),
    Pair("小米 SU7 的銷量超過預期", "Sales of the Xiaomi SU 7 beat expectations", ()),
    Pair("小米 SU7 的銷量超過預期", "Sales of Xiaomi's car beat expectations",
         (("warning", "SU7: not found in translation"),)),
    # ranges
    Pair("盧偉冰也向外部透露,小米在 2021-2025 年研發總投入預計超 1000 億元",
         "Lu Weibing said Xiaomi's total R&D investment from 2021 to 2025 is expected to exceed 100 billion yuan", ()),
    Pair("僅由業餘創作者以 2-10 美元的雲 GPU 成本製作而成。", "made by amateurs for $2-$10 of cloud GPU time.", ()),
    Pair("「若由一個團隊或 2-3 名 AI 專業人士投入 1 萬美元製作電影,其效果堪比百萬美元預算的大片。」",
         "\"If a team or two to three AI professionals spend $10,000 on a film, it rivals a million-dollar "
         "blockbuster.\"", ()),
    # translators may add a year or a quarter: a warning at most
    Pair("快手廣告收入強勁增長", "Kuaishou's ad revenue grew strongly in 2024",
         (("warning", "2024: in translation but not in source"),)),
    # zh-Hans
    Pair(RD, "2024 年研发投入 241 亿元,同比大增 25.9%,无疑给所有小米信徒打了一针强心剂。", (), "zh_Hans"),
    Pair(RD, "2024 年研发投入 24.1 亿元,同比大增 25.9%,无疑给所有小米信徒打了一针强心剂。",
         (("error", "241 億 = 24,100,000,000: not found in translation (found 24.1 亿)"),), "zh_Hans"),
    Pair(GMV, "电商业务同样表现亮眼,24 年 GMV 达 1.39 万亿元,同比增长 17.3%……", (), "zh_Hans"),
    Pair("三千萬", "3000 万", (), "zh_Hans"),
]


@pytest.mark.parametrize("pair", PAIRS, ids=[p.translation[:40] for p in PAIRS])
def test_compare_pairs(pair: Pair):
    found = compare(pair.source, pair.translation, pair.locale)
    assert [(f.severity, f.message) for f in found] == list(pair.expected)


def test_finding_names_the_source_text():
    [finding] = compare(RD, "In 2024 it reached 241 billion yuan, up 25.9%.", "en")
    assert finding == NumberFinding("error", "241 億 = 24,100,000,000: not found in translation (found 241 billion)",
                                    "241 億")


def test_matching_is_a_multiset():
    source = "2024 年營收 3000 萬元,2024 年利潤 3000 萬元"
    assert compare(source, "Revenue of 30 million yuan in 2024 and profit of 30 million yuan in 2024", "en") == []
    findings = compare(source, "Revenue and profit of 30 million yuan in 2024", "en")
    assert [(f.severity, f.source_text) for f in findings] == [("error", "2024"), ("error", "3000 萬")]


def test_unknown_locale_is_refused():
    with pytest.raises(ValueError, match="fr"):
        compare(RD, "En 2024", "fr")


def test_doctests_hold():
    assert doctest.testmod(numbers).failed == 0


# --- properties ---------------------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def render_zh(n: int) -> str:
    """Standard Chinese numeral for 0 < n < 10**16: 4-digit groups joined by 萬/億/萬億, 零 for skipped places."""
    def group(g: int) -> str:
        out, zero = "", False
        for unit, place in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = g // unit % 10
            if digit:
                out += ("零" if zero and out else "") + _DIGITS[digit] + place
                zero = False
            else:
                zero = True
        return out

    groups = [(n // 10**12) % 10**4, (n // 10**8) % 10**4, (n // 10**4) % 10**4, n % 10**4]
    units = ["萬億", "億", "萬", ""]
    out, pending_zero = "", False
    for g, unit in zip(groups, units):
        if g == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or g < 1000):
            out += "零"
        out += group(g) + unit
        pending_zero = False
    return out[1:] if out.startswith("一十") else out


@given(st.integers(min_value=2, max_value=10**16 - 1))
def test_chinese_numerals_round_trip(n: int):
    text = f"共{render_zh(n)}個"
    assert [q.value for q in read_zh(text)] == [Decimal(n)], text


@given(st.integers(min_value=0, max_value=10**6),
       st.sampled_from([("萬", 10**4), ("億", 10**8), ("萬億", 10**12), ("万", 10**4), ("亿", 10**8)]),
       st.sampled_from(["", " ", "\xa0"]))
def test_arabic_digits_with_chinese_scale_read_back(n: int, scale: tuple[str, int], space: str):
    word, factor = scale
    assert [q.value for q in read_zh(f"營收 {n}{space}{word}元")] == [Decimal(n * factor)]


@given(st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from([("億", "billion", 10**8, 10**9), ("萬億", "trillion", 10**12, 10**12),
                        ("萬", "thousand", 10**4, 10**3)]))
def test_chinese_amount_matches_its_english_rendering(amount: Decimal, scales):
    zh_word, en_word, zh_factor, en_factor = scales
    english = amount * zh_factor / en_factor
    source = f"投入 {amount}{zh_word}元"
    assert compare(source, f"invested {english:f} {en_word} yuan", "en") == []
    assert compare(source, f"invested {amount * zh_factor:,f} yuan", "en") == []


@given(st.integers(min_value=0, max_value=10**15))
def test_english_grouped_digits_read_back(n: int):
    assert [q.value for q in read_en(f"about {n:,} users")] == [Decimal(n)]


_EN_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
           "seventeen eighteen nineteen".split()
_EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def render_en(n: int) -> str:
    if n < 20:
        return _EN_ONES[n]
    if n < 100:
        return _EN_TENS[n // 10] + ("-" + _EN_ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return _EN_ONES[n // 100] + " hundred" + (" and " + render_en(n % 100) if n % 100 else "")
    for value, word in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= value:
            return render_en(n // value) + " " + word + (" " + render_en(n % value) if n % value else "")
    raise AssertionError(n)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_english_number_words_round_trip(n: int):
    text = f"they counted {render_en(n)} users"
    assert [q.value for q in read_en(text)] == [Decimal(n)], text


def test_scale_words_in_headline_case_are_read():
    """Headlines capitalise words: "100 Million Yuan" is 100,000,000 (found in the English title)."""
    assert [q.value for q in read_en("After AI Brings In 100 Million Yuan")] == [Decimal("100000000")]
    assert compare("在AI創造1億營收後", "After AI Brings In 100 Million Yuan", "en") == []


def test_a_scale_word_spelled_with_a_long_s_is_no_scale():
    """Unicode case folding matches "ſ" (long s) to "s"; a scale word is folded for ASCII only, so
    "3 thouſand" is the number 3, not a scale the table lacks (it raised KeyError)."""
    assert [q.value for q in read_en("3 thou\u017fand people")] == [Decimal(3)]
    assert [f.message for f in compare("三千人", "3 thou\u017fand people", "en")] == [
        "三千 = 3,000: not found in translation (found 3)"]


# --- what the fast paths of compare rely on ----------------------------------------------------------------

EN_PIECES = st.sampled_from(["one", "a", "an", "hundred", "thousand", "million", "May", "may", "June", "first",
                             "twice", "tens", "of", "millions", "and", "point", "three", "someone", "weight",
                             "Kling", "AI", "SU7", "2024", "24.1", "25.9%", "5 to 10", "Q4", "vol.", "—", "’s",
                             "１２", "(", ")", ",", "-"])
ZH_PIECES = st.sampled_from(["卷", "7", "２４", "一", "兩", "三百", "萬", "億", "241", "年", "月", "6", "日", "第",
                             "多", "百分之", "25.9", "%", "個", "SU7", "可靈", "AI", "1.6", "-", "至", "，", "。"])
en_texts = st.lists(EN_PIECES, max_size=14).map(" ".join)
zh_texts = st.lists(ZH_PIECES, max_size=14).map("".join)


@given(zh_texts, en_texts | zh_texts, st.sampled_from(["en", "zh_Hans"]))
def test_compare_with_the_source_already_read_is_compare(source: str, translation: str, locale: str):
    assert compare(source, translation, locale, read_zh(source)) == compare(source, translation, locale)


@given(en_texts | zh_texts)
def test_a_translation_without_digits_can_add_no_number(translation: str):
    """compare returns [] at once for a source without quantities and a translation without digits: only
    a quantity written with digits is reported as added."""
    digitless = "".join(ch for ch in translation if not ch.isdigit())
    for quantity in read_en(digitless) + read_zh(digitless):
        assert not re.search(r"\d", quantity.text)
    assert compare("沒有數字", digitless, "en") == [] and compare("沒有數字", digitless, "zh_Hans") == []


@given(en_texts | zh_texts)
def test_translation_drafts_hold_the_values_of_their_quantities(translation: str):
    """compare matches the translation's drafts, not frozen Quantities: their values must be equal (and hash
    alike) to the canonical ones and their spans the same."""
    for reader, read in ((numbers._en_drafts, read_en), (numbers._zh_drafts, read_zh)):
        drafts, quantities = reader(translation), read(translation)
        assert [(d.start, d.end, d.kind, d.vague) for d in drafts] == [
            (q.start, q.end, q.kind, q.vague) for q in quantities]
        for draft, quantity in zip(drafts, quantities):
            assert draft.value == quantity.value
            assert draft.value is None or hash(draft.value) == hash(quantity.value)


@given(en_texts | st.lists(EN_PIECES | st.sampled_from(["ten", "often", "content", "Ten", "ONE", "\u212a", "é"]),
                          max_size=14).map("".join))
def test_the_word_pass_may_start_at_the_first_number_word(text: str):
    """The word pass from where _first_number_word says (a number word standing alone, not "one" inside
    "someone") reads what it reads from the beginning."""
    words = numbers._EN_LOWER_WORD.findall(text.lower())
    hits = numbers._EN_VOCABULARY.intersection(words)
    assume(hits)   # read_en runs the word pass only then
    start = numbers._first_number_word(text, 0, hits)
    assert 0 <= start <= len(text) and (start == 0 or not text[start - 1].isascii() or not text[start - 1].isalpha())

    def drafts(begin: int) -> list[tuple]:
        return [(d.start, d.end, d.value, d.kind, d.vague, d.ambiguous)
                for d in numbers._en_word_drafts(text, begin, [])]
    assert drafts(start) == drafts(0)


def test_only_two_characters_lower_case_into_ascii_letters():
    """What _first_number_word relies on to tell when lower-casing the text makes other words."""
    found = [char for char in map(chr, range(128, sys.maxunicode + 1))
             if any("a" <= lower <= "z" for lower in char.lower())]
    assert tuple(found) == numbers.LOWERING_TO_ASCII


_NUMBERISH = st.text(alphabet=list("0123456789.,%- 年月日號個次第一二三四五六七八九十百千萬億兆兩多餘幾數點上卷第 AIvSU"), max_size=24)


@st.composite
def _source_and_shuffled_translation(draw) -> tuple[str, str, str]:
    """A source and a translation holding its pieces in another order (often the same numbers), with a few
    pieces more or less: what the plain-match shortcut of compare must get right."""
    pieces = draw(st.lists(ZH_PIECES | st.sampled_from([" ", "（", "）", "卷 7", "一百多", "24 年", "Veo 2", "AI1.6",
                                                       "1.6 版", "2.5", "1.6%", " 1.6 ", "16 億", "快 2.5 倍"]),
                           max_size=10))
    shuffled = draw(st.permutations(pieces))
    extra = draw(st.lists(ZH_PIECES | EN_PIECES | st.sampled_from(["Kling 1.6", "1.6 billion", "v2.5", "Kling 2.5", "2.50"]),
                          max_size=2))
    cut = draw(st.integers(0, 1))
    return "".join(pieces), "".join(shuffled[cut:] + extra), draw(st.sampled_from(["en", "zh_Hans"]))


@given(_source_and_shuffled_translation() | st.tuples(_NUMBERISH, _NUMBERISH, st.sampled_from(["en", "zh_Hans"])))
def test_a_plain_match_is_what_the_general_matching_finds_nothing_in(case):
    """compare's shortcut (every quantity an exact amount, the same values on both sides) never hides a finding
    the general matching reports: the general path is the oracle."""
    from l10n.numbers import _en_drafts, _matched, _plainly_matched, _zh_drafts, source_readings

    source, translation, locale = case
    sources = source_readings(source)
    targets = (_en_drafts if locale == "en" else _zh_drafts)(translation)
    for target in targets:
        target.text = translation[target.start:target.end].strip()
    if _plainly_matched(sources, targets):
        assert _matched(source, translation, sources, targets) == []


def test_an_amount_before_a_version_of_the_same_value_is_left_to_the_general_matching():
    """The amount takes the version's target first in the general matching (it walks the source in order), so
    the shortcut must not pair the version with it and count "2.50" for the amount."""
    from l10n.numbers import _en_drafts, _matched, source_readings

    source, translation = "快 2.5 倍，Kling 2.5", "Kling 2.5 is 2.50 times faster"
    sources = source_readings(source)
    targets = _en_drafts(translation)
    for target in targets:
        target.text = translation[target.start:target.end].strip()
    assert compare(source, translation, "en") == _matched(source, translation, sources, targets)


@given(_NUMBERISH, _NUMBERISH, st.sampled_from(["en", "zh_Hans"]))
def test_compare_finds_the_same_from_source_readings_as_from_read_zh(source, translation, locale):
    """check reads each source once with source_readings (unfrozen): never a different finding."""
    from l10n.numbers import source_readings

    readings = source_readings(source)
    assert [(r.value, r.text, r.kind, r.vague) for r in readings] == \
        [(q.value, q.text, q.kind, q.vague) for q in read_zh(source)]
    assert compare(source, translation, locale, readings) == compare(source, translation, locale, read_zh(source))


@given(st.text(alphabet=list("第 \u00a0一1x"), max_size=6), st.integers(0, 6))
def test_an_ordinal_is_read_after_di_as_before(text, start):
    start = min(start, len(text))
    assert numbers._ordinal_before(text, start) == text[max(0, start - 2):start].rstrip(" \u00a0").endswith("第")


_AFTER_PIECES = st.sampled_from([" ", "\u00a0", "年", "代", "月", "日", "號", "号", "個", "次", "小時", "小时", "分鐘", "美元",
                                 "名", "歲", "天", "多", "第", "快", "A", "1", "-"])


@given(st.lists(_AFTER_PIECES, max_size=5).map("".join))
def test_one_match_of_the_marks_after_a_number_names_what_the_tests_in_order_find(after: str):
    """_ZH_MARKED's group is the first of _ZH_AFTER_NUMBER's patterns that matches, and _zh_kind_after is the
    first of the month, day and counter tests (the years aside), as they were tested one by one."""
    text = "24" + after
    first = next((kind for kind, pattern in numbers._ZH_AFTER_NUMBER if pattern.match(text, 2)), None)
    found = numbers._ZH_MARKED.match(text, 2)
    assert (found.lastgroup if found else None) == first
    plain = ("month" if numbers._ZH_MONTH.match(text, 2) else "day" if numbers._ZH_DAY.match(text, 2)
             else "count" if numbers._ZH_COUNTER.match(text, 2) else None)
    assert numbers._zh_kind_after(text, 2) == plain
    assert numbers._zh_kind_after(text, 2, found.lastgroup if found else None) == plain


@given(en_texts | st.lists(EN_PIECES | st.sampled_from(["ten", "often", "content", "Ten", "ONE", "\u212a", "é", "İ",
                                                          "someone", "a", "mayday", "twenty-one", "_", "1st"]),
                          max_size=14).map("".join) | st.text(max_size=20))
def test_the_vocabulary_words_are_the_words_the_word_regex_reads_that_the_vocabulary_holds(text: str):
    lowered = text.lower()
    assert numbers._vocabulary_words(lowered) == [
        word for word in numbers._EN_LOWER_WORD.findall(lowered) if word in numbers._EN_VOCABULARY]


@given(en_texts | st.lists(EN_PIECES | st.sampled_from(["tens", "of", "dozens", "hundreds", "and", "point", "five",
                                                          "foo", "an", "a", "-", "  ", "twenty", "Jan.", "Sept",
                                                          "May 2024", "in May", "may", "once", "nine"]),
                          max_size=16).map(" ".join) | st.lists(EN_PIECES, max_size=10).map("-".join))
def test_the_word_pass_over_the_words_it_looks_at_reads_what_it_reads_over_every_word(text: str):
    def drafts(looked_at) -> list[tuple]:
        return [(d.start, d.end, d.value, d.kind, d.vague, d.ambiguous, d.scale)
                for d in numbers._en_word_drafts(text, 0, [], looked_at)]
    assert drafts(numbers._EN_PASS_WORDS) == drafts(None)


# --- the plain readings compare decides most pairs with ---------------------------------------------------

_PLAIN_ZH_PIECES = ZH_PIECES | st.sampled_from([
    "萬", "億", "万", "亿", "兆", "千", "%", "2024 年", "24 年", "24\u00a0年", "90 年代", "第", "第 ", "多", "餘", "幾",
    "數", "上", "點", "点", "一", "一月", "一 月", "兩個", "两个", "三", "三次", "二次元", "一一", "〇", "零", "壹",
    "A", "v", "-", ",", ".", "1,234", "1,2345", "US$", "RMB", "@x", "http://a.b/7", "www.a7", "１２", "\u3000",
    " ", "\u00a0", "\u2009", "1. ", "\u0663", "5.", "4K", "年", "代", "Veo 2", "(卷", ")", "（卷", "）", "007", "0",
    "1", "12", "2024", "1.5", "1.5 倍", "2.5 萬", "25.9%", "25.9 %", "5%A", "3 萬多", "萬億", "1億5000萬", "1-2 萬", "10-20%",
    "3萬 %", "個百分點", "千萬", "百分之", "5萬A", "5萬.5", "1.2.3", "7 至 ", "~",
    # two-digit years and counts of years (_year_reading), two Chinese digits
    "20 年", "20年", "05 年", "一位 ", "位", "在", "從 ", "年來", "年 VFX 動畫師", "師", " 年", "年底", "年 6 月", "年代",
    "\u2009年", "一一", "三四", "三四家", "兩三個", "一一被", "正", "第 ", "一二三",
    # versions and what looks like one
    "AI1.6", "AI 1.6", "Veo-2", "Gen-3", "Gen 3 次", "Q1.5", "H2", "RMB1.6", "rmb1.6", "RMB 16", "xAI1.6", "1.6 版",
    "第 1.6", "可靈 1.6", "v2.5", "AI12.5", "Kling", "2.5 萬", "1.6%",
    # @handles
    "@brain_racked", "@a1", "@1,000", "@12一", "@一", "x@1", "@", "@1.5", "@1.", "@", "@x萬",
    # identifiers
    "SU7", "su7", "SU 7", "Q7", "H1", "RMB16", "SU7 萬", "SU7,000", "SU7%", "SU7.5", "o3", "4K", "SU7 個"])
_PLAIN_EN_PIECES = EN_PIECES | st.sampled_from([
    "1,234", "1,2345", "5,6", "1990's", "1990’s", "90s", "per cent", "percent", "percentage points", "5%", "Gen-3",
    "A-5", "mid-2024", "\u0130", "\u212a", "5k", "5 million", "5\u00a0Million", "May", "may", "one", "One",
    "twenty-one", "one point five billion", "two or three", "hundreds", "tens of millions", "first", "both",
    "once", "(vol. ", ")", "1. ", "007", "0", "1", "2", "7798", "\u0663", "１２", "@x", "http://a.b/7", "24.", "3rd",
    "millions", "a", "thousand", "June", "January", "24.1", "24.1 billion", "1,234.5", "5 million%", "5 million per cent",
    "25.9%", "25.9 %", "5%A", "to", " to ", "through", "~", "–", "1.2.3", "5.", "5..3", "thouſand", "Billion", "2.50",
    # versions and what looks like one
    "AI1.6", "AI 1.6", "Q1.5", "Q4", "RMB1.6", "rmb1.6", "Gen-3.5", "Gen-1,000", "v2.5", "Veo 2", "Veo-2", "AI1.6%",
    "AI1.6 per cent", "AI1.6 million", "Kling 1.6", "1.6", "mid-2024",
    # @handles
    "@brain_racked", "@one", "@a1", "@1,000", "@1,", "@12", "x@1", "@", "@1.5", "@million", "@five_million", "@1.",
    # identifiers
    "SU7", "su7", "SU 7", "Q7", "Q12", "H1", "RMB16", "SU7 million", "SU7,000", "SU7%", "one7", "million7", "o3", "4K"])
_plain_zh_texts = st.lists(_PLAIN_ZH_PIECES, max_size=12).map("".join)
_plain_en_texts = st.lists(_PLAIN_EN_PIECES, max_size=12).map(" ".join) \
    | st.lists(_PLAIN_EN_PIECES, max_size=12).map("".join)


def _drafts_as_plain_numbers(drafts, text: str) -> tuple[list[tuple[str, str, bool]], list[str], list[str]]:
    """The oracle of the plain readers: the readers' exact quantities, those written with digits in text
    order as (value key, digits as _number_text reads them, whether a version), the others as sorted value
    keys, vague ones left out; and the identifiers, spelled as compare looks them up."""
    digit_entries, word_keys, identifiers = [], [], []
    for draft in drafts:
        if draft.vague:
            continue
        written = text[draft.start:draft.end]
        if draft.kind == "identifier":
            identifiers.append(numbers._identifier_key(written.strip()))
            continue
        assert draft.value is not None and not draft.ambiguous
        key = numbers._value_key(draft)
        if re.search(r"\d", written):
            draft.text = written.strip()
            digit_entries.append((key, numbers._number_text(draft), draft.kind == "version"))
        else:
            assert draft.kind != "version"
            word_keys.append(key)
    return digit_entries, sorted(word_keys), identifiers


def _as_entries(plain) -> tuple[list[tuple[str, str, bool]], list[str], list[str]]:
    digit_keys, word_keys, texts, versions, identifiers = plain
    assert len(digit_keys) == len(texts) and versions == sorted(set(versions))
    return ([(key, written, index in versions) for index, (key, written) in enumerate(zip(digit_keys, texts))],
            sorted(word_keys), identifiers)


@given(_plain_zh_texts | zh_texts | _NUMBERISH)
def test_a_plain_chinese_reading_is_what_the_reader_reads(text: str):
    """Where _plain_zh_numbers reads a text, _zh_drafts reads the same values, none of them vague, read two
    ways or an identifier, and the same versions (so compare may match them as plain values)."""
    plain = numbers._plain_zh_numbers(text)
    if plain is not None:
        drafts = numbers._zh_drafts(text)
        assert not any(draft.vague for draft in drafts)
        assert _as_entries(plain) == _drafts_as_plain_numbers(drafts, text)


@given(_plain_en_texts | en_texts)
def test_a_plain_english_reading_is_what_the_reader_reads(text: str):
    plain = numbers._plain_en_numbers(text)
    if plain is not None:
        assert _as_entries(plain) == _drafts_as_plain_numbers(numbers._en_drafts(text), text)


def test_the_ascii_scan_opens_and_goes_on_with_the_characters_the_scan_does_on_ascii():
    """Every ASCII character starts and continues a run of _EN_PLAIN_ASCII_RUN where it does one of _EN_PLAIN_RUN."""
    for char in map(chr, range(128)):
        assert bool(numbers._EN_PLAIN_ASCII_RUN.fullmatch(char)) == bool(numbers._EN_PLAIN_RUN.fullmatch(char))
        assert bool(numbers._EN_PLAIN_ASCII_RUN.fullmatch("1" + char)) == bool(numbers._EN_PLAIN_RUN.fullmatch("1" + char))


@given((_plain_en_texts | en_texts).filter(str.isascii) | st.text(st.characters(max_codepoint=127), max_size=40),
       st.integers(0, 5))
def test_the_ascii_scan_finds_the_runs_of_an_ascii_text(text: str, begin: int):
    assert numbers._EN_PLAIN_ASCII_RUN.findall(text, begin) == numbers._EN_PLAIN_RUN.findall(text, begin)


@given(_plain_en_texts | en_texts)
def test_english_words_left_unread_read_below_100(text: str):
    """_plain_en_numbers(text, below_100=False) leaves out only number words whose amounts are all below 100
    (what a source without such an amount cannot be matched with)."""
    every, some = numbers._plain_en_numbers(text), numbers._plain_en_numbers(text, below_100=False)
    assert (every is None) == (some is None)
    if every is not None:
        assert some[0] == every[0]
        assert some[1] == every[1] or (not some[1] and all(Decimal(key) < 100 for key in every[1]))


_LONE_PIECES = st.sampled_from([
    *sorted(numbers._EN_WORDS_READ_ALONE), "One", "TWO", "May", "June", "Sept", "Sept.", "Jan", "MAY", "a", "an", "and",
    "of", "point", "to", "tens of", "in May", "May 2024", "May, 2024", "mid-May", "early May", "by", "2024", "5", "-",
    "—", "’s", "someone", "often", "content", "@one", "@x_two", "@a.three", "@may", "x@one", "Kling", "1. ", "(vol. 7)",
    "twenty", "hundred", "one7", "Q4", "entry point", "point-", "-point", "five-point", "five  point", "point five",
    "five\u00a0point", "five \u3000point", "five - point", "five. point", "6 June point", "twice point", "npoint",
    "pointe", "dozen", "a dozen", "an hundred", "a hundred", "A Hundred", "DOZEN", "hundred and", "five hundred",
    "the hundred", "hundred-five", "a-dozen", "hundreds", "hundredth", "a  hundred", "hundred point", "@x hundred",
    "hundred 5", "5 hundred", "ten", "a a"])


@given(st.lists(_LONE_PIECES, max_size=12).map(" ".join) | st.lists(_LONE_PIECES, max_size=12).map("".join))
def test_words_read_alone_are_what_the_word_pass_reads(text: str):
    """_plain_en_numbers reads a text whose number words each stand alone (_EN_WORDS_READ_ALONE, or a
    hundred or dozen no number word is joined to, no word "point" after one of them, no identifier) without the word pass: _lone_word_keys gives the keys the pass
    gives, handles skipped."""
    plain = numbers._plain_en_numbers(text)
    words = text.encode("utf-8", "surrogatepass").translate(numbers._ASCII_WORD_BYTES).split()
    hits = {word.decode() for word in numbers._EN_VOCABULARY_BYTES.intersection(words)}
    assume(plain is not None and hits and not plain[4])
    lowered = ascii_lower(text)
    assume(hits <= numbers._EN_WORDS_READ_ALONE_OR_MULTIPLYING and not numbers._point_after_hit(lowered, hits)
           and numbers._multipliers_alone(lowered, hits))
    handles = [m.span() for m in numbers._HANDLE.finditer(text)]
    begin = numbers._list_marker_end(text)
    expected = [numbers._value_key(draft) for draft in numbers._en_word_drafts(text, begin, handles)
                if not draft.vague]
    assert numbers._lone_word_keys(text, begin, hits, handles) == expected
    assert plain[1] == expected


def test_every_vocabulary_word_that_may_read_100_or_more_holds_a_multiplier_stem():
    """What _plain_en_numbers' pre-test for a source without amounts below 100 stands on: a text without any of
    _EN_MULTIPLIER_STEMS holds no vocabulary word outside _EN_WORDS_BELOW_100."""
    for word in numbers._EN_VOCABULARY - numbers._EN_WORDS_BELOW_100:
        assert any(stem in word for stem in numbers._EN_MULTIPLIER_STEMS), word


def test_a_scale_word_starts_with_a_scale_initial():
    assert all(word[0] in numbers._EN_SCALE_INITIALS and word[0].upper() in numbers._EN_SCALE_INITIALS
               for word in numbers._EN_SCALES)


def test_a_word_an_identifier_starts_with_may_go_on_a_number_before_it():
    """Why an identifier sends a text's words to the word pass: "one" of one7 is the span of an identifier, but
    goes on the run "two" starts, and so is read (as 1)."""
    assert sorted(numbers._plain_en_numbers("two one7")[1]) == ["1", "2"]
    assert sorted(numbers._value_key(d) for d in numbers._en_drafts("two one7") if d.value is not None) == ["1", "2"]


def test_plain_texts_are_read_plainly():
    """The readings compare's shortcut stands on (the corpus of bench_check is mostly such sentences)."""
    def keys(plain):
        return plain[:2]
    assert numbers._plain_zh_numbers("快手究竟會成為一家怎樣的公司(卷19790)?") == (["19790"], [], ["19790"], [], [])
    assert keys(numbers._plain_zh_numbers("在 2024 年 5 月的大會上亮相的兩個系列（卷432）")) == (["2024", "5", "432"], ["2"])
    assert keys(numbers._plain_en_numbers("the Veo series unveiled in May 2024, one of two (vol. 1,432)")) == (
        ["2024", "1432"], ["5", "1", "2"])
    assert numbers._plain_zh_numbers("接近 70 萬,大增 25.9%,快 1.5 倍,241 億元") == (
        ["700000", "%25.9", "1.5", "24100000000"], [], ["70", "25.9", "1.5", "241"], [], [])
    # a two-digit year read one way (a count after 一位, a year before 6 月) and two Chinese digits of no number
    assert numbers._plain_zh_numbers("X 上有一位 20 年 VFX 動畫師（卷33）")[:2] == (["20", "33"], [])
    assert numbers._plain_zh_numbers("24 年 6 月")[:3] == (["2024", "6"], [], ["24", "6"])
    assert numbers._plain_zh_numbers("正一一被 AI 賦能") == ([], [], [], [], [])
    for text in ("快手 24 年", "第 20 年", "三四家", "一一點五", "70 萬多", "1-2 萬", "1億5000萬", "一百多次", "第一",
                 "１２", "3 萬億%", "Q1.5", "RMB1.6", "AI1.6%", "AI1.6.2", "@12一", "@一"):
        assert numbers._plain_zh_numbers(text) is None, text
    assert numbers._plain_en_numbers("24.1 billion yuan, up 25.9% (700,000 users)") == (
        ["24100000000", "%25.9", "700000"], [], ["24.1", "25.9", "700000"], [], [])
    for text in ("1990's", "one point five billion", "www.a7.com", "5 to 10 million", "10-20%", "5 per cent",
                 "RMB1.6", "AI1.6%", "AI1.6 million", "Gen-3%", "@1,000", "@1,"):
        assert numbers._plain_en_numbers(text) is None, text


def test_versions_are_read_plainly():
    """Versions (Veo 2, Gen-3, AI1.6, 可靈 1.6) are plain: compare looks them up by their digits."""
    assert numbers._plain_zh_numbers("Google Veo-2 和可靈 AI 1.6 成了雙王（卷50）") == (
        ["2", "1.6", "50"], [], ["2", "1.6", "50"], [0, 1], [])
    assert numbers._plain_zh_numbers("可靈 AI1.6、Veo 2 與 Gen-3 在 2024 年、第 1.5，") == (
        ["1.6", "2", "3", "2024", "1.5"], [], ["1.6", "2", "3", "2024", "1.5"], [0, 1, 2], [])
    assert numbers._plain_zh_numbers("Gen 3 次、1.6 倍") == (["3", "1.6"], [], ["3", "1.6"], [], [])
    assert numbers._plain_en_numbers("Runway Gen-3 and Kling AI1.6, Veo 2 (vol. 44)") == (
        ["3", "1.6", "2", "44"], [], ["3", "1.6", "2", "44"], [0, 1], [])
    assert numbers._plain_zh_numbers("X 上的 @brain_racked2024 與 @a1，2025 年（卷33）")[:2] == (["2025", "33"], [])
    assert numbers._plain_en_numbers("On X, @brain_racked2024 and @one_million in May 2025 (vol. 33)")[:2] == (
        ["2025", "33"], ["5"])
    source = numbers.read_source("Runway Gen-3 與可靈 AI1.6（卷44）")
    assert (source.values, source.versions, source.bounds) == (["44"], ("3", "1.6"), frozenset())
    assert numbers._plain_zh_numbers("小米 SU7 的銷量（卷77）")[::4] == (["77"], ["su7"])
    assert numbers._plain_en_numbers("the Xiaomi su7 and SU7 (vol. 77)")[::4] == (["77"], ["su7", "su7"])
    for text in ("one7 and 5", "million7 and 5 million", "SU7 million"):   # the identifier's letters are no number word
        plain = numbers._plain_en_numbers(text)
        assert plain is None or _as_entries(plain) == _drafts_as_plain_numbers(numbers._en_drafts(text), text)
    assert numbers._plain_en_numbers("one7 and 5")[:2] == (["5"], [])
    assert numbers._plain_en_numbers("SU7,000 units") is None   # the identifier is SU7, and the token takes ",000" in
    identified = numbers.read_source("小米 SU7 的銷量（卷77）")
    assert (identified.values, identified.identifiers) == (["77"], ("su7",))
    for translation, same in (("Sales of the Xiaomi SU7 (vol. 77)", True), ("Sales of the Xiaomi SU8 (vol. 77)", False),
                              ("Sales of the Xiaomi SU 7 (vol. 77)", False)):   # the last: left to _matched
        assert numbers._plainly_the_same(numbers._plain_en_numbers(translation), identified) == same
    # "mid-2024" reads as a version (as Gen-3 does), which an amount takes when no source version wants it
    assert numbers._plainly_the_same(numbers._plain_en_numbers("By mid-2024 (vol. 43)"), numbers.read_source("2024 年年中（卷43）"))
    vague = numbers.read_source("提到了一百多次 AI(卷1)")
    assert (vague.values, vague.versions, vague.bounds) == (["1"], (), frozenset({"100"}))
    for text in ("24 年", "Veo 2 與 Veo-2"):
        assert numbers.read_source(text).values is None, text


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False), st.booleans())
def test_a_source_tells_below_100_from_its_value_keys(value: Decimal, percent: bool):
    """SourceNumbers.below_100 reads each key without a Decimal where it is an integer's."""
    key = ("%" if percent else "") + numbers._decimal_key(value)
    assert numbers._below_100(key) == (not percent and value < 100)


def test_a_version_takes_the_first_number_written_with_its_digits():
    """As _matched's take does: here the version 2, and the count 2 is reported as added."""
    source, translation = "Veo 2（卷7）", "Veo 2 与 2 个（卷7）"
    assert compare(source, translation, "zh_Hans") == _general_compare(source, translation, "zh_Hans") == [
        NumberFinding("warning", "2: in translation but not in source", "2")]


def test_the_round_figure_of_a_vague_amount_is_matched_plainly():
    """一百多次 asks nothing, and excuses a 100 in the translation: told from the plain readings."""
    source = numbers.read_source("提到了一百多次 AI(卷1)")
    for translation in ("mentioned AI 100 times (vol. 1)", "mentioned AI more than a hundred times (vol. 1)"):
        assert numbers._plainly_the_same(numbers._plain_en_numbers(translation, source.below_100), source)
    assert not numbers._plainly_the_same(numbers._plain_en_numbers("mentioned AI 200 times (vol. 1)"), source)


# Source pieces with a rendering of each in English, so a generated pair often carries the same numbers.
_ZH_EN_PAIRS = st.sampled_from([
    ("卷7", "vol. 7"), ("（卷12）", "(vol. 12)"), ("2024 年", "2024"), ("5 月", "May"), ("5 月", "5"), ("一家", "a"),
    ("兩個", "two"), ("兩個", "2"), ("70 萬", "700,000"), ("70 萬", "0.7 million"), ("第一", "first"),
    ("一百多", "more than a hundred"), ("1.6", "1.6"), ("25.9%", "25.9%"), ("24 年", "2024"), ("24 年", "24 years"),
    ("三次", "three times"), ("1", "1"), ("一", "one"), ("一月", "January"), ("SU7", "SU7"), ("可靈 1.6", "Kling 1.6"),
    ("1,000", "1,000"), ("1000", "one thousand"), ("100", "a hundred"), ("", "one"), ("", "1"), ("", "3"), ("兩", ""),
    ("Veo-2", "Veo 2"), ("Veo 2", "Veo-2"), ("Gen-3", "Gen-3"), ("可靈 AI1.6", "Kling AI 1.6"), ("AI1.6", "AI1.6"),
    ("可靈 1.6", "Kling 1.6"), ("1.6 倍", "1.6 times"), ("一百多次", "more than a hundred times"),
    ("一百多次", "100 times"), ("兩百多", "200"), ("", "Gen-2"), ("", "100"), ("2", "2"), ("Veo 2", ""),
    ("2024 年", "mid-2024"), ("@brain_racked", "@brain_racked"), ("@a1", "@a1"), ("", "@one"), ("20 年", "20 years"),
    ("小米 SU7", "Xiaomi SU7"), ("SU7", "su7"), ("SU7", "SU 7"), ("SU7", ""), ("", "SU7"), ("SU7", "SU7 and SU7")])


@st.composite
def _source_and_english(draw) -> tuple[str, str, str]:
    pairs = draw(st.lists(_ZH_EN_PAIRS, max_size=6))
    shuffled = draw(st.permutations(pairs))
    return "，".join(zh for zh, _ in pairs), " and ".join(en for _, en in shuffled), "en"


def _general_compare(source: str, translation: str, locale: str) -> list[NumberFinding]:
    """compare as it was before its plain shortcut: both texts read, then the general matching."""
    sources = numbers.source_readings(source)
    if not sources and not re.search(r"\d", translation):
        return []
    targets = (numbers._en_drafts if locale.startswith("en") else numbers._zh_drafts)(translation)
    if not sources and not targets:
        return []
    for target in targets:
        target.text = translation[target.start:target.end].strip()
    return numbers._matched(source, translation, sources, targets)


@given(_source_and_english() | _source_and_shuffled_translation()
       | st.tuples(_plain_zh_texts, _plain_zh_texts | _plain_en_texts, st.sampled_from(["en", "zh_Hans"])))
def test_compare_with_plain_readings_finds_what_the_general_matching_finds(case):
    """The plain shortcut (the source's exact values against a plainly read translation) gives exactly the
    findings of reading both texts and matching them, whether the source was read by read_source, read_zh or
    not at all."""
    source, translation, locale = case
    expected = _general_compare(source, translation, locale)
    assert compare(source, translation, locale, numbers.read_source(source)) == expected
    assert compare(source, translation, locale) == expected
    assert compare(source, translation, locale, read_zh(source)) == expected

"""The inline-markup model: what a segment's Markdown holds and where, as markdown-it-py parses it."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.markup import (DEFAULT_MACRO_PATTERNS, PLAIN, Link, compare, inline_markup, markdown_parser,
                         markup_differences, normalise_tag, reference_labels)

SENTENCE = ('見 [列舉數值] 與 [文字][標籤] 和 [^1] 和 ![圖](a.png "t") `碼` **粗** <span class="x">紅</span> '
            '<https://a.b/c?d> ~~刪~~ {{ x }} \\* &amp; [連結](https://x.y/ "標題")')


def test_every_kind_of_inline_markup_is_found_with_its_position():
    markup = inline_markup(SENTENCE)
    assert markup.links == (Link("https://x.y/", "標題"),)
    assert markup.images == (Link("a.png", "t"),)
    assert markup.reference_links == ("列舉數值", "標籤")
    assert markup.autolinks == ("https://a.b/c?d",)
    assert markup.code_spans == ("碼",)
    assert markup.html_tags == ('<span class="x">', "</span>")
    assert markup.footnote_refs == ("1",)
    assert markup.macros == ("{{ x }}",)
    assert markup.emphasis == (("s", 1), ("strong", 1))
    fixed = [(span.kind, SENTENCE[span.start:span.end]) for span in markup.fixed]
    assert fixed == [("reference", "[列舉數值]"), ("reference", "][標籤]"), ("footnote", "[^1]"),
                     ("destination", '](a.png "'), ("title-end", '")'), ("code", "`碼`"),
                     ("html", '<span class="x">'), ("html", "</span>"), ("autolink", "<https://a.b/c?d>"),
                     ("macro", "{{ x }}"), ("escape", "\\*"), ("entity", "&amp;"),
                     ("destination", '](https://x.y/ "'), ("title-end", '")')]
    paired = [(span.kind, SENTENCE[span.start:span.end]) for span in markup.paired]
    assert paired == [("link-open", "["), ("link-open", "!["), ("strong", "**"), ("strong", "**"),
                      ("s", "~~"), ("s", "~~"), ("link-open", "[")]


def test_text_without_markup_characters_is_not_parsed():
    assert inline_markup("2024 年 6 月,可靈 AI 衝進了 AI 影片行業。") is PLAIN


def test_emphasis_pairs_as_the_build_renders_it():
    # The project's CJK-friendly emphasis (l10n.html.emphasis_cjk) pairs ** next to full-width punctuation and
    # Han text, where plain CommonMark would not (issue 12's example); a space inside a delimiter still breaks.
    assert inline_markup("**參考（references）**就像").emphasis == (("strong", 1),)
    assert inline_markup("這是**粗體**文字").emphasis == (("strong", 1),)
    broken = inline_markup("**重點 **就像")
    assert broken.emphasis == () and broken.stray_delimiters == ("**", "**")


def test_snake_case_and_escapes_are_not_stray_delimiters():
    assert inline_markup("snake_case 與 \\*星號\\*").stray_delimiters == ()


def test_document_labels_decide_what_is_a_reference():
    assert inline_markup("[注意] 與 [列舉數值]").reference_links == ("注意", "列舉數值")
    assert inline_markup("[注意] 與 [列舉數值]", labels=["列舉數值"]).reference_links == ("列舉數值",)
    document = "見[列舉數值]。\n\n[列舉數值]: ch06-01-defining-an-enum.html\n[Ref]: x.html\n"
    assert reference_labels(document) == {"列舉數值", "REF"}


def test_macros_are_configurable_and_code_keeps_its_own():
    text = "在 `{{ page.title }}` 中，{{ page.title }} 與 <%= name %> 都會被換掉"
    assert inline_markup(text).macros == ("{{ page.title }}",)
    assert inline_markup(text).code_spans == ("{{ page.title }}",)
    assert inline_markup(text, macros=[r"<%=.*?%>"]).macros == ("<%= name %>",)
    assert inline_markup("{{ a }}", macros=()).macros == ()
    assert "{% raw %}" in inline_markup("{% raw %} **x**").macros


def test_a_macro_holding_markdown_characters_is_one_word_to_the_parser():
    markup = inline_markup("{{< figure src=\"a_b*.png\" >}} 與 *強調*")
    assert markup.emphasis == (("em", 1),) and markup.stray_delimiters == ()


def test_tags_are_compared_without_their_translatable_attributes():
    assert normalise_tag('<IMG src="a.png" alt="圖" title="說明">') == '<img src="a.png">'
    assert normalise_tag("<!-- ignore -->") == "<!-- ignore -->"
    assert compare(inline_markup('<abbr title="應用程式介面">API</abbr>'),
                   inline_markup('<abbr title="application programming interface">API</abbr>')) == []


@pytest.mark.parametrize("source, translation, expected", [
    ("見 [文件](https://a.example/x) 與 `cargo`", "`cargo` and [the docs](https://a.example/x)", []),
    ("見 [文件](https://a.example/x)", "see [the docs](https://a.example/y)",
     ["link https://a.example/x: missing in the translation", "link https://a.example/y: not in the source"]),
    ("請見[列舉數值]", "see [enum values][列舉數值]", []),
    ("請見[列舉數值]", "see [列举数值]", ["reference link [列舉數值]: missing in the translation"]),
    ("請見[列舉數值][Enum]", "see [enums][ENUM]", []),   # labels match case-insensitively (CommonMark)
    ("腳註[^1]", "footnote[^2]", ["footnote reference [^1]: missing in the translation",
                                 "footnote reference [^2]: not in the source"]),
    ("**重點**在此", "the **point** here", []),
    ("**重點**在此", "the point here", ["emphasis ** (strong): 1 in the source, 0 in the translation"]),
    ("**重點**在此", "the **point here", ['unpaired emphasis delimiter "**": it no longer opens or closes emphasis '
                                       "(CommonMark needs it next to the text it marks, and punctuation or a "
                                       "space on its outer side)",
                                       "emphasis ** (strong): 1 in the source, 0 in the translation"]),
    ("《星球大戰》", "*Star Wars*", []),   # more emphasis than the source is the translator's typography
    ("<b>粗</b>", "</b>bold<b>", ["HTML tags out of order: </b> closes nothing"]),
    ("<b>粗</b>", "<b>bold</b> <script>x</script>", ["HTML tag <script>: not in the source",
                                                    "HTML tag </script>: not in the source"]),
    ("`a` 與 `a`", "`a`", ["code span `a`: missing in the translation (1 of 2)"]),
])
def test_differences(source, translation, expected):
    assert [d.message for d in markup_differences(source, translation)] == expected


def test_only_lost_emphasis_is_not_severe():
    severities = {d.message.split(":")[0]: d.severe for d in markup_differences("**重點**", "the **point")}
    assert severities == {'unpaired emphasis delimiter "**"': True, "emphasis ** (strong)": False}


def test_the_shared_parser_has_the_project_plugins():
    tokens = markdown_parser().parse("---\ntitle: x\n---\n\n- [ ] 任務\n\n詞\n: 定義\n\n註[^1]\n\n[^1]: 內容\n")
    types = {token.type for token in tokens}
    assert {"front_matter", "dl_open", "footnote_ref" if False else "footnote_block_open"} <= types


_PIECES = st.sampled_from(["中文", "text", " ", "**", "*", "_", "~~", "`", "``", "[", "]", "(", ")", "![",
                           "](u)", "<b>", "</b>", "<https://a.b>", "{{ x }}", "{% y %}", "[^1]", "\\", "\\*",
                           "&amp;", "\n", '"', "：", "（", "）"])


@settings(max_examples=120, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_spans_never_overlap_and_stay_inside_the_text(text):
    """What MT protection and OpenCC rely on: every fixed and paired span is inside the text and none
    overlaps another, so each can be locked or carried on its own; identical texts never differ."""
    markup = inline_markup(text)
    spans = sorted([*markup.fixed, *markup.paired], key=lambda span: (span.start, span.end))
    assert all(0 <= span.start < span.end <= len(text) for span in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert markup_differences(text, text) == []


def test_default_macro_patterns_are_the_documented_four():
    assert len(DEFAULT_MACRO_PATTERNS) == 4
    for macro in ("{{ x }}", "{% include a.html %}", "{{< figure >}}", "{{#include ../a.rs}}"):
        assert inline_markup(f"前 {macro} 後").macros == (macro,)


_MARKUP_PIECES = ["a", "b", "Z9", " ", "快手", "(", "）", ".", ",", ":", "!", "?", "*", "_", "`", "[", "]", "<", ">", "{",
                  "}", "&", "\\", "~", "#", "-", "+", "=", "|", '"', "'", "/", "%", "0", "7", "\n", "R&D", "&amp;",
                  "&#123;", "&#x4e00;", "&copy", "snake_case", "a__b", "_x_", "x_", "@rohanpaul_ai", "![", "!]", "[^",
                  "^[", "Hello!", "http://x.y/a_b", "<b>", "\u3000", "\ue000"]


@given(st.one_of(st.text(alphabet=list("ab 快手()（）.,:;!?*_`[]<>{}&\\~#-+=|\"'/%0123456789"), max_size=30),
                 st.lists(st.sampled_from(_MARKUP_PIECES), max_size=12).map("".join)),
       st.sampled_from([None, frozenset(), frozenset({"快手"}), frozenset({"a"})]))
def test_plain_text_is_plain_markup_whatever_the_labels(text, labels):
    """The markup check skips both sides of an entry when is_plain_text says so: never a hidden difference.
    The general path (the parser, which inline_markup skips for such text) is the oracle."""
    from markdown_it.common.utils import normalizeReference

    from l10n.markup import _analyse, compile_macros, is_plain_text

    for macros in ((), DEFAULT_MACRO_PATTERNS):
        if is_plain_text(text, macros):
            normalised = None if labels is None else frozenset(map(normalizeReference, labels))
            assert _analyse(text, compile_macros(macros), normalised) == PLAIN


@given(st.one_of(st.text(max_size=30),
                 st.text(alphabet=list("ab 快手()（）.,:;!?*_`[]<>{}&\\~#-+=|\"'/%0123456789"), max_size=30),
                 st.lists(st.sampled_from(_MARKUP_PIECES), max_size=12).map("".join)))
def test_the_markup_start_charset_is_a_precondition_of_the_markup_search(text):
    """is_plain_text answers True at once for a text without any of _MARKUP_START's characters: every match
    of the full search must start with one of them."""
    from l10n.markup import _MARKUP_START, _MAYBE_MARKUP

    match = _MAYBE_MARKUP.search(text)
    if match is not None:
        assert _MARKUP_START.match(text, match.start())
    if not _MARKUP_START.search(text):
        assert match is None and "{" not in text

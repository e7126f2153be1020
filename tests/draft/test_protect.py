"""Fixed tokens through MT, proven with deterministic engine doubles that damage the text in known ways."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from l10n.draft.protect import Protected, Slot, protect, restore

SOURCE = "快手可灵AI的出现,来源:X 网友 @brain_racked,可灵 1.6 超过 1 亿元"


def spans_of(text: str, renderings: dict[str, str]) -> list[tuple[int, int, str]]:
    """Every occurrence of each key, rendered as its value (the way glossary matching will call protect)."""
    return [(m.start(), m.end(), renderings[m.group()])
            for m in re.finditer("|".join(map(re.escape, sorted(renderings, key=len, reverse=True))), text)]


RENDERINGS = {"可灵": "Kling", "AI": "AI", "@brain_racked": "@brain_racked", "1.6": "1.6"}


def test_protect_injects_the_required_output_apart_from_latin_neighbours() -> None:
    protected = protect(SOURCE, spans_of(SOURCE, RENDERINGS))
    assert protected.text == "快手Kling AI的出现,来源:X 网友 @brain_racked,Kling 1.6 超过 1 亿元"
    assert [slot.required for slot in protected.slots] == ["Kling", "AI", "@brain_racked", "Kling", "1.6"]
    assert all(slot.marker == slot.required for slot in protected.slots)


def test_spans_in_any_order() -> None:
    assert protect("可灵与快手", [(3, 5, "Kuaishou"), (0, 2, "Kling")]).text == "Kling与Kuaishou"


@pytest.mark.parametrize("spans", [
    [(0, 3, "A"), (2, 4, "B")],  # overlap
    [(3, 9, "A")],  # past the end
    [(-1, 1, "A")],
    [(0, 1, "")],
])
def test_bad_spans_are_refused(spans: list[tuple[int, int, str]]) -> None:
    with pytest.raises(ValueError):
        protect("可灵与快手", spans)


# Engine doubles: each damages the protected text the way MT output sometimes does.
def faithful(text: str) -> str:
    return f"The rise of {text}"


def lowercasing(text: str) -> str:
    return text.lower()


def spacing(text: str) -> str:
    """Splits handles and names into pieces, as a model sometimes emits them."""
    return text.replace("@brain_racked", "@ brain_ racked").replace("Kling", "K ling")


def reordering(text: str) -> str:
    return " ".join(reversed(re.findall(r"\S+", text)))


def dropping_kling(text: str) -> str:
    return text.replace("Kling", "Keling", 1)


@pytest.mark.parametrize("engine", [faithful, lowercasing, spacing, reordering])
def test_restore_recovers_every_term(engine) -> None:
    protected = protect(SOURCE, spans_of(SOURCE, RENDERINGS))
    restored, lost = restore(engine(protected.text), protected)
    assert lost == []
    for term in ("Kling", "AI", "@brain_racked", "1.6"):
        assert term in restored
    assert restored.count("Kling") == 2


def test_lowercased_terms_get_their_case_back() -> None:
    protected = protect("可灵", [(0, 2, "Kling")])
    assert restore("we love kling.", protected) == ("we love Kling.", [])


def test_lost_terms_are_reported_once_per_missing_occurrence() -> None:
    protected = protect(SOURCE, spans_of(SOURCE, RENDERINGS))
    restored, lost = restore(dropping_kling(protected.text), protected)
    assert lost == ["Kling"]
    assert "Keling" in restored  # reported, not silently rewritten


def test_terms_inside_other_words_do_not_count() -> None:
    protected = protect("可灵 1", [(0, 2, "Kling"), (3, 4, "1")])
    assert restore("Klingon 1.6", protected)[1] == ["Kling", "1"]
    assert restore("re-Kling 10", protected)[1] == ["1"]


def test_longer_term_is_matched_before_the_shorter_one_inside_it() -> None:
    protected = Protected("x", (Slot("Kling", "Kling"), Slot("Kling AI", "Kling AI")))
    assert restore("kling ai and Kling", protected) == ("Kling AI and Kling", [])


def test_cjk_markers_have_no_word_edges() -> None:
    protected = protect("可灵AI", [(0, 2, "可灵")])
    assert protected.text == "可灵AI"
    assert restore("可灵AI制作", protected) == ("可灵AI制作", [])


latin_terms = st.from_regex(r"[A-Za-z0-9@][A-Za-z0-9_.]{0,8}[A-Za-z0-9]", fullmatch=True)
cjk_gaps = st.text(alphabet="快手可灵的出现网友,。 ", min_size=0, max_size=6)


@st.composite
def protected_sources(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    """Chinese text with spans over some of it; each span renders as a Latin term (maybe next to another)."""
    terms = draw(st.lists(latin_terms, min_size=1, max_size=5))
    text, spans = "", []
    for term in terms:
        text += draw(cjk_gaps)
        start = len(text)
        text += draw(st.text(alphabet="可灵快手", min_size=1, max_size=3))
        spans.append((start, len(text), term))
    return text + draw(cjk_gaps), spans


@given(protected_sources(), st.sampled_from([lambda t: t, str.upper, reordering, faithful]))
def test_any_engine_that_keeps_the_terms_loses_none(source: tuple[str, list], engine) -> None:
    text, spans = source
    protected = protect(text, spans)
    restored, lost = restore(engine(protected.text), protected)
    assert lost == []
    for _, _, term in spans:
        assert term in restored


@given(protected_sources(), st.data())
def test_an_engine_that_deletes_a_term_is_caught(source: tuple[str, list], data: st.DataObject) -> None:
    text, spans = source
    protected = protect(text, spans)
    victim = data.draw(st.sampled_from([term for _, _, term in spans]))
    damaged = re.sub(re.escape(victim), "", protected.text, count=1, flags=re.IGNORECASE)
    if _squeezed(victim) in _squeezed(damaged):
        return  # a near copy is still there (inside another term, or two adjacent ones): nothing was lost
    assert victim in restore(damaged, protected)[1]


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", text).lower()


# --- inline Markdown ---------------------------------------------------------------------------------------

from l10n.draft.protect import markup_spans, tighten_emphasis  # noqa: E402
from l10n.markup import markup_differences  # noqa: E402

MARKDOWN = '請見[列舉數值]與 `程式碼` 的 **說明**，[連結](https://x.example/a "標題") 與 <kbd>C</kbd> {{ m }}'


def test_markup_goes_in_as_written_and_a_shortcut_reference_as_a_full_one():
    protected = protect(MARKDOWN, markup_spans(MARKDOWN))
    assert protected.text == MARKDOWN.replace("[列舉數值]", "[列舉數值][列舉數值]")
    assert [slot.required for slot in protected.slots] == [
        "[", "][列舉數值]", "`程式碼`", "**", "**", "[", '](https://x.example/a "', '")', "<kbd>", "</kbd>",
        "{{ m }}"]


def test_restore_repairs_spaced_link_syntax_and_code():
    protected = protect(MARKDOWN, markup_spans(MARKDOWN))
    mangled = protected.text.replace("](", "] (").replace("`程式碼`", "` 程式碼 `").replace("<kbd>", "< kbd>")
    restored, lost = restore(mangled, protected)
    assert lost == [] and restored == protected.text


def test_restore_reports_what_the_engine_dropped():
    protected = protect(MARKDOWN, markup_spans(MARKDOWN))
    _, lost = restore(protected.text.replace("{{ m }}", "").replace("`", ""), protected)
    assert lost == ["`程式碼`", "{{ m }}"]


@pytest.mark.parametrize("mangled, repaired", [
    ("the ** bold ** text", "the **bold** text"),
    ("* it * and ~~ gone ~~.", "*it* and ~~gone~~."),
    ("snake_case stays", "snake_case stays"),
])
def test_tighten_emphasis(mangled, repaired):
    assert tighten_emphasis(mangled) == repaired


_PIECES = st.sampled_from(["中文", "text", " ", "**", "*", "`", "[", "]", "(u)", "![", "](u)", "<b>", "</b>",
                           "{{ x }}", "[^1]", "\\*", "：", "（", "）"])


@given(st.lists(_PIECES, max_size=16).map("".join))
@example("**\\***").via("an escaped * inside strong: the closing ** overlaps the escape's place")
@example("[中文{{ x }}]").via("a label holding a macro")
def test_an_engine_that_copies_its_input_keeps_all_markup(text):
    protected = protect(text, markup_spans(text))
    restored, lost = restore(protected.text, protected)
    assert lost == []
    assert not [d for d in markup_differences(text, restored) if d.severe]

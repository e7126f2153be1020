"""The check model: registering checks, and what a run shares between checks and locales."""
from __future__ import annotations

import pytest

from l10n.check import REGISTRY, Message, check
from l10n.check.model import Resources
from l10n.glossary import Glossary, Term


@pytest.mark.parametrize("kwargs", [{"scope": "file", "per_language": True}, {"scope": "line"},
                                    {"severity": "fatal"}, {"scope": "file", "per_glossary_column": True},
                                    {"per_language": True, "per_glossary_column": True},
                                    {"scope": "file", "applies_to": lambda locale: True}])
def test_registering_a_malformed_check_is_refused(kwargs):
    arguments = {"severity": "error", **kwargs}
    severity = arguments.pop("severity")
    with pytest.raises(ValueError):
        check("made-up-check", severity, "a check that is never registered", **arguments)
    assert "made-up-check" not in REGISTRY


def test_checks_shared_by_a_language_ignore_the_locale_column():
    """Only checks reading nothing but source, translation and language are reused across locales; the glossary
    (a column per locale) and the zh-Hans conventions are not."""
    assert {info.id for info in REGISTRY.values() if info.per_language} == {
        "numbers", "tokens", "leftover-cjk", "brackets", "whitespace", "markup"}


def test_work_on_a_source_text_is_done_once_per_run():
    resources, calls = Resources(), []

    def compute(text: str) -> int:
        calls.append(text)
        return len(text)

    assert [resources.per_source("length", text, compute) for text in ("ab", "abc", "ab")] == [2, 3, 2]
    assert resources.per_source("other", "ab", compute) == 2
    assert calls == ["ab", "abc", "ab"]   # once per kind and text


def test_the_shared_default_resources_keep_nothing():
    first = Message.of("投入 241 億元", "invested 24.1 billion yuan", "en")
    assert first.resources is not Message.of("a", "b", "en").resources   # each message its own cache
    default = Message(first.entry, "en").resources
    default.per_source("length", "kept?", len)
    assert default._per_source == {} and default.language_memo("en") is None


def test_only_a_language_checked_in_two_locales_gets_a_memo():
    resources = Resources()
    resources.shared_languages = frozenset({"en"})
    memo = resources.language_memo("en_GB")
    assert memo is not None and resources.language_memo("en") is memo
    assert resources.language_memo("zh_Hans") is None


def test_only_the_glossary_check_is_shared_by_a_glossary_column():
    assert {info.id for info in REGISTRY.values() if info.per_glossary_column} == {"glossary"}


def test_checks_for_some_locales_say_which():
    applies = {info.id: info.applies_to for info in REGISTRY.values() if info.applies_to is not None}
    assert set(applies) == {"numbers", "leftover-cjk", "halfwidth-punctuation", "traditional"}
    assert [locale for locale in ("zh_Hans", "zh_Hant_TW", "en", "ja") if applies["traditional"](locale)] == ["zh_Hans"]
    assert [locale for locale in ("zh_Hans", "en", "fr", "ja") if applies["leftover-cjk"](locale)] == ["en", "fr"]
    assert [locale for locale in ("zh_Hans", "en_GB", "fr") if applies["numbers"](locale)] == ["zh_Hans", "en_GB"]


def _glossary(kling_gb: dict | None) -> Glossary:
    """可靈 = Kling (forbidden Keling) in en; in en_GB as ``kling_gb`` says (None: the same as en)."""
    renderings, forbidden = {"en": "Kling"}, {"en": ("Keling",)}
    gb = {"rendering": "Kling", "forbidden": ("Keling",), **(kling_gb or {})}
    if gb["rendering"]:
        renderings["en_GB"] = gb["rendering"]
    if gb["forbidden"]:
        forbidden["en_GB"] = gb["forbidden"]
    return Glossary([Term(2, "可靈", renderings, "product", forbidden, True, ""),
                     Term(3, "快手", {"en": "Kuaishou", "en_GB": "Kuaishou"}, "company", {}, True, "")],
                    ["en", "en_GB", "zh_Hans"])


@pytest.mark.parametrize("kling_gb, shared", [
    (None, True),
    ({"forbidden": ("Keling", "Ke Ling")}, False),   # one more forbidden variant
    ({"forbidden": ()}, False),
    ({"rendering": "Kling Video"}, False),
    ({"rendering": ""}, False),                       # no rendering in en_GB
])
def test_locales_share_the_glossary_check_only_with_the_same_column(kling_gb, shared):
    resources = Resources(glossary=_glossary(kling_gb))
    resources.locales = ("en", "en_GB", "zh_Hans")
    memo = resources.column_memo("en")
    assert (memo is not None and resources.column_memo("en_GB") is memo) == shared
    assert resources.column_memo("zh_Hans") is None


def test_the_last_locale_of_a_language_or_column_takes_the_shared_problems_out():
    resources = Resources(glossary=_glossary(None))
    resources.locales = ("en", "zh_Hans", "en_GB")
    resources.shared_languages = frozenset({"en"})
    assert resources.column_memo("en") is resources.column_memo("en_GB")
    assert [resources.last_sharer(locale, by_column) for locale in ("en", "en_GB") for by_column in (False, True)] \
        == [False, False, True, True]


def test_forgotten_source_work_is_done_again():
    resources, calls = Resources(), []

    def compute(text: str) -> int:
        calls.append(text)
        return len(text)

    resources.per_source("length", "ab", compute)
    resources.forget_sources()
    assert resources.per_source("length", "ab", compute) == 2 and calls == ["ab", "ab"]

"""The check model: registering checks, and what a run shares between checks and locales."""
from __future__ import annotations

import pytest

from l10n.check import REGISTRY, Message, check
from l10n.check.model import Resources


@pytest.mark.parametrize("kwargs", [{"scope": "file", "per_language": True}, {"scope": "line"},
                                    {"severity": "fatal"}])
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

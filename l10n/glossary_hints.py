"""Glossary comments for translators (``#. glossary: 可靈 = Kling``), built from glossary.csv if present."""
from __future__ import annotations

from collections.abc import Callable

from .config import Config


def hints_for_project(config: Config) -> Callable[[str], Callable[[str], list[str]] | None] | None:
    from .glossary import project_glossary

    glossary = project_glossary(config)
    if glossary is None:
        return None

    def for_locale(locale: str) -> Callable[[str], list[str]]:
        def hints(msgid: str) -> list[str]:
            hint = glossary.hint(msgid, locale)
            return [hint] if hint else []
        return hints
    return for_locale

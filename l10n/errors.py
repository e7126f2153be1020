"""One exception family for everything a person must fix; the CLI prints it as one line and exits 2."""
from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """Bad input: names the file (and line) and says what to do next.

    Rendered as ``path:line: message (hint)`` so editors and CI annotate it like a compiler error.
    """

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConfigError(L10nError):
    """The [tool.l10n] table of pyproject.toml is missing a key, names an unknown locale or a bad path."""


class SourceError(L10nError):
    """A source document cannot be read as UTF-8 Markdown."""


class CatalogError(L10nError):
    """A PO or POT file is malformed (usually a hand edit gone wrong)."""


class GlossaryError(L10nError):
    """glossary.csv has a bad row."""


class EngineError(L10nError):
    """A machine-translation engine is missing or misconfigured (e.g. no Argos zh->en package)."""

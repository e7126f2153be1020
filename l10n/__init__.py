"""l10n: offline translation and localization of Markdown articles through gettext PO catalogs.

Pipeline: source -> segment -> catalog -> draft -> check -> build, with glossary and config beside it.
"""
from __future__ import annotations

__version__ = "0.1.0"

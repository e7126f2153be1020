"""The project translation memory: every approved translation of the project, plus compendia.

* :mod:`l10n.tm.memory` — :class:`Unit`, :class:`Memory` (exact lookups by source text, close matches through
  :class:`l10n.tm.index.SampledIndex`), the units of the project's catalogs and of compendia (PO or TMX), and the
  ``[tool.l10n.translation-memory]`` settings.
* :mod:`l10n.tm.fill` — what ``l10n update`` does with it: fill untranslated entries (exact match: fuzzy with
  ``# l10n-tm: <origin>``, or translated where the project opts in; close match: fuzzy with ``#| msgid``), and
  find the old catalog of a renamed document.
* :mod:`l10n.tm.tmx` — TMX 1.4b read and write.
* :mod:`l10n.tm.xliff` — XLIFF 1.2 export and import of one catalog.
* :mod:`l10n.tm.analysis` — words per match band (``l10n status --analysis``).

Approved means translated: no fuzzy flag. Machine drafts and fuzzy guesses never enter the memory.
"""

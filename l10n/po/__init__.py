"""gettext PO/POT catalogs: the model, a strict reader and a writer byte-identical to GNU ``msgcat``.

The one package that knows PO syntax; the rest of the project sees ``Catalog`` and ``Entry`` and asks
:mod:`l10n.po.model` what state an entry is in.

* :mod:`l10n.po.model` — ``Entry``, ``Catalog``, entry states (translated / draft / fuzzy /
  untranslated) and machine-draft provenance (``# l10n-draft:`` comments and their digest).
* :mod:`l10n.po.read` — ``parse_catalog``, ``read_catalog``, ``read_catalog_header``.
* :mod:`l10n.po.write` — ``format_catalog``, ``write_catalog`` (gettext 0.21's ``write-po.c``); an entry read
  from a file keeps its text (``Entry.layout``), reused when unchanged (``adopt_layouts`` after a merge).
* :mod:`l10n.po.linebreak` — display width and UAX #14 break opportunities as libunistring 1.0.
"""
from l10n.errors import CatalogError

from .linebreak import display_width
from .model import (
    DRAFT_MARK,
    STATES,
    Catalog,
    Entry,
    draft_comment,
    draft_digest,
    draft_provenance,
    entry_state,
    has_translation,
    is_unedited_draft,
)
from .read import parse_catalog, read_catalog, read_catalog_header
from .write import (PAGE_WIDTH, PrintedTemplate, adopt_layouts, format_catalog, print_template, printed_entries,
                    printed_template, prints_plainly, write_catalog)

__all__ = [
    "DRAFT_MARK",
    "PAGE_WIDTH",
    "PrintedTemplate",
    "STATES",
    "Catalog",
    "CatalogError",
    "Entry",
    "adopt_layouts",
    "display_width",
    "draft_comment",
    "draft_digest",
    "draft_provenance",
    "entry_state",
    "format_catalog",
    "has_translation",
    "is_unedited_draft",
    "parse_catalog",
    "print_template",
    "printed_entries",
    "printed_template",
    "prints_plainly",
    "read_catalog",
    "read_catalog_header",
    "write_catalog",
]

"""The ``markup`` check: a translation keeps the inline Markdown that is not for translating.

What must match is decided by :mod:`l10n.markup` (the same comparison verifies machine drafts): link and
image destinations, reference labels, autolinks, code spans, inline HTML tags, footnote references and the
project's protected macros, each as a multiset (a translator may move a link or reorder code spans within a
sentence; Weblate's md-link and md-reflink compare counts and sets the same way), plus emphasis that still
pairs (Weblate's md-syntax). Link text, titles and image alt text are for translating.

Reference labels: a segment alone cannot tell ``[列舉數值]`` (a shortcut reference link, defined elsewhere in
the document) from bracketed prose, so when the entry names its source document the labels the document
defines decide; otherwise every bracketed text of the source counts as one.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from l10n.markup import (DEFAULT_MACRO_PATTERNS, compare, inline_markup, is_plain_text, maybe_markup,
                         reference_labels)

from .model import Message, Problem, check


def _maybe_marked_up(messages: Sequence[Message]) -> list[int]:
    """The messages whose source or translation may not be plain (:func:`l10n.markup.maybe_markup`)."""
    found = maybe_markup([message.translation for message in messages])
    found += maybe_markup([message.source for message in messages])
    return sorted(set(found))


@check("markup", "error", "links, images, code spans, inline HTML, footnote references and protected macros "
       "as in the source; emphasis still pairs", per_language=True, prefilter=_maybe_marked_up)
def check_markup(message: Message) -> Iterator[Problem]:
    resources = message.resources
    config = resources.config
    patterns = config.protected_patterns if config is not None else DEFAULT_MACRO_PATTERNS
    if is_plain_text(message.translation, patterns) and is_plain_text(message.source, patterns):
        return   # both PLAIN, whatever the document's labels: nothing to compare (most sentences)
    document, labels = document_labels(message)
    source = resources.per_source(f"markup {document}", message.source,
                                  lambda text: inline_markup(text, patterns, labels))
    translation_labels = labels if labels is not None else source.reference_links
    translation = inline_markup(message.translation, patterns, translation_labels)
    for difference in compare(source, translation):
        yield Problem(difference.message, None if difference.severe else "warning")


def document_labels(message: Message) -> tuple[str, frozenset[str] | None]:
    """The entry's source document and the reference labels it defines (None when it is not known)."""
    config = message.resources.config
    if config is None or not message.entry.references:
        return "", None
    document = message.entry.references[0].rsplit(":", 1)[0]
    return document, message.resources.per_source("markup-labels", document,
                                                  lambda ref: _labels_of(config.root / ref))


def _labels_of(path: Path) -> frozenset[str] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None   # the stale check and the source reader report an unreadable document
    # A definition's label is followed by ':' at once (CommonMark 4.7): without "]:" the document defines
    # none, and parsing the whole of it (a second per 10,000 paragraphs) would only say so.
    return reference_labels(text) if "]:" in text else frozenset()

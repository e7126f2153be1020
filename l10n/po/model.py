"""The catalog model: ``Entry`` and ``Catalog``, and what an entry's state is.

Everything that asks "is this entry translated, a machine draft, a fuzzy guess?" asks here, not a
pipeline stage. A machine draft carries its provenance as a translator comment (``# l10n-draft:
engine (version) #digest``); the digest tells later whether a human has touched the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "DRAFT_MARK",
    "STATES",
    "Catalog",
    "Entry",
    "draft_comment",
    "draft_digest",
    "draft_provenance",
    "entry_state",
    "has_translation",
    "is_unedited_draft",
    "parse_flags",
]



@dataclass(slots=True)   # slots: a 100,000-entry catalog is read, merged and written in one process
class Entry:
    """One message. Fields hold decoded text (no PO escapes, no quotes)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    translator_comments: list[str] = field(default_factory=list)  # "# text" lines, text without "# "
    extracted_comments: list[str] = field(default_factory=list)  # "#. text"
    references: list[str] = field(default_factory=list)  # tokens like "source/a.md:12"
    flags: list[str] = field(default_factory=list)  # "fuzzy", "c-format", custom ones kept in order
    previous_msgid: str | None = None  # "#| msgid"
    previous_msgctxt: str | None = None
    obsolete: bool = False  # "#~" entry
    lineno: int = 0  # line of the msgid keyword when read; 0 if new
    previous_msgid_plural: str | None = None  # "#| msgid_plural"; after the fields above, so positional use is unchanged
    layout: str | None = field(default=None, compare=False, repr=False)
    """The lines of its strings (``#|`` lines, msgctxt, msgid, msgstr...) as the reader found them, or as a
    previous version of the catalog held them (``po.write.adopt_layouts``). The writer checks that they are
    exactly what it would print for the strings the entry holds now, which is cheaper than printing them;
    so a layout never changes the output, and an entry edited since is simply formatted."""

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Every msgstr form is non-empty and the entry is neither fuzzy nor obsolete."""
        if self.obsolete or self.fuzzy:
            return False
        if self.msgid_plural is None:
            return self.msgstr != ""
        return bool(self.msgstr_plural) and all(self.msgstr_plural.values())

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass
class Catalog:
    """A PO/POT file: the header (split into metadata, comments, flags) and the messages."""

    metadata: dict[str, str]  # header fields in order, e.g. {"Project-Id-Version": "...", ...}
    header_comments: list[str] = field(default_factory=list)  # the header entry's "# " lines
    header_flags: list[str] = field(default_factory=list)  # e.g. ["fuzzy"] in a fresh template
    entries: list[Entry] = field(default_factory=list)  # file order, obsolete ones at the end
    conflict_header: str | None = None
    """The header text as read when it is msgcat's merge of several headers (``#-#-#-#-#  a.po  #-#-#-#-#``
    lines, each followed by that file's fields); ``metadata`` then holds the first file's fields, the ones
    gettext's lookups find, and the writer writes this text back as long as ``metadata`` is unchanged."""

    def active(self) -> list[Entry]:
        """The non-obsolete entries, in file order."""
        return [entry for entry in self.entries if not entry.obsolete]


CONFLICT_MARKER = re.compile(r"#-#-#-#-#  .*  #-#-#-#-#")
"""The line msgcat puts before each input file's header fields (or translation) when they differ."""


def header_fields(text: str) -> dict[str, str]:
    """The ``Name: value`` fields of header text, the first of each name; msgcat's conflict marker lines
    and lines that are not fields are skipped (the reader refuses those where no marker explains them)."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip() and not CONFLICT_MARKER.fullmatch(line):
            fields.setdefault(name, value[1:] if value.startswith(" ") else value)
    return fields



# ----------------------------------------------------------------------------------------------
# Flags and references: the comment syntax both the reader and the writer split

FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
REFERENCE_SEPARATORS = re.compile(r"[ \t\n]+")  # what separates references for gettext


def parse_flags(text: str) -> list[str]:
    """The flags of a ``#,`` comment, ``range: 1..5`` kept as one token, as gettext splits them."""
    tokens = [token for token in FLAG_SEPARATORS.split(text) if token]
    flags: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "range:" and index < len(tokens):
            token = f"range: {tokens[index]}"
            index += 1
        flags.append(token)
    return flags


# ----------------------------------------------------------------------------------------------
# Entry states and draft provenance

DRAFT_MARK = "l10n-draft:"
STATES = ("translated", "draft", "fuzzy", "untranslated")


# ---------------------------------------------------------------------------------------------- states

def draft_digest(text: str) -> str:
    import hashlib   # here, not at the top: it maps OpenSSL (3.6 MiB of RSS), which reading a catalog never needs

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def draft_comment(engine: str, version: str, msgstr: str) -> str:
    """Provenance of a machine draft; the digest tells later whether a human has touched the text.

    Kept as a translator comment because gettext tools (msgcat, msgmerge) and editors keep those, while
    they drop unknown ``#,`` flags.
    """
    return f"{DRAFT_MARK} {engine} ({version}) #{draft_digest(msgstr)}"


def draft_provenance(entry: Entry) -> str | None:
    for comment in entry.translator_comments:
        if comment.startswith(DRAFT_MARK):
            return comment
    return None


def is_unedited_draft(entry: Entry) -> bool:
    """The msgstr is still exactly what an engine wrote (no human has edited or reviewed it)."""
    mark = draft_provenance(entry)
    return bool(entry.fuzzy and mark and mark.rsplit("#", 1)[-1] == draft_digest(entry.msgstr))


def has_translation(entry: Entry) -> bool:
    """Some text in msgstr (or a plural form), reviewed or not: the work merging must never drop."""
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def entry_state(entry: Entry) -> str:
    """One of translated, draft (unreviewed machine draft), fuzzy (needs review), untranslated."""
    if not has_translation(entry):
        return "untranslated"
    if not entry.fuzzy:
        return "translated"
    if entry.previous_msgid is None and is_unedited_draft(entry):
        return "draft"
    return "fuzzy"


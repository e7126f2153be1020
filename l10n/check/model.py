"""What checks receive and return, and the registry they join with ``@check``.

A check is a small function with one of two signatures, by scope:

* ``scope="entry"``: ``fn(message: Message) -> Iterable[Problem]``, called once per checked entry, i.e. a
  translated entry (with ``drafts``, fuzzy ones too) that is not silenced for that check;
* ``scope="file"``: ``fn(unit: FileUnit) -> Iterable[Problem]``, called once per template or catalog.

Checks yield :class:`Problem` values; the runner turns them into located :class:`Finding` values. Yielding
rather than raising lets one entry report several problems and keeps tests one line::

    assert list(numbers(Message.of("投入 241 億元", "invested 24.1 billion yuan", "en"))) == []
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from l10n.glossary import fold
from l10n.lang import language_of
from l10n.po import Catalog, Entry

if TYPE_CHECKING:
    from l10n.config import Config
    from l10n.glossary import Glossary, Matcher, TargetIndex, TermHit

T = TypeVar("T")
SEVERITIES = ("error", "warning")
SCOPES = ("entry", "file")


@dataclass(frozen=True)
class Finding:
    """One reported problem. ``line`` 0 means the whole file; ``msgid`` is None for file-level findings."""

    path: str
    line: int
    severity: str
    check: str
    message: str
    locale: str
    msgid: str | None = None


@dataclass(frozen=True)
class CheckInfo:
    id: str
    severity: str
    description: str
    fn: Callable
    scope: str = "entry"
    per_language: bool = False
    """An entry check whose problems depend only on the source, the translation and the translation's
    language (no locale column, no entry flags): a run reuses them for another locale of the language
    whose translation is the same (en_GB copied from en)."""
    per_glossary_column: bool = False
    """An entry check whose problems depend only on the source, the translation and the glossary's column
    of the locale: a run reuses them for another locale whose column is the same in every row (en_GB
    listing what en lists) and whose translation is the same."""
    applies_to: Callable[[str], bool] | None = None
    """For an entry check that looks at some locales only (zh-Hans conventions): whether it does at all
    for a locale, so a run does not call it for each entry of the others (None: every locale)."""
    fold: Callable[[FileUnit], EntryFold] | None = None
    """For a file check: the same check taking the catalog's entries one at a time (``l10n check`` reads a
    catalog as a stream and keeps none of it); None: the run gathers the entries and calls ``fn``."""
    prefilter: Callable[[Sequence[Message]], Iterable[int]] | None = None
    """For an entry check: of a batch of messages (one catalog's, one locale), the indices of those ``fn``
    may find a problem in, found cheaply for the whole batch at once (one scan of its texts joined,
    :func:`l10n.textscan.texts_matching`); ``fn`` would find nothing in the others, so a run does not call it
    for them. None: ``fn`` looks at every message."""


@dataclass(frozen=True)
class Problem:
    """What a check yields; the runner adds the file, locale and (for entry checks) the entry's line.

    ``severity`` None means the check's own severity (a check may downgrade one problem to a warning).
    A file check that reports on one entry passes ``entry``, so that entry's ignore flags still apply.
    """

    message: str
    severity: str | None = None
    line: int | None = None
    entry: Entry | None = None


class EntryFold(Protocol):
    """A file check taking a catalog's entries one at a time (:attr:`CheckInfo.fold`)."""

    def add(self, entry: Entry) -> None:
        """One entry of the catalog, in :attr:`Catalog.entries` order (active ones, then obsolete ones)."""

    def problems(self) -> Iterable[Problem]:
        """The check's problems, once every entry is added (the unit's catalog then holds the header)."""


REGISTRY: dict[str, CheckInfo] = {}


def check(id: str, severity: str, description: str, *, scope: str = "entry",
          per_language: bool = False, per_glossary_column: bool = False,
          applies_to: Callable[[str], bool] | None = None,
          fold: Callable[[FileUnit], EntryFold] | None = None,
          prefilter: Callable[[Sequence[Message]], Iterable[int]] | None = None) -> Callable[[Callable], Callable]:
    """Register a check: ``@check("numbers", "error", "numbers and amounts keep their values")``.

    ``per_language``, ``per_glossary_column``, ``applies_to``, ``prefilter``: see
    :attr:`CheckInfo.per_language`, :attr:`CheckInfo.per_glossary_column`, :attr:`CheckInfo.applies_to`,
    :attr:`CheckInfo.prefilter`.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"check {id!r}: severity must be one of {SEVERITIES}, not {severity!r}")
    if scope not in SCOPES:
        raise ValueError(f"check {id!r}: scope must be one of {SCOPES}, not {scope!r}")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", id) or "\n" in description:
        raise ValueError(f"check {id!r}: ids are lower-case words joined by '-', descriptions one line")
    if (per_language or per_glossary_column) and scope != "entry":
        raise ValueError(f"check {id!r}: only entry checks can be per_language or per_glossary_column")
    if applies_to is not None and scope != "entry":
        raise ValueError(f"check {id!r}: only entry checks can name the locales they apply to")
    if fold is not None and scope != "file":
        raise ValueError(f"check {id!r}: only file checks take entries one at a time")
    if prefilter is not None and scope != "entry":
        raise ValueError(f"check {id!r}: only entry checks pass over messages by a prefilter")
    if per_language and per_glossary_column:
        raise ValueError(f"check {id!r}: per_language or per_glossary_column, not both")

    def register(fn: Callable) -> Callable:
        if id in REGISTRY:
            raise ValueError(f"check {id!r} is registered twice")
        REGISTRY[id] = CheckInfo(id, severity, description, fn, scope, per_language, per_glossary_column,
                                 applies_to, fold, prefilter)
        return fn
    return register


# --- silencing ---------------------------------------------------------------------------------------------

IGNORE_FLAG_PREFIX = "l10n-ignore-"
IGNORE_COMMENT = re.compile(r"\s*l10n-ignore\s*:\s*(.*)$")


def ignored_checks(entry: Entry) -> frozenset[str]:
    """Check ids silenced for one entry, by flag (``#, l10n-ignore-numbers``) or translator comment
    (``# l10n-ignore: numbers, tokens``).

    Both forms exist because GNU msgcat/msgmerge and some PO editors drop ``#,`` flags they do not know
    but keep translator comments; the comment form survives every gettext tool.
    """
    names = [flag[len(IGNORE_FLAG_PREFIX):] for flag in entry.flags if flag.startswith(IGNORE_FLAG_PREFIX)]
    for comment in entry.translator_comments:
        match = IGNORE_COMMENT.match(comment)
        if match:
            names += [name for name in re.split(r"[\s,]+", match.group(1)) if name]
    return frozenset(names)


# --- what checks look at -----------------------------------------------------------------------------------

_UNREAD = object()   # (per_source: no value yet)


class Resources:
    """What every check of one run shares: the config, the glossary, and caches keyed by text."""

    def __init__(self, config: Config | None = None, glossary: Glossary | None = None, *,
                 cache: bool = True, load_glossary: Callable[[], Glossary | None] | None = None) -> None:
        self.config = config
        self._glossary = glossary
        self._load_glossary = load_glossary   # read on first need instead (a run that checks nothing anew)
        self.terms_read: dict[str, list[TermHit]] = {}
        """:meth:`source_terms` of each text read so far (a caller in a hot loop tries ``terms_read.get(text)``
        first)."""
        self.indexes: dict[str, TargetIndex | None] = {}
        """:meth:`target_index` of each locale asked so far (a caller in a hot loop tries it first)."""
        self._per_source: dict[str, dict[str, object]] = {}   # by kind of work, by source text
        self._by_language: dict[str, dict[tuple, list]] = {}
        self.shared_languages: frozenset[str] = frozenset()   # languages of two or more checked locales
        self.locales: tuple[str, ...] = ()                     # the run's target locales
        self._column_groups: dict[str, str] | None = None      # locale -> first locale with its column
        self._by_column: dict[str, dict[tuple, list]] = {}
        self._cache = cache

    @property
    def glossary(self) -> Glossary | None:
        if self._load_glossary is not None:
            self._glossary, self._load_glossary = self._load_glossary(), None
        return self._glossary

    def per_source(self, kind: str, text: str, compute: Callable[[str], T]) -> T:
        """``compute(text)`` once per run for each ``kind`` of work on a source text: every locale's catalog
        holds the same msgids, so what a check reads from the source it reads once."""
        if not self._cache:
            return compute(text)
        # A table per kind, and no KeyError for the first ask of each text: a run asks ~5 times per entry.
        table = self._per_source.get(kind)
        if table is None:
            table = self._per_source[kind] = {}
        value = table.get(text, _UNREAD)
        if value is _UNREAD:
            value = table[text] = compute(text)
        return value  # type: ignore[return-value]

    def forget_source(self, text: str) -> None:
        """Drop what was read from one source text (a run reading a document's catalogs side by side does
        it once each has passed the text; asked again, it is read again)."""
        for table in self._per_source.values():
            table.pop(text, None)
        self.terms_read.pop(text, None)

    def forget_sources(self) -> None:
        """Drop what was read from source texts (:meth:`per_source`, :meth:`source_terms`) and the problems
        the memos hold for locales yet to come: a run does it between documents; whatever is asked again is
        read again."""
        self._per_source.clear()
        self.terms_read.clear()
        for memos in (self._by_language, self._by_column):
            for memo in memos.values():
                memo.clear()

    def language_memo(self, locale: str) -> dict[tuple, list] | None:
        """Problems of ``per_language`` checks by (source, translation, document labels), shared by the
        locales of one language; None when no other locale of the run has the language (nothing to share,
        nothing kept)."""
        language = language_of(locale)
        if not self._cache or language not in self.shared_languages:
            return None
        return self._by_language.setdefault(language, {})

    def column_memo(self, locale: str) -> dict[tuple, list] | None:
        """Problems of ``per_glossary_column`` checks by (source, translation, document labels), shared by
        the run's locales whose glossary columns are the same in every row; None when no other locale has
        ``locale``'s."""
        if not self._cache:
            return None
        if self._column_groups is None:
            groups: dict[object, list[str]] = {}
            glossary = self.glossary
            for each in self.locales:
                signature = glossary.column_signature(each) if glossary is not None else ()
                groups.setdefault(signature, []).append(each)
            self._column_groups = {each: group[0] for group in groups.values() if len(group) > 1
                                   for each in group}
        first = self._column_groups.get(locale)
        return None if first is None else self._by_column.setdefault(first, {})

    def last_sharer(self, locale: str, by_column: bool) -> bool:
        """Whether ``locale`` is the last of the run's locales to use its language memo (``by_column``: its
        glossary column memo): it takes problems out of the memo instead of leaving them for another."""
        if by_column:
            groups = self._column_groups or {}
            mine = groups.get(locale)
            later = [each for each in self.locales if groups.get(each) == mine]
        else:
            language = language_of(locale)
            later = [each for each in self.locales if language_of(each) == language]
        return bool(later) and later[-1] == locale

    def source_terms(self, text: str) -> list[TermHit]:
        """Glossary hits in a source text; cached, since every locale checks the same msgid."""
        hits = self.terms_read.get(text)   # (first: a run asks for each msgid's terms again and again)
        if hits is None:
            glossary = self.glossary
            if glossary is None:
                return []
            hits = self.terms_read[text] = glossary.find(text)
        return hits

    def target_index(self, locale: str) -> TargetIndex | None:
        """The glossary's target-side index for ``locale`` (every accepted form and forbidden variant).

        Unlike :meth:`Glossary.find_rendering` (leftmost-longest), the check needs overlapping matches: a
        source with 可靈 and a translation with "Kling AI" holds "Kling" inside the longer rendering.
        """
        if locale in self.indexes:
            return self.indexes[locale]
        index = None
        if self.glossary is not None:
            from l10n.glossary import locale_column

            if locale_column(locale) in self.glossary.locales:
                index = self.glossary.target_index(locale)
        self.indexes[locale] = index
        return index

    def target_matcher(self, locale: str) -> Matcher | None:
        """The target index's matcher, ready to search (:meth:`Matcher.ready`)."""
        index = self.target_index(locale)
        return index.matcher.ready() if index is not None else None


class _once:
    """``functools.cached_property`` without its per-instance lock (Python 3.11 takes one on every first
    access, which costs more than most checks do): the value lands in the instance ``__dict__``, which
    shadows this non-data descriptor from then on."""

    def __init__(self, function: Callable) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, instance: object, owner: type | None = None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


_DEFAULT_RESOURCES = Resources(cache=False)   # shared: must not grow


class Message:
    """One entry as entry checks see it: source, translation, locale, and shared resources.

    A plain class rather than a frozen dataclass: a run makes one for every checked entry and the checks
    read ``source`` and ``translation`` a dozen times each, which as attributes cost a third of what a
    frozen dataclass's ``__init__`` and properties did. Checks treat it as read-only."""

    def __init__(self, entry: Entry, locale: str, resources: Resources = _DEFAULT_RESOURCES) -> None:
        self.entry = entry
        self.locale = locale
        self.resources = resources
        self.source: str = entry.msgid
        self.translation: str = entry.msgstr

    def __repr__(self) -> str:
        return f"Message({self.source!r}, {self.translation!r}, {self.locale!r})"

    @classmethod
    def of(cls, source: str, translation: str, locale: str, glossary: Glossary | None = None, *,
           flags: Sequence[str] = (), comments: Sequence[str] = ()) -> Message:
        """A message built from text, for tests and for callers without a catalog (the review page)."""
        entry = Entry(msgid=source, msgstr=translation, flags=list(flags), translator_comments=list(comments))
        return cls(entry, locale, Resources(glossary=glossary))

    @_once
    def folded_translation(self) -> str:
        """``glossary.fold(translation)``, which the glossary and tokens checks both compare with."""
        return fold(self.entry.msgstr)

    @_once
    def source_terms(self) -> list[TermHit]:
        return self.resources.source_terms(self.entry.msgid)

    @_once
    def target_terms(self) -> list[tuple[int, int, tuple[object, ...]]]:
        """Every glossary match in the translation, overlapping ones included: ``(start, end, payloads)``
        with payloads ``(term, is_forbidden, folded preferred rendering of the term for this locale)``; a
        match carrying an English ending keeps only the payloads of rows that inflect."""
        matcher = self.resources.target_matcher(self.locale)
        if matcher is None:
            return []
        from l10n.glossary import ends_inflected

        text = self.entry.msgstr
        found = []
        for start, end, payloads in matcher.find_all(text, self.folded_translation):
            if ends_inflected(text, end):
                payloads = tuple(payload for payload in payloads if payload[0].inflect)
                if not payloads:
                    continue
            found.append((start, end, payloads))
        return found


ExpectedEntry = tuple[str | None, str, tuple[str, ...], tuple[str, ...]]
"""(msgctxt, msgid, references, extracted comments from the template) of one entry."""


@dataclass(frozen=True)
class Expected:
    """What ``l10n update`` would write for a document, as far as the source decides it.

    Either the entries themselves, or (when a run knows the template on disk is what the source leads
    to, see :mod:`l10n.stale`) their digest with each entry's count of extracted comments: a file whose
    entries have that digest is current, and ``entries_of()`` segments the source only for one that is not.
    """

    source_ref: str                                    # "source/x.md"
    entries: tuple[ExpectedEntry, ...] | None
    project_id: str
    digest: bytes | None = None                        # l10n.stale.entries_digest of the entries
    comment_counts: tuple[int, ...] | None = None      # extracted comments per entry, when known by digest
    compute: Callable[[], tuple[ExpectedEntry, ...]] | None = field(default=None, compare=False, repr=False)
    quick_digest: bytes | None = None
    """:class:`l10n.stale.RowsHash` of the same entries, comments cut by ``comment_counts``: what the
    catalogs of this run are compared with (cheaper; valid in this process only)."""

    def entries_of(self) -> tuple[ExpectedEntry, ...]:
        """The expected entries, segmenting the source if they are known only by digest."""
        if self.entries is not None:
            return self.entries
        assert self.compute is not None
        return self.compute()


@dataclass
class FileUnit:
    """One template (``locale`` "templates") or catalog, as file checks see it.

    ``catalog`` is None when the file does not exist; ``expected`` is None for a catalog whose document
    is gone from the source folder (an orphan).
    """

    path: Path
    rel: str
    locale: str
    document: str
    catalog: Catalog | None
    expected: Expected | None
    checked: list[Entry] = field(default_factory=list)   # entries whose content is checked
    drafts: bool = False   # fuzzy entries and machine drafts are checked too (`l10n check --drafts`)
    resources: Resources = _DEFAULT_RESOURCES
    thresholds: dict = field(default_factory=dict)
    whole: Callable[[], Catalog] | None = None
    """The whole catalog, read again, for a check that needs its entries after all (a streamed run's
    ``catalog`` holds only the header); None: ``catalog`` is whole."""

    def whole_catalog(self) -> Catalog | None:
        return self.whole() if self.whole is not None and self.catalog is not None else self.catalog

    @property
    def is_template(self) -> bool:
        return self.locale == "templates"


def unique(items: Iterable[T]) -> list[T]:
    """The items without repeats, in first-seen order."""
    return list(dict.fromkeys(items))

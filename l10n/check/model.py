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

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from l10n.pofile import Catalog, Entry

if TYPE_CHECKING:
    from l10n.config import Config
    from l10n.glossary import Glossary, Matcher, TermHit

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


REGISTRY: dict[str, CheckInfo] = {}


def check(id: str, severity: str, description: str, *, scope: str = "entry") -> Callable[[Callable], Callable]:
    """Register a check: ``@check("numbers", "error", "numbers and amounts keep their values")``."""
    if severity not in SEVERITIES:
        raise ValueError(f"check {id!r}: severity must be one of {SEVERITIES}, not {severity!r}")
    if scope not in SCOPES:
        raise ValueError(f"check {id!r}: scope must be one of {SCOPES}, not {scope!r}")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", id) or "\n" in description:
        raise ValueError(f"check {id!r}: ids are lower-case words joined by '-', descriptions one line")

    def register(fn: Callable) -> Callable:
        if id in REGISTRY:
            raise ValueError(f"check {id!r} is registered twice")
        REGISTRY[id] = CheckInfo(id, severity, description, fn, scope)
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

@functools.lru_cache(maxsize=64)
def language_of(locale: str) -> str:
    return locale.replace("-", "_").split("_", 1)[0].lower()


@functools.lru_cache(maxsize=64)
def is_simplified_chinese(locale: str) -> bool:
    parts = locale.replace("-", "_").split("_")
    return parts[0].lower() == "zh" and (
        "Hans" in parts[1:] or (len(parts) == 2 and parts[1].upper() in ("CN", "SG", "MY")))


def writes_cjk(locale: str) -> bool:
    """Chinese, Japanese and Korean translations may hold CJK characters; other languages may not."""
    return language_of(locale) in ("zh", "ja", "ko")


class Resources:
    """What every check of one run shares: the config, the glossary, and caches keyed by text."""

    def __init__(self, config: Config | None = None, glossary: Glossary | None = None) -> None:
        self.config = config
        self.glossary = glossary
        self._source_terms: dict[str, list[TermHit]] = {}
        self._target_matchers: dict[str, Matcher | None] = {}   # by locale

    def source_terms(self, text: str) -> list[TermHit]:
        """Glossary hits in a source text; cached, since every locale checks the same msgid."""
        if self.glossary is None:
            return []
        hits = self._source_terms.get(text)
        if hits is None:
            hits = self._source_terms[text] = self.glossary.find(text)
        return hits

    def target_matcher(self, locale: str) -> Matcher | None:
        """One automaton over every rendering and forbidden variant for ``locale``.

        Unlike :meth:`Glossary.find_rendering` (leftmost-longest), the check needs overlapping matches: a
        source with 可靈 and a translation with "Kling AI" holds "Kling" inside the longer rendering.
        """
        if locale in self._target_matchers:
            return self._target_matchers[locale]
        if self.glossary is None:
            return None
        from l10n.glossary import Matcher, locale_column

        column = locale_column(locale)
        matcher = None
        if column in self.glossary.locales:
            needles: list[tuple[str, bool, object]] = []
            for term in self.glossary.terms:
                needles.append((term.renderings.get(column, ""), term.case_sensitive, (term, False)))
                needles += [(variant, term.case_sensitive, (term, True))
                            for variant in term.forbidden.get(column, ())]
            matcher = Matcher(needles, inflections=True)
        self._target_matchers[locale] = matcher
        return matcher


_DEFAULT_RESOURCES = Resources()


@dataclass(frozen=True)
class Message:
    """One entry as entry checks see it: source, translation, locale, and shared resources."""

    entry: Entry
    locale: str
    resources: Resources = _DEFAULT_RESOURCES

    @classmethod
    def of(cls, source: str, translation: str, locale: str, glossary: Glossary | None = None, *,
           flags: Sequence[str] = (), comments: Sequence[str] = ()) -> Message:
        """A message built from text, for tests and for callers without a catalog (the review page)."""
        entry = Entry(msgid=source, msgstr=translation, flags=list(flags), translator_comments=list(comments))
        return cls(entry, locale, Resources(glossary=glossary) if glossary is not None else _DEFAULT_RESOURCES)

    @property
    def source(self) -> str:
        return self.entry.msgid

    @property
    def translation(self) -> str:
        return self.entry.msgstr

    @cached_property
    def source_terms(self) -> list[TermHit]:
        return self.resources.source_terms(self.entry.msgid)

    @cached_property
    def target_terms(self) -> list[tuple[int, int, tuple[object, ...]]]:
        """Every glossary match in the translation, overlapping ones included: ``(start, end, payloads)``
        with payloads ``(term, is_forbidden)``."""
        matcher = self.resources.target_matcher(self.locale)
        if matcher is None:
            return []
        return list(matcher.all_matches(self.entry.msgstr))


@dataclass(frozen=True)
class Expected:
    """What ``l10n update`` would write for a document, as far as the source decides it."""

    source_ref: str                                    # "source/x.md"
    entries: tuple[tuple[str | None, str, tuple[str, ...], tuple[str, ...]], ...]
    # per entry: (msgctxt, msgid, references, extracted comments from the template)
    project_id: str


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
    resources: Resources = _DEFAULT_RESOURCES
    thresholds: dict = field(default_factory=dict)

    @property
    def is_template(self) -> bool:
        return self.locale == "templates"


def unique(items: Iterable[T]) -> list[T]:
    """The items without repeats, in first-seen order."""
    return list(dict.fromkeys(items))

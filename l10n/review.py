"""``l10n review``: static HTML pages that put source and translation side by side for reviewers.

One page per document and target locale (``<review-dir>/<locale>/<doc>.html``) plus ``index.html``.
Each row is one catalog entry: the source and its translation with glossary terms highlighted (a
source term whose rendering is missing from the translation is flagged), the entry's state
colour-coded (translated, machine draft, fuzzy, untranslated), and the findings of ``l10n check``
for that entry beside it. A progress summary heads every page. Pages hold no script and no date, so
the same catalogs give the same bytes.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .build import build_path
from .check import Finding, run_checks
from .config import Config
from .glossary import Glossary, TermHit, project_glossary
from .html import REVIEW_CSS, bcp47, escape, language_name, page, url_path
from .po import Catalog, Entry, draft_provenance, entry_state, read_catalog
from .segment import KIND_LABELS
from .outputs import OutputReport, sync_outputs
from .source import require_documents
from .stale import refuse_stale
from .status import CatalogStatus, catalog_status

STATE_LABELS = {
    "translated": "translated",
    "draft": "machine draft",
    "fuzzy": "fuzzy",
    "untranslated": "untranslated",
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


# ---------------------------------------------------------------------------------------------- highlight

@dataclass(frozen=True)
class Span:
    start: int
    end: int
    title: str
    missing: bool = False


def highlight(text: str, spans: Iterable[Span]) -> str:
    """Escaped ``text`` with each span wrapped in ``<span class="term">``; overlapping spans are merged
    into the first (leftmost, then longest) and titles of identical spans are joined."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in ordered:
        if span.start >= span.end:
            continue
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if (span.start, span.end) == (last.start, last.end) and span.title not in last.title:
                merged[-1] = Span(last.start, last.end, f"{last.title}\n{span.title}",
                                  last.missing and span.missing)
            continue
        merged.append(span)
    out: list[str] = []
    pos = 0
    for span in merged:
        out.append(escape(text[pos:span.start]))
        classes = "term missing" if span.missing else "term"
        out.append(f'<span class="{classes}" title="{escape(span.title)}">'
                   f"{escape(text[span.start:span.end])}</span>")
        pos = span.end
    out.append(escape(text[pos:]))
    return "".join(out)


def diff_html(old: str, new: str) -> str:
    """What changed from ``old`` to ``new``, character by character (Chinese has no words to diff)."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return "".join(out)


def _term_title(hit: TermHit, locale: str) -> str:
    term = hit.term
    rendering = term.renderings.get(locale.replace("-", "_"), "")
    note = term.note.split(". ")[0].rstrip(".") if term.note else ""
    title = f"{term.source} → {rendering} ({term.type})"
    return f"{title}: {note}" if note else title


def term_spans(glossary: Glossary | None, source: str, translation: str, locale: str,
               ) -> tuple[list[Span], list[Span]]:
    """Glossary spans in the source and in the translation; a source term is ``missing`` when the
    translation holds no rendering of it."""
    if glossary is None:
        return [], []
    source_hits = glossary.find(source)
    target_hits = glossary.find_rendering(translation, locale) if translation else []
    rendered_rows = {hit.term.row for hit in target_hits}
    source_spans = [Span(h.start, h.end, _term_title(h, locale),
                         missing=bool(translation) and h.term.row not in rendered_rows) for h in source_hits]
    target_spans = [Span(h.start, h.end, _term_title(h, locale)) for h in target_hits]
    return source_spans, target_spans


# ---------------------------------------------------------------------------------------------- findings

def _finding_item(finding: Finding) -> str:
    severity = finding.severity if finding.severity in SEVERITY_ORDER else "info"
    where = f" line {finding.line}" if finding.line else ""
    return (f'<li class="{escape(severity)}"><b>{escape(finding.severity)}</b> '
            f"<code>{escape(finding.check)}{escape(where)}</code><br>{escape(finding.message)}</li>")


def _findings_list(findings: Sequence[Finding]) -> str:
    if not findings:
        return ""
    ordered = sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.check, f.message))
    return '<ul class="findings">' + "".join(_finding_item(f) for f in ordered) + "</ul>"


# ---------------------------------------------------------------------------------------------- page

def _progress_bar(status: CatalogStatus) -> str:
    if not status.entries:
        return '<div class="bar"></div>'
    parts = []
    for state in ("translated", "draft", "fuzzy", "untranslated"):
        count = getattr(status, state)
        if count:
            width = 100.0 * count / status.entries
            parts.append(f'<span class="{state}" style="width:{width:.2f}%" '
                         f'title="{STATE_LABELS[state]}: {count}"></span>')
    return f'<div class="bar" role="img" aria-label="{status.percent:.1f}% translated">{"".join(parts)}</div>'


def _counts_text(status: CatalogStatus) -> str:
    return (f"<strong>{status.translated} of {status.entries} translated ({status.percent:.1f}%)</strong> · "
            f"{status.draft} machine drafts · {status.fuzzy} fuzzy · {status.untranslated} untranslated · "
            f"{status.translated_words} of {status.source_words} words done")


def _legend() -> str:
    keys = "".join(f'<span><span class="key {state}"></span>{label}</span>'
                   for state, label in STATE_LABELS.items())
    return (f'<div class="legend">{keys}<span><span class="term">term</span> glossary term</span>'
            f'<span><span class="term missing">term</span> rendering missing</span></div>')


def _kind(entry: Entry) -> str:
    labels = set(KIND_LABELS.values())
    if entry.extracted_comments:
        kinds = [k.strip() for k in entry.extracted_comments[0].split(",")]
        if all(k in labels for k in kinds):
            return ", ".join(kinds)
    return ""


def _line(entry: Entry, source_ref: str) -> int | None:
    for reference in entry.references:
        path, _, line = reference.rpartition(":")
        if path == source_ref and line.isdigit():
            return int(line)
    return None


def _row(number: int, entry: Entry, locale: str, source_locale: str, glossary: Glossary | None,
         findings: Sequence[Finding], source_ref: str) -> str:
    state = entry_state(entry)
    translation = entry.msgstr
    source_spans, target_spans = term_spans(glossary, entry.msgid, translation, locale)
    line = _line(entry, source_ref)
    kind = _kind(entry)
    source_html = (f'<span class="kind">{escape(kind)}</span>' if kind else "") + highlight(entry.msgid, source_spans)
    if translation:
        target_html = highlight(translation, target_spans)
    else:
        target_html = "not translated yet"
    notes = [c for c in entry.translator_comments if draft_provenance(entry) != c]
    if notes:
        target_html += "".join(f'<span class="note" lang="en">{escape(note)}</span>' for note in notes)
    if state == "fuzzy" and entry.previous_msgid is not None:
        target_html += (f'<span class="previous">source changed since translation: '
                        f'<span lang="{bcp47(source_locale)}">{diff_html(entry.previous_msgid, entry.msgid)}'
                        "</span></span>")
    provenance = draft_provenance(entry)
    state_html = escape(STATE_LABELS[state])
    if provenance:
        engine = provenance.split(":", 1)[1].rsplit("#", 1)[0].strip()
        state_html += f"<small>{escape(engine)}</small>"
    where = f'<a href="#e{number}">#{number}</a>' + (f"<br>L{line}" if line else "")
    return (f'<tr id="e{number}" class="{state}"><td class="num">{where}</td>'
            f'<td class="source" lang="{bcp47(source_locale)}">{source_html}</td>'
            f'<td class="target" lang="{bcp47(locale)}">{target_html}</td>'
            f'<td class="state">{state_html}</td>'
            f'<td class="findings">{_findings_list(findings)}</td></tr>')


def render_review_page(document: str, locale: str, source_locale: str, catalog: Catalog,
                       glossary: Glossary | None, findings: dict[str, list[Finding]],
                       file_findings: Sequence[Finding], source_ref: str, catalog_ref: str) -> str:
    """One document's review page for one locale. ``findings`` maps a msgid to its findings."""
    status = catalog_status(locale, document, catalog_ref, catalog)
    entries = catalog.active()
    total = {s: 0 for s in SEVERITY_ORDER}
    for found in [*file_findings, *(f for e in entries for f in findings.get(e.msgid, ()))]:
        total[found.severity if found.severity in total else "info"] += 1
    rows = "\n".join(_row(i, entry, locale, source_locale, glossary, findings.get(entry.msgid, ()), source_ref)
                     for i, entry in enumerate(entries, 1))
    checks = (f'{total["error"]} errors · {total["warning"]} warnings · {total["info"]} notes from '
              f"<code>l10n check</code>")
    body = (
        "<main>\n"
        f'<p><a href="../index.html">All documents</a></p>\n'
        f'<h1><code>{escape(document)}</code> · <span lang="{bcp47(locale)}">{escape(language_name(locale))}'
        f"</span> <small>({escape(locale)})</small></h1>\n"
        f'<p class="summary">{_progress_bar(status)}<span>{_counts_text(status)}</span></p>\n'
        f'<p class="summary"><span>{checks}</span> · <span>catalog <code>{escape(catalog_ref)}</code>, '
        f"source <code>{escape(source_ref)}</code></span></p>\n"
        f"{_legend()}\n"
        + (f'<div class="file-findings">{_findings_list(file_findings)}</div>\n' if file_findings else "")
        + '<table class="segments">\n'
        '<colgroup><col class="num"><col class="source"><col class="target"><col class="state">'
        '<col class="findings"></colgroup>\n'
        f'<thead><tr><th>#</th><th>source ({escape(source_locale)})</th><th>translation ({escape(locale)})</th>'
        "<th>state</th><th>check findings</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody></table>\n</main>\n")
    return page("en", f"Review: {document} ({locale})", body, REVIEW_CSS)


@dataclass(frozen=True)
class ReviewedPage:
    locale: str
    document: str
    path: Path
    status: CatalogStatus
    errors: int
    warnings: int


def render_review_index(project_id: str, pages: Sequence[ReviewedPage], missing: Sequence[str],
                        project_findings: Sequence[Finding]) -> str:
    rows = []
    for reviewed in pages:
        href = url_path(reviewed.locale, f"{reviewed.document}.html")
        rows.append(
            f'<tr><td lang="{bcp47(reviewed.locale)}">{escape(language_name(reviewed.locale))} '
            f"<small>({escape(reviewed.locale)})</small></td>"
            f'<td><a href="{escape(href)}"><code>{escape(reviewed.document)}</code></a></td>'
            f"<td>{_progress_bar(reviewed.status)}</td>"
            f"<td>{reviewed.status.percent:.1f}%</td>"
            f"<td>{reviewed.status.draft} drafts, {reviewed.status.fuzzy} fuzzy, "
            f"{reviewed.status.untranslated} untranslated</td>"
            f"<td>{reviewed.errors} errors, {reviewed.warnings} warnings</td></tr>")
    body = (
        "<main>\n"
        f"<h1>Review: {escape(project_id)}</h1>\n"
        + '<table class="index"><thead><tr><th>language</th><th>document</th><th>progress</th><th></th>'
        "<th>to review</th><th>check findings</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows) + "\n</tbody></table>\n"
        + "".join(f"<p>{escape(line)}</p>\n" for line in missing)
        + (f'<h2>Project findings</h2>\n{_findings_list(project_findings)}\n' if project_findings else "")
        + "</main>\n")
    return page("en", f"Review: {project_id}", body, REVIEW_CSS)


# ---------------------------------------------------------------------------------------------- project

@dataclass(frozen=True)
class ReviewReport(OutputReport):
    pages: tuple[ReviewedPage, ...] = ()
    missing: tuple[str, ...] = ()          # catalogs not found (run `l10n update`)


def _run_checks(config: Config, locales: Sequence[str]) -> list[Finding]:
    """Findings of ``l10n check``, machine drafts and fuzzy entries included: they are what a reviewer reads."""
    return run_checks(config, list(locales), drafts=True)


def _path_key(config: Config, path: str) -> str:
    return config.rel(Path(path)) if Path(path).is_absolute() else Path(path).as_posix()


def _group_findings(config: Config, raw: Sequence[Finding], locale: str, document: str, documents: Sequence[str],
                    msgids: set[str]) -> tuple[dict[str, list[Finding]], list[Finding]]:
    """This page's findings: by msgid, and the rest (file-level or about an entry no longer there)."""
    own = {config.rel(config.catalog_path(locale, document)),
           config.rel(config.source_dir / f"{document}.md")}
    others = {config.rel(config.catalog_path(locale, d)) for d in documents if d != document}
    others |= {config.rel(config.source_dir / f"{d}.md") for d in documents if d != document}
    by_msgid: dict[str, list[Finding]] = {}
    file_level: list[Finding] = []
    for finding in raw:
        if (finding.locale or None) != locale:
            continue
        path = _path_key(config, finding.path)
        if path in others or (path not in own and finding.msgid not in msgids):
            continue
        if finding.msgid and finding.msgid in msgids:
            by_msgid.setdefault(finding.msgid, []).append(finding)
        else:
            file_level.append(finding)
    return by_msgid, file_level


def review_project(config: Config, locales: Sequence[str] | None = None) -> ReviewReport:
    """Write the review pages of every document in each target locale (default: all of them)."""
    locales = config.select_locales(locales)
    loaded = require_documents(config.source_dir)
    refuse_stale(config, loaded, "review", locales)
    documents = [document.name for document in loaded]
    glossary = project_glossary(config)
    findings = _run_checks(config, locales)
    outputs: list[tuple[Path, str]] = []
    pages: list[ReviewedPage] = []
    missing: list[str] = []
    for locale in locales:
        for document in documents:
            catalog_file = config.catalog_path(locale, document)
            if not catalog_file.exists():
                missing.append(f"{config.rel(catalog_file)} not found: run `l10n update`")
                continue
            catalog = read_catalog(catalog_file)
            msgids = {entry.msgid for entry in catalog.active()}
            by_msgid, file_level = _group_findings(config, findings, locale, document, documents,
                                                   msgids)
            source_ref = config.rel(config.source_dir / f"{document}.md")
            catalog_ref = config.rel(catalog_file)
            html_text = render_review_page(document, locale, config.source_locale, catalog, glossary, by_msgid,
                                           file_level, source_ref, catalog_ref)
            path = build_path(config.review_dir, locale, document, ".html")
            outputs.append((path, html_text))
            shown = [*file_level, *(f for found in by_msgid.values() for f in found)]
            pages.append(ReviewedPage(locale, document, path,
                                      catalog_status(locale, document, catalog_ref, catalog),
                                      sum(f.severity == "error" for f in shown),
                                      sum(f.severity == "warning" for f in shown)))
    project_findings = [finding for finding in findings if not finding.locale]
    index = render_review_index(config.project_id, pages, missing, project_findings)
    outputs.append((config.review_dir.resolve() / "index.html", index))
    # Pages of locales not asked for stay; pages of removed documents or dropped locales go.
    keep = [build_path(config.review_dir, locale, document, ".html") for locale in config.target_locales
            if locale not in locales for document in documents]
    synced = sync_outputs(config.review_dir, outputs, keep)
    return ReviewReport.of(synced, pages=tuple(pages), missing=tuple(missing))

"""The ``l10n`` command: parses arguments and calls the pipeline stages; nothing else lives here.

Exit status: 0 success, 1 failed checks, 2 bad input (an :class:`L10nError`, printed as one line).
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import Config, load_config
from .errors import L10nError

if TYPE_CHECKING:
    from .outputs import OutputReport
    from .reports import ReportFormat


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _config(args: argparse.Namespace) -> Config:
    return load_config(args.directory)


def _format_option(parser: argparse.ArgumentParser, formats: Mapping[str, ReportFormat]) -> None:
    from .reports import describe_formats

    parser.add_argument("--format", choices=list(formats), default=next(iter(formats)),
                        help=describe_formats(formats))


class _CommandParser(argparse.ArgumentParser):
    """A command's parser, configured when that command is parsed or its help shown: ``l10n status``
    never imports what only ``l10n check`` needs (a command's options may come from its stage's tables)."""

    configure: Callable[[argparse.ArgumentParser], None] | None = None

    def _configured(self) -> None:
        configure, self.configure = self.configure, None
        if configure is not None:
            configure(self)

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        self._configured()
        return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        self._configured()
        return super().format_help()

    def format_usage(self) -> str:
        self._configured()
        return super().format_usage()


def _print_outputs(config: Config, report: OutputReport, purpose: str,
                   detail: Callable[[Path], str] = lambda path: "") -> None:
    """What a stage wrote, one line a file, the same for every stage."""
    for file in report.files:
        _out(f"{'wrote' if file.written else 'unchanged'} {config.rel(file.path)}{detail(file.path)}\n")
    for path in report.removed:
        _out(f"removed {config.rel(path)} (no longer {purpose})\n")
    for path in report.kept_edited:
        _out(f"kept {config.rel(path)}: no longer {purpose}, but edited since l10n wrote it (delete it "
             "yourself if it is not needed)\n")


def _locale_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--locale", "-l", action="append", metavar="L",
                        help="only this target locale (repeatable); default: all in the config")


# ------------------------------------------------------------------------------------------ update

def _configure_update(parser: argparse.ArgumentParser) -> None:
    pass


def _run_update(args: argparse.Namespace) -> int:
    from .catalog import update_project

    config = _config(args)
    report = update_project(config)

    def merged(path: Path) -> str:
        s = report.stats.get(path)
        if s is None:
            return ""
        memory = f", {s.memory} from memory" if s.memory else ""
        return f": {s.kept} kept, {s.fuzzy} fuzzy, {s.new} new{memory}, {s.obsolete} obsolete"

    _print_outputs(config, report, "produced", merged)
    return 0


# ------------------------------------------------------------------------------------------ status

def _configure_status(parser: argparse.ArgumentParser) -> None:
    from .status import FORMATS

    _locale_option(parser)
    _format_option(parser, FORMATS)
    parser.add_argument("--analysis", action="store_true",
                        help="words per translation-memory match band (exact, 95-99, 85-94, 75-84, no match, "
                             "repeated) per document and locale")


def _run_status(args: argparse.Namespace) -> int:
    from .status import format_status, project_status

    config = _config(args)
    if args.analysis:
        from .tm.analysis import analyse, format_analysis_json, format_analysis_text

        found = analyse(config, config.select_locales(args.locale))
        _out(format_analysis_json(found) if args.format == "json" else format_analysis_text(found))
        return 0
    _out(format_status(project_status(config, config.select_locales(args.locale)), args.format))
    return 0


# ------------------------------------------------------------------------------------------ draft

def _configure_draft(parser: argparse.ArgumentParser) -> None:
    _locale_option(parser)
    parser.add_argument("--redraft", action="store_true",
                        help="also re-draft entries that still hold an unedited machine draft")
    parser.add_argument("--dry-run", action="store_true", help="report what would be drafted; change nothing")
    parser.add_argument("--cache", type=Path, metavar="FILE",
                        help="MT cache (SQLite); default: [tool.l10n] mt-cache or ~/.cache/l10n/")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--ray", nargs="?", const="", default=None, metavar="ADDRESS",
                        help="translate on Ray actors: join the cluster at ADDRESS (or $RAY_ADDRESS), "
                             "else start a local instance (needs the [scale] extra)")
    parser.add_argument("--ray-actors", type=int, metavar="N", help="actors holding the engine (default: one per CPU)")


def _run_draft(args: argparse.Namespace) -> int:
    from .draft.pipeline import draft_project

    from .draft.distributed import RayOptions

    config = _config(args)
    ray = None
    if args.ray is not None:
        if args.ray_actors is not None and args.ray_actors < 1:
            raise L10nError("--ray-actors must be at least 1")
        ray = RayOptions(address=args.ray or None, actors=args.ray_actors)
    # Without --locale, a locale whose engine is missing is skipped (and named); asked for by name, it is an error.
    receipt = draft_project(config, config.select_locales(args.locale), redraft=args.redraft, dry_run=args.dry_run,
                            cache_path=args.cache, progress=not args.no_progress, ray=ray,
                            skip_unavailable=not args.locale)
    for path in receipt.files_written:
        _out(f"wrote {path}\n")
    for line in receipt.skipped_lines():
        _out(line + "\n")
    _out(receipt.line() + "\n")
    return 0


# ------------------------------------------------------------------------------------------ engines

def _configure_engines(parser: argparse.ArgumentParser) -> None:
    _locale_option(parser)
    parser.add_argument("--list", action="store_true", help="list every engine with its pairs and options")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _run_engines(args: argparse.Namespace) -> int:
    from .draft.engines import engine_table, format_engines_json, format_engines_text, project_engines

    if args.list:
        _out(engine_table())
        return 0
    config = _config(args)
    rows = project_engines(config, config.select_locales(args.locale))
    _out(format_engines_json(rows) if args.format == "json" else format_engines_text(rows))
    return 0


# ------------------------------------------------------------------------------------------ mt

def _configure_mt(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="mt_command", metavar="ACTION", required=True)
    evaluate = sub.add_parser("eval", help="score engines on a locale's approved translations (writes nothing)")
    evaluate.add_argument("--locale", "-l", required=True, metavar="L", help="the target locale to evaluate")
    evaluate.add_argument("--engine", "-e", action="append", metavar="ID[:KEY=VALUE,...]",
                          help="engine to score (repeatable), e.g. opencc:config=tw2s,phrases=false; "
                               "default: the locale's configured engine")
    evaluate.add_argument("--format", choices=("text", "json"), default="text")


def _run_mt(args: argparse.Namespace) -> int:
    from .draft.engines import parse_engine_argument
    from .draft.evaluate import evaluate, format_eval_json, format_eval_text

    config = _config(args)
    [locale] = config.select_locales([args.locale])
    choices = [parse_engine_argument(text) for text in args.engine] if args.engine else None
    report = evaluate(config, locale, choices)
    _out(format_eval_json(report) if args.format == "json" else format_eval_text(report))
    return 0


# ------------------------------------------------------------------------------------------ models

def _configure_models(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    sub.add_parser("list", help="list installed Argos Translate packages")
    install = sub.add_parser("install", help="install an Argos package from a .argosmodel file")
    install.add_argument("file", type=Path)


def _run_models(args: argparse.Namespace) -> int:
    from .draft.argos_engine import install_model, list_models, packages_dir

    if args.models_command == "install":
        info = install_model(args.file)
        _out(f"installed {info} ({info.from_code} -> {info.to_code}) in {info.path}\n")
        return 0
    models = list_models()
    if not models:
        _out(f"no Argos packages installed in {packages_dir()}\n")
    for info in models:
        _out(f"{info.name:<24} {info.version:<8} {info.from_code} -> {info.to_code}  {info.path}\n")
    return 0


# ------------------------------------------------------------------------------------------ glossary

def _configure_glossary(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)
    sub.add_parser("check", help="validate glossary.csv (each problem names its row)")
    export = sub.add_parser("export", help="export the glossary for CAT tools and Weblate")
    export.add_argument("--format", choices=("tbx",), default="tbx")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")


def _run_glossary(args: argparse.Namespace) -> int:
    from .fsutil import atomic_write_text
    from .glossary import export_tbx, load_glossary, validate_glossary

    config = _config(args)
    locales = list(config.target_locales)
    if args.glossary_command == "check":
        problems = validate_glossary(config.glossary, locales)
        rel = config.rel(config.glossary)
        for problem in problems:
            _out(f"{rel}:{problem.row}: {problem.severity}: {problem.message}\n")
        errors = sum(problem.severity == "error" for problem in problems)
        if not errors:
            _out(f"{rel}: ok" + (f" ({len(problems)} warning{'s' if len(problems) != 1 else ''})\n"
                                  if problems else "\n"))
        return 1 if errors else 0
    tbx = export_tbx(load_glossary(config.glossary, locales), config.source_locale.replace("_", "-"))
    if args.output:
        atomic_write_text(args.output, tbx)
    else:
        _out(tbx)
    return 0


# ------------------------------------------------------------------------------------------ tm

def _configure_tm(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="tm_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write the approved translations as TMX 1.4b, one file per locale pair")
    export.add_argument("--format", choices=("tmx",), default="tmx")
    _locale_option(export)
    export.add_argument("--output", "-o", type=Path,
                        help="file (one locale) or folder (several; <project-id>.<locale>.tmx); default: stdout")
    imported = sub.add_parser("import", help="add a TMX file from another tool to the project's memory")
    imported.add_argument("file", type=Path)


def _run_tm(args: argparse.Namespace) -> int:
    from .fsutil import atomic_write_text
    from .tm.exchange import export_tmx, import_tmx

    config = _config(args)
    if args.tm_command == "import":
        added, target = import_tmx(config, args.file)
        _out(f"imported {added} unit{'s' if added != 1 else ''} from {args.file} into {config.rel(target)}\n")
        return 0
    locales = config.select_locales(args.locale)
    if len(locales) == 1 and (args.output is None or args.output.suffix == ".tmx"):
        text = export_tmx(config, locales[0])
        if args.output is None:
            _out(text)
        else:
            _out(f"{'wrote' if atomic_write_text(args.output, text) else 'unchanged'} {args.output}\n")
        return 0
    if args.output is None:
        raise L10nError("several locales need --output FOLDER (or choose one with --locale)",
                        hint="e.g. l10n tm export -o memory/")
    for locale in locales:
        path = args.output / f"{config.project_id}.{locale}.tmx"
        _out(f"{'wrote' if atomic_write_text(path, export_tmx(config, locale)) else 'unchanged'} {path}\n")
    return 0


# ------------------------------------------------------------------------------------------ xliff

def _configure_xliff(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="xliff_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write one document's catalog for one locale as XLIFF 1.2")
    export.add_argument("document", help="document name (source/<document>.md)")
    export.add_argument("--locale", "-l", required=True, metavar="L")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    imported = sub.add_parser("import", help="bring an XLIFF file's translations back into its catalog")
    imported.add_argument("file", type=Path)
    imported.add_argument("--locale", "-l", metavar="L", help="default: the file's target-language")


def _run_xliff(args: argparse.Namespace) -> int:
    from .fsutil import atomic_write_text, project_lock
    from .po import format_catalog, read_catalog
    from .tm.xliff import apply_xliff, format_xliff, read_xliff

    config = _config(args)
    if args.xliff_command == "export":
        [locale] = config.select_locales([args.locale])
        path = config.catalog_path(locale, args.document)
        if not path.exists():
            raise L10nError(f"no catalog for {args.document} in {locale}", path, hint="run `l10n update`")
        source_ref = config.rel(config.source_dir / f"{args.document}.md")
        text = format_xliff(read_catalog(path), source_ref, config.source_locale, locale)
        if args.output is None:
            _out(text)
        else:
            _out(f"{'wrote' if atomic_write_text(args.output, text) else 'unchanged'} {args.output}\n")
        return 0
    original, language, units = read_xliff(args.file)
    locale = args.locale or next((name for name in config.target_locales
                                  if name.replace("_", "-").lower() == language.lower()), None)
    if locale is None:
        raise L10nError(f"target-language {language!r} is not a target locale", args.file,
                        hint=f"pass --locale, one of {', '.join(config.target_locales)}")
    [locale] = config.select_locales([locale])
    document = Path(original).stem
    path = config.catalog_path(locale, document)
    if not path.exists():
        raise L10nError(f"no catalog {config.rel(path)} for the file's original {original!r}", args.file,
                        hint="export from this project, or run `l10n update` first")
    with project_lock(config.root):
        catalog = read_catalog(path)
        changed, unknown = apply_xliff(catalog, units)
        written = atomic_write_text(path, format_catalog(catalog)) if changed else False
    _out(f"{'wrote' if written else 'unchanged'} {config.rel(path)}: {changed} changed"
         + (f", {unknown} units not in the catalog (run `l10n update`?)" if unknown else "") + "\n")
    return 0


# ------------------------------------------------------------------------------------------ build

def _configure_build(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--locale", "-l", action="append", metavar="L",
                        help="only this locale (repeatable; the source locale too); default: all")
    parser.add_argument("--drafts", action="store_true",
                        help="preview build: use fuzzy entries and machine drafts, marked visibly")
    parser.add_argument("--force", action="store_true",
                        help="also publish documents below their locale's build threshold")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 if a published page shows source text for a missing translation or "
                             "`l10n check` reports an error (the CI gate)")


def _run_build(args: argparse.Namespace) -> int:
    from .build import build_project

    config = _config(args)
    report = build_project(config, args.locale or None, drafts=args.drafts, force=args.force)
    _print_outputs(config, report, "published")
    for skipped in report.skipped:
        _out(f"skipped {skipped.message}\n")
    _out("build summary:\n" + report.summary())
    if not args.strict:
        return 0
    from .check import run_checks
    from .check.report import format_line

    targets = [locale for locale in config.select_locales(args.locale, with_source=True)
               if locale in config.target_locales]
    errors = [f for f in run_checks(config, targets) if f.severity == "error"] if targets else []
    for finding in errors:
        _out(f"strict: {format_line(finding)}\n")
    for page in report.with_fallbacks:
        _out(f"strict: {page.locale} {page.document}: published with {page.fallbacks} segment"
             f"{'s' if page.fallbacks != 1 else ''} in the source language\n")
    failed = bool(errors or report.with_fallbacks)
    _out(f"strict: {'failed' if failed else 'ok'}\n")
    return 1 if failed else 0


# ------------------------------------------------------------------------------------------ review

def _configure_review(parser: argparse.ArgumentParser) -> None:
    _locale_option(parser)


def _run_review(args: argparse.Namespace) -> int:
    from .review import review_project

    config = _config(args)
    report = review_project(config, config.select_locales(args.locale))
    _print_outputs(config, report, "produced")
    for missing in report.missing:
        _out(f"no catalog {missing}: run `l10n update`\n")
    return 0


# ------------------------------------------------------------------------------------------ check

def _configure_check(parser: argparse.ArgumentParser) -> None:
    from .check.report import FORMATS

    _locale_option(parser)
    _format_option(parser, FORMATS)
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    parser.add_argument("--drafts", action="store_true", help="also check fuzzy entries and unreviewed drafts")


def _run_check(args: argparse.Namespace) -> int:
    from .check import exit_status, format_check_list, format_findings, run_checks

    if args.list:
        _out(format_check_list())
        return 0
    config = _config(args)
    findings = run_checks(config, config.select_locales(args.locale), drafts=args.drafts)
    _out(format_findings(findings, args.format))
    return exit_status(findings)


COMMANDS: list[Command] = [
    Command("update", "extract segments from source/ and bring templates and catalogs in step",
            _configure_update, _run_update),
    Command("status", "show translation progress per locale and document", _configure_status, _run_status),
    Command("draft", "fill untranslated entries with fuzzy machine drafts (OpenCC, Argos)",
            _configure_draft, _run_draft),
    Command("engines", "show which engine drafts each locale, its version and whether it is installed",
            _configure_engines, _run_engines),
    Command("mt", "machine translation: `mt eval` scores engines against approved translations",
            _configure_mt, _run_mt),
    Command("models", "list or install offline Argos Translate models", _configure_models, _run_models),
    Command("glossary", "validate or export glossary.csv", _configure_glossary, _run_glossary),
    Command("tm", "export the translation memory as TMX, or import a TMX file into it", _configure_tm, _run_tm),
    Command("xliff", "export a catalog as XLIFF 1.2 for CAT tools, or import one back", _configure_xliff,
            _run_xliff),
    Command("check", "check translations: glossary, numbers, names, punctuation, completeness, staleness",
            _configure_check, _run_check),
    Command("build", "build localized Markdown and HTML articles in build/", _configure_build, _run_build),
    Command("review", "write side-by-side review pages in review/", _configure_review, _run_review),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="l10n", description="Offline translation of Markdown articles "
                                     "through gettext PO catalogs.")
    parser.add_argument("-C", dest="directory", type=Path, default=Path("."), metavar="DIR",
                        help="run as if started in DIR (the project holding pyproject.toml)")
    parser.add_argument("--version", action="version", version=f"l10n {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_CommandParser)
    for command in COMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        child.configure = command.configure
        child.set_defaults(run=command.run)
    return parser


def _terminate(signum: int, _frame: object) -> None:
    # Unwind like Ctrl-C so a write in progress removes its temp file; finished files are whole.
    raise KeyboardInterrupt


def _shown_path(path: str | None) -> str:
    """A path as CI annotations want it: relative to the working folder (the checkout) when inside it."""
    if not path:
        return "pyproject.toml"
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _report_in_format(error: L10nError, fmt: str) -> None:
    """Bad input reaches the selected machine-readable output too, not only stderr."""
    if fmt in ("text", "tbx"):
        return
    from .check.report import format_input_error, input_error_finding

    message = error.message + (f" ({error.hint})" if error.hint else "")
    _out(format_input_error(input_error_finding(message, _shown_path(error.path), error.line), fmt))


def main(argv: Sequence[str] | None = None) -> int:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except L10nError as error:
        sys.stderr.write(f"l10n: error: {error}\n")
        _report_in_format(error, getattr(args, "format", "text"))
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("l10n: interrupted; files already written are complete\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())

"""The ``l10n`` command: parses arguments and calls the pipeline stages; nothing else lives here.

Exit status: 0 success, 1 failed checks, 2 bad input (an :class:`L10nError`, printed as one line).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import Config, load_config
from .errors import L10nError


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


def _locale_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--locale", "-l", action="append", metavar="L",
                        help="only this target locale (repeatable); default: all in the config")


def _locales(args: argparse.Namespace, config: Config) -> list[str]:
    if not args.locale:
        return list(config.target_locales)
    unknown = [l for l in args.locale if l not in config.target_locales]
    if unknown:
        raise L10nError(f"locale {', '.join(unknown)} is not a target locale",
                        config.root / "pyproject.toml",
                        hint=f"choose from {', '.join(config.target_locales)} or add it to target-locales")
    return list(args.locale)


# ------------------------------------------------------------------------------------------ update

def _configure_update(parser: argparse.ArgumentParser) -> None:
    pass


def _run_update(args: argparse.Namespace) -> int:
    from .catalog import update_project
    from .glossary_hints import hints_for_project

    config = _config(args)
    report = update_project(config, hints_for_project(config))
    for result in report.files:
        rel = config.rel(result.path)
        if result.stats is None:
            _out(f"{'wrote' if result.written else 'unchanged'} {rel}\n")
        else:
            s = result.stats
            _out(f"{'wrote' if result.written else 'unchanged'} {rel}: {s.kept} kept, {s.fuzzy} fuzzy, "
                 f"{s.new} new, {s.obsolete} obsolete\n")
    return 0


# ------------------------------------------------------------------------------------------ status

def _configure_status(parser: argparse.ArgumentParser) -> None:
    _locale_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _run_status(args: argparse.Namespace) -> int:
    from .status import format_status_json, format_status_text, project_status

    config = _config(args)
    rows = project_status(config, _locales(args, config))
    _out(format_status_json(rows) if args.format == "json" else format_status_text(rows))
    return 0


COMMANDS: list[Command] = [
    Command("update", "extract segments from source/ and bring templates and catalogs in step",
            _configure_update, _run_update),
    Command("status", "show translation progress per locale and document", _configure_status, _run_status),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="l10n", description="Offline translation of Markdown articles "
                                     "through gettext PO catalogs.")
    parser.add_argument("-C", dest="directory", type=Path, default=Path("."), metavar="DIR",
                        help="run as if started in DIR (the project holding pyproject.toml)")
    parser.add_argument("--version", action="version", version=f"l10n {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(child)
        child.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except L10nError as error:
        sys.stderr.write(f"l10n: error: {error}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("l10n: interrupted; files already written are complete\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())

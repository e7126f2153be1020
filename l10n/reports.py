"""Report formats as registry entries: an id, a one-line description and a renderer.

A command's ``--format`` choices and help come from its table, and rendering looks the id up there:
adding a format is adding an entry, with no second list and no branch on names.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ReportFormat", "describe_formats", "format_table", "render"]


@dataclass(frozen=True)
class ReportFormat:
    id: str
    description: str
    render: Callable[..., str]


def format_table(*formats: ReportFormat) -> dict[str, ReportFormat]:
    """The formats by id, in the order given (the first is the default)."""
    table = {entry.id: entry for entry in formats}
    if len(table) != len(formats):
        raise ValueError("report format ids must be unique")
    return table


def describe_formats(table: Mapping[str, ReportFormat]) -> str:
    """``text: ...; json: ...``, for a ``--format`` help line."""
    return "; ".join(f"{entry.id}: {entry.description}" for entry in table.values())


def render(table: Mapping[str, ReportFormat], format_id: str, *args: Any) -> str:
    try:
        entry = table[format_id]
    except KeyError:
        raise ValueError(f"unknown format {format_id!r}: expected one of {', '.join(table)}") from None
    return entry.render(*args)

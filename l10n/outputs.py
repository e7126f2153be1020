"""Writing a stage's outputs: one helper and one result type for every stage that writes files.

:func:`write_outputs` writes files people also edit (``l10n update``'s catalogs): atomically, and only
those whose text changed. :func:`sync_outputs` keeps a folder the tool owns (``build/``, ``review/``)
in step with the project, through a manifest. Both return an :class:`OutputReport`; a stage's own
report (``UpdateReport``, ``BuildReport``, ``ReviewReport``) is one with the stage's extra fields.

The manifest (``<folder>/.l10n-manifest.json``) lists every file the tool wrote there with the SHA-256
of what it wrote. A page that is no longer produced (its document was removed, its locale dropped or
below the build threshold) is deleted only if the manifest lists it and the file still holds exactly
what the tool wrote: a person's own file in the folder, or a page someone edited by hand, is never
deleted (the latter is reported as kept).
"""
from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from .fsutil import atomic_write_text

MANIFEST_NAME = ".l10n-manifest.json"


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    written: bool       # False: the file already held exactly this text


@dataclass(frozen=True)
class OutputReport:
    files: tuple[WrittenFile, ...] = ()  # every file the stage produced, written or already up to date
    removed: tuple[Path, ...] = ()       # files the tool had written that are no longer produced
    kept_edited: tuple[Path, ...] = ()   # no longer produced, but edited since: left in place

    @property
    def written(self) -> list[WrittenFile]:
        return [f for f in self.files if f.written]

    @classmethod
    def of(cls, output: OutputReport, **fields: Any) -> Self:
        """A stage's report: what ``output`` says was written, plus the stage's own ``fields``."""
        return cls(files=output.files, removed=output.removed, kept_edited=output.kept_edited, **fields)


def write_outputs(outputs: Iterable[tuple[Path, str]]) -> OutputReport:
    """Write each ``(path, text)`` atomically; a file already holding exactly its text is not touched."""
    return OutputReport(tuple(WrittenFile(path, atomic_write_text(path, text)) for path, text in outputs))


def _digest(data: bytes) -> str:
    import hashlib   # only manifests need it (OpenSSL is 3.6 MiB of RSS)

    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of what the tool wrote; empty when there is none or it is unreadable."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if isinstance(k, str)}


def _write_manifest(folder: Path, files: dict[str, str]) -> None:
    text = json.dumps({"written-by": "l10n", "files": dict(sorted(files.items()))}, indent=1) + "\n"
    atomic_write_text(folder / MANIFEST_NAME, text)


def _inside(folder: Path, relative: str) -> Path | None:
    path = (folder / relative).resolve()
    return path if folder in path.parents else None


def sync_outputs(folder: Path, outputs: Sequence[tuple[Path, str]], keep: Iterable[Path] = ()) -> OutputReport:
    """Write ``outputs`` into ``folder`` and delete the tool's earlier files that are no longer produced.

    ``keep``: files still valid though not rewritten in this run (pages of locales not selected with
    ``--locale``); they stay listed if the manifest listed them.
    """
    folder = folder.resolve()
    old = read_manifest(folder)
    produced = {path.resolve().relative_to(folder).as_posix(): text.encode("utf-8") for path, text in outputs}
    kept = {path.resolve().relative_to(folder).as_posix() for path in keep}
    # List the new files before writing them, so an interrupted run still knows they are the tool's.
    pending = {**old, **{rel: _digest(data) for rel, data in produced.items()}}
    if pending != old:
        _write_manifest(folder, pending)
    files = write_outputs((folder / rel, data.decode("utf-8")) for rel, data in produced.items()).files
    manifest = {rel: _digest(data) for rel, data in produced.items()}
    removed: list[Path] = []
    kept_edited: list[Path] = []
    for rel, digest in old.items():
        if rel in produced:
            continue
        path = _inside(folder, rel)
        if path is None:
            continue
        if rel in kept:
            manifest[rel] = digest
            continue
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError:
            kept_edited.append(path)
            continue
        if _digest(current) != digest:
            kept_edited.append(path)
            continue
        path.unlink()
        removed.append(path)
        with contextlib.suppress(OSError):   # the locale's folder, once the tool's last page is gone
            path.parent.rmdir()
    if manifest != pending:
        _write_manifest(folder, manifest)
    return OutputReport(files, tuple(removed), tuple(kept_edited))

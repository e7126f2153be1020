"""The source documents: every ``*.md`` file in the source folder is one document with its own catalogs."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

# A document name becomes part of catalog and build paths: keep it to one safe path component.
DOC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_SOURCE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    name: str          # file stem: locales/<locale>/<name>.po
    path: Path
    text: str


def find_documents(source_dir: Path) -> list[Path]:
    if not source_dir.is_dir():
        raise SourceError("source folder not found", source_dir,
                          hint="create it and put the article there as Markdown (*.md), or set "
                               "[tool.l10n] source-dir")
    return sorted(p for p in source_dir.glob("*.md") if p.is_file())


def read_document(path: Path) -> Document:
    name = path.stem
    if not DOC_NAME.match(name):
        raise SourceError(f"document name {name!r} is not a safe file name", path,
                          hint="rename it to letters, digits, '.', '_' or '-' (it names catalogs and pages)")
    data = path.read_bytes()
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"document is {len(data) // (1024 * 1024)} MB, over the "
                          f"{MAX_SOURCE_BYTES // (1024 * 1024)} MB limit", path,
                          hint="split it into several documents")
    if b"\x00" in data:
        raise SourceError("document holds NUL bytes: it looks binary, not Markdown", path,
                          hint="keep only UTF-8 Markdown files in the source folder")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SourceError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line,
                          hint="re-save the file as UTF-8, e.g. iconv -f BIG5 -t UTF-8") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        raise SourceError("document is empty", path, hint="write the article or remove the file")
    return Document(name, path, text)


def load_documents(source_dir: Path) -> list[Document]:
    """Read every document first, so a bad one stops the command before any catalog is written."""
    return [read_document(p) for p in find_documents(source_dir)]


def require_documents(source_dir: Path) -> list[Document]:
    """:func:`load_documents`, refusing an empty source folder: nothing to translate is bad input, said
    clearly, not a silent success."""
    documents = load_documents(source_dir)
    if not documents:
        raise SourceError("no documents: the source folder holds no *.md file", source_dir,
                          hint="add a Markdown document such as source/my-article.md, then run `l10n update`")
    return documents

"""The bad-input table: each case gives one clear message naming the file (and line), exit 2, no file changed.

Decisions recorded here: a UTF-8 BOM and CRLF line endings in a PO file or source document are read as if
absent and written back as GNU gettext writes (LF, no BOM); they are not errors.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from l10n.cli import main

DOC = "kuaishou-ai-kling"
PO = f"locales/en/{DOC}.po"


def _replace(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def _write_bytes(rel: str, data: bytes) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / rel).write_bytes(data)
    return edit


def _po_line(root: Path, needle: str) -> int:
    lines = (root / PO).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@dataclass(frozen=True)
class Case:
    id: str
    edit: Callable[[Path], None]
    message: str                     # expected in the one-line error
    where: str                       # file named in the message
    line: Callable[[Path], int] | None = None   # expected line (computed on the edited project)


TITLE = 'msgid "「快手,你是誰?從哪來?到哪去?」|在AI創造1億營收後,快手的前路和野望"'
GLOSSARY_HEADER = "zh_Hant,zh_Hans,en,type,forbidden_zh_Hans,forbidden_en,case_sensitive,note"

CASES = [
    Case("po-unterminated-string", _replace(PO, TITLE, TITLE[:-1]), "", PO,
         lambda root: _po_line(root, "快手的前路和野望")),
    Case("po-unknown-keyword", _replace(PO, TITLE, "msgidd" + TITLE[5:]), "", PO,
         lambda root: _po_line(root, "msgidd")),
    Case("po-garbage-line", _replace(PO, TITLE, "this is not PO\n" + TITLE), "", PO,
         lambda root: _po_line(root, "this is not PO")),
    Case("po-other-charset", _replace(PO, "charset=UTF-8", "charset=BIG5"), "msgconv", PO),
    Case("po-not-utf8", lambda root: (root / PO).write_bytes(
        (root / PO).read_bytes().replace("野望".encode(), "野望".encode("big5"), 1)), "UTF-8", PO),
    Case("po-duplicate-msgid", _replace(PO, TITLE, TITLE + '\nmsgstr ""\n\n' + TITLE), "duplicate", PO),
    Case("glossary-missing-column", _replace("glossary.csv", GLOSSARY_HEADER, GLOSSARY_HEADER.replace(",type,", ",kind,")),
         "missing column", "glossary.csv"),
    Case("glossary-unknown-type", _replace("glossary.csv", ",Kling,product,", ",Kling,brandname,"),
         "unknown type", "glossary.csv"),
    Case("glossary-duplicate-term", lambda root: (root / "glossary.csv").write_text(
        (root / "glossary.csv").read_text(encoding="utf-8") + "可靈,可灵,Kling,product,,,yes,again\n",
        encoding="utf-8"), "duplicate term", "glossary.csv"),
    Case("glossary-not-utf8", lambda root: (root / "glossary.csv").write_bytes(
        (root / "glossary.csv").read_text(encoding="utf-8").encode("utf-16")), "UTF-8", "glossary.csv"),
    Case("config-unknown-locale", _replace("pyproject.toml", '"zh_Hans", "en"', '"zh_Hans", "xx_Bogus"'),
         "unknown locale", "pyproject.toml"),
    Case("config-path-outside", _replace("pyproject.toml", 'locales-dir = "locales"', 'locales-dir = "../x"'),
         "outside the project", "pyproject.toml"),
    Case("source-empty", _write_bytes(f"source/{DOC}.md", b"\n\n"), "empty", f"source/{DOC}.md"),
    Case("source-binary", _write_bytes(f"source/{DOC}.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary",
         f"source/{DOC}.md"),
    Case("source-50MB", _write_bytes(f"source/{DOC}.md", ("# 標題\n\n" + "快手。" * 5_600_000).encode()),
         "MB", f"source/{DOC}.md"),
    Case("source-not-utf8", _write_bytes(f"source/{DOC}.md", "# 快手的前路\n".encode("big5")), "not UTF-8",
         f"source/{DOC}.md"),
    Case("source-bad-name", _write_bytes("source/bad name.md", "# 標題\n".encode()), "safe file name",
         "source/bad name.md"),
]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def updated(project: Path, capsys) -> Path:
    assert main(["-C", str(project), "update"]) == 0
    capsys.readouterr()
    return project


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_clearly_and_changes_nothing(updated, capsys, case):
    case.edit(updated)
    before = _snapshot(updated)
    status = main(["-C", str(updated), "update"])
    err = capsys.readouterr().err
    assert status == 2, err
    assert err.startswith("l10n: error: ") and err.count("\n") == 1
    assert case.message in err
    assert case.where in err
    if case.line is not None:
        assert f"{case.where}:{case.line(updated)}:" in err
    assert _snapshot(updated) == before


@pytest.mark.parametrize("variant", ["bom", "crlf"])
def test_bom_and_crlf_catalogs_are_read_and_normalised(updated, variant):
    po = updated / PO
    clean = po.read_bytes()
    po.write_bytes(b"\xef\xbb\xbf" + clean if variant == "bom" else clean.replace(b"\n", b"\r\n"))
    assert main(["-C", str(updated), "update"]) == 0
    assert po.read_bytes() == clean

"""Tests for l10n.outputs: the one helper that writes a stage's files and the one report type they return."""
from __future__ import annotations

from dataclasses import dataclass

from l10n.outputs import OutputReport, WrittenFile, sync_outputs, write_outputs


def test_write_outputs_writes_only_what_changed(tmp_path):
    a, b = tmp_path / "a.po", tmp_path / "sub" / "b.po"
    first = write_outputs([(a, "one\n"), (b, "two\n")])
    assert first.files == (WrittenFile(a, True), WrittenFile(b, True)) and first.written == list(first.files)
    a_stat = a.stat()
    again = write_outputs([(a, "one\n"), (b, "three\n")])
    assert again.written == [WrittenFile(b, True)] and b.read_text() == "three\n"
    assert a.stat().st_mtime_ns == a_stat.st_mtime_ns and (again.removed, again.kept_edited) == ((), ())


def test_sync_outputs_reports_in_the_same_type(tmp_path):
    folder = tmp_path / "build"
    page = folder / "en" / "doc.html"
    report = sync_outputs(folder, [(page, "<p>x</p>\n")])
    assert type(report) is OutputReport and report.files == (WrittenFile(page.resolve(), True),)
    gone = sync_outputs(folder, [])
    assert gone.removed == (page.resolve(),) and not page.exists()


def test_a_stage_report_is_an_output_report_with_its_own_fields():
    @dataclass(frozen=True)
    class StageReport(OutputReport):
        pages: tuple[str, ...] = ()

    written = OutputReport((WrittenFile(__file__, False),), removed=("x",), kept_edited=("y",))
    report = StageReport.of(written, pages=("p",))
    assert (report.files, report.removed, report.kept_edited, report.pages) == (
        written.files, ("x",), ("y",), ("p",))
    assert report.written == []

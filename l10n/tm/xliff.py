"""XLIFF 1.2 export of one catalog and import back into it, for CAT tools that prefer XLIFF to PO.

The layout follows Translate Toolkit's ``po2xliff`` so its ``xliff2po`` (our oracle) reads what we write:
``<note from="developer">`` for extracted comments, ``<note from="po-translator">`` for translator comments
(where ``# l10n-draft:`` and ``# l10n-tm:`` provenance live), ``po-reference`` context groups for ``#:``.
States: a translated entry is ``state="translated"`` with ``approved="yes"``; a machine draft or a fuzzy entry
``state="needs-review-translation"`` with ``approved="no"``; an untranslated one ``state="needs-translation"``.

Import changes only what XLIFF carries (the translation, its state, translator notes) in the catalog the file
was exported from; references, flags and ``#|`` previous text stay as the catalog has them. A unit whose
target is empty never clears a translation.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from l10n.errors import L10nError
from l10n.po import Catalog, Entry, entry_state

from .tmx import bcp47

NS = "urn:oasis:names:tc:xliff:document:1.2"
_Q = f"{{{NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
APPROVED_STATES = frozenset({"translated", "final", "signed-off"})
STATE_OF = {"translated": "translated", "draft": "needs-review-translation", "fuzzy": "needs-review-translation",
            "untranslated": "needs-translation"}


def format_xliff(catalog: Catalog, source_ref: str, source_locale: str, locale: str) -> str:
    ET.register_namespace("", NS)
    root = ET.Element(f"{_Q}xliff", {"version": "1.2"})
    file = ET.SubElement(root, f"{_Q}file", {"original": source_ref, "source-language": bcp47(source_locale),
                                             "target-language": bcp47(locale), "datatype": "po"})
    body = ET.SubElement(file, f"{_Q}body")
    for number, entry in enumerate((e for e in catalog.active() if not e.msgid_plural), start=1):
        state = entry_state(entry)
        unit = ET.SubElement(body, f"{_Q}trans-unit", {"id": str(number), XML_SPACE: "preserve",
                                                       "approved": "yes" if state == "translated" else "no"})
        if entry.msgctxt is not None:
            unit.set("resname", entry.msgctxt)
        ET.SubElement(unit, f"{_Q}source").text = entry.msgid
        ET.SubElement(unit, f"{_Q}target", {"state": STATE_OF[state]}).text = entry.msgstr
        for reference in entry.references:
            path, _, line = reference.rpartition(":")
            if not path or not line.isdigit():
                path, line = reference, ""
            group = ET.SubElement(unit, f"{_Q}context-group", {"name": "po-reference", "purpose": "location"})
            ET.SubElement(group, f"{_Q}context", {"context-type": "sourcefile"}).text = path
            if line:
                ET.SubElement(group, f"{_Q}context", {"context-type": "linenumber"}).text = line
        if entry.extracted_comments:
            ET.SubElement(unit, f"{_Q}note", {"from": "developer"}).text = "\n".join(entry.extracted_comments)
        if entry.translator_comments:
            ET.SubElement(unit, f"{_Q}note", {"from": "po-translator"}).text = "\n".join(entry.translator_comments)
    ET.indent(root, space="  ")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{ET.tostring(root, encoding="unicode")}\n'


def read_xliff(path: Path) -> tuple[str, str, list[dict]]:
    """``(original, target-language, units)`` of an XLIFF 1.1/1.2 file; each unit a dict of source, target, approved,
    context (resname), notes (translator notes or None when the unit has none)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise L10nError(f"not an XLIFF file: {error}", path, hint="export it again as XLIFF 1.2") from None
    namespace = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    if root.tag != f"{namespace}xliff":
        raise L10nError(f"not an XLIFF file (root element <{root.tag}>)", path)
    file = root.find(f"{namespace}file")
    original = file.get("original", "") if file is not None else ""
    language = file.get("target-language", "") if file is not None else ""
    units = []
    for unit in root.iter(f"{namespace}trans-unit"):
        source = unit.find(f"{namespace}source")
        target = unit.find(f"{namespace}target")
        state = target.get("state", "") if target is not None else ""
        approved = unit.get("approved") == "yes" if unit.get("approved") else state in APPROVED_STATES
        notes = [note.text or "" for note in unit.findall(f"{namespace}note")
                 if note.get("from") in ("po-translator", "translator")]
        units.append({"source": "".join(source.itertext()) if source is not None else "",
                      "target": "".join(target.itertext()) if target is not None else "",
                      "approved": approved, "context": unit.get("resname"),
                      "notes": "\n".join(notes).split("\n") if notes else None})
    return original, language, units


def apply_xliff(catalog: Catalog, units: list[dict]) -> tuple[int, int]:
    """Bring ``catalog`` in step with the XLIFF units (in place); returns (entries changed, units unknown)."""
    by_key = {entry.key: entry for entry in catalog.active()}
    changed = unknown = 0
    for unit in units:
        entry = by_key.get((unit["context"], unit["source"]))
        if entry is None:
            unknown += 1
            continue
        before = (entry.msgstr, list(entry.flags), entry.previous_msgid, list(entry.translator_comments))
        _apply(entry, unit)
        changed += before != (entry.msgstr, entry.flags, entry.previous_msgid, entry.translator_comments)
    return changed, unknown


def _apply(entry: Entry, unit: dict) -> None:
    if unit["notes"] is not None:
        entry.translator_comments = [line for line in unit["notes"] if line]
    target = unit["target"]
    if not target:
        return   # an empty target never clears a translation
    entry.msgstr = target
    if unit["approved"]:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = entry.previous_msgctxt = None
    elif "fuzzy" not in entry.flags:
        entry.flags = ["fuzzy", *entry.flags]

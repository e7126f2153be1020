"""TMX 1.4b (the CAT tools' exchange format for memories): write approved units, read any tool's file.

What we write: one ``<tu>`` per (source, translation) pair, ``changedate`` from the catalog's
PO-Revision-Date (no timestamp of the export itself, so exporting twice gives the same bytes), one
``<prop type="x-origin">`` per document that holds the pair. Translate Toolkit's ``tmx2po`` reads it, and we
read what its ``po2tmx`` writes (TMX 1.4 with ``xml:lang``) as well as TMX 1.1 (``lang``).
"""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path

from l10n import __version__
from l10n.errors import L10nError

from .memory import COMPENDIUM, Unit, same_language

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORIGIN_PROP = "x-origin"
_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def bcp47(locale: str) -> str:
    """``zh_Hant_TW`` -> ``zh-Hant-TW`` (TMX and XLIFF name languages by BCP 47 tags)."""
    return locale.replace("_", "-")


def tmx_date(po_date: str) -> str | None:
    """``2025-11-24 16:00+0800`` (a PO header date) -> ``20251124T080000Z`` (TMX's UTC form)."""
    try:
        moment = datetime.strptime(po_date.strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return None
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def po_date(tmx_value: str) -> str:
    """The reverse of :func:`tmx_date` (empty when the value is not TMX's date form)."""
    try:
        moment = datetime.strptime(tmx_value.strip(), "%Y%m%dT%H%M%SZ")
    except ValueError:
        return ""
    return moment.strftime("%Y-%m-%d %H:%M+0000")


def format_tmx(units: Iterable[Unit], source_locale: str) -> str:
    """TMX 1.4b of ``units``; pairs repeated across documents become one ``<tu>`` listing every origin."""
    pairs: dict[tuple[str, str, str], list[Unit]] = {}
    for unit in units:
        pairs.setdefault((unit.locale, unit.source, unit.target), []).append(unit)
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "l10n", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": bcp47(source_locale), "o-tmf": "gettext PO"})
    body = ET.SubElement(root, "body")
    for (locale, source, target), found in sorted(pairs.items()):
        attributes = {"tuid": hashlib.sha1(f"{locale}\0{source}\0{target}".encode()).hexdigest()[:16]}
        dates = [date for date in (tmx_date(unit.changed) for unit in found) if date]
        if dates:
            attributes["changedate"] = max(dates)
        tu = ET.SubElement(body, "tu", attributes)
        for unit in found:
            if unit.note:
                ET.SubElement(tu, "note").text = unit.note
        for origin in sorted({unit.origin for unit in found}):
            ET.SubElement(tu, "prop", {"type": ORIGIN_PROP}).text = origin
        for language, text in ((bcp47(source_locale), source), (bcp47(locale), target)):
            ET.SubElement(ET.SubElement(tu, "tuv", {XML_LANG: language}), "seg").text = text
    ET.indent(root, space="  ")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{_DOCTYPE}\n{ET.tostring(root, encoding="unicode")}\n'


def read_tmx(path: Path, source_locale: str, locales: Sequence[str], origin: str) -> Iterator[Unit]:
    """The units of a TMX file for the given target locales (source side in the project's source language).

    ``origin`` names the file in ``# l10n-tm:`` comments; a unit's own ``x-origin`` props follow in
    parentheses (with an empty ``origin``, the props alone). Raises L10nError for a file that is not TMX.
    """
    try:
        tree = ET.parse(path)
    except ET.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        raise L10nError(f"not a TMX file: {error}", path, line, hint="export it again as TMX 1.4") from None
    root = tree.getroot()
    if root.tag != "tmx":
        raise L10nError(f"not a TMX file (root element <{root.tag}>)", path, hint="export it again as TMX 1.4")
    header = root.find("header")
    default_source = header.get("srclang", "") if header is not None else ""
    for tu in root.iter("tu"):
        declared = tu.get("srclang") or default_source
        texts: list[tuple[str, str]] = []
        for tuv in tu.findall("tuv"):
            language = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            if seg is not None and language:
                texts.append((language, "".join(seg.itertext())))
        source = next((text for language, text in texts
                       if (declared and declared != "*all*" and language.lower() == declared.lower())
                       or (not declared or declared == "*all*") and same_language(language, source_locale)),
                      None)
        if source is None:
            source = next((text for language, text in texts if same_language(language, source_locale)), None)
        if not source:
            continue
        changed = po_date(tu.get("changedate", "") or tu.get("creationdate", ""))
        props = [prop.text for prop in tu.findall("prop") if prop.get("type") == ORIGIN_PROP and prop.text]
        where = (f"{origin} ({', '.join(props)})" if origin else ", ".join(props)) if props else origin
        for locale in locales:
            for language, text in texts:
                if text and same_language(language, locale) \
                        and not same_language(language, source_locale):
                    yield Unit(source, text, locale, where, changed, COMPENDIUM)
                    break

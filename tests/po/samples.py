"""Catalogs and strategies the PO tests share: the seed article as a catalog, msgcat as an oracle,
hypothesis strategies for any text a PO file can hold."""
from __future__ import annotations

import dataclasses
import functools
import random
import re
import subprocess
from pathlib import Path

from hypothesis import strategies as st

from l10n.po import Catalog, Entry

from ..conftest import ARTICLE, gettext_tool

METADATA = {
    "Project-Id-Version": "kuaishou-ai-kling 0.1.0",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2025-11-25 00:00+0000",
    "PO-Revision-Date": "2025-11-25 00:00+0000",
    "Last-Translator": "l10n <l10n@example.org>",
    "Language-Team": "English <en@example.org>",
    "Language": "en",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'  # lines 1-3


@functools.cache
def msgcat_version() -> str:
    msgcat = gettext_tool("msgcat")
    return subprocess.run([msgcat, "--version"], capture_output=True, text=True).stdout.splitlines()[0]


def run_msgcat(path: Path, width: int = 79) -> str:
    msgcat = gettext_tool("msgcat")
    result = subprocess.run([msgcat, f"--width={width}", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def article_segments() -> list[str]:
    """Every line of the seed article and every sentence in it, once each."""
    lines = [line.strip() for line in ARTICLE.read_text(encoding="utf-8").split("\n") if line.strip()]
    sentences = [s.strip() for line in lines for s in re.findall(r"[^。！？!?]+[。！？!?」…]*", line)]
    return list(dict.fromkeys(lines + [s for s in sentences if s]))


ENGLISH = ("Kuaishou's Kling AI model, launched on June 6, 2024, reached 25.9% growth; "
           "o3-mini-high, Runway Gen-3 and Luma (Dream Machine) compete: is it \"real\"? "
           "Revenue passed 724.19 billion yuan in 2021-2025, see https://example.org/a/b?c=d.").split(" ")


def mixed_translation(rng: random.Random, source: str) -> str:
    """English, Chinese or both, short or several lines long, with quotes, backslashes and tabs."""
    english = " ".join(rng.choice(ENGLISH) for _ in range(rng.randint(1, 40)))
    shapes = [
        english,
        source[::-1],
        f"{source[: len(source) // 2]} {english}",
        f"{english}\n{source}",
        f"{source}\t\\ {english}\n",
        source.replace(",", ", ").replace("。", ". "),
        rng.choice(ENGLISH),
    ]
    return rng.choice(shapes)


def seed_catalog(seed: int = 1) -> Catalog:
    """The whole article as one catalog, with every kind of entry gettext writes."""
    rng = random.Random(seed)
    entries = []
    for number, msgid in enumerate(article_segments(), start=1):
        entry = Entry(msgid, mixed_translation(rng, msgid), extracted_comments=["paragraph"],
                      references=[f"source/kuaishou-ai-kling.md:{number}"])
        kind = rng.randrange(8)
        if kind == 0:
            entry.msgstr = ""
        elif kind == 1:
            entry.flags = ["fuzzy"]
            entry.previous_msgid = mixed_translation(rng, msgid)
        elif kind == 2:
            entry.msgctxt = f"section {number}"
        elif kind == 3:
            entry.msgid_plural = msgid + " (plural)"
            entry.msgstr, entry.msgstr_plural = "", {0: mixed_translation(rng, msgid), 1: ""}
        elif kind == 4:
            entry.references += [f"source/chapters/a-rather-long-directory-name/part-{n}.md:{n * 7}"
                                 for n in range(1, 6)]
            entry.translator_comments = ["Checked against the source: 快手「可靈」", ""]
        entries.append(entry)
    for number, entry in enumerate(entries[:12]):
        if entry.msgstr and entry.msgid_plural is None:
            entry.obsolete = True
            entry.references = []
            if number % 3 == 0:
                entry.previous_msgctxt, entry.previous_msgid = "old context", entry.msgid + " (old)"
    entries.sort(key=lambda entry: entry.obsolete)
    return Catalog(metadata=dict(METADATA), header_comments=["English translation of the Kling article.",
                                                             "This file is distributed under MIT."],
                   header_flags=["fuzzy"], entries=entries)


def without_lineno(entries: list[Entry]) -> list[Entry]:
    return [dataclasses.replace(entry, lineno=0) for entry in entries]


# gettext cannot store U+0000 (its strings end there) or U+0004 (its msgctxt/msgid separator), and
# surrogates are not UTF-8; everything else, control characters included, must survive. msgfmt -c
# further wants msgid and msgstr to agree on a leading and a trailing "\n": mirror_newlines does that.
# A comment is one line (no "\n"; a "\r" before the line end would read as CRLF) and must not end
# with a backslash, which gettext's lexer joins with the next line.
po_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"), max_size=120)
tricky_text = st.text(st.sampled_from('ab "\\\t\n\r\a\b\f\v\x01\x7f\x85\u2028\u2029 中文「」，。 '),
                      max_size=60)
comment_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04\n\r"),
                       max_size=40).filter(lambda comment: not comment.endswith("\\"))


def mirror_newlines(source: str, text: str) -> str:
    core = text.strip("\n")
    if not core:
        return ""
    return ("\n" if source.startswith("\n") else "") + core + ("\n" if source.endswith("\n") else "")


@st.composite
def entries(draw) -> Entry:
    msgid = draw((po_text | tricky_text).filter(bool))
    entry = Entry(msgid, mirror_newlines(msgid, draw(po_text | tricky_text)),
                  msgctxt=draw(st.none() | po_text), translator_comments=draw(st.lists(comment_text, max_size=2)))
    if draw(st.booleans()):
        entry.msgid_plural = mirror_newlines(msgid, "plural " + draw(po_text))
        forms = [mirror_newlines(msgid, draw(po_text | tricky_text)) for _ in range(2)]
        entry.msgstr, entry.msgstr_plural = "", dict(enumerate(forms if all(forms) else ["", ""]))
    return entry


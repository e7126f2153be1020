"""The examples in the package's docstrings hold: each module with one is run through doctest."""
from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import l10n

PACKAGE = Path(l10n.__file__).parent
MODULES = sorted(
    info.name for info in pkgutil.walk_packages([str(PACKAGE)], prefix="l10n.")
    if ">>> " in (PACKAGE.joinpath(*info.name.split(".")[1:]).with_suffix(".py")
                  if not info.ispkg else PACKAGE.joinpath(*info.name.split(".")[1:], "__init__.py")
                  ).read_text(encoding="utf-8"))


def test_the_modules_with_examples_are_found():
    assert {"l10n.markup", "l10n.po.linebreak", "l10n.textscan"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (printed above)"

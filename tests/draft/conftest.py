"""Fixtures for the drafting tests: a private Argos home and tiny genuine zh->en packages built at run time."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.argos_tiny import build_tiny_package


@pytest.fixture(scope="module")
def tiny_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two versions of a zh->en package with different answers, built once: 0.1 says TINY_OUTPUT, 0.2 "Runway"."""
    root = tmp_path_factory.mktemp("tiny")
    return {"0.1": build_tiny_package(root / "v1"), "0.2": build_tiny_package(root / "v2", package_version="0.2",
                                                                            output="Runway Gen-3")}


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty Argos home in tmp_path, set before argostranslate is first imported (it reads env at import)."""
    for variable, folder in (("ARGOS_PACKAGES_DIR", "packages"), ("XDG_DATA_HOME", "data"),
                             ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(variable, str(tmp_path / folder))
    monkeypatch.setenv("ARGOS_DEVICE_TYPE", "cpu")
    reset_argos_translations()
    yield tmp_path / "packages"
    reset_argos_translations()


def reset_argos_translations() -> None:
    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.get_installed_languages.cache_clear()
        translate.installed_translates.clear()



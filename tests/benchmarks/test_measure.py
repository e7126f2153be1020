"""measure.l10n_env runs the l10n of the tree it names, whatever folder the benchmark was started from."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import l10n_env  # noqa: E402


def test_the_named_tree_is_imported_even_when_the_working_folder_holds_another_l10n(tmp_path):
    tree, cwd = tmp_path / "tree", tmp_path / "checkout"
    for root, name in ((tree, "tree"), (cwd, "checkout")):
        (root / "l10n").mkdir(parents=True)
        (root / "l10n" / "__init__.py").write_text(f"WHICH = {name!r}\n", encoding="utf-8")
    for args in (["-c", "import l10n; print(l10n.WHICH)"], ["-m", "l10n"]):
        if args[0] == "-m":
            (tree / "l10n" / "__main__.py").write_text("from l10n import WHICH; print(WHICH)\n", encoding="utf-8")
            (cwd / "l10n" / "__main__.py").write_text("from l10n import WHICH; print(WHICH)\n", encoding="utf-8")
        result = subprocess.run([sys.executable, *args], cwd=cwd, env=l10n_env(tree), capture_output=True,
                                text=True, check=True)
        assert result.stdout.strip() == "tree"

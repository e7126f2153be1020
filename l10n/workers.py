"""What every forked worker process of l10n does first.

The CLI turns SIGTERM into KeyboardInterrupt so that a write in progress unwinds and removes its temporary
file. A forked worker inherits that handler, and pools stop their workers with SIGTERM
(``multiprocessing.Pool.__exit__`` calls ``terminate()``): each worker would then die printing a
KeyboardInterrupt traceback. Workers write no files, so they take the default action (end at once,
silently), and leave Ctrl-C (SIGINT, sent to the whole process group) to the parent, which stops the pool.
"""
from __future__ import annotations

import signal


def quiet_worker_signals() -> None:
    """Pool initializer: SIGTERM ends the worker silently; SIGINT is the parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

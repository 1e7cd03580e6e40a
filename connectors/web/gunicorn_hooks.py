"""gunicorn settings module of the web app (``gunicorn -c python:connectors.web.gunicorn_hooks``).

When gunicorn's master is killed (SIGKILL, the OOM killer), its workers would live on as orphans that
still hold the listening socket while the supervisor starts a new master on the same port. Each worker
therefore asks Linux to send it SIGTERM the moment its master dies (``PR_SET_PDEATHSIG``): it finishes
the request in hand and exits, and the new master owns the port alone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from typing import Any

#: prctl option: the signal this process gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


def post_fork(server: Any, worker: Any) -> None:
    """Tie the worker's life to its master (Linux); elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != worker.ppid:  # the master died between fork and prctl
        os.kill(os.getpid(), signal.SIGTERM)

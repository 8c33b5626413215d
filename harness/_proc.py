"""Process helpers shared by the driver and its trusted and untrusted child processes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys


def signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill a child and everything it started (it leads its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def die_with_parent(parent_pid: int) -> None:
    """SIGKILL this process when the driver dies (Linux), and never write core dumps. ``parent_pid`` 0:
    the parent is not visible (a sandbox's own pid namespace), so only the death signal is set."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if parent_pid and os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

"""Where kbench keeps its caches and its results database."""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Any

# Every process that times anything (worker, reference, torch.compile baseline) runs with fixed glibc malloc
# thresholds. By default glibc moves its mmap threshold as blocks are freed, so the same allocation of a few MB
# is sometimes served from the heap and sometimes from fresh, page-faulting mmap pages: measured here, eager
# `2 * x + y` on 1M floats took 0.6 ms in one process and 2.4 ms in the next. Fixed thresholds keep freed
# blocks below 32 MB in the heap, for the eager baseline and the candidate alike.
TIMING_ENV = {"MALLOC_MMAP_THRESHOLD_": str(32 * 2**20), "MALLOC_TRIM_THRESHOLD_": str(2**30)}


def cache_dir() -> Path:
    """Build cache, locks and scratch space: $KBENCH_CACHE, else ~/.cache/kbench."""
    root = os.environ.get("KBENCH_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "kbench")
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db() -> Path:
    """The results database: $KBENCH_DB, else results/kbench.db under the current directory."""
    return Path(os.environ.get("KBENCH_DB") or Path("results") / "kbench.db")


def lock_path(name: str) -> Path:
    """The device's timing lock: one per machine, whatever cache or user a kbench process runs with
    ($KBENCH_LOCK_DIR, else <system temp dir>/kbench-locks), so two runs never time at the same moment."""
    locks = Path(os.environ.get("KBENCH_LOCK_DIR") or Path(tempfile.gettempdir()) / "kbench-locks")
    if not locks.is_dir():
        locks.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(locks, 0o1777)  # shared by every user, like /tmp itself
        except OSError:
            pass
    path = locks / f"{name}.lock"
    if not path.exists():
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        os.close(fd)
        try:
            os.chmod(path, 0o666)
        except OSError:
            pass
    return path


@contextmanager
def file_lock(path: Path, exclusive: bool = True) -> Iterator[None]:
    """Hold an flock on ``path`` (created if missing), exclusive or shared, until the block ends."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def shared_device_lock(name: str, exclusive: bool = False) -> AbstractContextManager[None]:
    """Hold the device's lock shared: for any CPU work (reference, comparison) that must not overlap
    another process's timing, which takes the same lock exclusively (as does ``exclusive=True``)."""
    return file_lock(lock_path(name), exclusive)


def write_json_atomic(path: Path, entry: dict[str, Any]) -> None:
    """Write ``entry`` as JSON so that readers see the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:16]}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as fh:
            json.dump(entry, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise

"""The driver's end of a worker zygote (see :func:`harness._worker.serve`).

One :class:`Zygote` is one sandbox (or, with ``--sandbox none``, one plain process) that has imported torch
and forks a fresh worker per candidate. Its job folder (``slot``) is bound read-write at the same place inside
every sandbox, ``JOB_MOUNT``, so a kernel built there is found again by the next evaluation of the same source
(build tools record absolute paths). Everything else a worker sees is fixed when the sandbox starts.

A zygote is *healthy* while it answers: a reap that does not come back within ``REAP_TIMEOUT_S``, a zygote
that died, or processes that would not die all make it unhealthy, and :meth:`Zygote.kill` ends the whole
sandbox (bwrap's init takes every process inside with it).
"""

from __future__ import annotations

import contextlib
import json
import select
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from ._proc import kill_group

#: where a sandboxed worker sees its job folder (inside the sandbox's private /tmp)
JOB_MOUNT = Path("/tmp/kbench-job")
REAP_TIMEOUT_S = 30.0


class ZygoteFailed(RuntimeError):
    """The zygote died or did not answer; its log says why."""


class Zygote:
    def __init__(self, proc: subprocess.Popen[bytes], sock: socket.socket, slot: Path, root: Path, log: Path):
        self.proc = proc
        self.sock = sock
        self.slot = slot  # the job folder, on this machine
        self.root = root  # the same folder, as the worker sees it
        self.log = log
        self.healthy = True
        self.ready = False
        self.uses = 0
        self._exited: int | None = None

    # ---- messages ------------------------------------------------------------------------------------------
    def _recv(self, timeout: float | None) -> dict[str, Any] | None:
        """The next message; None when none came within ``timeout``. Raises ZygoteFailed once the zygote is gone."""
        if timeout is not None and not select.select([self.sock], [], [], max(0.0, timeout))[0]:
            return None
        try:
            data = self.sock.recv(1 << 16)
        except OSError as exc:
            data, problem = b"", str(exc)
        else:
            problem = "it exited"
        if not data:
            self.healthy = False
            raise ZygoteFailed(f"the worker zygote stopped answering ({problem}): {self.log_tail()}")
        msg: dict[str, Any] = json.loads(data)
        if msg.get("op") == "exited":
            self._exited = int(msg["returncode"])
        return msg

    def _expect(self, op: str, timeout: float) -> dict[str, Any]:
        end = time.monotonic() + timeout
        while True:
            msg = self._recv(end - time.monotonic())
            if msg is None:
                self.healthy = False
                raise ZygoteFailed(f"the worker zygote did not answer {op!r} within {timeout:g}s")
            if msg.get("op") == op:
                return msg

    def log_tail(self, lines: int = 5) -> str:
        try:
            text = self.log.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "(no log)"
        return " | ".join(text[-lines:]) or "(empty log)"

    # ---- one candidate -------------------------------------------------------------------------------------
    def run(self, job: dict[str, Any], fds: list[int], ready_timeout: float) -> ZygoteChild:
        """Fork a worker for ``job``; ``fds`` (result pipe, secret pipe, log) are handed over (SCM_RIGHTS)."""
        if not self.ready:
            self._expect("ready", ready_timeout)
            self.ready = True
        self._exited = None
        socket.send_fds(self.sock, [json.dumps({"op": "run", "job": job}).encode()], fds)
        self._expect("running", 60.0)
        self.uses += 1
        return ZygoteChild(self)

    def reap(self) -> int | None:
        """Kill the worker and whatever it left running; the worker's exit status (None: it was killed by us)."""
        if not self.healthy:
            self.kill()
            return self._exited
        try:
            self.sock.send(json.dumps({"op": "reap"}).encode())
            msg = self._expect("reaped", REAP_TIMEOUT_S)
        except (OSError, ZygoteFailed):
            self.healthy = False
            self.kill()
            return self._exited
        if not msg.get("clean", True):
            self.healthy = False
            self.kill()
        code = msg.get("returncode")
        return self._exited if code is None else int(code)

    def kill(self) -> None:
        """End the sandbox and everything in it."""
        self.healthy = False
        kill_group(self.proc)
        with contextlib.suppress(OSError):
            self.sock.close()


class ZygoteChild:
    """A worker forked by a zygote, with the part of ``subprocess.Popen``'s interface the evaluator watches it by."""

    def __init__(self, zygote: Zygote) -> None:
        self.zygote = zygote
        self.returncode: int | None = None
        self._stopped = False

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                while self.zygote._exited is None and self.zygote._recv(0.0) is not None:
                    pass
            except ZygoteFailed:
                self.returncode = -signal.SIGKILL
            if self.zygote._exited is not None:
                self.returncode = self.zygote._exited
        return self.returncode

    def wait(self, timeout: float) -> int:
        end = time.monotonic() + timeout
        while self.poll() is None:
            left = end - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired("worker", timeout)
            try:
                self.zygote._recv(min(left, 0.5))
            except ZygoteFailed:
                self.returncode = -signal.SIGKILL
        assert self.returncode is not None
        return self.returncode

    def stop(self) -> None:
        """Kill the worker and everything it started; after this, nothing of the candidate runs."""
        if self._stopped:
            return
        self._stopped = True
        code = self.zygote.reap()
        if self.returncode is None:
            self.returncode = code if code is not None else -signal.SIGKILL

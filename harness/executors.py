"""Where evaluations run: threads on this machine (``local``) or actors on a Ray cluster (``ray``).

Both give the same verdicts: every evaluation is :meth:`Evaluator.evaluate` in a fresh worker process,
under the same trial seeds, and only the driver (``harness.run``) writes the results store.

- :class:`LocalExecutor`: ``--workers`` threads, each starting one worker process per candidate; the
  evaluator's exclusive per-device lock keeps timings from overlapping.
- :class:`RayExecutor`: ``--workers`` Ray actors, each holding its own :class:`Evaluator` (and its own
  reference cache) built with the driver's master seed. It connects to ``$RAY_ADDRESS`` when set, else
  starts a private local Ray (no dashboard, loopback only) that it stops again when the run ends. On a
  cluster with GPUs, each actor of a GPU backend holds one GPU (one timing slot per GPU); otherwise an
  actor holds one CPU. Tasks travel as JSON with their reference source, so a node needs kbench
  installed but not the driver's files; verdicts travel back as JSON.
  For a backend whose kernels are compiled at import (``Backend.prebuilds``: cuda, cpu) on a cluster with GPUs,
  candidates are built first by CPU-only *build actors* (one per worker; ``KBENCH_RAY_BUILD_ACTORS=N`` sets
  the number, and makes a run without GPUs use them too), which ship the build folder to the actor that
  runs and times it: the GPU actors spend their time timing. A build actor decides a verdict only where the
  source alone decides it (the static check, a syntax error, a compiler error: same toolchain, same result);
  everything else, a failed import included, is evaluated again where it runs. A build is used there only when
  both actors' toolchains (compiler versions, CUDA architecture) are equal, else the candidate is rebuilt.

Ray is optional (``pip install 'kbench[ray]'``): it is imported only when ``--executor ray`` is used.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import secrets
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

from backends.base import Backend

from .errors import UsageError
from .evaluate import EvalOptions, Evaluator
from .schema import Evaluation, Status, Task

EXECUTORS = ("local", "ray")
#: backends whose timings need a GPU of their own when the cluster has GPUs
GPU_BACKENDS = ("cuda", "triton")
#: verdicts of a build actor that stand wherever the candidate would run (decided by its source and toolchain)
FINAL_AT_BUILD = {"syntax_error", "build_failed"}


class Executor(Protocol):
    """Evaluates candidates concurrently; ``device`` names where they run (recorded with no-code samples)."""

    device: str

    async def evaluate(self, task: Task, source: str) -> Evaluation: ...

    def close(self) -> None: ...


def check(name: str) -> str | None:
    """Why executor ``name`` cannot be used here, or None."""
    if name not in EXECUTORS:
        return f"unknown executor '{name}' (use {', '.join(EXECUTORS)})"
    if name == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            return "ray is not installed (pip install 'kbench[ray]', or use --executor local)"
    return None


def make(name: str, backend: Backend, options: EvalOptions, workers: int) -> Executor:
    """The executor ``name`` with ``workers`` evaluations at once (a UsageError when it cannot be used)."""
    problem = check(name)
    if problem:
        raise UsageError(f"--executor {name}: {problem}")
    if name == "ray":
        return RayExecutor(backend.name, options, workers)
    return LocalExecutor(Evaluator(backend, options), workers)


class LocalExecutor:
    """``workers`` threads on this machine sharing one Evaluator (one reference per task, one master seed)."""

    def __init__(self, evaluator: Evaluator, workers: int) -> None:
        self.evaluator = evaluator
        self.device = evaluator.availability.device
        self._pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="kbench-eval")

    async def evaluate(self, task: Task, source: str) -> Evaluation:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.evaluator.evaluate, task, source)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.evaluator.close()


# ---- Ray -------------------------------------------------------------------------------------------
class _EvalActor:
    """One Ray actor: an Evaluator on whatever node Ray placed it, fed tasks as JSON plus their source."""

    def __init__(self, backend: str, options: dict[str, Any], master_seed: int) -> None:
        _own_gpu_lock()
        opts = EvalOptions(**{**options, "hide": [Path(p) for p in options.get("hide", [])]})
        self.evaluator = Evaluator(backend, opts, master_seed=master_seed)
        self._tasks = Path(tempfile.mkdtemp(prefix="kbench-ray-tasks-"))

    def device(self) -> str:
        return self.evaluator.availability.device

    def toolchain(self) -> str:
        return self.evaluator._toolchain

    def evaluate(
        self, task_json: str, reference: bytes, source: str, build: bytes | None = None, toolchain: str | None = None
    ) -> str:
        task = _local_task(Task.model_validate_json(task_json), reference, self._tasks)
        shipped = build is not None and toolchain == self.evaluator._toolchain
        if shipped:
            assert build is not None
            shipped = self.evaluator.import_build(source, build)
        ev = self.evaluator.evaluate(task, source)
        if build is not None:
            same = toolchain == self.evaluator._toolchain
            ev.env["prebuilt"] = "shipped" if shipped else ("already here" if same else "rebuilt: toolchain differs")
        return ev.model_dump_json()

    def close(self) -> None:
        import shutil

        self.evaluator.close()
        shutil.rmtree(self._tasks, ignore_errors=True)


class _BuildActor(_EvalActor):
    """A CPU-only actor that builds candidates (compile-only evaluations) for the actors that run them."""

    def build(self, task_json: str, reference: bytes, source: str) -> tuple[str, bytes | None, str, bool]:
        """(verdict, build folder, toolchain, whether the verdict is final)."""
        task = _local_task(Task.model_validate_json(task_json), reference, self._tasks)
        ev = self.evaluator.evaluate(task, source)
        final = (ev.status == Status.rejected and ev.compiled is None) or (
            ev.status == Status.compile_error and set(ev.reason_codes) <= FINAL_AT_BUILD and bool(ev.reason_codes)
        )
        blob = None if final or ev.compiled is not True else self.evaluator.export_build(source)
        return ev.model_dump_json(), blob, self.evaluator._toolchain, final


def _requested_builders(workers: int) -> int | None:
    """KBENCH_RAY_BUILD_ACTORS as a number; None when unset (the executor decides)."""
    value = os.environ.get("KBENCH_RAY_BUILD_ACTORS")
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise UsageError(f"KBENCH_RAY_BUILD_ACTORS={value!r}: give a number of build actors (0 for none)")
    return int(value)


def _local_task(task: Task, reference: bytes, scratch: Path) -> Task:
    """``task`` pointing at a file on this node with exactly the driver's reference (by content hash)."""
    path = Path(task.path)
    if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == task.content_hash:
        return task
    copy = scratch / (task.content_hash[:16] + "-" + Path(task.path).name)
    if not copy.is_file():
        tmp = copy.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(reference)
        tmp.replace(copy)
    return task.model_copy(update={"path": str(copy)})


def _own_gpu_lock() -> None:
    """An actor that holds GPU k (k > 0) times under GPU k's own lock, so the GPUs of one node time in
    parallel while each keeps one timing slot. (The backends name their lock after the device they see,
    which Ray renumbers to 0 in every actor.)"""
    import ray

    ids = [str(i) for i in ray.get_gpu_ids()]
    if len(ids) == 1 and ids[0] != "0":
        base = os.environ.get("KBENCH_LOCK_DIR") or str(Path(tempfile.gettempdir()) / "kbench-locks")
        os.environ["KBENCH_LOCK_DIR"] = str(Path(base) / f"gpu{ids[0]}")


def _reachable_or_usage(address: str, timeout: float = 10.0) -> None:
    """A UsageError now when RAY_ADDRESS (host:port) answers nothing: Ray itself would retry for minutes."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" and other forms: Ray resolves them
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise UsageError(f"RAY_ADDRESS={address}: no Ray cluster answers there ({exc})") from None


class RayExecutor:
    """``workers`` actors on a Ray cluster ($RAY_ADDRESS) or on a private local Ray started for the run."""

    def __init__(self, backend: str, options: EvalOptions, workers: int, master_seed: int | None = None) -> None:
        import ray

        self._ray = ray
        self._started_here = False
        self._actors: list[Any] = []
        self._builders: list[Any] = []
        self._idle: asyncio.Queue[Any] | None = None
        self._build_idle: asyncio.Queue[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sources: dict[str, bytes] = {}
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no network calls from a local run
        address = os.environ.get("RAY_ADDRESS")
        common: dict[str, Any] = dict(
            include_dashboard=False,
            log_to_driver=False,
            logging_level="ERROR",
            configure_logging=True,
        )
        try:
            if ray.is_initialized():
                pass  # the caller (a notebook, a test) already chose the cluster
            elif address:
                _reachable_or_usage(address)
                try:
                    ray.init(address=address, **common)
                except (ConnectionError, ValueError) as exc:
                    raise UsageError(f"cannot join the Ray cluster at RAY_ADDRESS={address}: {exc}") from None
            else:
                ray.init(
                    address="local",
                    num_cpus=max(os.cpu_count() or 1, workers + (_requested_builders(workers) or 0)),
                    _node_ip_address="127.0.0.1",
                    **common,
                )
                self._started_here = True
            self._start_actors(backend, options, workers, master_seed)
        except BaseException:
            self.close()
            raise

    def _start_actors(self, backend: str, options: EvalOptions, workers: int, master_seed: int | None) -> None:
        ray = self._ray
        resources = ray.cluster_resources()
        gpus = int(resources.get("GPU", 0))
        if backend in GPU_BACKENDS and gpus > 0:
            slots, need = min(workers, gpus), {"num_cpus": 1, "num_gpus": 1}  # one timing slot per GPU
        else:
            slots, need = min(workers, max(1, int(resources.get("CPU", 1)))), {"num_cpus": 1}
        # the node's own core count decides its thread count (as `threads` does for a local run)
        fields = {k: v for k, v in vars(options).items() if k != "threads"}
        fields["hide"] = [str(p) for p in options.hide]
        seed = master_seed if master_seed is not None else secrets.randbits(62)
        # max_concurrency 2: close() can run beside an evaluation that an interrupted run leaves behind
        remote = ray.remote(max_restarts=1, max_task_retries=1, max_concurrency=2, **need)(_EvalActor)
        self._actors = [remote.remote(backend, fields, seed) for _ in range(max(1, slots))]
        self.device = str(ray.get(self._actors[0].device.remote()))
        self.slots = len(self._actors)
        from backends import get

        wanted = _requested_builders(workers)
        if wanted is None:  # automatic: a build stage where GPUs time kernels compiled at import
            wanted = workers if need.get("num_gpus") and get(backend).prebuilds else 0
        # never more than the CPUs the evaluation actors leave free: an actor Ray cannot place waits forever
        free = int(resources.get("CPU", 0)) - len(self._actors)
        count = max(0, min(wanted, free))
        if count < wanted:
            print(f"kbench: Ray: {count} of {wanted} build actors, for want of free CPUs ({free})", file=sys.stderr)
        if count > 0:
            # built for the architecture of the GPUs that will run them (a CPU node has none to ask)
            toolchain = json.loads(ray.get(self._actors[0].toolchain.remote()))
            env = {"TORCH_CUDA_ARCH_LIST": toolchain["arch"]} if toolchain.get("arch") else {}
            build = ray.remote(max_restarts=1, max_task_retries=1, max_concurrency=2, num_cpus=1, num_gpus=0)(
                _BuildActor
            ).options(runtime_env={"env_vars": env})
            self._builders = [build.remote(backend, {**fields, "compile_only": True}, seed) for _ in range(count)]

    async def evaluate(self, task: Task, source: str) -> Evaluation:
        idle = self._idle
        if idle is None or self._loop is not asyncio.get_running_loop():  # a queue belongs to one event loop
            self._loop, self._idle = asyncio.get_running_loop(), (idle := asyncio.Queue())
            for actor in self._actors:
                idle.put_nowait(actor)
            self._build_idle = asyncio.Queue()
            for builder in self._builders:
                self._build_idle.put_nowait(builder)
        reference = self._sources.get(task.content_hash)
        if reference is None:
            reference = self._sources[task.content_hash] = Path(task.path).read_bytes()
        task_json = task.model_dump_json()
        shipped: tuple[bytes | None, str | None] = (None, None)
        if self._builders and self._build_idle is not None:
            builder = await self._build_idle.get()
            try:
                verdict, blob, toolchain, final = await self._call(builder.build.remote(task_json, reference, source))
            finally:
                self._build_idle.put_nowait(builder)
            if final:
                ev = Evaluation.model_validate_json(verdict)
                ev.env["decided_at_build"] = True
                return ev
            shipped = (blob, toolchain)
        actor = await idle.get()
        try:
            result = await self._call(actor.evaluate.remote(task_json, reference, source, *shipped))
        finally:
            idle.put_nowait(actor)
        return Evaluation.model_validate_json(result)

    async def _call(self, ref: Any) -> Any:
        try:
            return await asyncio.wrap_future(ref.future())
        except self._ray.exceptions.RayTaskError as exc:  # the actor's own exception, not Ray's wrapper
            cause = getattr(exc, "cause", None)
            raise (cause if isinstance(cause, Exception) else exc) from None

    def close(self) -> None:
        ray = self._ray
        try:
            actors = self._actors + self._builders
            if actors and ray.is_initialized():
                # each actor removes its scratch space; killing it then ends any worker still running
                # (workers die with their parent)
                ray.wait([a.close.remote() for a in actors], num_returns=len(actors), timeout=30)
                for actor in actors:
                    ray.kill(actor)
        finally:
            self._actors, self._builders = [], []
            if self._started_here and ray.is_initialized():
                ray.shutdown()
            self._started_here = False

"""The typed objects that flow through kbench: Task -> Prompt -> Candidate -> Evaluation -> Run.

Every object is a pydantic v2 model with a JSON round-trip, so anything the harness produces can be
stored, exported and replayed. The field names of :class:`Evaluation` are a contract (see
ARCHITECTURE.md): scripts read them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .static_check import CODES as STATIC_CODES


class Status(str, Enum):
    """The verdict of one evaluated candidate (``no_code`` is a sample with nothing to evaluate)."""

    correct = "correct"
    incorrect = "incorrect"
    compile_error = "compile_error"
    runtime_error = "runtime_error"
    timeout = "timeout"
    crashed = "crashed"
    rejected = "rejected"
    unverified = "unverified"
    no_code = "no_code"


#: The fixed vocabulary of ``reason_codes``; README.md documents each one.
REASON_CODES: dict[str, str] = {
    "syntax_error": "the candidate module is not valid Python",
    "build_failed": "the kernel's compiler (C++/CUDA/...) reported an error",
    "import_failed": "importing the candidate module raised an exception",
    "no_modelnew": "the module defines no ModelNew class",
    "build_timeout": "building or importing took longer than --build-timeout",
    "init_failed": "ModelNew(*get_init_inputs()) raised",
    "forward_failed": "ModelNew.forward raised",
    "run_timeout": "the correctness trials, the timing or the re-check took longer than --timeout",
    "signal": "the worker was killed by a signal (segfault, abort, out of memory)",
    "worker_exit": "the worker process exited before reporting a result",
    "protocol_violation": "the result channel carried something the harness did not send",
    "type_mismatch": "an output is not a plain torch.Tensor, or the output structure differs",
    "output_count_mismatch": "a different number of outputs than the reference",
    "shape_mismatch": "an output's shape differs from the reference",
    "dtype_mismatch": "an output's dtype differs from the reference",
    "device_mismatch": "an output lives on another device than expected",
    "value_mismatch": "values differ beyond the task's tolerance",
    "nan": "an output contains NaN where the reference is finite",
    "inf": "an output contains +-Inf where the reference is finite",
    "post_timing_mismatch": "outputs after the timing loop differ from those before",
    "input_mutated": "the candidate changed the contents of its inputs",
    "settings_changed": "torch global settings (threads, TF32, ...) changed after the candidate ran",
    # static (AST) checks: harness.static_check.CODES
    **STATIC_CODES,
    "thread_spawned": "the candidate starts threads or processes (seen running, or threading/subprocess in the source)",
    "dynamic_code": "the candidate builds or loads code at run time (exec, eval, non-literal getattr, dlopen/dlsym)",
    # runtime and native checks, harness.anticheat and the worker
    "torch_op": "the candidate executed, or its native code calls, a PyTorch compute operator (kernels-only track)",
    "vendor_library": "the candidate calls a vendor math library (cuBLAS, cuDNN, MKL, oneDNN, OpenBLAS)",
    "dispatch_tamper": "the candidate tampered with the dispatcher to hide operators from the recorder",
    "background_work": "native threads kept computing after forward returned",
    "pending_work": "device work was still running when forward returned",
    "timed_output_mismatch": "an output computed inside the timing loop (checked in secret) is wrong",
    "beyond_roofline": "the measured time is below the task's roofline floor",
    "jax_op": "the candidate computed with JAX operations outside its Pallas kernels (kernels-only track)",
    "untraceable": "the Pallas candidate's forward could not be traced with jax.make_jaxpr, so its kernels "
    "could not be checked",
    "no_kernel_launched": "the candidate's forward launched none of the backend's kernels (e.g. no Triton kernel)",
    "timing_unstable": "two timing measurements of the candidate disagree far beyond their noise",
    "no_device": "the backend's device is missing here: compiled, not run",
    "no_valid_trial": "no correctness trial had a finite reference output",
    "no_code": "the model's answer contained no code block",
    "generation_failed": "the model's provider refused the request (e.g. a prompt over its context length)",
    "harness_error": "kbench itself failed while evaluating (a bug: please report it)",
}

Timing = Literal["device", "interpreted", "none"]


class Tolerance(BaseModel):
    atol: float = 1e-4
    rtol: float = 1e-4


class Task(BaseModel):
    """A reference operator in KernelBench format plus kbench's metadata."""

    model_config = ConfigDict(frozen=True)

    id: str
    path: str
    category: str = "unknown"
    subcategory: str | None = None
    level: int | None = None
    source: str | None = None
    mirrors: str | None = None
    description: str = ""
    shapes: dict[str, dict[str, Any]] = Field(default_factory=dict)
    dtype: str = "float32"
    tolerance: Tolerance = Field(default_factory=Tolerance)
    domain: str = "any"
    tf32: bool = False
    flops: float | None = None
    bytes: float | None = None
    content_hash: str
    catalog: bool = False

    def shape_overrides(self, shape_set: str) -> dict[str, Any]:
        """The module globals to set for ``shape_set``; {} when the task has no such set."""
        return dict(self.shapes.get(shape_set, {}))


class Candidate(BaseModel):
    """One generated module defining ``ModelNew`` (the answer format of the contract)."""

    task_id: str
    backend: str
    source: str
    origin: str = "file"

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.source.encode()).hexdigest()


class TimingStats(BaseModel):
    median_ms: float
    iqr_ms: float
    mean_ms: float
    min_ms: float
    reps: int


class Evaluation(BaseModel):
    """The verdict on one candidate. The first block of fields is the ``kbench eval --json`` contract."""

    status: Status
    compiled: bool | None = None
    correct: bool | None = None
    timing: Timing = "none"
    speedup: float | None = None
    speedup_compile: float | None = None
    baseline_ms: float | None = None
    candidate_ms: float | None = None
    reasons: list[str] = Field(default_factory=list)
    reason_codes: list[str] = Field(default_factory=list)
    backend: str
    device: str

    task_id: str | None = None
    task_hash: str | None = None
    shapes: str | None = None
    track: str = "kernels_only"
    trials: int = 0
    trials_passed: int = 0
    max_abs_error: float | None = None
    baseline: TimingStats | None = None
    candidate: TimingStats | None = None
    build_s: float | None = None
    elapsed_s: float | None = None
    #: the torch.compile baseline's median (speedup_compile = compile_ms / candidate_ms)
    compile_ms: float | None = None
    #: work of the task on these shapes (FLOPs counted by torch's FlopCounterMode; bytes of inputs,
    #: parameters and outputs) and the time the device's peak rates allow for it
    flops: float | None = None
    bytes_moved: float | None = None
    roofline_ms: float | None = None
    env: dict[str, Any] = Field(default_factory=dict)
    log_tail: str = ""


class Generation(BaseModel):
    """What a model answered for one (task, sample, turn)."""

    task_id: str
    sample: int
    turn: int = 0
    prompt: str
    response: str
    reasoning: str | None = None
    kernel: str | None = None
    #: input_tokens, output_tokens, cost_usd (None: no price known), cached, attempts
    usage: dict[str, Any] = Field(default_factory=dict)
    #: seed, model (as the server named it), finish_reason, error (a refused request)
    meta: dict[str, Any] = Field(default_factory=dict)


class RunSettings(BaseModel):
    """Everything needed to (re)start a run; stored with the run so ``--resume`` restores it."""

    run_id: str
    model: str
    backend: str
    suite: str | None = None
    tasks_dir: str | None = None
    task_ids: list[str] = Field(default_factory=list)
    samples: int = 1
    shapes: str = "small"
    strategy: str = "category_one_shot"
    timeout: float = 300.0
    build_timeout: float = 600.0
    trials: int = 3
    workers: int = 2
    base_url: str | None = None
    harness_version: str = ""
    allow_torch: bool = False
    sandbox: str = "none"
    #: where evaluations run: local (threads on this machine) or ray (actors on a Ray cluster)
    executor: str = "local"
    compile_baseline: bool = True
    memory_limit_gb: float | None = None
    # ---- generation ----
    turns: int = 1
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int = 8192
    seed: int | None = None
    reasoning_budget: int | None = None
    reasoning_effort: str | None = None
    stream: bool = False
    concurrency: int = 8
    cache: bool = True
    #: USD; the run stops cleanly (resumable) before a request whose cost could exceed it
    max_cost: float | None = None
    #: IN:OUT USD per million tokens, overriding kbench's price table
    price: str | None = None
    retries: int = 6
    request_timeout: float = 600.0
    template_version: str = ""


class RunSummary(BaseModel):
    run_id: str
    model: str
    backend: str
    status: str
    n_tasks: int
    n_samples: int
    compile_rate: float
    correct_rate: float
    fast_1: float | None
    geomean_speedup: float | None
    counts: dict[str, int] = Field(default_factory=dict)
    #: with --turns N: the metrics of each turn (the headline figures are best-of-turns)
    turns: int = 1
    per_turn: list[dict[str, Any]] = Field(default_factory=list)
    #: tokens and spend of the run's requests (cached answers cost nothing); None: no price known
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = 0.0
    cached_responses: int = 0
    stop_reason: str | None = None

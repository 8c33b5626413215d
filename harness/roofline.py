"""The roofline floor: the least time a task's work can take on a device.

A candidate whose measured time is below this floor is ``beyond_roofline``: it cannot have done the
work (it returned cached or precomputed outputs, or timed the wrong thing). The floor is

    max(flops / peak_flops, bytes / peak_bytes_per_s) / SAFETY

and it must never reject an honest kernel, so every number in it leans the generous way:

* FLOPs are what :class:`torch.utils.flop_counter.FlopCounterMode` counts for the reference
  (matmul, conv, attention); elementwise work counts 0 and is covered by the bytes term.
* Bytes are a lower bound on the traffic an honest kernel cannot avoid: the inputs, parameters and
  buffers the reference actually reads (a table read through ``embedding``/``index``/``gather`` and
  a tensor never read count only what is unavoidable) plus the outputs it writes (an output that is
  an input, or a view of one, writes nothing). Shared storage is counted once.
* Peaks are vendor datasheet numbers (dense, at boost clock) for accelerators; on a CPU they are
  measured once (a float32 matmul and an in-cache copy) and cached per CPU model and thread count.
* ``SAFETY`` divides the whole floor: measured peaks are below the true ones and timing is per-call
  wall clock.

Known limits (each makes the floor loose, never tight, except where noted): elementwise FLOPs are not
counted; eager FLOPs can exceed what an algebraically simplified or Winograd/FFT kernel needs, which
only ``SAFETY`` absorbs.
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import time
from pathlib import Path
from typing import Any

from ._paths import cache_dir
from .errors import UsageError

SAFETY = 4.0

_T = 1e12
_DENSE = "vendor datasheet, dense"

# Per-device peaks in FLOP/s and bytes/s: dense (no 2:4 sparsity), at boost clock. Where a part comes in
# several variants the entry is the fastest one, so a slower variant is never held to too high a floor.
# A format without its own hardware rate (TF32 before Ampere, BF16 on Volta/Turing) carries the rate of
# the fastest unit that could compute it instead, an upper bound either way.
PEAKS: dict[str, dict[str, Any]] = {
    "H100": {
        "fp32_flops": 67 * _T,
        "tf32_flops": 495 * _T,
        "fp16_flops": 990 * _T,
        "bf16_flops": 990 * _T,
        "bytes_per_s": 3.35 * _T,
        "source": f"{_DENSE}: NVIDIA H100 SXM5 80GB HBM3 (PCIe and H800 match here too; they are slower)",
    },
    "H100 NVL": {
        "fp32_flops": 60 * _T,
        "tf32_flops": 418 * _T,
        "fp16_flops": 836 * _T,
        "bf16_flops": 836 * _T,
        "bytes_per_s": 3.9 * _T,
        "source": f"{_DENSE}: NVIDIA H100 NVL 94GB HBM3",
    },
    "H200": {
        "fp32_flops": 67 * _T,
        "tf32_flops": 495 * _T,
        "fp16_flops": 990 * _T,
        "bf16_flops": 990 * _T,
        "bytes_per_s": 4.8 * _T,
        "source": f"{_DENSE}: NVIDIA H200 SXM 141GB HBM3e (H200 NVL matches here too; it is slower)",
    },
    "GH200": {
        "fp32_flops": 67 * _T,
        "tf32_flops": 495 * _T,
        "fp16_flops": 990 * _T,
        "bf16_flops": 990 * _T,
        "bytes_per_s": 4.9 * _T,
        "source": f"{_DENSE}: NVIDIA GH200 Grace Hopper, 144GB HBM3e variant",
    },
    "H20": {
        "fp32_flops": 44 * _T,
        "tf32_flops": 74 * _T,
        "fp16_flops": 148 * _T,
        "bf16_flops": 148 * _T,
        "bytes_per_s": 4.0 * _T,
        "source": f"{_DENSE}: NVIDIA H20 96GB HBM3",
    },
    "B200": {
        "fp32_flops": 80 * _T,
        "tf32_flops": 1125 * _T,
        "fp16_flops": 2250 * _T,
        "bf16_flops": 2250 * _T,
        "bytes_per_s": 8.0 * _T,
        "source": f"{_DENSE}: NVIDIA HGX B200 (1000 W), per GPU",
    },
    "GB200": {
        "fp32_flops": 90 * _T,
        "tf32_flops": 1250 * _T,
        "fp16_flops": 2500 * _T,
        "bf16_flops": 2500 * _T,
        "bytes_per_s": 8.0 * _T,
        "source": f"{_DENSE}: NVIDIA GB200 NVL72 (1200 W), per Blackwell GPU",
    },
    "A100": {
        "fp32_flops": 19.5 * _T,
        "tf32_flops": 156 * _T,
        "fp16_flops": 312 * _T,
        "bf16_flops": 312 * _T,
        "bytes_per_s": 2.039 * _T,
        "source": f"{_DENSE}: NVIDIA A100 SXM4 80GB (40GB, PCIe and A800 match here too; they are slower)",
    },
    "L40S": {
        "fp32_flops": 91.6 * _T,
        "tf32_flops": 183 * _T,
        "fp16_flops": 362.05 * _T,
        "bf16_flops": 362.05 * _T,
        "bytes_per_s": 0.864 * _T,
        "source": f"{_DENSE}: NVIDIA L40S 48GB GDDR6 (L40 matches here too; it is slower)",
    },
    "L4": {
        "fp32_flops": 30.3 * _T,
        "tf32_flops": 60 * _T,
        "fp16_flops": 121 * _T,
        "bf16_flops": 121 * _T,
        "bytes_per_s": 0.3 * _T,
        "source": f"{_DENSE}: NVIDIA L4 24GB GDDR6",
    },
    "V100": {
        "fp32_flops": 15.7 * _T,
        "tf32_flops": 15.7 * _T,
        "fp16_flops": 125 * _T,
        "bf16_flops": 125 * _T,
        "bytes_per_s": 0.9 * _T,
        "source": f"{_DENSE}: NVIDIA V100 SXM2 32GB (no TF32/BF16 units: FP32/FP16 rates)",
    },
    "T4": {
        "fp32_flops": 8.1 * _T,
        "tf32_flops": 8.1 * _T,
        "fp16_flops": 65 * _T,
        "bf16_flops": 65 * _T,
        "bytes_per_s": 0.32 * _T,
        "source": f"{_DENSE}: NVIDIA T4 16GB GDDR6 (no TF32/BF16 units: FP32/FP16 rates)",
    },
    "RTX 4090": {
        "fp32_flops": 82.6 * _T,
        "tf32_flops": 82.6 * _T,
        "fp16_flops": 330.3 * _T,
        "bf16_flops": 165.2 * _T,
        "bytes_per_s": 1.008 * _T,
        "source": f"{_DENSE}: NVIDIA GeForce RTX 4090, Ada whitepaper (FP16 with FP16 accumulate)",
    },
    "MI300X": {
        "fp32_flops": 163.4 * _T,
        "tf32_flops": 653.7 * _T,
        "fp16_flops": 1307.4 * _T,
        "bf16_flops": 1307.4 * _T,
        "bytes_per_s": 5.3 * _T,
        "source": f"{_DENSE}: AMD Instinct MI300X OAM 192GB HBM3",
    },
    "MI325X": {
        "fp32_flops": 163.4 * _T,
        "tf32_flops": 653.7 * _T,
        "fp16_flops": 1307.4 * _T,
        "bf16_flops": 1307.4 * _T,
        "bytes_per_s": 6.0 * _T,
        "source": f"{_DENSE}: AMD Instinct MI325X OAM 256GB HBM3e",
    },
    "MI250X": {
        "fp32_flops": 95.7 * _T,
        "tf32_flops": 95.7 * _T,
        "fp16_flops": 383 * _T,
        "bf16_flops": 383 * _T,
        "bytes_per_s": 3.2768 * _T,
        "source": f"{_DENSE}: AMD Instinct MI250X OAM 128GB HBM2e (FP32 matrix rate; MI250 matches here too)",
    },
    "TPU v5e": {
        "fp32_flops": 197 * _T,
        "tf32_flops": 197 * _T,
        "fp16_flops": 197 * _T,
        "bf16_flops": 197 * _T,
        "bytes_per_s": 0.819 * _T,
        "source": f"{_DENSE}: Google Cloud TPU v5e, one chip (only a BF16 rate is published; FP32 runs "
        "as several BF16 passes, so the BF16 rate bounds every format)",
    },
    "Ascend 910B": {
        "fp32_flops": 100 * _T,
        "tf32_flops": 200 * _T,
        "fp16_flops": 400 * _T,
        "bf16_flops": 400 * _T,
        "bytes_per_s": 1.8 * _T,
        "source": "no vendor datasheet is public: widely reported Huawei Ascend 910B figures (FP16 280-376 "
        "TFLOPS, 64GB HBM2e at 1.2-1.6 TB/s by variant), rounded up; FP32/HF32 are guesses from above",
    },
}

# Device-name patterns (on the lowercased name), most specific first: "NVIDIA H100 80GB HBM3" -> "H100".
_DEVICE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bgh200\b", "GH200"),
    (r"\bgb200\b", "GB200"),
    (r"\bb200\b", "B200"),
    (r"\bh200\b", "H200"),
    (r"\bh100\b.*\bnvl\b", "H100 NVL"),
    (r"\bh(?:100|800)\b", "H100"),
    (r"\bh20\b", "H20"),
    (r"\ba(?:100|800)\b", "A100"),
    (r"\bl40s?\b", "L40S"),
    (r"\bl4\b", "L4"),
    (r"\bv100\b", "V100"),
    (r"\bt4\b", "T4"),
    (r"\brtx\s*4090\b", "RTX 4090"),
    (r"\bmi300x\b", "MI300X"),
    (r"\bmi325x\b", "MI325X"),
    (r"\bmi250x?\b", "MI250X"),
    (r"\btpu\s*v5\s*(?:e|lite)\b", "TPU v5e"),
    (r"\bascend\s*-?\s*910\s*b", "Ascend 910B"),
)


def match_device(name: str) -> str | None:
    """The PEAKS key for a device name, or None (a CPU, or an accelerator not in the table)."""
    lowered = name.strip().lower()
    if not lowered or lowered.startswith("cpu"):
        return None
    for pattern, key in _DEVICE_PATTERNS:
        if re.search(pattern, lowered):
            return key
    return None


# ---------------------------------------------------------------------------------------------------
# Counting the work of one forward call.

# Ops that read none of their tensor arguments' contents (shape/dtype/device only).
_NO_READ = frozenset(
    {
        "empty_like",
        "zeros_like",
        "ones_like",
        "full_like",
        "rand_like",
        "randn_like",
        "randint_like",
        "new_empty",
        "new_empty_strided",
        "new_zeros",
        "new_ones",
        "new_full",
        "lift_fresh",
        "is_same_size",
        "_has_compatible_shallow_copy_type",
    }
)
# Ops that overwrite their first argument without reading it.
_WRITE_ONLY_SELF = frozenset(
    {
        "copy_",
        "fill_",
        "zero_",
        "normal_",
        "uniform_",
        "random_",
        "bernoulli_",
        "exponential_",
        "cauchy_",
        "log_normal_",
        "geometric_",
        "set_",
        "resize_",
        "resize_as_",
    }
)
# Ops that touch only part of their first argument (a table lookup, a scatter into it, a slice copy):
# an honest kernel need not read all of it, so it counts only where another op reads it in full.
_SPARSE_SELF = frozenset(
    {
        "embedding",
        "embedding_bag",
        "_embedding_bag",
        "_embedding_bag_forward_only",
        "index",
        "_unsafe_index",
        "index_select",
        "gather",
        "take",
        "masked_select",
        "searchsorted",
        "narrow_copy",
        "slice_copy",
        "select_copy",
        "index_put",
        "index_put_",
        "_index_put_impl_",
        "_unsafe_index_put",
        "scatter",
        "scatter_",
        "scatter_add",
        "scatter_add_",
        "scatter_reduce",
        "scatter_reduce_",
        "index_add",
        "index_add_",
        "index_copy",
        "index_copy_",
        "index_fill",
        "index_fill_",
        "index_reduce",
        "index_reduce_",
        "masked_fill_",
        "masked_scatter",
        "masked_scatter_",
    }
)


def _storage_key(t: Any) -> tuple[str, int] | None:
    try:
        return (str(t.device), int(t.untyped_storage().data_ptr()))
    except Exception:
        return None


def _storage_nbytes(t: Any) -> int:
    try:
        return int(t.untyped_storage().nbytes())
    except Exception:
        return int(t.numel() * t.element_size())


def _distinct_nbytes(t: Any) -> int:
    """Bytes of the distinct elements a (possibly broadcast) view covers, at most its storage."""
    try:
        sizes, strides = tuple(t.shape), tuple(t.stride())
    except Exception:
        return int(t.numel() * t.element_size())
    if any(s == 0 for s in sizes):
        return 0
    count = 1
    for size, stride in zip(sizes, strides, strict=False):
        if stride != 0:
            count *= size
    return min(count * t.element_size(), _storage_nbytes(t))


def _tensors(obj: Any) -> list[Any]:
    """Every tensor in a (nested) structure of tuples, lists, dicts and dataclass-like leaves."""
    import torch
    from torch.utils._pytree import tree_leaves

    return [leaf for leaf in tree_leaves(obj) if isinstance(leaf, torch.Tensor)]


def _make_tracker(watched: dict[tuple[str, int], int]) -> Any:
    """A dispatch mode that records, per watched storage, the most bytes any single op read from it."""
    from torch.utils._python_dispatch import TorchDispatchMode

    class _ReadTracker(TorchDispatchMode):
        def __init__(self) -> None:
            super().__init__()
            self.read: dict[tuple[str, int], int] = {}

        def _note(self, func: Any, args: tuple, kwargs: dict) -> None:
            import torch

            if getattr(func, "is_view", False):
                return
            name = func.overloadpacket.__name__ if hasattr(func, "overloadpacket") else str(func)
            if name in _NO_READ or name.startswith("sym_"):
                return
            skip_first = name in _WRITE_ONLY_SELF or name in _SPARSE_SELF
            schema_args = list(func._schema.arguments) if hasattr(func, "_schema") else []
            out_names = {a.name for a in schema_args if a.is_out}
            items: list[tuple[int, Any]] = list(enumerate(args))
            items += [(-1, v) for k, v in kwargs.items() if k not in out_names]
            for position, value in items:
                if position == 0 and skip_first:
                    continue
                if 0 <= position < len(schema_args) and schema_args[position].is_out:
                    continue
                for t in _tensors(value) if not isinstance(value, torch.Tensor) else [value]:
                    key = _storage_key(t)
                    if key is not None and key in watched:
                        self.read[key] = max(self.read.get(key, 0), _distinct_nbytes(t))

        def __torch_dispatch__(self, func: Any, types: Any, args: tuple = (), kwargs: dict | None = None) -> Any:
            kwargs = kwargs or {}
            try:
                self._note(func, args, kwargs)
            except Exception:  # bookkeeping must never break the forward
                pass
            return func(*args, **kwargs)

    return _ReadTracker()


def _cpu_sdpa_flops(query_shape: Any, key_shape: Any, value_shape: Any, *args: Any, **kwargs: Any) -> int:
    from torch.utils.flop_counter import sdpa_flop_count

    return int(sdpa_flop_count(query_shape, key_shape, value_shape))


def _mv_flops(a_shape: Any, x_shape: Any, *args: Any, **kwargs: Any) -> int:
    """aten.mv: one multiply and one add per matrix element."""
    return 2 * int(a_shape[0]) * int(a_shape[1])


def _trilinear_flops(
    i1: Any, i2: Any, i3: Any, expand1: Any, expand2: Any, expand3: Any, *args: Any, **kwargs: Any
) -> int:
    """aten._trilinear (nn.Bilinear): the three operands, unsqueezed at their expand dims, are multiplied
    over their broadcast shape and summed: two multiplies and an add per element of that shape."""
    shapes = []
    for shape, expand in ((i1, expand1), (i2, expand2), (i3, expand3)):
        dims = list(shape)
        for d in sorted(expand):
            dims.insert(d, 1)
        shapes.append(dims)
    size = 1
    for column in zip(*shapes, strict=True):
        size *= max(int(d) for d in column)
    return 3 * size


def _flop_counter() -> Any:
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    custom: dict[Any, Any] = {}
    cpu_sdpa = getattr(torch.ops.aten, "_scaled_dot_product_flash_attention_for_cpu", None)
    if cpu_sdpa is not None:  # the CPU fused attention kernel is not in torch's table
        custom[cpu_sdpa] = _cpu_sdpa_flops
    # matrix products torch's table leaves out
    custom[torch.ops.aten.mv] = _mv_flops
    custom[torch.ops.aten._trilinear] = _trilinear_flops
    try:
        return FlopCounterMode(display=False, custom_mapping=custom)
    except TypeError:
        return FlopCounterMode(display=False)


def count_work(model: Any, inputs: list) -> dict[str, Any]:
    """FLOPs and unavoidable bytes of ``model(*inputs)``.

    Returns ``{"flops": float, "bytes": float, "flops_source": "flop_counter" | "none"}``. Runs the
    forward (under ``torch.no_grad()``) once, or again without counting if counting itself fails; a
    forward that fails on its own raises. Run it on clones: an in-place forward mutates its inputs.
    """
    import torch

    # Everything the forward could read, by storage: its tensor inputs, parameters and buffers.
    watched: dict[tuple[str, int], int] = {}
    seen: set[tuple[tuple[str, int], int, tuple[int, ...], tuple[int, ...]]] = set()
    sources = [*_tensors(list(inputs))]
    if isinstance(model, torch.nn.Module):
        sources += list(model.parameters()) + list(model.buffers())
    for t in sources:
        key = _storage_key(t)
        if key is None:
            continue
        ident = (key, int(t.storage_offset()), tuple(t.shape), tuple(t.stride()))
        if ident in seen:  # the same tensor (or a tied parameter) twice
            continue
        seen.add(ident)
        watched[key] = min(watched.get(key, 0) + _distinct_nbytes(t), _storage_nbytes(t))

    flops = 0.0
    flops_source = "none"
    read: dict[tuple[str, int], int] | None = None
    out: Any = None
    done = False
    with torch.no_grad():
        try:
            tracker = _make_tracker(watched)
            counter = _flop_counter()
            with counter, tracker:
                out = model(*inputs)
            flops, flops_source, read, done = float(counter.get_total_flops()), "flop_counter", tracker.read, True
        except Exception:
            done = False
        if not done:
            try:
                tracker = _make_tracker(watched)
                with tracker:
                    out = model(*inputs)
                read, done = tracker.read, True
            except Exception:
                done = False
        if not done:
            out = model(*inputs)
            read = None  # nothing known about what it read: count every input in full

    if read is None:
        in_bytes = sum(watched.values())
    else:
        in_bytes = sum(min(read.get(key, 0), cap) for key, cap in watched.items())

    written: dict[tuple[str, int], int] = {}
    for t in _tensors(out):
        key = _storage_key(t)
        if key is None or key in watched:  # an input (or a view of one) handed back writes nothing
            continue
        written[key] = min(written.get(key, 0) + _distinct_nbytes(t), _storage_nbytes(t))
    return {"flops": flops, "bytes": float(in_bytes + sum(written.values())), "flops_source": flops_source}


# ---------------------------------------------------------------------------------------------------
# CPU peaks: measured, since no table covers CPUs.

_CPU_BUDGET_S = 0.7  # per measured quantity; four of them stay under ~3 s


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "cpu"


def _sanitise(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", text).strip("_.")[:100] or "cpu"


def _best_mm_rate(dtype: Any, budget_s: float) -> float:
    """Best achieved FLOP/s of torch.mm in ``dtype``, growing the size while runs stay short."""
    import torch

    best = 0.0
    deadline = time.perf_counter() + budget_s
    for n in (256, 512, 1024):
        a = torch.randn(n, n).to(dtype)
        b = torch.randn(n, n).to(dtype)
        c = torch.empty(n, n, dtype=dtype)
        slowest = 0.0
        for rep in range(6):
            t0 = time.perf_counter()
            torch.mm(a, b, out=c)
            dt = time.perf_counter() - t0
            if rep > 0 or n == 256:  # the first run at a size may pay for packing and thread start-up
                best = max(best, 2.0 * n**3 / max(dt, 1e-9))
            slowest = max(slowest, dt)
            if time.perf_counter() > deadline:
                return best
        if slowest > budget_s / 20:  # a bigger size would not fit the budget
            break
    return best


def _best_copy_rate(budget_s: float) -> float:
    """Best achieved bytes/s (read + write) copying small, cache-resident float32 tensors."""
    import torch

    best = 0.0
    sizes = (256 * 1024, 1024 * 1024)
    deadline = time.perf_counter() + budget_s
    for size in sizes:
        src = torch.randn(size // 4)
        dst = torch.empty_like(src)
        dst.copy_(src)
        per_size_deadline = min(deadline, time.perf_counter() + budget_s / len(sizes))
        while time.perf_counter() < per_size_deadline:
            t0 = time.perf_counter()
            for _ in range(50):
                dst.copy_(src)
            dt = time.perf_counter() - t0
            best = max(best, 2.0 * size * 50 / max(dt, 1e-9))
    return best


def _measure_cpu(threads: int) -> dict[str, Any]:
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        flops = _best_mm_rate(torch.float32, _CPU_BUDGET_S)
        bf16 = _best_mm_rate(torch.bfloat16, _CPU_BUDGET_S / 2)
        fp16 = _best_mm_rate(torch.float16, _CPU_BUDGET_S / 2)
        bandwidth = _best_copy_rate(_CPU_BUDGET_S)
    finally:
        torch.set_num_threads(previous)
    return {
        "flops": flops,
        "bytes_per_s": bandwidth,
        "flops_bf16": bf16,
        "flops_fp16": fp16,
        "measured": True,
        "method": (
            f"best achieved torch.mm rate (n<=1024, float32/bfloat16/float16) and best in-cache copy "
            f"bandwidth (256 KiB and 1 MiB float32, read+write), torch {torch.__version__}, {threads} threads"
        ),
        "cpu": _cpu_model(),
        "threads": threads,
    }


def _valid_cpu_peaks(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and all(isinstance(data.get(k), int | float) and data[k] > 0 for k in ("flops", "bytes_per_s"))
        and data.get("measured") is True
    )


def cpu_peaks(threads: int, *, refresh: bool = False) -> dict[str, Any]:
    """Measured CPU peaks for ``threads`` threads, cached in cache_dir()/peaks/<cpu>-<threads>t.json.

    Returns ``{"flops", "bytes_per_s", "flops_bf16", "flops_fp16", "measured": True, "method", ...}``.
    Achieved rates, not theoretical ones: measure on an otherwise idle machine (a loaded one gives low
    peaks and so a floor that is too high); ``refresh=True`` measures again.
    """
    threads = max(1, int(threads))
    folder = cache_dir() / "peaks"
    path = folder / f"{_sanitise(_cpu_model())}-{threads}t.json"
    if not refresh:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if _valid_cpu_peaks(data):
            return data
    result = _measure_cpu(threads)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(result, indent=1), encoding="utf-8")
    os.replace(tmp, path)  # atomic: concurrent measurers each leave a whole file
    return result


# ---------------------------------------------------------------------------------------------------
# Choosing peaks and computing the floor.


def _dtype_kind(dtype: str) -> str:
    name = str(dtype).lower().removeprefix("torch.")
    if name in ("float32", "fp32", "float", "tf32", "float64", "fp64", "double"):
        return "fp32"
    if name in ("float16", "fp16", "half"):
        return "fp16"
    if name in ("bfloat16", "bf16"):
        return "bf16"
    return "other"


def _override_peaks() -> dict[str, Any] | None:
    where = os.environ.get("KBENCH_PEAKS")
    if not where:
        return None
    try:
        data = json.loads(Path(where).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"KBENCH_PEAKS={where}: cannot read it as JSON ({exc})") from None
    values = {}
    for key in ("flops", "bytes_per_s"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
            raise UsageError(f'KBENCH_PEAKS={where}: needs {{"flops": F, "bytes_per_s": B}} with positive numbers')
        values[key] = float(value)
    return {**values, "source": f"KBENCH_PEAKS={where}"}


def peaks_for(device: str, dtype: str, threads: int) -> dict[str, Any] | None:
    """``{"flops", "bytes_per_s", "source"}`` for a task of ``dtype`` on ``device``, or None (no check).

    $KBENCH_PEAKS (a JSON file ``{"flops": F, "bytes_per_s": B}``) wins over everything. A device
    string starting with "cpu" gets :func:`cpu_peaks`; an accelerator in :data:`PEAKS` the fastest rate
    the dtype could use (float32 tasks: TF32 too; float16/bfloat16: their tensor-core rate).
    """
    override = _override_peaks()
    if override is not None:
        return override
    kind = _dtype_kind(dtype)
    if device.strip().lower().startswith("cpu"):
        cpu = cpu_peaks(threads)
        rates = {"fp32": [cpu["flops"]], "fp16": [cpu["flops"], cpu.get("flops_fp16", 0.0)]}
        rates["bf16"] = [cpu["flops"], cpu.get("flops_bf16", 0.0)]
        rates["other"] = rates["fp16"] + rates["bf16"]
        return {
            "flops": float(max(rates[kind])),
            "bytes_per_s": float(cpu["bytes_per_s"]),
            "source": f"measured on {cpu.get('cpu', 'this CPU')}: {cpu['method']}",
        }
    key = match_device(device)
    if key is None:
        return None
    entry = PEAKS[key]
    fp32 = max(entry["fp32_flops"], entry["tf32_flops"])
    flops = {
        "fp32": fp32,
        "fp16": max(fp32, entry["fp16_flops"]),
        "bf16": max(fp32, entry["bf16_flops"]),
        "other": max(fp32, entry["fp16_flops"], entry["bf16_flops"]),
    }[kind]
    return {"flops": float(flops), "bytes_per_s": float(entry["bytes_per_s"]), "source": f"{key}: {entry['source']}"}


def floor_ms(work: dict[str, Any], peaks: dict[str, Any] | None, safety: float = SAFETY) -> float | None:
    """The least plausible time in ms: max(flops / peak_flops, bytes / peak_bytes) / safety.

    None when there are no peaks or no work to bound (both terms 0).
    """
    if peaks is None:
        return None
    if not safety > 0:
        raise ValueError(f"safety must be positive, not {safety}")
    terms = [0.0]
    for amount, rate in ((work.get("flops"), peaks.get("flops")), (work.get("bytes"), peaks.get("bytes_per_s"))):
        if amount and rate and amount > 0 and rate > 0:
            terms.append(float(amount) / float(rate))
    seconds = max(terms)
    if seconds <= 0:
        return None
    return seconds * 1000.0 / safety

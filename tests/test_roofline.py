"""The roofline floor: work counting, device peaks, the measured CPU peaks and their cache, the floor."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from harness import roofline as R
from harness.errors import UsageError

# ------------------------------------------------------------------------------------------ count_work


def test_linear_counts_matmul_flops_and_every_tensor_once():
    torch.manual_seed(0)
    model = nn.Linear(256, 512).eval()
    work = R.count_work(model, [torch.randn(64, 256)])
    assert work["flops_source"] == "flop_counter"
    assert work["flops"] == 2 * 64 * 256 * 512
    assert work["bytes"] == (64 * 256 + 512 * 256 + 512 + 64 * 512) * 4


def test_conv2d_has_flops():
    model = nn.Conv2d(3, 8, kernel_size=3, padding=1).eval()
    work = R.count_work(model, [torch.randn(2, 3, 16, 16)])
    assert work["flops"] == 2 * (2 * 8 * 16 * 16) * (3 * 3 * 3)
    assert work["bytes"] == (2 * 3 * 16 * 16 + 8 * 3 * 3 * 3 + 8 + 2 * 8 * 16 * 16) * 4


def test_elementwise_has_no_flops_but_bytes():
    class Gelu(nn.Module):
        def forward(self, x):
            return F.gelu(x) * 2.0

    x = torch.randn(128, 64)
    work = R.count_work(Gelu(), [x])
    assert work["flops"] == 0 and work["flops_source"] == "flop_counter"
    assert work["bytes"] == 2 * x.nbytes  # read x, write the output; the intermediate is not counted


def test_tuple_output_counts_every_output():
    class Two(nn.Module):
        def forward(self, a, b):
            return a @ b, (a + 1.0).sum(dim=1), 3

    a, b = torch.randn(32, 16), torch.randn(16, 8)
    work = R.count_work(Two(), [a, b])
    assert work["flops"] == 2 * 32 * 16 * 8
    assert work["bytes"] == a.nbytes + b.nbytes + 32 * 8 * 4 + 32 * 4


def test_python_float_output():
    class Mean(nn.Module):
        def forward(self, x):
            return float(x.mean())

    x = torch.randn(1000)
    work = R.count_work(Mean(), [x])
    assert work == {"flops": 0.0, "bytes": float(x.nbytes), "flops_source": "flop_counter"}


def test_non_tensor_inputs_and_zero_dim_output():
    class Loss(nn.Module):
        def forward(self, logits, targets, scale):
            return F.cross_entropy(logits, targets) * scale

    logits, targets = torch.randn(64, 10), torch.randint(0, 10, (64,))
    work = R.count_work(Loss(), [logits, targets, 0.5])
    assert work["bytes"] == logits.nbytes + targets.nbytes + 4


def test_bytes_are_what_an_honest_kernel_cannot_avoid():
    # A lookup reads only the rows it gathers: the table does not count, the ids and the output do.
    emb = nn.Embedding(10_000, 64).eval()
    ids = torch.randint(0, 10_000, (8, 16))
    assert R.count_work(emb, [ids])["bytes"] == ids.nbytes + 8 * 16 * 64 * 4

    # A parameter the forward never touches costs nothing; a broadcast input is read once.
    class Unused(nn.Module):
        def __init__(self):
            super().__init__()
            self.never = nn.Linear(512, 512)

        def forward(self, x, row):
            return x + row.expand_as(x)

    x, row = torch.randn(32, 100), torch.randn(1, 100)
    assert R.count_work(Unused(), [x, row])["bytes"] == x.nbytes + row.nbytes + x.nbytes

    # Handing back an input (or a view of it) writes nothing; the floor then has nothing to bound.
    class View(nn.Module):
        def forward(self, x):
            return x.view(-1), x[:2]

    work = R.count_work(View(), [torch.randn(10, 10)])
    assert work["bytes"] == 0 and work["flops"] == 0
    assert R.floor_ms(work, {"flops": 1e12, "bytes_per_s": 1e11}) is None

    # The same tensor passed twice is one storage.
    class Add(nn.Module):
        def forward(self, a, b):
            return a + b

    y = torch.randn(64, 64)
    assert R.count_work(Add(), [y, y])["bytes"] == 2 * y.nbytes


def test_counting_failure_falls_back_to_no_flops():
    from torch.utils._python_dispatch import _get_current_dispatch_mode

    class Fussy(nn.Module):
        """Refuses to run under any dispatch mode, so neither counter can watch it."""

        def forward(self, a, b):
            if _get_current_dispatch_mode() is not None:
                raise RuntimeError("not under a dispatch mode")
            return a @ b

    a, b = torch.randn(8, 4), torch.randn(4, 2)
    work = R.count_work(Fussy(), [a, b])
    assert work == {"flops": 0.0, "bytes": float(a.nbytes + b.nbytes + 8 * 2 * 4), "flops_source": "none"}


def test_a_broken_forward_raises():
    class Broken(nn.Module):
        def forward(self, x):
            raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        R.count_work(Broken(), [torch.randn(3)])


def test_catalog_tasks_all_count():
    from harness.tasks import CATALOG_ROOT, discover, load_module

    for task in discover(CATALOG_ROOT):
        overrides = dict(task.shapes.get("tiny", {}))
        module = load_module(task.path, overrides)
        torch.manual_seed(0)
        inputs = list(module.get_inputs())
        model = module.Model(*module.get_init_inputs()).eval()
        work = R.count_work(model, [x.clone() if isinstance(x, torch.Tensor) else x for x in inputs])
        assert work["flops_source"] == "flop_counter", task.id
        assert work["bytes"] > 0, task.id
        if task.category in ("matmul", "attention", "arch"):
            assert work["flops"] > 0, task.id


# ----------------------------------------------------------------------------------------- device table


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("NVIDIA H100 80GB HBM3", "H100"),
        ("NVIDIA H100 PCIe", "H100"),
        ("NVIDIA H100 NVL", "H100 NVL"),
        ("NVIDIA H800", "H100"),
        ("NVIDIA H200", "H200"),
        ("NVIDIA GH200 480GB", "GH200"),
        ("NVIDIA B200", "B200"),
        ("NVIDIA GB200", "GB200"),
        ("NVIDIA A100-SXM4-80GB", "A100"),
        ("NVIDIA A100 80GB PCIe", "A100"),
        ("NVIDIA L40S", "L40S"),
        ("NVIDIA L4", "L4"),
        ("Tesla V100-SXM2-32GB", "V100"),
        ("Tesla T4", "T4"),
        ("NVIDIA GeForce RTX 4090", "RTX 4090"),
        ("AMD Instinct MI300X", "MI300X"),
        ("AMD Instinct MI250X/MI250", "MI250X"),
        ("TPU v5 lite", "TPU v5e"),
        ("TPU v5e", "TPU v5e"),
        ("Ascend910B3", "Ascend 910B"),
        ("cuda: NVIDIA H100 80GB HBM3", "H100"),
        ("cpu: AMD EPYC 9654 96-Core Processor", None),
        ("cpu", None),
        ("NVIDIA GeForce RTX 3060", None),
        ("TPU v5p", None),
        ("", None),
    ],
)
def test_match_device(name, key):
    assert R.match_device(name) == key


def test_peak_table_is_complete_and_dense():
    for key, entry in R.PEAKS.items():
        for field in ("fp32_flops", "tf32_flops", "fp16_flops", "bf16_flops", "bytes_per_s"):
            assert isinstance(entry[field], float | int) and entry[field] > 0, (key, field)
        assert entry["fp16_flops"] >= entry["fp32_flops"] and entry["tf32_flops"] >= entry["fp32_flops"], key
        assert entry["source"], key
    for required in ("H100", "H200", "B200", "A100", "L40S", "MI300X", "TPU v5e", "Ascend 910B"):
        assert required in R.PEAKS
    # Dense, not the 2:4 sparsity figures: H100 SXM BF16 is ~990 TFLOPS, not ~1979.
    assert R.PEAKS["H100"]["bf16_flops"] < 1.2e15


def test_peaks_for_accelerators_take_the_fastest_rate_the_dtype_can_use(monkeypatch):
    monkeypatch.delenv("KBENCH_PEAKS", raising=False)
    h100 = R.PEAKS["H100"]
    fp32 = R.peaks_for("NVIDIA H100 80GB HBM3", "float32", 1)
    assert fp32 is not None and fp32["flops"] == h100["tf32_flops"]  # a TF32 kernel is never rejected
    assert fp32["bytes_per_s"] == h100["bytes_per_s"] and "H100" in fp32["source"]
    bf16 = R.peaks_for("NVIDIA H100 80GB HBM3", "bfloat16", 1)
    assert bf16 is not None and bf16["flops"] == h100["bf16_flops"]
    fp16 = R.peaks_for("NVIDIA H100 80GB HBM3", "torch.float16", 1)
    assert fp16 is not None and fp16["flops"] == h100["fp16_flops"]
    assert R.peaks_for("Some Future Accelerator 9000", "float32", 1) is None


def test_kbench_peaks_override_wins(monkeypatch, tmp_path):
    path = tmp_path / "peaks.json"
    path.write_text(json.dumps({"flops": 1e9, "bytes_per_s": 2e9}))
    monkeypatch.setenv("KBENCH_PEAKS", str(path))
    for device in ("NVIDIA H100 80GB HBM3", "cpu: whatever", "Unknown Thing"):
        peaks = R.peaks_for(device, "float32", 2)
        assert peaks is not None and peaks["flops"] == 1e9 and peaks["bytes_per_s"] == 2e9
        assert str(path) in peaks["source"]
    path.write_text(json.dumps({"flops": 1e9}))
    with pytest.raises(UsageError, match="KBENCH_PEAKS"):
        R.peaks_for("cpu", "float32", 2)
    path.write_text("not json")
    with pytest.raises(UsageError, match="KBENCH_PEAKS"):
        R.peaks_for("cpu", "float32", 2)


# -------------------------------------------------------------------------------------------- CPU peaks


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """One measurement for the module, in a private cache: (peaks, seconds it took, cache dir)."""
    cache = tmp_path_factory.mktemp("kbench-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KBENCH_CACHE", str(cache))
        t0 = time.perf_counter()
        peaks = R.cpu_peaks(1)
        took = time.perf_counter() - t0
    return peaks, took, cache


def test_cpu_peaks_measure_then_read_the_cache(measured, monkeypatch):
    peaks, took, cache = measured
    assert peaks["measured"] is True and peaks["method"]
    assert peaks["flops"] > 1e8 and peaks["bytes_per_s"] > 1e8
    assert took < 6.0
    files = list((Path(cache) / "peaks").glob("*.json"))
    assert len(files) == 1 and files[0].name.endswith("-1t.json")
    assert json.loads(files[0].read_text()) == peaks

    monkeypatch.setenv("KBENCH_CACHE", str(cache))
    t0 = time.perf_counter()
    again = R.cpu_peaks(1)
    assert time.perf_counter() - t0 < 0.2
    assert again == peaks

    # A damaged cache file is measured again, not trusted.
    files[0].write_text("{")
    fresh = R.cpu_peaks(1)
    assert fresh["flops"] > 0 and json.loads(files[0].read_text()) == fresh


def test_peaks_for_cpu_uses_the_measurement(measured, monkeypatch):
    peaks, _, cache = measured
    monkeypatch.delenv("KBENCH_PEAKS", raising=False)
    monkeypatch.setenv("KBENCH_CACHE", str(cache))
    fp32 = R.peaks_for("cpu: AMD EPYC", "float32", 1)
    assert fp32 is not None and fp32["bytes_per_s"] == R.cpu_peaks(1)["bytes_per_s"]
    assert fp32["flops"] == R.cpu_peaks(1)["flops"]
    bf16 = R.peaks_for("cpu", "bfloat16", 1)
    assert bf16 is not None and bf16["flops"] >= fp32["flops"]


# ------------------------------------------------------------------------------------------------ floor


def test_floor_ms_arithmetic():
    peaks = {"flops": 1e12, "bytes_per_s": 1e11}
    # compute-bound: 2e9 FLOP / 1e12 = 2 ms; memory: 1e7 B / 1e11 = 0.1 ms; divided by the safety factor.
    assert R.floor_ms({"flops": 2e9, "bytes": 1e7}, peaks, safety=1.0) == pytest.approx(2.0)
    assert R.floor_ms({"flops": 2e9, "bytes": 1e7}, peaks) == pytest.approx(2.0 / R.SAFETY)
    # memory-bound
    assert R.floor_ms({"flops": 0.0, "bytes": 1e9}, peaks, safety=2.0) == pytest.approx(5.0)
    assert R.floor_ms({"flops": 0.0, "bytes": 0.0}, peaks) is None
    assert R.floor_ms({"flops": 1e9, "bytes": 1e9}, None) is None
    with pytest.raises(ValueError):
        R.floor_ms({"flops": 1e9, "bytes": 1e9}, peaks, safety=0)


def test_honest_eager_matmul_is_above_the_floor(measured, monkeypatch):
    """A real torch.mm timed here never lands below the floor computed from this machine's peaks."""
    _, _, cache = measured
    monkeypatch.delenv("KBENCH_PEAKS", raising=False)
    monkeypatch.setenv("KBENCH_CACHE", str(cache))

    class MatMul(nn.Module):
        def forward(self, a, b):
            return torch.mm(a, b)

    a, b = torch.randn(512, 512), torch.randn(512, 512)
    work = R.count_work(MatMul(), [a, b])
    assert work["flops"] == 2 * 512**3
    floor = R.floor_ms(work, R.peaks_for("cpu", "float32", 1))
    assert floor is not None and floor > 0

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        torch.mm(a, b)
        times = []
        for _ in range(10):
            t0 = time.perf_counter_ns()
            torch.mm(a, b)
            times.append((time.perf_counter_ns() - t0) / 1e6)
    finally:
        torch.set_num_threads(previous)
    assert min(times) > floor

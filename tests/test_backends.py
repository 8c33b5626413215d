"""Accelerator backends on this machine. triton: no GPU, so kernels run under Triton's interpreter (a real
correctness verdict on the tiny shapes, `timing: interpreted`, speedup null). cuda: compiled for real with nvcc
(`unverified` without a driver)."""

from __future__ import annotations

import re

import pytest
from conftest import CANDIDATES, OK_TASKS, json_out, run_kbench

import backends


def _eval(name: str, db):
    proc = run_kbench(
        "eval", "--backend", "triton", "--reference", str(OK_TASKS / "scale_add.py"),
        "--candidate", str(CANDIDATES / f"{name}.py"), "--json", db=db,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json_out(proc)


def _interpreted() -> bool:
    return backends.get("triton").timing_kind == "interpreted"


def test_triton_backend_says_how_it_runs_here():
    be = backends.get("triton")
    avail = be.availability()
    assert avail.can_build and avail.can_run
    if _interpreted():
        assert be.default_shapes == "tiny" and be.worker_env() == {"TRITON_INTERPRET": "1"}
        assert "interpreter" in avail.reason


@pytest.mark.slow
def test_honest_triton_kernel_is_correct_and_interpreted(db):
    ev = _eval("triton_scale_add", db)
    assert ev["status"] == "correct" and ev["reason_codes"] == [], ev["reasons"]
    if _interpreted():
        assert ev["timing"] == "interpreted" and ev["speedup"] is None and ev["speedup_compile"] is None
        assert ev["shapes"] == "tiny" and ev["candidate_ms"] > 0  # recorded, never ranked


@pytest.mark.slow
def test_triton_kernel_that_is_never_launched_is_rejected(db):
    ev = _eval("triton_no_launch", db)
    assert ev["status"] == "rejected" and "no_kernel_launched" in ev["reason_codes"], ev["reasons"]


# ---- cuda: compiled for real with nvcc; run only where a GPU is --------------------------------------
def _eval_cuda(name: str, db):
    proc = run_kbench(
        "eval", "--backend", "cuda", "--reference", str(OK_TASKS / "scale_add.py"),
        "--candidate", str(CANDIDATES / f"{name}.py"), "--json", db=db,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json_out(proc)


def _cuda_compiles_only() -> bool:
    avail = backends.get("cuda").availability()
    return avail.can_build and not avail.can_run


def test_ptxas_resource_usage_is_parsed():
    from backends.cuda import parse_ptxas

    log = (
        "ptxas info    : Compiling entry function '_Z6kernelPf' for 'sm_90'\n"
        "ptxas info    : Function properties for _Z6kernelPf\n"
        "    0 bytes stack frame, 8 bytes spill stores, 8 bytes spill loads\n"
        "ptxas info    : Used 40 registers, used 1 barriers, 4096 bytes smem, 380 bytes cmem[0]\n"
    )
    assert parse_ptxas(log) == [{"kernel": "_Z6kernelPf", "registers": 40, "smem_bytes": 4096, "spill_store_bytes": 8}]


@pytest.mark.slow
def test_cuda_kernel_compiles_for_real_and_is_unverified_without_a_gpu(db):
    if not _cuda_compiles_only():
        pytest.skip("this test is for a machine with nvcc and no GPU")
    ev = _eval_cuda("cuda_scale_add", db)
    assert ev["status"] == "unverified" and ev["compiled"] is True and ev["correct"] is None, ev["reasons"]
    assert ev["reason_codes"] == ["no_device"] and ev["timing"] == "none" and ev["speedup"] is None
    usage = ev["env"]["kernel_resources"]
    assert usage and usage[0]["kernel"].startswith("_Z16scale_add_kernel") and usage[0]["registers"] > 0


@pytest.mark.slow
def test_cuda_syntax_error_is_a_compile_error_naming_the_line(db):
    if backends.get("cuda").availability().can_build is False:
        pytest.skip("no nvcc here")
    ev = _eval_cuda("cuda_syntax_error", db)
    assert ev["status"] == "compile_error" and ev["compiled"] is False and ev["reason_codes"] == ["build_failed"]
    first = ev["reasons"][0]
    # nvcc's own line (of the .cu file load_inline generates, which starts with a few #include lines)
    assert first.startswith("compiler: ") and re.search(r"cuda\.cu\(\d+\): error: expected a \";\"", first), first


# ---- ascend: without CANN and torch_npu, a clean refusal before any work ------------------------------
def test_ascend_without_cann_fails_cleanly_and_stores_nothing(db):
    if backends.get("ascend").availability().can_build:
        pytest.skip("CANN is installed here")
    proc = run_kbench("run", "--model", "golden", "--backend", "ascend", "--suite", "smoke", db=db)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "ascend" in lines[0] and "CANN" in lines[0] and "torch_npu" in lines[0], lines
    assert json_out(run_kbench("runs", "list", "--json", db=db)) == []
    report = json_out(run_kbench("doctor", "--json"))
    ascend = next(b for b in report["backends"] if b["name"] == "ascend")
    assert ascend["available"] is False and "CANN" in ascend["reason"]

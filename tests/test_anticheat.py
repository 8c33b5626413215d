"""Unit tests of the pieces behind the anti-cheat verdicts: operator rules, the signed result channel,
dtype-aware tolerances, the trial plan and input transforms. End-to-end attacks live in test_redteam.py."""

from __future__ import annotations

import hashlib
import hmac
import json
import os

import pytest
import torch

from harness import anticheat
from harness._compare import compare, effective_tolerance
from harness._reference import transform_inputs
from harness._worker import Channel
from harness.evaluate import Evaluator, _authenticate
from harness.schema import Task, Tolerance


@pytest.mark.parametrize(
    "name",
    ["aten.empty_like.default", "aten.view.default", "aten.t.default", "aten.select.int", "aten.split.Tensor",
     "aten.clone.default", "aten.copy_.default", "aten._to_copy.default", "aten.zeros.default", "aten.fill_.Scalar",
     "aten.as_strided.default", "aten._local_scalar_dense.default"],
)  # fmt: skip
def test_allocation_view_and_copy_ops_are_allowed(name):
    assert anticheat.op_allowed(name)


@pytest.mark.parametrize(
    "name",
    ["aten.add.Tensor", "aten.add_.Tensor", "aten.mm.default", "aten.addcmul.default", "aten.relu.default",
     "aten.sum.dim_IntList", "aten._softmax.default", "aten.convolution.default", "prims.add.default"],
)  # fmt: skip
def test_compute_ops_are_forbidden(name):
    assert not anticheat.op_allowed(name)


def test_forbidden_ops_keeps_counts_of_only_the_forbidden():
    counts = {"aten.empty_like.default": 3, "aten.mul.Tensor": 2, "aten.view.default": 1}
    assert anticheat.forbidden_ops(counts) == {"aten.mul.Tensor": 2}


def test_symbol_names_resolve_to_operators():
    assert anticheat._op_from_symbol("empty_like") == "empty_like.default"
    assert anticheat._op_from_symbol("add_Tensor") == "add.Tensor"
    assert anticheat._op_from_symbol("empty_memory_format") == "empty.memory_format"
    assert anticheat._op_from_symbol("no_such_operator_anywhere") is None


def test_vendor_libraries_are_recognised_by_name():
    assert anticheat.VENDOR_LIBRARY.search("/usr/lib/libcublas.so.12")
    assert anticheat.VENDOR_LIBRARY.search("/opt/intel/libmkl_rt.so.2")
    assert not anticheat.VENDOR_LIBRARY.search("/usr/lib/libgomp.so.1")
    assert anticheat.check_libraries(["/usr/lib/libcudnn.so.9"], None, allow_torch=False)[0].code == "vendor_library"
    assert anticheat.check_libraries(["/usr/lib/libcudnn.so.9"], None, allow_torch=True) == []


def _channel_lines(key: bytes, events: list[tuple[str, dict]]) -> list[bytes]:
    read_fd, write_fd = os.pipe()
    ch = Channel(write_fd, key)
    for name, fields in events:
        ch.emit(name, **fields)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as fh:
        return fh.read().splitlines()


def test_signed_events_authenticate_in_order():
    key = b"k" * 32
    lines = _channel_lines(key, [("started", {"pid": 1}), ("phase", {"name": "build"})])
    first, problem = _authenticate(lines[0], key, 0)
    assert problem is None and first is not None and first["event"] == "started"
    second, problem = _authenticate(lines[1], key, 1)
    assert problem is None and second is not None and second["name"] == "build"


def test_forged_replayed_and_unsigned_events_are_refused():
    key = b"k" * 32
    lines = _channel_lines(key, [("started", {"pid": 1}), ("done", {})])
    assert "out of sequence" in (_authenticate(lines[0], key, 1)[1] or "")  # replayed
    assert "bad signature" in (_authenticate(lines[1], b"x" * 32, 1)[1] or "")  # another key
    payload = json.dumps({"event": "done", "seq": 1, "status": "correct"})
    fake = json.dumps({"p": payload, "m": hmac.new(b"guess", payload.encode(), hashlib.sha256).hexdigest()})
    assert "bad signature" in (_authenticate(fake.encode(), key, 1)[1] or "")
    assert "unauthenticated" in (_authenticate(b'{"event": "done"}', key, 0)[1] or "")


def test_tolerance_has_a_dtype_floor_and_scales_with_the_output():
    tol = Tolerance(atol=1e-5, rtol=1e-5)
    assert effective_tolerance(tol, torch.ones(4, dtype=torch.float16)) == (1e-2, 1e-2)
    atol, rtol = effective_tolerance(tol, torch.full((4,), 100.0))
    assert atol == pytest.approx(1e-3) and rtol == 1e-5
    assert effective_tolerance(tol, torch.full((4,), 0.5)) == (1e-5, 1e-5)


def test_complex_outputs_compare_both_parts():
    ref = torch.tensor([1 + 1j, 2 - 1j], dtype=torch.complex64)
    out = torch.tensor([1 + 1j, 2 + 1j], dtype=torch.complex64)  # imaginary part wrong
    structure = {"container": "single", "types": ["torch.Tensor"], "devices": ["cpu"]}
    res = compare([out], structure, [ref], structure, Tolerance(), "cpu", "t")
    assert not res.ok and res.codes == ["value_mismatch"]


def _task(domain: str) -> Task:
    return Task(id=f"t_{domain}", path="/nonexistent.py", domain=domain, content_hash="0" * 64)


def test_trial_plan_follows_the_input_domain():
    ev = Evaluator("cpu", master_seed=1234)
    try:
        any_plan = ev._trial_plan(_task("any"))
        assert [t["kind"] for t in any_plan] == ["task", "normal", "task"]
        assert any_plan[0]["scale"] == 1.0 and all(0.25 <= t["scale"] <= 4.0 for t in any_plan)
        assert len({t["input_seed"] for t in any_plan}) == 3 and len({t["scale"] for t in any_plan[1:]}) == 2
        positive = ev._trial_plan(_task("positive"))
        assert [t["kind"] for t in positive] == ["task"] * 3 and positive[1]["scale"] != 1.0
        fixed = ev._trial_plan(_task("probability"))
        assert [(t["kind"], t["scale"]) for t in fixed] == [("task", 1.0)] * 3
        other = Evaluator("cpu", master_seed=99)
        assert other._trial_plan(_task("any"))[0]["input_seed"] != any_plan[0]["input_seed"]  # secret per run
        other.close()
    finally:
        ev.close()


def test_normal_inputs_keep_shapes_dtypes_and_integer_tensors():
    x, idx = torch.rand(64, 8) + 5.0, torch.arange(10)
    out = transform_inputs([x, idx, 3.0], "normal", 2.0, seed=7)
    assert out[0].shape == x.shape and out[0].dtype == x.dtype and float(out[0].min()) < 0  # signed, not x
    assert torch.equal(out[1], idx) and out[2] == 3.0
    scaled = transform_inputs([x], "task", 0.5, seed=7)[0]
    assert torch.allclose(scaled, x * 0.5)

"""The pallas backend on this machine: no TPU, so kbench forces Pallas's interpreter (a real correctness
verdict on the tiny shapes, `timing: interpreted`, speedup null). The checks that keep it honest: every
forward is traced with jax.make_jaxpr; compute outside Pallas kernels is `jax_op`, a forward with no
pallas_call is `no_kernel_launched`, a forward that cannot be traced is `untraceable`, and source that asks
whether it is being traced is `trace_detect`."""

from __future__ import annotations

import json

import pytest
from conftest import CANDIDATES, OK_TASKS, run_kbench

import backends
from backends import pallas

CASES = {
    "pallas_scale_add": ("correct", None),
    "pallas_jnp_fallback": ("rejected", "jax_op"),
    "pallas_no_kernel": ("rejected", "no_kernel_launched"),
    "pallas_untraceable": ("rejected", "untraceable"),
    "pallas_trace_detect": ("rejected", "trace_detect"),
}
NAMES = list(CASES)


def test_pallas_backend_says_how_it_runs_here():
    be = backends.get("pallas")
    avail = be.availability()
    assert avail.can_build and avail.can_run, avail.reason
    if not pallas.tpu_present():
        assert be.timing_kind == "interpreted" and be.default_shapes == "tiny"
        assert "interpreter" in avail.reason and be.worker_env()["JAX_PLATFORMS"] == "cpu"


def test_jaxpr_audit_counts_kernels_and_compute_outside_them():
    import jax
    import jax.numpy as jnp
    from jax.experimental import pallas as pl

    def kernel(x_ref, o_ref):
        o_ref[...] = x_ref[...] * 3.0  # compute inside the kernel is never reported

    @jax.jit
    def inner(x):
        y = pl.pallas_call(kernel, out_shape=jax.ShapeDtypeStruct(x.shape, x.dtype), interpret=True)(x)
        return y.reshape(-1)[:4]  # data movement only

    def forward(x):
        return jnp.exp(inner(x)) + 1.0

    closed = jax.make_jaxpr(forward)(jnp.ones((8, 128)))
    kernels, outside = pallas.audit_jaxpr(closed)
    assert kernels == 1
    assert dict(outside) == {"exp": 1, "add": 1}


@pytest.fixture(scope="module")
def pallas_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pallas")
    replay = tmp / "answers.jsonl"
    with replay.open("w") as fh:
        for sample, name in enumerate(NAMES):
            text = f"```python\n{(CANDIDATES / f'{name}.py').read_text()}```\n"
            fh.write(json.dumps({"task_id": "scale_add", "sample": sample, "response": text}) + "\n")
    db = tmp / "kbench.db"
    proc = run_kbench(
        "run", "--model", f"replay:{replay}", "--backend", "pallas", "--tasks-dir", str(OK_TASKS),
        "--task", "scale_add", "--samples", str(len(NAMES)), "--workers", "2", "--run-name", "pallas",
        "--json", db=db,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    from harness.store import Store

    store = Store(db)
    try:
        return {r["sample"]: json.loads(r["result"]) for r in store.evaluations("pallas")}
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_pallas_candidate_gets_its_verdict(pallas_run, name):
    status, code = CASES[name]
    ev = pallas_run[NAMES.index(name)]
    detail = (ev["status"], ev["reason_codes"], ev["reasons"][:4], ev["log_tail"][-800:])
    assert ev["status"] == status, detail
    if code is None:
        assert ev["reason_codes"] == [], detail
        if not pallas.tpu_present():
            assert ev["timing"] == "interpreted" and ev["speedup"] is None and ev["candidate_ms"] > 0
            assert ev["shapes"] == "tiny" and ev["trials_passed"] == ev["trials"] >= 3
    else:
        assert code in ev["reason_codes"], detail


def test_host_callbacks_inside_a_kernel_are_reported():
    """A kernel that calls back into Python (NumPy, torch) computes on the host, not in the kernel."""
    import jax
    import jax.numpy as jnp
    import numpy as np
    from jax.experimental import pallas as pl

    def kernel(x_ref, o_ref):
        x = x_ref[...]
        o_ref[...] = jax.pure_callback(lambda a: np.asarray(a) * 2.0, jax.ShapeDtypeStruct(x.shape, x.dtype), x)

    def forward(x):
        return pl.pallas_call(kernel, out_shape=jax.ShapeDtypeStruct(x.shape, x.dtype), interpret=True)(x)

    kernels, outside = pallas.audit_jaxpr(jax.make_jaxpr(forward)(jnp.ones((8, 128))))
    assert kernels == 1 and outside["pure_callback"] == 1

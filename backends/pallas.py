"""The ``pallas`` backend (TPU): JAX Pallas kernels (``pl.pallas_call``) called from ``ModelNew.forward``.

kbench converts tensors in and out: ``forward`` receives ``jax.Array`` arguments (zero-copy from the torch
inputs through DLPack; other arguments unchanged) and returns ``jax.Array`` values, which kbench waits for
(``block_until_ready``) and converts back to torch tensors inside the timed region.

On a TPU the kernels run natively and are timed on the device. Elsewhere the worker forces
``interpret=True`` on every ``pallas_call`` (the candidate cannot opt out: the call is rewritten before
the candidate is imported), so the same kernels run under Pallas's interpreter on the CPU: a real
correctness verdict on the tasks' ``tiny`` shapes, ``timing: interpreted`` (speedup null).

Honesty: the first call of each model is also traced with :func:`jax.make_jaxpr`. Every ``pallas_call``
in the traced program counts as a kernel launch (none: ``no_kernel_launched``), and every JAX primitive
that computes outside a Pallas kernel (``dot_general``, ``add``, ``exp``, ``reduce_sum``...) is reported
as an operator (``jax.<primitive>``) that the kernels-only track rejects, exactly like a PyTorch operator.
A forward that cannot be traced (it pulls values to the host, for instance) is rejected as ``untraceable``.
"""

from __future__ import annotations

import glob
import os
from collections import Counter
from typing import Any, Literal

from .base import Availability, Backend, package_version

INSTRUCTIONS = """\
Backend: pallas (TPU). Write the kernel(s) in JAX Pallas: `import jax`, `import jax.numpy as jnp`,
`from jax.experimental import pallas as pl`; kernel functions take Refs (x_ref[...] reads, o_ref[...] = v
writes) and are called through pl.pallas_call(kernel, out_shape=jax.ShapeDtypeStruct(...), grid=...,
in_specs=[pl.BlockSpec(block_shape, index_map)], out_specs=...)(inputs). kbench converts tensors for you:
ModelNew.forward receives jax.Array arguments (float32 unless the reference says otherwise) and must return
jax.Array values. ModelNew is still an nn.Module: create parameters exactly like Model (same layers, same
order) and hand them to your kernels as jnp.asarray(param.detach().cpu().numpy()). All arithmetic must
happen inside Pallas kernels: outside them only reshape, transpose, broadcast, slicing, padding,
concatenation and dtype conversion are allowed (kbench traces forward with jax.make_jaxpr and rejects
jnp/lax compute outside kernels and forwards that launch no pallas_call). forward must be traceable:
no Python branches on array values, no conversions of inputs to NumPy. Do not pass interpret=...; kbench
sets it where no TPU exists. Prefer blocks whose last two dimensions are multiples of (8, 128) on a TPU.
"""

#: JAX primitives that only move, reshape or convert data: allowed outside Pallas kernels
ALLOWED_PRIMITIVES = frozenset(
    {
        "reshape",
        "broadcast_in_dim",
        "convert_element_type",
        "transpose",
        "squeeze",
        "expand_dims",
        "slice",
        "dynamic_slice",
        "concatenate",
        "pad",
        "copy",
        "copy_p",
        "device_put",
        "rev",
    }
)
#: primitives whose sub-programs are followed (their own equations are checked, not the call itself)
CALL_PRIMITIVES = frozenset(
    {"pjit", "jit", "closed_call", "core_call", "custom_jvp_call", "custom_vjp_call", "custom_vjp_call_jaxpr",
     "remat", "checkpoint", "custom_lin"}
)  # fmt: skip

#: primitives that run host code: never allowed, inside a kernel or outside
HOST_CALLBACKS = frozenset({"pure_callback", "io_callback", "callback"})

_launches = 0
_ops: Counter[str] = Counter()


def tpu_present() -> bool:
    """A TPU VM: libtpu installed and a TPU device node (``/dev/accel*`` up to v4, ``/dev/vfio/*`` from v5)."""
    if package_version("libtpu") is None and package_version("libtpu-nightly") is None:
        return False
    return bool(glob.glob("/dev/accel*") or glob.glob("/dev/vfio/[0-9]*"))


def audit_jaxpr(closed: Any) -> tuple[int, Counter[str]]:
    """(pallas_call count, primitives computing outside Pallas kernels) of a traced program."""
    from jax.extend.core import jaxprs_in_params

    kernels = 0
    outside: Counter[str] = Counter()

    def walk_kernel(jaxpr: Any) -> None:
        """Inside a kernel anything computes, except calls back into the host (Python, NumPy, torch)."""
        for eqn in jaxpr.eqns:
            if eqn.primitive.name in HOST_CALLBACKS:
                outside[eqn.primitive.name] += 1
            for sub in jaxprs_in_params(eqn.params):
                walk_kernel(sub)

    def walk(jaxpr: Any) -> None:
        nonlocal kernels
        for eqn in jaxpr.eqns:
            name = eqn.primitive.name
            if name == "pallas_call":
                kernels += 1
                for sub in jaxprs_in_params(eqn.params):
                    walk_kernel(sub)
                continue
            if name in CALL_PRIMITIVES:
                for sub in jaxprs_in_params(eqn.params):
                    walk(sub)
            elif name not in ALLOWED_PRIMITIVES:
                outside[name] += 1  # compute, or a loop/branch (cond, while, scan), outside any kernel

    walk(closed.jaxpr)
    return kernels, outside


def to_jax(value: Any) -> Any:
    import torch

    if isinstance(value, torch.Tensor):
        import jax

        return jax.dlpack.from_dlpack(value.detach().contiguous())
    return value


def to_torch(value: Any) -> Any:
    """jax.Array (also inside tuples and lists) -> torch tensor, after the device has finished it."""
    import jax

    if isinstance(value, tuple | list):
        return type(value)(to_torch(v) for v in value)
    if isinstance(value, jax.Array):
        import torch

        jax.block_until_ready(value)
        return torch.from_dlpack(value)
    return value


class _Audited:
    """Calls a ModelNew with JAX arguments; its first call is traced and audited."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.audited = False

    def __call__(self, *args: Any) -> Any:
        global _launches
        jax_args = [to_jax(a) for a in args]
        if not self.audited:
            self.audited = True
            import jax

            static = tuple(i for i, a in enumerate(jax_args) if not isinstance(a, jax.Array))
            try:
                closed = jax.make_jaxpr(lambda *a: self.model(*a), static_argnums=static)(*jax_args)
            except Exception as exc:
                _ops["kbench.untraceable"] += 1
                print(f"kbench: forward could not be traced by jax.make_jaxpr: {type(exc).__name__}: {exc}"[:2000])
            else:
                kernels, outside = audit_jaxpr(closed)
                _launches += kernels
                for name, n in outside.items():
                    _ops[f"jax.{name}"] += n
        return to_torch(self.model(*jax_args))


class PallasBackend(Backend):
    name = "pallas"
    language = "JAX Pallas (pl.pallas_call kernels)"

    def __init__(self) -> None:
        self._tpu = tpu_present()
        self.lock_name = "tpu0" if self._tpu else "cpu"
        self.default_shapes = "large" if self._tpu else "tiny"
        self.timing_kind: Literal["device", "interpreted"] = "device" if self._tpu else "interpreted"
        self.limit_address_space = not self._tpu

    # ---- driver side -------------------------------------------------------------------------
    def availability(self) -> Availability:
        version = package_version("jax")
        if version is None or package_version("jaxlib") is None:
            return Availability(False, False, "jax is not installed (pip install 'kbench[tpu]')", "none")
        if self._tpu:
            return Availability(True, True, f"jax {version} on a TPU", "tpu")
        return Availability(
            True, True, f"jax {version}, no TPU: kernels run under the Pallas interpreter", "cpu (interpreted)"
        )

    def toolchain(self) -> dict[str, str]:
        info = super().toolchain()
        for pkg in ("jax", "jaxlib", "libtpu"):
            info[pkg] = package_version(pkg) or ""
        info["interpreted"] = str(not self._tpu)
        return info

    def worker_env(self) -> dict[str, str]:
        if self._tpu:
            return {}
        # no accelerator probing, and no JAX thread pool larger than the threads kbench grants
        return {"JAX_PLATFORMS": "cpu", "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false"}

    def instructions(self) -> str:
        return INSTRUCTIONS

    # ---- worker side -------------------------------------------------------------------------
    def setup_worker(self) -> None:
        """Import JAX before the candidate, and force the interpreter on every pallas_call without a TPU."""
        import jax  # noqa: F401
        import jax.experimental.pallas as pallas

        if self._tpu or getattr(pallas.pallas_call, "__kbench_interpret__", False):
            return
        real = pallas.pallas_call

        def interpreted(*args: Any, **kwargs: Any) -> Any:
            kwargs["interpret"] = True
            return real(*args, **kwargs)

        interpreted.__kbench_interpret__ = True  # type: ignore[attr-defined]
        interpreted.__wrapped__ = real  # type: ignore[attr-defined]
        pallas.pallas_call = interpreted
        os.environ.setdefault("JAX_PLATFORMS", "cpu")

    def wrap_model(self, model: Any) -> Any:
        return _Audited(model)

    def kernel_launches(self) -> int | None:
        return _launches

    def recorded_ops(self) -> dict[str, int]:
        found = dict(_ops)
        _ops.clear()
        return found

    def describe(self) -> dict[str, Any]:
        info = super().describe()
        info["jax"] = package_version("jax")
        info["jaxlib"] = package_version("jaxlib")
        info["interpreted"] = not self._tpu
        if self._tpu:
            import jax

            info["device_name"] = str(jax.devices()[0].device_kind)
        return info

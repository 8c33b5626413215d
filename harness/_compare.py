"""Comparing a candidate's raw outputs with the reference's, in the parent process."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

from .schema import Tolerance

PLAIN_TENSOR = "torch.Tensor"
#: the loosest a low-precision output is ever held to, whatever the task says (dtype-aware tolerance)
DTYPE_FLOOR = {torch.float16: 1e-2, torch.bfloat16: 2e-2, torch.float8_e4m3fn: 1e-1, torch.float8_e5m2: 2e-1}


def effective_tolerance(tol: Tolerance, ref: torch.Tensor) -> tuple[float, float]:
    """(atol, rtol) for one output: the task's values, at least the floor of the output's dtype; atol is
    relative to the output's RMS when that exceeds 1, so inputs rescaled by the trials (and long fp32
    reductions on larger values) are judged at the same relative precision."""
    floor = DTYPE_FLOOR.get(ref.dtype, 0.0)
    atol, rtol = max(tol.atol, floor), max(tol.rtol, floor)
    if ref.numel():
        rms = float(torch.linalg.vector_norm(ref, dtype=torch.float64)) / ref.numel() ** 0.5
        atol *= max(1.0, rms)
    return atol, rtol


@dataclass
class Comparison:
    ok: bool
    codes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    max_abs_error: float | None = None


def compare(
    outputs: list[Any],
    structure: dict[str, Any],
    refs: list[Any],
    ref_structure: dict[str, Any],
    tol: Tolerance,
    expected_device: str,
    label: str,
) -> Comparison:
    """Exact structure, type, shape, dtype and device; NaN/Inf never pass; values within tolerance."""
    res = Comparison(ok=True)

    def fail(code: str, reason: str) -> Comparison:
        res.ok = False
        if code not in res.codes:
            res.codes.append(code)
        res.reasons.append(f"{label}: {reason}")
        return res

    if structure.get("container") != ref_structure.get("container"):
        return fail(
            "type_mismatch",
            f"returned a {structure.get('container')}, the reference a {ref_structure.get('container')}",
        )
    if len(outputs) != len(refs):
        return fail("output_count_mismatch", f"{len(outputs)} outputs, the reference has {len(refs)}")
    worst = 0.0
    for k, (out, ref) in enumerate(zip(outputs, refs, strict=True)):
        name = f"output {k}" if len(refs) > 1 else "output"
        out_type = structure["types"][k]
        if out_type != PLAIN_TENSOR or not isinstance(out, torch.Tensor) or type(out) is not torch.Tensor:
            return fail("type_mismatch", f"{name} is a {out_type}, expected a plain torch.Tensor")
        device = structure["devices"][k].split(":")[0]
        if device != expected_device:
            return fail("device_mismatch", f"{name} is on {structure['devices'][k]}, expected {expected_device}")
        if tuple(out.shape) != tuple(ref.shape):
            return fail("shape_mismatch", f"{name} has shape {tuple(out.shape)}, expected {tuple(ref.shape)}")
        if out.dtype != ref.dtype:
            return fail("dtype_mismatch", f"{name} has dtype {out.dtype}, expected {ref.dtype}")
        if not (ref.is_floating_point() or ref.is_complex()):
            if not torch.equal(out, ref):
                bad = int((out != ref).sum())
                return fail("value_mismatch", f"{name}: {bad} of {ref.numel()} elements differ (exact match required)")
            continue
        if not bool(torch.isfinite(out).all()):  # one pass; which kind, only when there is one
            if bool(torch.isnan(out).any()):
                return fail("nan", f"{name} contains NaN ({int(torch.isnan(out).sum())} elements)")
            return fail("inf", f"{name} contains Inf ({int(torch.isinf(out).sum())} elements)")
        if ref.numel() == 0:
            continue
        if ref.is_complex():  # real and imaginary parts both count
            out, ref = torch.view_as_real(out.resolve_conj()), torch.view_as_real(ref.resolve_conj())
        atol, rtol = effective_tolerance(tol, ref)
        # |out - ref| <= atol + rtol * |ref|, computed in place (outputs can be large); in float32 where its
        # rounding (6e-8 relative) is far below the tolerance, else in float64
        wide = torch.float32 if min(tol.atol, tol.rtol) >= 1e-5 and ref.element_size() <= 4 else torch.float64
        err = out.to(wide, copy=True).sub_(ref).abs_()
        limit = ref.to(wide, copy=True).abs_().mul_(rtol).add_(atol)
        bad_mask = err > limit
        max_err = float(err.max())
        worst = max(worst, max_err)
        if bool(bad_mask.any()):
            flat = int(torch.argmax(err - limit))
            where = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), ref.shape)) if ref.dim() else ()
            res.max_abs_error = worst
            return fail(
                "value_mismatch",
                f"{name}: {int(bad_mask.sum())} of {ref.numel()} elements beyond atol={atol:.3g} rtol={rtol:.3g}; "
                f"max abs error {max_err:.3g}; worst at {where}: got {float(out.reshape(-1)[flat]):.6g}, "
                f"expected {float(ref.reshape(-1)[flat]):.6g}",
            )
    res.max_abs_error = worst
    return res

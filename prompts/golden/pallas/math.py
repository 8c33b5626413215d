# task: math/cumsum
import functools

import jax
import jax.numpy as jnp
import torch.nn as nn
from jax import lax
from jax.experimental import pallas as pl
from jax.experimental.pallas import tpu as pltpu

CHUNK = 128  # lanes per scan step (one vreg row)


def _round_up(n, m):
    return (n + m - 1) // m * m


def _two_sum(a, b):
    # s + err == a + b exactly (Knuth's TwoSum, valid for any magnitudes)
    s = a + b
    bb = s - a
    err = (a - (s - bb)) + (b - bb)
    return s, err


def cumsum_kernel(x_ref, o_ref):
    # (BM, Lp) tile: BM whole rows, scanned left to right in 128-lane chunks.
    # Inside a chunk: a Hillis-Steele scan (log2(128) = 7 shift-and-add steps on the lanes, pltpu.roll +
    # mask) carried in double-float form (sum, error) so that every prefix is accurate to ~1 ulp.
    # Across chunks: a per-row carry, also a compensated (hi, lo) pair. PyTorch accumulates cumsum in
    # double on the CPU: a plain float32 running sum would drift by ~sqrt(length) ulps on long rows.
    bm, lp = x_ref.shape
    lane = lax.broadcasted_iota(jnp.int32, (bm, CHUNK), 1)

    def body(j, carry):
        hi, lo = carry  # (BM, 1): sum of everything left of this chunk
        start = pl.multiple_of(j * CHUNK, CHUNK)
        s = x_ref[:, pl.ds(start, CHUNK)]
        e = jnp.zeros_like(s)
        shift = 1
        while shift < CHUNK:  # unrolled at trace time
            keep = lane >= shift
            s_in = jnp.where(keep, pltpu.roll(s, shift, 1), 0.0)
            e_in = jnp.where(keep, pltpu.roll(e, shift, 1), 0.0)
            s, err = _two_sum(s, s_in)
            e = e + e_in + err
            shift *= 2
        t, err = _two_sum(hi, s)
        o_ref[:, pl.ds(start, CHUNK)] = (t + ((err + lo) + e)).astype(o_ref.dtype)
        new_hi, err = _two_sum(hi, s[:, CHUNK - 1 :])
        return new_hi, lo + e[:, CHUNK - 1 :] + err

    zero = jnp.zeros((bm, 1), jnp.float32)
    lax.fori_loop(0, lp // CHUNK, body, (zero, zero))


@functools.partial(jax.jit, static_argnames=("block_bytes",))
def cumsum_last(x, block_bytes=1024 * 1024):
    rows, length = x.shape
    lp = _round_up(length, CHUNK)
    bm = max(8, min(256, block_bytes // (4 * lp)) // 8 * 8)
    bm = min(bm, _round_up(rows, 8))
    rp = _round_up(rows, bm)
    xp = jnp.pad(x, ((0, rp - rows), (0, lp - length)))  # trailing zeros only extend the (sliced-off) tail
    out = pl.pallas_call(
        cumsum_kernel,
        out_shape=jax.ShapeDtypeStruct((rp, lp), x.dtype),
        grid=(rp // bm,),
        in_specs=[pl.BlockSpec((bm, lp), lambda i: (i, 0))],
        out_specs=pl.BlockSpec((bm, lp), lambda i: (i, 0)),
    )(xp)
    return out[:rows, :length]


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        if x.ndim == 0:
            return cumsum_last(x.reshape(1, 1)).reshape(())
        dim = self.dim % x.ndim
        xt = jnp.moveaxis(x, dim, -1)  # a transpose (none for the last dim): the scan runs along the lanes
        moved = xt.shape
        out = cumsum_last(xt.reshape(-1, moved[-1])).reshape(moved)
        return jnp.moveaxis(out, -1, dim)

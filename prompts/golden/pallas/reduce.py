# task: reduce/sum_dim
import functools
import math

import jax
import jax.numpy as jnp
import torch.nn as nn
from jax import lax
from jax.experimental import pallas as pl
from jax.experimental.pallas import tpu as pltpu

SUB = 8  # sublanes per vreg


def _round_up(n, m):
    return (n + m - 1) // m * m


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def sum_middle_kernel(x_ref, o_ref, hi_ref, lo_ref):
    # x viewed as (outer, R, inner), reduced over R. grid (outer, inner tiles, R tiles); the R axis is last
    # ("arbitrary"): an (8, BI) compensated accumulator (hi + lo) in VMEM scratch collects the tile's rows
    # 8 at a time with plain vreg adds (TwoSum keeps long reductions accurate), and the last R step folds
    # the 8 sublanes into the (1, BI) output row.
    r = pl.program_id(2)

    @pl.when(r == 0)
    def _init():
        hi_ref[...] = jnp.zeros_like(hi_ref)
        lo_ref[...] = jnp.zeros_like(lo_ref)

    def body(g, carry):
        hi, lo = carry
        rows = x_ref[pl.ds(pl.multiple_of(g * SUB, SUB), SUB), :]
        hi, err = _two_sum(hi, rows)
        return hi, lo + err

    hi, lo = lax.fori_loop(0, x_ref.shape[0] // SUB, body, (hi_ref[...], lo_ref[...]))
    hi_ref[...] = hi
    lo_ref[...] = lo

    @pl.when(r == pl.num_programs(2) - 1)
    def _finish():
        o_ref[...] = (jnp.sum(hi, axis=0, keepdims=True) + jnp.sum(lo, axis=0, keepdims=True)).astype(o_ref.dtype)


@functools.partial(jax.jit, static_argnames=("br", "bi"))
def sum_middle(x, br=512, bi=512):
    outer, red, inner = x.shape
    br = min(br, _round_up(red, SUB))
    bi = min(bi, _round_up(inner, 128))
    rp, ip = _round_up(red, br), _round_up(inner, bi)
    xp = jnp.pad(x, ((0, 0), (0, rp - red), (0, ip - inner)))  # zeros: neutral for the sum
    out = pl.pallas_call(
        sum_middle_kernel,
        out_shape=jax.ShapeDtypeStruct((outer, 1, ip), x.dtype),
        grid=(outer, ip // bi, rp // br),
        in_specs=[pl.BlockSpec((None, br, bi), lambda o, i, r: (o, r, i))],
        out_specs=pl.BlockSpec((None, 1, bi), lambda o, i, r: (o, 0, i)),
        scratch_shapes=[pltpu.VMEM((SUB, bi), jnp.float32), pltpu.VMEM((SUB, bi), jnp.float32)],
    )(xp)
    return out[:, 0, :inner]


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        shape = x.shape
        dim = self.dim % x.ndim
        outer = math.prod(shape[:dim])
        red = shape[dim]
        inner = math.prod(shape[dim + 1 :])
        out_shape = shape[:dim] + shape[dim + 1 :]
        if inner == 1:
            # reducing the last dimension: transpose so that the reduced axis runs down the sublanes
            # and the kept axis along the lanes
            x3 = x.reshape(outer, red).T.reshape(1, red, outer)
        else:
            x3 = x.reshape(outer, red, inner)  # a free view: no data movement
        return sum_middle(x3).reshape(out_shape)

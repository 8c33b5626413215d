# task: generic/add
import functools

import jax
import jax.numpy as jnp
import torch.nn as nn
from jax.experimental import pallas as pl


def _round_up(n, m):
    return (n + m - 1) // m * m


def add_kernel(a_ref, b_ref, o_ref):
    # one (BM, BN) tile per grid step
    o_ref[...] = a_ref[...] + b_ref[...]


@functools.partial(jax.jit, static_argnames=("bm", "bn"))
def add_2d(a, b, bm=256, bn=512):
    m, n = a.shape
    # tiles: sublane dim a multiple of 8, lane dim a multiple of 128 (never larger than the padded array)
    bm = min(bm, _round_up(m, 8))
    bn = min(bn, _round_up(n, 128))
    mp, np_ = _round_up(m, bm), _round_up(n, bn)
    ap = jnp.pad(a, ((0, mp - m), (0, np_ - n)))
    bp = jnp.pad(b, ((0, mp - m), (0, np_ - n)))
    spec = pl.BlockSpec((bm, bn), lambda i, j: (i, j))
    out = pl.pallas_call(
        add_kernel,
        out_shape=jax.ShapeDtypeStruct((mp, np_), a.dtype),
        grid=(mp // bm, np_ // bn),
        in_specs=[spec, spec],
        out_specs=spec,
    )(ap, bp)
    return out[:m, :n]


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a, b):
        shape = a.shape
        cols = shape[-1] if a.ndim else 1
        out = add_2d(a.reshape(-1, cols), b.reshape(-1, cols))
        return out.reshape(shape)

# task: matmul/square_matmul
import functools

import jax
import jax.numpy as jnp
import torch.nn as nn
from jax import lax
from jax.experimental import pallas as pl


def _round_up(n, m):
    return (n + m - 1) // m * m


def matmul_kernel(a_ref, b_ref, o_ref):
    # grid (i, j, k): the (BM, BN) output tile stays resident across the k axis (its index map ignores k)
    # and doubles as the fp32 accumulator.
    @pl.when(pl.program_id(2) == 0)
    def _init():
        o_ref[...] = jnp.zeros_like(o_ref)

    o_ref[...] += jnp.dot(a_ref[...], b_ref[...], preferred_element_type=jnp.float32, precision=lax.Precision.HIGHEST)


@functools.partial(jax.jit, static_argnames=("bm", "bn", "bk"))
def matmul(a, b, bm=256, bn=256, bk=512):
    m, k = a.shape
    _, n = b.shape
    bm = min(bm, _round_up(m, 8))
    bn = min(bn, _round_up(n, 128))
    bk = min(bk, _round_up(k, 128))
    mp, np_, kp = _round_up(m, bm), _round_up(n, bn), _round_up(k, bk)
    # zero padding along k adds nothing to the dot products; padded rows/columns are sliced off
    ap = jnp.pad(a, ((0, mp - m), (0, kp - k)))
    bp = jnp.pad(b, ((0, kp - k), (0, np_ - n)))
    out = pl.pallas_call(
        matmul_kernel,
        out_shape=jax.ShapeDtypeStruct((mp, np_), jnp.float32),
        grid=(mp // bm, np_ // bn, kp // bk),
        in_specs=[
            pl.BlockSpec((bm, bk), lambda i, j, kk: (i, kk)),
            pl.BlockSpec((bk, bn), lambda i, j, kk: (kk, j)),
        ],
        out_specs=pl.BlockSpec((bm, bn), lambda i, j, kk: (i, j)),
    )(ap, bp)
    return out[:m, :n]


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A, B):
        return matmul(A, B)

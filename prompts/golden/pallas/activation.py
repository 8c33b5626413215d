# task: activation/gelu_tanh
import functools
import math

import jax
import jax.numpy as jnp
import torch.nn as nn
from jax.experimental import pallas as pl

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_KAPPA = 0.044715


def _round_up(n, m):
    return (n + m - 1) // m * m


def gelu_tanh_kernel(x_ref, o_ref):
    # 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))), the formula PyTorch uses for approximate="tanh"
    x = x_ref[...]
    inner = _SQRT_2_OVER_PI * (x + _KAPPA * x * x * x)
    o_ref[...] = 0.5 * x * (1.0 + jnp.tanh(inner))


@functools.partial(jax.jit, static_argnames=("bm", "bn"))
def gelu_tanh_2d(x, bm=256, bn=1024):
    m, n = x.shape
    bm = min(bm, _round_up(m, 8))  # sublane tile: multiple of 8
    bn = min(bn, _round_up(n, 128))  # lane tile: multiple of 128
    mp, np_ = _round_up(m, bm), _round_up(n, bn)
    xp = jnp.pad(x, ((0, mp - m), (0, np_ - n)))  # gelu(0) = 0: the padding is harmless and sliced off
    spec = pl.BlockSpec((bm, bn), lambda i, j: (i, j))
    out = pl.pallas_call(
        gelu_tanh_kernel,
        out_shape=jax.ShapeDtypeStruct((mp, np_), x.dtype),
        grid=(mp // bm, np_ // bn),
        in_specs=[spec],
        out_specs=spec,
    )(xp)
    return out[:m, :n]


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        shape = x.shape
        cols = shape[-1] if x.ndim else 1
        return gelu_tanh_2d(x.reshape(-1, cols)).reshape(shape)

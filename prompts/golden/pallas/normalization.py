# task: normalization/layer_norm
import functools

import jax
import jax.numpy as jnp
import torch
import torch.nn as nn
from jax import lax
from jax.experimental import pallas as pl


def _round_up(n, m):
    return (n + m - 1) // m * m


def layer_norm_kernel(x_ref, w_ref, b_ref, o_ref, *, hidden, eps):
    # (BM, Hp) tile: BM rows, each normalised over its first `hidden` lanes (the zero padding beyond is
    # masked out of the variance). Biased variance, like nn.LayerNorm.
    x = x_ref[...]
    inv_n = 1.0 / hidden
    mean = jnp.sum(x, axis=1, keepdims=True) * inv_n
    col = lax.broadcasted_iota(jnp.int32, x.shape, 1)
    xc = jnp.where(col < hidden, x - mean, 0.0)
    var = jnp.sum(xc * xc, axis=1, keepdims=True) * inv_n
    rstd = lax.rsqrt(var + eps)
    o_ref[...] = xc * rstd * w_ref[...] + b_ref[...]


@functools.partial(jax.jit, static_argnames=("eps", "block_bytes"))
def layer_norm(x, w, b, eps, block_bytes=2 * 1024 * 1024):
    rows, hidden = x.shape
    hp = _round_up(hidden, 128)
    # rows per tile: a multiple of 8, about block_bytes of input per step
    bm = max(8, min(512, block_bytes // (4 * hp)) // 8 * 8)
    bm = min(bm, _round_up(rows, 8))
    rp = _round_up(rows, bm)
    xp = jnp.pad(x, ((0, rp - rows), (0, hp - hidden)))
    wp = jnp.pad(w, (0, hp - hidden)).reshape(1, hp)
    bp = jnp.pad(b, (0, hp - hidden)).reshape(1, hp)
    out = pl.pallas_call(
        functools.partial(layer_norm_kernel, hidden=hidden, eps=eps),
        out_shape=jax.ShapeDtypeStruct((rp, hp), x.dtype),
        grid=(rp // bm,),
        in_specs=[
            pl.BlockSpec((bm, hp), lambda i: (i, 0)),
            pl.BlockSpec((1, hp), lambda i: (0, 0)),
            pl.BlockSpec((1, hp), lambda i: (0, 0)),
        ],
        out_specs=pl.BlockSpec((bm, hp), lambda i: (i, 0)),
    )(xp, wp, bp)
    return out[:rows, :hidden]


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float = 1e-5):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps, elementwise_affine=True)
        # Non-trivial affine parameters, so that the output really depends on them.
        with torch.no_grad():
            self.ln.weight.normal_(1.0, 0.2)
            self.ln.bias.normal_(0.0, 0.2)

    def forward(self, x):
        w = jnp.asarray(self.ln.weight.detach().cpu().numpy())
        b = jnp.asarray(self.ln.bias.detach().cpu().numpy())
        shape = x.shape
        out = layer_norm(x.reshape(-1, shape[-1]), w, b, eps=float(self.ln.eps))
        return out.reshape(shape)

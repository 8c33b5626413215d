# task: broadcast/channel_affine
import functools

import jax
import jax.numpy as jnp
import torch
import torch.nn as nn
from jax.experimental import pallas as pl


def _round_up(n, m):
    return (n + m - 1) // m * m


def channel_affine_kernel(x_ref, scale_ref, shift_ref, o_ref):
    # x tile (BM, BN): BM (batch, channel) planes, BN spatial positions; scale/shift tiles (BM, 1)
    # hold each plane's channel coefficients and broadcast along the lanes.
    o_ref[...] = x_ref[...] * scale_ref[...] + shift_ref[...]


@functools.partial(jax.jit, static_argnames=("bm", "bn"))
def channel_affine(x, scale, shift, bm=64, bn=2048):
    n, c, h, w = x.shape
    rows, cols = n * c, h * w
    x2 = x.reshape(rows, cols)
    # per-row coefficients: channel c of every batch element (pure broadcast + reshape)
    s2 = jnp.broadcast_to(scale[None, :], (n, c)).reshape(rows, 1)
    b2 = jnp.broadcast_to(shift[None, :], (n, c)).reshape(rows, 1)
    bm = min(bm, _round_up(rows, 8))
    bn = min(bn, _round_up(cols, 128))
    rp, cp = _round_up(rows, bm), _round_up(cols, bn)
    x2 = jnp.pad(x2, ((0, rp - rows), (0, cp - cols)))
    s2 = jnp.pad(s2, ((0, rp - rows), (0, 0)))
    b2 = jnp.pad(b2, ((0, rp - rows), (0, 0)))
    xspec = pl.BlockSpec((bm, bn), lambda i, j: (i, j))
    cspec = pl.BlockSpec((bm, 1), lambda i, j: (i, 0))
    out = pl.pallas_call(
        channel_affine_kernel,
        out_shape=jax.ShapeDtypeStruct((rp, cp), x.dtype),
        grid=(rp // bm, cp // bn),
        in_specs=[xspec, cspec, cspec],
        out_specs=xspec,
    )(x2, s2, b2)
    return out[:rows, :cols].reshape(n, c, h, w)


class ModelNew(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(channels))
        self.shift = nn.Parameter(torch.randn(channels))

    def forward(self, x):
        scale = jnp.asarray(self.scale.detach().cpu().numpy())
        shift = jnp.asarray(self.shift.detach().cpu().numpy())
        return channel_affine(x, scale, shift)

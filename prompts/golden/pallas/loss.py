# task: loss/cross_entropy
import functools

import jax
import jax.numpy as jnp
import torch.nn as nn
from jax import lax
from jax.experimental import pallas as pl

IGNORE_INDEX = -100  # F.cross_entropy's default: such targets count neither in the sum nor in the mean


def _round_up(n, m):
    return (n + m - 1) // m * m


def cross_entropy_kernel(x_ref, t_ref, loss_ref, count_ref, *, batch, num_classes):
    # grid over row tiles ("arbitrary": the (1, 1) outputs stay resident and accumulate across steps).
    # Per row: stable log-sum-exp over the real classes minus the target's logit, picked with an
    # iota == target mask. The last step turns the sum into the mean over counted rows.
    i = pl.program_id(0)

    @pl.when(i == 0)
    def _init():
        loss_ref[...] = jnp.zeros_like(loss_ref)
        count_ref[...] = jnp.zeros_like(count_ref)

    x = x_ref[...]  # (BM, Cp)
    t = t_ref[...]  # (BM, 1) int32
    col = lax.broadcasted_iota(jnp.int32, x.shape, 1)
    x = jnp.where(col < num_classes, x, -jnp.inf)  # padded classes take no part in the softmax
    m = jnp.max(x, axis=1, keepdims=True)
    lse = m + jnp.log(jnp.sum(jnp.exp(x - m), axis=1, keepdims=True))
    target_logit = jnp.sum(jnp.where(col == t, x_ref[...], 0.0), axis=1, keepdims=True)
    row = i * x.shape[0] + lax.broadcasted_iota(jnp.int32, t.shape, 0)
    valid = (row < batch) & (t != IGNORE_INDEX)
    per_row = jnp.where(valid, lse - target_logit, 0.0)
    loss_ref[...] += jnp.sum(per_row, axis=0, keepdims=True)
    count_ref[...] += jnp.sum(valid.astype(jnp.float32), axis=0, keepdims=True)

    @pl.when(i == pl.num_programs(0) - 1)
    def _finish():
        loss_ref[...] = loss_ref[...] / count_ref[...]


@functools.partial(jax.jit, static_argnames=("block_bytes",))
def cross_entropy(logits, targets, block_bytes=2 * 1024 * 1024):
    b, c = logits.shape
    cp = _round_up(c, 128)
    bm = max(8, min(512, block_bytes // (4 * cp)) // 8 * 8)
    bm = min(bm, _round_up(b, 8))
    bp = _round_up(b, bm)
    x = jnp.pad(logits, ((0, bp - b), (0, cp - c)))
    t = jnp.pad(targets.astype(jnp.int32), (0, bp - b)).reshape(bp, 1)
    scalar_spec = pl.BlockSpec((1, 1), lambda i: (0, 0))
    loss, _ = pl.pallas_call(
        functools.partial(cross_entropy_kernel, batch=b, num_classes=c),
        out_shape=(jax.ShapeDtypeStruct((1, 1), jnp.float32), jax.ShapeDtypeStruct((1, 1), jnp.float32)),
        grid=(bp // bm,),
        in_specs=[pl.BlockSpec((bm, cp), lambda i: (i, 0)), pl.BlockSpec((bm, 1), lambda i: (i, 0))],
        out_specs=(scalar_spec, scalar_spec),
    )(x, t)
    return loss.reshape(())


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, logits, targets):
        return cross_entropy(logits, targets)

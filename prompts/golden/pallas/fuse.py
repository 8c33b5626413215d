# task: fuse/linear_scale_residual_relu
import functools

import jax
import jax.numpy as jnp
import torch.nn as nn
from jax import lax
from jax.experimental import pallas as pl


def _round_up(n, m):
    return (n + m - 1) // m * m


def linear_scale_residual_relu_kernel(x_ref, w_ref, b_ref, r_ref, o_ref, *, scale):
    # out = relu((x @ w^T + b) * scale + x) in one kernel. grid (i, j, k): the output tile accumulates
    # x[i, k] @ w[j, k]^T across k (w stays in nn.Linear's (out, in) layout: an "NT" matmul), and the
    # epilogue on the last k step adds the bias, scales, adds the residual tile x[i, j] and applies ReLU.
    kk = pl.program_id(2)

    @pl.when(kk == 0)
    def _init():
        o_ref[...] = jnp.zeros_like(o_ref)

    o_ref[...] += lax.dot_general(
        x_ref[...],
        w_ref[...],
        (((1,), (1,)), ((), ())),
        preferred_element_type=jnp.float32,
        precision=lax.Precision.HIGHEST,
    )

    @pl.when(kk == pl.num_programs(2) - 1)
    def _epilogue():
        y = (o_ref[...] + b_ref[...]) * scale
        o_ref[...] = jnp.maximum(y + r_ref[...], 0.0)


@functools.partial(jax.jit, static_argnames=("scale", "bm", "bf"))
def linear_scale_residual_relu(x, w, b, scale, bm=256, bf=512):
    m, f = x.shape  # square layer: w is (f, f)
    bm = min(bm, _round_up(m, 8))
    bf = min(bf, _round_up(f, 128))  # one tile size for both the k and n axes: the residual reuses x's padding
    mp, fp = _round_up(m, bm), _round_up(f, bf)
    xp = jnp.pad(x, ((0, mp - m), (0, fp - f)))
    wp = jnp.pad(w, ((0, fp - f), (0, fp - f)))
    bp = jnp.pad(b, (0, fp - f)).reshape(1, fp)
    out = pl.pallas_call(
        functools.partial(linear_scale_residual_relu_kernel, scale=scale),
        out_shape=jax.ShapeDtypeStruct((mp, fp), jnp.float32),
        grid=(mp // bm, fp // bf, fp // bf),
        in_specs=[
            pl.BlockSpec((bm, bf), lambda i, j, k: (i, k)),  # x, as the matmul's left operand
            pl.BlockSpec((bf, bf), lambda i, j, k: (j, k)),  # w rows j (output features), columns k
            pl.BlockSpec((1, bf), lambda i, j, k: (0, j)),  # bias
            pl.BlockSpec((bm, bf), lambda i, j, k: (i, j)),  # x again, as the residual
        ],
        out_specs=pl.BlockSpec((bm, bf), lambda i, j, k: (i, j)),
    )(xp, wp, bp, xp)
    return out[:m, :f]


class ModelNew(nn.Module):
    def __init__(self, features: int, scaling_factor: float):
        super().__init__()
        self.linear = nn.Linear(features, features)
        self.scaling_factor = scaling_factor

    def forward(self, x):
        w = jnp.asarray(self.linear.weight.detach().cpu().numpy())
        b = jnp.asarray(self.linear.bias.detach().cpu().numpy())
        return linear_scale_residual_relu(x, w, b, float(self.scaling_factor))

# An honest Pallas kernel for tests/tasks/ok/scale_add.py (runs under the Pallas interpreter without a TPU).
import jax
import jax.numpy as jnp
import torch.nn as nn
from jax.experimental import pallas as pl

BLOCK = 1024


def scale_add_kernel(x_ref, y_ref, o_ref):
    o_ref[...] = 2.0 * x_ref[...] + y_ref[...]


@jax.jit
def scale_add(x, y):
    n = x.shape[0]
    padded = pl.cdiv(n, BLOCK) * BLOCK
    xp = jnp.pad(x, (0, padded - n))
    yp = jnp.pad(y, (0, padded - n))
    spec = pl.BlockSpec((BLOCK,), lambda i: (i,))
    out = pl.pallas_call(
        scale_add_kernel,
        out_shape=jax.ShapeDtypeStruct((padded,), x.dtype),
        grid=(padded // BLOCK,),
        in_specs=[spec, spec],
        out_specs=spec,
    )(xp, yp)
    return out[:n]


class ModelNew(nn.Module):
    def forward(self, x, y):
        return scale_add(x, y)

# task: index/embedding_lookup
import jax
import jax.numpy as jnp
import torch.nn as nn
from jax.experimental import pallas as pl
from jax.experimental.pallas import tpu as pltpu

ROWS = 32  # ids gathered per grid step (the sublanes of one output tile: a multiple of 8)


def embedding_kernel(ids_ref, table_hbm, o_ref, sems):
    # ids_ref: all ids, scalar-prefetched into SMEM. table_hbm: the whole table, left in HBM (pl.ANY).
    # Each grid step gathers ROWS table rows straight into its (ROWS, dim) VMEM output tile with ROWS
    # concurrent row DMAs (all started, then all awaited); the pipeline writes the tile back.
    base = pl.program_id(0) * ROWS
    copies = [
        pltpu.make_async_copy(table_hbm.at[pl.ds(ids_ref[base + r], 1), :], o_ref.at[pl.ds(r, 1), :], sems.at[r])
        for r in range(ROWS)
    ]
    for cp in copies:
        cp.start()
    for cp in copies:
        cp.wait()


@jax.jit
def embedding_lookup(ids, table):
    num, dim = table.shape
    flat = ids.reshape(-1).astype(jnp.int32)
    n = flat.shape[0]
    np_ = -(-n // ROWS) * ROWS
    flat = jnp.pad(flat, (0, np_ - n))  # padding ids gather row 0; those rows are sliced off
    out = pl.pallas_call(
        embedding_kernel,
        out_shape=jax.ShapeDtypeStruct((np_, dim), table.dtype),
        grid_spec=pltpu.PrefetchScalarGridSpec(
            num_scalar_prefetch=1,
            grid=(np_ // ROWS,),
            in_specs=[pl.BlockSpec(memory_space=pl.ANY)],
            out_specs=pl.BlockSpec((ROWS, dim), lambda i, ids_ref: (i, 0)),
            scratch_shapes=[pltpu.SemaphoreType.DMA((ROWS,))],
        ),
    )(flat, table)
    return out[:n].reshape(*ids.shape, dim)


class ModelNew(nn.Module):
    def __init__(self, num_embeddings: int, embedding_dim: int):
        super().__init__()
        self.embedding = nn.Embedding(num_embeddings, embedding_dim)

    def forward(self, ids):
        table = jnp.asarray(self.embedding.weight.detach().cpu().numpy())
        return embedding_lookup(ids, table)

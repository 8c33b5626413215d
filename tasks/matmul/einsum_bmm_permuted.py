"""Batched matmul einsum('bij,bjk->bik') whose first operand arrives sequence-first as (seq, batch, dim_in) and is permuted to batch-first."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"seq_len": 12, "batch_size": 2, "dim_in": 16, "dim_out": 10},
        "small": {"seq_len": 256, "batch_size": 8, "dim_in": 128, "dim_out": 192},
        "large": {"seq_len": 2048, "batch_size": 32, "dim_in": 1024, "dim_out": 1024},
    },
}

seq_len = 256
batch_size = 8
dim_in = 128
dim_out = 192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        # A: (seq, batch, dim_in), B: (batch, dim_in, dim_out) -> (batch, seq, dim_out)
        return torch.einsum("bij,bjk->bik", A.permute(1, 0, 2), B)


def get_inputs():
    A = torch.randn(seq_len, batch_size, dim_in)
    B = torch.randn(batch_size, dim_in, dim_out)
    return [A, B]


def get_init_inputs():
    return []

"""Weighted gather-sum: out[b] = sum_k w[b, k] * table[idx[b, k]] for a (rows, dim) table input and (batch, K) int64 ids."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "ids_per_row": 5, "table_rows": 40, "dim": 16},
        "small": {"batch_size": 256, "ids_per_row": 16, "table_rows": 16384, "dim": 256},
        "large": {"batch_size": 65536, "ids_per_row": 32, "table_rows": 1048576, "dim": 256},
    },
}

batch_size = 256
ids_per_row = 16
table_rows = 16384
dim = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, table: torch.Tensor, idx: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        return torch.sum(table[idx] * w.unsqueeze(-1), dim=1)


def get_inputs():
    table = torch.randn(table_rows, dim)
    idx = torch.randint(0, table_rows, (batch_size, ids_per_row), dtype=torch.int64)
    w = torch.randn(batch_size, ids_per_row)
    return [table, idx, w]


def get_init_inputs():
    return []

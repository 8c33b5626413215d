"""Column selection: torch.index_select(x, 1, idx) on a 2-D tensor with a 1-D int64 index (repeats allowed)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"rows": 16, "cols": 80, "num_idx": 50},
        "small": {"rows": 1024, "cols": 4096, "num_idx": 2048},
        "large": {"rows": 32768, "cols": 16384, "num_idx": 8192},
    },
}

rows = 1024
cols = 4096
num_idx = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        return torch.index_select(x, 1, idx)


def get_inputs():
    x = torch.randn(rows, cols)
    idx = torch.randint(0, cols, (num_idx,), dtype=torch.int64)
    return [x, idx]


def get_init_inputs():
    return []

"""Mean-only centring over the last dim of a (batch, seq, hidden) tensor: x - mean(x, dim=-1) (no variance scaling)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 5, "hidden": 96},
        "small": {"batch_size": 16, "seq_len": 256, "hidden": 1024},
        "large": {"batch_size": 16, "seq_len": 4096, "hidden": 8192},
    },
}

batch_size = 16
seq_len = 256
hidden = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x - x.mean(dim=-1, keepdim=True)


def get_inputs():
    return [torch.randn(batch_size, seq_len, hidden) + 0.5]


def get_init_inputs():
    return []

"""Mean of squares (x**2 averaged) of a 3-D tensor over its last dimension, keepdim=False (no square root)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 24, "hidden": 80},
        "small": {"batch_size": 8, "seq_len": 1024, "hidden": 512},
        "large": {"batch_size": 32, "seq_len": 4096, "hidden": 8192},
    },
}

batch_size = 8
seq_len = 1024
hidden = 512


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.mean(x * x, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, seq_len, hidden)]


def get_init_inputs():
    return []

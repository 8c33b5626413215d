"""Log-sum-exp of each row of a 2-D tensor over the last dimension (numerically stable torch.logsumexp)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 120},
        "small": {"batch_size": 2048, "dim": 2048},
        "large": {"batch_size": 32768, "dim": 32768},
    },
}

batch_size = 2048
dim = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.logsumexp(x, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim) * 3.0]


def get_init_inputs():
    return []

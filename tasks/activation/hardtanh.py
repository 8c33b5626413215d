"""HardTanh, clamp(x, -1, 1), applied elementwise to a 2-D tensor."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/32_HardTanh.py",
    "tolerance": {"atol": 1e-6, "rtol": 1e-6},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 512},
        "small": {"batch_size": 64, "dim": 16384},
        "large": {"batch_size": 4096, "dim": 393216},
    },
}

batch_size = 64
dim = 16384
min_val = -1.0
max_val = 1.0


class Model(nn.Module):
    def __init__(self, min_val: float = -1.0, max_val: float = 1.0):
        super().__init__()
        self.min_val = min_val
        self.max_val = max_val

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.hardtanh(x, min_val=self.min_val, max_val=self.max_val)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [min_val, max_val]

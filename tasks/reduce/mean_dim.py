"""Mean of a 3-D tensor over its middle dimension (keepdim=False)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/48_Mean_reduction_over_a_dimension.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "dim1": 33, "dim2": 25},
        "small": {"batch_size": 32, "dim1": 1024, "dim2": 256},
        "large": {"batch_size": 128, "dim1": 4096, "dim2": 4095},
    },
}

batch_size = 32
dim1 = 1024
dim2 = 256
reduce_dim = 1


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.mean(x, dim=self.dim)


def get_inputs():
    return [torch.randn(batch_size, dim1, dim2)]


def get_init_inputs():
    return [reduce_dim]

"""Index of the maximum of a 3-D tensor over its middle dimension (torch.argmax, dim=1, int64 output)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/51_Argmax_over_a_dimension.py",
    "shapes": {
        "tiny": {"batch_size": 4, "dim1": 37, "dim2": 19},
        "small": {"batch_size": 32, "dim1": 256, "dim2": 512},
        "large": {"batch_size": 128, "dim1": 4096, "dim2": 4095},
    },
}

batch_size = 32
dim1 = 256
dim2 = 512
reduce_dim = 1


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.argmax(x, dim=self.dim)


def get_inputs():
    return [torch.randn(batch_size, dim1, dim2)]


def get_init_inputs():
    return [reduce_dim]

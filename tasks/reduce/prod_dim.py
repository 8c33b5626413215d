"""Product of a 3-D tensor over its short middle dimension (torch.prod, dim=1, 16 factors, keepdim=False)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/reduce/product_reduction_over_a_dimension",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "dim1": 16, "dim2": 64},
        "small": {"batch_size": 128, "dim1": 16, "dim2": 4096},
        "large": {"batch_size": 4096, "dim1": 16, "dim2": 16384},
    },
}

batch_size = 128
dim1 = 16
dim2 = 4096
reduce_dim = 1


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.prod(x, dim=self.dim)


def get_inputs():
    # factors in [0.5, 1.5): the product of 16 of them stays well inside float32 range
    return [torch.rand(batch_size, dim1, dim2) + 0.5]


def get_init_inputs():
    return [reduce_dim]

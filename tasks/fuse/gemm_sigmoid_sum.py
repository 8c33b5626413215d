"""Linear layer (with bias), elementwise sigmoid, then a sum over the feature dimension (keepdim): (B, in) -> (B, 1)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "KernelBench",
    "mirrors": "KernelBench/level2/56_Matmul_Sigmoid_Sum.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "input_size": 64, "hidden_size": 48},
        "small": {"batch_size": 128, "input_size": 2048, "hidden_size": 2048},
        "large": {"batch_size": 1024, "input_size": 8192, "hidden_size": 8192},
    },
}

batch_size = 128
input_size = 2048
hidden_size = 2048


class Model(nn.Module):
    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        self.linear = nn.Linear(input_size, hidden_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.linear(x)).sum(dim=1, keepdim=True)


def get_inputs():
    return [torch.randn(batch_size, input_size)]


def get_init_inputs():
    return [input_size, hidden_size]

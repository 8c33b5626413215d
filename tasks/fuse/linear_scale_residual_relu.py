"""A square Linear layer whose output is scaled, added to the layer's own input (residual) and passed through ReLU."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "KernelBench",
    "mirrors": "KernelBench/level2/40_Matmul_Scaling_ResidualAdd.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "features": 72},
        "small": {"batch_size": 128, "features": 1024},
        "large": {"batch_size": 2048, "features": 8192},
    },
}

batch_size = 128
features = 1024
scaling_factor = 0.5


class Model(nn.Module):
    def __init__(self, features: int, scaling_factor: float):
        super().__init__()
        self.linear = nn.Linear(features, features)
        self.scaling_factor = scaling_factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x) * self.scaling_factor
        return torch.relu(y + x)


def get_inputs():
    return [torch.randn(batch_size, features)]


def get_init_inputs():
    return [features, scaling_factor]

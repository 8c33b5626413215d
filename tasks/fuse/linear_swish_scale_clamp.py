"""Linear layer (with bias), Swish (x * sigmoid(x)), multiplication by a constant scale, then clamp to [-clamp_value, clamp_value]."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "in_features": 64, "out_features": 80},
        "small": {"batch_size": 128, "in_features": 1024, "out_features": 2048},
        "large": {"batch_size": 2048, "in_features": 8192, "out_features": 8192},
    },
}

batch_size = 128
in_features = 1024
out_features = 2048
scale = 2.0
clamp_value = 1.0


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int, scale: float, clamp_value: float):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)
        self.scale = scale
        self.clamp_value = clamp_value

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x)
        y = y * torch.sigmoid(y) * self.scale
        return torch.clamp(y, -self.clamp_value, self.clamp_value)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features, scale, clamp_value]

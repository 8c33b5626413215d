"""Linear layer (with bias), LeakyReLU (slope 0.1), then logsumexp within contiguous groups of output features: (B, in) -> (B, out / group_size)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "in_features": 48, "out_features": 64},
        "small": {"batch_size": 256, "in_features": 1024, "out_features": 2048},
        "large": {"batch_size": 4096, "in_features": 8192, "out_features": 8192},
    },
}

batch_size = 256
in_features = 1024
out_features = 2048
group_size = 16
negative_slope = 0.1


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int, group_size: int, negative_slope: float):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)
        self.group_size = group_size
        self.negative_slope = negative_slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.leaky_relu(self.linear(x), self.negative_slope)
        y = y.view(y.shape[0], -1, self.group_size)
        return torch.logsumexp(y, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features, group_size, negative_slope]

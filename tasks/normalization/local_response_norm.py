"""Local response normalisation across channels (AlexNet LRN): x / (k + alpha/n * sum of x^2 over n=5 neighbouring channels)^beta."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "height": 7, "width": 9},
        "small": {"batch_size": 2, "channels": 96, "height": 55, "width": 55},
        "large": {"batch_size": 128, "channels": 96, "height": 55, "width": 55},
    },
}

batch_size = 2
channels = 96
height = 55
width = 55
size = 5
alpha = 0.5
beta = 0.75
k = 1.0


class Model(nn.Module):
    def __init__(self, size: int, alpha: float, beta: float, k: float):
        super().__init__()
        self.lrn = nn.LocalResponseNorm(size, alpha=alpha, beta=beta, k=k)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lrn(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [size, alpha, beta, k]

"""RMS normalisation over the channel dim of a (batch, features, d1, d2) tensor, x / sqrt(mean(x^2, dim=1) + eps), no learned scale."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/36_RMSNorm_.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "features": 8, "dim1": 9, "dim2": 10},
        "small": {"batch_size": 16, "features": 64, "dim1": 32, "dim2": 32},
        "large": {"batch_size": 64, "features": 64, "dim1": 512, "dim2": 512},
    },
}

batch_size = 16
features = 64
dim1 = 32
dim2 = 32


class Model(nn.Module):
    def __init__(self, features: int, eps: float = 1e-5):
        super().__init__()
        self.features = features
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rms = torch.sqrt(torch.mean(x * x, dim=1, keepdim=True) + self.eps)
        return x / rms


def get_inputs():
    return [torch.randn(batch_size, features, dim1, dim2)]


def get_init_inputs():
    return [features]

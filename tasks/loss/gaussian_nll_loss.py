"""Gaussian negative log-likelihood with per-element positive variances (full=False, eps=1e-6), reduction='mean'."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "positive",
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 128},
        "small": {"batch_size": 2048, "dim": 512},
        "large": {"batch_size": 65536, "dim": 16384},
    },
}

batch_size = 2048
dim = 512


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, mean: torch.Tensor, target: torch.Tensor, var: torch.Tensor) -> torch.Tensor:
        return nn.functional.gaussian_nll_loss(mean, target, var, full=False, eps=1e-6, reduction="mean")


def get_inputs():
    mean = torch.randn(batch_size, dim)
    var = torch.rand(batch_size, dim) * 2.0 + 0.1  # strictly positive variances
    target = mean + var.sqrt() * torch.randn(batch_size, dim)  # residuals on the scale the variances say
    return [mean, target, var]


def get_init_inputs():
    return []

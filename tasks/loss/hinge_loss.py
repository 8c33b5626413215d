"""Binary hinge loss: mean(clamp(1 - predictions * targets, min=0)) with targets in {-1, +1} of the same 2-D shape."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/100_HingeLoss.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 128},
        "small": {"batch_size": 128, "dim": 16384},
        "large": {"batch_size": 32768, "dim": 32768},
    },
}

batch_size = 128
dim = 16384


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, predictions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return torch.mean(torch.clamp(1.0 - predictions * targets, min=0.0))


def get_inputs():
    targets = torch.randint(0, 2, (batch_size, dim)).float() * 2.0 - 1.0
    predictions = 0.5 * targets + torch.randn(batch_size, dim)  # scores correlated with the labels
    return [predictions, targets]


def get_init_inputs():
    return []

"""Smooth L1 loss (beta=1: 0.5*d**2 if |d| < 1 else |d| - 0.5) between predictions and targets, reduction='mean'."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/96_HuberLoss.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 128},
        "small": {"batch_size": 256, "dim": 16384},
        "large": {"batch_size": 32768, "dim": 32768},
    },
}

batch_size = 256
dim = 16384


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, predictions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return nn.functional.smooth_l1_loss(predictions, targets, reduction="mean", beta=1.0)


def get_inputs():
    predictions = torch.randn(batch_size, dim)
    targets = predictions + 0.5 * torch.randn(batch_size, dim)  # targets near the predictions
    return [predictions, targets]


def get_init_inputs():
    return []

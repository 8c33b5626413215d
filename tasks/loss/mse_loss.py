"""Mean squared error between predictions and targets of the same 2-D shape (reduction='mean', a 0-dim result)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/94_MSELoss.py",
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
        return nn.functional.mse_loss(predictions, targets, reduction="mean")


def get_inputs():
    predictions = torch.randn(batch_size, dim)
    targets = predictions + 0.5 * torch.randn(batch_size, dim)  # targets near the predictions
    return [predictions, targets]


def get_init_inputs():
    return []

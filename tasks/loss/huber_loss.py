"""Huber loss with delta=1.5 (0.5*d**2 if |d| <= delta else delta*(|d| - 0.5*delta)), reduction='mean'."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 128},
        "small": {"batch_size": 4096, "dim": 1024},
        "large": {"batch_size": 32768, "dim": 32768},
    },
}

batch_size = 4096
dim = 1024
delta = 1.5


class Model(nn.Module):
    def __init__(self, delta: float):
        super().__init__()
        self.delta = delta

    def forward(self, predictions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return nn.functional.huber_loss(predictions, targets, reduction="mean", delta=self.delta)


def get_inputs():
    predictions = torch.randn(batch_size, dim)
    targets = predictions + 1.5 * torch.randn(batch_size, dim)  # targets near the predictions
    return [predictions, targets]


def get_init_inputs():
    return [delta]

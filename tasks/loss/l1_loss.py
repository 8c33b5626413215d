"""Mean absolute error (L1 loss) between predictions and targets of the same 2-D shape (reduction='mean')."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 128},
        "small": {"batch_size": 2048, "dim": 1024},
        "large": {"batch_size": 32768, "dim": 32768},
    },
}

batch_size = 2048
dim = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, predictions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return nn.functional.l1_loss(predictions, targets, reduction="mean")


def get_inputs():
    predictions = torch.randn(batch_size, dim)
    targets = predictions + 0.5 * torch.randn(batch_size, dim)  # targets near the predictions
    return [predictions, targets]


def get_init_inputs():
    return []

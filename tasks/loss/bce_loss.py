"""Binary cross-entropy of probabilities in (0, 1) against {0, 1} float targets (F.binary_cross_entropy, reduction='mean')."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"batch_size": 16, "num_labels": 128},
        "small": {"batch_size": 1024, "num_labels": 1024},
        "large": {"batch_size": 65536, "num_labels": 16384},
    },
}

batch_size = 1024
num_labels = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return nn.functional.binary_cross_entropy(probs, targets, reduction="mean")


def get_inputs():
    targets = (torch.rand(batch_size, num_labels) < 0.5).float()
    # strictly inside (0, 1), correlated with the labels
    probs = torch.sigmoid(2.0 * targets - 1.0 + torch.randn(batch_size, num_labels))
    return [probs, targets]


def get_init_inputs():
    return []

"""Binary cross-entropy with logits and a learned per-class positive weight (pos_weight), {0, 1} targets, reduction='mean'."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"batch_size": 16, "num_labels": 64},
        "small": {"batch_size": 2048, "num_labels": 1024},
        "large": {"batch_size": 65536, "num_labels": 16384},
    },
}

batch_size = 2048
num_labels = 1024


class Model(nn.Module):
    def __init__(self, num_labels: int):
        super().__init__()
        # a positive weight per class, in [0.5, 3)
        self.pos_weight = nn.Parameter(0.5 + 2.5 * torch.rand(num_labels))

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return nn.functional.binary_cross_entropy_with_logits(
            logits, targets, pos_weight=self.pos_weight, reduction="mean"
        )


def get_inputs():
    targets = (torch.rand(batch_size, num_labels) < 0.3).float()
    logits = 3.0 * targets - 1.5 + torch.randn(batch_size, num_labels) * 1.5  # correlated with the labels
    return [logits, targets]


def get_init_inputs():
    return [num_labels]

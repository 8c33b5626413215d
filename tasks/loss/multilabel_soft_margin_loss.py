"""Multi-label soft margin loss per sample (reduction='none'): -mean_c[y*log(sigmoid(x)) + (1-y)*log(sigmoid(-x))]."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"batch_size": 16, "num_labels": 100},
        "small": {"batch_size": 1024, "num_labels": 1000},
        "large": {"batch_size": 65536, "num_labels": 16384},
    },
}

batch_size = 1024
num_labels = 1000


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return nn.functional.multilabel_soft_margin_loss(logits, targets, reduction="none")


def get_inputs():
    targets = (torch.rand(batch_size, num_labels) < 0.2).float()
    logits = 3.0 * targets - 1.5 + torch.randn(batch_size, num_labels) * 1.5  # correlated with the labels
    return [logits, targets]


def get_init_inputs():
    return []

"""Cosine embedding loss per pair (reduction='none', margin=0.2): 1 - cos(x1, x2) if y = 1 else max(0, cos(x1, x2) - margin)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"batch_size": 32, "dim": 64},
        "small": {"batch_size": 2048, "dim": 512},
        "large": {"batch_size": 131072, "dim": 1024},
    },
}

batch_size = 2048
dim = 512
margin = 0.2


class Model(nn.Module):
    def __init__(self, margin: float):
        super().__init__()
        self.margin = margin

    def forward(self, x1: torch.Tensor, x2: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return nn.functional.cosine_embedding_loss(x1, x2, y, margin=self.margin, reduction="none")


def get_inputs():
    x1 = torch.randn(batch_size, dim)
    x2 = 0.5 * x1 + torch.randn(batch_size, dim)  # correlated pairs, so both branches matter
    y = torch.randint(0, 2, (batch_size,)).float() * 2.0 - 1.0
    return [x1, x2, y]


def get_init_inputs():
    return [margin]
